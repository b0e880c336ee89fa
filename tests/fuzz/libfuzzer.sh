#!/bin/sh
# libfuzzer.sh: `make fuzz`'s work. Builds every fuzz target with clang and
# libFuzzer under ASan and UBSan (the library compiled once, into
# $out/obj, each object rebuilt only when its source or a header is newer),
# then runs each for FUZZ_TIME seconds on a scratch copy of its seed corpus
# ($out/run-NAME), so that new inputs never land in the source tree. Prints
# one line per target: executions, new corpus size, and what was found; a
# crash leaves its input as $out/crash-NAME-* and fails the run.
#
# Environment (set by Makefile.am): FUZZ_CC, FUZZ_TIME, FUZZ_TARGETS,
# FUZZ_SOURCES (library sources, relative to srcdir or builddir),
# FUZZ_CPPFLAGS, FUZZ_LIBS, srcdir, out.
set -u
: "${FUZZ_CC:=clang}" "${FUZZ_TIME:=10}" "${out:=tests/fuzz/lf}"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -fno-omit-frame-pointer $san"

if ! printf 'int LLVMFuzzerTestOneInput(const char *d, long n)'\
' { (void)d; (void)n; return 0; }\n' >"${TMPDIR:-/tmp}/lfprobe.$$.c" ||
    ! $FUZZ_CC -fsanitize=fuzzer -o "${TMPDIR:-/tmp}/lfprobe.$$" \
    "${TMPDIR:-/tmp}/lfprobe.$$.c" 2>/dev/null; then
	rm -f "${TMPDIR:-/tmp}/lfprobe.$$" "${TMPDIR:-/tmp}/lfprobe.$$.c"
	echo "fuzz: $FUZZ_CC cannot link -fsanitize=fuzzer (Debian: apt-get" \
	    "install clang libclang-rt-14-dev)" >&2
	exit 1
fi
rm -f "${TMPDIR:-/tmp}/lfprobe.$$" "${TMPDIR:-/tmp}/lfprobe.$$.c"

mkdir -p "$out/obj" || exit 1
newest=$(ls -t "$srcdir"/include/opsdeck/*.h "$srcdir"/src/*/*.h | head -n 1)
objs=""
for s in $FUZZ_SOURCES; do
	if [ -f "$s" ]; then src=$s; else src=$srcdir/$s; fi
	o=$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')
	objs="$objs $o"
	if [ "$o" -nt "$src" ] && [ "$o" -nt "$newest" ]; then
		continue
	fi
	echo "  FUZZCC   $s"
	# shellcheck disable=SC2086
	$FUZZ_CC $cflags -fsanitize=fuzzer-no-link $FUZZ_CPPFLAGS \
	    -c -o "$o" "$src" || exit 1
done

status=0
for t in $FUZZ_TARGETS; do
	echo "  FUZZLD   $out/lf_$t"
	# shellcheck disable=SC2086
	$FUZZ_CC $cflags -fsanitize=fuzzer $FUZZ_CPPFLAGS -o "$out/lf_$t" \
	    "$srcdir/tests/fuzz/fuzz_$t.c" $objs $FUZZ_LIBS || exit 1
done
[ "$FUZZ_TIME" -gt 0 ] 2>/dev/null || exit 0
for t in $FUZZ_TARGETS; do
	run=$out/run-$t
	rm -rf "$run" && mkdir -p "$run" || exit 1
	cp "$srcdir/tests/fuzz/corpus/$t"/* "$run"/ 2>/dev/null
	# Leaks are failures too; -max_len keeps inputs the size of a page.
	"$out/lf_$t" -max_total_time="$FUZZ_TIME" -max_len=65536 \
	    -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix="$out/crash-$t-" "$run" >"$out/log-$t" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/log-$t")
	n=$(ls "$run" | wc -l)
	if [ $rc -eq 0 ]; then
		echo "fuzz $t: ${execs:-?} executions in ${FUZZ_TIME}s, corpus $n, nothing found"
	else
		echo "fuzz $t: FOUND something after ${execs:-?} executions (exit $rc): see $out/log-$t and $out/crash-$t-*"
		status=1
	fi
done
exit $status
