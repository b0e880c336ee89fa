#!/bin/sh
# Interactive mode under a primary rate limit: the header and the repository
# say until when, nothing is sent to GitHub before the reset, and polling
# resumes by itself afterwards.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic
printf '[ui]\n\tinterval = 5s\n\tfast-interval = 1s\n' >>"$T_TMP/config"
fakehub_fault '{"path": "/actions/runs$", "kind": "ratelimit", "count": 1, "seconds": 6}'
tmux_start 120 40 "TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"

tmux_wait_for 15 '^ opsdeck .*rate limited until [0-9]+:[0-9]+:[0-9]+'
t_ok $? "the header says the API is rate limited, until when"
tmux_screen | grep -q -E 'stale: rate limited until [0-9]+:[0-9]+:[0-9]+'
t_ok $? "the repository says why it is stale"
tmux_wait_for 20 'x failed +#[0-9]+ Bump libfoo'
t_ok $? "polling resumed by itself after the reset"
fakehub_requests >"$T_TMP/req.json"
python3 - "$T_TMP/req.json" >"$T_TMP/checks" <<"PY"
import json, sys
reqs = [r for r in json.load(open(sys.argv[1])) if r["path"].endswith("/actions/runs")]
def ok(cond, what):
    print(0 if cond else 1, what)
ok(reqs and reqs[0]["status"] == 403, "the first poll hit the limit")
ok(len(reqs) >= 2 and reqs[1]["time"] - reqs[0]["time"] >= 5,
   "the next request waited for the reset (%.1f s later)" % (reqs[1]["time"] - reqs[0]["time"] if len(reqs) > 1 else -1))
PY
t_checks_from "$T_TMP/checks"
tmux_keys q
tmux_wait_exit 5 'opsdeck-exited-0'
t_ok $? "quit"
t_done
