#!/bin/sh
# The request governor (issue 16) against fakehub, in the interactive
# console (tmux): 50 repositories, each with a run queued a minute ago,
# which alone would want 50 x 2 requests every 5 s (1,200 a minute). With
# [github] max-requests-per-minute = 300, fakehub's request log must show,
# over a bounded window from the first request: at most the budget's
# share of the window (its burst plus its refill), every repository
# polled (none starved, none polled twice before all were polled once),
# and the header saying the intervals are stretched. Then the same fleet
# with the runs queued two hours ago (past active-max-age = 1h): settled,
# so each repository is on its slow interval and nothing is stretched.
# Quality and issues are off: their requests would count too, but this
# measures the pipelines' load alone.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
command -v python3 >/dev/null 2>&1 || t_skip_all "python3 missing"

NREPOS=50
BUDGET=300
WINDOW=30	# seconds of the fake's request log measured

config() {	# config FILE
	{
		printf '[github]\n\tapi-url = %s\n\tconnect-timeout = 2s\n' "$FAKEHUB_URL"
		printf '\ttimeout = 5s\n\tmax-requests-per-minute = %s\n' "$BUDGET"
		printf '\tactive-max-age = 1h\n'
		printf '[core]\n\tcache-dir = %s/cache.%s\n' "$T_TMP" "$FAKEHUB_N"
		printf '[quality]\n\tenabled = false\n'
		printf '[issues]\n\tenabled = false\n'
		printf '[ui]\n\tinterval = 30s\n\tfast-interval = 5s\n'
		i=1
		while [ $i -le $NREPOS ]; do
			printf '[repo "octo/repo-%d"]\n' $i
			i=$((i + 1))
		done
	} >"$1"
}

# Until the log spans SECONDS from its first request and every repository
# was listed (or the deadline, or the console or the fake died). One look
# takes at most 2 s; the loop is bounded in count and in time.
cat >"$T_TMP/span.py" <<"PY"
import json, sys, urllib.request
url, span, n = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
try:
    reqs = json.load(urllib.request.urlopen(url + "/__control/requests", timeout=2))
except Exception:
    sys.exit(1)
if not reqs:
    sys.exit(1)
lists = {r["path"] for r in reqs if r["path"].endswith("/actions/runs")}
t0 = min(r["started"] for r in reqs)
sys.exit(0 if len(lists) >= n and max(r["time"] for r in reqs) - t0 >= span else 1)
PY
alive() {
	kill -0 "$FAKEHUB_PID" 2>/dev/null && [ -n "${OPSDECK_PID:-}" ] &&
	    kill -0 "$OPSDECK_PID" 2>/dev/null
}
log_spans() {	# log_spans SECONDS DEADLINE
	_end=$(( $(date +%s) + $2 )); _i=0
	while [ "$(date +%s)" -lt "$_end" ] && [ $_i -lt $(( $2 * 5 )) ]; do
		python3 "$T_TMP/span.py" "$FAKEHUB_URL" "$1" "$NREPOS" && return 0
		alive || return 1
		sleep 0.2; _i=$((_i + 1))
	done
	return 1
}

cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"\$1.tmp" && mv "\$1.tmp" "\$1"; shift
TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
console_start() {	# console_start CONFIG PIDFILE
	tmux_start 140 40 "sh $T_TMP/run.sh $2 --config $1; echo opsdeck-exited-\$?"
	t_wait_for 10 test -s "$2"
	OPSDECK_PID=$(cat "$2" 2>/dev/null)
	[ -n "$OPSDECK_PID" ] && t_track_pid "$OPSDECK_PID"
}
console_stop() {	# by its PID; then the tmux server, by its PID
	[ -n "${OPSDECK_PID:-}" ] && kill "$OPSDECK_PID" 2>/dev/null
	t_wait_for 10 sh -c "! kill -0 $OPSDECK_PID 2>/dev/null"
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 10 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
}

fakehub_env
# --- 1: 50 active repositories, stretched ---
printf '{"generate_repos": %d, "generate_queued": 60}\n' $NREPOS >"$T_TMP/queued.json"
fakehub_start --scenario "$T_TMP/queued.json"
config "$T_TMP/config1"
console_start "$T_TMP/config1" "$T_TMP/pid1"
log_spans "$WINDOW" 120
t_ok $? "the log spans ${WINDOW}s and every repository was listed"
tmux_wait_for 15 "governor: $NREPOS repos, interval [0-9]+s"
t_ok $? "the header says the intervals are stretched"
tmux_screen >"$T_TMP/screen1"
fakehub_requests >"$T_TMP/req1.json"
console_stop

python3 - "$T_TMP/req1.json" "$NREPOS" "$BUDGET" "$WINDOW" >"$T_TMP/checks" <<"PY"
import json, sys
reqs = json.load(open(sys.argv[1]))
n, budget, window = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
def ok(cond, what):
    print(0 if cond else 1, what)
t0 = min(r["started"] for r in reqs)
win = [r for r in reqs if r["started"] < t0 + window]
# The bucket: a burst of a tenth of the budget, refilled with the rest of
# it per minute; up to 4 requests (max-connections) may be in flight past
# what a poll reserved.
burst = budget // 10
allowed = burst + (budget - burst) * window / 60 + 4
ok(len(win) <= allowed, "%d requests in %gs, at most %d allowed (%.0f/min at the "
   "budget's rate; ungoverned would be about %d)" % (len(win), window, allowed,
   budget, n * 2 * window / 5))
ok(len(win) >= (budget - burst) * window / 60 / 2, "and the budget is used, not "
   "starved (%d)" % len(win))
lists = [r for r in win if r["path"].endswith("/actions/runs")]
order = [r["path"] for r in sorted(lists, key=lambda r: r["started"])]
seen, twice_early = set(), None
for p in order:
    if p in seen and len(seen) < n and twice_early is None:
        twice_early = p
    seen.add(p)
ok(len(seen) == n, "every repository polled in the window (%d of %d)" % (len(seen), n))
ok(twice_early is None, "none polled twice before all were polled once (%s)" % twice_early)
jobs = [r for r in win if r["path"].endswith("/jobs")]
ok(len(jobs) > 0, "the queued runs' jobs were read too (%d)" % len(jobs))
ok(all(r["method"] == "GET" for r in reqs), "only GETs")
PY
t_checks_from "$T_TMP/checks"
grep -q "governor: $NREPOS repos" "$T_TMP/screen1" || t_diag "$(cat "$T_TMP/screen1")"
# --once polls each repository once and says what the governor would do.
"$OPSDECK" --config "$T_TMP/config1" --once --json >"$T_TMP/once.json" 2>"$T_TMP/once.err"
python3 -c 'import json, re, sys
g = json.load(open(sys.argv[1]))["api"]["governor"] or ""
sys.exit(0 if re.fullmatch(r"governor: %s repos, interval [0-9]+s" % sys.argv[2], g) else 1)' \
    "$T_TMP/once.json" "$NREPOS"
t_ok $? "--once --json: api.governor says the intervals are stretched"
"$OPSDECK" --config "$T_TMP/config1" --once >"$T_TMP/once.txt" 2>>"$T_TMP/once.err"
head -1 "$T_TMP/once.txt" | grep -q -E "^opsdeck: .*  governor: $NREPOS repos, interval [0-9]+s$"
t_ok $? "--once: the status line says so too"

# --- 2: the same runs, queued two hours ago: settled, nothing stretched ---
kill "$FAKEHUB_PID" 2>/dev/null
printf '{"generate_repos": %d, "generate_queued": 7200}\n' $NREPOS >"$T_TMP/old.json"
fakehub_start --scenario "$T_TMP/old.json"
config "$T_TMP/config2"
console_start "$T_TMP/config2" "$T_TMP/pid2"
# The log must reach past the span checked below.
log_spans 26 60
t_ok $? "settled: every repository listed and 26 s of log"
tmux_wait_for 15 "^ opsdeck .* $NREPOS repos "
t_ok $? "settled: the console shows the $NREPOS repositories"
tmux_screen >"$T_TMP/screen2"
! grep -q "governor:" "$T_TMP/screen2"
t_ok $? "settled: the header says nothing of the governor"
fakehub_requests >"$T_TMP/req2.json"
console_stop
python3 - "$T_TMP/req2.json" "$NREPOS" >"$T_TMP/checks2" <<"PY"
import json, sys
reqs = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
t0 = min(r["started"] for r in reqs)
# Under the slow interval (30 s): on the fast one (5 s) the first ones
# would have come round again by then, even behind the start's burst.
span = 25
counts = {}
for r in reqs:
    if r["path"].endswith("/actions/runs") and r["started"] < t0 + span:
        counts[r["path"]] = counts.get(r["path"], 0) + 1
ok = len(counts) == n and max(counts.values()) == 1
print(0 if ok else 1, "settled: each runs list once in %d s, the slow interval "
      "(%d lists, at most %d each)" % (span, len(counts), max(counts.values() or [0])))
PY
t_checks_from "$T_TMP/checks2"
t_done
