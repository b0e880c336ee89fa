#!/bin/sh
# Key E against fakehub in tmux (issue 10): the environments view from any
# pane; with two repositories a service x environment grid, marks as text
# ([P] protected, [RO] readonly, [~] in flight), an environment's colour,
# the selected cell's facts, h/l and j/k moving, Enter opening the
# deployment's run, Esc back; with one repository a list.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin envs
fakehub_config "$T_TMP/config" octo/svc octo/web
cat >>"$T_TMP/config" <<'CONF'
[repo "octo/svc"]
	deploy-workflow = deploy.yml
[environment "staging"]
	color = bold cyan
[environment "octo/web production"]
	readonly = true
CONF
tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 'octo/svc'
t_ok $? "the console is up"

tmux_keys 3 E
tmux_wait_for 10 'octo/svc +c55732b 14m +e8c6fe4 1h +d9f9be1 11h \[P\]\[~\]'
t_ok $? "E from the issues pane: the grid, octo/svc's row with production protected and in flight"
tmux_screen >"$T_TMP/s1"
grep -q '^\*1 Pipelines  environments' "$T_TMP/s1"
t_ok $? "  the pipelines pane focused with the environments view on its stack"
grep -q -E '^ +dev +staging +production' "$T_TMP/s1"
t_ok $? "  the environments as columns, in promotion order"
grep -q -E 'octo/web +2222222 8h \[~\] +1111111 22h \[P\]\[RO\]' "$T_TMP/s1"
t_ok $? "  octo/web's row: dev in flight, no staging, production protected and readonly"
grep -q 'octo/svc dev: c55732b 14m ago by octocat; success' "$T_TMP/s1" &&
    grep -q 'behind (first) -, main 0$' "$T_TMP/s1"
t_ok $? "  the selected cell's facts below the grid"
$T_TMUX capture-pane -e -p -t t | python3 -c '
import sys, re
s = sys.stdin.read()
i = s.find("staging")
seg = s[max(0, i - 40):i]
last = seg.rfind("\033[")
sys.exit(not re.search(r"\033\[(1;)?36m", seg[seg.rfind("\033[0m") if "\033[0m" in seg else 0:]))'
t_ok $? "  staging's name drawn in its colour (bold cyan)"

tmux_keys l l
tmux_wait_for 5 'octo/svc production: d9f9be1 11h ago by hubot; failure; in flight' &&
    tmux_screen | grep -q 'behind staging 2, main 3; protected'
t_ok $? "l l: production selected, 2 behind staging and 3 behind main"
tmux_keys j
tmux_wait_for 5 'octo/web production: 1111111 22h ago by mona; success' &&
    tmux_screen | grep -q 'behind dev 1, trunk 2; protected; readonly'
t_ok $? "j: octo/web's production, behind its own default branch"
tmux_keys h
tmux_wait_for 5 '\(none\)'
t_ok $? "h: a cell the repository lacks is selectable and says so"
tmux_keys l Enter
tmux_wait_for 10 'environments > octo/web > run #'
t_ok $? "Enter on a deployment with a run: its run view, on the same stack"
tmux_wait_for 5 'Deploy 1111111 to production'
t_ok $? "  the deploy run of that deployment"
tmux_keys Escape
tmux_wait_for 5 'octo/web production: 1111111'
t_ok $? "Esc: back to the grid, the selection kept"
tmux_keys Escape
tmux_wait_for 5 '^\*1 Pipelines +[0-9]'
t_ok $? "Esc again: the pipelines list"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "quits cleanly"
$T_TMUX kill-server 2>/dev/null

# One repository: a list, a line per environment.
fakehub_config "$T_TMP/one.conf" octo/svc
printf '\tdeploy-workflow = deploy.yml\n' >>"$T_TMP/one.conf"
tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/one.conf; echo opsdeck-exited-\$?"
tmux_wait_for 15 'octo/svc'
tmux_keys E
tmux_wait_for 10 'ENVIRONMENT +MARKS'
t_ok $? "one repository: the list's header"
tmux_screen >"$T_TMP/s2"
grep -q -E '^ > dev +c55732b +14m octocat +- +0 success' "$T_TMP/s2"
t_ok $? "  dev selected first: SHA, age, who, behind -, 0"
grep -q -E '^   production +\[P\]\[~\] +d9f9be1 +11h hubot +2 +3 failure' "$T_TMP/s2"
t_ok $? "  production: protected and in flight, 2 and 3 behind, its failed deploy"
grep -q -E '^ octo/svc  main @c55732b' "$T_TMP/s2"
t_ok $? "  the default branch and its head"
tmux_keys G
tmux_wait_for 5 '^ > production'
t_ok $? "G: the last environment (listnav)"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "quits cleanly"
t_done
