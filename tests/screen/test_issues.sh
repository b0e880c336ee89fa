#!/bin/sh
# The issues pane in tmux against fakehub's issues scenario: most severe
# first with labels, assignees, comments and age; a repository with issues
# disabled says so; a hostile title is drawn inert (no escape reaches the
# terminal: the screen is not cleared, the clipboard not written); `/`
# filters, `s` changes the order, Enter opens the issue view with its body
# as readable text (heading, list, code, no raw HTML), Esc goes back.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin issues
fakehub_config "$T_TMP/config" octo/svc octo/off
# The clone of octo/svc with two local issue files (a temp git repository).
command -v git >/dev/null 2>&1 || t_skip_all "git missing"
mkdir -p "$T_TMP/clone/issues"
git init -q "$T_TMP/clone"
printf '# Old outage\ngithub: #12\n' >"$T_TMP/clone/issues/old.md"
printf 'no heading\n' >"$T_TMP/clone/issues/broken.md"
python3 - "$T_TMP/config" "$T_TMP/clone" <<"PY"
import sys
p, c = sys.argv[1], sys.argv[2]
s = open(p).read().replace('[repo "octo/svc"]\n', '[repo "octo/svc"]\n\tpath = %s\n' % c)
open(p, "w").write(s)
PY
cat >"$T_TMP/run.sh" <<EOS
echo \$\$ >"$T_TMP/pid.tmp" && mv "$T_TMP/pid.tmp" "$T_TMP/pid"
LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color exec "$OPSDECK" "\$@"
EOS
tmux_start 140 40 "sh $T_TMP/run.sh --config $T_TMP/config; echo opsdeck-exited-\$?"

# Focus the issues pane (3) and zoom it (z).
tmux_wait_for 15 'Pipelines'
tmux_keys 3 z
tmux_wait_for 15 '#8 .*Payments down in eu-west'
t_ok $? "the issues pane lists the sev1 issue"
tmux_screen >"$T_TMP/s1"
grep -q -E '#8 +octo/svc +Payments down in eu-west +sev1 incident +@octocat +12c' "$T_TMP/s1"
t_ok $? "labels, assignee and comments on the line"
grep -q 'octo/off: issues are disabled for this repository' "$T_TMP/s1"
t_ok $? "a 410 is shown as issues disabled"
grep -q -E '113 open' "$T_TMP/s1"
t_ok $? "every page read: 113 open (pull request, question, closed left out)"
! grep -q -E '#(9|10|12) ' "$T_TMP/s1"
t_ok $? "the question, the pull request and the closed issue are not listed"
# Order: sev1, sev2, release-blocker, then bugs oldest first.
awk '/^ #[0-9]/ { print $1 }' "$T_TMP/s1" | head -4 | tr '\n' ' ' >"$T_TMP/order"
[ "$(cat "$T_TMP/order")" = "#8 #11 #7 #1000 " ]
t_ok $? "most severe first, then the oldest ($(cat "$T_TMP/order"))"
grep -q -E '#11 .*\^\[\]52;c;aGk=\^G\^\[\[2J<U\+202E>evil title' "$T_TMP/s1" &&
    grep -q '^ opsdeck' "$T_TMP/s1"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/s1")"
t_ok $r "a hostile title is drawn inert (^[]52, ^[[2J, <U+202E>); the screen not cleared"
! $T_TMUX show-buffer >/dev/null 2>&1
t_ok $? "the OSC 52 in the title wrote no clipboard"

tmux_keys G
tmux_wait_for 10 'file issues/old.md'
tmux_screen >"$T_TMP/s5"
grep -q -E 'file issues/old.md +Old outage +#12 closed on GitHub' "$T_TMP/s5" &&
    grep -q -E 'file issues/broken.md +malformed: no heading' "$T_TMP/s5"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/s5")"
t_ok $r "local files at the end: closed on GitHub (out of date), malformed with the reason"
grep -q '1 file out of date' "$T_TMP/s5"
t_ok $? "the title bar counts the out-of-date file"
# An edit of a file shows on the next poll (r), though GitHub answers 304.
printf '# Old outage, edited\ngithub: #12\n' >"$T_TMP/clone/issues/old.md"
tmux_keys r
tmux_wait_for 15 'file issues/old.md +Old outage, edited'
t_ok $? "an edited file is shown after a refresh (GitHub unchanged: 304)"
tmux_keys g
tmux_wait_for 10 '#8 '

tmux_keys s
tmux_wait_for 10 'order: newest'
awk '/^ #[0-9]/ { print $1 }' "$(tmux_screen >"$T_TMP/s2"; echo "$T_TMP/s2")" | head -2 | tr '\n' ' ' >"$T_TMP/order"
[ "$(cat "$T_TMP/order")" = "#8 #11 " ]
t_ok $? "s: newest first ($(cat "$T_TMP/order"))"
tmux_keys s s

tmux_keys / s a f a r i Enter
tmux_wait_for 10 'filter: safari'
tmux_screen >"$T_TMP/s3"
[ "$(grep -c -E '^ #[0-9]' "$T_TMP/s3")" -eq 1 ] && grep -q '#7 .*Checkout fails on Safari' "$T_TMP/s3"
t_ok $? "/ filters by title: one issue left"

tmux_keys Enter
tmux_wait_for 10 'issue #7'
tmux_screen >"$T_TMP/s4"
grep -q -E '^ *#7 Checkout fails on Safari' "$T_TMP/s4" &&
    grep -q 'labels    release-blocker' "$T_TMP/s4" &&
    grep -q 'assignees @alice @bob' "$T_TMP/s4"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/s4")"
t_ok $r "Enter: the issue view with labels and assignees"
grep -q -E '^ *Steps *$' "$T_TMP/s4" && grep -q -E '^ *1\. open checkout' "$T_TMP/s4" &&
    grep -q -E '^ +TypeError: x is undefined' "$T_TMP/s4"
t_ok $? "the body: heading without #, a numbered list, the code block indented"
grep -q -E '^ *bold *$' "$T_TMP/s4" && ! grep -q -e '<b>' -e '```' "$T_TMP/s4"
t_ok $? "no raw HTML, no fences"
tmux_wait_for 10 'Comments \(2\)'
tmux_screen >"$T_TMP/s6"
grep -q -E '^ *@carol, ' "$T_TMP/s6" && grep -q -E '^ *Seen on iOS too' "$T_TMP/s6" &&
    grep -q -E '^ *Fixed by #13\?' "$T_TMP/s6" && grep -q '\^\[\[2Jnot cleared' "$T_TMP/s6" &&
    grep -q '^ opsdeck' "$T_TMP/s6"
r=$?; [ $r -eq 0 ] || t_diag "$(cat "$T_TMP/s6")"
t_ok $r "the latest comments, read on open: authors, text, a hostile one inert"
tmux_keys Escape
tmux_wait_for 10 'filter: safari'
t_ok $? "Esc: back to the list"
tmux_keys Escape
tmux_wait_for 10 '#1000 '
t_ok $? "Esc again clears the filter"
kill -TERM "$(cat "$T_TMP/pid")"
tmux_wait_exit 5 'opsdeck-exited-143'
t_ok $? "quits on SIGTERM"
t_done
