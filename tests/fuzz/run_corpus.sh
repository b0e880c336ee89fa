#!/bin/sh
# Replays every fuzz target over its seed corpus, one TAP test point per
# target: tests/fuzz/corpus/NAME/ is replayed by tests/fuzz/fuzz_NAME (built
# from fuzz_NAME.c and standalone.c). A corpus without its program fails:
# a target must be registered in Makefile.am to be checked.
. "${top_srcdir:-.}/tests/lib.sh"

# Each replay is bounded in time; corpora are small.
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout 120"

found=0
for dir in "$top_srcdir"/tests/fuzz/corpus/*/; do
	[ -d "$dir" ] || continue
	t=$(basename "$dir")
	bin="$top_builddir/tests/fuzz/fuzz_$t"
	found=$((found + 1))
	if [ ! -x "$bin" ]; then
		t_ok 1 "fuzz_$t replays its corpus (fuzz_$t not built)"
		continue
	fi
	out=$($limit "$bin" "$dir" 2>&1)
	rc=$?
	t_ok $rc "fuzz_$t replays its corpus ($(echo "$out" | tail -n 1))"
	[ $rc -eq 0 ] || t_diag "$out"
done
[ $found -gt 0 ] || t_skip_all "no corpus under tests/fuzz/corpus"
t_done
