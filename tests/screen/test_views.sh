#!/bin/sh
# The run view's job list moves like every other list (one handler for
# all): PgDn and PgUp by a page of jobs, End and Home, on a run of 250
# jobs; Esc pops the view back to the list. A help taller than the
# terminal scrolls with the same keys.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin bigmatrix
fakehub_config "$T_TMP/config" octo/matrix
tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
sel() { tmux_screen | grep -E '^ > .*shard' | head -1; }

tmux_wait_for 15 'Matrix'
t_ok $? "the run appears"
tmux_keys z j j Enter
tmux_wait_for 10 'octo/matrix > run #'
t_ok $? "Enter on the run opens the run view"
tmux_wait_for 15 '^ > \+ succeeded +shard 0 '
t_ok $? "its jobs, the first selected ($(sel))"
# Zoomed at 120x40 the pane has 37 rows: 16 for jobs, a page is 15.
tmux_keys NPage
tmux_wait_for 5 '^ > \+ succeeded +shard 15 '
t_ok $? "PgDn: a page of jobs down ($(sel))"
tmux_keys NPage
tmux_wait_for 5 '^ > \+ succeeded +shard 30 '
t_ok $? "PgDn again ($(sel))"
tmux_screen | grep -q -E '^   . [a-z]+ +shard 14 '
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "the jobs above scrolled away"
tmux_keys PPage
tmux_wait_for 5 '^ > \+ succeeded +shard 15 '
t_ok $? "PgUp: a page back ($(sel))"
tmux_keys End
tmux_wait_for 10 '^ > > running +shard 249 '
t_ok $? "End: the last job ($(sel))"
tmux_keys PPage
tmux_wait_for 5 '^ > > running +shard 234 '
t_ok $? "PgUp from the end ($(sel))"
tmux_keys Home
tmux_wait_for 5 '^ > \+ succeeded +shard 0 '
t_ok $? "Home: the first again ($(sel))"
tmux_keys Escape
tmux_wait_for 5 '1 Pipelines  1 repos'
t_ok $? "Esc: back to the list"

$T_TMUX resize-window -t t -x 120 -y 20 2>/dev/null
tmux_wait_for 5 '1 Pipelines'
tmux_keys '?'
tmux_wait_for 5 'Keys: pipelines pane \(arrows scroll, / searches'
t_ok $? "a help taller than the terminal says it scrolls"
tmux_screen | grep -q -E 'j Down +Select the next line'
t_ok $? "it starts at the top"
tmux_keys End
tmux_wait_for 5 'Show the audit journal of actions'
t_ok $? "End: its last line"
tmux_screen | grep -q 'Select the next line'
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "the first scrolled away"
tmux_keys Home
tmux_wait_for 5 'Select the next line'
t_ok $? "Home: back to the top"
tmux_keys x
tmux_wait_for 5 '1 Pipelines  1 repos'
tmux_screen | grep -q 'Keys ('
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "any other key closes it"
tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits"
t_done
