/* Copying a URL with OSC 52 and opening it in a browser. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "opsdeck/fsutil.h"
#include "term.h"

extern char **environ;

int
term_url_ok(const char *url)
{
	const unsigned char *p;

	if (url == NULL || (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0) || strlen(url) > 2048)
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return 0;
	return 1;
}

size_t
term_osc52(char *buf, size_t size, const char *text)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i, o = 0;
	unsigned v;

	if (size < 8 + (n + 2) / 3 * 4 + 2)
		return 0;
	memcpy(buf, "\033]52;c;", 7);
	o = 7;
	for (i = 0; i < n; i += 3) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		buf[o++] = b64[(v >> 18) & 63];
		buf[o++] = b64[(v >> 12) & 63];
		buf[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		buf[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	buf[o++] = '\a';
	buf[o] = '\0';
	return o;
}

/* Inside tmux, the same sequence wrapped for passthrough as well: tmux
 * takes the plain one with set-clipboard on, and hands the wrapped one to
 * the outer terminal with allow-passthrough on; it drops what it does not
 * allow. */
static int
copy_tmux(int fd, const char *seq, size_t n)
{
	char wrapped[8300];
	size_t i, o = 0;

	if (getenv("TMUX") == NULL || n * 2 + 16 > sizeof wrapped)
		return 0;
	memcpy(wrapped, "\033Ptmux;", 7);
	o = 7;
	for (i = 0; i < n; i++) {
		if (seq[i] == '\033')
			wrapped[o++] = '\033';
		wrapped[o++] = seq[i];
	}
	memcpy(wrapped + o, "\033\\", 2);
	return fs_write_all(fd, wrapped, o + 2);
}

int
term_copy(int fd, const char *url, const char **why)
{
	char seq[4096];
	size_t n;

	if (!term_url_ok(url)) {
		*why = "not a plain http(s) URL";
		return -1;
	}
	if ((n = term_osc52(seq, sizeof seq, url)) == 0) {
		*why = "URL too long";
		return -1;
	}
	if (fs_write_all(fd, seq, n) != 0 || copy_tmux(fd, seq, n) != 0) {
		*why = "cannot write to the terminal";
		return -1;
	}
	return 0;
}

static const char *
browser(void)
{
	const char *b = getenv("BROWSER");

	if (b != NULL && *b != '\0' && strchr(b, ' ') == NULL)
		return b;
	if ((getenv("DISPLAY") == NULL || *getenv("DISPLAY") == '\0') &&
	    (getenv("WAYLAND_DISPLAY") == NULL ||
	    *getenv("WAYLAND_DISPLAY") == '\0'))
		return NULL;
#ifdef __APPLE__
	return "open";
#else
	return "xdg-open";
#endif
}

int
term_open(const char *url, const char **why)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	char *argv[3];
	const char *prog;
	pid_t pid;
	int rc;

	if (!term_url_ok(url)) {
		*why = "not a plain http(s) URL";
		return -1;
	}
	if ((prog = browser()) == NULL) {
		*why = "no browser here (no display; set BROWSER): y copies "
		    "the URL";
		return -1;
	}
	argv[0] = (char *)prog;
	argv[1] = (char *)url;
	argv[2] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&at);
	/* Its own session: a ^C in the console does not reach it. */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID);
	rc = posix_spawnp(&pid, prog, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		*why = "cannot start the browser";
		return -1;
	}
	/* Reaped by the SIGCHLD-free way: a quick check now, the rest when
	 * the next URL is opened (xdg-open returns at once). */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return 0;
}

/* o and y on a run or a job, in whichever view shows it. */
int
term_url_action(enum action a, const char *url, char *msg, size_t size)
{
	const char *why = NULL;

	if (url == NULL || *url == '\0') {
		snprintf(msg, size, "no URL for this");
		return -1;
	}
	if (a == ACT_COPY && term_copy(STDOUT_FILENO, url, &why) == 0) {
		snprintf(msg, size, "copied %s", url);
		return 0;
	}
	if (a == ACT_BROWSE && term_open(url, &why) == 0) {
		snprintf(msg, size, "opened %s", url);
		return 0;
	}
	snprintf(msg, size, "%s", why != NULL ? why : "cannot do that here");
	return -1;
}
