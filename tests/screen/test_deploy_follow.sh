#!/bin/sh
# After D (deploy) sends its workflow_dispatch and GitHub answers 204 with
# no body (fakehub's "dispatch_details": false, as GHES does), opsdeck
# finds the run the dispatch started (it shows in the runs list only a
# few seconds later) and follows it: the status line goes queued ->
# in_progress -> "completed, success" on fakehub's clock (advanced by
# the test); after the one
# POST only GETs are sent (the workflow's dispatched runs on the ref,
# then the run by id); the audit journal gets a run record with the run's
# id and conclusion, never the token. A second deploy that fails says
# "completed, failure"; quitting while a run is followed journals what
# was known of it.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
fakehub_start --writes --scenario "$top_srcdir/tests/fakehub/scenarios/deploy.json"
fakehub_scenario deploy '{"dispatch_details": false, "dispatch_delay": 3, "dispatch_states": [{"after": 30, "status": "in_progress"}, {"after": 90, "status": "completed", "conclusion": "success"}]}'
fakehub_env
fakehub_config "$T_TMP/config" octo/svc
printf '[repo "octo/svc"]\n\tdeploy-workflow = deploy.yml\n' >>"$T_TMP/config"
DISPATCH=/repos/octo/svc/actions/workflows/deploy.yml/dispatches
JOURNAL="$XDG_STATE_HOME/opsdeck/audit.jsonl"
status() { tmux_screen | sed -n '40p'; }
# The run id the status line names.
run_id() { status | sed -n 's/.*: run \([0-9][0-9]*\) .*/\1/p'; }

tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 '#3 Faster orders page'
t_ok $? "the runs appear"
tmux_keys E
tmux_wait_for 15 'production +\[P\]'
t_ok $? "E: the environments view"
fakehub_reset

# --- dev: 204, the run found later, followed to success ---
tmux_keys D
tmux_wait_for 5 'Deploy to dev\?'
t_ok $? "D on dev: the dialog"
tmux_keys Enter Enter
tmux_wait_for 10 'deploy octo/svc dev c55732b60662: done, HTTP 204, request [0-9A-F:]+; finding its run'
t_ok $? "a 204: done, and it looks for the run: $(status)"
tmux_wait_for 20 'deploy of dev: run [0-9]+ queued'
t_ok $? "found once listed, queued: $(status)"
RUN=$(run_id)
fakehub_advance 30
tmux_wait_for 15 "deploy of dev: run $RUN in_progress"
t_ok $? "in_progress on the fake's clock: $(status)"
fakehub_advance 60
tmux_wait_for 15 "deploy of dev: run $RUN completed, success"
t_ok $? "completed, success: $(status)"

fakehub_requests >"$T_TMP/reqs"
python3 - "$T_TMP/reqs" "$DISPATCH" "$RUN" >"$T_TMP/checks" <<"PY"
import json, sys
reqs, dispatch, run = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
muts = [i for i, r in enumerate(reqs) if r["method"] != "GET"]
print(0 if len(muts) == 1 and reqs[muts[0]]["path"] == dispatch and reqs[muts[0]]["method"] == "POST" else 1,
      "one POST, the dispatch (%s)" % [(r["method"], r["path"]) for r in reqs if r["method"] != "GET"])
after = reqs[muts[0] + 1:] if muts else []
print(0 if after and all(r["method"] == "GET" for r in after) else 1, "only GETs after it (%d)" % len(after))
finds = [i for i, r in enumerate(after) if r["path"] == "/repos/octo/svc/actions/workflows/deploy.yml/runs"
         and r["query"] == "event=workflow_dispatch&branch=main&per_page=20"]
byid = [i for i, r in enumerate(after) if r["path"] == "/repos/octo/svc/actions/runs/" + run]
print(0 if finds else 1, "looked for among the workflow's dispatched runs on main (%d GETs)" % len(finds))
print(0 if len(byid) >= 2 and all(after[i]["status"] in (200, 304) for i in byid) else 1,
      "then followed by id (%d GETs of run %s)" % (len(byid), run))
print(0 if finds and byid and max(finds) < min(byid) else 1, "no more looking once found")
PY
t_checks_from "$T_TMP/checks"
python3 - "$JOURNAL" "$RUN" "$GH_TOKEN" >"$T_TMP/checks" <<"PY"
import json, sys
raw = open(sys.argv[1]).read()
lines = [json.loads(l) for l in raw.splitlines()]
intent = [l for l in lines if l.get("phase") == "intent" and l.get("environment") == "dev"]
runs = [l for l in lines if l.get("phase") == "run"]
ok = len(intent) == 1 and len(runs) == 1 and runs[0]["id"] == intent[0]["id"]
print(0 if ok and runs[0]["run_id"] == int(sys.argv[2]) and runs[0]["conclusion"] == "success"
      and runs[0]["status"] == "completed" and runs[0]["error"] is None else 1,
      "the journal: a run record of the deploy, run %s, success (%s)" % (sys.argv[2], runs))
print(0 if sys.argv[3] not in raw and "ghp_" not in raw else 1, "no token in the journal")
PY
t_checks_from "$T_TMP/checks"

# --- staging: a run that fails says so ---
fakehub_scenario deploy '{"dispatch_details": false, "dispatch_states": [{"after": 0, "status": "in_progress"}, {"after": 20, "status": "completed", "conclusion": "failure"}]}'
tmux_keys j D
tmux_wait_for 5 'Deploy to staging\?'
t_ok $? "D on staging: the dialog"
tmux_keys Enter Enter
tmux_wait_for 20 'deploy of staging: run [0-9]+ in_progress'
t_ok $? "found, in_progress: $(status)"
RUN=$(run_id)
fakehub_advance 30
tmux_wait_for 15 "deploy of staging: run $RUN completed, failure"
t_ok $? "completed, failure: $(status)"
grep -q "\"phase\":\"run\",\"run_id\":$RUN,\"status\":\"completed\",\"conclusion\":\"failure\"" "$JOURNAL"
t_ok $? "the journal has the failure of run $RUN"

# --- dev again: quitting while its run is queued keeps what is known ---
fakehub_scenario deploy '{"dispatch_details": false, "dispatch_states": []}'
tmux_keys k D
tmux_wait_for 5 'Deploy to dev\?'
t_ok $? "D on dev again: the dialog"
tmux_keys Enter Enter
tmux_wait_for 20 'deploy of dev: run [0-9]+ queued'
t_ok $? "found, queued: $(status)"
RUN=$(run_id)
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "q quits while following"
grep -q "\"phase\":\"run\",\"run_id\":$RUN,\"status\":\"queued\",\"conclusion\":null,\"error\":\"opsdeck quit while following it\"" "$JOURNAL"
t_ok $? "the journal says run $RUN was queued when opsdeck quit"
t_done
