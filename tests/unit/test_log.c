#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdeck/log.h"
#include "opsdeck/rx.h"
#include "../tap.h"

#define LINE_RX	"^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z " \
	"(ERROR|WARN|INFO|DEBUG) \\[\\d+\\] [^\\x00-\\x1f\\x7f]*$"

static char	dir[] = "/tmp/opsdeck-test-log.XXXXXX";
static char	path[PATH_MAX];

/* The whole log file, NUL-terminated; caller frees. */
static char *
slurp(void)
{
	char *data;
	FILE *fp;
	long n;

	if ((fp = fopen(path, "rb")) == NULL)
		return strdup("");
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	if (n < 0 || (data = calloc(1, (size_t)n + 1)) == NULL ||
	    fread(data, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		exit(99);
	}
	fclose(fp);
	return data;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* The descriptor of the log file has FD_CLOEXEC (Linux /proc only). */
static int
log_fd_cloexec(void)
{
	char link[300], target[PATH_MAX];
	struct dirent *de;
	ssize_t n;
	DIR *d;
	int fd, found = -1;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		snprintf(link, sizeof link, "/proc/self/fd/%s", de->d_name);
		n = readlink(link, target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strcmp(target, path) != 0)
			continue;
		fd = (int)strtol(de->d_name, NULL, 10);
		found = (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0;
	}
	closedir(d);
	return found;
}

static void
test_open(void)
{
	struct stat sb;
	char *cause = NULL, *data;
	mode_t old;
	int rc;

	log_info("before open %d", 1);	/* must be a no-op */
	rc = log_open("/nonexistent-dir/opsdeck/log", LOG_INFO, &cause);
	ok(rc == -1 && cause != NULL && strstr(cause, "/nonexistent-dir") !=
	    NULL, "open failure names the path (%s)", cause ? cause : "");
	free(cause);
	cause = NULL;
	log_info("after a failed open");
	{
		char link[600], target[600];
		int fd;

		snprintf(target, sizeof target, "%s/elsewhere", dir);
		snprintf(link, sizeof link, "%s/planted.log", dir);
		ok(symlink(target, link) == 0, "a link planted where the log goes");
		rc = log_open(link, LOG_INFO, &cause);
		ok(rc == -1 && cause != NULL && strstr(cause, "symbolic link") !=
		    NULL && access(target, F_OK) != 0,
		    "the log is not opened through it (%s)", cause ? cause : "");
		free(cause);
		cause = NULL;
		unlink(link);
		ok(mkfifo(link, 0600) == 0, "a fifo where the log goes");
		rc = log_open(link, LOG_INFO, &cause);
		ok(rc == -1 && cause != NULL,
		    "a fifo is refused, not waited on (%s)",
		    cause ? cause : "");
		free(cause);
		cause = NULL;
		unlink(link);
		fd = open(target, O_WRONLY | O_CREAT, 0600);
		if (fd >= 0 && geteuid() == 0 && fchown(fd, 1, 1) == 0) {
			rc = log_open(target, LOG_INFO, &cause);
			ok(rc == -1 && cause != NULL &&
			    strstr(cause, "another user") != NULL,
			    "another user's file is refused (%s)",
			    cause ? cause : "");
			free(cause);
			cause = NULL;
		} else
			ok(1, "# SKIP another owner needs root");
		if (fd >= 0)
			close(fd);
		unlink(target);
	}

	old = umask(0);
	rc = log_open(path, LOG_INFO, NULL);
	umask(old);
	is_int(rc, 0, "log_open");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "created with mode 0600 even with umask 0 (%o)",
	    (unsigned)(sb.st_mode & 0777));
	rc = log_fd_cloexec();
	if (rc == -1)
		ok(1, "# SKIP no /proc/self/fd");
	else
		ok(rc == 1, "descriptor is close-on-exec");
	data = slurp();
	is_str(data, "", "nothing was written before the open");
	free(data);
}

static void
test_lines(void)
{
	struct rx *rx;
	struct rx_match *m;
	char *data, *line, *save;
	int good = 0, n = 0;

	log_info("hello %d %s", 42, "world");
	log_error("disk %s", "full");
	log_warn("slow");
	log_debug("hidden at INFO");
	data = slurp();
	is_int(count_lines(data), 3, "three lines, the DEBUG one filtered");
	ok(strstr(data, "hidden") == NULL, "debug line not written at INFO");
	rx = rx_new(LINE_RX, 0, NULL);
	m = rx_match_new(rx);
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		n++;
		if (rx_exec(rx, m, line, strlen(line), 0, NULL, NULL) == 1)
			good++;
		else
			printf("# bad line: %s\n", line);
	}
	ok(n == 3 && good == 3, "lines are \"TIME LEVEL [tid] message\"");
	free(data);
	data = slurp();
	ok(strstr(data, " INFO [") != NULL && strstr(data, "] hello 42 world\n")
	    != NULL && strstr(data, " ERROR [") != NULL && strstr(data,
	    "] disk full\n") != NULL && strstr(data, " WARN [") != NULL,
	    "levels and messages as given");
	free(data);
	rx_match_free(&m);
	rx_free(&rx);
}

static void
test_hostile(void)
{
	char *data;

	log_info("esc \x1b[2J\x1b]52;c;ZXZpbA==\x07 next\nline\r\nend\x7f");
	data = slurp();
	ok(strstr(data, "esc ^[[2J^[]52;c;ZXZpbA==^G next line end^?\n") !=
	    NULL, "controls made inert, one line per message");
	ok(strchr(data, '\x1b') == NULL && strchr(data, '\a') == NULL &&
	    strchr(data, '\r') == NULL, "no raw control bytes in the file");
	free(data);
}

static void
test_mask(void)
{
	static const struct {
		const char *msg, *secret, *want;
	} cases[] = {
		{ "token ghp_0123456789abcdefghijABCDEFGHIJ0123 used",
		    "0123456789abcdefghij", "token *** used" },
		{ "x=gho_ABCDEFGHIJKLMNOPQRSTUV;", "ABCDEFGHIJKLMNOPQRST",
		    "x=***;" },
		{ "ghu_aaaaaaaaaaaaaaaaaaaaaaaa ghs_bbbbbbbbbbbbbbbbbbbbbbbb "
		    "ghr_cccccccccccccccccccccccc", "aaaaaaaaaaaaaaaaaaaa",
		    "*** *** ***" },
		{ "pat github_pat_11ABCDEFG0_abcdefghijklmnopqrstuvwxyz end",
		    "abcdefghijklmnop", "pat *** end" },
		{ "Authorization: token s3cr3t-value", "s3cr3t",
		    "Authorization: token ***" },
		{ "header authorization:Basic dXNlcjpwYXNz x",
		    "dXNlcjpwYXNz", "header authorization:Basic *** x" },
		{ "AUTHORIZATION: opaque-secret-thing", "opaque",
		    "AUTHORIZATION: ***" },
		{ "sent Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig now", "eyJhbGci",
		    "sent Bearer *** now" },
		{ "Authorization:\tBearer tabbed-secret", "tabbed",
		    "Authorization: Bearer ***" },
		{ "short ghp_abc and bearer", NULL,
		    "short ghp_abc and bearer" },
	};
	char *data;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		log_warn("%s", cases[i].msg);
		data = slurp();
		ok((cases[i].secret == NULL || strstr(data, cases[i].secret) ==
		    NULL) && strstr(data, cases[i].want) != NULL,
		    "masked: %s", cases[i].want);
		free(data);
	}
}

static void
test_long(void)
{
	char *big, *data, *nl;
	size_t n = 100000;

	if ((big = malloc(n + 64)) == NULL)
		exit(99);
	memset(big, 'a', n);
	memcpy(big + n - 50, "ghp_0123456789abcdefghijABCDEFGHIJ0123", 38);
	big[n] = '\0';
	log_info("%s", big);
	data = slurp();
	nl = strrchr(data, '\n');
	ok(nl != NULL && strstr(data, "0123456789abcdefghij") == NULL,
	    "a huge message is written, token past the cut never leaks");
	ok(strstr(data, " [cut]\n") != NULL && strlen(data) < 20000,
	    "and cut to a bounded line");
	free(data);
	free(big);
}

struct writer {
	int	id;
};

static void *
writer_main(void *arg)
{
	struct writer *w = arg;
	int i;

	for (i = 0; i < 250; i++)
		log_info("writer %d line %d padding-padding-padding", w->id, i);
	return NULL;
}

static void
test_threads(void)
{
	struct writer w[4];
	pthread_t t[4];
	struct rx *rx;
	char *data, *line, *save;
	int i, ok_lines = 0, lines = 0, started[4];

	if (truncate(path, 0) != 0)
		exit(99);
	for (i = 0; i < 4; i++) {
		w[i].id = i;
		started[i] = pthread_create(&t[i], NULL, writer_main, &w[i]) ==
		    0;
	}
	for (i = 0; i < 4; i++) {
		if (started[i])
			pthread_join(t[i], NULL);
	}
	rx = rx_new("^\\S+ INFO \\[\\d+\\] writer [0-3] line \\d+ "
	    "padding-padding-padding$", 0, NULL);
	data = slurp();
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		lines++;
		ok_lines += rx_test(rx, line);
	}
	ok(lines == 1000 && ok_lines == 1000,
	    "4 threads x 250 lines, none torn (%d/%d)", ok_lines, lines);
	free(data);
	rx_free(&rx);
}

static void
test_close(void)
{
	char *data;
	int n;

	data = slurp();
	n = count_lines(data);
	free(data);
	log_close();
	log_error("after close");
	data = slurp();
	is_int(count_lines(data), n, "nothing written after log_close");
	free(data);
	log_close();
	ok(1, "log_close twice is harmless");

	is_int(log_open(path, LOG_DEBUG, NULL), 0, "reopen appends");
	log_debug("debug now %s", "shown");
	data = slurp();
	ok(count_lines(data) == n + 1 && strstr(data, "debug now shown") !=
	    NULL, "old lines kept, DEBUG level honoured");
	free(data);
	errno = EAGAIN;
	log_info("errno is kept");
	is_int(errno, EAGAIN, "logging does not change errno");
	log_close();
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		tap_skip_all("mkdtemp failed");
	snprintf(path, sizeof path, "%s/opsdeck.log", dir);
	test_open();
	test_lines();
	test_hostile();
	test_mask();
	test_long();
	test_threads();
	test_close();
	unlink(path);
	rmdir(dir);
	return tap_done();
}
