#!/bin/sh
# The screen in a locale that is not UTF-8 (LANG=C): non-ASCII text from
# the API is drawn as \u00e9 escapes, never as raw UTF-8 bytes, which such
# a terminal shows as two Latin-1 characters or, for 0x80-0x9F, obeys as
# C1 controls. The tmux server itself runs UTF-8, so raw bytes would show.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin locale
cat >"$T_TMP/run.sh" <<EOS
TERM=screen-256color exec env -u LC_ALL -u LC_CTYPE LANG=C "$OPSDECK" "\$@"
EOS
tmux_start 120 40 "sh $T_TMP/run.sh --config $T_TMP/config; echo opsdeck-exited-\$?; read x"
tmux_wait_for 15 'x failed'
t_ok $? "LANG=C: the failed run appears"
tmux_keys z
tmux_wait_for 10 'D\\u00e9ploi CI'
t_ok $? "LANG=C: the workflow's é is drawn as \\u00e9"
tmux_screen >"$T_TMP/s1"
grep -q 'r\\u00e9sum\\u00e9 <U+009B>31mPWNED' "$T_TMP/s1" && grep -q 'zo\\u00eb' "$T_TMP/s1"
t_ok $? "LANG=C: the title and the actor's ë as escapes, C1 inert"
grep -q 'b\\u00e9<U+009B>x' "$T_TMP/s1"
t_ok $? "LANG=C: a C1 CSI in the branch as <U+009B>"
! LC_ALL=C grep -q -P '[\x80-\xff]' "$T_TMP/s1"
t_ok $? "LANG=C: no byte above 0x7F on the screen"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "LANG=C: q quits cleanly"
t_done
