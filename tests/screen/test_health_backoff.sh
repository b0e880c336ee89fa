#!/bin/sh
# Issue 13 leftovers: backoff of failing checks, in tmux. Targets started
# here (tests/health/counter.py, 127.0.0.1) count every connection: one
# closes each at once, unanswered, checked with the default backoff and
# with backoff = 1 (off), both every second. Over the same bounded window
# the backed-off check is probed fewer times; the pane says when it is
# tried next; once its target answers the interval is back. A target that
# answers badly (crit, but an answer) is not backed off. A refused tcp
# target, a name that does not resolve and a Prometheus that does not
# answer, which cannot count, are counted in the debug log instead.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v python3 >/dev/null 2>&1 || t_skip_all "python3 not installed"
export HOME="$T_TMP/home" XDG_CONFIG_HOME="$T_TMP/xdg" XDG_CACHE_HOME="$T_TMP/cache"
export XDG_STATE_HOME="$T_TMP/state"
mkdir -p "$HOME"
# Out of the source tree: the config names checks only.
cd "$T_TMP" || exit 1
# "bad" answers 200 from the start; its check wants 204.
: >"$T_TMP/answer-bad"
python3 "$top_srcdir/tests/health/counter.py" "$T_TMP" backoff steady bad \
    2>"$T_TMP/counter.err" &
t_track_pid $!
t_wait_for 20 test -s "$T_TMP/ports" || { t_diag "$(cat "$T_TMP/counter.err")"; t_skip_all "targets did not start"; }
port() { sed -n "s/^$1 //p" "$T_TMP/ports"; }
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cat >"$T_TMP/config" <<EOF2
[core]
	cache-dir = $T_TMP/cache
[check]
	interval = 1s
	timeout = 2s
	flap-damping = 1
[check "backoff"]
	kind = http
	url = http://127.0.0.1:$(port backoff)/
[check "steady"]
	kind = http
	url = http://127.0.0.1:$(port steady)/
	backoff = 1
[check "bad"]
	kind = http
	url = http://127.0.0.1:$(port bad)/
	status = 204
[check "dead"]
	kind = tcp
	address = 127.0.0.1:$DEAD
[check "nxdomain"]
	kind = tcp
	address = no-such-host.invalid:80
[check "prom"]
	kind = prometheus
	query = up
[prometheus]
	url = http://127.0.0.1:$DEAD
[check "dead-steady"]
	kind = tcp
	address = 127.0.0.1:$DEAD
	backoff = 1
EOF2
count() { cat "$T_TMP/count-$1" 2>/dev/null || echo 0; }
logged() { grep -c "check $1: " "$T_TMP/log" 2>/dev/null || echo 0; }

tmux_start 120 40 "TERM=screen-256color $OPSDECK -vv -l $T_TMP/log --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 'Health'
t_ok $? "the console is up"
tmux_keys 4 z
# The window: until the check without backoff has been probed 10 times.
t_wait_for 40 sh -c "[ \$(cat '$T_TMP/count-steady' 2>/dev/null || echo 0) -ge 10 ]"
t_ok $? "backoff = 1: probed every interval ($(count steady) times)"
b=$(count backoff) s=$(count steady) d=$(logged dead) ds=$(logged dead-steady)
t_ok $([ "$b" -ge 2 ] && [ "$b" -le 6 ] && [ "$b" -lt "$s" ] && echo 0 || echo 1) \
    "an unanswered target with backoff: probed $b times while the other was probed $s"
t_ok $([ "$d" -ge 2 ] && [ "$d" -lt "$ds" ] && echo 0 || echo 1) \
    "a refused tcp target with backoff: $d probes logged against $ds"
n=$(logged nxdomain) p=$(logged prom) bad=$(count bad)
t_ok $([ "$n" -ge 2 ] && [ "$n" -lt "$ds" ] && echo 0 || echo 1) \
    "a name that does not resolve: $n probes logged against $ds"
t_ok $([ "$p" -ge 2 ] && [ "$p" -lt "$ds" ] && echo 0 || echo 1) \
    "a Prometheus that does not answer: $p probes logged against $ds"
t_ok $([ "$bad" -ge $((s - 3)) ] && echo 0 || echo 1) \
    "a target that answers badly is not backed off ($bad probes, against $s)"
tmux_wait_for 10 '✗ crit +backoff +down, next in [0-9]+s'
t_ok $? "the pane says when a backed-off check is tried next"
tmux_screen >"$T_TMP/s1"
! grep -q -E 'steady +down, next in' "$T_TMP/s1"
t_ok $? "  and says nothing of it for a check without backoff"
grep -q -E '✗ crit +dead +refused, next in [0-9]+s' "$T_TMP/s1"
t_ok $? "  the refused tcp check too"

# Its target answers: ok, and probed every interval again.
: >"$T_TMP/answer-backoff"
tmux_wait_for 20 '✓ ok +backoff'
t_ok $? "the first answer: ok"
c1=$(count backoff)
t_wait_for 8 sh -c "[ \$(cat '$T_TMP/count-backoff') -ge $((c1 + 3)) ]"
t_ok $? "  and the interval is back: 3 more probes within 8 s ($c1 -> $(count backoff))"
! tmux_screen | grep -q -E 'backoff .*next in'
t_ok $? "  no countdown once it answers"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "quits cleanly"
$T_TMUX kill-server 2>/dev/null
t_done
