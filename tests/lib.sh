# tests/lib.sh: helpers for TAP shell tests. Source it; every loop is bounded.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${OPSDECK:=$top_builddir/opsdeck}"
T_N=0
T_FAILED=0
T_PIDS=""
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-test.XXXXXX")

t_cleanup() {
	for p in $T_PIDS; do kill "$p" 2>/dev/null; done
	for p in $T_PIDS; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1; i=$((i + 1))
		done
		kill -9 "$p" 2>/dev/null
	done
	[ -n "${T_KEEP:-}" ] || rm -rf "$T_TMP"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

t_track_pid() { T_PIDS="$T_PIDS $1"; }
t_ok() {	# t_ok COND-EXIT-STATUS DESCRIPTION
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}
t_check() {	# t_check DESCRIPTION CMD...
	d=$1; shift
	if "$@"; then t_ok 0 "$d"; else t_ok 1 "$d"; fi
}
t_skip_all() { echo "1..0 # SKIP $*"; exit 0; }
t_diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
t_done() { echo "1..$T_N"; [ "$T_FAILED" -eq 0 ]; }
# t_wait_for SECONDS CMD...: run CMD every 0.1 s until it succeeds or time runs out.
t_wait_for() {
	limit=$(( $1 * 10 )); shift
	i=0
	while [ $i -lt $limit ]; do
		"$@" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}
# t_checks_from FILE: each line "STATUS DESCRIPTION" (0 = pass) becomes a test
# point; for assertions written in python3 (JSON) inside shell tests.
t_checks_from() {
	while read -r _rc _desc; do
		t_ok "$_rc" "$_desc"
	done <"$1"
}

# --- tmux screen tests: a private tmux server per test, killed at exit ---
# tmux_start COLS ROWS CMD: runs CMD in a detached session.
tmux_start() {
	command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
	T_TMUX="tmux -L opsdeck-test-$$ -f /dev/null"
	# A server just killed (kill-server) may still be exiting: a new
	# session would reach it and fail with "server exited unexpectedly".
	[ -z "${T_TMUX_PID:-}" ] ||
	    t_wait_for 5 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
	$T_TMUX new-session -d -x "$1" -y "$2" -s t "$3" || return 1
	T_TMUX_PID=$($T_TMUX display-message -p '#{pid}')
	t_track_pid "$T_TMUX_PID"
	$T_TMUX set-option -t t remain-on-exit on >/dev/null
}
tmux_screen() { $T_TMUX capture-pane -p -t t; }
tmux_keys() { $T_TMUX send-keys -t t "$@"; }
# tmux_wait_for SECONDS REGEX: until the screen matches.
tmux_wait_for() {
	_re=$2
	t_wait_for "$1" sh -c "$T_TMUX capture-pane -p -t t | grep -q -E -- \"\$0\"" "$_re"
}
# tmux_wait_for_text SECONDS STRING: until the screen holds STRING as is.
tmux_wait_for_text() {
	t_wait_for "$1" sh -c "$T_TMUX capture-pane -p -t t | grep -q -F -- \"\$0\"" "$2"
}
tmux_dead() { [ "$($T_TMUX list-panes -t t -F '#{pane_dead}' 2>/dev/null)" = 1 ]; }
# tmux_wait_exit SECONDS REGEX: the pane's command printed REGEX on exit
# (looked for in the scrollback too: the last line scrolls up).
tmux_wait_exit() {
	t_wait_for "$1" sh -c "$T_TMUX capture-pane -p -S -200 -t t | grep -q -E -- \"\$0\"" "$2"
}
