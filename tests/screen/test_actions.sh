#!/bin/sh
# Acting from the keyboard, safely (issue 10): F (re-run failed jobs) and X
# (cancel) open a dialog stating repo, run, SHA and workflow with Cancel
# focused; Enter on Cancel, Esc and single keys send nothing; Tab Enter
# sends exactly one request (fakehub's log: method, path, body), a repeat
# while it is in flight sends none; the result shows on the status line;
# L shows the audit journal; after a kill -9 mid-action the journal is
# valid JSON lines. With --readonly and with [ui] readonly every key of
# the keymap, and every dialog sequence, sends zero non-GET requests, and
# the refusal says why.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
fakehub_start --writes --scenario "$top_srcdir/tests/fakehub/scenarios/deploy.json"
fakehub_env
fakehub_config "$T_TMP/config" octo/svc
printf '[repo "octo/svc"]\n\tdeploy-workflow = deploy.yml\n' >>"$T_TMP/config"
JOURNAL="$XDG_STATE_HOME/opsdeck/audit.jsonl"
RUNS=/repos/octo/svc/actions/runs

# The mutating requests fakehub got, one "METHOD PATH BODY" a line.
writes() {
	fakehub_requests | python3 -c 'import json, sys
for r in json.load(sys.stdin):
    if r["method"] != "GET":
        print(r["method"], r["path"], repr(r.get("body")))'
}
nwrites() { writes | wc -l | tr -d ' '; }
status() { tmux_screen | sed -n '40p'; }

tmux_start 120 40 "BROWSER=true TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 '#3 Faster orders page'
t_ok $? "the runs appear"
fakehub_reset

# --- F on the failed run #3 (G: the last row) ---
tmux_keys G F
tmux_wait_for 5 'Re-run the failed jobs of this run\?'
t_ok $? "F opens the re-run dialog"
tmux_screen >"$T_TMP/dlg"
grep -q 'Repository  octo/svc' "$T_TMP/dlg" &&
    grep -q -E 'Run +#3 \(id 40000003\)  CI' "$T_TMP/dlg" &&
    grep -q -E 'SHA +e8c6fe4e07bb82b4f82053ebf2cd6e9add897165 on main' "$T_TMP/dlg" &&
    grep -q -E 'State +completed, failure' "$T_TMP/dlg" &&
    grep -q "Sends       POST $RUNS/40000003/rerun-failed-jobs" "$T_TMP/dlg"
t_ok $? "the dialog states repo, run, workflow, SHA, state and the request"
$T_TMUX capture-pane -p -e -t t | grep -q "$(printf '\033')\[7m\[ Cancel \]"
t_ok $? "Cancel is focused (drawn selected)"
$T_TMUX capture-pane -p -e -t t | grep -q "$(printf '\033')\[7m\[ Re-run failed \]"
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "the confirm button is not"
tmux_keys y Y Space F j
tmux_wait_for 2 'Re-run the failed jobs of this run\?'
t_ok $? "single keys (y, Y, Space, F, j) confirm nothing: still open"
tmux_keys Enter
tmux_wait_for 5 'rerun-failed: cancelled, nothing sent'
t_ok $? "Enter on the focused Cancel closes it: $(status)"
tmux_keys F
tmux_wait_for 5 'Re-run the failed jobs'
tmux_keys Tab Escape
tmux_wait_for 5 'rerun-failed: cancelled, nothing sent'
t_ok $? "Esc cancels even with the confirm button focused"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "nothing was sent so far"

tmux_keys F Tab Enter Enter
tmux_wait_for 10 'rerun-failed octo/svc run 40000003: done, HTTP 201, request [0-9A-F]+:[0-9A-F]+'
t_ok $? "Tab Enter re-runs; the result on the status line: $(status)"
writes >"$T_TMP/w1"
[ "$(cat "$T_TMP/w1")" = "POST $RUNS/40000003/rerun-failed-jobs ''" ]
t_ok $? "fakehub got exactly one POST .../rerun-failed-jobs, empty body ($(cat "$T_TMP/w1"))"
tmux_keys Escape
fakehub_reset

# --- a repeat while one is in flight sends nothing ---
fakehub_fault '{"path": "rerun-failed-jobs$", "kind": "slow", "seconds": 3, "count": 1}'
tmux_keys G F Tab Enter
tmux_wait_for 5 'rerun-failed octo/svc run 40000003: sending'
t_ok $? "confirmed: sending"
tmux_keys F
tmux_wait_for 5 'rerun-failed: one is in flight on this run'
t_ok $? "F again while in flight: no dialog, says why"
tmux_keys X
tmux_wait_for 5 'cancel: one is in flight on this run'
t_ok $? "X on that run too (one flight per run)"
tmux_wait_for 10 'rerun-failed octo/svc run 40000003: done, HTTP 201'
t_ok $? "the answer arrives"
t_ok $([ "$(nwrites)" = 1 ] && echo 0 || echo 1) "one request, not two or three"
fakehub_reset

# --- X in the run view of the running run #4 ---
tmux_keys G k k Enter
tmux_wait_for 10 'octo/svc > run #4'
t_ok $? "the run view of #4"
tmux_keys X
tmux_wait_for 5 'Cancel this run\?'
tmux_screen >"$T_TMP/dlg"
grep -q -E 'Run +#4 \(id 40000004\)  CI' "$T_TMP/dlg" &&
    grep -q -E 'State +in_progress' "$T_TMP/dlg"
t_ok $? "X in the run view: the cancel dialog of that run"
tmux_keys Right Enter
tmux_wait_for 10 'cancel octo/svc run 40000004: done, HTTP 202'
t_ok $? "Right Enter cancels: $(status)"
[ "$(writes)" = "POST $RUNS/40000004/cancel ''" ]
t_ok $? "fakehub got exactly POST .../40000004/cancel"
tmux_keys Escape

# --- the audit view ---
tmux_keys L
tmux_wait_for 10 'Audit journal .*audit.jsonl: 3 entries'
t_ok $? "L: the audit view"
tmux_screen >"$T_TMP/audit"
grep -q -E 'cancel +octo/svc - run 40000004 .*HTTP 202 request ' "$T_TMP/audit" &&
    grep -c -E 'rerun-failed +octo/svc - run 40000003 .*HTTP 201 request ' "$T_TMP/audit" | grep -q 2
t_ok $? "intents paired with outcomes, newest first"
tmux_keys Escape
tmux_wait_for 5 '#3 Faster orders page'
t_ok $? "Esc closes it"
tmux_keys '?'
tmux_wait_for 5 'Show the audit journal'
tmux_screen | grep -q -E '^.*F +Re-run the failed jobs of the selected run' &&
    tmux_screen | grep -q -E 'X +Cancel the selected run'
t_ok $? "a console that may act lists F and X in the help"
tmux_keys Escape
grep -q 'ghp_' "$JOURNAL"
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "no token in the journal"
[ "$(stat -c %a "$JOURNAL")" = 600 ]
t_ok $? "the journal is 0600"

# --- kill -9 mid-action: the journal stays valid JSON lines ---
fakehub_fault '{"path": "rerun-failed-jobs$", "kind": "slow", "seconds": 10, "count": 1}'
before=$(wc -l <"$JOURNAL")
tmux_keys G F Tab Enter
t_wait_for 10 sh -c "[ \$(wc -l <'$JOURNAL') -gt $before ]"
t_ok $? "the intent is on disk while the request waits"
pane=$($T_TMUX display-message -p -t t '#{pane_pid}')
od=$(pgrep -P "$pane" -x opsdeck | head -1)
[ -n "$od" ] && kill -9 "$od"
tmux_wait_exit 10 'opsdeck-exited-137'
t_ok $? "opsdeck killed with SIGKILL mid-request"
python3 - "$JOURNAL" >"$T_TMP/checks" <<"PY"
import json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
ok = lines[-1] == b"" and all(json.loads(l) for l in lines[:-1])
print(0 if ok else 1, "every line of the journal is JSON (%d lines)" % (len(lines) - 1))
last = json.loads(lines[-2])
print(0 if last["phase"] == "intent" and last["action"] == "rerun-failed" else 1,
      "its last line is the intent without an outcome")
PY
t_checks_from "$T_TMP/checks"
$T_TMUX kill-server 2>/dev/null

# --- read-only consoles: every key, every dialog sequence, zero writes ---
# Every key the keymaps bind, but q, each followed by a dialog's
# confirming sequences.
KEYS="a b c d e f g h i j k l m n o p r s t u v w x y z A B C D E F G H I J K L M N O P Q R S T U V W X Y Z 0 1 2 3 4 5 6 7 8 9 / ? Space Tab BTab Enter Escape Up Down Left Right PPage NPage Home End F5"
readonly_console() {	# readonly_console NAME OPSDECK-ARGS REFUSAL-REGEX WHY
	fakehub_reset
	T_TMUX="tmux -L opsdeck-test-$$-$1 -f /dev/null"
	$T_TMUX new-session -d -x 120 -y 40 -s t "BROWSER=true TERM=screen-256color $OPSDECK $2; echo opsdeck-exited-\$?"
	t_track_pid "$($T_TMUX display-message -p '#{pid}')"
	$T_TMUX set-option -t t remain-on-exit on >/dev/null
	tmux_wait_for 15 '#3 Faster orders page'
	t_ok $? "$1: the runs appear"
	tmux_keys G F
	tmux_wait_for 5 "$3"
	t_ok $? "$1: F is refused with the reason, no dialog: $(status)"
	tmux_screen | grep -q 'Re-run the failed'
	t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "$1: no dialog opened"
	tmux_keys '?'
	tmux_wait_for 5 'Show the audit journal'
	tmux_screen | grep -q -E 'Re-run the failed|Cancel the selected run'
	t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "$1: F and X are not in the help"
	tmux_keys Escape
	for k in $KEYS; do
		tmux_keys G "$k" Tab Enter Right Enter Escape Escape
		tmux_keys G F Tab Enter X Tab Enter Escape
	done
	# D and B on each environment, with each confirming sequence.
	for e in 1 2 3; do
		tmux_keys E
		for i in $(seq 1 $e); do tmux_keys j; done
		tmux_keys D Tab Tab Enter D Enter Enter
		tmux_keys D d e v Enter Enter D s t a g i n g Enter Enter
		tmux_keys D p r o d u c t i o n Enter Enter
		tmux_keys B Enter Tab Tab Enter B Enter Enter Enter Escape
		tmux_keys Escape Escape
	done
	tmux_keys E D
	tmux_wait_for 5 "deploy: $4"
	t_ok $? "$1: D in the environments view is refused too: $(status)"
	tmux_keys Escape Escape
	tmux_keys Escape Escape Escape
	tmux_wait_for 10 '#3 Faster orders page'
	t_ok $? "$1: still running after every key"
	t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "$1: zero non-GET requests after every key and dialog sequence"
	[ ! -e "$T_TMP/ro-$1.jsonl" ]
	t_ok $? "$1: no journal written"
	tmux_keys q
	tmux_wait_exit 10 'opsdeck-exited-0'
	$T_TMUX kill-server 2>/dev/null
}
readonly_console flag "--readonly --audit-log $T_TMP/ro-flag.jsonl --config $T_TMP/config" \
    'rerun-failed: read-only \(--readonly\): rerun-failed is refused' \
    'read-only \(--readonly\): deploy is refused'
cp "$T_TMP/config" "$T_TMP/config-ro"
printf '[ui]\n\treadonly = true\n' >>"$T_TMP/config-ro"
readonly_console conf "--audit-log $T_TMP/ro-conf.jsonl --config $T_TMP/config-ro" \
    'rerun-failed: read-only \(\[ui\] readonly = true\): rerun-failed is refused' \
    'read-only \(\[ui\] readonly = true\): deploy is refused'

# --- a bad --audit-log is an error before the screen starts ---
ln -s /etc/passwd "$T_TMP/link.jsonl"
"$OPSDECK" --config "$T_TMP/config" --audit-log "$T_TMP/link.jsonl" </dev/null >"$T_TMP/out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q 'opsdeck: .*link.jsonl' "$T_TMP/out"
t_ok $? "a symlinked --audit-log is refused at start (exit $rc: $(cat "$T_TMP/out"))"
t_done
