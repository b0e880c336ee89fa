#!/bin/sh
# Resizes (issues 15 and 16). Below the layout's minimum size a message
# replaces the layout, and growing back restores it; the minimum follows
# the layout (a stack of four needs 14 lines). A storm of 50 resizes in
# about a second is coalesced: at most 20 K bytes reach the terminal, the
# last repaint comes after the last resize and is the only one since the
# storm began (tmux passes a storm on as a SIGWINCH every ~250 ms), the
# final screen is right for the final size, and opsdeck is still there.
. "${top_srcdir:-.}/tests/lib.sh"
# The server gone before the next tmux_start (which would reach it dying).
tmux_stop() {
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 5 sh -c "! kill -0 $T_TMUX_PID 2>/dev/null"
}
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v python3 >/dev/null 2>&1 || t_skip_all "python3 missing"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
mkdir -p "$T_TMP/cfg/opsdeck"
resize() { $T_TMUX resize-window -t t -x "$1" -y "$2" 2>/dev/null; }
titles() { tmux_screen | grep -o -E '[* ][1-4] (Pipelines|Quality|Issues|Health)' | wc -l | tr -d ' '; }

tmux_start 120 40 "TERM=screen-256color $OPSDECK --demo; echo opsdeck-exited-\$?"
tmux_wait_for 10 'acme/infra'
t_ok $? "the demo at 120x40"
resize 30 8
tmux_wait_for 5 '^ *terminal too small: 30x8,$'
t_ok $? "30x8: the message, on two lines to fit"
tmux_screen | grep -q -E '^ *need at least 40x10$'
t_ok $? "  with the size needed: 40x10"
t_ok $([ "$(titles)" = 0 ] && echo 0 || echo 1) "  and no pane drawn"
resize 39 30
tmux_wait_for 5 '^ *terminal too small: 39x30,$'
t_ok $? "39 columns are too few whatever the height"
resize 80 9
tmux_wait_for 5 '^ +terminal too small: 80x9, need at least 40x10$'
t_ok $? "9 lines too: one line, centred, where it fits"
resize 40 10
tmux_wait_for 5 '^ opsdeck'
t_ok $? "40x10, the minimum: the layout again"
tmux_screen | grep -q 'too small'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "  the message gone"
tmux_keys 2
resize 20 5
tmux_wait_for 5 'terminal too small'
t_ok $? "20x5: too small"
tmux_keys 3
resize 120 40
tmux_wait_for 5 '4 Health'
t_ok $? "back at 120x40: the whole layout"
t_ok $([ "$(titles)" = 4 ] && echo 0 || echo 1) "  four panes"
tmux_screen | grep -q '^ opsdeck  demo' && tmux_screen | grep -q '\*3 Issues'
t_ok $? "  header, and the key pressed while too small was taken (3 focused)"

# --- a storm: 50 resizes in about a second ---
$T_TMUX pipe-pane -o -t t "cat >>$T_TMP/out"
t_wait_for 5 test -e "$T_TMP/out"
start=$(date +%s%N)
i=0
while [ $i -lt 50 ]; do
	resize $((80 + (i * 7) % 60)) $((24 + (i * 5) % 20))
	i=$((i + 1))
	# Pacing, not waiting for anything: 50 in about a second.
	sleep 0.02
done
resize 100 30
took=$(( ($(date +%s%N) - start) / 1000000 ))
# The right screen for 100x30: the clock at column 100, the grid's bottom
# row (28 body lines, 16 for the top row) with its titles on line 18.
final() {
	tmux_screen >"$T_TMP/f"
	# The clock ends one blank short of the edge.
	[ "$(head -1 "$T_TMP/f" | awk '{ print length($0) }')" = 99 ] &&
	    head -1 "$T_TMP/f" | grep -q -E ' [0-9][0-9]:[0-9][0-9]$' &&
	    sed -n 18p "$T_TMP/f" | grep -q -E '3 Issues.* 4 Health' &&
	    sed -n 2p "$T_TMP/f" | grep -q -E '1 Pipelines.* 2 Quality' &&
	    tail -1 "$T_TMP/f" | grep -q '^q quit'
}
t_wait_for 10 final
t_ok $? "the final screen is right for 100x30 (storm of 51 in $took ms)"
awk 'length($0) > 100 { bad = 1 } END { exit bad }' "$T_TMP/f"
t_ok $? "  nothing drawn past its edge"
$T_TMUX pipe-pane -t t
stable() {
	n=$(wc -c <"$T_TMP/out" | tr -d ' ')
	[ "$n" = "$(cat "$T_TMP/last" 2>/dev/null)" ] && return 0
	echo "$n" >"$T_TMP/last"
	return 1
}
t_wait_for 5 stable
bytes=$(wc -c <"$T_TMP/out" | tr -d ' ')
t_ok $([ "$bytes" -le 20000 ] && echo 0 || echo 1) "the storm wrote $bytes bytes (at most 20000)"
# A full repaint starts with clear (screen-256color: ESC [ H ESC [ J).
clears=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().count(b"\x1b[H\x1b[J"))' "$T_TMP/out")
t_ok $([ "$clears" -ge 1 ] && [ "$clears" -le 2 ] && echo 0 || echo 1) \
    "  $clears full repaints: the first size and the last, not one per resize"
last=$(python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); print(len(d) - d.rfind(b"\x1b[H\x1b[J"))' "$T_TMP/out")
t_ok $([ "$last" -le 6000 ] && echo 0 || echo 1) "  the last one a single frame ($last bytes)"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "no crash: q quits with status 0"
tmux_stop

# --- the wallboard: the same storm, the screen a fresh start draws ---
printf '[wallboard]\n\trotate = 1h\n' >"$T_TMP/cfg/opsdeck/config"
rm -f "$T_TMP/out" "$T_TMP/last"
tmux_start 120 40 "TERM=screen-256color $OPSDECK --demo --wallboard; echo opsdeck-exited-\$?"
tmux_wait_for 10 'acme/web pipelines'
t_ok $? "the wallboard at 120x40"
$T_TMUX pipe-pane -o -t t "cat >>$T_TMP/out"
t_wait_for 5 test -e "$T_TMP/out"
i=0
while [ $i -lt 50 ]; do
	resize $((80 + (i * 7) % 60)) $((24 + (i * 5) % 20))
	i=$((i + 1))
	sleep 0.02	# pacing: 50 in about a second
done
resize 100 30
# What a wallboard started at 100x30 shows, digits (ages, clock) aside.
$T_TMUX new-session -d -x 100 -y 30 -s ref "TERM=screen-256color $OPSDECK --demo --wallboard"
t_wait_for 10 sh -c "$T_TMUX capture-pane -p -t ref | grep -q 'acme/web pipelines'"
same() {
	$T_TMUX capture-pane -p -t ref | tr -d '0-9' >"$T_TMP/ref"
	tmux_screen | tr -d '0-9' >"$T_TMP/got"
	cmp -s "$T_TMP/ref" "$T_TMP/got"
}
t_wait_for 10 same
t_ok $? "after the storm the wallboard is what a fresh start at 100x30 draws"
$T_TMUX pipe-pane -t t
t_wait_for 5 stable
bytes=$(wc -c <"$T_TMP/out" | tr -d ' ')
clears=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().count(b"\x1b[H\x1b[J"))' "$T_TMP/out")
t_ok $([ "$bytes" -le 20000 ] && [ "$clears" -le 2 ] && echo 0 || echo 1) \
    "  $bytes bytes (at most 20000), $clears full repaints (at most 2)"
tmux_keys C-c
tmux_wait_exit 10 'opsdeck-exited-130'
t_ok $? "  still running: Ctrl-C ends it"
tmux_stop

# --- the minimum follows the layout ---
printf '[ui]\n\tlayout = stack\n' >"$T_TMP/cfg/opsdeck/config"
tmux_start 80 13 "TERM=screen-256color $OPSDECK --demo; echo opsdeck-exited-\$?"
tmux_wait_for 10 'terminal too small: 80x13, need at least 40x14'
t_ok $? "a stack of four panes needs 14 lines: at 80x13 it says so"
resize 80 14
tmux_wait_for 5 '4 Health'
t_ok $? "  at 80x14 it is drawn"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_done
