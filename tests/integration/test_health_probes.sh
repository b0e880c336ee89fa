#!/bin/sh
# Issue 13: health checks against local targets started here (python3 on
# 127.0.0.1, free ports): http up, slow, wrong status, body mismatch,
# timeout, refused, a name that does not resolve, self-signed certificates
# close to expiry; tcp up and refused; commands with exit codes, output
# matches, a hang killed at its timeout (its whole process group); the
# host's own figures. --once --json carries each check's name and state,
# --once exits 2 when any is crit, and no probe target ever sees the token
# or a GitHub header, though GH_TOKEN is set.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v python3 >/dev/null 2>&1 || t_skip_all "python3 not installed"
command -v openssl >/dev/null 2>&1 || t_skip_all "openssl not installed"

export HOME="$T_TMP/home" XDG_CONFIG_HOME="$T_TMP/xdg" XDG_CACHE_HOME="$T_TMP/cache"
mkdir -p "$HOME"
# Out of the source tree: its clone's origin would be the repository to
# watch, and these configs name checks only.
cd "$T_TMP" || exit 1
export GH_TOKEN="ghp_FAKEtoken0123456789abcdefghijklmnopqr"
export GITHUB_TOKEN="$GH_TOKEN" GH_ENTERPRISE_TOKEN="$GH_TOKEN"

# Certificates for 127.0.0.1: one expiring in 3 days (crit), one in 10
# (warn), one in 200 (ok).
for d in 3 10 200; do
	openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
	    -addext subjectAltName=IP:127.0.0.1 -days $d \
	    -keyout "$T_TMP/k$d.pem" -out "$T_TMP/c$d.pem" >/dev/null 2>&1 ||
	    t_skip_all "openssl cannot make a certificate"
done
python3 "$top_srcdir/tests/health/targets.py" "$T_TMP" \
    "$T_TMP/c3.pem" "$T_TMP/k3.pem" "$T_TMP/c10.pem" "$T_TMP/k10.pem" \
    "$T_TMP/c200.pem" "$T_TMP/k200.pem" 2>"$T_TMP/targets.err" &
t_track_pid $!
t_wait_for 20 test -s "$T_TMP/ports" || { t_diag "$(cat "$T_TMP/targets.err")"; t_skip_all "targets did not start"; }
port() { sed -n "s/^$1 //p" "$T_TMP/ports"; }
H=$(port http)
# A port nobody listens on: bound, then closed.
DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')

cat >"$T_TMP/hang.sh" <<SH
#!/bin/sh
sleep 60 &
echo \$! >"$T_TMP/hang.pid"
wait
SH
printf '#!/bin/sh\necho "replication lag 3s"\nexit 0\n' >"$T_TMP/lag.sh"
printf '#!/bin/sh\necho "disk almost full"\nexit 3\n' >"$T_TMP/exit3.sh"
chmod +x "$T_TMP/hang.sh" "$T_TMP/lag.sh" "$T_TMP/exit3.sh"

cat >"$T_TMP/config" <<EOF2
[core]
	cache-dir = $T_TMP/cache
[check]
	timeout = 5s
[check "up"]
	kind = http
	url = http://127.0.0.1:$H/up
	match = status: healthy
	environment = production
[check "slow"]
	kind = http
	url = http://127.0.0.1:$H/slow
	warn = 200ms
	crit = 1s
[check "slow-warn"]
	kind = http
	url = http://127.0.0.1:$H/slow
	warn = 1s
	crit = 4s
[check "wrong"]
	kind = http
	url = http://127.0.0.1:$H/wrong
[check "wrong-ok"]
	kind = http
	url = http://127.0.0.1:$H/wrong
	status = 503
[check "body"]
	kind = http
	url = http://127.0.0.1:$H/body
	match = status: healthy
[check "timeout"]
	kind = http
	url = http://127.0.0.1:$H/hang
	timeout = 1s
[check "refused"]
	kind = http
	url = http://127.0.0.1:$DEAD/up
[check "nxdomain"]
	kind = http
	url = http://no-such-host.invalid/up
[check "tls3"]
	kind = http
	url = https://127.0.0.1:$(port https0)/up
	ca-file = $T_TMP/c3.pem
[check "tls10"]
	kind = http
	url = https://127.0.0.1:$(port https1)/up
	ca-file = $T_TMP/c10.pem
[check "tls200"]
	kind = http
	url = https://127.0.0.1:$(port https2)/up
	ca-file = $T_TMP/c200.pem
[check "tls-unknown-ca"]
	kind = http
	url = https://127.0.0.1:$(port https2)/up
[check "tcp-up"]
	kind = tcp
	address = 127.0.0.1:$H
[check "tcp-refused"]
	kind = tcp
	address = 127.0.0.1:$DEAD
[check "cmd-ok"]
	kind = command
	command = $T_TMP/lag.sh
	match = lag [0-9]+s
[check "cmd-nomatch"]
	kind = command
	command = $T_TMP/lag.sh
	match = lag 0s
[check "cmd-exit3"]
	kind = command
	command = $T_TMP/exit3.sh
[check "cmd-exit3-expected"]
	kind = command
	command = $T_TMP/exit3.sh
	exit = 3
[check "cmd-hang"]
	kind = command
	command = $T_TMP/hang.sh
	timeout = 1s
[check "cmd-missing"]
	kind = command
	command = /nonexistent/program --flag
[check "host"]
	kind = host
	cpu = 1000
	memory = 100
	disk = 100
[check "host-disk"]
	kind = host
	cpu = 1000
	memory = 100
	disk = 1
EOF2

start=$(date +%s)
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/out.json" 2>"$T_TMP/err"
rc=$?
took=$(( $(date +%s) - start ))
t_ok $([ $rc -eq 2 ] && echo 0 || echo 1) "--once exits 2 when a check is crit (got $rc)"
t_ok $([ $took -lt 30 ] && echo 0 || echo 1) "every probe bounded by its timeout ($took s)"

python3 - "$T_TMP/out.json" >"$T_TMP/checks" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = {x["name"]: x for x in d["checks"]}
def t(cond, desc):
    print("%d %s" % (0 if cond else 1, desc))
want = {
    "up": ("ok", None), "slow": ("crit", "slow"), "slow-warn": ("warn", "slow"),
    "wrong": ("crit", "HTTP 503"), "wrong-ok": ("ok", None),
    "body": ("crit", "body does not match"), "timeout": ("crit", "timed out"),
    "refused": ("crit", "127.0.0.1"), "nxdomain": ("unknown", "no-such-host.invalid"),
    "tls3": ("crit", "certificate expires in 2 days"),
    "tls10": ("warn", "certificate expires in 9 days"), "tls200": ("ok", None),
    "tls-unknown-ca": ("crit", None), "tcp-up": ("ok", None),
    "tcp-refused": ("crit", "Connection refused"), "cmd-ok": ("ok", None),
    "cmd-nomatch": ("crit", "output does not match"),
    "cmd-exit3": ("crit", "exit 3 (want 0)"), "cmd-exit3-expected": ("ok", None),
    "cmd-hang": ("crit", "timed out after 1 s"),
    "cmd-missing": ("unknown", "cannot run /nonexistent/program"),
    "host": ("ok", None), "host-disk": ("crit", "disk /"),
}
for name, (state, why) in want.items():
    x = c.get(name)
    got = x and x["state"]
    reason = (x and x["reason"]) or ""
    t(x is not None and got == state and (why is None or why in reason),
      "%s: %s%s (got %s: %s)" % (name, state, ", " + why if why else "", got, reason))
t(len(d["checks"]) == len(want), "every check reported once (%d)" % len(d["checks"]))
t(all(set(("name", "state")) <= set(x) for x in d["checks"]), "each check has name and state")
t(c["up"]["environment"] == "production" and c["up"]["kind"] == "http", "kind and environment reported")
t(c["tls200"]["cert_days"] in (198, 199) and c["up"]["cert_days"] is None, "days to expiry over https only (%s)" % c["tls200"]["cert_days"])
t(isinstance(c["up"]["value"], float) and c["up"]["value_text"].endswith(" ms"), "http latency in ms (%s)" % c["up"]["value_text"])
t(c["slow"]["value"] >= 1400, "the slow target's latency measured (%s)" % c["slow"]["value"])
t(c["refused"]["failures"] == 1 and c["tcp-refused"]["failures"] == 1 and
  c["nxdomain"]["failures"] == 1 and c["wrong"]["failures"] == 0 and c["up"]["failures"] == 0,
  "failures without an answer counted: refused and no such name, not a bad answer")
t(c["refused"]["backoff_s"] is None and c["refused"]["next_at"].endswith("Z"),
  "one failure: no backoff yet, the next probe due (%s)" % c["refused"]["next_at"])
h = {r["label"]: r for r in c["host"]["rows"]}
t(set(h) == {"load", "memory", "disk /"} and all(r["state"] == "ok" for r in h.values()), "host: load, memory and disk rows (%s)" % sorted(h))
PY
t_checks_from "$T_TMP/checks"

# The hang's own child was in its process group: killed with it.
hp=$(cat "$T_TMP/hang.pid" 2>/dev/null)
# (A zombie nobody reaps in a container counts as gone.)
gone() { ! kill -0 "$1" 2>/dev/null || [ "$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = Z ]; }
t_ok $([ -n "$hp" ] && t_wait_for 5 gone "$hp" && echo 0 || echo 1) "a hung command's process group is killed at the timeout (pid ${hp:-none})"

# No probe target saw the token, an Authorization line or a GitHub header.
python3 - "$T_TMP/requests.jsonl" "$GH_TOKEN" >"$T_TMP/hdr" <<'PY'
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
bad = [r for r in reqs if any(k.lower() in ("authorization", "x-github-api-version")
       or sys.argv[2] in v for k, v in r["headers"].items())]
print("%d %d probe requests, none with Authorization, a GitHub header or the token%s" % (
    0 if reqs and not bad else 1, len(reqs), (": " + repr(bad[0])) if bad else ""))
PY
t_checks_from "$T_TMP/hdr"
! grep -q "$GH_TOKEN" "$T_TMP/out.json" "$T_TMP/err"
t_ok $? "the token is in neither the report nor stderr"

# Text mode: the same states, exit 2.
"$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/out.txt" 2>/dev/null
rc=$?
grep -q 'check wrong .*crit .*HTTP 503' "$T_TMP/out.txt" && grep -q 'check up .*ok' "$T_TMP/out.txt"
t_ok $([ $? -eq 0 ] && [ $rc -eq 2 ] && echo 0 || echo 1) "--once text: states and reasons, exit 2 (got $rc)"

# Only ok checks: exit 0.
sed -n '1,/^\[check "slow"\]/p' "$T_TMP/config" | sed '$d' >"$T_TMP/ok.conf"
"$OPSDECK" --config "$T_TMP/ok.conf" --once --json >"$T_TMP/ok.json" 2>/dev/null
rc=$?
t_ok $([ $rc -eq 0 ] && echo 0 || echo 1) "no check crit: --once exits 0 (got $rc)"

# Config errors name the file, the line and the check.
while IFS='|' read -r body want; do
	printf "$body" >"$T_TMP/bad.conf"
	"$OPSDECK" --config "$T_TMP/bad.conf" --once >/dev/null 2>"$T_TMP/bad.err"
	_rc=$?
	grep -qF -- "$want" "$T_TMP/bad.err"
	t_ok $([ $? -eq 0 ] && [ $_rc -eq 2 ] && echo 0 || echo 1) "refused: $(head -1 "$T_TMP/bad.err")"
done <<'EOF3'
[check "a"]\n\tkind = http\n|[check "a"]: kind = http needs url
[check "a"]\n\tkind = tcpp\n|bad.conf:2: key 'check.a.kind': expected
[check "a"]\n\tkind = tcp\n\taddres = x:1\n|unknown key 'check.a.addres'; did you mean 'address'?
[chekc "a"]\n\tkind = tcp\n|unknown section [chekc]; did you mean 'check'?
[check "a"]\n\tkind = http\n\turl = http://x/\n\tcrit = fast\n|key 'crit': expected a duration
[check "a"]\n\tkind = prometheus\n\tquery = up\n|needs [prometheus] url
[check "a"]\n\tkind = command\n\tcommand = true\n\tmatch = (unclosed\n|match:
[prometheus "x"]\n\turl = http://127.0.0.1:1\n|takes no name
EOF3
t_done
