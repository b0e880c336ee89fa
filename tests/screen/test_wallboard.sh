#!/bin/sh
# opsdeck --wallboard against fakehub (envhealth: octo/svc and octo/web with
# environments, a crit and an ok health check), in tmux at 200x60 and
# 80x24: tiles per repository x environment, pipelines and health; pages
# rotating; every key but the quit chord ignored, and nothing but GETs
# sent whatever is pressed; tiles marked STALE while fakehub fails and
# fresh again once it heals; the write-scope warning and
# --require-readonly-token.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin envhealth
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
fakehub_config "$T_TMP/config" octo/svc octo/web
cat >>"$T_TMP/config" <<EOF
[repo "octo/svc"]
	deploy-workflow = deploy.yml
[environment "octo/web production"]
	readonly = true
[ui]
	interval = 5s
[wallboard]
	rotate = 2s
	stale-after = 1s
[check "api"]
	kind = tcp
	address = 127.0.0.1:$DEAD
	timeout = 2s
	environment = production
[check "stg"]
	kind = command
	command = true
	environment = staging
EOF
tmux_stop() {
	[ -n "${T_TMUX:-}" ] || return 0
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 5 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
}
# Whether the pane shows page NAME in the header.
on_page() { tmux_screen | head -1 | grep -q -E "wallboard  $1 "; }
# Requests fakehub saw that are not GET: none may ever be sent.
writes() {
	fakehub_requests | python3 -c 'import json, sys
print(sum(1 for r in json.load(sys.stdin) if r["method"] != "GET"))'
}

tmux_start 200 60 "TERM=screen-256color $OPSDECK --config $T_TMP/config --wallboard; echo opsdeck-exited-\$?"
tmux_wait_for 20 'octo/svc production'
t_ok $? "200x60: an environment tile appears"
t_wait_for 20 on_page overview
t_ok $? "the overview page is shown"
tmux_wait_for 20 'octo/web pipelines'
t_ok $? "a pipelines tile per repository"
tmux_wait_for 20 'health \(2 checks\)'
t_ok $? "the overview has a health tile"
tmux_screen >"$T_TMP/s1"
[ -n "${T_KEEP:-}" ] && t_diag "$(cat "$T_TMP/s1")" | head -30
grep -q -E 'age [0-9]+s' "$T_TMP/s1"
t_ok $? "tiles show their data age"
grep -q '█████' "$T_TMP/s1"
t_ok $? "tiles are drawn in block characters"
n=$(grep -c '█' "$T_TMP/s1")
[ "$n" -ge 10 ]
t_ok $? "  their state words in big block letters ($n lines with blocks)"
! grep -q -E 'Keys|help|\? ' "$T_TMP/s1"
t_ok $? "no hint bar"

t_wait_for 20 on_page pipelines
t_ok $? "rotation: the pipelines page comes"
t_wait_for 20 on_page health
t_ok $? "rotation: then the health page"
tmux_wait_for 10 'X CRIT|✗ CRIT'
t_ok $? "  the refused probe's tile reads CRIT"
tmux_screen | grep -q -E '(\+|✓) OK'
t_ok $? "  the ok check's tile reads OK"
t_wait_for 20 on_page approvals
t_ok $? "rotation: then the approvals waiting"
tmux_wait_for 10 'octo/svc production #[0-9]+'
t_ok $? "  a tile for the run waiting for production"
tmux_screen | grep -q -E '! WAITING'
t_ok $? "  reading WAITING"
t_wait_for 20 on_page overview
t_ok $? "rotation: back to the overview"

# Every key an engineer could press, the action keys first: nothing.
for k in r R c C d D x X a A p P E Enter Space Tab Escape '?' ':' j k z 1 2 q Q; do
	tmux_keys "$k"
done
tmux_keys C-d C-l
t_wait_for 5 on_page '[a-z]+'
t_ok $? "keys do nothing: still on the wallboard"
tmux_screen | grep -q -E 'confirm|Deploy|Re-run|Cancel'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "  no dialog opened"
tmux_screen | grep -q 'opsdeck-exited'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "  q without [wallboard] quit-key does not quit"
w=$(writes)
t_ok $([ "$w" = 0 ] && echo 0 || echo 1) "only GET requests were sent ($w others)"

fakehub_fault '{"path": ".", "kind": "500", "count": 100000}'
tmux_wait_for 30 'STALE'
t_ok $? "a failing source: its tiles read STALE"
[ -n "${T_KEEP:-}" ] && t_diag "$(tmux_screen)"
tmux_wait_for 20 "STALE [0-9]+[sm]: .*HTTP 500"
t_ok $? "  with their age and why"
tmux_screen | grep -q 'opsdeck-exited'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "  and the wallboard keeps running"
fakehub_reset
t_wait_for 40 sh -c "! $T_TMUX capture-pane -p -t t | grep -q STALE"
t_ok $? "healed: STALE goes by itself"

# A revoked token: GitHub answers 401 to everything. Stale, never an exit.
fakehub_fault '{"path": ".", "kind": "401", "count": 100000}'
tmux_wait_for 30 'STALE [0-9]+[sm]: .*401'
t_ok $? "a revoked token (401): tiles read STALE with why"
tmux_screen | grep -q 'opsdeck-exited'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "  and the wallboard keeps running"
fakehub_reset
t_wait_for 40 sh -c "! $T_TMUX capture-pane -p -t t | grep -q STALE"
t_ok $? "  and recovers when the token works again"

tmux_keys C-c
tmux_wait_exit 10 'opsdeck-exited-130'
t_ok $? "Ctrl-C quits"
tmux_stop

# No token at all, in a non-UTF-8 locale: it runs, says so, ASCII only.
tmux_start 80 24 "env -u GH_TOKEN -u GH_ENTERPRISE_TOKEN LC_ALL=C TERM=screen-256color $OPSDECK --config $T_TMP/config --wallboard; echo opsdeck-exited-\$?"
tmux_wait_for 20 'octo/svc'
t_ok $? "no token: the wallboard runs"
tmux_wait_for 10 'no token'
t_ok $? "  and says there is no token"
tmux_screen >"$T_TMP/s3"
grep -q '####' "$T_TMP/s3" && ! grep -q -P '[^\x00-\x7f]' "$T_TMP/s3"
t_ok $? "  LC_ALL=C: tiles in ASCII (#), nothing else"
tmux_keys C-c
tmux_wait_exit 10 'opsdeck-exited-130'
t_ok $? "  Ctrl-C quits"
tmux_stop

# 80x24, with a quit key; a token with write scopes is pointed out.
sed -i 's/^\[wallboard\]$/[wallboard]\n\tquit-key = q/' "$T_TMP/config"
fakehub_fault '{"path": ".", "kind": "slow", "seconds": 0, "count": 100000, "headers": {"X-OAuth-Scopes": "repo, workflow"}}'
tmux_start 80 24 "TERM=screen-256color $OPSDECK --config $T_TMP/config --wallboard; echo opsdeck-exited-\$?"
tmux_wait_for 20 'octo/svc'
t_ok $? "80x24: tiles drawn"
tmux_wait_for 20 'read-only token'
t_ok $? "  a token with write scopes: the header says to use a read-only one"
tmux_screen >"$T_TMP/s2"
[ -n "${T_KEEP:-}" ] && t_diag "$(cat "$T_TMP/s2")"
python3 -c 'import sys
sys.exit(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")) > 80)' "$T_TMP/s2"
t_ok $? "  nothing wider than the terminal"
tmux_keys x
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "  [wallboard] quit-key = q quits"
tmux_stop

tmux_start 80 24 "TERM=screen-256color $OPSDECK --config $T_TMP/config --wallboard --require-readonly-token 2>$T_TMP/err; echo opsdeck-exited-\$?"
tmux_wait_exit 20 'opsdeck-exited-2'
t_ok $? "--require-readonly-token with write scopes: exit 2"
grep -q 'write scopes' "$T_TMP/err"
t_ok $? "  saying why ($(cat "$T_TMP/err"))"
tmux_stop
fakehub_reset
fakehub_fault '{"path": ".", "kind": "slow", "seconds": 0, "count": 100000, "headers": {"X-OAuth-Scopes": "read:org, read:user"}}'
tmux_start 80 24 "TERM=screen-256color $OPSDECK --config $T_TMP/config --wallboard --require-readonly-token; echo opsdeck-exited-\$?"
tmux_wait_for 20 'octo/svc'
t_ok $? "--require-readonly-token with read scopes only: it runs"
tmux_screen | grep -q 'read-only token'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "  and no warning"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "  q quits"
tmux_stop
"$OPSDECK" --require-readonly-token --config "$T_TMP/config" >/dev/null 2>"$T_TMP/err" </dev/null
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "--require-readonly-token without --wallboard: usage error"
t_done
