#!/bin/sh
# The token stays on the API origin: a job-log redirect to another host is
# followed without it. Jobs lists are paginated by Link, bounded.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
FETCH="$top_builddir/tests/integration/fetch"
fakehub_start --scenario "$top_srcdir/tests/fakehub/scenarios/bigmatrix.json"
fakehub_env

"$FETCH" "$FAKEHUB_URL" /repos/octo/matrix/actions/jobs/80000001000/logs follow >"$T_TMP/log.out"
head -1 "$T_TMP/log.out" | grep -q '^200 '
t_ok $? "the log redirect is followed to a 200 ($(head -1 "$T_TMP/log.out"))"
grep -q '##\[group\]' "$T_TMP/log.out"
t_ok $? "the body is the plain-text log"
fakehub_requests >"$T_TMP/req.json"
python3 - "$T_TMP/req.json" >"$T_TMP/checks" <<"PY"
import json, sys
reqs = json.load(open(sys.argv[1]))
def ok(cond, what):
    print(0 if cond else 1, what)
api = [r for r in reqs if r["path"].endswith("/logs")]
blob = [r for r in reqs if r["path"].startswith("/_blob/")]
ok(len(api) == 1 and api[0]["status"] == 302 and api[0]["authorization"], "the API request had the token and got 302")
ok(len(blob) == 1 and blob[0]["host"].startswith("localhost:"), "the redirect went to another host name (%s)" % (blob and blob[0]["host"]))
ok(blob and not blob[0]["authorization"], "the other host never saw an Authorization header")
PY
t_checks_from "$T_TMP/checks"

"$FETCH" "$FAKEHUB_URL" /repos/octo/matrix/actions/jobs/80000001000/logs >"$T_TMP/nofollow.out"
head -1 "$T_TMP/nofollow.out" | grep -q '^302 '
t_ok $? "without HTTP_FOLLOW a redirect is not followed"

fakehub_reset
fakehub_config "$T_TMP/config" octo/matrix
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/out.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["repos"][0]["runs"][0]; sys.exit(0 if (r["jobs_total"], r["jobs_done"]) == (250, 180) else 1)' "$T_TMP/out.json"
t_ok $? "250 jobs over 3 pages: total 250, 180 done"
fakehub_requests >"$T_TMP/req2.json"
python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1])) if "/jobs" in x["path"]]; sys.exit(0 if len(r) == 3 and r[1]["path"].startswith("/repositories/") and all(x["authorization"] for x in r) else 1)' "$T_TMP/req2.json"
t_ok $? "the Link URLs were followed verbatim, with the token (same origin)"
t_done
