#!/bin/sh
# The console in a real terminal (tmux, 120x40) on --demo data.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
tmux_start 120 40 "TERM=screen-256color $OPSDECK --demo; echo opsdeck-exited-\$?"

tmux_wait_for 10 'acme/infra'
t_ok $? "the demo repositories appear"
tmux_screen >"$T_TMP/s1"
grep -q '^ opsdeck  demo  4 repos  API n/a' "$T_TMP/s1"
t_ok $? "header: title, repo count, API budget"
grep -q '^\*1 Pipelines' "$T_TMP/s1"
t_ok $? "the pipelines pane starts focused (marked *)"
for p in '1 Pipelines' '2 Quality' '3 Issues' '4 Health'; do
	grep -q "$p" "$T_TMP/s1"
	t_ok $? "pane title '$p'"
done
grep -q 'not built yet' "$T_TMP/s1"
t_ok $? "panes without a source say so"
first=$(grep -n -E '^(x|!|>|\.|\+|-) [a-z]+ +acme/' "$T_TMP/s1" | head -1)
case $first in *acme/web*|*acme/infra*) r=0 ;; *) r=1 ;; esac
t_ok $r "the worst repository comes first ($first)"
grep -q -E '^  [x!>.+-] (queued|running|action|failed|succeeded|cancelled)' "$T_TMP/s1"
t_ok $? "runs show glyph and word"
grep -q 'q quit' "$T_TMP/s1" && grep -q 'Tab focus-next' "$T_TMP/s1"
t_ok $? "key hints from the keymap"

tmux_keys '?'
tmux_wait_for 5 'Keys \(any key closes\)'
t_ok $? "? opens the help"
tmux_screen | grep -q 'Zoom the focused pane'
t_ok $? "help lists actions with their keys"
tmux_keys x
tmux_wait_for 5 '1 Pipelines'
t_ok $? "any key closes the help"

tmux_keys Tab
tmux_wait_for 5 '\*2 Quality'
t_ok $? "Tab moves the focus to the quality pane"
tmux_screen | grep -q '\*1 Pipelines'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "and off the pipelines pane"
tmux_keys Enter
tmux_wait_for 5 '2 Quality.*\[zoom\]'
t_ok $? "Tab then Enter zooms the quality pane"
tmux_screen | grep -q '1 Pipelines'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "zoomed: the other panes are hidden"
tmux_keys Escape
tmux_wait_for 5 '1 Pipelines'
t_ok $? "Esc leaves the zoom"
# The selected row is drawn in reverse video (SGR 7) on a run or repo line.
# tmux carries SGR state over line ends, so follow it through the capture.
sel_line() {
	$T_TMUX capture-pane -p -e -t t | tr '\033' '~' | awk '
	function sgr(seq,	n, i, a) {
		n = split(seq, a, ";")
		if (n == 0) rev = 0
		for (i = 1; i <= n; i++) {
			if (a[i] == "0" || a[i] == "" || a[i] == "27") rev = 0
			else if (a[i] == "7") rev = 1
		}
	}
	BEGIN { rev = 0 }
	{
		text = $0; gsub(/~\[[0-9;]*m/, "", text); rest = $0; start = -1
		while (match(rest, /~\[[0-9;]*m/)) {
			if (start < 0 && RSTART > 1) start = rev
			sgr(substr(rest, RSTART + 2, RLENGTH - 3))
			rest = substr(rest, RSTART + RLENGTH)
		}
		if (start < 0) start = rev
		if (start == 1 && text ~ /^ *[x!>.+-] [a-z]/) { print NR; exit }
	}'
}
sel_is() { [ "$(sel_line)" = "$1" ]; }
tmux_keys 1
tmux_wait_for 5 '^\*1 Pipelines'
t_ok $? "1 focuses the pipelines pane"
before=$(sel_line)
[ -n "$before" ]
t_ok $? "a selected line is shown (line $before)"
tmux_keys j
t_wait_for 5 sel_is $((${before:-0} + 1))
t_ok $? "j moves the selection down one line"
tmux_keys k
t_wait_for 5 sel_is "${before:-0}"
t_ok $? "k moves it back"

$T_TMUX resize-window -t t -x 80 -y 24 2>/dev/null
tmux_wait_for 5 'acme/'
t_ok $? "still drawn after a resize to 80x24"
$T_TMUX resize-window -t t -x 30 -y 6 2>/dev/null
tmux_wait_for 5 'opsdeck'
t_ok $? "a tiny 30x6 terminal does not crash it"
$T_TMUX resize-window -t t -x 120 -y 40 2>/dev/null

tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits with status 0 and gives the shell its terminal back"
t_done
