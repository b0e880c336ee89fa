# lib-prom.sh: a real Prometheus and Alertmanager (Debian's packages) for
# one test script, on 127.0.0.1 with kernel-chosen ports, clustering off,
# fixed series from recording rules (no scrape to wait for), stopped by
# PID when the script exits (tests/lib.sh's cleanup; the servers are the
# script's children, so they are reaped at once). Source after lib.sh.
# Without the binaries the test exits 77 (skip).
prom_require() {
	command -v prometheus >/dev/null 2>&1 &&
	    command -v prometheus-alertmanager >/dev/null 2>&1 || {
		echo "1..0 # SKIP prometheus and prometheus-alertmanager not installed"
		exit 77
	}
}

# _port_from_log FILE: the port of the "Listening on" line (10 s bound).
_port_from_log() {
	_i=0
	while [ $_i -lt 200 ]; do
		_p=$(sed -n 's/.*msg="Listening on" address=127\.0\.0\.1:\([0-9]*\).*/\1/p' "$1" | head -1)
		[ -n "$_p" ] && { echo "$_p"; return 0; }
		sleep 0.05; _i=$((_i + 1))
	done
	return 1
}

_ready() { curl -sf "$1/-/ready" >/dev/null 2>&1; }

# prom_start: sets AM_URL, PROM_URL, AM_PID, PROM_PID.
prom_start() {
	D="$T_TMP/prom"
	mkdir -p "$D"
	printf 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n' >"$D/alertmanager.yml"
	prometheus-alertmanager --config.file="$D/alertmanager.yml" \
	    --storage.path="$D/am" --web.listen-address=127.0.0.1:0 \
	    --cluster.listen-address= >"$D/am.log" 2>&1 &
	AM_PID=$!
	t_track_pid $AM_PID
	_amport=$(_port_from_log "$D/am.log") || { cat "$D/am.log" >&2; return 1; }
	AM_URL="http://127.0.0.1:$_amport"
	cat >"$D/rules.yml" <<'YML'
groups:
  - name: fixtures
    interval: 1s
    rules:
      - record: opsdeck_test_value
        expr: vector(0.97)
        labels: {service: api, env: prod}
      - record: opsdeck_test_value
        expr: vector(0.42)
        labels: {service: web, env: prod}
YML
	cat >"$D/prometheus.yml" <<YML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [rules.yml]
scrape_configs:
  - job_name: alertmanager
    static_configs: [{targets: ['127.0.0.1:$_amport']}]
YML
	prometheus --config.file="$D/prometheus.yml" --storage.tsdb.path="$D/data" \
	    --web.listen-address=127.0.0.1:0 >"$D/prom.log" 2>&1 &
	PROM_PID=$!
	t_track_pid $PROM_PID
	_pport=$(_port_from_log "$D/prom.log") || { cat "$D/prom.log" >&2; return 1; }
	PROM_URL="http://127.0.0.1:$_pport"
	t_wait_for 20 _ready "$AM_URL" && t_wait_for 20 _ready "$PROM_URL"
}

# prom_series_ready: both recording-rule series can be queried.
prom_series_ready() {
	curl -s -G "$PROM_URL/api/v1/query" --data-urlencode 'query=count(opsdeck_test_value)' |
	    grep -q '"2"'
}

# am_post_alerts: HighErrorRate (critical, api), SlowResponses (warning,
# web), DiskSoon (warning, db; silenced), all starting a minute ago.
am_post_alerts() {
	_s=$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%SZ)
	_e=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
	curl -sf -X POST -H 'Content-Type: application/json' "$AM_URL/api/v2/alerts" --data "[
 {\"labels\": {\"alertname\": \"HighErrorRate\", \"severity\": \"critical\", \"service\": \"api\"},
  \"annotations\": {\"summary\": \"5xx above 5%\"}, \"startsAt\": \"$_s\", \"endsAt\": \"$_e\"},
 {\"labels\": {\"alertname\": \"SlowResponses\", \"severity\": \"warning\", \"service\": \"web\"},
  \"startsAt\": \"$_s\", \"endsAt\": \"$_e\"},
 {\"labels\": {\"alertname\": \"DiskSoon\", \"severity\": \"warning\", \"service\": \"db\"},
  \"startsAt\": \"$_s\", \"endsAt\": \"$_e\"}]" >/dev/null &&
	curl -sf -X POST -H 'Content-Type: application/json' "$AM_URL/api/v2/silences" --data "{
  \"matchers\": [{\"name\": \"service\", \"value\": \"db\", \"isRegex\": false, \"isEqual\": true}],
  \"startsAt\": \"$_s\", \"endsAt\": \"$_e\", \"createdBy\": \"test\", \"comment\": \"maintenance\"}" >/dev/null
}

# am_alerts_ready: the three alerts are listed, the db one silenced.
am_alerts_ready() {
	curl -s "$AM_URL/api/v2/alerts" | python3 -c '
import json, sys
a = json.load(sys.stdin)
s = {x["labels"]["alertname"]: x["status"]["state"] for x in a}
sys.exit(0 if len(s) == 3 and s.get("DiskSoon") == "suppressed" else 1)'
}
