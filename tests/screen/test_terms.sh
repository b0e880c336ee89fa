#!/bin/sh
# Issue 15: one screen (fakehub: octo/svc, octo/web and octo/hello, whose
# run has an é and a C1 CSI in its title; an ok and a crit command check)
# under each TERM the console supports (linux, screen, tmux-256color,
# vt100, xterm-256color), with NO_COLOR, in the C locale, with --ascii and
# [ui] ascii: it draws, every state is glyph and word, colours are the
# nearest the terminal has (the colour blind theme's orange 208 is yellow
# on 8 colours, not 208 % 8 = black). In ASCII mode the raw bytes written
# (tmux pipe-pane) hold nothing >= 0x80 and no control sequence but
# cursor, attribute and mode ones (no ACS charset switching). TERM=dumb,
# an unknown TERM and no TERM are refused with one line and exit 2,
# leaving the terminal's modes as they were; --once and --check-terminal
# work there. The wallboard too under each TERM and with NO_COLOR.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
for t in linux screen tmux-256color vt100 xterm-256color; do
	infocmp "$t" >/dev/null 2>&1 || t_skip_all "no terminfo entry for $t"
done
python3 - "$top_srcdir/tests/fakehub/scenarios" "$T_TMP/terms.json" <<'PYEOF'
import json, sys
a = json.load(open(sys.argv[1] + "/envhealth.json"))
a["repos"] += json.load(open(sys.argv[1] + "/locale.json"))["repos"]
json.dump(a, open(sys.argv[2], "w"))
PYEOF
fakehub_start --scenario "$T_TMP/terms.json"
fakehub_env
fakehub_config "$T_TMP/config" octo/svc octo/web octo/hello
cat >>"$T_TMP/config" <<'CONF'
[check "up"]
	kind = command
	command = true
[check "down"]
	kind = command
	command = false
CONF
{ cat "$T_TMP/config"; printf '[ui]\n\tascii = true\n'; } >"$T_TMP/config.ascii"
unset NO_COLOR COLORTERM
ESC=$(printf '\033')

# The command waits (bounded) for the go file, so that pipe-pane records
# every byte opsdeck writes from its first; its PID, which exec keeps, is
# the console's (other tests run opsdeck too: never look it up by name).
cat >"$T_TMP/run.sh" <<'EOS'
echo $$ >"$GO.pid"
i=0
while [ ! -e "$GO" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
exec env "$@"
EOS
tmux_gone() { ! kill -0 "$T_TMUX_PID" 2>/dev/null; }
tmux_stop() {
	[ -n "${T_TMUX:-}" ] || return 0
	$T_TMUX kill-server 2>/dev/null
	t_wait_for 5 tmux_gone
}
RUNS=0
# run ENV-AND-ARGS...: opsdeck with the fake's config in a fresh 120x40
# tmux, its output recorded raw into $RAW.
run() {
	tmux_stop
	RUNS=$((RUNS + 1))
	RAW="$T_TMP/raw.$RUNS"
	: >"$RAW"
	rm -f "$T_TMP/go"
	tmux_start 120 40 "GO=$T_TMP/go sh $T_TMP/run.sh $*; echo opsdeck-exited-\$?"
	$T_TMUX pipe-pane -t t "cat >>$RAW"
	touch "$T_TMP/go"
}
# Glyph and word of each state, in the pipelines and the health pane.
UTF8_STATES='x failed +octo/hello
✗ crit +down
✓ ok +up'
ASCII_STATES='x failed +octo/hello
x crit +down
\+ ok +up'
drawn() {	# drawn NAME STATES: the screen shows every line of STATES
	_bad=0
	_states=$2
	while [ -n "$_states" ]; do
		_re=${_states%%
*}
		case $_states in *'
'*) _states=${_states#*
} ;; *) _states= ;; esac
		tmux_wait_for 20 "$_re" || { _bad=1; t_diag "$1: no '$_re'"; }
	done
	[ $_bad -eq 0 ] || t_diag "$(tmux_screen)"
	t_ok $_bad "$1: every state as glyph and word (failed run, crit and ok checks)"
}
quits() {
	tmux_keys q
	tmux_wait_exit 10 'opsdeck-exited-0'
	t_ok $? "$1: q quits, status 0"
}
# Colour-setting SGR parameters on the screen (39/49, the defaults, are
# not colours).
colours() {
	$T_TMUX capture-pane -p -e -t t | grep -o -E "$ESC\\[[0-9;]*m" |
	    tr -d '\033[m' | tr ';' '\n' |
	    grep -c -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$'
}
# The SGR parameters in force where the failed run's row (#1) starts.
failed_sgr() {
	$T_TMUX capture-pane -p -e -t t | python3 -c '
import re, sys
for line in sys.stdin:
    i = line.find("x failed")
    if i >= 0 and re.search("x failed[^#]*#1 ", line):
        m = re.findall("\x1b\\[([0-9;]*)m", line[:i])
        print(m[-1] if m else "")
        break'
}
# The raw bytes: none >= 0x80, and no escape or control that is not a
# CSI sequence, a mode or cursor save, or a switch back to ASCII.
raw_ascii() {
	python3 - "$RAW" <<'PYEOF'
import re, sys
b = open(sys.argv[1], "rb").read()
hi = [c for c in b if c >= 0x80]
s = re.sub(rb"\x1b\[[0-?]*[ -/]*[@-~]", b"", b)
s = re.sub(rb"\x1b(\(B|\)0|[78=>M])", b"", s)
bad = sorted(set(c for c in s if c == 0x7f or
    (c < 0x20 and c not in b"\r\n\b\t\x0f")))
esc = re.findall(rb"\x1b.{0,3}", s)
print("%d bytes, %d >= 0x80, controls %s, escapes %s" %
    (len(b), len(hi), bad, esc[:5]), file=sys.stderr)
sys.exit(0 if len(b) > 1000 and not hi and not bad else 1)
PYEOF
}

# --- the TERM matrix, UTF-8 locale ---
for term in linux screen tmux-256color vt100 xterm-256color; do
	run LANG=C.UTF-8 TERM=$term "$OPSDECK" --config "$T_TMP/config"
	drawn "TERM=$term" "$UTF8_STATES"
	tmux_screen >"$T_TMP/s.$term"
	grep -q '1 Pipelines' "$T_TMP/s.$term" &&
	    grep -q '4 Health' "$T_TMP/s.$term" &&
	    grep -q -E '^ opsdeck ' "$T_TMP/s.$term" &&
	    grep -q 'q quit' "$T_TMP/s.$term"
	t_ok $? "TERM=$term: header, pane titles and hint bar drawn"
	n=$(colours)
	case $term in
	vt100)	[ "$n" -eq 0 ]; t_ok $? "TERM=vt100: no colour, attributes only" ;;
	*)	[ "$n" -gt 0 ]; t_ok $? "TERM=$term: colours used ($n)" ;;
	esac
	quits "TERM=$term"
done
LC_ALL=C grep -q -P '[\x80-\xff]' "$RAW"
t_ok $? "UTF-8 locale: the raw capture holds the UTF-8 glyphs (it sees them)"

# --- nearest colour, not % 8 ---
run LANG=C.UTF-8 TERM=screen "$OPSDECK" --config "$T_TMP/config" --theme colorblind
drawn "colorblind, TERM=screen" "$UTF8_STATES"
sgr=$(failed_sgr)
echo ";$sgr;" | grep -q ';33;' && ! echo ";$sgr;" | grep -q -E ';(30|38);'
t_ok $? "8 colours: the theme's orange 208 is drawn yellow (33), not black ($sgr)"
quits "colorblind, TERM=screen"
run LANG=C.UTF-8 TERM=xterm-256color "$OPSDECK" --config "$T_TMP/config" --theme colorblind
drawn "colorblind, TERM=xterm-256color" "$UTF8_STATES"
sgr=$(failed_sgr)
echo ";$sgr;" | grep -q ';38;5;208;'
t_ok $? "256 colours: orange stays 208 ($sgr)"
quits "colorblind, TERM=xterm-256color"

# --- a theme's own RGB colour ("#ff8700", quoted: # starts a comment) ---
mkdir -p "$XDG_CONFIG_HOME/opsdeck/themes"
printf '[color]\n\trun-failed = "bold #ff8700"\n' >"$XDG_CONFIG_HOME/opsdeck/themes/rgb.theme"
for case in 'screen::33' 'xterm-256color::38;5;208' 'xterm-256color:truecolor:38;5;255'; do
	term=${case%%:*}; want=${case##*:}; ct=${case#*:}; ct=${ct%%:*}
	run LANG=C.UTF-8 TERM=$term COLORTERM=$ct "$OPSDECK" --config "$T_TMP/config" --theme rgb
	drawn "#ff8700, TERM=$term COLORTERM=$ct" "$UTF8_STATES"
	sgr=$(failed_sgr)
	echo ";$sgr;" | grep -q ";$want;"
	t_ok $? "#ff8700 on TERM=$term COLORTERM=$ct: drawn as $want ($sgr)"
	quits "#ff8700, TERM=$term COLORTERM=$ct"
done
grep -q "$(printf '\033')]4;255;rgb:FF/87/00" "$RAW"
t_ok $? "truecolor on a terminal that can change colours: colour 255 redefined as #ff8700"
grep -q "$(printf '\033')]104" "$RAW"
t_ok $? "  and the palette given back at exit"
# A crash gives it back too.
run LANG=C.UTF-8 TERM=xterm-256color COLORTERM=truecolor "$OPSDECK" --config "$T_TMP/config" --theme rgb
drawn "#ff8700 truecolor, before SIGSEGV" "$UTF8_STATES"
kill -SEGV "$(cat "$T_TMP/go.pid")"
tmux_wait_exit 10 'opsdeck-exited-139'
t_ok $? "SIGSEGV: the console dies of it (139)"
grep -q "$(printf '\033')]104" "$RAW"
t_ok $? "  and the crash restore gives the palette back"

# --- NO_COLOR ---
run LANG=C.UTF-8 TERM=xterm-256color NO_COLOR=1 COLORTERM=truecolor "$OPSDECK" --config "$T_TMP/config"
drawn "NO_COLOR" "$UTF8_STATES"
[ "$(colours)" -eq 0 ]
t_ok $? "NO_COLOR: no colour at all, even with COLORTERM=truecolor"
quits "NO_COLOR"

# --- ASCII: the C locale, --ascii, [ui] ascii ---
ascii_screen() {	# ascii_screen NAME: what every ASCII run must show
	tmux_wait_for 10 'D\\u00e9ploi CI'
	t_ok $? "$1: the workflow's é as \\u00e9"
	tmux_screen >"$T_TMP/s"
	! LC_ALL=C grep -q -P '[\x80-\xff]' "$T_TMP/s"
	t_ok $? "$1: nothing above 0x7F on the screen"
	tmux_keys '?'
	tmux_wait_for 10 '\+- Keys: .*-+\+'
	t_ok $? "$1: the help's frame in plain - and +"
	tmux_screen | grep -q -E '\| q +Quit opsdeck +\|'
	t_ok $? "$1: its sides in |"
	tmux_keys Escape
}
run LANG=C LC_ALL=C TERM=screen "$OPSDECK" --config "$T_TMP/config"
drawn "LANG=C" "$ASCII_STATES"
ascii_screen "LANG=C"
quits "LANG=C"
raw_ascii 2>"$T_TMP/why"
t_ok $? "LANG=C: raw bytes printable ASCII and known sequences only ($(cat "$T_TMP/why"))"

run LANG=C.UTF-8 TERM=xterm-256color "$OPSDECK" --config "$T_TMP/config" --ascii
drawn "--ascii" "$ASCII_STATES"
ascii_screen "--ascii in a UTF-8 locale"
quits "--ascii"
raw_ascii 2>"$T_TMP/why"
t_ok $? "--ascii: raw bytes printable ASCII and known sequences only ($(cat "$T_TMP/why"))"

run LANG=C.UTF-8 TERM=tmux-256color "$OPSDECK" --config "$T_TMP/config.ascii"
drawn "[ui] ascii = true" "$ASCII_STATES"
quits "[ui] ascii"
raw_ascii 2>"$T_TMP/why"
t_ok $? "[ui] ascii: raw bytes ASCII ($(cat "$T_TMP/why"))"

run LANG=C.UTF-8 TERM=xterm-256color "$OPSDECK" --config "$T_TMP/config" --wallboard --ascii
tmux_wait_for 20 '#####'
t_ok $? "--wallboard --ascii: block letters in #"
tmux_wait_for 20 'octo/svc'
t_ok $? "--wallboard --ascii: the tiles are drawn"
tmux_keys C-c
tmux_wait_exit 10 'opsdeck-exited-130'
t_ok $? "--wallboard --ascii: Ctrl-C quits"
raw_ascii 2>"$T_TMP/why"
t_ok $? "--wallboard --ascii: raw bytes ASCII ($(cat "$T_TMP/why"))"

# --- the wallboard under each TERM and with NO_COLOR ---
for case in linux screen tmux-256color vt100 xterm-256color:NO_COLOR; do
	term=${case%%:*}; nc=; [ "$case" = "$term" ] || nc="NO_COLOR=1"
	run LANG=C.UTF-8 TERM=$term $nc "$OPSDECK" --config "$T_TMP/config" --wallboard
	tmux_wait_for 20 'octo/svc' && tmux_wait_for 20 '(✗|X|x) CRIT'
	t_ok $? "--wallboard, TERM=$term $nc: the tiles and the crit state as glyph and word"
	n=$(colours)
	case $case in
	vt100|*:NO_COLOR)	[ "$n" -eq 0 ]; t_ok $? "--wallboard, TERM=$term $nc: no colour ($n)" ;;
	*)	[ "$n" -gt 0 ]; t_ok $? "--wallboard, TERM=$term: colours used ($n)" ;;
	esac
	tmux_keys C-c
	tmux_wait_exit 10 'opsdeck-exited-130'
	t_ok $? "--wallboard, TERM=$term $nc: Ctrl-C quits"
done

# --- refused terminals: one line, status 2, the terminal as it was ---
refused() {	# refused NAME ENV-ARGS MESSAGE-REGEX
	tmux_stop
	tmux_start 200 20 "sh"
	$T_TMUX send-keys -t t "stty -g >$T_TMP/m1; env $2 $OPSDECK --config $T_TMP/config 2>$T_TMP/err; echo \"refused-rc=\$?\"; stty -g >$T_TMP/m2; cmp -s $T_TMP/m1 $T_TMP/m2 && echo modes-kept" Enter
	tmux_wait_for 20 '^refused-rc=[0-9]+' || t_diag "$1: $(tmux_screen)"
	tmux_screen | grep -q '^refused-rc=2$'
	t_ok $? "$1: exit status 2"
	[ "$(wc -l <"$T_TMP/err")" -eq 1 ] && grep -q -E "^opsdeck: $3" "$T_TMP/err"
	t_ok $? "$1: one line saying why ($(cat "$T_TMP/err"))"
	tmux_wait_for 10 '^modes-kept$'
	t_ok $? "$1: the terminal's modes are as before"
	! grep -q "$ESC" "$T_TMP/err" && ! tmux_screen | grep -q 'Error opening terminal'
	t_ok $? "$1: nothing but the message"
}
refused "TERM=dumb" "TERM=dumb" 'TERM=dumb cannot show the console \(no cursor addressing\); use --once'
refused "unknown TERM" "TERM=no-such-terminal-x" 'TERM=no-such-terminal-x is not a terminal this system knows'
refused "no TERM" "-u TERM" 'TERM is not set; use --once'
tmux_stop

TERM=dumb "$OPSDECK" --once --config "$T_TMP/config" >"$T_TMP/once" 2>"$T_TMP/once.err"
rc=$?
[ $rc -le 2 ] && grep -q 'octo/hello' "$T_TMP/once" && ! grep -q 'cannot show' "$T_TMP/once.err"
t_ok $? "TERM=dumb --once still reports (status $rc)"
TERM=dumb "$OPSDECK" --check-terminal --config "$T_TMP/config" >"$T_TMP/ct"
rc=$?
[ $rc -eq 2 ] && grep -q '^console: refused: TERM=dumb' "$T_TMP/ct"
t_ok $? "--check-terminal under TERM=dumb: refused, status 2"
LANG=C.UTF-8 TERM=xterm-256color COLORTERM=truecolor "$OPSDECK" --check-terminal --config "$T_TMP/config" >"$T_TMP/ct"
rc=$?
[ $rc -eq 0 ] && grep -q '^console: ok' "$T_TMP/ct" &&
    grep -q '^colour: truecolor' "$T_TMP/ct" && grep -q '^charset: UTF-8' "$T_TMP/ct"
t_ok $? "--check-terminal: xterm-256color with COLORTERM=truecolor is truecolor, UTF-8"
for pair in linux:8 screen:8 tmux-256color:256 vt100:none xterm-256color:256; do
	TERM=${pair%%:*} "$OPSDECK" --check-terminal --config "$T_TMP/config" |
	    grep -q "^colour: ${pair#*:} "
	t_ok $? "--check-terminal: TERM=${pair%%:*} has colour depth ${pair#*:}"
done
NO_COLOR=1 TERM=xterm-256color "$OPSDECK" --check-terminal --ascii --config "$T_TMP/config" >"$T_TMP/ct"
grep -q '^colour: none (NO_COLOR' "$T_TMP/ct" && grep -q '^charset: ASCII (--ascii)' "$T_TMP/ct"
t_ok $? "--check-terminal: NO_COLOR and --ascii named as the reasons"
t_done
