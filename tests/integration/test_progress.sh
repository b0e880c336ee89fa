#!/bin/sh
# A run's life over fake time: queued, in progress with its jobs finishing one
# by one, then failed. Each --once sees the state of its moment; a changed
# state is a new ETag, so nothing stale is served from the cache.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin progress

poll() {	# poll NAME: --once --json into $T_TMP/NAME.json, exit status in NAME.rc
	"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/$1.json" 2>>"$T_TMP/err"
	echo $? >"$T_TMP/$1.rc"
}
poll queued
fakehub_advance 40
poll running
fakehub_advance 30
poll half
fakehub_advance 30
poll done
fakehub_requests >"$T_TMP/req.json"
python3 - "$T_TMP" >"$T_TMP/checks" <<"PY"
import json, os, sys
t = sys.argv[1]
def ok(cond, what):
    print(0 if cond else 1, what)
def get(name):
    d = json.load(open(os.path.join(t, name + ".json")))
    rc = int(open(os.path.join(t, name + ".rc")).read())
    return d, d["repos"][0], d["repos"][0]["runs"][0], rc
d, r, x, rc = get("queued")
ok(x["id"] == 50000001 and x["status"] == "queued" and x["verdict"] == "queued", "t=0: queued (%s)" % x["verdict"])
ok(r["verdict"] == "queued" and rc == 0, "t=0: repo queued, exit 0 (%d)" % rc)
d, r, x, rc = get("running")
ok(x["status"] == "in_progress" and x["verdict"] == "running" and r["verdict"] == "running", "t=40: running")
ok((x["jobs_total"], x["jobs_done"]) == (2, 0), "t=40: jobs 0/2 (%s/%s)" % (x["jobs_done"], x["jobs_total"]))
d, r, x, rc = get("half")
ok(x["verdict"] == "running" and (x["jobs_total"], x["jobs_done"]) == (2, 1), "t=70: jobs 1/2 (%s/%s)" % (x["jobs_done"], x["jobs_total"]))
d, r, x, rc = get("done")
ok(x["status"] == "completed" and x["conclusion"] == "failure" and x["verdict"] == "failed", "t=100: failed")
ok(r["verdict"] == "failed" and d["status"] == "failing" and rc == 1, "t=100: repo failed, exit 1 (%d)" % rc)
reqs = json.load(open(os.path.join(t, "req.json")))
runs = [q for q in reqs if q["path"].endswith("/actions/runs")]
# The run itself stays in_progress from t=30 to t=90: only its jobs change.
ok([q["status"] for q in runs] == [200, 200, 304, 200], "the runs list: new, changed, 304 while unchanged, changed (%s)" % [q["status"] for q in runs])
ok(all(q["if_none_match"] for q in runs[1:]), "with the previous ETag each time")
jobs = [q for q in reqs if q["path"].endswith("/jobs")]
ok(len(jobs) >= 3 and all(q["status"] == 200 for q in jobs[:3]), "the jobs list changed at each of the first three polls (%s)" % [q["status"] for q in jobs])
PY
t_checks_from "$T_TMP/checks"
t_done
