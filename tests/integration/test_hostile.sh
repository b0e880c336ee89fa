#!/bin/sh
# Hostile data end to end: escape sequences, bidi overrides and C1 controls
# in every text field never reach the terminal raw, and each hostile body of
# tests/data/github (bad types, int64, nulls, truncation, deep nesting),
# served as the runs list or a jobs list, gives an answer, never a crash.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
fakehub_begin hostile

"$OPSDECK" --config "$T_TMP/config" --once >"$T_TMP/out.txt" 2>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "text mode: exit 1 (the run failed)"
"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/out.json" 2>>"$T_TMP/err"
t_ok $([ $? -eq 1 ] && echo 0 || echo 1) "json mode: exit 1"
python3 - "$T_TMP/out.txt" "$T_TMP/out.json" "$T_TMP/err" >"$T_TMP/checks" <<"PY"
import json, re, sys
txt, js, err = (open(p, "rb").read() for p in sys.argv[1:4])
def ok(cond, what):
    print(0 if cond else 1, what)
# C0 but newline, DEL, C1 as UTF-8, bidi controls as UTF-8.
raw = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c")
ok(not raw.search(txt), "text mode: no raw control, C1 or bidi character")
ok(b"^[" in txt and b"<U+202E>" in txt, "text mode: they are shown, visibly")
ok(not raw.search(err), "stderr: none either")
d = json.loads(js)
r = d["repos"][0]["runs"][0]
ok(r["workflow"] == "CI\x1b[2J\x1b[H" and r["branch"] == "main\u202egnp.exe",
   "json mode: the data is carried faithfully (escaped)")
ok(not re.search(rb"[\x00-\x09\x0b-\x1f\x7f]", js), "json mode: no raw C0 control")
PY
t_checks_from "$T_TMP/checks"
# Some terminals act on C1 controls and bidi overrides even inside a JSON
# string that a user cats: --json escapes every non-ASCII character.
if python3 -c 'import re,sys; sys.exit(1 if re.search(rb"[\x80-\xff]", open(sys.argv[1],"rb").read()) else 0)' "$T_TMP/out.json"; then
	t_ok 0 "json mode: C1 and bidi escaped (ASCII only)"
else
	t_ok 1 "json mode: C1 and bidi escaped (ASCII only)"
fi

fakehub_scenario basic
for f in "$top_srcdir"/tests/data/github/hostile-*.json; do
	n=$(basename "$f" .json)
	for where in '/actions/runs$' '/runs/30433643/jobs$'; do
		fakehub_reset
		fakehub_fault "{\"path\": \"$where\", \"kind\": \"body\", \"count\": 5, \"file\": \"$f\"}"
		"$OPSDECK" --config "$T_TMP/config" --once --json >"$T_TMP/h.json" 2>"$T_TMP/h.err"
		rc=$?
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["repos"][0]["repo"] == "octo/hello" else 1)' "$T_TMP/h.json" 2>/dev/null
		valid=$?
		t_ok $([ $rc -le 2 ] && [ $valid -eq 0 ] && echo 0 || echo 1) "$n as ${where%\$}: exit $rc, valid JSON out"
	done
done
t_done
