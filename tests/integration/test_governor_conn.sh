#!/bin/sh
# [github] max-connections: however many workers poll, at most that many
# requests are in flight to the API at once. Every runs list is held 1 s
# by fakehub ("slow"); 12 repositories on 8 workers. From the fake's log
# (each request's arrival and answer time) the most requests open at one
# moment must be 2 with max-connections = 2, and more than 2 with 8 (so
# the check can see a difference at all).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
command -v python3 >/dev/null 2>&1 || t_skip_all "python3 missing"
NREPOS=12

cat >"$T_TMP/lists.py" <<"PY"
import json, sys, urllib.request
try:
    reqs = json.load(urllib.request.urlopen(sys.argv[1] + "/__control/requests", timeout=2))
except Exception:
    sys.exit(1)
sys.exit(0 if len({r["path"] for r in reqs if r["path"].endswith("/actions/runs")})
         >= int(sys.argv[2]) else 1)
PY
cat >"$T_TMP/overlap.py" <<"PY"
import json, sys
reqs = json.load(open(sys.argv[1]))
ev = sorted([(r["started"], 1) for r in reqs] + [(r["time"], -1) for r in reqs],
            key=lambda e: (e[0], e[1]))
cur = peak = 0
for _, d in ev:
    cur += d
    peak = max(peak, cur)
print(peak)
PY
cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"\$1.tmp" && mv "\$1.tmp" "\$1"; shift
TERM=screen-256color exec "$OPSDECK" "\$@"
EOS

fakehub_env
fakehub_start --repos $NREPOS
peak() {	# peak MAX-CONNECTIONS: prints the most requests open at once
	fakehub_reset
	fakehub_fault "{\"path\": \"/actions/runs\$\", \"kind\": \"slow\", \"seconds\": 1, \"count\": $NREPOS}"
	{
		printf '[github]\n\tapi-url = %s\n\ttimeout = 10s\n' "$FAKEHUB_URL"
		printf '\tmax-connections = %s\n\tmax-requests-per-minute = 0\n' "$1"
		printf '[core]\n\tworkers = 8\n\tcache-dir = %s/cache.%s\n' "$T_TMP" "$1"
		printf '[quality]\n\tenabled = false\n'
		i=1
		while [ $i -le $NREPOS ]; do
			printf '[repo "octo/repo-%d"]\n' $i; i=$((i + 1))
		done
	} >"$T_TMP/config.$1"
	rm -f "$T_TMP/pid.$1"
	tmux_start 120 40 "sh $T_TMP/run.sh $T_TMP/pid.$1 --config $T_TMP/config.$1"
	t_wait_for 10 test -s "$T_TMP/pid.$1"
	_pid=$(cat "$T_TMP/pid.$1" 2>/dev/null)
	[ -n "$_pid" ] && t_track_pid "$_pid"
	t_wait_for 40 python3 "$T_TMP/lists.py" "$FAKEHUB_URL" "$NREPOS" ||
	    echo "# not every runs list arrived" >&2
	fakehub_requests >"$T_TMP/req.$1.json"
	[ -n "$_pid" ] && kill "$_pid" 2>/dev/null
	t_wait_for 10 sh -c "! kill -0 $_pid 2>/dev/null"
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 10 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
	python3 "$T_TMP/overlap.py" "$T_TMP/req.$1.json"
}
p2=$(peak 2)
t_ok $([ "${p2:-0}" -ge 1 ] && [ "${p2:-0}" -le 2 ] && echo 0 || echo 1) \
    "max-connections = 2: at most 2 requests open at once ($p2)"
p8=$(peak 8)
t_ok $([ "${p8:-0}" -gt 2 ] && echo 0 || echo 1) \
    "max-connections = 8 on 8 workers: more at once ($p8)"
t_done
