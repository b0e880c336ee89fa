#!/bin/sh
# The console without a token: the header says so (a private repository
# would answer 404, which otherwise reads like a wrong name), and q quits.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic
unset GH_TOKEN GH_ENTERPRISE_TOKEN
tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"

tmux_wait_for 15 'x failed +#[0-9]+ Bump libfoo'
t_ok $? "the public repository's runs appear"
tmux_wait_for 5 '^ opsdeck .* API [0-9]+/[0-9]+( resets [0-9:]+)? \(no token\)'
t_ok $? "the header marks the missing token beside the budget"
tmux_screen >"$T_TMP/s1"
t_diag "$(head -1 "$T_TMP/s1")"
fakehub_requests >"$T_TMP/req.json"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r and not any(x["authorization"] for x in r) else 1)' "$T_TMP/req.json"
t_ok $? "and indeed no request carried one"
tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "q quits with 0"
t_done
