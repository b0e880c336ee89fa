#!/bin/sh
# Replays every fuzz target over its seed corpus (TAP).
. "${top_srcdir:-.}/tests/lib.sh"
for t in text ghparse config; do
	bin="$top_builddir/tests/fuzz/fuzz_$t"
	out=$("$bin" "$top_srcdir/tests/fuzz/corpus/$t" 2>&1)
	t_ok $? "fuzz_$t replays its corpus ($out)"
done
t_done
