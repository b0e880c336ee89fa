#!/bin/sh
# Conditional requests: the second poll revalidates with If-None-Match, gets
# 304s that cost no API budget, and shows the same data.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/first.json"
fakehub_reset
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/second.json"
fakehub_requests >"$T_TMP/requests.json"
python3 - "$T_TMP/first.json" "$T_TMP/second.json" "$T_TMP/requests.json" \
    "$T_TMP/cache" >"$T_TMP/checks" <<"PY"
import json, os, stat, sys
a, b, reqs = (json.load(open(p)) for p in sys.argv[1:4])
cache = sys.argv[4]
def ok(cond, what):
    print(0 if cond else 1, what)
runs = [r for r in reqs if r["path"] == "/repos/octo/hello/actions/runs"]
ok(len(runs) == 1, "one runs request on the second poll")
ok(runs and runs[0]["if_none_match"] is not None and runs[0]["if_none_match"].startswith('"'),
   "it carried the stored ETag byte for byte")
ok(runs and runs[0]["status"] == 304, "and got 304 Not Modified")
ok(all(r["status"] == 304 for r in reqs), "every request of the second poll was a 304")
ok(b["api"]["not_modified"] == len(reqs) and len(reqs) > 0, "304s counted (%d)" % b["api"]["not_modified"])
ok(b["api"]["remaining"] == a["api"]["remaining"], "no API budget spent by 304s (%d)" % b["api"]["remaining"])
strip = lambda d: [[(x["id"], x["status"], x["conclusion"], x["jobs_done"]) for x in r["runs"]] for r in d["repos"]]
ok(strip(a) == strip(b), "the same runs from the cache")
st = os.stat(cache)
ok(stat.S_IMODE(st.st_mode) == 0o700, "cache dir is 0700")
entries = [os.path.join(cache, f) for f in os.listdir(cache)]
files = [f for f in entries if os.path.isfile(f)]
dirs = [f for f in entries if os.path.isdir(f)]
ok(files and all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files), "cache files are 0600")
ok(all(stat.S_IMODE(os.stat(d).st_mode) == 0o700 for d in dirs), "directories in it (logs/) are 0700 (%s)" % [os.path.basename(d) for d in dirs])
ok(all(r["user_agent"].startswith("opsdeck/") and r["api_version"] == "2022-11-28"
       and r["accept"] == "application/vnd.github+json" for r in reqs), "request headers as GitHub asks")
PY
t_checks_from "$T_TMP/checks"

# An endpoint that sends Last-Modified but no ETag: the client revalidates
# with If-Modified-Since instead (a cache of its own, so no old ETag helps).
fakehub_scenario basic '{"etags": false}'
sed "s|$T_TMP/cache|$T_TMP/cache-lm|" "$T_TMP/config" >"$T_TMP/config-lm"
fakehub_reset
"$OPSDECK" --config "$T_TMP/config-lm" --once --json >"$T_TMP/lm1.json"
fakehub_requests >"$T_TMP/lmreq1.json"
fakehub_reset
"$OPSDECK" --config "$T_TMP/config-lm" --once --json >"$T_TMP/lm2.json"
fakehub_requests >"$T_TMP/lmreq2.json"
python3 - "$T_TMP/lm1.json" "$T_TMP/lmreq1.json" "$T_TMP/lm2.json" \
    "$T_TMP/lmreq2.json" >"$T_TMP/checks2" <<"PY"
import json, sys
a, r1, b, r2 = (json.load(open(p)) for p in sys.argv[1:5])
def ok(cond, what):
    print(0 if cond else 1, what)
ok(r1 and all(r["status"] == 200 and r["if_none_match"] is None for r in r1), "no ETag: the first poll is all 200s")
ok(r2 and all(r["if_modified_since"] and r["if_none_match"] is None for r in r2),
   "the second poll sends If-Modified-Since (%s)" % (r2 and r2[0]["if_modified_since"]))
ok(r2 and all(r["status"] == 304 for r in r2), "and gets 304s")
ok(b["api"]["remaining"] == a["api"]["remaining"], "for free")
strip = lambda d: [[(x["id"], x["status"], x["conclusion"], x["jobs_done"]) for x in r["runs"]] for r in d["repos"]]
ok(strip(a) == strip(b) and len(a["repos"][0]["runs"]) == 3, "the same runs from the cache")
PY
t_checks_from "$T_TMP/checks2"
t_done
