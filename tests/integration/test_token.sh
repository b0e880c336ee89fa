#!/bin/sh
# The token goes to the API host only, and never to the terminal or a log.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic

"$OPSDECK" --config "$T_TMP/config" --once --json -vv \
    --log-file "$T_TMP/debug.log" >"$T_TMP/out" 2>"$T_TMP/err"
fakehub_requests >"$T_TMP/req.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r and all(x["authorization"] and x["auth_scheme"] == "Bearer" for x in r) else 1)' "$T_TMP/req.json"
t_ok $? "every API request carried Authorization: Bearer"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if all(x["host"] == sys.argv[2] for x in r) else 1)' "$T_TMP/req.json" "${FAKEHUB_URL#http://}"
t_ok $? "and only to the API origin (redirect targets: test_redirect.sh)"
for f in out err debug.log; do
	! grep -q "$GH_TOKEN" "$T_TMP/$f"
	t_ok $? "the token is not in $f"
done
grep -q "GET .*actions/runs" "$T_TMP/debug.log"
t_ok $? "the debug log was written (-vv)"
[ "$(stat -c %a "$T_TMP/debug.log")" = 600 ]
t_ok $? "the debug log is 0600"

# GH_TOKEN is github.com's: the fake, another host, never gets it.
fakehub_reset
env -u GH_ENTERPRISE_TOKEN "$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/out1" 2>&1
fakehub_requests >"$T_TMP/req1.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r and not any(x["authorization"] for x in r) else 1)' "$T_TMP/req1.json"
t_ok $? "GH_TOKEN alone: no request to a non-github.com host carried a token"
grep -q 'no token' "$T_TMP/out1"
t_ok $? "  and the report says there is no token"

# A token-command that prints the token; the config says so, env is empty.
unset GH_TOKEN GH_ENTERPRISE_TOKEN
printf '#!/bin/sh\necho ghp_FROMcommand0123456789abcdefghijklmnop\n' >"$T_TMP/tok.sh"
chmod 700 "$T_TMP/tok.sh"
printf '[github]\n\ttoken-command = %s\n' "$T_TMP/tok.sh" >>"$T_TMP/config"
fakehub_reset
"$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/out2" 2>&1
fakehub_requests >"$T_TMP/req2.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r and all(x["authorization"] for x in r) else 1)' "$T_TMP/req2.json"
t_ok $? "token-command's token is used"
! grep -q ghp_FROMcommand "$T_TMP/out2"
t_ok $? "and not printed"

# No core files: a core of the console would hold the token. token-command
# is a child of opsdeck that looks at its parent. As root, opsdeck runs as
# nobody: the owner of /proc/PID shows whether it is dumpable only when it
# is not root's own process.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	P=$(mktemp -d /tmp/opsdeck-core.XXXXXX)
	chown 65534:65534 "$P"; chmod 755 "$P"
	RUN="setpriv --reuid=65534 --regid=65534 --clear-groups"
	ME=65534
else
	P=$T_TMP/core; mkdir -p "$P"; RUN=""; ME=$(id -u)
fi
cat >"$P/probe.sh" <<EOS
#!/bin/sh
awk '/^Max core file size/ { print \$5, \$6 }' /proc/\$PPID/limits >"$P/core.\$1"
stat -c %u /proc/\$PPID/status >"$P/owner.\$1"
echo ghp_PROBE0123456789abcdefghijklmnopqrstuv
EOS
chmod 755 "$P/probe.sh"
for m in off on; do
	printf '[github]\n\tapi-url = %s\n\ttoken-command = %s %s\n[core]\n\tcache-dir = %s/cache-%s\n[repo "octo/hello"]\n' \
	    "$FAKEHUB_URL" "$P/probe.sh" "$m" "$P" "$m" >"$P/config.$m"
	chmod 644 "$P/config.$m"
done
$RUN "$OPSDECK" --config "$P/config.off" --once >/dev/null 2>&1
[ "$(cat "$P/core.off" 2>/dev/null)" = "0 0" ]
t_ok $? "core file size limit 0 (soft and hard): $(cat "$P/core.off" 2>/dev/null)"
owner=$(cat "$P/owner.off" 2>/dev/null)
if [ "$ME" != 0 ]; then
	[ "$owner" = 0 ]
	t_ok $? "not dumpable: /proc/PID belongs to root ($owner)"
else
	t_ok 0 "# SKIP dumpable: running as root without setpriv"
fi
$RUN "$OPSDECK" --config "$P/config.on" --once --debug-core >/dev/null 2>&1
want=$($RUN awk '/^Max core file size/ { print $5, $6 }' /proc/self/limits)
[ -s "$P/core.on" ] && [ "$(cat "$P/core.on")" = "$want" ]
t_ok $? "--debug-core leaves the limit as it was ($want)"
if [ "$ME" != 0 ]; then
	[ "$(cat "$P/owner.on" 2>/dev/null)" = "$ME" ]
	t_ok $? "  and the process dumpable"
fi
"$OPSDECK" --help | grep -q -- '--debug-core'
t_ok $? "--help lists --debug-core"
[ "$P" = "$T_TMP/core" ] || rm -rf "$P"
t_done
