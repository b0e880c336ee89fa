#!/bin/sh
# A 500 keeps the last known runs on screen, marked stale with the reason,
# and the next good poll recovers. Transport faults and bad JSON too.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin basic
check() {	# check FILE PYTHON-EXPR DESCRIPTION
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d['repos'][0]; sys.exit(0 if ($2) else 1)" "$1"
	t_ok $? "$3"
}

"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/good.json"
check "$T_TMP/good.json" 'not r["stale"] and len(r["runs"]) == 3' "first poll fills the cache"

fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "500", "count": 10}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/500.json"
t_ok $([ $? -eq 2 ] && echo 0 || echo 1) "a 500 is an error: exit 2"
check "$T_TMP/500.json" 'r["stale"] and "HTTP 500 Internal Server Error" in r["error"]' "stale, with the reason"
check "$T_TMP/500.json" '[x["id"] for x in r["runs"]] == [30433643, 30433644, 30433642]' "the cached runs are still listed"
fakehub_requests >"$T_TMP/req.json"
python3 -c 'import json,sys; n=len([r for r in json.load(open(sys.argv[1])) if r["path"].endswith("/actions/runs")]); sys.exit(0 if n == 3 else 1)' "$T_TMP/req.json"
t_ok $? "--once retried the idempotent GET twice, no more"

fakehub_reset
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/back.json"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "recovered: exit 1 (a run failed), not 2"
check "$T_TMP/back.json" 'not r["stale"] and r["error"] is None' "recovered: fresh again"

fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "500", "count": 1}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/blip.json"
check "$T_TMP/blip.json" 'not r["stale"]' "a single 500 is absorbed by a retry"

fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "malformed", "count": 1}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/bad.json"
check "$T_TMP/bad.json" 'r["stale"] and r["error"].startswith("bad JSON")' "malformed JSON: stale with 'bad JSON'"

fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "html500", "count": 10}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/html.json"
check "$T_TMP/html.json" 'r["stale"] and "500" in r["error"]' "an HTML 500 page is an error, not a parse crash"

fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "reset", "count": 10}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/reset.json"
check "$T_TMP/reset.json" 'r["stale"] and r["error"]' "a connection reset is an error with a reason"

fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "permission", "count": 10}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/perm.json"
check "$T_TMP/perm.json" '"actions=read" in r["error"]' "a permission 403 names the permission"

fakehub_reset
fakehub_fault '{"path": "/actions/runs$", "kind": "timeout", "count": 10, "seconds": 8}'
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/slow.json"
check "$T_TMP/slow.json" 'r["stale"] and "timed out" in r["error"]' "a hung server times out"
t_done
