#!/bin/sh
# A fifth pane is one file (tests/screen/pane_sample.c) and one row of the
# pane table (src/ui/pane_table.c, built with OD_TEST_PANE into
# tests/screen/opsdeck-fifth): its title and number, its place in the grid,
# its focus key, Tab, zoom, the help and [keys] all follow from the table,
# and the four panes of the real table are drawn as before.
. "${top_srcdir:-.}/tests/lib.sh"
FIFTH="$top_builddir/tests/screen/opsdeck-fifth"
[ -x "$FIFTH" ] || t_skip_all "tests/screen/opsdeck-fifth not built"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
mkdir -p "$T_TMP/cfg/opsdeck"
printf '[keys]\n\tfocus-sample = C-t\n' >"$T_TMP/cfg/opsdeck/config"
tmux_start 120 40 "TERM=screen-256color $FIFTH --demo; echo opsdeck-exited-\$?"

tmux_wait_for 10 'acme/infra'
t_ok $? "the demo runs appear"
tmux_screen >"$T_TMP/s1"
r=0
for p in '1 Pipelines' '2 Quality' '3 Issues' '4 Health' '5 Sample  3 services'; do
	grep -q "$p" "$T_TMP/s1" || r=1
done
t_ok $r "five pane titles, numbered from the table, the fifth with its status"
grep -q -E 'Health: no checks.* Service +Owner +Runbo' "$T_TMP/s1" &&
    grep -q -E ' billing +team-pay +https' "$T_TMP/s1"
t_ok $? "the fifth pane draws its static table"
l4=$(grep -n '4 Health' "$T_TMP/s1" | cut -d: -f1)
l5=$(grep -n '5 Sample' "$T_TMP/s1" | cut -d: -f1)
[ -n "$l4" ] && [ "$l4" = "$l5" ]
t_ok $? "in the bottom row of the grid, next to health (line $l4 = $l5)"
grep '5 Sample' "$T_TMP/s1" | grep -q -E '4 Health.*5 Sample'
t_ok $? "right of health, as its table row says"
grep -q 'Quality: no data yet' "$T_TMP/s1" && grep -q '^\*1 Pipelines' "$T_TMP/s1"
t_ok $? "the other panes as before, pipelines focused"

tmux_keys 5
tmux_wait_for 5 '\*5 Sample'
t_ok $? "5 focuses it: the focus keys come from the table"
tmux_keys Tab
tmux_wait_for 5 '^\*1 Pipelines'
t_ok $? "Tab from the fifth wraps to the first"
tmux_keys BTab
tmux_wait_for 5 '\*5 Sample'
t_ok $? "Shift-Tab from the first goes to the fifth"
tmux_keys z
tmux_wait_for 5 '5 Sample  3 services  \[zoom\]'
t_ok $? "z zooms it"
tmux_screen | grep -q -E '^ billing +team-pay +https://runbooks.example/billing$'
t_ok $? "zoomed, its table has the room for every column"
tmux_screen | grep -q '1 Pipelines'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "zoomed: the others are hidden"
tmux_keys Escape
tmux_wait_for 5 '1 Pipelines'
t_ok $? "Esc unzooms"
tmux_keys 1
tmux_wait_for 5 '^\*1 Pipelines'
tmux_keys C-t
tmux_wait_for 5 '\*5 Sample'
t_ok $? "[keys] focus-sample = C-t: the pane's name is a focus action"
tmux_keys '?'
tmux_wait_for 5 'Keys: .* searches, any other key closes\)'
tmux_screen >"$T_TMP/help"
grep -q -E ' 5 C-t +Focus the sample pane' "$T_TMP/help" &&
    grep -q -E ' 4 +Focus the health pane' "$T_TMP/help"
t_ok $? "the help names each pane's focus keys"
grep -q -E ' 6 +Focus' "$T_TMP/help"
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "and lists no key for a sixth pane"
tmux_keys x
tmux_wait_for 5 '5 Sample'
tmux_keys 6
tmux_keys 1
tmux_wait_for 5 '^\*1 Pipelines'
t_ok $? "6 (no such pane) does nothing; 1 goes back"
tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits"
t_done
