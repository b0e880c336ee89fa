#!/bin/sh
# Faults of GitHub while the interactive console runs (issue 16), those
# that tests/integration/test_stale.sh (--once) and tests/screen/test_live.sh
# do not already cover: 502, 503 with Retry-After, a body cut short, a
# huge body, a secondary limit with Retry-After, and a server that accepts
# and never answers. Each fault hits every API path of the repository, so
# every source (runs, quality, issues) fails at once. For each: the
# console stays up, a key changes the screen within a bound while the
# fault lasts, the runs are shown stale with the reason, and once the
# fault is cleared the stale mark goes within one interval (plus the
# request timeout and a margin for a loaded machine).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
INTERVAL=5	# the smallest the config accepts
TIMEOUT=3
{
	printf '[github]\n\tapi-url = %s\n\tconnect-timeout = 2s\n' "$FAKEHUB_URL"
	printf '\ttimeout = %ss\n[core]\n\tcache-dir = %s/cache\n' "$TIMEOUT" "$T_TMP"
	printf '[ui]\n\tinterval = %ss\n\tfast-interval = %ss\n' "$INTERVAL" "$INTERVAL"
	printf '[repo "octo/hello"]\n'
} >"$T_TMP/config"

cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"$T_TMP/pid.tmp" && mv "$T_TMP/pid.tmp" "$T_TMP/pid"
TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
tmux_start 120 40 "sh $T_TMP/run.sh --config $T_TMP/config; echo opsdeck-exited-\$?"
t_wait_for 10 test -s "$T_TMP/pid"
OPSDECK_PID=$(cat "$T_TMP/pid" 2>/dev/null)
[ -n "$OPSDECK_PID" ] && t_track_pid "$OPSDECK_PID"
tmux_wait_for 20 'x failed +#[0-9]+ Bump libfoo'
t_ok $? "the console shows the runs"

# A body larger than the transport's 16 MiB limit, valid JSON otherwise.
python3 -c 'import sys
open(sys.argv[1], "w").write("{\"total_count\": 0, \"workflow_runs\": [], \"pad\": \"" + "x" * (17 << 20) + "\"}")' "$T_TMP/huge.json"

# keys_answered: Tab moves the focus to the next pane and the marker with
# it; three more come back to the first. Each within 5 s.
keys_answered() {
	tmux_keys Tab && tmux_wait_for 5 ' ?\*2 Quality' &&
	    tmux_keys Tab Tab Tab && tmux_wait_for 5 '^ ?\*1 Pipelines'
}
# fault_case NAME FAULT-JSON REASON-REGEX
fault_case() {
	fakehub_reset
	fakehub_fault "$2"
	tmux_keys r
	tmux_wait_for 30 "stale: $3"
	_rc=$?
	t_ok $_rc "$1: the runs are shown stale with the reason"
	t_diag "$(tmux_screen | grep -o 'stale: .*' | head -1)"
	tmux_screen | grep -q 'Bump libfoo'
	t_ok $? "$1: the cached runs stay on screen"
	keys_answered
	t_ok $? "$1: keys are answered while it lasts"
	kill -0 "$OPSDECK_PID" 2>/dev/null
	t_ok $? "$1: the console is still running"
	fakehub_reset
	_t0=$(date +%s)
	t_wait_for $((INTERVAL + TIMEOUT + 10)) sh -c \
	    "! $T_TMUX capture-pane -p -t t | grep -q 'stale:'"
	_rc=$?
	t_ok $_rc "$1: recovered within one interval of the fault clearing ($(( $(date +%s) - _t0 )) s)"
	[ $_rc -eq 0 ] || t_diag "$(tmux_screen | grep -E 'stale|opsdeck ')"
}
ALL='"path": "^/repos/octo/hello", "count": 1000'
fault_case 502 "{$ALL, \"kind\": \"502\"}" 'HTTP 502 Bad Gateway'
fault_case "503 Retry-After" "{$ALL, \"kind\": \"retry-after\", \"seconds\": 2}" 'HTTP 503 Service Unavailable'
fault_case truncated "{$ALL, \"kind\": \"truncated\"}" '.*transfer closed'
fault_case "huge JSON" "{$ALL, \"kind\": \"body\", \"file\": \"$T_TMP/huge.json\"}" \
    '.*response larger than'
fault_case "secondary limit" "{$ALL, \"kind\": \"secondary\", \"seconds\": 2}" \
    'rate limited until'
fault_case "accept, never answer" "{$ALL, \"kind\": \"timeout\", \"seconds\": 30}" \
    '.*timed out after'
tmux_screen | grep -q 'opsdeck-exited'
t_ok $((! $?)) "the console never exited"
t_done
