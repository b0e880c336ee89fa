#!/bin/sh
# D's chosen target (issue 10): Ctrl-T in the deploy dialog opens the
# target chooser (what the other environments run, the default branch's
# head, recent commits); a short SHA or a tag typed there is resolved to a
# full SHA through GitHub (GET .../commits/REF/status) before anything is
# sent, and the deploy dialog is built again over it: its subject, the
# commits coming back out with their risky paths, its gates; the dispatch
# carries that SHA. An unknown ref is refused in the chooser with the
# reason and sends nothing; Esc goes back to the deploy dialog.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
# The deploy scenario with a tag on "Add the orders table".
SHA_OLD=d30e5fbadedb4f231d013791a3da7f270924b542
python3 - "$top_srcdir/tests/fakehub/scenarios/deploy.json" "$T_TMP/deploy-tag.json" "$SHA_OLD" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
d["repos"][0]["refs"]["v1.2"] = sys.argv[3]
d["dispatch_states"] = [{"after": 0, "status": "in_progress"}]
json.dump(d, open(sys.argv[2], "w"))
PY
fakehub_start --writes --scenario "$T_TMP/deploy-tag.json"
fakehub_env
fakehub_config "$T_TMP/config" octo/svc
printf '[repo "octo/svc"]\n\tdeploy-workflow = deploy.yml\n' >>"$T_TMP/config"
DISPATCH=/repos/octo/svc/actions/workflows/deploy.yml/dispatches

writes() {
	fakehub_requests | python3 -c 'import json, sys
for r in json.load(sys.stdin):
    if r["method"] != "GET":
        print(r["method"], r["path"], r.get("body"))'
}
nwrites() { writes | wc -l | tr -d ' '; }
asked() {	# asked PATH: fakehub got a GET of exactly PATH (query aside)
	fakehub_requests | python3 -c 'import json, sys
sys.exit(0 if any(r["method"] == "GET" and r["path"].split("?")[0] == sys.argv[1]
                  for r in json.load(sys.stdin)) else 1)' "$1"
}
status() { tmux_screen | sed -n '40p'; }
ctrl_t() { tmux_keys C-t; }

tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 '#3 Faster orders page'
t_ok $? "the runs appear"
tmux_keys E
tmux_wait_for 15 'production +\[P\]'
t_ok $? "E: the environments view"
tmux_keys D
tmux_wait_for 5 'Deploy to dev\?'
t_ok $? "D on dev: the deploy dialog"
tmux_wait_for 5 'Ctrl-T +another target: a SHA, a branch or a tag'
t_ok $? "the dialog says Ctrl-T chooses another target"
fakehub_reset

# --- the chooser: what is at hand ---
ctrl_t
tmux_wait_for 5 'Deploy to dev: which target\?'
t_ok $? "Ctrl-T: the target chooser"
tmux_screen >"$T_TMP/ch"
grep -q -E 'e8c6fe4e07bb +staging runs +Faster orders page' "$T_TMP/ch" &&
    grep -q -E 'c55732b60662 +dev runs' "$T_TMP/ch" &&
    grep -q 'Target (a SHA, full or short, a branch or a tag)' "$T_TMP/ch"
t_ok $? "it lists what the other environments run, and asks for a ref"

# --- an unknown ref: refused with the reason, nothing sent ---
tmux_keys n o s u c h Enter
tmux_wait_for 10 'Refused +unknown ref: no commit, branch or tag nosuch in octo/svc \(HTTP 404'
t_ok $? "an unknown ref is refused in the chooser, saying why"
asked /repos/octo/svc/commits/nosuch/status
t_ok $? "  after asking GitHub (GET .../commits/nosuch/status)"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "  and nothing is sent"
tmux_keys Escape
chooser_gone() { ! $T_TMUX capture-pane -p -t t | grep -q 'which target'; }
t_wait_for 5 chooser_gone && tmux_screen | grep -q 'Deploy to dev?'
t_ok $? "Esc: back to the deploy dialog"
tmux_screen | grep -q -E 'Current +c55732b60662 -> target c55732b60662'
t_ok $? "  its target unchanged"

# --- a short SHA: resolved, the dialog built over it ---
ctrl_t
tmux_wait_for 5 'which target\?'
tmux_keys e 8 c 6 f e 4 Enter
tmux_wait_for 10 'Current +c55732b60662 -> target e8c6fe4e07bb'
t_ok $? "a short SHA: resolved to its full SHA in the deploy dialog"
tmux_screen >"$T_TMP/dlg"
grep -q -E 'Target is +Faster orders page .*chosen as SHA e8c6fe4' "$T_TMP/dlg" &&
    grep -q -E 'Comes out +1 commit, 1 risky path' "$T_TMP/dlg" &&
    grep -q -E '! risky +deploy/Dockerfile' "$T_TMP/dlg" &&
    grep -q -E 'Gates +none for dev' "$T_TMP/dlg"
t_ok $? "  its subject, the commit coming back out with its risky path, its gates"
asked /repos/octo/svc/commits/e8c6fe4/status
t_ok $? "  resolved through GitHub (GET .../commits/e8c6fe4/status)"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "  nothing sent yet"
tmux_keys Escape
tmux_wait_for 5 'deploy: cancelled, nothing sent'
t_ok $? "Esc cancels the deploy"

# --- Up/Down pick what is at hand into the field ---
tmux_keys D
tmux_wait_for 5 'Deploy to dev\?'
ctrl_t
tmux_wait_for 5 'which target\?'
tmux_keys Down Down
tmux_wait_for 5 '> e8c6fe4e07bb +staging runs'
t_ok $? "Down Down: the second candidate marked"
tmux_screen | grep -q 'e8c6fe4e07bb82b4f82053ebf2cd6e9add897165'
t_ok $? "  its full SHA in the field"
tmux_keys Up
tmux_wait_for 5 '> c55732b60662 +dev runs' && tmux_screen | grep -q 'c55732b606628ea6ff5aad846209704668e6cb93'
t_ok $? "Up: the first one, its SHA in the field instead"
tmux_keys Enter
tmux_wait_for 10 'Target is +Bump the TLS library .*chosen as SHA c55732b606628ea6'
t_ok $? "Enter resolves the picked one"
tmux_keys Escape
tmux_wait_for 5 'deploy: cancelled, nothing sent'
t_ok $? "Esc cancels"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "nothing sent"

# --- a tag: resolved and deployed with that SHA ---
tmux_keys D
tmux_wait_for 5 'Deploy to dev\?'
ctrl_t
tmux_wait_for 5 'which target\?'
tmux_keys v 1 . 2 Enter
tmux_wait_for 10 'Current +c55732b60662 -> target d30e5fbadedb'
t_ok $? "a tag: resolved to the commit it names"
tmux_screen >"$T_TMP/dlg"
grep -q -E 'Target is +Add the orders table .*chosen as v1.2' "$T_TMP/dlg" &&
    grep -q -E 'Comes out +2 commits, 1 risky path' "$T_TMP/dlg" &&
    grep -q -E ' c55732b Bump the TLS library' "$T_TMP/dlg" &&
    grep -q -E ' e8c6fe4 Faster orders page' "$T_TMP/dlg"
t_ok $? "  the two commits coming back out"
asked /repos/octo/svc/compare/c55732b606628ea6ff5aad846209704668e6cb93...$SHA_OLD
t_ok $? "  what it ships read through the compare API"
tmux_keys Enter
tmux_wait_for 10 "deploy octo/svc dev d30e5fbadedb: done, HTTP 200"
t_ok $? "Enter in the reason field deploys it: $(status)"
writes >"$T_TMP/w"
[ "$(cat "$T_TMP/w")" = "POST $DISPATCH {\"ref\":\"main\",\"inputs\":{\"environment\":\"dev\",\"sha\":\"$SHA_OLD\"},\"return_run_details\":true}" ]
t_ok $? "exactly one dispatch, with the chosen target's full SHA ($(cat "$T_TMP/w"))"
grep '"action":"deploy"' "$XDG_STATE_HOME/opsdeck/audit.jsonl" | grep -q "\"to_sha\":\"$SHA_OLD\""
t_ok $? "the journal's intent has that SHA"
t_done
