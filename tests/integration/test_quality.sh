#!/bin/sh
# The quality source against fakehub: --once --json carries every commit's
# checks, annotations, coverage, score and gates; 403/404 on the alert
# endpoints is "no access"; --once exits 1 only when a gate the user set
# fails on a default branch head; a second poll is all conditional (304);
# a 500 on check runs is an error of that commit, not a crash; the token
# never shows.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin quality
fakehub_config "$T_TMP/plain" octo/svc octo/locked
cp "$T_TMP/plain" "$T_TMP/config"
cat >>"$T_TMP/config" <<'C'
[environment "production"]
	min-coverage = 80
	min-score = 90
	checks = required
	max-security = 0
	no-open-issues-labelled = release-blocker
C

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/a.json" 2>"$T_TMP/err"
rc=$?
t_ok $([ $rc -eq 1 ] && echo 0 || echo 1) "exit 1: production's gates fail on a default head (rc $rc)"
fakehub_requests >"$T_TMP/req1.json"
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/b.json" 2>>"$T_TMP/err"
fakehub_requests >"$T_TMP/req2.json"
python3 - "$T_TMP/a.json" "$T_TMP/b.json" "$T_TMP/req1.json" "$T_TMP/req2.json" >"$T_TMP/checks" <<"PY"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
r1 = json.load(open(sys.argv[3])); r2 = json.load(open(sys.argv[4]))
def ok(cond, what):
    print(0 if cond else 1, what)
q = {x["repo"]: x for x in a["quality"]}
ok(sorted(q) == ["octo/locked", "octo/svc"], "both repositories in quality")
svc = q["octo/svc"]
ok(svc["branch"] == "main" and svc["error"] is None and not svc["stale"], "default branch main, fresh")
ok(svc["deployed_read"] is True, "deployed SHAs read from the environments source ([environment \"production\"] applies: none deployed)")
labels = [c["label"] for c in svc["commits"]]
ok(labels == ["main", "#12 faster-orders", "#14 no-checks", "#15 \x1b[2J\u202eevil"],
   "default head then the open PRs' heads (#16's head is not a SHA: left out): %s" % labels)
h = svc["commits"][3]
ok(h["checks"]["failing"] == ["\x1b]0;owned\x07build"] and h["coverage"] == 12.0,
   "hostile names kept exact in JSON (escaped by it); coverage read from a title that starts with an escape sequence")
m = svc["commits"][0]
ok(m["sha"] == "a" * 39 + "1" and m["kind"] == "default", "the head's SHA from the combined status")
ok(m["checks"]["passed"] == 4 and m["checks"]["failed"] == 2 and m["checks"]["pending"] == 1
   and m["checks"]["skipped"] == 1, "mixed states counted: %s" % m["checks"])
ok(sorted(m["checks"]["failing"]) == ["ci/jenkins", "lint"], "failing names, check runs and statuses")
ok(m["annotations"] == {"notice": 1, "warning": 2, "failure": 1}, "annotations by level: %s" % m["annotations"])
ok(m["coverage"] == 85.23, "coverage from a check summary / codecov status: %s" % m["coverage"])
s = m["score"]
ok(s["score"] == 71 and s["lint"] == 2 and s["complex"] == 1 and s["security"] == 2
   and s["points"] == {"lint": 4, "complex": 5, "security": 20, "duplication": 0}, "score and parts: %s" % s)
ok(m["code_scanning"]["access"] == "read" and m["code_scanning"]["high"] == 1, "code scanning: one open high")
ok(m["dependabot"]["access"] == "read" and m["dependabot"]["critical"] == 1 and m["dependabot"]["low"] == 0,
   "Dependabot: the open critical one (the fixed one left out)")
g = {x["environment"]: x for x in m["gates"]}
ok(sorted(g) == ["production", "staging"], "gates of production (configured) and staging (defaults)")
p = {x["gate"]: x for x in g["production"]["gates"]}
ok(g["production"]["configured"] and not g["production"]["pass"] and g["production"]["failed"] == 4,
   "production fails 4 of 5")
ok(p["min-coverage"]["pass"] and not p["min-score"]["pass"] and not p["checks"]["pass"]
   and not p["max-security"]["pass"] and not p["no-open-issues-labelled"]["pass"], "each gate's verdict")
ok(p["no-open-issues-labelled"]["reason"] == "1 open issue labelled 'release-blocker'",
   "the open release blocker (a PR with the label left out)")
ok(all(x["set_by_user"] for x in p.values()), "every production gate is the user's")
st = g["staging"]
ok(not st["configured"] and st["pass"] and [x["gate"] for x in st["gates"]] == ["min-coverage"]
   and not st["gates"][0]["set_by_user"], "staging: the default 80 %% coverage gate, not the user's")
pr = svc["commits"][1]
ok(pr["coverage"] == 91.0 and pr["score"]["score"] == 90 and pr["green"], "PR #12: coveralls wording, green")
ok(pr["code_scanning"]["access"] == "read" and pr["code_scanning"]["high"] == 0,
   "PR #12: code scanning of refs/pull/12/merge")
nc = svc["commits"][2]
ok(nc["checks"]["passed"] == 0 and nc["checks"]["failed"] == 0 and nc["score"] is None
   and nc["coverage"] is None, "a commit with no checks at all: no score, no coverage")
ng = {x["environment"]: x for x in nc["gates"]}
reasons = {x["gate"]: x["reason"] for x in ng["production"]["gates"]}
ok(reasons["min-coverage"] == "no coverage reported (needs 80%)"
   and reasons["checks"] == "no check or status reported", "unknown is not a pass, saying so")
lk = q["octo/locked"]["commits"][0]
ok(lk["label"] == "trunk" and lk["coverage"] == 97.5, "another default branch name (trunk)")
ok(lk["code_scanning"]["access"] == "no_access" and lk["dependabot"]["access"] == "no_access"
   and lk["code_scanning"]["high"] is None, "403 and 404 on the alert endpoints: no access")
ok(lk["error"] is None and q["octo/locked"]["error"] is None, "  not an error")
paths = [x["path"] + "?" + x["query"] for x in r1]
ok(any("/commits/heads/main/check-runs" in x for x in paths) and
   any("/commits/heads/main/status" in x for x in paths), "the default head by heads/BRANCH")
ok(any("/check-runs/502/annotations" in x for x in paths), "annotations of a run that has some")
ok(not any("/check-runs/501/annotations" in x for x in paths), "none for a run without")
ok(any("ref=refs%2Fpull%2F12%2Fmerge" in x for x in paths), "code scanning of the PR's merge ref")
ok(any("labels=release-blocker" in x for x in paths), "open issues with the gate's label")
ok(all(x["method"] == "GET" for x in r1), "nothing but GETs")
new = r2[len(r1):]
qual = [x for x in new if "/actions/" not in x["path"] and x["path"] != "/rate_limit"]
ok(len(qual) > 10 and all(x["status"] in (304, 403, 404) for x in qual),
   "the second poll: quality requests conditional, all 304 (%d, %s)" % (len(qual),
   sorted(set(x["status"] for x in qual))))
qb = {x["repo"]: x for x in b["quality"]}
ok(qb["octo/svc"]["commits"][0]["score"] == s, "the same figures from the cache after 304s")
PY
t_checks_from "$T_TMP/checks"
! grep -q "ghp_FAKE" "$T_TMP/a.json" "$T_TMP/err"
t_ok $? "the token is not printed"

"$OPSDECK" --config "$T_TMP/plain" --once >"$T_TMP/plain.txt" 2>&1
rc=$?
grep -q 'quality #15 \^\[\[2J<U+202E>evil @eeeeeee' "$T_TMP/plain.txt" && ! grep -q "$(printf '\033')" "$T_TMP/plain.txt"
t_ok $? "text: a hostile branch name inert (^[[2J, <U+202E>), no escape byte on stdout"
t_ok $([ $rc -eq 0 ] && echo 0 || echo 1) "without a gate in the user's file: exit 0 (defaults do not fail --once) (rc $rc)"
grep -q 'quality main @aaaaaaa score 71 coverage 85.23% checks 4 ok 2 failed 1 pending 1 skipped; staging pass; production FAIL (min-coverage: coverage 85.23% < 95%)$' "$T_TMP/plain.txt"
t_ok $? "text: the default gates (production 95 %) shown"

printf '[quality]\n\tenabled = false\n' >>"$T_TMP/plain"
"$OPSDECK" --config "$T_TMP/plain" --once --json >"$T_TMP/off.json" 2>&1
python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["quality"] == [] else 1)' "$T_TMP/off.json"
t_ok $? "[quality] enabled = false: no quality source"

# The repository cannot be read: its last known commits, marked stale.
fakehub_fault '{"path": "/repos/octo/svc$", "kind": "500", "count": 5}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/s.json" 2>>"$T_TMP/err"
python3 - "$T_TMP/s.json" >"$T_TMP/checks" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
def ok(cond, what):
    print(0 if cond else 1, what)
q = {x["repo"]: x for x in d["quality"]}
s = q["octo/svc"]
ok(s["stale"] and "500" in (s["error"] or ""), "a 500 on the repository: stale, saying why (%s)" % s["error"])
ok([c["label"] for c in s["commits"]][:3] == ["main", "#12 faster-orders", "#14 no-checks"]
   and s["commits"][0]["score"]["score"] == 71, "  with the last known commits from the cache")
ok(not q["octo/locked"]["stale"], "  the other repository fresh")
PY
t_checks_from "$T_TMP/checks"
fakehub_reset

fakehub_fault '{"path": "/check-runs$", "kind": "500", "count": 50}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/c.json" 2>>"$T_TMP/err"
rc=$?
python3 - "$T_TMP/c.json" >"$T_TMP/checks" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
def ok(cond, what):
    print(0 if cond else 1, what)
q = {x["repo"]: x for x in d["quality"]}
m = q["octo/svc"]["commits"][0]
ok(m["error"] is not None and "500" in m["error"], "a 500 on check runs: the commit's error (%s)" % m["error"])
ok(m["checks"] is None and m["score"] is None, "  its checks and score unknown (statuses alone do not score)")
g = {x["environment"]: x for x in m["gates"]}
ok(not g["production"]["pass"], "  and its gates fail: unknown is not a pass")
PY
t_checks_from "$T_TMP/checks"
t_ok $([ $rc -eq 1 ] && echo 0 || echo 1) "  --once still exits 1 (rc $rc)"
t_done
