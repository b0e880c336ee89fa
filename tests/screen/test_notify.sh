#!/bin/sh
# Notifications (issue 15) against fakehub in tmux, the raw bytes opsdeck
# writes to its terminal captured with pipe-pane: when a watched production
# run fails (CI on main; octo/svc has a protected production), a health
# check goes crit and an approval for this user appears, the bell and the
# OSC 9 and OSC 777 sequences (wrapped for tmux passthrough, the hostile
# run title neutralised) come exactly once each; nothing for what already
# was at start (a failed run, a crit check, waiting approvals), nor for a
# branch run; nothing with the options off; nothing on the wallboard unless
# [wallboard] notify = true.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
fakehub_env
# A fresh fakehub for each part (each lives at most 300 s), and the config
# pointing at it.
fresh_hub() {
	if [ -n "${FAKEHUB_PID:-}" ]; then
		kill "$FAKEHUB_PID" 2>/dev/null
		t_wait_for 10 sh -c "! kill -0 $FAKEHUB_PID 2>/dev/null"
	fi
	fakehub_start --scenario "$top_srcdir/tests/fakehub/scenarios/notify.json"
	fakehub_config "$T_TMP/base" octo/svc
	cat >>"$T_TMP/base" <<CONF
[repo "octo/svc"]
	deploy-workflow = deploy.yml
[ui]
	interval = 5s
	fast-interval = 5s
[check "api"]
	kind = command
	command = test ! -e $T_TMP/down
	environment = production
	interval = 1s
	flap-damping = 1
[check "dead"]
	kind = command
	command = false
	interval = 1s
	flap-damping = 1
CONF
}

# How many GETs of the runs list fakehub has logged.
nlists() { grep -c '"path": "/repos/octo/svc/actions/runs",' "$FAKEHUB_LOG"; }
more_lists() { [ "$(nlists)" -ge "$1" ]; }
# Whether fakehub logged the environments and approvals sources' GETs.
sources_read() {
	grep -q '/environments"' "$FAKEHUB_LOG" &&
	    grep -q '/pending_deployments"' "$FAKEHUB_LOG"
}

# count RAW: "NAME WRAPPED PLAIN" lines: how often RAW holds each
# expected sequence tmux-wrapped and plain; osc-all: every OSC 9 / 777;
# bell: the BELs outside them; feature, pwned: what must never come.
count() {
	python3 - "$1" <<"PY"
import re, sys
raw = open(sys.argv[1], "rb").read()
def wrap(s):
    return b"\x1bPtmux;" + s.replace(b"\x1b", b"\x1b\x1b") + b"\x1b\\"
run = b"octo/svc: CI #22 failure on main: Ship ?]0,pwned? it, now ?"
health = b"api (production): crit, exit 1 (want 0)"
appr = b"octo/svc: Deploy #13 to production waits for your review: Deploy c55732b to production"
seqs = {
    "osc9-run": b"\x1b]9;opsdeck: run failed: " + run + b"\x07",
    "osc9-health": b"\x1b]9;opsdeck: check crit: " + health + b"\x07",
    "osc9-approval": b"\x1b]9;opsdeck: approval waiting: " + appr + b"\x07",
    "osc777-run": b"\x1b]777;notify;opsdeck: run failed;" + run + b"\x07",
    "osc777-health": b"\x1b]777;notify;opsdeck: check crit;" + health + b"\x07",
    "osc777-approval": b"\x1b]777;notify;opsdeck: approval waiting;" + appr + b"\x07",
}
for k, s in seqs.items():
    print(k, raw.count(wrap(s)), raw.count(s) - raw.count(wrap(s)))
rest = re.sub(rb"\x1bPtmux;(?:[^\x1b]|\x1b\x1b)*\x1b\\", b"", raw)
osc = re.findall(rb"\x1b\](?:9|777);[^\x07\x1b]*\x07", rest)
print("osc-all", len(re.findall(rb"\x1b\x1b\](?:9|777);", raw)) + len(osc), 0)
rest = re.sub(rb"\x1b\][^\x07\x1b]*\x07", b"", rest)
print("bell", rest.count(b"\x07"), 0)
print("feature", sum(1 for s in re.findall(rb"\x1b\](?:9|777);[^\x07]*\x07", raw) if b"#23 " in s), 0)
print("pwned", raw.count(b"\x1b]0;pwned"), 0)
PY
}
# want RAW NAME WRAPPED PLAIN: NAME is counted so in RAW.
want() {
	count "$1" >"$T_TMP/count.out" && grep -q "^$2 $3 $4\$" "$T_TMP/count.out"
}

# part NAME CONF-EXTRA [OPSDECK-ARGS] [ENV-PREFIX]: a fresh fakehub;
# opsdeck started in tmux only once pipe-pane writes its raw
# output to $T_TMP/NAME.raw; waits for its data (the screen matches
# $ready, the environments and approvals read, one more runs list) and
# checks that nothing came at start; then the run fails, the check goes
# crit, an approval appears.
part() {
	_n=$1
	fresh_hub
	rm -rf "$T_TMP/cache" "$T_TMP/down"
	cp "$T_TMP/base" "$T_TMP/$_n.conf"
	printf '%b' "$2" >>"$T_TMP/$_n.conf"
	: >"$T_TMP/$_n.raw"
	tmux_stop
	tmux_start 200 50 "read go; $4 TERM=screen-256color $OPSDECK --config $T_TMP/$_n.conf $3; echo opsdeck-exited-\$?"
	$T_TMUX pipe-pane -o -t t "cat >>$T_TMP/$_n.raw"
	tmux_keys Enter
	tmux_wait_for 20 "$ready"
	t_ok $? "$_n: the data is shown"
	t_wait_for 20 sources_read
	t_ok $? "$_n: the environments and the approvals are read"
	_l=$(nlists)
	t_wait_for 20 more_lists $((_l + 1))
	want "$T_TMP/$_n.raw" osc-all 0 0 && want "$T_TMP/$_n.raw" bell 0 0
	t_ok $? "$_n: nothing at start (a failed run, a crit check, approvals waiting): $(count "$T_TMP/$_n.raw" | tr '\n' ' ')"
	touch "$T_TMP/down"
	fakehub_advance 100000
}

# The tmux server gone, so that the next one can take its socket.
tmux_stop() {
	[ -n "${T_TMUX:-}" ] || return 0
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 10 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
}

# Until two more polls of the runs list after the events.
settle() {
	_l=$(nlists)
	t_wait_for 30 more_lists $((_l + 2))
}

ready='Already broken before'
part all '[notify]\n\tosc9 = true\n\tosc777 = true\n'
for k in osc9-run osc9-health osc9-approval osc777-run osc777-health \
    osc777-approval; do
	t_wait_for 30 want "$T_TMP/all.raw" $k 1 0
done
settle
raw="$T_TMP/all.raw"
[ -n "${T_KEEP:-}" ] && t_diag "$(count "$raw")"
want "$raw" osc9-run 1 0 && want "$raw" osc777-run 1 0
t_ok $? "the run failed on main: OSC 9 and OSC 777, tmux-wrapped, once each"
want "$raw" osc9-health 1 0 && want "$raw" osc777-health 1 0
t_ok $? "the check went crit: once each"
want "$raw" osc9-approval 1 0 && want "$raw" osc777-approval 1 0
t_ok $? "the new approval: once each"
want "$raw" osc-all 6 0
t_ok $? "no other notification (not the branch run, the old failure, the dead check)"
want "$raw" bell 3 0
t_ok $? "the bell: once for each of the three"
want "$raw" feature 0 0 && want "$raw" pwned 0 0
t_ok $? "the hostile title reaches the terminal neutralised"

# --- options off, events filtered, outside tmux: a plain OSC 9 ---
part off '[notify]\n\tosc9 = true\n\tbell = false\n\tevents = health-crit\n' '' 'env -u TMUX'
t_wait_for 30 want "$T_TMP/off.raw" osc9-health 0 1
t_ok $? "events = health-crit, outside tmux: the check's OSC 9, not wrapped"
settle
raw="$T_TMP/off.raw"
want "$raw" osc-all 1 0 && want "$raw" osc9-health 0 1
t_ok $? "  once; nothing for the run or the approval; no OSC 777 (off)"
want "$raw" bell 0 0
t_ok $? "  bell = false: no bell"

# --- the wallboard: silent unless [wallboard] notify = true ---
ready='octo/svc'
part wb '[notify]\n\tosc9 = true\n\tosc777 = true\n' --wallboard
settle
settle
want "$T_TMP/wb.raw" osc-all 0 0 && want "$T_TMP/wb.raw" bell 0 0
t_ok $? "the wallboard: no bell, no notification ($(count "$T_TMP/wb.raw" | tr '\n' ' '))"
part wbon '[notify]\n\tosc9 = true\n[wallboard]\n\tnotify = true\n' --wallboard
t_wait_for 30 want "$T_TMP/wbon.raw" osc9-health 1 0
t_ok $? "[wallboard] notify = true: the wallboard notifies"
settle
want "$T_TMP/wbon.raw" osc-all 3 0 && want "$T_TMP/wbon.raw" bell 3 0
t_ok $? "  each event once, with the bell"
tmux_stop

# --- a bad events list is refused with the key named ---
cp "$T_TMP/base" "$T_TMP/bad.conf"
printf '[notify]\n\tevents = run-failed bogus\n' >>"$T_TMP/bad.conf"
"$OPSDECK" --config "$T_TMP/bad.conf" --once >"$T_TMP/bad.out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "notify.events.*'bogus' is not an event" "$T_TMP/bad.out"
t_ok $? "events = bogus: refused, naming the key and the word ($rc: $(cat "$T_TMP/bad.out"))"
t_done
