#!/bin/sh
# [repo] deploy-command's output shown live (issue 10): the command prints
# a line, then waits on a fifo this test controls; the first line is on
# screen (the overlay over the environments view) while it still runs,
# so the UI is not waiting for it; an escape sequence it prints is shown
# inert (^[...), never acted on by the terminal; once the fifo lets it go
# its last line and exit show, and the journal keeps the output. The
# target is chosen with Ctrl-T as a tag: {ref} is that tag, {sha} its
# full SHA.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
command -v mkfifo >/dev/null 2>&1 || t_skip_all "mkfifo missing"
SHA_OLD=d30e5fbadedb4f231d013791a3da7f270924b542
python3 - "$top_srcdir/tests/fakehub/scenarios/deploy.json" "$T_TMP/deploy-tag.json" "$SHA_OLD" <<"PY"
import json, sys
d = json.load(open(sys.argv[1]))
d["repos"][0]["refs"]["v1.2"] = sys.argv[3]
json.dump(d, open(sys.argv[2], "w"))
PY
fakehub_start --writes --scenario "$T_TMP/deploy-tag.json"
fakehub_env
fakehub_config "$T_TMP/config" octo/svc
FIFO=$T_TMP/go.fifo
mkfifo "$FIFO"
{
	echo '#!/bin/sh'
	echo 'echo "first line: repo=$1 env=$2 ref=$4 sha=$3"'
	echo "printf 'evil \\033]0;PWNED\\007 \\033[31mred\\033[0m end\\n'"
	echo 'echo "to stderr" >&2'
	echo "read go <'$FIFO'"
	echo 'echo "last line: $go"'
} >"$T_TMP/ship.sh"
chmod +x "$T_TMP/ship.sh"
printf '[repo "octo/svc"]\n\tdeploy-command = %s {repo} {env} {sha} {ref}\n' "$T_TMP/ship.sh" >>"$T_TMP/config"

nwrites() {
	fakehub_requests | python3 -c 'import json, sys
print(sum(1 for r in json.load(sys.stdin) if r["method"] != "GET"))'
}
status() { tmux_screen | sed -n '40p'; }

tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 '#3 Faster orders page'
t_ok $? "the runs appear"
tmux_keys E
tmux_wait_for 15 'production +\[P\]'
t_ok $? "E: the environments view"
tmux_keys D
tmux_wait_for 5 'Deploy to dev\?'
t_ok $? "D on dev: the deploy dialog"
tmux_keys C-t
tmux_wait_for 5 'which target\?'
tmux_keys v 1 . 2 Enter
tmux_wait_for 10 'Current +c55732b60662 -> target d30e5fbadedb'
t_ok $? "Ctrl-T v1.2: the tag's commit is the target"
tmux_keys Enter

# --- while it runs ---
tmux_wait_for 10 "first line: repo=octo/svc env=dev ref=v1.2 sha=$SHA_OLD"
t_ok $? "the command's first line is on screen: {ref} the tag, {sha} its full SHA"
tmux_screen | grep -q -E 'deploy-command octo/svc dev d30e5fbadedb: running'
t_ok $? "  while it still runs (it waits on the test's fifo)"
# Its other lines come after the first (stderr on a pipe of its own): each
# waited for, not looked for once (under ASan they came later).
tmux_wait_for 10 'to stderr'
t_ok $? "  its stderr too"
tmux_wait_for_text 10 'evil ^[]0;PWNED^G ^[[31mred^[[0m end'
t_ok $? "an escape sequence it prints is shown inert"
[ "$($T_TMUX display-message -p -t t '#{pane_title}')" != PWNED ]
t_ok $? "  and never reached the terminal (the title is not PWNED)"
$T_TMUX capture-pane -p -e -t t | grep 'evil' | grep -q "$(printf '\033')\[31m"
t_ok $([ $? -ne 0 ] && echo 0 || echo 1) "  (no red: the colour sequence was not acted on)"
t_ok $([ "$(nwrites)" = 0 ] && echo 0 || echo 1) "a deploy-command sends nothing to GitHub"

# --- it ends ---
timeout 10 sh -c "echo released >'$FIFO'"
t_ok $? "the test lets the command go on"
tmux_wait_for 10 'last line: released'
t_ok $? "its last line shows as it comes"
tmux_wait_for 10 'deploy-command octo/svc dev d30e5fbadedb: done, exit 0'
t_ok $? "  and how it ended"
tmux_wait_for 10 "deploy octo/svc dev d30e5fbadedb: done, command exit 0: last line: released"
t_ok $? "the status line has the outcome: $(status)"
tmux_keys Escape
overlay_gone() { ! $T_TMUX capture-pane -p -t t | grep -q 'deploy-command octo/svc'; }
t_wait_for 10 overlay_gone
t_ok $? "Esc closes the overlay"
tmux_screen | grep -q -E 'production +\[P\]'
t_ok $? "  the environments view is back"
python3 - "$XDG_STATE_HOME/opsdeck/audit.jsonl" "$SHA_OLD" >"$T_TMP/checks" <<"PY"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
intent = [r for r in recs if r.get("action") == "deploy"]
out = [r for r in recs if "output" in r]
print(0 if len(intent) == 1 and intent[0].get("to_sha") == sys.argv[2] else 1, "one deploy intent, to the tag's SHA")
o = out[-1].get("output", "") if out else ""
print(0 if "first line" in o and "last line: released" in o and "to stderr" in o else 1, "the outcome keeps the output (%r)" % o[:60])
PY
t_checks_from "$T_TMP/checks"
t_done
