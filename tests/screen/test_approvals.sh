#!/bin/sh
# Release approvals (issue 11): A opens the queue of every waiting run's
# pending deployments across repositories; an item this token cannot
# review is dim with the reason and cannot be marked; Space marks, a
# approves the batch through one dialog (what ships, risky paths, CI and
# gates per item, the protected environment's name typed, a comment
# required), one POST per item with the exact body, the run moves on; x
# rejects and the run completes; a 422 for an item no longer pending is
# shown for that item and nothing is retried; --readonly shows the queue
# and refuses with the reason.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
fakehub_start --writes --scenario "$top_srcdir/tests/fakehub/scenarios/approvals.json"
fakehub_env
fakehub_config "$T_TMP/config" octo/svc octo/web
printf '[repo "octo/svc"]\n\tdeploy-workflow = deploy.yml\n[repo "octo/web"]\n\tdeploy-workflow = deploy.yml\n' >>"$T_TMP/config"
# The queue is not re-read under the test's feet (the 422 case).
cp "$T_TMP/config" "$T_TMP/slow.conf"
printf '[ui]\n\tfast-interval = 1h\n\tinterval = 1h\n' >>"$T_TMP/slow.conf"
PD=pending_deployments

writes() {
	fakehub_requests | python3 -c 'import json, sys
for r in json.load(sys.stdin):
    if r["method"] != "GET":
        print(r["method"], r["path"], r.get("body"))'
}
nwrites() { writes | wc -l | tr -d ' '; }
status() { tmux_screen | tail -1; }
# go N: the Nth item of the queue (1-based) selected.
go() { tmux_keys g; _i=1; while [ $_i -lt "$1" ]; do tmux_keys j; _i=$((_i + 1)); done; }
row_of() { tmux_screen | grep -n -- "$1" | head -1 | cut -d: -f1; }

tmux_start 220 50 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 'Deploy c55732b'
t_ok $? "the runs appear"
tmux_keys A
tmux_wait_for 15 'Pending approvals: 4, 3 this token may review, 0 marked'
t_ok $? "A: the queue, four pending deployments across two repositories, three this token may review"
tmux_screen >"$T_TMP/q"
grep -q -E ' - +octo/svc +#11 +Deploy +production +\[P\] c55732b .*cannot: this token is not a required reviewer' "$T_TMP/q"
t_ok $? "the one it may not review: no mark box, the reason"
grep -q -E '\[ \] octo/web +#3 +Deploy +production +\[P\] b2b2b2b Monalisa Octo.*ships 1 \(risky\).*reviewers octocat' "$T_TMP/q" &&
    grep -q -E '\[ \] octo/svc +#12 +Deploy +production +\[P\] e8c6fe4 .*timer 30m' "$T_TMP/q"
t_ok $? "repo, run, workflow, environment, commit and its author, what ships, wait timer, reviewers"
first=$(row_of 'Pending approvals')
grey=$(( $(row_of 'cannot: this token') - first ))
go "$grey"; tmux_keys Space
tmux_wait_for 5 'cannot be marked: this token is not a required reviewer'
t_ok $? "Space on it: cannot be marked, says why"
$T_TMUX capture-pane -p -e -t t | grep 'cannot: this token' | grep -q "$(printf '\033')\[2m"
t_ok $? "  and it is drawn dim"
for n in 1 2 3 4; do [ "$n" = "$grey" ] || { go "$n"; tmux_keys Space; }; done
tmux_wait_for 5 'Pending approvals: 4, 3 this token may review, 3 marked'
t_ok $? "Space on the other three: three marked"
fakehub_reset
tmux_keys a
tmux_wait_for 5 'Approve 3 pending deployments\?'
t_ok $? "a: one dialog for the batch"
tmux_screen >"$T_TMP/dlg"
grep -q -E '1\. octo/svc run #11 Deploy -> staging' "$T_TMP/dlg" &&
    grep -q -E 'octo/web run #3 Deploy -> production  \(protected\)' "$T_TMP/dlg" &&
    grep -q -E 'Ships +1 commit, 1 risky path' "$T_TMP/dlg" &&
    grep -q -E '! risky +k8s/web.yaml' "$T_TMP/dlg" &&
    grep -q -E 'CI of SHA ' "$T_TMP/dlg" &&
    grep -q -E 'Gates +(staging|production)' "$T_TMP/dlg" &&
    grep -q 'Type production to confirm (protected)' "$T_TMP/dlg" &&
    grep -q 'Comment (required' "$T_TMP/dlg"
t_ok $? "each item: repo, run, environment, what ships with the risky path, CI, gates; the protected name; the comment"
tmux_keys Enter Enter
tmux_wait_for 5 'type production to confirm'
t_ok $? "Enter, Enter without the name: still open, says so"
tmux_screen >"$T_TMP/dlg2"
tmux_keys p r o d u c t i o n Enter Enter
tmux_wait_for 5 'Comment .*: (required|at least 8 characters)'
t_ok $? "no comment: still open, says it is required"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "nothing sent"
tmux_keys S h i p Space r e l e a s e Space 4 2 Enter
tmux_wait_for 40 'Pending approvals: 1, 0 this token may review'
t_ok $? "approved: the queue keeps only the one it may not review"
writes >"$T_TMP/w"
python3 - "$T_TMP/w" >"$T_TMP/checks" <<"PY"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
print(0 if len(lines) == 3 else 1, "exactly three requests for a batch of three across two repositories (%d)" % len(lines))
got = {}
for l in lines:
    m, p, body = l.split(" ", 2)
    got[p] = (m, json.loads(body))
want = {"/repos/octo/svc/actions/runs/70000001/pending_deployments": 161088068,
        "/repos/octo/svc/actions/runs/70000002/pending_deployments": 161171787,
        "/repos/octo/web/actions/runs/71000001/pending_deployments": 262000001}
for p, env in want.items():
    m, b = got.get(p, ("", {}))
    print(0 if m == "POST" and b == {"environment_ids": [env], "state": "approved", "comment": "Ship release 42"} and list(b) == ["environment_ids", "state", "comment"] else 1,
          "POST %s with exactly {environment_ids: [%d], state: approved, comment} (%s)" % (p, env, b))
PY
t_checks_from "$T_TMP/checks"
tmux_screen | grep -c -E '(✓|ok) approve octo/(svc|web) run [0-9]+ (staging|production): done, HTTP 200' | grep -q '^3$'
t_ok $? "the result of each item under Latest reviews"
python3 - "$FAKEHUB_URL" <<"PY"
import json, sys, urllib.request, os
r = urllib.request.Request(sys.argv[1] + "/repos/octo/svc/actions/runs/70000002",
    headers={"Authorization": "Bearer " + os.environ["GH_TOKEN"]})
run = json.load(urllib.request.urlopen(r, timeout=10))
sys.exit(0 if run["status"] == "in_progress" else 1)
PY
t_ok $? "the run with nothing left to review moves on (in_progress)"
j="$XDG_STATE_HOME/opsdeck/audit.jsonl"
[ "$(grep -c '"phase":"intent".*"action":"approve"' "$j")" = 3 ] && grep -q '"reason":"Ship release 42"' "$j" &&
    ! grep -q "$GH_TOKEN" "$j"
t_ok $? "each approval journaled with its comment, never the token"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "q quits"

# --- reject, and a 422 for one no longer pending ---
fakehub_scenario approvals
fakehub_reset
$T_TMUX kill-server 2>/dev/null
tmux_start 220 50 "TERM=screen-256color $OPSDECK --config $T_TMP/slow.conf; echo opsdeck-exited-\$?"
tmux_wait_for 15 'Deploy c55732b'
tmux_keys A
tmux_wait_for 15 'Pending approvals: 4, 3 this token may review, 0 marked'
t_ok $? "a fresh queue (the queue is not re-read now)"
web=$(( $(row_of 'octo/web  *#3 ') - $(row_of 'Pending approvals') ))
go "$web"
tmux_keys x
tmux_wait_for 5 'Reject 1 pending deployment\?'
t_ok $? "x on the selected one, nothing marked: its reject dialog"
tmux_keys p r o d u c t i o n Enter N o t Space n o w Enter
tmux_wait_for 10 '(✗|x ) reject|(✓|ok) reject octo/web run 71000001 production: done, HTTP 200'
t_ok $? "rejected: $(status)"
[ "$(writes)" = "POST /repos/octo/web/actions/runs/71000001/$PD {\"environment_ids\":[262000001],\"state\":\"rejected\",\"comment\":\"Not now\"}" ]
t_ok $? "one POST, state rejected ($(writes))"
python3 - "$FAKEHUB_URL" <<"PY"
import json, sys, urllib.request, os
r = urllib.request.Request(sys.argv[1] + "/repos/octo/web/actions/runs/71000001",
    headers={"Authorization": "Bearer " + os.environ["GH_TOKEN"]})
run = json.load(urllib.request.urlopen(r, timeout=10))
sys.exit(0 if run["status"] == "completed" and run["conclusion"] == "failure" else 1)
PY
t_ok $? "the rejected run completes (failure)"
tmux_wait_for 15 'Pending approvals: 3, 2 this token may review'
t_ok $? "intervals of an hour, yet the rejected item leaves the queue now: its repository is read again after the action"
# Someone else approves run 12 in the browser; opsdeck still shows it.
python3 - "$FAKEHUB_URL" <<"PY"
import json, sys, urllib.request, os
r = urllib.request.Request(sys.argv[1] + "/repos/octo/svc/actions/runs/70000002/pending_deployments",
    data=json.dumps({"environment_ids": [161171787], "state": "approved", "comment": "from the browser"}).encode(),
    method="POST", headers={"Authorization": "Bearer " + os.environ["GH_TOKEN"], "Content-Type": "application/json"})
urllib.request.urlopen(r, timeout=10).read()
PY
fakehub_reset
row=$(( $(row_of 'octo/svc  *#12 ') - $(row_of 'Pending approvals') ))
go "$row"
tmux_keys a
tmux_wait_for 5 'Approve 1 pending deployment\?'
tmux_keys p r o d u c t i o n Enter T o o Space l a t e Space m a y b e Enter
tmux_wait_for 10 '(✗|x ) approve octo/svc run 70000002 production: failed: .*422'
t_ok $? "no longer pending: the 422 shown for that item: $(status)"
nsent=$(nwrites)
t_ok $([ "$nsent" = 1 ] && echo 0 || echo 1) "one request, not retried ($nsent)"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'

# --- read-only: the queue, and a refusal with the reason ---
fakehub_scenario approvals
fakehub_reset
$T_TMUX kill-server 2>/dev/null
cp "$T_TMP/config" "$T_TMP/nobell.conf"
printf '[approvals]\n\tbell = false\n' >>"$T_TMP/nobell.conf"
rm -f "$T_TMP/bell"
tmux_start 220 50 "TERM=screen-256color $OPSDECK --readonly --config $T_TMP/nobell.conf; echo opsdeck-exited-\$?"
tmux_wait_for 15 'Deploy c55732b'
tmux_keys A
tmux_wait_for 15 'Pending approvals: 4, 3 this token may review'
t_ok $? "--readonly: the queue is shown"
go 1; tmux_keys Space a
tmux_wait_for 5 'approve .*read-only'
t_ok $? "a is refused with the reason: $(status)"
tmux_screen | grep -q 'Approve 1 pending'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "no dialog"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "nothing sent"
$T_TMUX set-option -g bell-action any >/dev/null
$T_TMUX set-hook -g alert-bell "run-shell 'touch $T_TMP/bell'"
fakehub_advance 100000
tmux_wait_for 40 'Pending approvals: 5, 4 this token may review'
t_ok $? "[approvals] bell = false: the new one is listed"
# The UI drew it, so the bell would have rung with it already.
t_ok $([ ! -e "$T_TMP/bell" ] && echo 0 || echo 1) "  and no bell rang"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'

# --- the bell: a new pending deployment this token may review ---
$T_TMUX kill-server 2>/dev/null
tmux_start 220 50 "TERM=screen-256color $OPSDECK --readonly --config $T_TMP/config; echo opsdeck-exited-\$?"
$T_TMUX set-option -g bell-action any >/dev/null
$T_TMUX set-hook -g alert-bell "run-shell 'touch $T_TMP/bell'"
tmux_wait_for 15 'Deploy c55732b'
tmux_keys A
tmux_wait_for 15 'Pending approvals: 5, 4 this token may review'
t_ok $? "the queue as it was"
t_ok $([ ! -e "$T_TMP/bell" ] && echo 0 || echo 1) "  what is there at start rings nothing"
fakehub_advance 100000
tmux_wait_for 40 'Pending approvals: 6, 5 this token may review'
t_ok $? "a new run waiting for a review appears in the queue"
t_wait_for 10 test -e "$T_TMP/bell"
t_ok $? "  and the terminal bell rang"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_done
