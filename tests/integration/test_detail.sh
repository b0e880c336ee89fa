#!/bin/sh
# sources/detail end to end: a ~100 MB job log streamed to the disk cache
# (not through memory), byte-exact with what the fake serves, then served
# again from the cache without a single request.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/fakehub/lib-fakehub.sh"
FETCH="$top_builddir/tests/integration/detail_fetch"
[ -x "$FETCH" ] || t_skip_all "detail_fetch not built"
fakehub_start --scenario "$top_srcdir/tests/fakehub/scenarios/logs.json"
fakehub_env
# 2 million generated lines: about 109 MB.
fakehub_scenario logs '{"logs": {"5004": {"lines": 2000000}}}'
CACHE="$T_TMP/cache"

# detail_fetch caps its heap and private writable mappings at 64 MiB
# (RLIMIT_DATA): a 109 MB log only fits streamed to disk and mapped.
DETAIL_FETCH_DATA_MB=64 "$FETCH" "$FAKEHUB_URL" "$CACHE" octo/logs 5004 \
    "$T_TMP/got" >"$T_TMP/out1"
t_ok $? "the log arrived ($(cat "$T_TMP/out1"))"
grep -q '^complete=1 ' "$T_TMP/out1"
t_ok $? "the job had completed"
len=$(sed -n 's/.* len=\([0-9]*\) .*/\1/p' "$T_TMP/out1")
[ "${len:-0}" -gt 100000000 ]
t_ok $? "more than 100 MB ($len bytes) with a 64 MiB heap cap: streamed"

python3 -c 'import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=120) as r, open(sys.argv[2], "wb") as f:
    while True:
        b = r.read(1 << 20)
        if not b:
            break
        f.write(b)' "$FAKEHUB_URL/_blob/logs/5004?expires=99999999999&sig=fake" "$T_TMP/want"
cmp -s "$T_TMP/got" "$T_TMP/want"
t_ok $? "byte-exact with what the fake serves"
lines=$(sed -n 's/.* lines=\([0-9-]*\) .*/\1/p' "$T_TMP/out1")
[ "$lines" = "$(wc -l <"$T_TMP/want" | tr -d ' ')" ]
t_ok $? "its joblog was built on the worker: $lines lines"

f="$CACHE/logs/octo%2Flogs.5004.log"
[ "$(stat -c %a "$f" 2>/dev/null)" = 600 ] && [ "$(stat -c %a "$CACHE/logs")" = 700 ]
t_ok $? "cached: file 0600 in a 0700 directory"
cmp -s "$f" "$T_TMP/want"
t_ok $? "cached: the whole log"

fakehub_reset
"$FETCH" "$FAKEHUB_URL" "$CACHE" octo/logs 5004 "$T_TMP/got2" >"$T_TMP/out2"
t_ok $? "asked again ($(cat "$T_TMP/out2"))"
cmp -s "$T_TMP/got2" "$T_TMP/want"
t_ok $? "again: byte-exact"
n=$(fakehub_requests | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
[ "$n" = 0 ]
t_ok $? "again: from the disk cache, $n requests"
t_done
