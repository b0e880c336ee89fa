#!/bin/sh
# Colour is never needed: NO_COLOR, a terminal without colours and the mono
# theme all draw with attributes only and still tell states apart by glyph
# and word. A bad theme file is an error naming FILE:LINE before the screen
# starts. The stack layout puts the panes in one column. [keys] in the
# config add bindings, shown in the help; a bad one names FILE:LINE.
. "${top_srcdir:-.}/tests/lib.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
"$OPSDECK" --help 2>&1 | grep -q -e '--demo' || t_skip_all "no --demo yet"
export HOME="$T_TMP" XDG_CONFIG_HOME="$T_TMP/cfg" OPSDECK_DEMO_STEP_MS=600000
mkdir -p "$T_TMP/cfg/opsdeck"
unset NO_COLOR

# SGR sequences in the capture that set a colour (30-37, 40-47, 90-97,
# 100-107, 38;5;N, 48;5;N); 39 and 49 (the terminal's default) are fine.
colours() {
	$T_TMUX capture-pane -p -e -t t | grep -o -E "$(printf '\033')\\[[0-9;]*m" |
	    tr -d '\033[m' | tr ';' '\n' |
	    grep -c -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'
}
# The previous server must be gone before the next starts on its socket.
tmux_gone() { ! kill -0 "$T_TMUX_PID" 2>/dev/null; }
tmux_stop() {
	[ -n "${T_TMUX:-}" ] || return 0
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 5 tmux_gone
}
# run NAME ENV...: the demo in a fresh tmux with ENV, until it is drawn.
run() {
	_name=$1; shift
	tmux_stop
	tmux_start 100 30 "env $* $OPSDECK --demo ${RUN_OPTS:-}; echo opsdeck-exited-\$?"
	tmux_wait_for 10 'acme/'
	t_ok $? "$_name: the demo is drawn"
}

run "default" TERM=screen-256color
[ "$(colours)" -gt 0 ]
t_ok $? "default: colours are used on a colour terminal"

run "NO_COLOR" TERM=screen-256color NO_COLOR=1
[ "$(colours)" -eq 0 ]
t_ok $? "NO_COLOR: no colour at all"
$T_TMUX capture-pane -p -e -t t | head -1 | grep -q "$(printf '\033')\\[[0-9;]*7[;m]"
t_ok $? "NO_COLOR: the header bar is still set apart (reverse video)"
tmux_screen | grep -q -E '^    [x!>.+-] (failed|action|running|queued|succeeded|cancelled)'
t_ok $? "NO_COLOR: states keep their glyph and word"

run "vt100" TERM=vt100
[ "$(colours)" -eq 0 ]
t_ok $? "TERM=vt100 (no colours): attributes only"
tmux_keys Tab
tmux_wait_for 5 '\*2 Quality'
t_ok $? "vt100: focus still marked without colour"

printf '[ui]\n\ttheme = mono\n' >"$T_TMP/cfg/opsdeck/config"
run "mono theme" TERM=screen-256color
[ "$(colours)" -eq 0 ]
t_ok $? "mono theme: no colour on a colour terminal"

# --theme, over [ui] theme: the colour blind theme's orange for failed.
sgr() { $T_TMUX capture-pane -p -e -t t | grep -c -- "$(printf '\033')\\[[0-9;]*$1"; }
RUN_OPTS="--theme colorblind" run "--theme colorblind" TERM=screen-256color
[ "$(sgr '38;5;208')" -gt 0 ]
t_ok $? "--theme colorblind over [ui] theme = mono: orange is drawn"
RUN_OPTS="--theme colorblind" run "--theme colorblind, NO_COLOR" TERM=screen-256color NO_COLOR=1
[ "$(colours)" -eq 0 ]
t_ok $? "--theme colorblind with NO_COLOR: no colour at all"
for th in light solarized-dark high-contrast; do
	RUN_OPTS="--theme $th" run "--theme $th" TERM=screen-256color
	tmux_screen | grep -q -E '[x!>.+-] (failed|running|succeeded)'
	t_ok $? "--theme $th: states keep glyph and word"
done
# A user theme by name, from $XDG_CONFIG_HOME/opsdeck/themes.
mkdir -p "$T_TMP/cfg/opsdeck/themes"
printf '[color]\n\theader = bold white 201\n' >"$T_TMP/cfg/opsdeck/themes/mine.theme"
RUN_OPTS="--theme mine" run "user theme" TERM=screen-256color
[ "$(sgr '48;5;201')" -gt 0 ]
t_ok $? "a user theme in \$XDG_CONFIG_HOME/opsdeck/themes is found by name"
TERM=dumb "$OPSDECK" --demo --theme no-such-theme </dev/null >/dev/null 2>"$T_TMP/err"
grep -q "no-such-theme" "$T_TMP/err"
t_ok $? "--theme with an unknown name is an error naming it"
RUN_OPTS=

printf '[ui]\n\tlayout = stack\n' >"$T_TMP/cfg/opsdeck/config"
run "stack layout" TERM=screen-256color
tmux_screen >"$T_TMP/stack"
r=0
for p in '1 Pipelines' '2 Quality' '3 Issues' '4 Health'; do
	grep -q -E "^[* ]$p" "$T_TMP/stack" || r=1
done
t_ok $r "stack: every pane title starts a line (one column)"
n1=$(grep -n -E '^[* ]1 Pipelines' "$T_TMP/stack" | cut -d: -f1)
n4=$(grep -n -E '^[* ]4 Health' "$T_TMP/stack" | cut -d: -f1)
[ -n "$n1" ] && [ -n "$n4" ] && [ "$n1" -lt "$n4" ]
t_ok $? "stack: pipelines above health ($n1 < $n4)"
tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits"

printf '[keys]\n\tzoom = Z\n\tquit = x\n\tfocus-health = C-t\n' >"$T_TMP/cfg/opsdeck/config"
run "[keys]" TERM=screen-256color
tmux_keys '?'
tmux_wait_for 5 'Keys: .* searches, any other key closes\)'
tmux_screen | grep -q -E 'q x +Quit opsdeck' && tmux_screen | grep -q -E ' z Z +Zoom'
t_ok $? "[keys]: the help lists the added keys after the defaults"
tmux_keys Escape
tmux_wait_for 5 '2 Quality'
tmux_keys C-t
tmux_wait_for 5 '\*4 Health'
t_ok $? "[keys]: C-t focuses the health pane"
tmux_keys Z
tmux_wait_for 5 '4 Health.*\[zoom\]'
t_ok $? "[keys]: Z zooms"
tmux_keys x
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "[keys]: x quits"
tmux_stop

printf '[ui]\n\tlayout = grid\n[keys]\n\trefresh = r\n\tquit = Hyper-x\n' >"$T_TMP/cfg/opsdeck/config"
TERM=dumb "$OPSDECK" --demo </dev/null >"$T_TMP/out" 2>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "a bad key: exit status 1"
grep -q "^opsdeck: $T_TMP/cfg/opsdeck/config:5: key 'keys.quit': unknown key 'Hyper-x'" "$T_TMP/err"
t_ok $? "the message names the file, line and key ($(cat "$T_TMP/err"))"
printf '[keys]\n\tlaunch-missiles = m\n' >"$T_TMP/cfg/opsdeck/config"
TERM=dumb "$OPSDECK" --demo </dev/null >"$T_TMP/out" 2>"$T_TMP/err"
grep -q "config:2: key 'keys.launch-missiles': unknown action 'launch-missiles'" "$T_TMP/err"
t_ok $? "an unknown action too ($(cat "$T_TMP/err"))"

# A bad theme: a plain error with FILE:LINE, exit 1, no screen started.
printf '[color]\n\theader = bold\n\n\trun-failed = bold chartreuse\n' >"$T_TMP/bad.theme"
printf '[ui]\n\ttheme = %s\n' "$T_TMP/bad.theme" >"$T_TMP/cfg/opsdeck/config"
TERM=dumb "$OPSDECK" --demo </dev/null >"$T_TMP/out" 2>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "a bad theme: exit status 1"
grep -q "^opsdeck: $T_TMP/bad.theme:4: key 'color.run-failed'" "$T_TMP/err"
t_ok $? "the message names the file and line ($(cat "$T_TMP/err"))"
[ ! -s "$T_TMP/out" ]
t_ok $? "nothing was drawn on stdout"
printf '[ui]\n\ttheme = %s\n' "$T_TMP/no-such.theme" >"$T_TMP/cfg/opsdeck/config"
TERM=dumb "$OPSDECK" --demo </dev/null >"$T_TMP/out" 2>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "a missing theme file: exit status 1"
grep -q "no-such.theme" "$T_TMP/err"
t_ok $? "naming the file ($(cat "$T_TMP/err"))"
t_done
