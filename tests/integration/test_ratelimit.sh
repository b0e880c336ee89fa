#!/bin/sh
# Rate limits: a primary limit (403, remaining 0) and a secondary one (429,
# retry-after) are reported with the time they lift; nothing is retried.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic

fakehub_fault '{"path": "/actions/runs$", "kind": "ratelimit", "count": 5, "seconds": 120}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/primary.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "primary rate limit: exit 2"
fakehub_requests >"$T_TMP/req1.json"
fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "429", "count": 5, "seconds": 30}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/secondary.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "secondary rate limit: exit 2"
fakehub_requests >"$T_TMP/req2.json"
python3 - "$T_TMP/primary.json" "$T_TMP/req1.json" "$T_TMP/secondary.json" \
    "$T_TMP/req2.json" >"$T_TMP/checks" <<"PY"
import json, sys, time
p, r1, s, r2 = (json.load(open(x)) for x in sys.argv[1:5])
def ok(cond, what):
    print(0 if cond else 1, what)
rp = p["repos"][0]
ok("rate limited until" in (rp["error"] or "") and "primary" in rp["error"], "primary: the repo says why (%s)" % rp["error"])
reset = p["api"]["reset"]
ok(p["api"]["wait_until"] == reset and reset > time.time() + 60, "primary: waits until x-ratelimit-reset")
sent = [r["ratelimit_reset"] for r in r1 if r["status"] == 403]
ok(len(sent) == 1 and p["api"]["wait_until"] == int(sent[0]), "primary: wait_until is exactly the reset the fake sent (%s)" % sent)
ok(p["api"]["remaining"] == 0, "primary: budget shown as 0")
ok(len([r for r in r1 if r["path"].endswith("/actions/runs")]) == 1, "primary: not retried")
rs = s["repos"][0]
ok("secondary" in (rs["error"] or ""), "secondary: the repo says why (%s)" % rs["error"])
ok(s["api"]["wait_until"] is not None and 20 <= s["api"]["wait_until"] - time.time() <= 31, "secondary: waits retry-after seconds")
ra = [r for r in r2 if r["status"] == 429]
ok(len(ra) == 1 and ra[0]["retry_after"] == "30" and abs(s["api"]["wait_until"] - (ra[0]["time"] + 30)) <= 2,
   "secondary: wait_until is the 429's time plus its retry-after")
ok(len([r for r in r2 if r["path"].endswith("/actions/runs")]) == 1, "secondary: not retried")
PY
t_checks_from "$T_TMP/checks"

# The variants GitHub's docs allow: a primary limit as 429, and a secondary
# limit whose 403 has no retry-after (wait at least a minute).
fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "ratelimit429", "count": 5, "seconds": 200}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/p429.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "primary limit as a 429: exit 2"
fakehub_requests >"$T_TMP/req3.json"
fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "secondary-noretry", "count": 5}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/noretry.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "secondary limit without retry-after: exit 2"
fakehub_requests >"$T_TMP/req4.json"
python3 - "$T_TMP/p429.json" "$T_TMP/req3.json" "$T_TMP/noretry.json" \
    "$T_TMP/req4.json" >"$T_TMP/checks2" <<"PY"
import json, sys, time
p, r3, s, r4 = (json.load(open(x)) for x in sys.argv[1:5])
def ok(cond, what):
    print(0 if cond else 1, what)
sent = [r["ratelimit_reset"] for r in r3 if r["status"] == 429]
ok("primary" in (p["repos"][0]["error"] or "") and len(sent) == 1
   and p["api"]["wait_until"] == int(sent[0]), "429 with remaining 0 is the primary limit, until its reset")
ok(len(r3) == 1, "429 primary: not retried")
ok("secondary" in (s["repos"][0]["error"] or "") and s["api"]["wait_until"] is not None
   # From when the request arrived ("time" is when fakehub logged it,
   # which on a loaded machine can be a second or more later).
   and r4 and s["api"]["wait_until"] - r4[0]["started"] >= 59,
   "secondary without retry-after waits at least a minute from the 403")
ok(len(r4) == 1, "secondary without retry-after: not retried")
PY
t_checks_from "$T_TMP/checks2"

# A limit met on a jobs request (after the runs list came back) counts the
# same: every repository waits, the repository says why, nothing more is
# sent. Bad JSON there is shown too, not dropped.
fakehub_reset
fakehub_fault '{"path": "/jobs$", "kind": "ratelimit", "count": 5, "seconds": 150}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/jobs403.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "rate limit on a jobs request: exit 2"
fakehub_requests >"$T_TMP/req6.json"
fakehub_reset
fakehub_fault '{"path": "/jobs$", "kind": "malformed", "count": 1}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/jobsbad.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "bad JSON on a jobs request: exit 2"
python3 - "$T_TMP/jobs403.json" "$T_TMP/req6.json" "$T_TMP/jobsbad.json" >"$T_TMP/checks4" <<"PY"
import json, sys
a, reqs, b = (json.load(open(x)) for x in sys.argv[1:4])
def ok(cond, what):
    print(0 if cond else 1, what)
r = a["repos"][0]
ok("rate limited until" in (r["error"] or "") and "primary" in r["error"], "jobs 403: the repository says why (%s)" % r["error"])
sent = [x for x in reqs if x["status"] == 403]
ok(len(sent) == 1 and a["api"]["wait_until"] == int(sent[0]["ratelimit_reset"]), "jobs 403: every repository waits until its reset")
ok(reqs and reqs[-1]["status"] == 403, "jobs 403: nothing sent after it (%s)" % [x["path"] for x in reqs])
ok(len(r["runs"]) > 0, "jobs 403: the runs are still shown")
r = b["repos"][0]
ok("jobs of run" in (r["error"] or "") and "JSON" in r["error"], "jobs bad JSON: the repository says so (%s)" % r["error"])
ok(len(r["runs"]) > 0, "jobs bad JSON: the runs are still shown")
PY
t_checks_from "$T_TMP/checks4"

# The budget running out for real (a fake with a limit of 3 per hour): the
# first poll spends it all, the next one is refused until the reset and shows
# the cached runs, stale.
fakehub_start --limit 3 --scenario "$top_srcdir/tests/fakehub/scenarios/basic.json"
fakehub_config "$T_TMP/config"
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/spend.json"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "limit 3: the first poll succeeds (exit 1, a failed run)"
fakehub_reset
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/spent.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "budget spent: exit 2"
fakehub_requests >"$T_TMP/req5.json"
python3 - "$T_TMP/spend.json" "$T_TMP/spent.json" "$T_TMP/req5.json" >"$T_TMP/checks3" <<"PY"
import json, sys
a, b, reqs = (json.load(open(x)) for x in sys.argv[1:4])
def ok(cond, what):
    print(0 if cond else 1, what)
ok(a["api"]["limit"] == 3 and a["api"]["remaining"] == 0, "the first poll used the whole budget (%s)" % a["api"])
ok(a["api"]["wait_until"] == a["api"]["reset"], "a success with remaining 0 makes every poller wait until the reset")
r = b["repos"][0]
ok(len(reqs) == 1 and reqs[0]["status"] == 403 and reqs[0]["ratelimit_remaining"] == "0",
   "one request, refused with 403 and remaining 0")
ok(b["api"]["wait_until"] == int(reqs[0]["ratelimit_reset"]) if reqs else False,
   "wait_until is the reset the fake sent")
ok("primary" in (r["error"] or "") and r["stale"], "the repository is stale and says why (%s)" % r["error"])
ok([x["id"] for x in r["runs"]] == [x["id"] for x in a["repos"][0]["runs"]], "the cached runs are still shown")
PY
t_checks_from "$T_TMP/checks3"
t_done
