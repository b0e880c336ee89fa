#!/bin/sh
# The console in a real terminal (tmux, 120x40) on --demo data: layout,
# order, keys, help, focus, zoom, selection (also across data changes),
# resizes, and quitting.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
"$OPSDECK" --help 2>&1 | grep -q -e '--demo' || t_skip_all "no --demo yet"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
tmux_start 120 40 "TERM=screen-256color $OPSDECK --demo; echo opsdeck-exited-\$?"

tmux_wait_for 10 'acme/infra'
t_ok $? "the demo repositories appear"
tmux_screen >"$T_TMP/s1"
grep -q '^ opsdeck  demo  4 repos  API n/a' "$T_TMP/s1"
t_ok $? "header: title, repo count, API budget"
head -1 "$T_TMP/s1" | grep -q -E ' [0-2][0-9]:[0-5][0-9]$'
t_ok $? "header: the clock at the right (HH:MM)"
head -1 "$T_TMP/s1" | grep -q -E 'data (<1m|[0-9]+[smhdw]) old'
t_ok $? "header: the age of the oldest data"
grep -q '^\*1 Pipelines' "$T_TMP/s1"
t_ok $? "the pipelines pane starts focused (marked *)"
for p in '1 Pipelines' '2 Quality' '3 Issues' '4 Health'; do
	grep -q "$p" "$T_TMP/s1"
	t_ok $? "pane title '$p'"
done
grep -q 'Quality: no data yet' "$T_TMP/s1" &&
    grep -q 'Issues: no data yet' "$T_TMP/s1" &&
    grep -q 'Health: no checks' "$T_TMP/s1"
t_ok $? "panes without a source say so"
[ "$(grep -c -E '^(x|!|>|\.|\+|-) [a-z]+ +acme/' "$T_TMP/s1")" -eq 4 ]
t_ok $? "one summary line per demo repository"

# Order: repositories by their worst verdict (failed, action, running,
# queued, cancelled, succeeded, skipped, unknown); inside a repository its
# workflows by the verdict of their latest run, each with its runs under it.
order_ok() {
	cut -c1-80 "$1" | awk '
	BEGIN { n = split("failed action running queued cancelled succeeded skipped unknown", w, " ")
		for (i = 1; i <= n; i++) rank[w[i]] = i; last = 0; bad = 0 }
	/^[x!>.+~?-] [a-z]+ +acme\// { if (rank[$2] < last) bad = 1; last = rank[$2]; wlast = 0; repos++; next }
	/^  [x!>.+~?-] [A-Z]/ { g = index("x!>.-+~?", $1); if (g < wlast) bad = 1; wlast = g; wfs++; next }
	/^    [x!>.+~?-] [a-z]+/ { runs++ }
	END { exit !(bad == 0 && repos > 0 && wfs >= repos && runs > repos) }'
}
order_ok "$T_TMP/s1"
t_ok $? "worst repository first, then its workflows by their latest run"
grep -q -E '^    [x!>.+-] (queued|running|action|failed|succeeded|cancelled)' "$T_TMP/s1"
t_ok $? "runs show glyph and word"
grep -q -E '^    > running +#1207 Redesign checkout~? +feature~? +pull_~? +[0-9]+s +priya-k +[0-9]+s' "$T_TMP/s1"
t_ok $? "a run line: status, number and title, branch, event, elapsed, actor, age"
grep -q -E '^    \. queued 0/2 +#412' "$T_TMP/s1"
t_ok $? "job progress (done/total) where jobs were fetched"
grep -q -E '^  > CI +2 runs' "$T_TMP/s1"
t_ok $? "a workflow line: its latest run's glyph, its name, the runs shown"
tail -1 "$T_TMP/s1" | grep -q 'q quit' && tail -1 "$T_TMP/s1" | grep -q 'Tab focus-next'
t_ok $? "key hints from the keymap on the last line"

tmux_keys '?'
tmux_wait_for 5 'Keys: .* searches, any other key closes\)'
t_ok $? "? opens the help"
tmux_screen >"$T_TMP/help"
grep -q -E ' z {10,}Zoom the focused pane' "$T_TMP/help" &&
    grep -q -E 'Enter LF KEnter Right +Open the selected' "$T_TMP/help" &&
    grep -q -E 'q +Quit opsdeck' "$T_TMP/help" &&
    grep -q -E 'Tab +Focus the next pane' "$T_TMP/help"
t_ok $? "help lists actions with their keys, from the tables"
tmux_keys x
tmux_wait_for 5 '1 Pipelines'
t_ok $? "any key closes the help"

tmux_keys Tab
tmux_wait_for 5 '\*2 Quality'
t_ok $? "Tab moves the focus to the quality pane"
tmux_screen | grep -q '\*1 Pipelines'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "and off the pipelines pane"
tmux_keys BTab
tmux_wait_for 5 '^\*1 Pipelines'
t_ok $? "Shift-Tab moves it back"
tmux_keys 4
tmux_wait_for 5 '\*4 Health'
t_ok $? "4 jumps to the health pane"
tmux_keys 2 Enter
tmux_wait_for 5 '2 Quality.*\[zoom\]'
t_ok $? "2 then Enter zooms the quality pane"
tmux_screen | grep -q '1 Pipelines'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "zoomed: the other panes are hidden"
tmux_keys Escape
tmux_wait_for 5 '1 Pipelines'
t_ok $? "Esc leaves the zoom"
tmux_keys Enter
tmux_wait_for 5 '2 Quality.*\[zoom\]'
tmux_keys Enter
tmux_wait_for 5 '4 Health'
t_ok $? "Enter leaves the zoom too"

# The selected row is drawn in reverse video (SGR 7) on a run or repo line.
# tmux carries SGR state over line ends, so follow it through the capture.
# Prints "LINE:TEXT" of the first selected line.
sel() {
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
		if (start == 1 && text ~ /^ *[x!>.+~?-] [A-Za-z]/) { print NR ":" substr(text, 1, 80); exit }
	}'
}
sel_line() { sel | cut -d: -f1; }
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
tmux_keys G
last_row() { tmux_screen | cut -c1-80 | grep -n -E '^ *[x!>.+~?-] [A-Za-z]' | tail -1 | cut -d: -f1; }
t_wait_for 5 sh -c '[ "$0" = "$1" ]' "$(sel_line)" "$(last_row)"
t_wait_for 5 sel_is "$(last_row)"
tmux_screen | cut -c1-80 | grep -q -E '^    . [a-z]+ +#[0-9]+ .*' && sel | grep -q -E '^[0-9]+:    '
t_ok $? "G goes to the last line, a run of the last repository ($(sel))"
tmux_keys g
t_wait_for 5 sel_is 3
t_ok $? "g goes to the first line"
tmux_keys Down Down Down
t_wait_for 5 sel_is 6
t_ok $? "arrow keys move it too"
selected=$(sel | cut -d: -f2- | cut -c1-30)

$T_TMUX resize-window -t t -x 80 -y 24 2>/dev/null
tmux_wait_for 5 '^ opsdeck.{66}[0-9][0-9]:[0-9][0-9]$'
t_ok $? "redrawn for 80x24 (the clock moved to column 75)"
tmux_screen >"$T_TMP/s80"
grep -q 'acme/' "$T_TMP/s80" && grep -q '4 Health' "$T_TMP/s80"
t_ok $? "80x24: runs and all four panes still shown"
awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$T_TMP/s80"
t_ok $? "80x24: nothing drawn past the edge"
$T_TMUX resize-window -t t -x 30 -y 6 2>/dev/null
tmux_wait_for 5 '^ *terminal too small: 30x6,$'
t_ok $? "a tiny 30x6 terminal says it is too small (the layout needs 40x10)"
$T_TMUX resize-window -t t -x 120 -y 40 2>/dev/null
tmux_wait_for 5 '4 Health'
t_ok $? "and back at 120x40 the whole layout returns"
[ "$(sel | cut -d: -f2- | cut -c1-30)" = "$selected" ]
t_ok $? "the selection survived the resizes ($selected)"

tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits with status 0 and gives the shell its terminal back"
$T_TMUX kill-server 2>/dev/null
t_wait_for 5 sh -c '! kill -0 "$0" 2>/dev/null' "$T_TMUX_PID"

# The demo moving through its phases: a repository that starts failing
# moves to the top, and the selected run stays selected (keyed by its id,
# not its line).
export OPSDECK_DEMO_STEP_MS=3000
tmux_start 120 40 "TERM=screen-256color $OPSDECK --demo; echo opsdeck-exited-\$?"
tmux_wait_for 10 'acme/infra'
moved() { [ "$(sel_line)" != "$cur" ]; }
i=0
while [ $i -lt 12 ] && ! sel | grep -q '#57 Deploy production'; do
	cur=$(sel_line)
	tmux_keys j
	t_wait_for 3 moved
	i=$((i + 1))
done
sel | grep -q '#57 Deploy production'
t_ok $? "selected the Deploy production run ($(sel))"
first=$(sel_line)
tmux_wait_for 20 '^x failed +acme/infra'
t_ok $? "a repository that starts failing moves to the top"
sel | grep -q '#57 Deploy production'
t_ok $? "the same run is still selected ($(sel))"
[ "$(sel_line)" != "$first" ]
t_ok $? "though its line moved (from $first to $(sel_line))"
tmux_screen >"$T_TMP/s2"
order_ok "$T_TMP/s2"
t_ok $? "the order holds with failures"
tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits"
t_done
