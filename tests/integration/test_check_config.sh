#!/bin/sh
# --check-config validates the config (built-in defaults, the user's file
# or --config, what it includes) and exits 0 ("config ok: FILES") or 2 (one
# "FILE:LINE: message" line per problem on stderr); it polls nothing and
# draws nothing. Without it an unknown section or key is a warning on
# stderr and the console starts; an invalid value is an error either way.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" XDG_STATE_HOME="$T_TMP/state"
mkdir -p "$T_TMP/cfg/opsdeck"
unset GH_TOKEN GITHUB_TOKEN
# Nothing here may be polled: an API that refuses connections.
api='[github]\n\tapi-url = http://127.0.0.1:9/\n'

# check FILE|-: runs --check-config (with --config FILE unless -), setting
# rc, out and err.
check() {
	if [ "$1" = - ]; then
		"$OPSDECK" --check-config >"$T_TMP/out" 2>"$T_TMP/err"
	else
		"$OPSDECK" --check-config --config "$1" >"$T_TMP/out" 2>"$T_TMP/err"
	fi
	rc=$?
}
is() { [ "$1" -eq "$2" ] && echo 0 || echo 1; }

# A good file with an include: exit 0, every file named.
printf "$api"'[ui]\n\tlayout = stack\n[include]\n\tpath = more.conf\n' >"$T_TMP/good.conf"
printf '[repo "octo/hello"]\n\tbranch = main\n' >"$T_TMP/more.conf"
check "$T_TMP/good.conf"
t_ok $(is $rc 0) "a good config: exit 0 (got $rc: $(cat "$T_TMP/err"))"
[ "$(cat "$T_TMP/out")" = "config ok: built-in defaults, $T_TMP/good.conf, $T_TMP/more.conf" ]
t_ok $? "  prints config ok and the files read: $(cat "$T_TMP/out")"
[ ! -s "$T_TMP/err" ]
t_ok $? "  nothing on stderr"

# The user's default file is the one checked without --config.
check -
t_ok $(is $rc 0) "no user file: exit 0 (got $rc)"
[ "$(cat "$T_TMP/out")" = "config ok: built-in defaults" ]
t_ok $? "  the defaults alone: $(cat "$T_TMP/out")"
printf '[ui]\n\tlayout = stack\n\tthme = x\n' >"$T_TMP/cfg/opsdeck/config"
check -
t_ok $(is $rc 2) "a typo in \$XDG_CONFIG_HOME/opsdeck/config: exit 2 (got $rc)"
[ "$(cat "$T_TMP/err")" = "$T_TMP/cfg/opsdeck/config:3: unknown key 'ui.thme'; did you mean 'theme'?" ]
t_ok $? "  FILE:LINE: message: $(cat "$T_TMP/err")"
rm -f "$T_TMP/cfg/opsdeck/config"

# Every unknown name, one line each, in file order, the include's too;
# the keys of an unknown section are not repeated.
printf "$api"'[ui]\n\tthemee = dark\n[githbu]\n\ttoken-command = x\n[include]\n\tpath = typo.conf\n' >"$T_TMP/bad.conf"
printf '[wallbord]\n\trotate = 5s\n[ui]\n\tlayout = grid\n\tlayot = x\n[repo "octo/hello"]\n\tbranch = main\n' >"$T_TMP/typo.conf"
check "$T_TMP/bad.conf"
t_ok $(is $rc 2) "unknown names: exit 2 (got $rc)"
cat >"$T_TMP/want" <<EOW
$T_TMP/bad.conf:4: unknown key 'ui.themee'; did you mean 'theme'?
$T_TMP/bad.conf:5: unknown section [githbu]; did you mean 'github'?
$T_TMP/typo.conf:1: unknown section [wallbord]; did you mean 'wallboard'?
$T_TMP/typo.conf:5: unknown key 'ui.layot'; did you mean 'layout'?
EOW
cmp -s "$T_TMP/want" "$T_TMP/err"
t_ok $? "  one FILE:LINE: message line each, the nearest name"
[ $? -eq 0 ] || t_diag "$(cat "$T_TMP/err")"
[ ! -s "$T_TMP/out" ]
t_ok $? "  no config ok"

# An invalid value is a problem too, after the names.
printf "$api"'[ui]\n\tlayout = sideways\n\tlayoutt = grid\n' >"$T_TMP/value.conf"
check "$T_TMP/value.conf"
t_ok $(is $rc 2) "an invalid value: exit 2 (got $rc)"
sed -n 2p "$T_TMP/err" | grep -q "^$T_TMP/value.conf:4: key 'ui.layout': unknown pane 'sideways'" &&
    grep -q "^$T_TMP/value.conf:5: unknown key 'ui.layoutt'" "$T_TMP/err"
t_ok $? "  the unknown name and the bad value: $(cat "$T_TMP/err")"

# A hostile name is inert in the message.
printf "$api"'[ui]\n\tx\033]0;pwned\007 = 1\n' >"$T_TMP/esc.conf"
check "$T_TMP/esc.conf"
! grep -q "$(printf '\033')" "$T_TMP/err"
t_ok $? "  an escape in a bad name never reaches the terminal (rc $rc)"

# A missing file.
check "$T_TMP/absent.conf"
t_ok $(is $rc 2) "a missing --config file: exit 2 (got $rc)"
grep -q "absent.conf" "$T_TMP/err"
t_ok $? "  naming it"

# Without --check-config: a warning, and opsdeck goes on (here to --once,
# whose exit 2 is the unreachable API, not the config).
"$OPSDECK" --config "$T_TMP/bad.conf" --once >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
grep -q "^opsdeck: warning: $T_TMP/bad.conf:4: unknown key 'ui.themee'; did you mean 'theme'?\$" "$T_TMP/err" &&
    grep -q "^opsdeck: warning: $T_TMP/typo.conf:5: unknown key 'ui.layot'" "$T_TMP/err"
t_ok $? "without --check-config: each a warning on stderr"
grep -q "octo/hello" "$T_TMP/out"
t_ok $? "  and opsdeck still ran (rc $rc)"
"$OPSDECK" --config "$T_TMP/value.conf" --once >"$T_TMP/out" 2>"$T_TMP/err"
rc=$?
t_ok $(is $rc 2) "an invalid value is still an error at start (got $rc)"
grep -q "^opsdeck: $T_TMP/value.conf:4: key 'ui.layout'" "$T_TMP/err" && [ ! -s "$T_TMP/out" ]
t_ok $? "  naming FILE:LINE, nothing run"

"$OPSDECK" --help | grep -q -e '--check-config'
t_ok $? "--help lists --check-config"

# The console shows the first warning in its header, where it stays in
# sight, with how many more there are.
printf '[ui]\n\tthemee = x\n\tlayot = y\n' >"$T_TMP/cfg/opsdeck/config"
tmux_start 200 30 "env TERM=screen OPSDECK_DEMO_STEP_MS=600000 $OPSDECK --demo; echo opsdeck-exited-\$?"
tmux_wait_for 10 'acme/'
t_ok $? "the demo starts despite the typos"
tmux_screen | head -n 1 | grep -q "config warning: .*config:2: unknown key 'ui.themee'; did you mean 'theme'? (+1 more"
t_ok $? "  the header shows the first warning and the count: $(tmux_screen | head -n 1)"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "  and q quits it (exit 0)"
t_done
