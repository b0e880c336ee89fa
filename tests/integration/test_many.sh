#!/bin/sh
# Fifty repositories (scenarios/many.json): every one is read, the failing
# ones are exactly the scenario's, only GETs go out, and a second poll of an
# idle fleet is all 304s that cost no API budget.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin many
fakehub_config "$T_TMP/config" $(i=1; while [ $i -le 50 ]; do
	printf 'octo/repo-%d ' $i; i=$((i + 1)); done)

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/first.json" 2>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "exit 1: some repositories failed"
fakehub_requests >"$T_TMP/req1.json"
fakehub_reset
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/second.json" 2>>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "second poll: exit 1 again"
fakehub_requests >"$T_TMP/req2.json"
python3 - "$T_TMP/first.json" "$T_TMP/req1.json" "$T_TMP/second.json" \
    "$T_TMP/req2.json" "${FAKEHUB_URL#http://}" >"$T_TMP/checks" <<"PY"
import json, sys
a, r1, b, r2 = (json.load(open(p)) for p in sys.argv[1:5])
host = sys.argv[5]
def ok(cond, what):
    print(0 if cond else 1, what)
repos = {r["repo"]: r for r in a["repos"]}
ok(sorted(repos) == sorted("octo/repo-%d" % i for i in range(1, 51)), "all 50 repositories reported (%d)" % len(repos))
ok(all(r["error"] is None and r["stale"] is False for r in repos.values()), "none stale or in error")
failed = sorted(n for n, r in repos.items() if r["verdict"] == "failed")
ok(failed == sorted("octo/repo-%d" % i for i in range(10, 51, 10)), "exactly every tenth failed: %s" % failed)
ok(all(r["verdict"] == "succeeded" for n, r in repos.items() if n not in failed), "the others succeeded")
def ids(n):
    i = int(n.rsplit("-", 1)[1])
    return [i * 100 + 2, i * 100 + 1]
ok(all([x["id"] for x in r["runs"]] == ids(n) for n, r in repos.items()), "each repository's runs and order")
ok(a["status"] == "failing", "overall status failing")
ok(r1 and all(x["method"] == "GET" for x in r1 + r2), "only GETs were sent")
ok(all(x["authorization"] and x["auth_scheme"] == "Bearer" and x["host"] == host for x in r1 + r2),
   "every request to the API origin with its token")
lists = [x for x in r1 if x["path"].endswith("/actions/runs")]
ok(len(lists) == 50 and len({x["path"] for x in lists}) == 50, "one runs list per repository (%d)" % len(lists))
ok(a["api"]["requests"] == len(r1), "api.requests counts what the fake saw (%d/%d)" % (a["api"]["requests"], len(r1)))
ok(len(r2) == len(r1) and all(x["status"] == 304 and x["if_none_match"] for x in r2),
   "the idle fleet's second poll: %d requests, all 304" % len(r2))
ok(b["api"]["remaining"] == a["api"]["remaining"] and b["api"]["not_modified"] == len(r2),
   "no API budget spent (%d -> %d)" % (a["api"]["remaining"], b["api"]["remaining"]))
strip = lambda d: sorted((r["repo"], r["verdict"], [x["id"] for x in r["runs"]]) for r in d["repos"])
ok(strip(a) == strip(b), "the same picture from the cache")
PY
t_checks_from "$T_TMP/checks"
t_done
