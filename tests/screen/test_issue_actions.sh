#!/bin/sh
# The issue actions (issue 14) in tmux against fakehub with writes on: C on
# a local issue file opens the create dialog (Cancel focused, Esc and
# single keys send nothing); a 422, a 500 and a timeout leave the file
# byte-for-byte unchanged and say why; a confirmed create (Enter pressed twice) sends
# exactly one POST .../issues with the file's title, body and labels and
# writes exactly the line "github: #N" into the file; c comments (a
# required field: empty sends nothing), + and - add and remove a label
# (the name percent-encoded in the DELETE); the journal records each. With
# --readonly every one of those keys sends zero non-GET requests and says
# why.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
command -v git >/dev/null 2>&1 || t_skip_all "git missing"
fakehub_start --writes --scenario "$top_srcdir/tests/fakehub/scenarios/issues.json"
fakehub_env
fakehub_config "$T_TMP/config" octo/svc
JOURNAL="$XDG_STATE_HOME/opsdeck/audit.jsonl"
mkdir -p "$T_TMP/clone/issues"
git init -q "$T_TMP/clone"
printf '# Login page slow\nlabels: bug, sev2\n\nIt takes 9 s.\n\n- step one\n' \
    >"$T_TMP/clone/issues/new.md"
cp "$T_TMP/clone/issues/new.md" "$T_TMP/orig.md"
python3 - "$T_TMP/config" "$T_TMP/clone" <<"PY"
import sys
p, c = sys.argv[1], sys.argv[2]
s = open(p).read().replace('[repo "octo/svc"]\n', '[repo "octo/svc"]\n\tpath = %s\n' % c)
open(p, "w").write(s)
PY

# The mutating requests fakehub got, one "METHOD PATH BODY" a line.
writes() {
	fakehub_requests | python3 -c 'import json, sys
for r in json.load(sys.stdin):
    if r["method"] != "GET":
        print(r["method"], r["path"], r.get("body"))'
}
nwrites() { writes | wc -l | tr -d ' '; }
status() { tmux_screen | sed -n '40p'; }
unchanged() { cmp -s "$T_TMP/orig.md" "$T_TMP/clone/issues/new.md"; }

start() {
	tmux_start 140 40 "LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color $OPSDECK --config $T_TMP/config $*; echo opsdeck-exited-\$?"
	tmux_wait_for 15 'Pipelines'
	tmux_keys 3 z
	tmux_wait_for 15 '#8 .*Payments down in eu-west'
}
start
t_ok $? "the issues pane lists the issues"
# The file alone on screen: / new.md
tmux_keys / n e w . m d Enter
tmux_wait_for 10 'file issues/new.md +Login page slow +not on GitHub'
t_ok $? "the local file is listed as not on GitHub"
fakehub_reset
status | grep -q 'C issue-create  c issue-comment  + label-add'
t_ok $? "the hint bar offers C, c and + ($(status))"

# --- the create dialog ---
tmux_keys C
tmux_wait_for 5 'Open this issue on GitHub\?'
t_ok $? "C opens the create dialog"
tmux_screen >"$T_TMP/dlg"
grep -q 'Repository  octo/svc' "$T_TMP/dlg" &&
    grep -q 'File        issues/new.md' "$T_TMP/dlg" &&
    grep -q 'Title       Login page slow' "$T_TMP/dlg" &&
    grep -q 'Labels      bug, sev2' "$T_TMP/dlg" &&
    grep -q 'Sends       POST /repos/octo/svc/issues' "$T_TMP/dlg"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/dlg")"
t_ok $r "the dialog states repository, file, title, labels and the request"
$T_TMUX capture-pane -p -e -t t | grep -q "$(printf '\033')\[7m\[ Cancel \]"
t_ok $? "Cancel is focused"
tmux_keys y Y Space C c
tmux_wait_for 2 'Open this issue on GitHub\?'
t_ok $? "single keys confirm nothing: still open"
tmux_keys Escape
tmux_wait_for 5 'issue-create: cancelled, nothing sent'
t_ok $? "Esc cancels"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "nothing was sent"

# --- a failing create leaves the file as it was ---
fakehub_fault '{"path": "^/repos/octo/svc/issues$", "method": "POST", "kind": "body", "status": 422, "body": "{\"message\": \"Validation Failed\", \"errors\": [{\"resource\": \"Issue\", \"field\": \"title\", \"code\": \"missing_field\"}]}"}'
tmux_keys C Tab Enter
tmux_wait_for 10 'issue-create octo/svc file issues/new.md: failed: .*422.*: Validation Failed'
r=$?; [ $r -eq 0 ] || t_diag "$(status)"
t_ok $r "a 422 says so on screen: $(status)"
unchanged
t_ok $? "after the 422 the file is byte-for-byte unchanged"
fakehub_fault '{"path": "^/repos/octo/svc/issues$", "method": "POST", "kind": "500"}'
tmux_keys C Tab Enter
tmux_wait_for 10 'issue-create octo/svc file issues/new.md: failed: .*500'
t_ok $? "a 500 says so: $(status)"
unchanged
t_ok $? "after the 500 the file is byte-for-byte unchanged"
# A timeout (the config's 5 s): no answer at all.
fakehub_fault '{"path": "^/repos/octo/svc/issues$", "method": "POST", "kind": "timeout", "seconds": 9}'
tmux_keys C Tab Enter
tmux_wait_for 20 'issue-create octo/svc file issues/new.md: failed: '
t_ok $? "a timeout says so: $(status)"
unchanged
t_ok $? "after the timeout the file is byte-for-byte unchanged"
t_ok $([ "$(nwrites)" = 3 ] && echo 0 || echo 1) "one request each, never retried ($(nwrites))"
ls "$T_TMP/clone/issues" >"$T_TMP/ls"
[ "$(cat "$T_TMP/ls")" = "new.md" ]
t_ok $? "no temporary file left behind"
fakehub_reset

# --- the create: one request, exactly the link line written ---
tmux_keys C Tab Enter Enter
tmux_wait_for 10 'issue-create octo/svc file issues/new.md: done, HTTP 201.*#1110, issues/new.md linked'
r=$?; [ $r -eq 0 ] || t_diag "$(status)"
t_ok $r "Tab Enter creates it; the status line says so: $(status)"
writes >"$T_TMP/w1"
printf '%s\n' 'POST /repos/octo/svc/issues {"title":"Login page slow","body":"It takes 9 s.\n\n- step one","labels":["bug","sev2"]}' >"$T_TMP/w1.want"
cmp -s "$T_TMP/w1" "$T_TMP/w1.want"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/w1")"
t_ok $r "exactly one POST with the file's title, body and labels (Enter twice: one)"
printf '# Login page slow\ngithub: #1110\nlabels: bug, sev2\n\nIt takes 9 s.\n\n- step one\n' >"$T_TMP/want.md"
cmp -s "$T_TMP/want.md" "$T_TMP/clone/issues/new.md"
r=$?; [ $r -eq 0 ] || t_diag "$(diff "$T_TMP/orig.md" "$T_TMP/clone/issues/new.md")"
t_ok $r "the file got exactly the line github: #1110 after its heading"
tmux_keys r
tmux_wait_for 15 'file issues/new.md +Login page slow +#1110 open'
t_ok $? "after a refresh the file is linked and open"
tmux_keys C
tmux_wait_for 5 'issue-create: this file is on GitHub already'
t_ok $? "C on a linked file says why, no dialog"
fakehub_reset

# --- a comment on #8 ---
tmux_keys Escape g
tmux_wait_for 10 '#8 '
tmux_keys c
tmux_wait_for 5 'Comment on this issue\?'
tmux_screen >"$T_TMP/dlg"
grep -q -E 'Issue +#8  Payments down in eu-west' "$T_TMP/dlg" &&
    grep -q 'Sends       POST /repos/octo/svc/issues/8/comments' "$T_TMP/dlg"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/dlg")"
t_ok $r "c opens the comment dialog of #8"
tmux_keys Enter
tmux_wait_for 5 'Comment: required'
t_ok $? "an empty comment is refused in the dialog"
tmux_keys L o o k i n g Space i n t o Space i t Enter
tmux_wait_for 10 'issue-comment octo/svc issue #8: done, HTTP 201'
r=$?; [ $r -eq 0 ] || t_diag "$(tmux_screen)"
t_ok $r "the comment is sent: $(status)"
[ "$(writes)" = 'POST /repos/octo/svc/issues/8/comments {"body":"Looking into it"}' ]
t_ok $? "exactly one POST .../8/comments {\"body\":\"Looking into it\"} ($(writes))"
fakehub_reset

# --- a label added and removed (in the issue view) ---
tmux_keys Enter
tmux_wait_for 10 'octo/svc > issue #8'
tmux_keys c
tmux_wait_for 5 'Issue +#8  Payments down in eu-west'
t_ok $? "c in the issue view: the comment dialog of that issue"
tmux_keys Escape
tmux_wait_for 5 'issue-comment: cancelled, nothing sent'
t_ok $? "Esc cancels it"
tmux_keys +
tmux_wait_for 5 'Add a label to this issue\?'
t_ok $? "+ in the issue view opens the add-label dialog"
tmux_keys n e e d s Space t r i a g e Enter
tmux_wait_for 10 'issue-label octo/svc issue #8 label \+needs triage: done, HTTP 200'
t_ok $? "the label is added: $(status)"
tmux_keys -
tmux_wait_for 5 'Remove a label from this issue\?'
tmux_keys n e e d s Space t r i a g e Enter
tmux_wait_for 10 'issue-label octo/svc issue #8 label -needs triage: done, HTTP 200'
t_ok $? "and removed: $(status)"
writes >"$T_TMP/w2"
printf '%s\n' 'POST /repos/octo/svc/issues/8/labels {"labels":["needs triage"]}' \
    'DELETE /repos/octo/svc/issues/8/labels/needs%20triage ' >"$T_TMP/w2.want"
cmp -s "$T_TMP/w2" "$T_TMP/w2.want"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/w2")"
t_ok $r "POST .../labels {\"labels\":[NAME]}, DELETE .../labels/NAME percent-encoded"

python3 - "$JOURNAL" >"$T_TMP/checks" <<"PY"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
intents = [r for r in recs if r["phase"] == "intent"]
acts = [(r["action"], r["target"]) for r in intents]
want = [("issue-create", "file issues/new.md")] * 4 + [
    ("issue-comment", "issue #8"), ("issue-label", "issue #8 label +needs triage"),
    ("issue-label", "issue #8 label -needs triage")]
print(0 if acts == want else 1, "the journal has each intent, in order (%r)" % acts)
outs = {r["id"]: r for r in recs if r["phase"] == "outcome"}
st = [outs.get(r["id"], {}).get("http_status") for r in intents]
print(0 if st == [422, 500, None, 201, 201, 200, 200] else 1, "and each outcome (%r)" % st)
err = [outs.get(r["id"], {}).get("error") or "" for r in intents[:3]]
print(0 if err[0].endswith("Validation Failed (title missing_field); the file is unchanged")
      and all(e.endswith("the file is unchanged") for e in err) else 1,
      "the failures' errors give GitHub's message and say the file is unchanged (%r)" % err)
PY
t_checks_from "$T_TMP/checks"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
$T_TMUX kill-server 2>/dev/null

# --- read-only: the keys send nothing and say why ---
cp "$T_TMP/orig.md" "$T_TMP/clone/issues/new.md"
fakehub_reset
start --readonly
! status | grep -q 'issue-create'
t_ok $? "read-only: the hint bar does not offer them ($(status))"
tmux_keys c
tmux_wait_for 5 'issue-comment: read-only \(--readonly\)'
t_ok $? "c with --readonly says why: $(status)"
tmux_keys +
tmux_wait_for 5 'issue-label: read-only \(--readonly\)'
t_ok $? "+ with --readonly says why"
tmux_keys -
tmux_wait_for 5 'issue-label: read-only \(--readonly\)'
t_ok $? "- with --readonly says why"
tmux_keys / n e w . m d Enter
tmux_wait_for 10 'file issues/new.md +Login page slow +not on GitHub'
tmux_keys C
tmux_wait_for 5 'issue-create: read-only \(--readonly\)'
t_ok $? "C with --readonly says why: $(status)"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "read-only: zero non-GET requests"
unchanged
t_ok $? "read-only: the file is untouched"
tmux_keys '?'
tmux_wait_for 5 'Keys'
! tmux_screen | grep -q 'Open a GitHub issue from the selected local'
t_ok $? "read-only: the help does not offer C"
tmux_keys Escape q
tmux_wait_exit 10 'opsdeck-exited-0'
$T_TMUX kill-server 2>/dev/null
t_done
