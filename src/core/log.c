#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/log.h"
#include "opsdeck/text.h"

/* The log is process-wide by nature (like stderr); it is opened once by
 * main before threads start and written under a mutex. */
static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;
static int		 log_fd = -1;
static enum log_level	 log_max = LOG_INFO;

static const char *const log_names[] = { "ERROR", "WARN", "INFO", "DEBUG" };

int
log_open(const char *path, enum log_level level, char **cause)
{
	char msg[512];
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(msg, sizeof msg, "cannot open log %s: %m", path);
		if (cause != NULL)
			*cause = strdup(msg);
		return -1;
	}
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		close(log_fd);
	log_fd = fd;
	log_max = level;
	pthread_mutex_unlock(&log_lock);
	return 0;
}

void
log_close(void)
{
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
	pthread_mutex_unlock(&log_lock);
}

static int
is_token_char(char c, int underscore)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (underscore && c == '_');
}

/* Masks what looks like a GitHub token, or follows "Bearer "/"token ",
 * in place: defence in depth, callers never pass tokens on purpose. */
static void
log_mask(char *s)
{
	static const char *const prefixes[] = { "ghp_", "gho_", "ghu_", "ghs_",
	    "ghr_", "github_pat_", "Bearer ", "bearer ", "token " };
	size_t i, k, plen, n;
	char *p;

	for (k = 0; k < sizeof prefixes / sizeof prefixes[0]; k++) {
		plen = strlen(prefixes[k]);
		for (p = s; (p = strstr(p, prefixes[k])) != NULL; p += plen) {
			for (n = 0; is_token_char(p[plen + n], 1); n++)
				;
			if (n < 8 && k < 6)
				continue;
			for (i = 0; i < n; i++)
				p[plen + i] = '*';
		}
	}
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char line[2048], stamp[40], *clean;
	struct timeval tv;
	struct tm tm;
	va_list ap;
	int n;

	if (log_fd < 0 || level > log_max)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	log_mask(line);
	if ((clean = text_sanitize(line, strlen(line), 0)) == NULL)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	pthread_mutex_lock(&log_lock);
	if (log_fd >= 0)
		dprintf(log_fd, "%s.%03ldZ %s [%lx] %s\n", stamp,
		    (long)(tv.tv_usec / 1000), log_names[level],
		    (unsigned long)pthread_self(), clean);
	pthread_mutex_unlock(&log_lock);
	free(clean);
}
