#!/bin/sh
# Issue 8: an http:// API URL to a host other than loopback would carry the
# token in clear: refused at start (exit 2, naming the URL and the setting)
# with nothing sent, unless [github] allow-insecure = true. The "remote"
# host is reached through fakehub acting as the HTTP proxy (http_proxy), so
# whatever would have been sent shows in its log and nothing leaves
# 127.0.0.1.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic
REMOTE=http://api.example.test
insecure_config() {	# insecure_config FILE [allow-insecure value]
	{
		printf '[github]\n\tapi-url = %s\n\tconnect-timeout = 2s\n' "$REMOTE"
		printf '\ttimeout = 5s\n'
		[ -n "${2:-}" ] && printf '\tallow-insecure = %s\n' "$2"
		printf '[core]\n\tcache-dir = %s/cache\n[repo "octo/hello"]\n' "$T_TMP"
	} >"$1"
}
proxied() { http_proxy=$FAKEHUB_URL HTTP_PROXY=$FAKEHUB_URL no_proxy= NO_PROXY= "$@"; }
count() { fakehub_requests | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

insecure_config "$T_TMP/refused"
fakehub_reset
proxied "$OPSDECK" --config "$T_TMP/refused" --once --json >"$T_TMP/out" 2>"$T_TMP/err"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "--once: exit 2"
grep -q "$REMOTE" "$T_TMP/err" && grep -q 'allow-insecure' "$T_TMP/err"
t_ok $? "the message names the URL and the setting: $(cat "$T_TMP/err")"
t_ok $([ ! -s "$T_TMP/out" ] && echo 0 || echo 1) "no report"
proxied "$OPSDECK" --config "$T_TMP/refused" </dev/null >/dev/null 2>"$T_TMP/err2"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "interactive: exit 2 before any screen"
grep -q 'allow-insecure' "$T_TMP/err2"
t_ok $? "interactive: the same message"
t_ok $([ "$(count)" = 0 ] && echo 0 || echo 1) "nothing was sent"

insecure_config "$T_TMP/loopback-named" "false"
sed -i "s|$REMOTE|http://localhost:1|" "$T_TMP/loopback-named"
"$OPSDECK" --config "$T_TMP/loopback-named" --once --json >"$T_TMP/out3" 2>"$T_TMP/err3"
! grep -q 'allow-insecure' "$T_TMP/err3"
t_ok $? "http://localhost is loopback: not refused"
# Nothing listens on port 1: the error names the host that failed.
python3 -c 'import json,sys; e = json.load(open(sys.argv[1]))["repos"][0]["error"] or ""
sys.exit(0 if e.startswith("localhost: ") and "port 1" in e else 1)' "$T_TMP/out3"
t_ok $? "--once: a network error names the host ($(grep -o '"error": "[^"]*"' "$T_TMP/out3" | head -1))"

# The new keys are checked like any other: file:line, the key, the range.
while IFS='|' read -r section key value want; do
	printf '[%s]\n\t%s = %s\n[repo "octo/hello"]\n' "$section" "$key" \
	    "$value" >"$T_TMP/bad"
	"$OPSDECK" --config "$T_TMP/bad" --once >/dev/null 2>"$T_TMP/err4"
	_rc=$?
	grep -q "bad:2: key '$section.$key': $want" "$T_TMP/err4"
	t_ok $([ $? -eq 0 ] && [ $_rc -eq 2 ] && echo 0 || echo 1) \
	    "$section.$key = $value: refused ($(cat "$T_TMP/err4"))"
done <<'EOF2'
github|allow-insecure|maybe|expected true or false
cache|max-size|10|expected a size from 1M to 1000G
cache|max-size|5T|expected a size
cache|max-age|1s|expected 60s to
github|log-timeout|1s|expected 5s to
EOF2

insecure_config "$T_TMP/allowed" true
fakehub_reset
proxied "$OPSDECK" --config "$T_TMP/allowed" --once --json >"$T_TMP/out" 2>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "allow-insecure = true: polled (exit 1, the failed run)"
t_ok $([ "$(count)" -gt 0 ] && echo 0 || echo 1) "allow-insecure = true: the requests went out"
t_done
