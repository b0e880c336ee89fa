#!/bin/sh
# The run view shows the run's review history (GET .../approvals, issue
# 11): each review as "approved by hubot for staging: 'Ship it!'", the
# state as a glyph and a word (coloured, never colour alone); a hostile
# comment is drawn inert (no raw ESC reaches the terminal); a 403 on the
# history says "approvals: not available" and the jobs stay.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin deploy
fakehub_config "$T_TMP/config" octo/svc
tmux_start 140 45 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"

tmux_wait_for 15 '#3 Faster orders page'
t_ok $? "the runs appear"
tmux_keys j j Enter
tmux_wait_for 10 'octo/svc > run #1'
t_ok $? "Enter on the Deploy run opens its run view"
tmux_wait_for 10 '^ +Approvals'
t_ok $? "an Approvals section"
tmux_screen >"$T_TMP/run"
$T_TMUX capture-pane -p -e -t t >"$T_TMP/run.e"
grep -q -E "^   \+ approved by hubot for staging: 'Ship it!'" "$T_TMP/run"
t_ok $? "the approval: glyph, word, reviewer, environment and comment"
grep -q -E "^   x rejected by mallory for dev: '" "$T_TMP/run"
t_ok $? "the rejection, with its own glyph and word"
grep -q "rejected by mallory for dev: '^\[\[2J^\[\]0;owned-title^Gnot yet" "$T_TMP/run"
t_ok $? "the hostile comment's escapes shown as text"
# The state words in their theme colours (run-succeeded green,
# run-failed red), the colour beside the word, not instead of it.
esc=$(printf '\033')
grep -q "${esc}\[32m+ approved${esc}" "$T_TMP/run.e" &&
    grep -q "${esc}\[31mx rejected${esc}" "$T_TMP/run.e"
t_ok $? "approved green, rejected red"
# Inert: on the hostile line every ESC that reaches tmux starts a plain
# SGR colour (curses' own), nothing that clears, titles or moves.
python3 - "$T_TMP/run.e" <<"PY"
import re, sys
line = [l for l in open(sys.argv[1], encoding="utf-8", errors="replace") if "not yet" in l]
rest = re.sub(r"\x1b\[[0-9;]*m", "", line[0]) if len(line) == 1 else "\x1b"
sys.exit(1 if "\x1b" in rest or "\x07" in rest or "\x9b" in rest else 0)
PY
t_ok $? "capture-pane -e: no raw ESC, BEL or CSI from the comment"
[ "$($T_TMUX display-message -p -t t '#{pane_title}')" != owned-title ]
t_ok $? "the pane title was not set by the comment"
grep -q -E '^ Deploy e8c6fe4 to production' "$T_TMP/run"
t_ok $? "the screen was not cleared (the run's head still there)"

# The history is read with the jobs, once per open here (conditional).
n=$(fakehub_requests | python3 -c 'import json, sys
print(sum(1 for r in json.load(sys.stdin) if r["path"] == "/repos/octo/svc/actions/runs/40000001/approvals"))')
[ "$n" -ge 1 ]
t_ok $? "GET .../runs/40000001/approvals sent ($n)"

# A 403 on the history of another run: said, its jobs unharmed.
fakehub_fault '{"path": "/runs/40000002/approvals$", "kind": "permission", "count": 100}'
tmux_keys Escape
tmux_wait_for 5 '#3 Faster orders page'
t_ok $? "Esc back to the list"
# From the Deploy run: past the CI workflow and its run #4 to #2.
tmux_keys j j j Enter
tmux_wait_for 10 'octo/svc > run #2'
t_ok $? "the CI run #2 opens"
tmux_wait_for 10 '^ approvals: not available'
t_ok $? "403 on its approvals: \"approvals: not available\""
tmux_screen >"$T_TMP/run2"
! grep -q -E 'Approvals|jobs: ' "$T_TMP/run2" && grep -q -E '^ \+ succeeded  CI #2' "$T_TMP/run2"
t_ok $? "no reviews section, no jobs error, the run's head intact"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "q quits cleanly"
t_done
