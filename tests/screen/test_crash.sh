#!/bin/sh
# Even a crash gives the terminal back: after SIGSEGV (and SIGTERM) the
# shell's terminal is in canonical mode with echo on, off the alternate
# screen, whether the signal hits the UI thread or a worker.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
# The console's own PID, written by the shell it execs from: other tests
# run opsdeck --demo at the same time, so never look it up by name.
cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"$T_TMP/pid.tmp" && mv "$T_TMP/pid.tmp" "$T_TMP/pid"
ulimit -c 0	# the crashes here are on purpose: no core files
TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
for sig in SEGV TERM; do
	rm -f "$T_TMP/pid"
	tmux_start 100 30 "sh $T_TMP/run.sh --demo; echo exited-\$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo modes"
	tmux_wait_for 10 'acme/'
	pid=$(cat "$T_TMP/pid" 2>/dev/null)
	[ -n "$pid" ] && kill -"$sig" "$pid"
	tmux_wait_exit 5 'icanon echo modes'
	t_ok $? "after SIG$sig the terminal is in canonical mode with echo"
	$T_TMUX capture-pane -p -S -50 -t t | grep -q -E 'exited-(139|143)'
	t_ok $? "SIG$sig: the exit status says which signal"
	$T_TMUX kill-server 2>/dev/null
	# Gone before the next server starts on the same socket.
	t_wait_for 5 sh -c '! kill -0 "$0" 2>/dev/null' "$T_TMUX_PID"
done
# A crash on a worker thread (the code that reads remote input runs
# there): OPSDECK_TEST_CRASH=worker makes the first job that starts once
# the screen is up raise SIGSEGV on its worker. The terminal comes back
# from that thread: canonical mode and echo, cursor shown, off the
# alternate screen, and the exit status is 128+11. The shell then waits
# in read so that the pane's modes are those of a live pane.
rm -f "$T_TMP/pid"
tmux_start 100 30 "OPSDECK_TEST_CRASH=worker OPSDECK_DEMO_STEP_MS=50 sh $T_TMP/run.sh --demo; echo exited-\$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo modes; read x"
tmux_wait_exit 10 'icanon echo modes'
t_ok $? "worker SIGSEGV: the terminal is in canonical mode with echo"
$T_TMUX capture-pane -p -S -50 -t t | grep -q -E 'exited-139'
t_ok $? "worker SIGSEGV: exit status 139 (128+11)"
alt=$($T_TMUX display-message -p -t t '#{alternate_on}')
t_ok $([ "$alt" = 0 ] && echo 0 || echo 1) "worker SIGSEGV: off the alternate screen (alternate_on=$alt)"
cur=$($T_TMUX display-message -p -t t '#{cursor_flag}')
t_ok $([ "$cur" = 1 ] && echo 0 || echo 1) "worker SIGSEGV: cursor visible again (cursor_flag=$cur)"
kbd=$($T_TMUX display-message -p -t t '#{keypad_cursor_flag}')
t_ok $([ "$kbd" = 0 ] && echo 0 || echo 1) "worker SIGSEGV: keypad transmit mode off (keypad_cursor_flag=$kbd)"
$T_TMUX kill-server 2>/dev/null
t_wait_for 5 sh -c '! kill -0 "$0" 2>/dev/null' "$T_TMUX_PID"

# Without a terminal the console refuses at once instead of spinning on a
# stdin that is always readable (EOF).
TERM=xterm timeout 10 "$OPSDECK" --demo </dev/null >"$T_TMP/notty.out" 2>"$T_TMP/notty.err"
rc=$?
t_ok $([ $rc -eq 1 ] && echo 0 || echo 1) "stdin not a terminal: exit 1, not a hang (status $rc)"
grep -q "needs a terminal" "$T_TMP/notty.err"
t_ok $? "and says to use --once"
t_done
