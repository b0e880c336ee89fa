#!/bin/sh
# bench/idle.sh: what an idle console costs, beside htop run the same way
# (issue 16). Figures, not a test: it prints them and exits 0 unless it
# could not measure. Run by `make bench-idle` (IDLE_SECONDS, default 60).
#
# 1. opsdeck in tmux (120x40, TERM=screen-256color) against fakehub with 10
#    generated repositories (GitHub's example runs), the default config but
#    for the fake's URL and a private cache. Once every first round is over,
#    for IDLE_SECONDS: bytes written to the terminal (tmux pipe-pane -o),
#    CPU (utime+stime of /proc/PID/stat), voluntary context switches of
#    every thread (/proc/PID/task/*/status), fakehub's requests; at the
#    end RSS, threads and fds. Then `htop -d 50` in the same way.
# 2. First full frame from the disk cache with GitHub hung: the fake is
#    replaced by a listener on the same port that accepts and never
#    answers, and opsdeck is started again on the warm cache: the time
#    from exec to the end of the first output chunk after which every
#    repository name of the settled screen and its key line have been
#    written (from pipe-pane's time stamps).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || { echo "bench-idle: $OPSDECK not built" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "bench-idle: tmux missing" >&2; exit 1; }
IDLE_SECONDS=${IDLE_SECONDS:-60}
NREPOS=10
FRAMES=${FRAMES:-5}	# first-frame runs (the best and the worst are printed)

fakehub_start --repos "$NREPOS"
fakehub_env
{
	printf '[github]\n\tapi-url = %s\n' "$FAKEHUB_URL"
	printf '[core]\n\tcache-dir = %s/cache\n' "$T_TMP"
	i=1
	while [ $i -le $NREPOS ]; do
		printf '[repo "octo/repo-%d"]\n' $i; i=$((i + 1))
	done
} >"$T_TMP/config"

# Every chunk the pane writes, stamped with its arrival time.
cat >"$T_TMP/stamp.py" <<"PY"
import os, signal, sys, time
signal.alarm(900)
raw, times = open(sys.argv[1], "ab"), open(sys.argv[2], "a")
open(sys.argv[2] + ".up", "w").close()	# reading: the command may start
for _ in range(10 ** 7):
    b = os.read(0, 65536)
    if not b:
        break
    raw.write(b); raw.flush()
    times.write("%.6f %d\n" % (time.time(), len(b))); times.flush()
PY

# run.sh NAME CMD...: writes its PID, waits (bounded) for NAME.go, notes
# the time and execs CMD, so that recording starts before the first byte.
cat >"$T_TMP/run.sh" <<"EOS"
d=$1; n=$2; shift 2
echo $$ >"$d/$n.pid.tmp" && mv "$d/$n.pid.tmp" "$d/$n.pid"
i=0; while [ ! -e "$d/$n.go" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
date +%s.%N >"$d/$n.t0"
TERM=screen-256color exec "$@"
EOS

SESSIONS=""
# session NAME CMD...: a tmux server of its own, output recorded from exec.
session() {
	_n=$1; shift
	_t="tmux -L opsdeck-bench-$$-$_n -f /dev/null"
	: >"$T_TMP/$_n.raw"; : >"$T_TMP/$_n.times"
	$_t new-session -d -x 120 -y 40 -s t "sh $T_TMP/run.sh $T_TMP $_n $*" || return 1
	t_track_pid "$($_t display-message -p '#{pid}')"
	SESSIONS="$SESSIONS $_n"
	$_t pipe-pane -o -t t "exec python3 $T_TMP/stamp.py $T_TMP/$_n.raw $T_TMP/$_n.times"
	t_wait_for 10 test -s "$T_TMP/$_n.pid" || return 1
	# The reader up first, or its start-up is counted in the figures.
	t_wait_for 10 test -e "$T_TMP/$_n.times.up" || return 1
	t_track_pid "$(cat "$T_TMP/$_n.pid")"
	touch "$T_TMP/$_n.go"
}
screen_of() { tmux -L "opsdeck-bench-$$-$1" -f /dev/null capture-pane -p -t t; }
kill_session() {
	kill "$(cat "$T_TMP/$1.pid")" 2>/dev/null
	tmux -L "opsdeck-bench-$$-$1" -f /dev/null kill-server 2>/dev/null
}

# sample PID: "TIME UTIME STIME VCSW NVCSW RSS_KB THREADS FDS BYTES CPU_NS"
# of the whole process (every thread's switches and CPU summed). CPU_NS is
# the scheduler's own count (/proc/PID/task/*/schedstat, nanoseconds):
# utime + stime come in clock ticks (10 ms), and an idle minute is only a
# few of them.
sample() {
	python3 - "$1" "$2" <<"PY"
import glob, os, sys, time
pid, raw = sys.argv[1], sys.argv[2]
f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
v = nv = ns = 0
for task in glob.glob("/proc/%s/task/*" % pid):
    try:
        for line in open(task + "/status"):
            if line.startswith("voluntary_ctxt_switches"): v += int(line.split()[1])
            if line.startswith("nonvoluntary_ctxt_switches"): nv += int(line.split()[1])
        ns += int(open(task + "/schedstat").read().split()[0])
    except (OSError, ValueError, IndexError):
        pass
s = {l.split(":")[0]: l.split(":")[1].split() for l in open("/proc/%s/status" % pid)}
print("%.3f %s %s %d %d %s %s %d %d %d" % (time.time(), f[11], f[12], v, nv, s["VmRSS"][0],
      s["Threads"][0], len(os.listdir("/proc/%s/fd" % pid)), os.path.getsize(raw), ns))
PY
}

# report NAME BEFORE AFTER [REQUESTS]: the figures per idle minute.
report() {
	python3 - "$@" "$(getconf CLK_TCK)" <<"PY"
import sys
name, a, b = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
reqs, hz = sys.argv[4], int(sys.argv[5])
a = [float(x) for x in a]; b = [float(x) for x in b]
m = (b[0] - a[0]) / 60.0
print("%-8s %9.0f %9.4f %8.0f %8.0f %8.1f %7d %4d %5s" % (
    name, (b[8] - a[8]) / m, (b[9] - a[9]) / 1e9 / m,
    (b[3] - a[3]) / m, (b[4] - a[4]) / m, b[5] / 1024.0, b[6], b[7],
    reqs if reqs != "-" else "-"))
PY
}

requests_between() {	# requests_between T0 T1: fakehub's requests that started then
	fakehub_requests | python3 -c 'import json, sys
t0, t1 = float(sys.argv[1]), float(sys.argv[2])
r = json.load(sys.stdin)
w = [x for x in r if t0 <= float(x.get("started", x.get("time", t0))) < t1]
print(len(w))
import collections, re
c = collections.Counter("%s %s" % (re.sub(r"/repos/[^/]+/[^/]+", "/repos/R", re.sub(r"/[0-9]+", "/N", x["path"])), x["status"]) for x in w)
sys.stderr.write("".join("#   %4d  %s\n" % (n, k) for k, n in c.most_common()))' "$1" "$2" 2>"$T_TMP/reqs.txt"
}

echo "# bench-idle: 120x40, TERM=screen-256color, $NREPOS repositories, ${IDLE_SECONDS}s idle window"
echo "# $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"

session opsdeck "$OPSDECK" --config "$T_TMP/config" || { echo "bench-idle: no session" >&2; exit 1; }
OD=$(cat "$T_TMP/opsdeck.pid")
# Idle: every source's first round over (every repository's runs list and
# every quality URL asked for has been revalidated once; the issues list,
# whose example bodies carry the fake's clock, is 200 now and then), and
# the screen showing the repositories.
first_done() {
	fakehub_requests | python3 -c 'import json, sys
r = json.load(sys.stdin)
runs = {x["path"] for x in r if x["path"].endswith("/actions/runs") and x["status"] == 304}
paths = {x["path"] for x in r if not x["path"].endswith(("/issues", "/jobs"))}
fresh = {x["path"] for x in r if x["status"] == 304}
sys.exit(0 if len(runs) >= int(sys.argv[1]) and paths <= fresh else 1)' "$NREPOS"
}
t_wait_for 180 first_done || { echo "bench-idle: first polls never finished" >&2; exit 1; }
t_wait_for 30 sh -c "tmux -L opsdeck-bench-$$-opsdeck -f /dev/null capture-pane -p -t t | grep -q 'repo-$NREPOS'" ||
    { echo "bench-idle: the repositories never showed" >&2; screen_of opsdeck >&2; exit 1; }
# Let the last answers be drawn: the window starts after a quiet second.
t_wait_for 10 sh -c '[ $(( $(date +%s) - $(stat -c %Y "$1") )) -ge 2 ]' sh "$T_TMP/opsdeck.raw"

[ -n "${BENCH_NO_HTOP:-}" ] || session htop htop -d 50 || { echo "bench-idle: no htop session (apt-get install htop)" >&2; }
HT=$(cat "$T_TMP/htop.pid" 2>/dev/null)
[ -n "$HT" ] && t_wait_for 10 test -s "$T_TMP/htop.raw"
sleep 2		# htop's first frames are not idle

threads_of() {	# threads_of PID: "TID VCSW COMM" a thread, sorted for join
	for _t in /proc/$1/task/*; do
		echo "${_t##*/} $(grep ^voluntary "$_t/status" | cut -f2) $(cat "$_t/comm")"
	done | sort
}
threads_of "$OD" >"$T_TMP/threads0"
a=$(sample "$OD" "$T_TMP/opsdeck.raw")
[ -n "$HT" ] && h0=$(sample "$HT" "$T_TMP/htop.raw")
w0=$(date +%s.%N)
sleep "$IDLE_SECONDS"	# the idle time itself is what is measured
w1=$(date +%s.%N)
b=$(sample "$OD" "$T_TMP/opsdeck.raw")
[ -n "$HT" ] && h1=$(sample "$HT" "$T_TMP/htop.raw")
nreq=$(requests_between "$w0" "$w1")
echo "# per idle minute (scaled from ${IDLE_SECONDS}s); RSS, threads, fds at the end"
echo "#        bytes/min  cpu s/min  vcsw/min nvcsw/min  RSS MiB threads  fds  reqs"
report opsdeck "$a" "$b" "$nreq"
echo "# opsdeck's requests in the window, by path and status:"
cat "$T_TMP/reqs.txt"
echo "# opsdeck's voluntary context switches by thread over the window:"
threads_of "$OD" >"$T_TMP/threads1"
join "$T_TMP/threads0" "$T_TMP/threads1" | while read -r _tid _c0 _n0 _c1 _n1; do
	printf '#   %-8s %-16s %s\n' "$_tid" "$_n1" $((_c1 - _c0))
done
[ -n "$HT" ] && report htop "$h0" "$h1" -
# Where the RSS is: /proc/PID/smaps, Rss summed by what is mapped (a
# library by name; anonymous memory as the heap, [stack], or anon).
echo "# opsdeck's RSS by mapping (KiB; Private_Dirty in brackets):"
python3 "$top_srcdir/bench/smaps.py" "$OD" | awk '
	NR <= 14 { printf "#   %6d [%6d]  %s\n", $2, $3, $1 }
	{ rss += $2; dirty += $3 }
	END { printf "#   %6d [%6d]  total\n", rss, dirty }'
[ -n "${BENCH_KEEP_SCREEN:-}" ] && screen_of opsdeck
kill_session htop
kill_session opsdeck
t_wait_for 10 sh -c '! kill -0 "$1" 2>/dev/null' sh "$OD"

# --- first frame from the cache, GitHub hung ---
PORT=${FAKEHUB_URL##*:}
kill "$FAKEHUB_PID"
t_wait_for 10 sh -c '! kill -0 "$1" 2>/dev/null' sh "$FAKEHUB_PID"
cat >"$T_TMP/hung.py" <<"PY"
import signal, socket, sys, time
signal.alarm(300)
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(128)
open(sys.argv[2], "w").write("up")
held = []
while True:	# accepts and never answers
    c, _ = s.accept(); held.append(c)
PY
python3 "$T_TMP/hung.py" "$PORT" "$T_TMP/hung.up" >"$T_TMP/hung.out" 2>&1 &
t_track_pid $!
t_wait_for 10 test -s "$T_TMP/hung.up" || { echo "bench-idle: port $PORT not free" >&2; exit 1; }
# frame_ms NAME WORD...: exec to the end of the first chunk of output after
# which every WORD (what the settled screen shows) has been written.
frame_ms() {
	python3 - "$T_TMP/$@" <<"PY"
import re, sys
base, words = sys.argv[1], [w.encode() for w in sys.argv[2:]]
t0 = float(open(base + ".t0").read())
raw = open(base + ".raw", "rb").read()
off = 0
for line in open(base + ".times"):
    t, ln = line.split(); off += int(ln)
    if all(re.search(re.escape(w) + rb"(?![0-9])", raw[:off]) for w in words):
        print("%.1f" % ((float(t) - t0) * 1000)); sys.exit(0)
sys.exit(1)
PY
}
ms=""
k=1
while [ $k -le "$FRAMES" ]; do
	session "frame$k" "$OPSDECK" --config "$T_TMP/config" || break
	# Settled: the names and the key line on screen, and quiet for a second.
	t_wait_for 10 sh -c "tmux -L opsdeck-bench-$$-frame$k -f /dev/null capture-pane -p -t t | grep -q 'q quit'"
	t_wait_for 10 sh -c '[ $(( $(date +%s) - $(stat -c %Y "$1") )) -ge 1 ]' sh "$T_TMP/frame$k.raw"
	words=$(screen_of "frame$k" | grep -o 'octo/repo-[0-9]*' | sort -u)
	# The key line's last word: the hints are the last thing painted.
	last=$(screen_of "frame$k" | grep 'q quit' | tail -n 1 | awk '{ print $NF }')
	ms="$ms $(frame_ms "frame$k" $words "$last" || echo never)"
	[ $k -eq 1 ] && [ -n "${BENCH_KEEP_SCREEN:-}" ] && screen_of frame1
	[ $k -eq 1 ] && { words1=$words; last1=$last; }
	kill_session "frame$k"
	k=$((k + 1))
done
# The floor of this measurement: the first run's bytes written at once by
# cat, through the same tmux, reader and exec, to the same words.
printf 'cat "$1"; exec sleep 60\n' >"$T_TMP/replay.sh"
floor=""
k=1
while [ $k -le "$FRAMES" ] && [ -n "${words1:-}" ]; do
	session "replay$k" sh "$T_TMP/replay.sh" "$T_TMP/frame1.raw" || break
	t_wait_for 10 sh -c '[ $(( $(date +%s) - $(stat -c %Y "$1") )) -ge 1 ]' sh "$T_TMP/replay$k.raw"
	# shellcheck disable=SC2086
	floor="$floor $(frame_ms "replay$k" $words1 "$last1" || echo never)"
	kill_session "replay$k"
	k=$((k + 1))
done
echo "# first full frame from the cache, GitHub hung (exec to the last byte of it), $FRAMES runs:"
echo "first-frame-ms:$ms"
echo "# the same bytes from cat through the same tmux (the measurement's floor):"
echo "first-frame-floor-ms:$floor"
exit 0
