#!/bin/sh
# Navigation (issue 15): ":" jumps to a pane, a view or a repository by
# name with Tab completion, Esc cancels, an unknown name says so; the hint
# bar follows the focused pane and the open view; "?" lists the bindings
# of where the focus is and the global ones, and "/" filters it; with
# --readonly the mutating keys are neither hinted nor in the help.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
hints() { tmux_screen | tail -1; }
no() { [ "$1" -ne 0 ] && echo 0 || echo 1; }

tmux_start 160 40 "TERM=screen-256color $OPSDECK --demo; echo opsdeck-exited-\$?"
tmux_wait_for 10 'acme/infra'
t_ok $? "the demo runs appear"

# --- the hint bar, per pane ---
hints | grep -q '/ search' && hints | grep -q 's sort' &&
    hints | grep -q ': command'
t_ok $? "pipelines pane: search, sort and : command hinted ($(hints))"
tmux_keys 4
tmux_wait_for 5 '^\*?.*\*4 Health'
hints | grep -q 'Enter open' && ! hints | grep -q -e 's sort' -e '/ search'
t_ok $? "health pane: open, and no sort or search ($(hints))"
tmux_keys 2
tmux_wait_for 5 '\*2 Quality'
! hints | grep -q -e 'Enter open' -e 's sort'
t_ok $? "quality pane: neither ($(hints))"

# --- : with completion ---
tmux_keys :
tmux_wait_for 5 '^:_'
t_ok $? ": opens the command line in the hint bar"
tmux_keys p i Tab
tmux_wait_for 5 '^:pipelines_'
t_ok $? "Tab completes a unique prefix"
tmux_keys Enter
tmux_wait_for 5 '^\*1 Pipelines'
t_ok $? "Enter jumps to the pane"
hints | grep -q 'q quit'
t_ok $? "and the hints come back"
tmux_keys : a Tab
tmux_wait_for 5 '^:a_ +approvals audit acme/api acme/infra'
t_ok $? "several candidates are listed ($(hints))"
tmux_keys c Tab
tmux_wait_for 5 '^:acme/_'
t_ok $? "Tab extends to their common prefix"
tmux_keys w Tab Enter
tmux_wait_for 5 '^\*1 Pipelines +acme/web > repository'
t_ok $? ":acme/web opens the repository's view"
! hints | grep -q -e 'Enter open' -e 's sort'
t_ok $? "repository view: its hints, not the list's ($(hints))"
tmux_keys Escape
tmux_wait_for 5 '^\*1 Pipelines +[0-9]+ repos'
tmux_keys G Enter
tmux_wait_for 5 '^\*1 Pipelines +acme/.* > run #'
t_wait_for 5 sh -c "! $T_TMUX capture-pane -p -t t | tail -1 | grep -q 's sort'"
t_ok $? "Enter on a run: the hints follow into the run view ($(hints))"
tmux_keys Escape
tmux_wait_for 5 's sort'
t_ok $? "Esc: the list's hints are back"
tmux_keys : h e a Enter
tmux_wait_for 5 '\*4 Health'
t_ok $? "Enter on a unique prefix jumps too"
tmux_keys : n o s u c h Enter
tmux_wait_for 5 '^:nosuch_ +unknown name: nosuch'
t_ok $? "an unknown name says so"
tmux_keys Escape
tmux_wait_for 5 'q quit'
tmux_screen | grep -q '^:'
t_ok $(no $?) "Esc cancels, the hints are back"
tmux_keys : Escape
tmux_wait_for 5 'q quit'
tmux_screen | grep -q '\*4 Health'
t_ok $? "a cancelled jump goes nowhere"
tmux_keys : e n v Enter
tmux_wait_for 5 '\*1 Pipelines +environments'
t_ok $? ":env opens the environments view"
hints | grep -q 'l next-column'
t_ok $? "environments view: its hints ($(hints))"

# --- ? help: where the focus is, and global ---
tmux_keys '?'
tmux_wait_for 5 'Keys: environments view \(/ searches'
t_ok $? "? names the focused view"
tmux_screen >"$T_TMP/h1"
grep -q -E 'l +Environments grid: the next environment' "$T_TMP/h1" &&
    grep -q -E 'j Down +Select the next line' "$T_TMP/h1" &&
    grep -q 'everywhere' "$T_TMP/h1" && grep -q -E 'q +Quit opsdeck' "$T_TMP/h1" &&
    grep -q -E ': +Jump to a pane' "$T_TMP/h1"
t_ok $? "the view's bindings and the global ones, keys from the keymap"
grep -q 'Sort runs' "$T_TMP/h1"
t_ok $(no $?) "not the bindings of elsewhere"
tmux_keys / Z O O M
tmux_wait_for 5 '/ZOOM_'
t_ok $? "/ in help types a search"
tmux_screen | grep -q 'Quit opsdeck'
q=$?
tmux_screen | grep -q -E 'z +Zoom the focused pane'
t_ok $(( $? + (1 - q) )) "it filters the lines, case-insensitive"
tmux_keys Enter
tmux_wait_for 5 '/ZOOM: 2 keys, Esc clears'
t_ok $? "Enter keeps the filter"
tmux_keys n
tmux_wait_for 5 'Keys: environments'
t_ok $? "n keeps the help open"
tmux_keys Escape
tmux_wait_for 5 'Quit opsdeck'
t_ok $? "Esc clears the filter"
tmux_keys Escape
t_wait_for 5 sh -c "! $T_TMUX capture-pane -p -t t | grep -q 'Keys:'"
t_ok $? "Esc again closes the help"
tmux_screen | grep -q -E '│|─'
t_ok $(no $?) "and leaves nothing of it behind"
tmux_keys : q u i t Enter
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? ":quit quits"
$T_TMUX kill-server 2>/dev/null

# --- read-only: the mutating keys are not offered ---
fakehub_start --writes --scenario "$top_srcdir/tests/fakehub/scenarios/deploy.json"
fakehub_env
fakehub_config "$T_TMP/config" octo/svc
console() {	# console ARGS: hints and help of the pipelines pane
	tmux_start 200 50 "TERM=screen-256color $OPSDECK $1 --config $T_TMP/config; echo opsdeck-exited-\$?"
	tmux_wait_for 15 '#3 Faster orders page'
	hints >"$T_TMP/hints"
	tmux_keys '?'
	tmux_wait_for 5 'Keys: pipelines pane'
	tmux_screen >"$T_TMP/help"
	tmux_keys Escape q
	tmux_wait_exit 5 'opsdeck-exited-0'
	$T_TMUX kill-server 2>/dev/null
}
console ""
grep -q 'F rerun-failed' "$T_TMP/hints" && grep -q 'X cancel-run' "$T_TMP/hints" &&
    grep -q 'Re-run the failed jobs' "$T_TMP/help"
t_ok $? "read-write: F and X hinted and in the help"
console --readonly
grep -q -e 'F rerun-failed' -e 'X cancel-run' "$T_TMP/hints"
t_ok $(no $?) "--readonly: not hinted ($(cat "$T_TMP/hints"))"
grep -q -e 'Re-run the failed' -e 'Cancel the selected run' "$T_TMP/help"
t_ok $(no $?) "--readonly: not in the help"
t_done
