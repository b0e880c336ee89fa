#!/bin/sh
# Even a crash gives the terminal back: after SIGSEGV (and SIGTERM) the
# shell's terminal is in canonical mode with echo on, off the alternate
# screen.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
for sig in SEGV TERM; do
	tmux_start 100 30 "TERM=screen-256color $OPSDECK --demo; echo exited-\$?; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo modes"
	tmux_wait_for 10 'acme/'
	kill -"$sig" "$(pgrep -f "^$OPSDECK --demo")"
	tmux_wait_exit 5 'icanon echo modes'
	t_ok $? "after SIG$sig the terminal is in canonical mode with echo"
	$T_TMUX capture-pane -p -S -50 -t t | grep -q -E 'exited-(139|143)'
	t_ok $? "SIG$sig: the exit status says which signal"
	$T_TMUX kill-server 2>/dev/null
done
t_done
