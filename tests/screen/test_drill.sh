#!/bin/sh
# Two key presses from "what is red" to "why": Enter on a run shows its
# jobs and the failing job's steps, Enter on the job opens its log at the
# first error, with colours rendered, the token masked, the log's own
# escape sequences inert. Search (/, n, N), error jumps (e), g/G, follow
# mode of a running job, y copying the URL (OSC 52, through tmux), Esc back
# up, and the filter (/, !, Esc) and sort (s) of the list.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin logs
fakehub_config "$T_TMP/config" octo/logs
# A "browser" that records what it was asked to open.
printf '#!/bin/sh\nprintf "%%s" "$1" >"%s/opened.tmp" && mv "%s/opened.tmp" "%s/opened"\n' \
    "$T_TMP" "$T_TMP" "$T_TMP" >"$T_TMP/browser"
chmod +x "$T_TMP/browser"
tmux_start 140 45 "BROWSER=$T_TMP/browser TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
$T_TMUX set-option -s set-clipboard on >/dev/null
status() { tmux_screen | sed -n '44p'; }

tmux_wait_for 15 '#1 Add the log viewer'
t_ok $? "the runs appear"
tmux_keys z
tmux_wait_for 5 '\+ Matrix +1 run +100% ok of last 1 '
t_ok $? "zoomed: a workflow's success rate over its last runs, and its trend"
tmux_keys j j Enter
tmux_wait_for 10 'octo/logs > run #1'
t_ok $? "Enter on a run opens the run view"
tmux_wait_for 10 '> x failed +e2e'
t_ok $? "its jobs, the failed one selected"
tmux_screen >"$T_TMP/run"
grep -q -E '\+ succeeded build +1m00s +4/4 +runner-7' "$T_TMP/run" &&
    grep -q -E '> running +test' "$T_TMP/run"
t_ok $? "jobs with status, duration, steps done and runner"
grep -q -E '^ Steps' "$T_TMP/run" && grep -q -E 'x +3 Test .* failed' "$T_TMP/run"
t_ok $? "the steps of the selected job"

tmux_keys y
tmux_wait_for 5 'copied https://github.com/octo/logs/actions/runs/50000001 *$'
t_ok $? "y in the run view copies the run's URL"
fakehub_reset
tmux_keys Enter
tmux_wait_for 10 'e2e  line 5022/10042'
t_ok $? "Enter on the job opens its log at the first error (line 5022)"
tmux_screen >"$T_TMP/log"
grep -q -E '^ 5022   Error: Process completed with exit code 1\.' "$T_TMP/log"
t_ok $? "the ##[error] line, marked"
grep -q -E '^ 5023   FAIL test_login token=\*\*\*$' "$T_TMP/log"
t_ok $? "the fake token is masked, its colour codes gone"
grep -q 'ghp_' "$T_TMP/log"
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "no byte of the token on screen"
grep -q -E '^ 5021 > Step 10' "$T_TMP/log" && grep -q -E '^ 5024   line 5000 ok' "$T_TMP/log"
t_ok $? "groups marked and their lines indented"
$T_TMUX capture-pane -p -e -t t | grep -q "$(printf '\033')\[3[0-9;]*m.*FAIL\|FAIL"
t_ok $? "colours drawn through curses"
fakehub_requests >"$T_TMP/req.json"
python3 - "$T_TMP/req.json" >"$T_TMP/checks" <<"PY"
import json, sys
reqs = json.load(open(sys.argv[1]))
def ok(cond, what):
    print(0 if cond else 1, what)
api = [r for r in reqs if r["path"].endswith("/actions/jobs/5003/logs")]
blob = [r for r in reqs if r["path"].startswith("/_blob/logs/5003")]
ok(len(api) == 1 and api[0]["status"] == 302 and api[0]["authorization"], "one request to the logs endpoint, 302, with the token")
ok(len(blob) == 1 and blob[0]["host"].startswith("localhost") and not blob[0]["authorization"], "the signed URL on the other host, without the token")
PY
t_checks_from "$T_TMP/checks"

tmux_keys / 'line 49[0-9]9 ' Enter
tmux_wait_for 5 'line 4929/10042  /line 49\[0-9\]9 : 10 lines match  search wrapped'
t_ok $? "/ searches on from the error, wraps to the first match, counts ($(status))"
tmux_keys n
tmux_wait_for 5 'line 4939/10042'
t_ok $? "n: the next match ($(status))"
tmux_keys N N
tmux_wait_for 5 'line 5019/10042.*search wrapped'
t_ok $? "N N: back over the first, wrapping to the last ($(status))"
tmux_keys / '4999 ok$' Enter
tmux_wait_for 5 'e2e  line 5019/10042'
t_ok $? "the search sees the text as shown: 'ok' is coloured in the log, and \$ ends the line ($(status))"
tmux_keys / 'no such thing' Enter
tmux_wait_for 5 'not found: no such thing'
t_ok $? "a pattern with no match says so"
tmux_keys g
tmux_wait_for 5 'e2e  line 1/10042'
t_ok $? "g: the first line"
tmux_keys e
tmux_wait_for 5 'e2e  line 5022/10042'
t_ok $? "e: the next error line"
tmux_keys e
tmux_wait_for 5 'no further error line'
t_ok $? "e past the last error says so"
tmux_keys G
tmux_wait_for 5 'e2e  line 10042/10042'
t_ok $? "G: the last line"
tmux_keys PPage
tmux_wait_for 5 'e2e  line 100[0-9][0-9]/10042'
t_ok $? "PgUp: a page up ($(status))"
tmux_keys y
tmux_wait_for 5 'copied https://github.com/octo/logs/actions/runs/50000001/job/5003'
t_ok $? "y copies the job's URL"
[ "$($T_TMUX show-buffer 2>/dev/null)" = "https://github.com/octo/logs/actions/runs/50000001/job/5003" ]
t_ok $? "through OSC 52 into tmux's buffer"

tmux_keys o
opened() { [ -s "$T_TMP/opened" ]; }
t_wait_for 5 opened
[ "$(cat "$T_TMP/opened" 2>/dev/null)" = "https://github.com/octo/logs/actions/runs/50000001/job/5003" ]
t_ok $? "o hands the job's URL to \$BROWSER, as one argument"
tmux_keys Escape
tmux_wait_for 5 'octo/logs > run #1  '
t_ok $? "Esc: back to the run"
tmux_keys k Enter
tmux_wait_for 10 'test  line [0-9]+/[0-9]+  following'
t_ok $? "a running job's log opens following"
n0=$(fakehub_requests | python3 -c 'import json,sys; print(len([r for r in json.load(sys.stdin) if r["path"].endswith("/jobs/5002/logs")]))')
refetched() {
	n=$(fakehub_requests | python3 -c 'import json,sys; print(len([r for r in json.load(sys.stdin) if r["path"].endswith("/jobs/5002/logs")]))')
	[ "$n" -gt "$n0" ]
}
t_wait_for 15 refetched
t_ok $? "and is fetched again while followed"
tmux_keys f
tmux_wait_for 5 'test  line [0-9]+/[0-9]+  /'
tmux_screen | sed -n '44p' | grep -q following
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "f stops following"
tmux_keys Escape Escape
tmux_wait_for 5 '1 Pipelines  1 repos'
t_ok $? "Esc Esc: back to the list"

tmux_keys / matrix Enter
tmux_wait_for 5 'filter: matrix  sort: status  1 runs shown'
t_ok $? "/ filters the list (caseless)"
tmux_screen | grep -q 'Add the log viewer'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "the other runs are hidden"
tmux_keys / C-u '!matrix' Enter
tmux_wait_for 5 'filter: !matrix'
tmux_screen | grep -q '#2 Update README' 
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "! negates"
tmux_keys / C-u '(bad' Enter
tmux_wait_for 5 'bad pattern: '
t_ok $? "a bad pattern is named, the last good filter stays"
tmux_keys Escape
tmux_wait_for 5 '#2 Update README'
tmux_screen | grep -q 'filter:'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "Esc clears the filter"
tmux_keys s
tmux_wait_for 5 'sort: age  2 runs shown'
t_ok $? "s: sort by age"
tmux_keys s
tmux_wait_for 5 'sort: duration'
t_ok $? "s again: by duration"
# A hostile log: escape sequences, a title change, C1 and a bidi override
# in the log's own text are drawn inert, never sent to the terminal.
fakehub_scenario logs '{"logs": {"5001": {"text": "2026-11-22T10:00:00.0000000Z \u001b]0;owned-title\u0007title line\n2026-11-22T10:00:01.0000000Z \u001b[2J\u001b[Hcleared?\n2026-11-22T10:00:02.0000000Z bidi \u202eevil\n2026-11-22T10:00:03.0000000Z c1 \u009b31mred\n"}}}'
tmux_keys s / C-u 'log viewer' Enter
tmux_wait_for 5 'filter: log viewer'
tmux_keys G Enter
tmux_wait_for 10 '> \+ succeeded build'
tmux_keys g Enter
tmux_wait_for 10 'build  line [0-9]+/4'
t_ok $? "a hostile log opens"
tmux_screen >"$T_TMP/hostile"
grep -q 'title line' "$T_TMP/hostile" && grep -q 'cleared?' "$T_TMP/hostile"
t_ok $? "its text is shown"
grep -q '^ opsdeck' "$T_TMP/hostile" && grep -q '1 Pipelines' "$T_TMP/hostile"
t_ok $? "the screen was not cleared or moved by its sequences"
grep -q 'bidi <U+202E>evil' "$T_TMP/hostile" && grep -q 'c1 <U+009B>31mred' "$T_TMP/hostile"
t_ok $? "a bidi override and a C1 control are shown as <U+...>"
[ "$($T_TMUX display-message -p -t t '#{pane_title}')" != "owned-title" ]
t_ok $? "its OSC title sequence did not retitle the terminal"

tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits"
t_done
