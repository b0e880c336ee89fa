#!/bin/sh
# What an idle console costs: 50 repositories whose runs are all completed
# (scenarios/many.json), polled every 5 s by the interactive console in
# tmux. Over one window of real time, fakehub's request log must show only
# conditional GETs answered 304, at the configured rate, spending no API
# budget, and the terminal must receive only what the visible ticks need.
# Both are measured over the same window: the polls go on while the screen
# has nothing new to show, which is the idle state this test is about.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"

NREPOS=50
INTERVAL=5	# seconds; the smallest interval the config accepts
WINDOW=12	# seconds of real time measured (2.4 polls per repository)

SCENARIO=$top_srcdir/tests/fakehub/scenarios/many.json
python3 - "$top_srcdir/tests/fakehub" "$SCENARIO" "$NREPOS" <<"PY"
import json, sys
sys.dont_write_bytecode = True	# nothing written into the source tree
sys.path.insert(0, sys.argv[1])
import fakehub
sc = fakehub.expand_scenario(json.load(open(sys.argv[2])))
states = [s for r in sc["repos"] for run in r["runs"] for s in run.get("states", [])]
sys.exit(0 if len(sc["repos"]) == int(sys.argv[3]) and states and
         all(s["status"] == "completed" for s in states) else 1)
PY
t_ok $? "the scenario: $NREPOS repositories, every run completed from the start"
fakehub_start --scenario "$SCENARIO"
fakehub_env
{
	printf '[github]\n\tapi-url = %s\n\tconnect-timeout = 2s\n' "$FAKEHUB_URL"
	# The request governor off: this measures polling at the interval.
	printf '\ttimeout = 5s\n\tmax-requests-per-minute = 0\n'
	printf '[core]\n\tcache-dir = %s/cache\n' "$T_TMP"
	printf '[ui]\n\tinterval = %ss\n\tfast-interval = %ss\n' "$INTERVAL" "$INTERVAL"
	i=1
	while [ $i -le $NREPOS ]; do
		printf '[repo "octo/repo-%d"]\n\tinterval = %ss\n' $i "$INTERVAL"
		i=$((i + 1))
	done
} >"$T_TMP/config"

# Conditions on fakehub's request log. One look takes at most 2 s, and the
# wait is bounded in time as well as in count, and ends as soon as the
# console or the fake is gone.
cat >"$T_TMP/log.py" <<"PY"
import json, sys, urllib.request
what, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    reqs = json.load(urllib.request.urlopen(url + "/__control/requests", timeout=2))
except Exception:
    sys.exit(1)
lists = [r for r in reqs if r["path"].endswith("/actions/runs")]
if what == "first":	# every repository's runs list fetched (200) once
    seen = {r["path"] for r in lists if r["status"] == 200}
elif what == "steady":	# and revalidated once: its first poll is over
    seen = {r["path"] for r in lists if r["status"] == 304}
sys.exit(0 if len(seen) >= n else 1)
PY
alive() {
	kill -0 "$FAKEHUB_PID" 2>/dev/null && [ -n "${OPSDECK_PID:-}" ] &&
	    kill -0 "$OPSDECK_PID" 2>/dev/null
}
log_shows() {	# log_shows SECONDS first|steady
	_end=$(( $(date +%s) + $1 )); _i=0
	while [ "$(date +%s)" -lt "$_end" ] && [ $_i -lt $(( $1 * 10 )) ]; do
		python3 "$T_TMP/log.py" "$2" "$FAKEHUB_URL" "$NREPOS" && return 0
		alive || return 1
		sleep 0.1; _i=$((_i + 1))
	done
	return 1
}

# The console's own PID from the shell it execs from, never by name.
cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"$T_TMP/pid.tmp" && mv "$T_TMP/pid.tmp" "$T_TMP/pid"
TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
tmux_start 120 40 "sh $T_TMP/run.sh --config $T_TMP/config; echo opsdeck-exited-\$?"
t_wait_for 10 test -s "$T_TMP/pid"
OPSDECK_PID=$(cat "$T_TMP/pid" 2>/dev/null)
[ -n "$OPSDECK_PID" ] && t_track_pid "$OPSDECK_PID"

log_shows 60 first
t_ok $? "every repository's runs list was fetched once"
log_shows 60 steady
t_ok $? "and revalidated once (every first poll is over)"
tmux_wait_for 15 "^ opsdeck .* $NREPOS repos .*data (<1m|[0-9]+s) old"
t_ok $? "the console shows the $NREPOS repositories"
tmux_wait_for 15 '^ ?\*?1 Pipelines +5 failing'
t_ok $? "and the 5 failing ones"

# The terminal: everything tmux receives from the pane goes to a reader
# that stamps each chunk with the time it arrived (its own PID, tracked).
cat >"$T_TMP/stamp.py" <<"PY"
import os, signal, sys, time
signal.alarm(300)	# bounded even if the pane never closes
raw, times = open(sys.argv[1], "ab"), open(sys.argv[2], "a")
for _ in range(10 ** 6):
    b = os.read(0, 65536)
    if not b:
        break
    raw.write(b); raw.flush()
    times.write("%.6f %d\n" % (time.time(), len(b))); times.flush()
PY
cat >"$T_TMP/tap.sh" <<EOS
echo \$\$ >"$T_TMP/tap.pid.tmp" && mv "$T_TMP/tap.pid.tmp" "$T_TMP/tap.pid"
exec python3 "$T_TMP/stamp.py" "$T_TMP/term.raw" "$T_TMP/term.times"
EOS
: >"$T_TMP/term.raw"
: >"$T_TMP/term.times"
$T_TMUX pipe-pane -o -t t "sh $T_TMP/tap.sh"
t_wait_for 10 test -s "$T_TMP/tap.pid"
t_ok $? "the terminal output is being recorded"
[ -s "$T_TMP/tap.pid" ] && t_track_pid "$(cat "$T_TMP/tap.pid")"

# A check that could not run at all is a failure, not a missing test point.
analysed() { [ $? -eq 0 ] || echo "1 $1" >>"$T_TMP/checks"; }
now() { date +%s.%N; }	# no interpreter to start: a busy machine waits for those
# The window: waiting for time to pass is what is measured, so a plain
# sleep is right here. Every request from the reset to the read of the log
# must be idle traffic; those counted against the interval are the ones
# that started between t0 and t1 (the fake's clock is this machine's).
# CPU ticks of the whole console and the UI thread's wakeups (its context
# switches: it sleeps in poll() between them), read from /proc with shell
# builtins around the window.
proc_sample() {	# proc_sample: "UTIME STIME VOLUNTARY NONVOLUNTARY" or "-"
	_st=$(cat "/proc/$OPSDECK_PID/stat" 2>/dev/null) || { echo -; return; }
	set -- ${_st##*) }
	_cpu="${12} ${13}"
	_v=$(grep -E '^(non)?voluntary_ctxt_switches' 	    "/proc/$OPSDECK_PID/task/$OPSDECK_PID/status" 2>/dev/null |
	    while read -r _k _n; do printf '%s ' "$_n"; done)
	echo "$_cpu $_v"
}
tmux_screen >"$T_TMP/screen0"
fakehub_requests >"$T_TMP/before.json"
fakehub_reset
p0=$(proc_sample)
t0=$(now)
sleep "$WINDOW"
t1=$(now)
p1=$(proc_sample)
fakehub_requests >"$T_TMP/window.json"
tmux_screen >"$T_TMP/screen1"
alive
t_ok $? "the console and the fake are still running after the window"

python3 - "$T_TMP/before.json" "$T_TMP/window.json" "$t0" "$t1" \
    "$NREPOS" "$INTERVAL" >"$T_TMP/checks" <<"PY"
import json, re, sys
before, win = (json.load(open(p)) for p in sys.argv[1:3])
t0, t1 = float(sys.argv[3]), float(sys.argv[4])
nrepos, interval = int(sys.argv[5]), float(sys.argv[6])
w = t1 - t0
def ok(cond, what):
    print(0 if cond else 1, what)
def repo(r):
    return "/".join(r["path"].split("/")[2:4])
cond = lambda r: bool(r["if_none_match"] or r["if_modified_since"])
full1 = {}
for r in before:
    if r["path"].endswith("/actions/runs") and r["status"] == 200:
        full1[r["path"]] = full1.get(r["path"], 0) + 1
ok(len(full1) == nrepos and set(full1.values()) == {1},
   "before the window: one full fetch of each runs list (%d lists, %s each)"
   % (len(full1), "/".join(str(v) for v in sorted(set(full1.values())))))
ok(len(win) > 0 and all(r["method"] == "GET" and cond(r) for r in win),
   "every request while idle is a conditional GET (%d)" % len(win))
ok(all(r["status"] == 304 for r in win),
   "every one answered 304 (%s)" % sorted({r["status"] for r in win}))
# Nothing in this scenario changes, so a 200 is a full fetch of a body the
# client already had.
full = sorted({r["path"] for r in win if r["status"] == 200})
ok(not full, "no full 200 fetch of an unchanged URL %s" % full[:5])
# Jobs: a completed run's jobs never change; once fetched, asking again
# (even conditionally) is a request per failing run per poll for nothing.
jobs_re = re.compile(r"^/repos/[^/]+/[^/]+/actions/runs/(\d+)/jobs$")
had = {jobs_re.match(r["path"]).group(1) for r in before
       if jobs_re.match(r["path"]) and r["status"] == 200}
again = [r for r in win if jobs_re.match(r["path"])
         and jobs_re.match(r["path"]).group(1) in had]
paths = sorted({r["path"] for r in again})
ok(not again, "no request for the jobs of a completed run already fetched "
   "(%d while idle, for %d runs: %s)%s" % (len(again), len(paths),
   ", ".join(paths[:2]) + (", ..." if len(paths) > 2 else ""), ""))
if again:	# the evidence: one run's jobs, from the first poll on
    base = min(r["time"] for r in before)
    print("# %s: %s" % (paths[0], ", ".join("%d at +%.1fs%s" % (r["status"], r["time"] - base,
          " (" + ("If-None-Match" if r["if_none_match"] else "If-Modified-Since") + ")"
          if cond(r) else "") for r in before + win if r["path"] == paths[0])))
lists = {}
for r in win:
    if r["path"].endswith("/actions/runs") and t0 <= r["started"] <= t1:
        lists[repo(r)] = lists.get(repo(r), 0) + 1
lo, hi = w / interval - 1, w / interval + 1
counts = [lists.get("octo/repo-%d" % i, 0) for i in range(1, nrepos + 1)]
ok(all(lo <= c <= hi for c in counts),
   "polls per repository in [%.1f, %.1f]: %d..%d" % (lo, hi, min(counts), max(counts)))
last = [r["ratelimit_remaining"] for r in before if r["ratelimit_remaining"] is not None]
rem = [int(r["ratelimit_remaining"]) for r in win if r["ratelimit_remaining"] is not None]
ok(last and rem and min(rem) >= int(last[-1]),
   "x-ratelimit-remaining did not decrease (%s -> %s..%s)" %
   (last[-1] if last else "?", min(rem) if rem else "?", max(rem) if rem else "?"))
# The steady rate from each repository's own period, not from how many
# polls happen to fall in the window: all 50 are polled within a fraction
# of a second of each other, so a window count moves by a whole round.
rate, periods = 0.0, []
for i in range(1, nrepos + 1):
    name = "octo/repo-%d" % i
    t = sorted(r["started"] for r in win if r["path"] == "/repos/%s/actions/runs" % name)
    mine = [r for r in win if repo(r) == name]
    if len(t) >= 2:
        periods.append((t[-1] - t[0]) / (len(t) - 1))
        rate += len(mine) / len(t) * 60 / periods[-1]
inwin = [r for r in win if t0 <= r["started"] <= t1]
print("# %d idle repositories, interval %gs, period %.2f..%.2f s: %.0f requests/minute"
      " (%d in the %.1f s window: %d runs lists, %d jobs), all 304"
      % (nrepos, interval, min(periods or [0]), max(periods or [0]), rate, len(inwin), w,
         sum(counts), len(inwin) - sum(counts)))
PY
analysed "the request log could be read and analysed"
# The terminal over the same window. Between the polls nothing changes on
# screen: the header's data age reads "<1m" while the data is under a
# minute old, and the HH:MM clock ticks once a minute, a repaint of about
# 45 bytes (cursor address, attributes, the digits, attributes reset). So
# the 12 s window holds at most one such tick. A redraw that paints what
# is already there (the panes are redrawn whenever data arrives, 11 times
# a second here) must send nothing at all, not even a move of the hidden
# cursor; the only characters ever drawn are the clock's digits, on the
# header row; repainting a row or a pane would draw more than 40.
python3 - "$T_TMP/term.raw" "$T_TMP/term.times" "$t0" "$t1" \
    "$T_TMP/screen0" "$T_TMP/screen1" >>"$T_TMP/checks" <<"PY"
import re, sys
raw = open(sys.argv[1], "rb").read()
t0, t1 = float(sys.argv[3]), float(sys.argv[4])
s0, s1 = (open(p).read().split("\n") for p in sys.argv[5:7])
w = t1 - t0
def ok(cond, what):
    print(0 if cond else 1, what)
chunks, off = [], 0
for line in open(sys.argv[2]):
    t, n = line.split()
    if t0 < float(t) <= t1:
        chunks.append((float(t), raw[off:off + int(n)]))
    off += int(n)
# Chunks less than 20 ms apart are one write (ncurses may write a frame in
# pieces; tmux may read two frames at once).
writes = []
for t, b in chunks:
    if writes and t - writes[-1][0] < 0.02:
        writes[-1] = (t, writes[-1][1] + b)
    else:
        writes.append((t, b))
ESC = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                 rb"|\x1b[ -/]*[0-~]|[\x00-\x1f\x7f]")
drawn = [ESC.sub(b"", b) for _, b in writes]
total = sum(len(b) for _, b in writes)
ok(total <= 120, "an idle console writes %d bytes in %.0f s to the terminal (at most"
   " one clock tick, 120)" % (total, w))
text = b"".join(drawn).decode("utf-8", "replace")
ok(set(text) <= set("0123456789smhd old:-"),
   "only the data age and the clock are drawn (%d characters: %r)" % (len(text), text[:40]))
ok(max([len(d) for d in drawn] or [0]) <= 40,
   "no write repaints a row or more (at most %d characters drawn in one)"
   % max([len(d) for d in drawn] or [0]))
ok(len(s0) == len(s1) and s0[1:] == s1[1:], "below the header, the screen did not change")
idle = [b for (_, b), d in zip(writes, drawn) if not d]
ok(not idle, "nothing is written when nothing on screen changes (%d of %d writes draw"
   " nothing: %d bytes, e.g. %r)%s" % (len(idle), len(writes), sum(len(b) for b in idle),
   idle[0] if idle else b"", ""))
print("# idle terminal: %d bytes in %.1f s = %.1f bytes/s, %d writes (%.2f/s), %d characters drawn"
      % (total, w, total / w, len(writes), len(writes) / w, len(text)))
PY
analysed "the terminal output could be read and analysed"
python3 - "$p0" "$p1" "$t0" "$t1" "$(getconf CLK_TCK)" >>"$T_TMP/checks" <<"PY"
import sys
a, b = (x.split() for x in sys.argv[1:3])
w, hz = float(sys.argv[4]) - float(sys.argv[3]), float(sys.argv[5])
if len(a) == 4 and len(b) == 4:
    a, b = [int(x) for x in a], [int(x) for x in b]
    cpu = ((b[0] + b[1]) - (a[0] + a[1])) / hz * 1000
    # A wakeup is a voluntary switch (the end of a sleep in poll());
    # preemptions by a busy machine are the involuntary ones.
    wake, pre = b[2] - a[2], b[3] - a[3]
    print("# idle process: %.0f ms CPU in %.1f s (%.0f ms/minute); UI thread: %d wakeups"
          " (%.0f/minute), %d preemptions" % (cpu, w, cpu * 60 / w, wake, wake * 60 / w, pre))
    print("0 the console's CPU and wakeups were measured")
    # Every poll here is an unchanged 304: published only when the data
    # shown turns 25 s old, so at most one round of 50 republishes falls
    # in the window (before, every poll published twice: 104-115 wakeups).
    print("%d the UI thread slept through the 304s: %d wakeups in %.0f s (at most 60)"
          % (0 if wake <= 60 else 1, wake, w))
else:
    print("1 the console's CPU and wakeups were measured (%r %r)" % (sys.argv[1], sys.argv[2]))
PY
analysed "the process figures could be read"
while IFS= read -r line; do
	case $line in
	'# '*) echo "$line" ;;
	*) t_ok "${line%% *}" "${line#* }" ;;
	esac
done <"$T_TMP/checks"

t_done
