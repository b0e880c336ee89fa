/* term: OSC 52 encoding, the URL check that guards both copy and open,
 * and what term_copy writes (plain, and wrapped for tmux). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/ui/term.h"
#include "../tap.h"

static void
test_osc52(void)
{
	char buf[128];

	ok(term_osc52(buf, sizeof buf, "https://github.com/o/r") > 0, "fits");
	is_str(buf, "\033]52;c;aHR0cHM6Ly9naXRodWIuY29tL28vcg==\a",
	    "base64 with padding, BEL-terminated");
	term_osc52(buf, sizeof buf, "abc");
	is_str(buf, "\033]52;c;YWJj\a", "no padding needed");
	is_int((int)term_osc52(buf, 12, "https://github.com/o/r"), 0,
	    "too small: 0, nothing written past it");
}

static void
test_url_ok(void)
{
	char long_url[3000];

	ok(term_url_ok("https://github.com/o/r/actions/runs/1"), "https");
	ok(term_url_ok("http://ghe.example/o/r"), "http");
	ok(!term_url_ok("javascript:alert(1)"), "not a web URL");
	ok(!term_url_ok("https://x/\033]52;c;AAAA\a"), "an escape inside");
	ok(!term_url_ok("https://x/a b"), "a blank inside");
	ok(!term_url_ok("https://x/\xe2\x80\xae"), "a bidi override inside");
	ok(!term_url_ok("-https://x"), "an option-looking argument");
	ok(!term_url_ok(NULL), "NULL");
	memset(long_url, 'a', sizeof long_url - 1);
	memcpy(long_url, "https://", 8);
	long_url[sizeof long_url - 1] = '\0';
	ok(!term_url_ok(long_url), "longer than 2048");
}

static char *
copy_via_pipe(const char *url, int *rc, const char **why)
{
	static char got[8192];
	int fds[2];
	ssize_t n;

	if (pipe(fds) != 0)
		return NULL;
	*rc = term_copy(fds[1], url, why);
	close(fds[1]);
	n = read(fds[0], got, sizeof got - 1);
	close(fds[0]);
	got[n > 0 ? n : 0] = '\0';
	return got;
}

static void
test_copy(void)
{
	const char *why = NULL;
	char *got;
	int rc;

	unsetenv("TMUX");
	got = copy_via_pipe("https://github.com/o/r", &rc, &why);
	ok(rc == 0 && got != NULL && strcmp(got,
	    "\033]52;c;aHR0cHM6Ly9naXRodWIuY29tL28vcg==\a") == 0,
	    "outside tmux: the plain sequence only");
	setenv("TMUX", "/tmp/tmux-0/default,1,0", 1);
	got = copy_via_pipe("https://github.com/o/r", &rc, &why);
	ok(rc == 0 && got != NULL && strcmp(got,
	    "\033]52;c;aHR0cHM6Ly9naXRodWIuY29tL28vcg==\a"
	    "\033Ptmux;\033\033]52;c;aHR0cHM6Ly9naXRodWIuY29tL28vcg==\a"
	    "\033\\") == 0, "in tmux: and wrapped for passthrough, ESC doubled");
	unsetenv("TMUX");
	got = copy_via_pipe("https://x/\033[2J", &rc, &why);
	ok(rc == -1 && why != NULL && got != NULL && *got == '\0',
	    "a hostile URL: refused, nothing written (%s)", why ? why : "");
}

static void
test_open(void)
{
	const char *why = NULL;

	unsetenv("BROWSER");
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	ok(term_open("https://github.com/o/r", &why) == -1 && why != NULL &&
	    strstr(why, "no browser") != NULL,
	    "no display, no $BROWSER: said so (%s)", why ? why : "");
	ok(term_open("file:///etc/passwd", &why) == -1,
	    "not a web URL: refused before anything starts");
}

int
main(void)
{
	test_osc52();
	test_url_ok();
	test_copy();
	test_open();
	return tap_done();
}
