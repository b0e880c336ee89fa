#!/bin/sh
# The quality gate no-open-issues-labelled from the issues source (issue
# 14): with release-blocker #7 open, production's gate fails, saying so;
# once #7 is closed on GitHub and the issues source has seen it (the
# issues pane no longer lists it), the next poll of the quality source
# (interval 10 s here) passes the gate, from the issues source's list (STORE_ISSUES): the
# quality source sends no GET .../issues?labels=... of its own for it.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
[ -x "$OPSDECK" ] || t_skip_all "opsdeck not built"
command -v tmux >/dev/null 2>&1 || t_skip_all "tmux missing"
fakehub_begin quality
fakehub_config "$T_TMP/config" octo/svc
cat >>"$T_TMP/config" <<'C'
[quality]
	interval = 10s
[environment "production"]
	no-open-issues-labelled = release-blocker
C
# The same scenario with #7 closed.
python3 - "$top_srcdir/tests/fakehub/scenarios/quality.json" "$T_TMP/closed.json" <<"PY"
import json, sys
sc = json.load(open(sys.argv[1]))
for r in sc["repos"]:
    for i in r.get("quality", {}).get("issues", []):
        if i["number"] == 7:
            i["state"] = "closed"
json.dump(sc, open(sys.argv[2], "w"))
PY
# GETs of the issues list filtered by a label (the quality source's own).
label_gets() {
	fakehub_requests | python3 -c 'import json, sys
print(sum(1 for r in json.load(sys.stdin) if r["method"] == "GET" and
          r["path"].endswith("/issues") and "labels=" in (r.get("query") or "")))'
}

tmux_start 120 40 "LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color $OPSDECK --config $T_TMP/config; echo opsdeck-exited-\$?"
tmux_wait_for 15 'octo/svc'
tmux_keys 3
tmux_wait_for 15 '#7 '
t_ok $? "the issues pane lists release-blocker #7"
tmux_keys 2 z
tmux_wait_for 15 'main +@aaaaaaa +score +71'
tmux_keys g Down
tmux_wait_for 15 "FAIL no-open-issues-labelled: 1 open issue labelled 'release-blocker'"
r=$?; [ $r -eq 0 ] || t_diag "$(tmux_screen)"
t_ok $r "an open release-blocker fails production's gate"
fakehub_reset
tmux_keys r
tmux_wait_for 15 "FAIL no-open-issues-labelled: 1 open issue labelled 'release-blocker'"
t_ok $? "still failing after a poll"

# #7 closed on GitHub.
_fakehub_post /__control/scenario "{\"path\": \"$T_TMP/closed.json\"}"
tmux_keys z 3 r
t_wait_for 20 sh -c "! $T_TMUX capture-pane -p -t t | grep -q '#7 '"
t_ok $? "the issues source sees #7 closed: the pane no longer lists it"
tmux_keys 2 z
tmux_wait_for 15 'main +@aaaaaaa +score +71'
tmux_keys g Down r
tmux_wait_for 45 "ok   no-open-issues-labelled: no open issue labelled 'release-blocker'"
r=$?; [ $r -eq 0 ] || t_diag "$(tmux_screen)"
t_ok $r "the next poll passes the gate"
n=$(label_gets)
t_ok $([ "$n" = 0 ] && echo 0 || echo 1) "from the issues source's list: no GET .../issues?labels= ($n)"
tmux_keys q
tmux_wait_exit 10 'opsdeck-exited-0'
t_ok $? "quits"
$T_TMUX kill-server 2>/dev/null
t_done
