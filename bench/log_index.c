/* bench/log_index: what the line index of a job log costs in memory, at
 * its worst (a log of nothing but newlines) and for a realistic log, with
 * and without the line cap. Not a test: prints figures.
 *
 * Each case runs in a forked child so that its peak RSS (getrusage
 * ru_maxrss, a high-water mark that never goes down) is its own: the child
 * maps argv[1] MiB (default 256) anonymous memory, fills it, notes its
 * peak, indexes it with joblog_new_limited, and reports the peak again.
 * The difference is what the index cost at its peak, realloc copies
 * included; divided by the lines indexed it gives bytes per line. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/joblog.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
peak_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* A line as GitHub writes them: a timestamp, then ~70 bytes of output. */
static void
fill_realistic(char *p, size_t len)
{
	static const char line[] = "2026-11-20T10:00:01.1234567Z "
	    "npm info run esbuild@0.19.5 postinstall node_modules/esbuild\n";
	size_t n = sizeof line - 1, i;

	for (i = 0; i + n <= len; i += n)
		memcpy(p + i, line, n);
	memset(p + i, '\n', len - i);
}

static void
one(const char *what, size_t mib, int realistic, size_t max_lines)
{
	struct joblog_limits lim = { max_lines, NULL };
	struct joblog *jl;
	size_t len = mib << 20, lines, at;
	long before, after;
	double t0, t;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		_exit(1);
	}
	if (realistic)
		fill_realistic(p, len);
	else
		memset(p, '\n', len);
	before = peak_kib();
	t0 = now_s();
	jl = joblog_new_limited(p, len, NULL, NULL, &lim);
	t = now_s() - t0;
	after = peak_kib();
	if (jl == NULL) {
		printf("%-34s out of memory\n", what);
		fflush(stdout);
		_exit(1);
	}
	lines = joblog_lines(jl);
	printf("%-34s %4zu MiB %9zu lines%s  index peak %7.1f MB  "
	    "%5.2f B/line  %6.0f ms\n", what, mib, lines,
	    joblog_cut(jl, &at) ? " (cut)" : "      ",
	    (double)(after - before) * 1024 / 1e6,
	    lines > 0 ? (double)(after - before) * 1024 / (double)lines : 0.0,
	    t * 1000);
	joblog_free(&jl);
	fflush(stdout);
	_exit(0);
}

static void
run(const char *what, size_t mib, int realistic, size_t max_lines)
{
	pid_t pid;
	int status;

	fflush(stdout);
	if ((pid = fork()) == 0)
		one(what, mib, realistic, max_lines);
	waitpid(pid, &status, 0);
}

int
main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 256;

	if (mib == 0 || mib > 4096)
		mib = 256;
	printf("log_index: peak RSS of the line index (JOBLOG_MAX_LINES "
	    "%d)\n", JOBLOG_MAX_LINES);
	run("all newlines, 16 MiB, no cap", 16, 0, SIZE_MAX / 16);
	run("all newlines, 16 MiB, cap", 16, 0, 0);
	run("all newlines, at the byte cap, cap", mib, 0, 0);
	run("realistic lines, at the byte cap", mib, 1, 0);
	run("realistic lines, no cap", mib, 1, SIZE_MAX / 16);
	return 0;
}
