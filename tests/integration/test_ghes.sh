#!/bin/sh
# GitHub Enterprise Server: the API under /api/v3 and no x-ratelimit-*
# headers at all. The client builds its URLs on the configured base, copes
# with the missing budget, and still revalidates with ETags.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
fakehub_start --ghes --scenario "$top_srcdir/tests/fakehub/scenarios/basic.json"
fakehub_env
FAKEHUB_URL="$FAKEHUB_URL/api/v3" fakehub_config "$T_TMP/config"

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/first.json" 2>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "exit 1: the failed run is seen through /api/v3"
fakehub_requests >"$T_TMP/req1.json"
fakehub_reset
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/second.json" 2>>"$T_TMP/err"
fakehub_requests >"$T_TMP/req2.json"
python3 - "$T_TMP/first.json" "$T_TMP/req1.json" "$T_TMP/second.json" \
    "$T_TMP/req2.json" >"$T_TMP/checks" <<"PY"
import json, sys
a, r1, b, r2 = (json.load(open(p)) for p in sys.argv[1:5])
def ok(cond, what):
    print(0 if cond else 1, what)
r = a["repos"][0]
ok(r["error"] is None and not r["stale"], "fresh, no error (%s)" % r["error"])
ok([x["id"] for x in r["runs"]] == [30433643, 30433644, 30433642], "the scenario's runs, failing first")
ok(r1 and all(x["path"].startswith("/api/v3/") and x["status"] == 200 for x in r1),
   "every request under /api/v3, all 200: %s" % sorted({x["path"] for x in r1}))
ok(all(x["authorization"] for x in r1), "with the token")
ok(a["api"]["wait_until"] is None and a["api"]["wait_reason"] is None, "no budget headers is not a rate limit")
ok(r2 and all(x["status"] == 304 and x["if_none_match"] for x in r2), "the second poll revalidates: all 304")
ok([x["id"] for x in b["repos"][0]["runs"]] == [x["id"] for x in r["runs"]], "the same runs from the cache")
PY
t_checks_from "$T_TMP/checks"

# No [repo]: the clone in the current directory. Its origin's host is an
# API base only when the config names it; else exit 2 and nothing is sent.
command -v git >/dev/null 2>&1 || { t_done; exit; }
mkdir "$T_TMP/clone" && git -C "$T_TMP/clone" init -q
port=${FAKEHUB_URL##*:}
printf '[github]\n\tapi-url = %s/api/v3\n[core]\n\tcache-dir = %s/cache2\n' \
    "$FAKEHUB_URL" "$T_TMP" >"$T_TMP/norepo"
for origin in git@gitlab.com:acme/app.git https://gitlab.com/acme/app \
    "http://localhost:$port/octo/hello.git"; do
	git -C "$T_TMP/clone" remote remove origin 2>/dev/null
	git -C "$T_TMP/clone" remote add origin "$origin"
	fakehub_reset
	(cd "$T_TMP/clone" && "$OPSDECK" --config "$T_TMP/norepo" --once) \
	    >/dev/null 2>"$T_TMP/origin.err"
	rc=$?
	host=$(echo "$origin" | sed -E 's,^(git@|https?://),,; s,[:/].*,,')
	t_ok $([ $rc -eq 2 ] && echo 0 || echo 1) "origin $origin, api-url on 127.0.0.1: exit 2 ($rc)"
	grep -q "on $host" "$T_TMP/origin.err" && grep -q 'api-url' "$T_TMP/origin.err"
	t_ok $? "  the message names $host and api-url: $(cat "$T_TMP/origin.err")"
	[ "$(fakehub_requests)" = "[]" ]
	t_ok $? "  and nothing was sent"
done
printf '[core]\n\tcache-dir = %s/cache3\n' "$T_TMP" >"$T_TMP/bare"
git -C "$T_TMP/clone" remote set-url origin git@ghe.corp.example:octo/hello.git
(cd "$T_TMP/clone" && "$OPSDECK" --config "$T_TMP/bare" --once) >/dev/null 2>"$T_TMP/origin.err"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "an Enterprise origin nobody named: exit 2"
grep -q 'ghe.corp.example' "$T_TMP/origin.err" && grep -q 'enterprise-hosts' "$T_TMP/origin.err"
t_ok $? "  naming the host, api-url and enterprise-hosts"
git -C "$T_TMP/clone" remote set-url origin "http://127.0.0.1:$port/octo/hello.git"
fakehub_reset
(cd "$T_TMP/clone" && "$OPSDECK" --config "$T_TMP/norepo" --once --json) >"$T_TMP/same.json" 2>"$T_TMP/origin.err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "origin on api-url's own host: polled (exit 1, the failed run)"
fakehub_requests >"$T_TMP/req3.json"
# (the repository itself, /repos/octo/hello, is one of them: the quality
# source reads its default branch there)
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r and all(x["path"].startswith("/api/v3/repos/octo/hello/") or x["path"] == "/api/v3/repos/octo/hello" for x in r) else 1)' "$T_TMP/req3.json"
t_ok $? "  every request for octo/hello under api-url"
t_done
