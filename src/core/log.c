/* log: the debug log file (-v). One line per message, written with a single
 * write(2) on an O_APPEND descriptor so lines from threads (and from several
 * consoles sharing a file) never interleave. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include "opsdeck/buf.h"
#include "opsdeck/log.h"
#include "opsdeck/text.h"

/* Longest message kept; the rest is cut (after masking, so a cut can never
 * leave the tail of a secret behind). */
#define LOG_MAX_MESSAGE	8192
/* A GitHub token is its prefix and at least this many characters. */
#define LOG_TOKEN_MIN	20

/* The log is process-wide by nature (like stderr). log_fd and log_max are
 * written under log_lock and read atomically on the fast path, so a
 * disabled log costs one load per call. */
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;
static int		 log_fd = -1;
static int		 log_max = LOG_INFO;

static const char *const log_names[] = { "ERROR", "WARN", "INFO", "DEBUG" };

static const struct {
	const char	*prefix;
	int		 underscore;	/* '_' is part of the secret */
} log_token_kinds[] = {
	{ "ghp_", 0 }, { "gho_", 0 }, { "ghu_", 0 }, { "ghs_", 0 },
	{ "ghr_", 0 }, { "github_pat_", 1 },
};

int
log_open(const char *path, enum log_level level, char **cause)
{
	struct stat sb;
	char msg[512];
	int fd;

	if (path == NULL || *path == '\0' || (int)level < LOG_ERROR ||
	    level > LOG_DEBUG) {
		if (cause != NULL)
			*cause = strdup("bad log path or level");
		return -1;
	}
	/* No link followed, nothing but a regular file of ours: a log put
	 * where another user could plant a link must not write elsewhere. */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY |
	    O_NOFOLLOW | O_NONBLOCK, 0600);
	if (fd < 0) {
		snprintf(msg, sizeof msg, "cannot open log %s: %s", path,
		    errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		if (cause != NULL)
			*cause = strdup(msg);
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != geteuid()) {
		snprintf(msg, sizeof msg, "cannot open log %s: %s", path,
		    !S_ISREG(sb.st_mode) ? "not a regular file" :
		    "owned by another user");
		close(fd);
		if (cause != NULL)
			*cause = strdup(msg);
		return -1;
	}
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		close(log_fd);
	__atomic_store_n(&log_max, (int)level, __ATOMIC_RELAXED);
	__atomic_store_n(&log_fd, fd, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&log_lock);
	return 0;
}

void
log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		close(log_fd);
	__atomic_store_n(&log_fd, -1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&log_lock);
}

static int
log_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
log_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t
log_word(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0' && s[n] != ' ')
		n++;
	return n;
}

/* If s starts with a GitHub token, returns its length, else 0. */
static size_t
log_token_at(const char *s)
{
	size_t k, plen, n;

	for (k = 0; k < sizeof log_token_kinds / sizeof log_token_kinds[0];
	    k++) {
		plen = strlen(log_token_kinds[k].prefix);
		if (strncmp(s, log_token_kinds[k].prefix, plen) != 0)
			continue;
		for (n = 0; log_alnum(s[plen + n]) ||
		    (log_token_kinds[k].underscore && s[plen + n] == '_'); n++)
			;
		if (n >= LOG_TOKEN_MIN)
			return plen + n;
	}
	return 0;
}

/*
 * Copies s (already sanitised: one line, no controls) to out with secrets
 * replaced by "***": GitHub tokens anywhere, the word after "Bearer ", and
 * the credential of an "Authorization:" header (its scheme word is kept).
 * Defence in depth: callers never log secrets on purpose.
 */
static int
log_mask(struct buf *out, const char *s)
{
	size_t n, w1, sp;

	while (*s != '\0') {
		if ((n = log_token_at(s)) != 0) {
			if (buf_puts(out, "***") != 0)
				return -1;
			s += n;
			continue;
		}
		if (strncasecmp(s, "authorization:", 14) == 0) {
			n = 14;
			while (s[n] == ' ')
				n++;
			w1 = log_word(s + n);
			for (sp = 0; sp < w1 && log_alpha(s[n + sp]); sp++)
				;
			/* "Basic xyz", "token xyz": keep the scheme. */
			if (sp == w1 && w1 > 0 && s[n + w1] == ' ' &&
			    s[n + w1 + 1] != ' ' && s[n + w1 + 1] != '\0')
				n += w1 + 1;
			if (buf_append(out, s, n) != 0 || (log_word(s + n) > 0 &&
			    buf_puts(out, "***") != 0))
				return -1;
			s += n + log_word(s + n);
			continue;
		}
		if (strncasecmp(s, "bearer ", 7) == 0 && log_word(s + 7) > 0) {
			if (buf_append(out, s, 7) != 0 ||
			    buf_puts(out, "***") != 0)
				return -1;
			s += 7 + log_word(s + 7);
			continue;
		}
		if (buf_append(out, s, 1) != 0)
			return -1;
		s++;
	}
	return 0;
}

static unsigned long
log_thread_id(void)
{
#if defined(__linux__) && defined(SYS_gettid)
	return (unsigned long)syscall(SYS_gettid);
#else
	return (unsigned long)pthread_self();
#endif
}

/* Writes all of p, retrying short writes and EINTR. */
static void
log_write(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	struct buf raw, masked, line;
	char stamp[40], *clean = NULL;
	struct timespec ts;
	struct tm tm;
	va_list ap;
	size_t cut;
	int fd, saved_errno = errno;

	if ((int)level < LOG_ERROR || level > LOG_DEBUG ||
	    __atomic_load_n(&log_fd, __ATOMIC_ACQUIRE) < 0 ||
	    (int)level > __atomic_load_n(&log_max, __ATOMIC_RELAXED))
		return;
	buf_init(&raw, 0);
	buf_init(&masked, 0);
	buf_init(&line, 0);
	va_start(ap, fmt);
	if (buf_vprintf(&raw, fmt, ap) != 0) {
		va_end(ap);
		goto out;
	}
	va_end(ap);
	if ((clean = text_sanitize(raw.data, raw.len, 0)) == NULL ||
	    log_mask(&masked, clean) != 0 || buf_append(&masked, "", 0) != 0)
		goto out;
	if (masked.len > LOG_MAX_MESSAGE) {
		cut = LOG_MAX_MESSAGE;
		while (cut > 0 && (masked.data[cut] & 0xC0) == 0x80)
			cut--;	/* never half a character */
		masked.len = cut;
		masked.data[cut] = '\0';
		if (buf_puts(&masked, " [cut]") != 0)
			goto out;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	if (gmtime_r(&ts.tv_sec, &tm) == NULL ||
	    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		goto out;
	if (buf_printf(&line, "%s.%03ldZ %s [%lu] %s\n", stamp,
	    ts.tv_nsec / 1000000, log_names[level], log_thread_id(),
	    masked.data) != 0)
		goto out;
	pthread_mutex_lock(&log_lock);
	if ((fd = log_fd) >= 0)
		log_write(fd, line.data, line.len);
	pthread_mutex_unlock(&log_lock);
out:
	free(clean);
	buf_done(&raw);
	buf_done(&masked);
	buf_done(&line);
	errno = saved_errno;	/* logging an error must not change it */
}
