/* bench/log_search: what opening and searching a big job log costs, against
 * grep -P on the same file.
 *
 * Writes a realistic GitHub Actions job log of argv[1] MB (default 100) to
 * a temporary file: timestamps, groups, ANSI colours, a warning every ~500
 * lines (some split by colour codes) and an error every ~1000, long
 * minified lines now and then. Then times, best of three, in the same run:
 * joblog_new over an mmap of the file (open + map + index); counting the
 * lines that match a regex with joblog_count (escape sequences stripped
 * into a buffer, PCRE2 JIT over 8 MiB slices, as the viewer does); and
 * `grep -P -c` with the same regex on the file (fork/exec, wall clock),
 * the baseline. grep matches raw bytes and joblog the text as shown, so
 * their counts differ; the reference count is grep's over a copy that sed
 * strips once (not timed) of the timestamps, markers and SGR sequences,
 * the only ones this log has: joblog must agree with it (MISMATCH
 * otherwise). Prints figures, the ratio and peak RSS; not a pass/fail
 * test. The files are removed at exit. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/joblog.h"
#include "opsdeck/rx.h"

#define REGEX	"error|warn(ing)?\\s+\\d+"
#define SLICE	(8u << 20)	/* bytes a joblog_count call examines */
#define ROUNDS	3

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long
next_rand(unsigned long *seed)
{
	*seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
	return *seed >> 33;
}

/* One line of the log body (after the timestamp) for line number i. */
static void
write_body(FILE *fp, unsigned long i, unsigned long r)
{
	static const char *const steps[] = { "actions/checkout@v4",
	    "actions/setup-node@v4", "npm ci", "make -j4", "make check",
	    "docker build -t app .", "./scripts/deploy.sh staging" };
	int k;

	if (i % 2000 == 0)
		fprintf(fp, "##[group]Run %s\n", steps[(i / 2000) % 7]);
	else if (i % 2000 == 1999)
		fprintf(fp, "##[endgroup]\n");
	else if (i % 1000 == 500)
		fprintf(fp, "##[error]Process completed with exit code %lu.\n",
		    1 + r % 2);
	else if (i % 500 == 250)
		fprintf(fp, "ld: warning %lu: duplicate symbol in libx_%lu.a\n",
		    r % 90000, i);
	else if (i % 1500 == 100)	/* shown as "warning 42: ...": a match */
		fprintf(fp, "\x1b[33mwarning\x1b[0m \x1b[1m%lu\x1b[0m: unused "
		    "variable\n", r % 100);
	else if (i % 777 == 0)
		fprintf(fp, "\x1b[33mnpm WARN\x1b[39m deprecated: treat as "
		    "warn\n");	/* "warn" then LF then a date: no match */
	else if (i % 5000 == 17) {
		fputs("!function(e){var t={};", fp);
		for (k = 0; k < 60; k++)
			fprintf(fp, "function n%d(r){return t[r]||%lu}", k, r);
		fputs("}();\n", fp);
	} else if (r % 4 == 0)
		fprintf(fp, "\x1b[32m  CC\x1b[0m      src/module_%lu/"
		    "file_%lu.o\n", r % 97, i);
	else if (r % 4 == 1)
		fprintf(fp, "\x1b[32m\xe2\x9c\x93\x1b[0m test_%lu passes "
		    "(\x1b[90m%lu ms\x1b[0m)\n", i, r % 300);
	else if (r % 4 == 2)
		fprintf(fp, "\x1b[36;1mDownloading\x1b[0m pkg-%lu-%lu.tgz "
		    "(%lu kB)\n", r % 1000, i, r % 5000);
	else
		fprintf(fp, "[%lu/%lu] Building CXX object CMakeFiles/app.dir/"
		    "src/unit_%lu.cpp.o\n", i % 4000, 4000UL, r % 997);
}

static int
generate(int fd, size_t bytes, size_t *lines)
{
	unsigned long seed = 42, i, s = 0;
	FILE *fp;

	if ((fp = fdopen(dup(fd), "w")) == NULL)
		return -1;
	for (i = 0; (size_t)ftello(fp) < bytes; i++) {
		s += next_rand(&seed) % 3 == 0;
		fprintf(fp, "2026-11-20T%02lu:%02lu:%02lu.%07luZ ",
		    10 + (s / 3600) % 12, (s / 60) % 60, s % 60,
		    next_rand(&seed) % 10000000);
		write_body(fp, i, next_rand(&seed));
	}
	*lines = i;
	return fclose(fp) == 0 ? 0 : -1;
}

static void
release_munmap(const char *data, size_t len, void *arg)
{
	if (data != NULL)
		munmap((void *)data, len);
}

/* open + mmap; the mapping in *data, NULL for an empty file. */
static int
map_log(const char *path, const char **data, size_t *len)
{
	struct stat sb;
	void *p = NULL;
	int fd, flags = MAP_PRIVATE;

#ifdef MAP_POPULATE
	flags |= MAP_POPULATE;	/* the whole file is read anyway */
#endif
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || (sb.st_size > 0 && (p = mmap(NULL,
	    (size_t)sb.st_size, PROT_READ, flags, fd, 0)) == MAP_FAILED)) {
		close(fd);
		return -1;
	}
	close(fd);
	*data = p;
	*len = (size_t)sb.st_size;
	return 0;
}

static long
count_joblog(const struct joblog *jl, const struct rx *rx)
{
	struct rx_match *m = rx_match_new(rx);
	struct joblog_count c;
	enum joblog_search_rc rc;

	if (m == NULL)
		return -1;
	joblog_count_init(&c, 0, joblog_lines(jl));
	while ((rc = joblog_count(jl, rx, m, &c, SLICE)) == JOBLOG_MORE)
		;
	rx_match_free(&m);
	return rc == JOBLOG_NONE ? (long)c.matches : -1;
}

/* sed on the bench log: no timestamp, marker or SGR sequence. */
static const char *const strip_sed[] = { "sed", "-E",
	"-e", "s/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z //",
	"-e", "s/^##\\[(group|endgroup|error|warning|notice|debug|command|"
	    "section)\\]//",
	"-e", "s/\\x1b\\[[0-9;]*m//g", NULL };

/* sed -E ... path > the file out; 0 or -1. */
static int
strip_file(const char *path, int out)
{
	const char *argv[sizeof strip_sed / sizeof strip_sed[0] + 1];
	size_t i;
	pid_t pid;
	int status;

	for (i = 0; strip_sed[i] != NULL; i++)
		argv[i] = strip_sed[i];
	argv[i++] = path;
	argv[i] = NULL;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(out, STDOUT_FILENO);
		setenv("LC_ALL", "C", 1);	/* bytes, as joblog sees them */
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/* grep -P -c REGEX path; its count, or -1. */
static long
count_grep(const char *path)
{
	char out[64];
	ssize_t n;
	size_t got = 0;
	pid_t pid;
	int p[2], status;

	if (pipe(p) != 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		execlp("grep", "grep", "-P", "-c", REGEX, path, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while (got < sizeof out - 1 && (n = read(p[0], out + got,
	    sizeof out - 1 - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	out[got] = '\0';
	close(p[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) > 1)
		return -1;
	return strtol(out, NULL, 10);
}

static void
machine(void)
{
	char line[256], *model = NULL;
	FILE *fp = fopen("/proc/cpuinfo", "r");

	while (fp != NULL && model == NULL && fgets(line, sizeof line, fp)) {
		if (strncmp(line, "model name", 10) == 0 &&
		    (model = strchr(line, ':')) != NULL) {
			model += 2;
			model[strcspn(model, "\n")] = '\0';
		}
	}
	printf("machine: %ld cpus, %s, %s\n", sysconf(_SC_NPROCESSORS_ONLN),
#if defined(__x86_64__)
	    "x86_64",
#elif defined(__aarch64__)
	    "aarch64",
#else
	    "other",
#endif
	    model != NULL ? model : "unknown CPU");
	if (fp != NULL)
		fclose(fp);
}

struct best {
	double	open;		/* open + mmap + joblog_new */
	double	index;		/* joblog_new again, mapping warm */
	double	count;
	double	grep;
	long	nj;
	long	ng;		/* grep over the raw file */
	long	nref;		/* grep over the stripped copy */
	size_t	lines;
};

static void
keep_best(double *best, double t)
{
	if (*best == 0 || t < *best)
		*best = t;
}

static int
run_round(const char *path, const struct rx *rx, struct best *b)
{
	struct joblog *jl, *again;
	const char *data;
	double t0, t1, t2, t3;
	size_t len;

	t0 = now_s();
	if (map_log(path, &data, &len) != 0 ||
	    (jl = joblog_new(data, len, release_munmap, NULL)) == NULL)
		return -1;
	t1 = now_s();
	again = joblog_new(data, len, NULL, NULL);
	t2 = now_s();
	b->nj = count_joblog(jl, rx);
	t3 = now_s();
	if (again == NULL)
		return -1;
	b->lines = joblog_lines(jl);
	joblog_free(&again);
	joblog_free(&jl);
	keep_best(&b->open, t1 - t0);
	keep_best(&b->index, t2 - t1);
	keep_best(&b->count, t3 - t2);
	t0 = now_s();
	b->ng = count_grep(path);
	keep_best(&b->grep, now_s() - t0);
	return 0;
}

static void
report(const struct best *b, size_t bytes, double gen)
{
	struct rusage self, kids;
	double gb = (double)bytes / (1024 * 1024 * 1024);

	printf("log: %.1f MB, %zu lines (written in %.2f s)\n", gb * 1024,
	    b->lines, gen);
	printf("regex: /%s/, best of %d\n", REGEX, ROUNDS);
	printf("%-40s %8.1f ms  %6.2f GB/s\n", "joblog_new (open+mmap+index)",
	    b->open * 1e3, gb / b->open);
	printf("%-40s %8.1f ms  %6.2f GB/s\n",
	    "joblog_new again (mapping warm)", b->index * 1e3, gb / b->index);
	printf("%-40s %8.1f ms  %6.2f GB/s  %ld lines\n",
	    "joblog_count (strip+JIT, 8 MiB slices)", b->count * 1e3,
	    gb / b->count, b->nj);
	printf("%-40s %8.1f ms  %6.2f GB/s  %ld lines (raw bytes)\n",
	    "grep -P -c", b->grep * 1e3, gb / b->grep, b->ng);
	printf("%-40s %8s     %6s       %ld lines\n",
	    "grep -P -c over sed-stripped copy", "-", "-", b->nref);
	if (b->nj != b->nref || b->nj < 0)
		printf("MISMATCH: joblog %ld, reference %ld\n", b->nj,
		    b->nref);
	printf("ratio joblog/grep: count %.2fx, open+index+count %.2fx\n",
	    b->count / b->grep, (b->open + b->count) / b->grep);
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	printf("peak RSS: this process %.1f MB (the mapped log counts), "
	    "largest child (grep, sed) %.1f MB\n", self.ru_maxrss / 1024.0,
	    kids.ru_maxrss / 1024.0);
}

int
main(int argc, char **argv)
{
	long mb = argc > 1 ? strtol(argv[1], NULL, 10) : 100;
	const char *tmp = getenv("TMPDIR");
	struct best b = { 0 };
	char path[4096], spath[4096], *cause = NULL;
	struct rx *rx = NULL;
	double gen;
	int fd, sfd = -1, i, rc = 1;

	if (mb <= 0 || mb > 100000) {
		fprintf(stderr, "usage: log_search [MB]\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/opsdeck-log_search.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		perror(path);
		return 1;
	}
	if ((size_t)snprintf(spath, sizeof spath, "%s.stripped", path) >=
	    sizeof spath) {
		fprintf(stderr, "%s: name too long\n", path);
		goto out;
	}
	if ((rx = rx_new(REGEX, RX_MULTILINE, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		goto out;
	}
	machine();
	gen = now_s();
	if (generate(fd, (size_t)mb << 20, &b.lines) != 0) {
		perror(path);
		goto out;
	}
	gen = now_s() - gen;
	if ((sfd = open(spath, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0 ||
	    strip_file(path, sfd) != 0 || (b.nref = count_grep(spath)) < 0) {
		fprintf(stderr, "%s: sed or grep failed\n", spath);
		goto out;
	}
	for (i = 0; i < ROUNDS; i++) {
		if (run_round(path, rx, &b) != 0) {
			perror(path);
			goto out;
		}
	}
	report(&b, (size_t)mb << 20, gen);
	rc = b.nj == b.nref && b.nj >= 0 ? 0 : 1;
out:
	close(fd);
	unlink(path);
	if (sfd >= 0) {
		close(sfd);
		unlink(spath);
	}
	rx_free(&rx);
	free(cause);
	return rc;
}
