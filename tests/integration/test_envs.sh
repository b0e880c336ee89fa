#!/bin/sh
# Environments in --once and --once --json against fakehub (issue 10): two
# repositories' environments with their SHAs, counts behind, in-flight
# deploys and policy marks; hostile names never reach stdout raw; the
# commits behind come from a local clone when the repo has a path (no
# compare request); a failing environments endpoint is exit 2, stale.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin envs
fakehub_config "$T_TMP/config" octo/svc octo/web
cat >>"$T_TMP/config" <<'CONF'
[repo "octo/svc"]
	deploy-workflow = deploy.yml
[environment "staging"]
	color = bold cyan
[environment "octo/web production"]
	readonly = true
CONF

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/out.json" 2>"$T_TMP/err"
t_ok $? "--once --json: exit 0 (the environments were read; a failed deploy is no failing run)"
python3 - "$T_TMP/out.json" >"$T_TMP/checks" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
def ok(cond, what):
    print(0 if cond else 1, what)
repos = {r["repo"]: r for r in d["repos"]}
svc = repos["octo/svc"]["environments"]
ok(svc is not None and svc["stale"] is False and svc["error"] is None, "octo/svc environments fresh")
ok(svc["default_branch"] == "main" and svc["head_sha"].startswith("c55732b"), "default branch and head")
ok([e["name"] for e in svc["list"]] == ["dev", "staging", "production"], "promotion order from GitHub")
e = {x["name"]: x for x in svc["list"]}
ok(e["production"]["sha"].startswith("d9f9be1") and e["production"]["creator"] == "hubot"
   and e["production"]["last_state"] == "failure", "production: d9f9be1 by hubot, last deploy failed")
ok(e["production"]["deployment_id"] == 102 and e["production"]["deployed_at"].endswith("Z"), "deployment id and time")
ok(e["production"]["behind_previous"] == 2 and e["production"]["behind_default_branch"] == 3, "production 2 behind staging, 3 behind main")
ok(e["production"]["in_flight"] is True and e["production"]["in_flight_run_id"] == 40000001, "the waiting deploy run is in flight")
ok(e["production"]["protected"] is True and e["staging"]["protected"] is False, "protected by the name")
ok(e["staging"]["color"] == "bold cyan" and e["dev"]["color"] is None, "colour from [environment]")
ok(e["dev"]["behind_previous"] is None and e["dev"]["behind_default_branch"] == 0, "dev: first, at the head")
g = e["production"]["going_out"]
ok(g is not None and g["target"] == e["staging"]["sha"] and g["count"] == 2
   and [c["subject"] for c in g["commits"]] == ["Faster orders page", "Add the orders table"]
   and g["commits"][0]["sha"].startswith("e8c6fe4") and g["commits"][0]["time"].endswith("Z")
   and g["risky"] == ["migrations/003_orders.sql"] and g["risky_cut"] is False,
   "production: going out to what staging runs, 2 commits newest first, the migration risky (%s)" % g)
ok(e["dev"]["going_out"]["count"] == 0 and e["dev"]["going_out"]["commits"] == [], "dev: nothing going out, it runs the head")
ok(svc["behind_from"] == "compare API", "counts from the compare API (no clone)")
web = {x["name"]: x for x in repos["octo/web"]["environments"]["list"]}
ok(web["production"]["readonly"] is True and web["production"]["run_id"] == 50000001, "octo/web production: readonly, its run")
ok(web["dev"]["in_flight"] is True and web["dev"]["in_flight_deployment_id"] == 503, "octo/web dev: a deployment in progress")
PY
t_checks_from "$T_TMP/checks"

# Environments, quality and health checks in one snapshot; the exit code
# is the worst of all: a crit check is 2 beside fresh environments.
cp "$T_TMP/config" "$T_TMP/all.conf"
printf '[check "up"]\n\tkind = command\n\tcommand = false\n' >>"$T_TMP/all.conf"
"$OPSDECK" --config "$T_TMP/all.conf" --once --json >"$T_TMP/all.json" 2>/dev/null
rc=$?
t_ok $([ $rc -eq 2 ] && echo 0 || echo 1) "--once --json with a crit check beside the environments: exit 2 (got $rc)"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["repo"]: x for x in d["repos"]}
sys.exit(not (r["octo/svc"]["environments"] is not None and not r["octo/svc"]["environments"]["stale"]
    and "quality" in d and [c["name"] for c in d["checks"]] == ["up"] and d["checks"][0]["state"] == "crit"))
' "$T_TMP/all.json"
t_ok $? "  the JSON has the environments, quality and the check"
"$OPSDECK" --config "$T_TMP/all.conf" --once >"$T_TMP/all.txt" 2>/dev/null
rc=$?
grep -q '^  env production ' "$T_TMP/all.txt" && grep -q 'check up  *crit' "$T_TMP/all.txt"
t_ok $([ $? -eq 0 ] && [ $rc -eq 2 ] && echo 0 || echo 1) "  and the text: env lines and the check, exit 2 (got $rc)"

"$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/out.txt" 2>&1
grep -q '^  env production *\[P\] *d9f9be1 .* hubot .*-2 prev  -3 default  failure *in flight$' "$T_TMP/out.txt"
t_ok $? "text: production's line with its mark, SHA, who, counts, state"
grep -q '^  env production *\[P\]\[RO\] *1111111 ' "$T_TMP/out.txt"
t_ok $? "text: octo/web production marked protected and readonly"

# A colour that is neither an element nor a colour: refused at its line.
cp "$T_TMP/config" "$T_TMP/badcolour.conf"
printf '[environment "octo/svc dev"]\n\tcolor = bold purple\n' >>"$T_TMP/badcolour.conf"
line=$(wc -l <"$T_TMP/badcolour.conf")
"$OPSDECK" --config "$T_TMP/badcolour.conf" --once >/dev/null 2>"$T_TMP/badcolour.err"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "a bad [environment] color: exit 2"
grep -q "badcolour.conf:$line: key 'environment.octo/svc dev.color': .*'bold purple'" "$T_TMP/badcolour.err"
t_ok $? "  the message names its file, line and key"

# Hostile names: escapes and bidi controls never reach stdout raw.
fakehub_scenario envs-hostile
fakehub_config "$T_TMP/evil.conf" octo/evil
printf '\tdeploy-workflow = deploy.yml\n' >>"$T_TMP/evil.conf"
"$OPSDECK" --config "$T_TMP/evil.conf" --once >"$T_TMP/evil.txt" 2>&1
if LC_ALL=C grep -q "$(printf '\033')" "$T_TMP/evil.txt" || grep -q "$(printf '\342\200\256')" "$T_TMP/evil.txt"; then
	t_ok 1 "hostile names: no escape or bidi override in the text"
else
	t_ok 0 "hostile names: no escape or bidi override in the text"
fi
grep -q 'env .*red' "$T_TMP/evil.txt"
t_ok $? "  the name is shown, made inert"
"$OPSDECK" --config "$T_TMP/evil.conf" --once --json >"$T_TMP/evil.json" 2>&1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); l=d["repos"][0]["environments"]["list"]; sys.exit(not (len(l) == 4 and l[0]["name"] == "\x1b[31mred\x1b[0m"))' "$T_TMP/evil.json"
t_ok $? "  JSON: the exact name, escaped by JSON"

# A local clone: counts from its history, no compare request.
command -v git >/dev/null 2>&1 || { t_done; exit $?; }
C="$T_TMP/clone"
(
	export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
	export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com
	export GIT_COMMITTER_NAME=Ann GIT_COMMITTER_EMAIL=ann@example.com
	git init -q -b main "$C" && cd "$C" &&
	for i in 1 2 3 4 5; do
		echo $i >f$i; git add f$i
		if [ $i = 3 ]; then mkdir migrations; echo x >migrations/006.sql; git add migrations; fi
		git commit -q -m "c$i"
	done
) || { t_ok 1 "make the clone"; t_done; exit 1; }
git -C "$C" log --format=%H --reverse >"$T_TMP/shas"
python3 - "$T_TMP/shas" "$T_TMP/local.json" <<"PY"
import json, sys
s = open(sys.argv[1]).read().split()
repo = {"name": "octo/local", "default_branch": "main",
        "commits": [{"sha": x, "message": "c%d" % i, "created": -1000 + i, "files": ["f%d" % i]}
                    for i, x in enumerate(s)],
        "environments": [{"name": "dev", "id": 1}, {"name": "production", "id": 2}],
        "deployments": [
            {"id": 1, "environment": "dev", "sha": s[3], "created": -100,
             "statuses": [{"id": 11, "state": "success", "created": -90}]},
            {"id": 2, "environment": "production", "sha": s[1], "created": -200,
             "statuses": [{"id": 21, "state": "success", "created": -190}]}]}
json.dump({"repos": [repo]}, open(sys.argv[2], "w"))
PY
_fakehub_post /__control/scenario "{\"path\": \"$T_TMP/local.json\"}"
fakehub_reset
fakehub_config "$T_TMP/local.conf" octo/local
printf '\tpath = %s\n\tenvironments = dev production\n' "$C" >>"$T_TMP/local.conf"
"$OPSDECK" --config "$T_TMP/local.conf" --once --json >"$T_TMP/local.out" 2>"$T_TMP/local.err"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = d["repos"][0]["environments"]
l = {x["name"]: x for x in e["list"]}
sys.exit(not (e["behind_from"] == "local clone" and l["production"]["behind_previous"] == 2
              and l["production"]["behind_default_branch"] == 3 and l["dev"]["behind_default_branch"] == 1))
' "$T_TMP/local.out"
t_ok $? "local clone: production 2 behind dev, 3 behind main; dev 1 behind"
python3 -c '
import json, sys
l = {x["name"]: x for x in json.load(open(sys.argv[1]))["repos"][0]["environments"]["list"]}
g = l["production"]["going_out"]
sys.exit(not (g["count"] == 2 and [c["subject"] for c in g["commits"]] == ["c4", "c3"]
              and g["commits"][1]["author"] == "Ann" and g["risky"] == ["migrations/006.sql"]))
' "$T_TMP/local.out"
t_ok $? "local clone: the commits going out to production from its history, the migration risky"
fakehub_requests | python3 -c 'import json,sys; sys.exit(any("/compare/" in r["path"] for r in json.load(sys.stdin)))'
t_ok $? "  and no compare request"

# The environments endpoint failing: exit 2, stale with the reason.
fakehub_fault '{"path": "octo/local/environments$", "kind": "500", "count": 5}'
"$OPSDECK" --config "$T_TMP/local.conf" --once --json >"$T_TMP/fail.json" 2>"$T_TMP/fail.err"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "environments failing: exit 2"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["repos"][0]["environments"]; sys.exit(not (e["stale"] and "500" in e["error"]))' "$T_TMP/fail.json"
t_ok $? "  stale, the error names the 500"
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["repos"][0]["environments"]; sys.exit(not ([x["name"] for x in e["list"]] == ["dev", "production"] and e["list"][1]["behind_previous"] == 2))' "$T_TMP/fail.json"
t_ok $? "  the last known environments from the disk cache, still shown"
t_done
