#!/bin/sh
# Issue 13 leftovers: each environment's health in --once and --once
# --json, against fakehub (envhealth: octo/svc deployed c55732b to
# production about 2 minutes ago) and probes of our own on 127.0.0.1: the
# worst state of the checks whose `environment =` names it, "owner/name
# env" for one repository only, the after-deploy verdict of the current
# deployment while it is news, null for an environment without checks.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin envhealth
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
fakehub_config "$T_TMP/config" octo/svc octo/web
cat >>"$T_TMP/config" <<EOF2
[repo "octo/svc"]
	deploy-workflow = deploy.yml
[environment "octo/web production"]
	readonly = true
[check "api"]
	kind = tcp
	address = 127.0.0.1:$DEAD
	timeout = 2s
	environment = production
[check "stg"]
	kind = command
	command = true
	environment = staging
[check "web-only"]
	kind = command
	command = false
	environment = octo/web production
[check "elsewhere"]
	kind = command
	command = true
EOF2

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/out.json" 2>"$T_TMP/err"
rc=$?
t_ok $([ $rc -eq 2 ] && echo 0 || echo 1) "--once --json: exit 2, a check is crit (got $rc)"
python3 - "$T_TMP/out.json" >"$T_TMP/checks" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
def ok(cond, what):
    print(0 if cond else 1, what)
repos = {r["repo"]: r for r in d["repos"]}
svc = {e["name"]: e for e in repos["octo/svc"]["environments"]["list"]}
web = {e["name"]: e for e in repos["octo/web"]["environments"]["list"]}
p = svc["production"]
ok(p["sha"].startswith("c55732b"), "octo/svc production runs c55732b, deployed lately (%s)" % p["sha"])
h = p["health"]
ok(h is not None and h["state"] == "crit" and h["checks"] == 1 and h["not_ok"] == 1
   and h["worst"] == "api", "  its health: crit, one check, api (%r)" % (h,))
a = h and h["after_deploy"]
ok(a is not None and a["verdict"] == "bad" and a["state"] == "crit" and a["check"] == "api"
   and a["sha"].startswith("c55732b") and 100 <= a["after_s"] <= 200,
   "  the verdict: went crit about 2 min after the deploy (%r)" % (a,))
ok(a is not None and a["text"] in ("crit 1 min after deploy of c55732b",
   "crit 2 min after deploy of c55732b", "crit 3 min after deploy of c55732b"),
   "  in words: %r" % (a and a["text"]))
s = svc["staging"]["health"]
ok(s is not None and s["state"] == "ok" and s["checks"] == 1 and s["not_ok"] == 0
   and s["after_deploy"] is None, "staging: ok, an old deploy is no news (%r)" % (s,))
ok(svc["dev"]["health"] is None, "dev: no check names it: null")
w = web["production"]["health"]
ok(w is not None and w["state"] == "crit" and w["checks"] == 2 and w["not_ok"] == 2,
   "octo/web production: api and its own check (%r)" % (w,))
ok(w is not None and w["after_deploy"] is None, "  deployed 22 h ago: no verdict")
ok(all(e["health"] is None for n, e in web.items() if n != "production"),
   "octo/web's other environments: null")
ok(all("health" in e for e in list(svc.values()) + list(web.values())),
   "every environment row has the key")
PY
t_checks_from "$T_TMP/checks"

"$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/out.txt" 2>/dev/null
rc=$?
[ -n "${T_KEEP:-}" ] && t_diag "$(cat "$T_TMP/out.txt")"
grep -E '^  env production .*health (✗|x) crit \(api\): crit [123] min after deploy of c55732b$' "$T_TMP/out.txt" >/dev/null
t_ok $? "text: octo/svc production's health and verdict on its line"
grep -E '^  env staging .*health (✓|\+) ok$' "$T_TMP/out.txt" >/dev/null
t_ok $? "text: staging ok, no verdict"
! grep -E '^  env dev .*health' "$T_TMP/out.txt" >/dev/null
t_ok $? "text: nothing for an environment without checks"
t_ok $([ $rc -eq 2 ] && echo 0 || echo 1) "text: exit 2 (got $rc)"
t_done
