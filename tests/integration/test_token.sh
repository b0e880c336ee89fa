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

# A token-command that prints the token; the config says so, env is empty.
unset GH_TOKEN
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
t_done
