#!/bin/sh
# [ui] layout and [ui] zoom (issue 15): which panes, in what grid, which one
# zoomed at start; the focus keys follow the written order; a pane name the
# console does not have is a config error at its FILE:LINE with the nearest
# name, before the screen starts.
. "${top_srcdir:-.}/tests/lib.sh"
# The server gone before the next tmux_start (which would reach it dying).
tmux_stop() {
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 5 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
}
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
mkdir -p "$T_TMP/cfg/opsdeck"
CFG="$T_TMP/cfg/opsdeck/config"
# line LABEL: the screen line number a pane title is on.
line_of() { grep -n -E "^[* ]?.*[* ]$1" "$T_TMP/s" | head -1 | cut -d: -f1; }

printf '[ui]\n\tlayout = "health:1 pipelines:3 / issues"\n' >"$CFG"
tmux_start 120 40 "TERM=screen-256color $OPSDECK --demo; echo opsdeck-exited-\$?"
tmux_wait_for 10 'acme/infra'
t_ok $? "a written layout starts"
tmux_screen >"$T_TMP/s"
grep -q -E '^\*1 Health' "$T_TMP/s" && grep -q -E ' 2 Pipelines' "$T_TMP/s" &&
    grep -q -E '^ 3 Issues' "$T_TMP/s"
t_ok $? "panes numbered in the written order, the first focused"
grep -q 'Quality' "$T_TMP/s"
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "the pane it leaves out is not drawn"
h=$(line_of '1 Health'); p=$(line_of '2 Pipelines'); i=$(line_of '3 Issues')
[ -n "$h" ] && [ "$h" = "$p" ] && [ "$i" -gt "$h" ]
t_ok $? "health and pipelines share the top row, issues below ($h $p $i)"
# Rows of equal height: 38 body lines, 19 each, issues' title on line 21.
[ "$i" = 21 ]
t_ok $? "  rows of equal height (issues' title on line $i)"
col=$(grep -E '1 Health' "$T_TMP/s" | head -1 | awk '{ print index($0, "2 Pipelines") }')
[ "$col" -ge 28 ] && [ "$col" -le 34 ]
t_ok $? "pipelines:3 takes three quarters of the row (starts at column $col)"
grep -q -E '^.{28,36}(x|!|>|\.|\+|-) [a-z]+ +acme/' "$T_TMP/s" &&
    ! grep -q -E '^(x|!|>|\.|\+|-) [a-z]+ +acme/' "$T_TMP/s"
t_ok $? "  the pipelines' lines drawn there, right of health"
tmux_keys 2
tmux_wait_for 5 '\*2 Pipelines'
t_ok $? "2 focuses the second pane written (pipelines)"
tmux_keys 3
tmux_wait_for 5 '\*3 Issues'
t_ok $? "3 the third (issues)"
tmux_keys 4
tmux_wait_for 5 '\*3 Issues'
t_ok $? "4: no fourth pane, nothing moves"
tmux_keys Tab
tmux_wait_for 5 '^\*1 Health'
t_ok $? "Tab wraps after the last pane written"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "q quits"
tmux_stop

# --- zoom at start ---
printf '[ui]\n\tlayout = "pipelines quality / issues health"\n\tzoom = issues\n' >"$CFG"
tmux_start 120 40 "TERM=screen-256color $OPSDECK --demo; echo opsdeck-exited-\$?"
tmux_wait_for 10 '\*3 Issues.*\[zoom\]'
t_ok $? "[ui] zoom = issues: zoomed and focused at start"
tmux_screen | grep -q '1 Pipelines'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "  the others hidden"
tmux_keys Escape
tmux_wait_for 5 '1 Pipelines.*2 Quality'
t_ok $? "Esc: the whole layout"
tmux_screen >"$T_TMP/s"
grep -q '\*3 Issues' "$T_TMP/s"
t_ok $? "  issues still focused"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
tmux_stop

# --- a typo: an error before the screen, FILE:LINE and the nearest name ---
printf '[ui]\n\ttheme = default\n\tlayout = "pipelnes quality"\n' >"$CFG"
"$OPSDECK" --demo </dev/null >/dev/null 2>"$T_TMP/err"
rc=$?
t_ok $([ $rc = 2 ] && echo 0 || echo 1) "an unknown pane: exit 2 ($rc)"
grep -q -F "opsdeck: $CFG:3: key 'ui.layout': unknown pane 'pipelnes'; did you mean 'pipelines'?" "$T_TMP/err"
t_ok $? "  FILE:LINE, the key, the nearest name: $(cat "$T_TMP/err")"
printf '[ui]\n\tzoom = helth\n' >"$CFG"
"$OPSDECK" --demo </dev/null >/dev/null 2>"$T_TMP/err"
grep -q -F "opsdeck: $CFG:2: key 'ui.zoom': unknown pane 'helth'; did you mean 'health'?" "$T_TMP/err"
t_ok $? "a typo'd zoom too: $(cat "$T_TMP/err")"
printf '[ui]\n\tlayout = "pipelines issues"\n[keys]\n\tfocus-health = C-t\n' >"$CFG"
"$OPSDECK" --demo </dev/null >/dev/null 2>"$T_TMP/err"
grep -q -F "opsdeck: $CFG:4: key 'keys.focus-health': the health pane is not in [ui] layout" "$T_TMP/err"
t_ok $? "[keys] focus-NAME of a pane the layout leaves out says so: $(cat "$T_TMP/err")"

# --- the approvals queue as a pane (issue 11), against fakehub ---
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_start --writes --scenario "$top_srcdir/tests/fakehub/scenarios/approvals.json"
fakehub_env
fakehub_config "$T_TMP/hub.conf" octo/svc octo/web
# Deploy keys: the environments source runs (colours, [P], the delta).
printf '[repo "octo/svc"]\n\tdeploy-workflow = deploy.yml\n[repo "octo/web"]\n\tdeploy-workflow = deploy.yml\n' >>"$T_TMP/hub.conf"
printf '[ui]\n\tlayout = "pipelines / approvals:2 health"\n' >>"$T_TMP/hub.conf"
writes() {
	fakehub_requests | python3 -c 'import json, sys
print(sum(1 for r in json.load(sys.stdin) if r["method"] != "GET"))'
}
tmux_start 240 40 "TERM=screen-256color $OPSDECK --config $T_TMP/hub.conf; echo opsdeck-exited-\$?"
tmux_wait_for 20 '2 Approvals  4 pending, 3 may review'
t_ok $? "the approvals pane in the layout, its count in the title"
tmux_wait_for 20 'production \[P\] +b2b2b2b Monalisa'
t_ok $? "  with the environments' protection and the commits' authors"
tmux_screen >"$T_TMP/a"
grep -q -E '4 pending, 3 this token may review.  Enter: the approvals view' "$T_TMP/a"
t_ok $? "  its first line says what Enter does"
grep -q -E ' octo/svc +#11 Deploy +production \[P\] +c55732b .*cannot: this token is not a required reviewer' "$T_TMP/a"
t_ok $? "  repo, run, workflow, environment, commit; the one it may not review with why"
grep -q -E ' octo/web +#3 Deploy +production \[P\] +b2b2b2b Monalisa Octocat +[0-9]+m +- +octocat.* can approve' "$T_TMP/a"
t_ok $? "  the commit's author, waited, reviewers, can approve"
grep -q -E ' octo/svc +#12 Deploy +production \[P\] +e8c6fe4 .*timer 30m' "$T_TMP/a"
t_ok $? "  the wait timer"
a=$(grep -n '2 Approvals' "$T_TMP/a" | cut -d: -f1); h=$(grep -n '3 Health' "$T_TMP/a" | cut -d: -f1)
[ -n "$a" ] && [ "$a" = "$h" ] && grep '2 Approvals' "$T_TMP/a" | grep -q -E '2 Approvals.*3 Health'
t_ok $? "placed where the layout says: the bottom row, left of health"
$T_TMUX capture-pane -p -e -t t | grep 'cannot: this token' | grep -q "$(printf '\033')\[2m"
t_ok $? "  the item it may not review is dim"
$T_TMUX capture-pane -p -e -t t | grep ' octo/web  *#3 ' | grep -q -E "$(printf '\033')\[3[1-7]mproduction \[P\]"
t_ok $? "  the environment in its colour"
tmux_keys 2
tmux_wait_for 5 '\*2 Approvals'
t_ok $? "2 focuses it"
tmux_keys Enter
tmux_wait_for 5 'Pending approvals: 4, 3 this token may review, 0 marked'
t_ok $? "Enter opens the approvals view in the pane"
tmux_screen | grep -q '2 Approvals  approvals'
t_ok $? "  its title says so"
tmux_keys Escape
tmux_wait_for 5 '4 pending, 3 this token may review.  Enter'
t_ok $? "Esc: back to the queue"
tmux_keys A
tmux_wait_for 5 'Pending approvals: 4, 3 this token may review, 0 marked'
t_ok $? "A opens the same view"
tmux_keys Escape
tmux_wait_for 5 '4 pending, 3 this token may review.  Enter'
fakehub_reset
tmux_keys G a
tmux_wait_for 5 'Approve 1 pending deployment\?'
t_ok $? "a on the list: the dialog for the selected item alone"
tmux_keys Escape
tmux_wait_for 5 '4 pending, 3 this token may review.  Enter'
t_ok $([ "$(writes)" = 0 ] && echo 0 || echo 1) "  Esc cancels, nothing sent"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "q quits"
tmux_stop
t_done
