# lib-fakehub.sh: start and drive tests/fakehub/fakehub.py from a TAP shell
# test. Source after tests/lib.sh. Everything is on 127.0.0.1 and bounded.
FAKEHUB_PY="$top_srcdir/tests/fakehub/fakehub.py"

# fakehub_start [fakehub args...]: sets FAKEHUB_URL, FAKEHUB_PID, FAKEHUB_LOG.
fakehub_start() {
	command -v python3 >/dev/null 2>&1 || t_skip_all "python3 missing"
	# A fresh name per start: a second server must not read the first's port.
	FAKEHUB_N=$(( ${FAKEHUB_N:-0} + 1 ))
	_pf="$T_TMP/fakehub.port.$FAKEHUB_N"
	FAKEHUB_LOG="$T_TMP/fakehub.$FAKEHUB_N.log.jsonl"
	python3 "$FAKEHUB_PY" --port-file "$_pf" --log "$FAKEHUB_LOG" \
	    --max-lifetime 300 "$@" >"$T_TMP/fakehub.$FAKEHUB_N.out" 2>&1 &
	FAKEHUB_PID=$!
	t_track_pid "$FAKEHUB_PID"
	# Until the port is written, or the server died (no point waiting on).
	t_wait_for 15 _fakehub_up "$_pf"
	if ! test -s "$_pf"; then
		echo "Bail out! fakehub did not start: $(cat "$T_TMP/fakehub.$FAKEHUB_N.out")"
		exit 1
	fi
	FAKEHUB_URL="http://127.0.0.1:$(cat "$_pf")"
}

_fakehub_up() { test -s "$1" || ! kill -0 "$FAKEHUB_PID" 2>/dev/null; }

_fakehub_post() {	# _fakehub_post PATH JSON
	python3 -c 'import sys, urllib.request
r = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST",
    headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(r, timeout=10).read().decode())' \
	    "$FAKEHUB_URL$1" "$2" >/dev/null
}

fakehub_fault() { _fakehub_post /__control/fault "$1"; }
fakehub_advance() { _fakehub_post /__control/advance "{\"seconds\": $1}"; }
fakehub_reset() { _fakehub_post /__control/reset '{}'; }
# fakehub_snoop FILE: copy FILE (an audit journal) into the log entry of
# each mutating request at the moment it arrives.
fakehub_snoop() {
	_fakehub_post /__control/snoop "$(python3 -c 'import json, sys; print(json.dumps({"path": sys.argv[1]}))' "$1")"
}
# fakehub_scenario NAME [SET-JSON]: load scenarios/NAME.json, its top-level
# keys overridden by SET-JSON (e.g. '{"etags": false}').
fakehub_scenario() {
	_set=$2
	[ -n "$_set" ] || _set='{}'
	_fakehub_post /__control/scenario \
	    "{\"path\": \"$top_srcdir/tests/fakehub/scenarios/$1.json\", \"set\": $_set}"
}
fakehub_requests() {
	python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
	    "$FAKEHUB_URL/__control/requests"
}

# fakehub_config FILE [repo...]: a config pointing opsdeck at the fake.
fakehub_config() {
	_f=$1; shift
	{
		printf '[github]\n\tapi-url = %s\n\tconnect-timeout = 2s\n' "$FAKEHUB_URL"
		printf '\ttimeout = 5s\n[core]\n\tcache-dir = %s/cache\n' "$T_TMP"
		for r in "${@:-octo/hello}"; do printf '[repo "%s"]\n' "$r"; done
	} >"$_f"
}

# An isolated environment: no real config, cache or token leaks in.
fakehub_env() {
	export HOME="$T_TMP/home" XDG_CONFIG_HOME="$T_TMP/xdg-config"
	export XDG_CACHE_HOME="$T_TMP/xdg-cache" XDG_STATE_HOME="$T_TMP/xdg-state"
	mkdir -p "$HOME"
	unset GITHUB_TOKEN GH_ENTERPRISE_TOKEN GITHUB_ENTERPRISE_TOKEN
	export GH_TOKEN="ghp_FAKEtoken0123456789abcdefghijklmnopqr"
	# To opsdeck the fake (127.0.0.1) is an Enterprise host, which never
	# gets GH_TOKEN (a github.com token): it takes this one.
	export GH_ENTERPRISE_TOKEN="$GH_TOKEN"
}

# fakehub_begin SCENARIO: the usual start of a test against the fake: the
# binary must exist, the fake runs SCENARIO (scenarios/NAME.json), the
# environment is isolated and $T_TMP/config points opsdeck at it.
fakehub_begin() {
	[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
	fakehub_start --scenario "$top_srcdir/tests/fakehub/scenarios/$1.json"
	fakehub_env
	fakehub_config "$T_TMP/config"
}
