#!/bin/sh
# opsdeck --once [--json] against fakehub: exact content, order, exit codes.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/out.json" 2>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "exit 1 when a workflow's latest run failed"
python3 - "$T_TMP/out.json" >"$T_TMP/checks" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
def ok(cond, what):
    print(0 if cond else 1, what)
ok(d["status"] == "failing", "status failing")
r = d["repos"][0]
ok(r["repo"] == "octo/hello" and r["verdict"] == "failed", "repo verdict failed")
ok(r["stale"] is False and r["error"] is None, "fresh, no error")
ids = [x["id"] for x in r["runs"]]
ok(ids == [30433643, 30433644, 30433642], "failing first, then running, then green: %s" % ids)
t = r["runs"][0]
ok(t["workflow"] == "Test" and t["branch"] == "main" and t["event"] == "push"
   and t["actor"] == "hubot" and t["conclusion"] == "failure"
   and t["verdict"] == "failed" and t["title"] == "Bump libfoo", "failed run fields")
ok(t["jobs_total"] == 2 and t["jobs_done"] == 2, "jobs of the failed run fetched")
dep = r["runs"][1]
ok(dep["status"] == "in_progress" and dep["verdict"] == "running"
   and dep["jobs_total"] == 3 and dep["jobs_done"] == 1, "running run with job progress 1/3")
ok(r["runs"][2]["jobs_total"] is None, "no jobs fetched for an old green run")
ok(d["api"]["limit"] == 5000 and d["api"]["remaining"] < 5000 and d["api"]["have_token"], "API budget from headers")
ok(r["runs"][2]["duration_s"] == 295, "duration of a completed run (%s)" % r["runs"][2]["duration_s"])
PY
t_checks_from "$T_TMP/checks"

"$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/out.txt" 2>&1
rc=$?
t_ok $([ $rc -eq 1 ] && echo 0 || echo 1) "text mode: exit 1 too"
grep -q '^x octo/hello' "$T_TMP/out.txt"
t_ok $? "text mode: repository line with the failed glyph"
grep -q 'x failed    Test' "$T_TMP/out.txt"
t_ok $? "text mode: the failed run, glyph and word"

fakehub_scenario green
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/green.json"
t_ok $? "exit 0 when everything is green"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["status"] != "ok")' "$T_TMP/green.json"
t_ok $? "status ok"

printf '[repo "octo/missing"]\n' >>"$T_TMP/config"
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/missing.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "exit 2 when a repository cannot be read"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[x for x in d["repos"] if x["repo"]=="octo/missing"][0]; sys.exit(not ("404" in r["error"] and r["stale"]))' "$T_TMP/missing.json"
t_ok $? "the unreadable repository says 404 and is stale"

# No token: say why a private repository would answer 404, in text and JSON.
fakehub_scenario basic
GH_ENTERPRISE_TOKEN= "$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/nt.txt" 2>"$T_TMP/nt.err"
head -1 "$T_TMP/nt.txt" | grep -q '(no token: private repositories answer 404)$'
t_ok $? "no token: the text's first line says so"
GH_ENTERPRISE_TOKEN= "$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/nt.json" 2>>"$T_TMP/nt.err"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not (d["warnings"] == ["no token: private repositories answer 404"] and d["api"]["have_token"] is False))' "$T_TMP/nt.json"
t_ok $? "no token: JSON warnings and api.have_token false"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["warnings"] != [])' "$T_TMP/out.json"
t_ok $? "with a token: no warning"
grep -q 'no token' "$T_TMP/out.txt"
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "with a token: the text says nothing of it"
cp "$T_TMP/config" "$T_TMP/config-empty"
printf '[github]\n\ttoken-command = true\n' >>"$T_TMP/config-empty"
GH_ENTERPRISE_TOKEN= "$OPSDECK" --config "$T_TMP/config-empty" --once --json >"$T_TMP/empty.json" 2>"$T_TMP/empty.err"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["warnings"] != ["no token: private repositories answer 404"])' "$T_TMP/empty.json"
t_ok $? "a token-command printing nothing: the same warning"
grep -q 'token-command printed no token' "$T_TMP/empty.err"
t_ok $? "  and stderr names token-command"

# -v with neither XDG_STATE_HOME nor HOME: an error, never a /tmp log.
fakehub_reset
env -u HOME -u XDG_STATE_HOME "$OPSDECK" --config "$T_TMP/config" --once -v \
    >/dev/null 2>"$T_TMP/nolog.err"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "-v without HOME or XDG_STATE_HOME: exit 2"
grep -q 'neither XDG_STATE_HOME nor HOME' "$T_TMP/nolog.err" && grep -q -- '--log-file' "$T_TMP/nolog.err"
t_ok $? "  saying so and naming --log-file"
[ "$(fakehub_requests)" = "[]" ]
t_ok $? "  before anything was sent"
env -u HOME -u XDG_STATE_HOME "$OPSDECK" --config "$T_TMP/config" --once -v \
    --log-file "$T_TMP/explicit.log" >/dev/null 2>&1
[ -s "$T_TMP/explicit.log" ]
t_ok $? "  with --log-file it logs there"

# A typo in the config is a warning at its line (the console still runs),
# and an error with --check-config (tests/integration/test_check_config.sh).
cp "$T_TMP/config" "$T_TMP/config-typo"
printf '[ui]\n\tlayot = stack\n' >>"$T_TMP/config-typo"
n=$(wc -l <"$T_TMP/config-typo")
fakehub_reset
"$OPSDECK" --config "$T_TMP/config-typo" --once >"$T_TMP/typo.out" 2>"$T_TMP/typo.err"
rc=$?
grep -q "octo/hello" "$T_TMP/typo.out"
t_ok $? "an unknown key: --once still runs and reports (exit $rc)"
grep -q "^opsdeck: warning: $T_TMP/config-typo:$n: unknown key 'ui.layot'; did you mean 'layout'?\$" "$T_TMP/typo.err"
t_ok $? "  a warning at FILE:LINE with the nearest name: $(cat "$T_TMP/typo.err")"
[ "$(fakehub_requests)" != "[]" ]
t_ok $? "  and the repositories were polled"
fakehub_reset
"$OPSDECK" --config "$T_TMP/config-typo" --check-config >/dev/null 2>"$T_TMP/typo.err"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "--check-config: the same typo is exit 2"
grep -q "^$T_TMP/config-typo:$n: unknown key 'ui.layot'; did you mean 'layout'?\$" "$T_TMP/typo.err"
t_ok $? "  at FILE:LINE: $(cat "$T_TMP/typo.err")"
[ "$(fakehub_requests)" = "[]" ]
t_ok $? "  and nothing was sent"
t_done
