#!/bin/sh
# bench/soak.sh: the wallboard against a fakehub whose data keeps changing,
# accelerated and bounded (issue 16). Figures, not a test: RSS, fds and
# threads of the console every SAMPLE seconds, then the spread after the
# warm-up. Run by `make bench-soak` (SOAK_SECONDS, default 180).
#
# 10 repositories polled every 5 s (the smallest interval) in tmux at
# 120x40. Every 2 s fakehub gets a new scenario: each repository's three
# runs are replaced by three new ones (new ids, titles, branches, actors),
# one of them in progress with jobs (so the fast interval and the jobs
# requests are exercised), the others failed or succeeded in turn. At 5 s
# polls every poll sees new runs: what a day of a busy organisation
# changes, in minutes.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || { echo "bench-soak: $OPSDECK not built" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "bench-soak: tmux missing" >&2; exit 1; }
SOAK_SECONDS=${SOAK_SECONDS:-180}
SAMPLE=${SAMPLE:-15}
NREPOS=10

fakehub_start --repos "$NREPOS" --max-lifetime $((SOAK_SECONDS + 120))
fakehub_env
{
	printf '[github]\n\tapi-url = %s\n\tmax-requests-per-minute = 0\n' "$FAKEHUB_URL"
	printf '[core]\n\tcache-dir = %s/cache\n' "$T_TMP"
	printf '[ui]\n\tinterval = 5s\n\tfast-interval = 5s\n'
	i=1
	while [ $i -le $NREPOS ]; do
		printf '[repo "octo/repo-%d"]\n' $i; i=$((i + 1))
	done
} >"$T_TMP/config"

# change STEP: the scenario of that step, posted to the fake.
cat >"$T_TMP/change.py" <<"PY"
import json, sys, urllib.request
url, step, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
repos = []
for i in range(1, n + 1):
    runs = []
    for k in range(3):
        rid = 1000000 + (step * n + i) * 10 + k
        st = ({"at": 0, "status": "in_progress"} if k == 0 else
              {"at": 0, "status": "completed",
               "conclusion": "failure" if (step + i + k) % 3 == 0 else "success"})
        run = {"id": rid, "name": "Workflow %d" % k, "workflow_id": k + 1,
               "branch": "feature/%d-%d" % (step, k), "actor": "user%d" % (step % 7),
               "title": "Change %d of step %d: %s" % (k, step, "x" * (step % 40)),
               "created": -60 - k, "states": [st]}
        if k == 0:
            run["jobs"] = [{"id": rid * 10 + j, "name": "job %d" % j,
                            "states": [{"at": 0, "status": "in_progress" if j else "completed",
                                        "conclusion": None if j else "success"}]}
                           for j in range(3)]
        runs.append(run)
    repos.append({"name": "octo/repo-%d" % i, "runs": runs})
req = urllib.request.Request(url + "/__control/scenario", method="POST",
    data=json.dumps({"repos": repos}).encode(), headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()
PY

cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"$T_TMP/pid.tmp" && mv "$T_TMP/pid.tmp" "$T_TMP/pid"
TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
tmux_start 120 40 "sh $T_TMP/run.sh --wallboard --config $T_TMP/config"
t_wait_for 10 test -s "$T_TMP/pid" || { echo "bench-soak: no console" >&2; exit 1; }
OD=$(cat "$T_TMP/pid")
t_track_pid "$OD"
tmux_wait_for 30 'repo-' || { echo "bench-soak: nothing shown" >&2; tmux_screen >&2; exit 1; }

# smaps FILE: the console's RSS by mapping, "NAME KIB DIRTY_KIB" a line.
smaps() { python3 "$top_srcdir/bench/smaps.py" "$OD" >"$1"; }
sample() {	# sample: "RSS_KB FDS THREADS"
	echo "$(awk '/^VmRSS/ {print $2}' "/proc/$OD/status") $(ls "/proc/$OD/fd" | wc -l) $(awk '/^Threads/ {print $2}' "/proc/$OD/status")"
}
echo "# bench-soak: --wallboard, 120x40, $NREPOS repositories polled every 5 s, new runs every 2 s, ${SOAK_SECONDS}s"
echo "# $(nproc) cores, $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "#  secs  RSS KiB  fds threads  requests"
start=$(date +%s); step=0; next=0
: >"$T_TMP/samples"
while [ $(( $(date +%s) - start )) -lt "$SOAK_SECONDS" ] && [ $step -lt 100000 ]; do
	kill -0 "$OD" 2>/dev/null || { echo "bench-soak: the console died" >&2; tmux_screen >&2; exit 1; }
	python3 "$T_TMP/change.py" "$FAKEHUB_URL" "$step" "$NREPOS" 2>"$T_TMP/change.err" || {
		echo "bench-soak: fakehub stopped answering after $(( $(date +%s) - start ))s: $(tail -n 1 "$T_TMP/change.err")" >&2
		exit 1
	}
	el=$(( $(date +%s) - start ))
	if [ "$el" -ge "$next" ]; then
		s=$(sample)
		nreq=$(wc -l <"$FAKEHUB_LOG")
		printf '%7d %8s %4s %7s %9s\n' "$el" $s "$nreq"
		echo "$el $s" >>"$T_TMP/samples"
		# The mappings at the end of the warm-up, to see what grows.
		[ -e "$T_TMP/smaps.warm" ] || [ $((el * 3)) -lt "$SOAK_SECONDS" ] ||
		    smaps "$T_TMP/smaps.warm"
		next=$((next + SAMPLE))
	fi
	step=$((step + 1))
	sleep 2	# the pace of change is what is simulated
done
smaps "$T_TMP/smaps.end"
[ -e "$T_TMP/smaps.warm" ] && python3 - "$T_TMP/smaps.warm" "$T_TMP/smaps.end" <<"PY"
import sys
def load(p):
    return {l.split()[0]: int(l.split()[1]) for l in open(p)}
a, b = load(sys.argv[1]), load(sys.argv[2])
grew = sorted(((b.get(n, 0) - a.get(n, 0), n) for n in set(a) | set(b)), reverse=True)
print("# RSS growth after the warm-up by mapping (KiB): " + ", ".join(
    "%s %+d" % (n, d) for d, n in grew if d != 0) + " (total %+d)" % (sum(b.values()) - sum(a.values())))
PY
python3 - "$T_TMP/samples" <<"PY"
import sys
rows = [[int(x) for x in l.split()] for l in open(sys.argv[1])]
warm = [r for r in rows if r[0] >= rows[-1][0] / 3] or rows
rss = [r[1] for r in warm]
print("# after the warm-up (the last two thirds, %d samples): RSS %d-%d KiB (spread %d KiB), fds %s, threads %s"
      % (len(warm), min(rss), max(rss), max(rss) - min(rss),
         "-".join(sorted({str(r[2]) for r in warm})), "-".join(sorted({str(r[3]) for r in warm}))))
PY
exit 0
