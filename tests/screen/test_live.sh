#!/bin/sh
# The console against fakehub in tmux: live data, hostile text made inert,
# a failing source shown stale with its reason, and a clean quit on SIGHUP.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic
# The console's own PID from the shell it execs from, never by name.
cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"$T_TMP/pid.tmp" && mv "$T_TMP/pid.tmp" "$T_TMP/pid"
TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
tmux_start 120 40 "sh $T_TMP/run.sh --config $T_TMP/config; echo opsdeck-exited-\$?"

tmux_wait_for 15 'x failed +#[0-9]+ Bump libfoo'
t_ok $? "the failed run appears"
tmux_screen >"$T_TMP/s1"
grep -q 'API [0-9]*/5000 resets' "$T_TMP/s1"
t_ok $? "header shows the API budget"
grep -q -E '> running 1/3 +#[0-9]+ Deploy 1.2.3' "$T_TMP/s1"
t_ok $? "a running run shows its job progress"
line_fail=$(grep -n -E 'x failed +#[0-9]+ Bump libfoo' "$T_TMP/s1" | cut -d: -f1)
line_ok=$(grep -n -E 'succeeded +#[0-9]+ Fix the login' "$T_TMP/s1" | cut -d: -f1)
[ -n "$line_fail" ] && [ -n "$line_ok" ] && [ "$line_fail" -lt "$line_ok" ]
t_ok $? "failing before green"

_fakehub_post /__control/scenario "{\"path\": \"$top_srcdir/tests/fakehub/scenarios/hostile.json\"}"
tmux_keys r z
tmux_wait_for 15 'PWNED'
t_ok $? "a hostile run title is drawn (zoomed pane)"
tmux_screen >"$T_TMP/s2"
grep -q '\^\[\[2J' "$T_TMP/s2" && grep -q 'PWNED' "$T_TMP/s2"
t_ok $? "escape sequences are shown as text (^[[2J), not obeyed"
grep -q '^ opsdeck' "$T_TMP/s2" && grep -q '1 Pipelines' "$T_TMP/s2"
t_ok $? "the screen was not cleared or moved by them"
grep -q '<U+202E>' "$T_TMP/s2"
t_ok $? "a bidi override is shown as <U+202E>"
title=$($T_TMUX display-message -p -t t '#{pane_title}')
[ "$title" != "owned-title" ]
t_ok $? "an OSC title sequence did not retitle the terminal ($title)"

fakehub_fault '{"path": "/actions/runs$", "kind": "500", "count": 50}'
tmux_keys r
tmux_wait_for 15 'stale: HTTP 500 Internal Server Error \(retry in'
t_ok $? "a 500 is shown as stale with the reason and the retry time"
tmux_screen | grep -q 'PWNED'
t_ok $? "the last known runs stay on screen"

# Shutdown while a request hangs: the worker's transfer is aborted, so the
# console exits within about a second instead of the 5 s timeout.
fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "timeout", "count": 5, "seconds": 20}'
tmux_keys r
held() {
	python3 -c 'import json,sys,urllib.request
r = json.load(urllib.request.urlopen(sys.argv[1], timeout=5))
sys.exit(0 if any(x["status"] == 0 for x in r) else 1)' "$FAKEHUB_URL/__control/requests"
}
t_wait_for 10 held
t_ok $? "a request is hanging in the fake"
kill -HUP "$(cat "$T_TMP/pid")"
tmux_wait_exit 2 'opsdeck-exited-129'
t_ok $? "SIGHUP (a dropped SSH link) exits within 2 s, 128+1, with a request in flight"
t_done
