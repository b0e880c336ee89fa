#!/bin/sh
# Issue 13 leftovers: the environments view (E) reads the health history
# (tmux, fakehub's envhealth scenario: octo/svc deployed c55732b to
# production about 2 minutes ago; a refused probe of ours in production,
# an ok one in staging). Grid: each cell with checks ends in its worst
# state as glyph and word, in the state's colour; the selected cell's
# footer names the worst check and the after-deploy verdict. List: a
# HEALTH column and the verdict after the facts.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin envhealth
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
checks() {
	cat <<EOF2
[check "api"]
	kind = tcp
	address = 127.0.0.1:$DEAD
	timeout = 2s
	environment = production
[check "stg"]
	kind = command
	command = true
	environment = staging
EOF2
}
fakehub_config "$T_TMP/config" octo/svc octo/web
{ printf '[repo "octo/svc"]\n\tdeploy-workflow = deploy.yml\n'
  printf '[environment "octo/web production"]\n\treadonly = true\n'; checks; } >>"$T_TMP/config"
tmux_start 200 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 'octo/svc'
t_ok $? "the console is up"
tmux_keys E
tmux_wait_for 15 'octo/svc +c55732b 14m +e8c6fe4 1h +✓ ok +c55732b 2m \[P\]\[~\] +✗ crit'
t_ok $? "grid: octo/svc's cells, dev without checks, staging ok, production crit"
tmux_screen >"$T_TMP/s1"
[ -n "${T_KEEP:-}" ] && t_diag "$(cat "$T_TMP/s1")"
grep -q -E 'octo/web +2222222 8h \[~\] +1111111 22h \[P\]\[RO\] +✗ crit' "$T_TMP/s1"
t_ok $? "  octo/web's production: the same check, crit"
$T_TMUX capture-pane -e -p -t t | python3 -c '
import re, sys
s = sys.stdin.read()
ok = re.search(r"\033\[[0-9;]*3[1]m\s*✗ crit", s) and re.search(r"\033\[[0-9;]*3[2]m\s*✓ ok", s)
sys.exit(0 if ok else 1)'
t_ok $? "  crit drawn in red and ok in green, beside glyph and word"
tmux_keys l l
tmux_wait_for 10 'behind staging 0, main 0; protected; health ✗ crit +\(api, 1 of 1 not ok\): crit [123] min after deploy of c55732b'
t_ok $? "l l: production's footer: the worst check and the after-deploy verdict"
tmux_keys h
tmux_wait_for 10 'health ✓ ok +\(1 check\)$'
t_ok $? "h: staging's footer: ok, no verdict on its old deploy"
tmux_keys h
tmux_wait_for 10 'octo/svc dev: c55732b'
! tmux_screen | grep -q 'health'
t_ok $? "h: dev, no check names it: no health said"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "quits cleanly"
$T_TMUX kill-server 2>/dev/null

# One repository: the list.
fakehub_config "$T_TMP/one.conf" octo/svc
{ printf '\tdeploy-workflow = deploy.yml\n'; checks; } >>"$T_TMP/one.conf"
tmux_start 200 40 "TERM=screen-256color $OPSDECK --config $T_TMP/one.conf; echo opsdeck-exited-\$?"
tmux_wait_for 15 'octo/svc'
tmux_keys E
tmux_wait_for 10 'ENVIRONMENT +MARKS +HEALTH +SHA'
t_ok $? "list: a HEALTH column"
tmux_wait_for 15 '^   production +\[P\]\[~\] +✗ crit +c55732b +2m mona .*crit [123] min after deploy of c55732b'
t_ok $? "  production: crit, and the verdict after its facts"
tmux_screen >"$T_TMP/s2"
[ -n "${T_KEEP:-}" ] && t_diag "$(cat "$T_TMP/s2")"
grep -q -E '^   staging +✓ ok +e8c6fe4' "$T_TMP/s2"
t_ok $? "  staging: ok"
grep -q -E '^ > dev +c55732b' "$T_TMP/s2"
t_ok $? "  dev: nothing in the column"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "quits cleanly"
t_done
