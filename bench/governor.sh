#!/bin/sh
# bench/governor.sh: what the request governor (issue 16) does to the load
# on GitHub. Figures, not a test: it prints them and exits 0 unless it
# could not measure. Run by `make bench-governor` (about 3 minutes).
#
# The interactive console in tmux (200x40, so that the header holds both
# the fake's API budget and the governor's note), the default config but
# for the fake's URL, a private cache and the budget, against fakehub with N
# generated repositories whose Deploy run is queued ("generate_queued": 60,
# so each is active and polled at fast-interval). For N = 100 and 500, the
# governor off ([github] max-requests-per-minute = 0) and on (the default):
# the requests in fakehub's request log that started during a 30 s window
# beginning 10 s after the first request, extrapolated (x2) to a minute,
# and the header's governor note as it reads at the window's end.
# "Wanted" is what the pipelines alone would ask for: a runs list and the
# queued run's jobs every fast-interval (5 s), N x 2 x 12 a minute.
# BENCH_REPOS (default "100 500") changes the fleets measured.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || { echo "bench-governor: $OPSDECK not built" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "bench-governor: tmux missing" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "bench-governor: python3 missing" >&2; exit 1; }
REPOS=${BENCH_REPOS:-100 500}
LEAD=10		# seconds from the first request to the window
WINDOW=30	# seconds measured
AGE=60		# the queued runs were last updated this long before the start
# The defaults the figures depend on, as data/defaults.conf has them.
default_of() {	# default_of KEY: its value in data/defaults.conf
	sed -n "s/^[[:space:]]*$1 = \([0-9]*\)s*\$/\1/p" "$top_srcdir/data/defaults.conf" | head -1
}
BUDGET=$(default_of max-requests-per-minute)
FAST=$(default_of fast-interval)
[ -n "$BUDGET" ] && [ -n "$FAST" ] ||
    { echo "bench-governor: no budget or fast-interval in data/defaults.conf" >&2; exit 1; }

fakehub_env

config() {	# config FILE N on|off: the defaults but for URL, cache, budget
	{
		printf '[github]\n\tapi-url = %s\n' "$FAKEHUB_URL"
		[ "$3" = off ] && printf '\tmax-requests-per-minute = 0\n'
		printf '[core]\n\tcache-dir = %s/cache.%s\n' "$T_TMP" "$FAKEHUB_N"
		_i=1
		while [ $_i -le "$2" ]; do
			printf '[repo "octo/repo-%d"]\n' $_i
			_i=$((_i + 1))
		done
	} >"$1"
}

# window.py LOG LEAD WINDOW first|ready|count, on fakehub's JSONL request
# log (a line being written may be cut: it is skipped).
#   first: the first request's start (exit 1 while there is none);
#   ready: exit 0 once a request started a second past the window's end
#          (the fake answers at once, so by then every request that
#          started inside the window is logged);
#   count: the requests that started inside the window, and on stderr the
#          same by kind of path and status.
cat >"$T_TMP/window.py" <<"PY"
import collections, json, re, sys
log, lead, window, what = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
reqs = []
try:
    for line in open(log):
        try:
            reqs.append(json.loads(line))
        except ValueError:
            pass
except OSError:
    pass
if not reqs:
    sys.exit(1)
t0 = min(r["started"] for r in reqs)
w0, w1 = t0 + lead, t0 + lead + window
if what == "first":
    print("%.3f" % t0)
elif what == "ready":
    sys.exit(0 if any(r["started"] >= w1 + 1 for r in reqs) else 1)
else:
    win = [r for r in reqs if w0 <= r["started"] < w1]
    print(len(win))
    kind = collections.Counter("%s %s" % (re.sub(r"/repos/[^/]+/[^/]+", "/repos/R",
        re.sub(r"/[0-9]+(?=/|$)", "/N", r["path"])), r["status"]) for r in win)
    sys.stderr.write("".join("#   %5d  %s\n" % (n, k) for k, n in kind.most_common()))
PY
window() { python3 "$T_TMP/window.py" "$FAKEHUB_LOG" "$LEAD" "$WINDOW" "$@"; }

cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"\$1.tmp" && mv "\$1.tmp" "\$1"; shift
TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
alive() {
	kill -0 "$FAKEHUB_PID" 2>/dev/null && kill -0 "$OPSDECK_PID" 2>/dev/null
}
console_stop() {	# opsdeck by its PID, then the tmux server by its PID
	kill "$OPSDECK_PID" 2>/dev/null
	t_wait_for 10 sh -c "! kill -0 $OPSDECK_PID 2>/dev/null"
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 10 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
}
fakehub_stop() {
	kill "$FAKEHUB_PID" 2>/dev/null
	t_wait_for 10 sh -c "! kill -0 $FAKEHUB_PID 2>/dev/null"
}
# Until the clock passes the window's end and the log has caught up with
# it, polling once a second (not to load the machine being measured); at
# most LEAD + WINDOW + 60 looks, and none once the console or fake died.
wait_window() {	# wait_window FIRST-REQUEST-EPOCH
	_end=$(python3 -c 'import math, sys; print(math.ceil(float(sys.argv[1])) + int(sys.argv[2]) + 1)' \
	    "$1" $((LEAD + WINDOW)))
	_i=0
	while [ $_i -lt $((LEAD + WINDOW + 60)) ]; do
		alive || return 1
		[ "$(date +%s)" -ge "$_end" ] && window ready && return 0
		sleep 1; _i=$((_i + 1))
	done
	return 1
}

# measure N on|off: one row of the table, appended to $T_TMP/table; the
# requests by path and status to $T_TMP/kinds.
measure() {
	printf '{"generate_repos": %d, "generate_queued": %d}\n' "$1" "$AGE" >"$T_TMP/scenario.json"
	# A fake rate limit far above the demand: what is measured is what the
	# console asks for, not what a 5,000-an-hour token would let through.
	fakehub_start --scenario "$T_TMP/scenario.json" --limit 10000000
	config "$T_TMP/config" "$1" "$2"
	tmux_start 200 40 "sh $T_TMP/run.sh $T_TMP/opsdeck.pid.$FAKEHUB_N --config $T_TMP/config; echo opsdeck-exited-\$?"
	t_wait_for 10 test -s "$T_TMP/opsdeck.pid.$FAKEHUB_N" ||
	    { echo "bench-governor: opsdeck did not start" >&2; exit 1; }
	OPSDECK_PID=$(cat "$T_TMP/opsdeck.pid.$FAKEHUB_N")
	t_track_pid "$OPSDECK_PID"
	t_wait_for 30 window first >/dev/null ||
	    { echo "bench-governor: no request in 30 s ($1 repos, governor $2)" >&2; tmux_screen >&2; exit 1; }
	wait_window "$(window first)" ||
	    { echo "bench-governor: the window never ended ($1 repos, governor $2)" >&2; tmux_screen >&2; exit 1; }
	tmux_screen >"$T_TMP/screen"
	_note=$(grep -o -E 'governor: [0-9]+ repos, interval [0-9]+(m[0-9]+)?s' "$T_TMP/screen" | head -1)
	_n=$(window count 2>"$T_TMP/kinds.1")
	console_stop
	fakehub_stop
	_label="on (default, $BUDGET/min)"
	[ "$2" = off ] && _label='off (`max-requests-per-minute = 0`)'
	python3 -c 'import sys
n, label, reqs, note, win, fast = sys.argv[1:7]
per_min, wanted = int(reqs) * 60 // int(win), int(n) * 2 * 60 // int(fast)
print("| " + " | ".join([n, label, "{:,}".format(per_min), "{:,}".format(wanted),
      "`" + note + "`" if note else "-"]) + " |")' \
	    "$1" "$_label" "$_n" "$_note" "$WINDOW" "$FAST" >>"$T_TMP/table"
	{ echo "# $1 repositories, governor $2: $_n requests in the window, by path and status:"
	  cat "$T_TMP/kinds.1"
	  echo "#   header at the window's end: $(head -1 "$T_TMP/screen" | sed 's/  */ /g')"; } >>"$T_TMP/kinds"
	echo "# done: $1 repositories, governor $2 (load $(cut -d' ' -f1-3 /proc/loadavg))"
}

echo "# bench-governor: tmux 200x40, generate_queued $AGE, requests started in a ${WINDOW}s window from ${LEAD}s after the first, x$((60 / WINDOW)) to a minute"
echo "# $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$T_TMP/table"
: >"$T_TMP/kinds"
for n in $REPOS; do
	measure "$n" off
	measure "$n" on
done
cat "$T_TMP/kinds"
echo "| repositories | governor | requests/min | wanted/min | header |"
echo "|---|---|---|---|---|"
cat "$T_TMP/table"
exit 0
