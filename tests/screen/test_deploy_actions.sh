#!/bin/sh
# D (deploy) and B (roll back) in the environments view (E), issue 10:
# the dialog states repo, environment, current -> target SHA, the commits
# going out and the target's CI state; a protected environment wants its
# name typed exactly (Enter with it missing or wrong sends nothing, says
# what is missing); the reason is optional; one confirmation is one
# workflow_dispatch with the exact body; B's picker lists the earlier
# good deployments newest first, the previous one preselected and marked
# "last known good"; nothing earlier, or a deployment in flight, is
# refused with the reason and sends nothing.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
fakehub_start --writes --scenario "$top_srcdir/tests/fakehub/scenarios/deploy.json"
# A dispatched run goes in_progress at once and stays so: following it
# changes the status line once, before the next dialog's messages are
# asserted. That run (on main's head) may by then be the newest run of
# dev's target, so its CI may read "Deploy in_progress".
fakehub_scenario deploy '{"dispatch_states": [{"after": 0, "status": "in_progress"}]}'
fakehub_env
fakehub_config "$T_TMP/config" octo/svc
# staging protected here, so that the typed name is asked on an
# environment with nothing in flight (production has a deploy waiting).
printf '[repo "octo/svc"]\n\tdeploy-workflow = deploy.yml\n[environment "staging"]\n\tprotected = true\n' >>"$T_TMP/config"
DISPATCH=/repos/octo/svc/actions/workflows/deploy.yml/dispatches
SHA_DEV=c55732b606628ea6ff5aad846209704668e6cb93
SHA_OLD=d30e5fbadedb

writes() {
	fakehub_requests | python3 -c 'import json, sys
for r in json.load(sys.stdin):
    if r["method"] != "GET":
        print(r["method"], r["path"], r.get("body"))'
}
nwrites() { writes | wc -l | tr -d ' '; }
status() { tmux_screen | sed -n '40p'; }

tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 '#3 Faster orders page'
t_ok $? "the runs appear"
# The quality pane has scored what the environments run (the gates of a
# roll back's target are then known, not "unknown").
deployed_scored() {
	tmux_screen >"$T_TMP/q"
	grep -q 'octo/svc: default branch main' "$T_TMP/q" && ! grep -q 'default branch main; deplo' "$T_TMP/q"
}
t_wait_for 20 deployed_scored
t_ok $? "the quality pane has read the deployed SHAs"
tmux_keys E
tmux_wait_for 15 'production +\[P\]'
t_ok $? "E: the environments view"
fakehub_reset

# --- refusals: nothing earlier (dev), in flight (production) ---
tmux_keys B
tmux_wait_for 5 'rollback: .*dev'
t_ok $? "B on dev: refused, nothing earlier: $(status)"
tmux_keys j j D
tmux_wait_for 5 'deploy: .*in flight'
t_ok $? "D on production, a deploy waiting there: refused: $(status)"
tmux_screen | grep -q 'Deploy to production'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "no dialog"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "and no request"

# --- D on staging: the commit going out, its risky path marked ---
tmux_keys k D
tmux_wait_for 5 'Deploy to staging\?'
t_ok $? "D on staging: the deploy dialog"
tmux_screen >"$T_TMP/dlg"
grep -q -E 'Current +e8c6fe4e07bb -> target c55732b60662' "$T_TMP/dlg" &&
    grep -q -E 'Target is +Bump the TLS library \([A-Za-z ]+, [0-9]+[smhd]\), what dev runs' "$T_TMP/dlg" &&
    grep -q -E 'Going out +1 commit, 1 risky path' "$T_TMP/dlg" &&
    grep -q -E '! risky +deploy/Dockerfile' "$T_TMP/dlg" &&
    grep -q -E ' c55732b Bump the TLS library \(' "$T_TMP/dlg"
t_ok $? "target with subject, author and age; the commit going out; deploy/Dockerfile marked risky"
grep -q -E 'Gates +staging: 1 of 1 pass' "$T_TMP/dlg" &&
    grep -q -E 'ok +min-coverage +coverage 85.20% >= 80%' "$T_TMP/dlg" &&
    grep -q 'Reason (optional)' "$T_TMP/dlg" && ! grep -q 'Break-glass' "$T_TMP/dlg"
t_ok $? "the target's gates pass (coverage 85.2% from its check run): no break-glass"
tmux_keys Escape
tmux_wait_for 5 'deploy: cancelled, nothing sent'
t_ok $? "Esc cancels"

# --- B on staging: the picker, then the typed name ---
tmux_keys B
tmux_wait_for 5 'Roll staging back to \(runs e8c6fe4e07bb now\)'
t_ok $? "B on staging: the picker"
tmux_wait_for 5 "> $SHA_OLD  .*  last known good"
t_ok $? "the earlier good deployment, preselected, last known good"
tmux_screen | grep -q -E "> $SHA_OLD +[0-9]+[smhd] ago +[a-z]+ +1 back out +last known good +Add the orders table"
t_ok $? "the picker says how many commits each one takes out, and its subject"
tmux_keys Enter
tmux_wait_for 5 "Roll staging back to $SHA_OLD\\?"
t_ok $? "Enter: its dialog"
tmux_screen >"$T_TMP/dlg"
grep -q -E 'Current +e8c6fe4e07bb -> target d30e5fbadedb' "$T_TMP/dlg" &&
    grep -q 'Environment  staging  (protected)' "$T_TMP/dlg" &&
    grep -q -E "Comes out +1 commit, 0 risky paths" "$T_TMP/dlg" &&
    grep -q -E "^ *. +e8c6fe4 Faster orders page \([a-zA-Z ]+, [0-9]+[smhd]\)" "$T_TMP/dlg" &&
    grep -q -E "Target is +Add the orders table" "$T_TMP/dlg" &&
    grep -q "Type the environment's name to confirm" "$T_TMP/dlg"
t_ok $? "current -> target, what comes back out, the name to type"
grep -q -E 'Gates +staging: 0 of 1 pass, BLOCKED' "$T_TMP/dlg" &&
    grep -q -E 'FAIL min-coverage +coverage 72.50% < 80%' "$T_TMP/dlg" &&
    grep -q 'Break-glass reason (required, journaled)' "$T_TMP/dlg" &&
    ! grep -q 'Reason (optional)' "$T_TMP/dlg"
t_ok $? "the target's coverage gate fails: blocked, a break-glass reason wanted"
tmux_keys Enter Enter
tmux_wait_for 5 'type staging to confirm'
t_ok $? "Enter, Enter with the name missing: still open, says what is missing"
tmux_keys Tab Tab Tab
tmux_wait_for 5 'Roll staging back'
$T_TMUX capture-pane -p -e -t t | grep -q "$(printf '\033')\[7m\[ Roll back \]"
t_ok $? "Tab Tab Tab: the focus on the Roll back button"
tmux_keys Enter
tmux_wait_for 5 'type staging to confirm' && tmux_screen | grep -q 'Roll staging back to'
t_ok $? "Enter on it without the name: still open, says so"
tmux_keys s t a g i n Enter Enter
tmux_wait_for 5 'type staging exactly to confirm \(it does not match\)'
t_ok $? "a name one letter short: still open, does not match"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "nothing sent"
tmux_keys g Enter b a d Enter
tmux_wait_for 5 'Break-glass reason \(required, journaled\): at least 8 characters'
t_ok $? "a break-glass reason too short: still open, says so"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "nothing sent"
tmux_keys Space d e p l o y Enter
tmux_wait_for 10 "rollback octo/svc staging $SHA_OLD: done, HTTP 200, request [0-9A-F:]+; run [0-9]+ started, following it"
t_ok $? "the exact name, Enter, a reason, Enter: rolled back: $(status)"
writes >"$T_TMP/w"
python3 - "$T_TMP/w" "$DISPATCH" >"$T_TMP/checks" <<"PY"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
ok = len(lines) == 1
m, p, body = lines[0].split(" ", 2) if ok else ("", "", "{}")
b = json.loads(body)
print(0 if ok and m == "POST" and p == sys.argv[2] else 1, "one POST %s" % p)
print(0 if sorted(b) == ["inputs", "ref", "return_run_details"] and b["return_run_details"] is True and b["ref"] == "main" and sorted(b["inputs"]) == ["environment", "sha"] and b["inputs"]["environment"] == "staging" and len(b["inputs"]["sha"]) == 40 and b["inputs"]["sha"].startswith("d30e5fbadedb") else 1, "body: ref main, inputs environment staging and the picked SHA (%s)" % body)
PY
t_checks_from "$T_TMP/checks"
grep -q '"reason":"bad deploy"' "$XDG_STATE_HOME/opsdeck/audit.jsonl" &&
    grep -q '"action":"rollback","repo":"octo/svc","environment":"staging","from_sha":"e8c6fe4e07bb' "$XDG_STATE_HOME/opsdeck/audit.jsonl"
t_ok $? "the journal has the rollback, its from-SHA and the reason"
grep '"action":"rollback"' "$XDG_STATE_HOME/opsdeck/audit.jsonl" | grep -q '"break_glass":"1 of 1 staging gates fail: min-coverage: coverage 72.50% < 80%'
t_ok $? "  and the break-glass: the gate that failed"
tmux_wait_for 15 "rollback of staging: run [0-9]+ in_progress"
t_ok $? "the run the 200 named is followed by id: $(status)"
fakehub_reset

# --- D on dev: not protected, the reason field first; Esc sends nothing ---
tmux_keys k D
tmux_wait_for 5 'Deploy to dev\?'
t_ok $? "D on dev: the deploy dialog"
tmux_screen >"$T_TMP/dlg"
grep -q -E 'Target is +Bump the TLS library .*, the head of main' "$T_TMP/dlg" &&
    grep -q -E 'Going out +nothing: dev runs that commit already' "$T_TMP/dlg" &&
    grep -q -E 'CI of target (CI completed, success|Deploy in_progress)' "$T_TMP/dlg" &&
    grep -q 'Reason (optional)' "$T_TMP/dlg" &&
    grep -q -E 'Gates +none for dev' "$T_TMP/dlg" &&
    ! grep -q "Type the environment's name" "$T_TMP/dlg"
t_ok $? "the first environment's target is the head of main with its subject; nothing going out; its CI; no name asked"
tmux_keys Escape
tmux_wait_for 5 'deploy: cancelled, nothing sent'
t_ok $? "Esc cancels"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "nothing sent"
tmux_keys D
tmux_wait_for 5 'Deploy to dev\?'
tmux_keys Enter Enter
tmux_wait_for 10 "deploy octo/svc dev c55732b60662: done, HTTP 200, request [0-9A-F:]+; run [0-9]+ started"
t_ok $? "Enter in the (last, optional) field deploys: $(status)"
writes >"$T_TMP/w"
[ "$(cat "$T_TMP/w")" = "POST $DISPATCH {\"ref\":\"main\",\"inputs\":{\"environment\":\"dev\",\"sha\":\"$SHA_DEV\"},\"return_run_details\":true}" ]
t_ok $? "exactly one dispatch with that body ($(cat "$T_TMP/w"))"
t_done
