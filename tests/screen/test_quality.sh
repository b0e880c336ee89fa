#!/bin/sh
# The quality pane in tmux against fakehub's quality scenario: per commit
# score, coverage, checks and per-environment verdicts; the selected
# commit's failing checks, score parts, alerts and every gate with its
# reason; "no access" for alert endpoints that answer 403/404; zoomed, the
# default branch's history as a sparkline.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin quality
fakehub_config "$T_TMP/config" octo/svc octo/locked
cat >>"$T_TMP/config" <<'C'
[environment "production"]
	min-coverage = 80
	min-score = 90
	checks = required
	max-security = 0
	no-open-issues-labelled = release-blocker
C
cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"$T_TMP/pid.tmp" && mv "$T_TMP/pid.tmp" "$T_TMP/pid"
LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
tmux_start 120 40 "sh $T_TMP/run.sh --config $T_TMP/config; echo opsdeck-exited-\$?"

# Focus the quality pane (2) and zoom it (z).
tmux_wait_for 15 'octo/svc'
t_ok $? "the quality pane lists the repository"
tmux_keys 2 z
tmux_wait_for 10 'main +@aaaaaaa +score +71'
t_ok $? "the default branch head: its score (100 - 4 lint - 5 complex - 20 security)"
tmux_screen >"$T_TMP/s1"
grep -q -E 'main +@aaaaaaa.*cov 85\.2%.*4ok 2fail 1pend 1skip.*production FAIL.*staging pass' "$T_TMP/s1"
t_ok $? "coverage from the text, check counts, production fails, staging passes"
grep -q -E '#12 faster-orders +@bbbbbbb +score +90' "$T_TMP/s1"
t_ok $? "an open pull request's head is scored"
grep -q -E '#14 no-checks +@ccccccc +score +- +cov -' "$T_TMP/s1"
t_ok $? "a commit with no checks at all: no score, no coverage"
grep -q -E 'ddddddd.*cov 97\.5%' "$T_TMP/s1"
t_ok $? "the second repository's default head (branch trunk)"

grep -q -E '#15 \^\[\[2J<U\+202E>' "$T_TMP/s1" && grep -q '^ opsdeck' "$T_TMP/s1"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/s1")"
t_ok $r "a hostile head ref is drawn inert (^[[2J, <U+202E>); the screen not cleared"
title=$($T_TMUX display-message -p -t t '#{pane_title}')
[ "$title" != "owned" ]
t_ok $? "an OSC title in a check name did not retitle the terminal ($title)"

# The repositories come sorted (octo/locked first); the selection starts on
# its line. Down: its default head, whose alert endpoints answer 403 and 404.
tmux_keys Down
tmux_wait_for 10 'code scanning: no access'
t_ok $? "a 403 on code scanning is 'no access', not an error"
tmux_screen >"$T_TMP/s3"
grep -q 'Dependabot: no access' "$T_TMP/s3"
t_ok $? "a 404 on Dependabot is 'no access'"
grep -q 'FAIL max-security: security alerts unknown' "$T_TMP/s3"
t_ok $? "max-security on unreadable alerts fails, saying so"
! grep -q 'stale' "$T_TMP/s3"
t_ok $? "no access is not shown as an error"

# Down twice: octo/svc's default head.
tmux_keys Down Down
tmux_wait_for 10 'failing: ci/jenkins, lint'
t_ok $? "the selected commit's failing checks by name"
tmux_screen >"$T_TMP/s2"
grep -q 'score 71 = 100 - 4 lint (2) - 5 complex (1) - 20 security (2) - 0 duplication' "$T_TMP/s2"
t_ok $? "the score's parts"
grep -q 'annotations: 1 failure, 2 warning, 1 notice' "$T_TMP/s2"
t_ok $? "annotation counts by level"
grep -q 'code scanning: 0 critical, 1 high, 0 medium, 0 low' "$T_TMP/s2" &&
    grep -q 'Dependabot: 1 critical, 0 high' "$T_TMP/s2"
t_ok $? "open alerts by severity (dismissed and fixed ones left out)"
grep -q 'FAIL min-score: score 71 < 90' "$T_TMP/s2" &&
    grep -q "FAIL no-open-issues-labelled: 1 open issue labelled 'release-blocker'" "$T_TMP/s2" &&
    grep -q 'ok   min-coverage: coverage 85.23% >= 80%' "$T_TMP/s2" &&
    grep -q 'FAIL checks: 2 failed' "$T_TMP/s2" &&
    grep -q 'FAIL max-security: 2 security issues > 0' "$T_TMP/s2"
t_ok $? "every gate of production with its reason"
grep -q 'staging (defaults): pass' "$T_TMP/s2"
t_ok $? "staging's default coverage gate (80 %) passes"
grep -q -E 'score +[▁▂▃▄▅▆▇█]' "$T_TMP/s2" && grep -q -E 'coverage +[▁▂▃▄▅▆▇█]' "$T_TMP/s2"
t_ok $? "zoomed: the default branch's score and coverage sparklines"

# The commit with no checks: every gate that needs a figure fails, saying so.
tmux_keys Down Down
tmux_wait_for 10 'FAIL min-coverage: no coverage reported'
t_ok $? "unknown is not a pass: no coverage reported fails min-coverage"
tmux_screen | grep -q 'FAIL checks: no check or status reported'
t_ok $? "zero checks fail checks = required"

# The repository's answer changes (its default branch renamed): the next
# poll shows the new name (the branch is kept from one answer to the next
# only while the answer's bytes are the same).
python3 - "$top_srcdir/tests/fakehub/scenarios/quality.json" >"$T_TMP/renamed.json" <<"PY"
import json, sys
s = json.load(open(sys.argv[1]))
for r in s["repos"]:
    if r["name"] == "octo/svc":
        r["default_branch"] = "release"
json.dump(s, sys.stdout)
PY
_fakehub_post /__control/scenario "{\"path\": \"$T_TMP/renamed.json\"}"
tmux_keys r
tmux_wait_for 15 'release +@[0-9a-f]{7} +score'
r=$?; [ $r -eq 0 ] || { t_diag "$(tmux_screen)"; t_diag "$(fakehub_requests | python3 -c "import json,sys; [print(x[\"time\"], x[\"path\"], x[\"status\"]) for x in json.load(sys.stdin)[-30:]]")"; }
t_ok $r "a renamed default branch shows at the next poll"

kill -TERM "$(cat "$T_TMP/pid")"
tmux_wait_exit 5 'opsdeck-exited-143'
t_ok $? "quits on SIGTERM"
t_done
