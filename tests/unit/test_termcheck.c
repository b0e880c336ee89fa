/* termcheck: which TERM the console refuses, from terminfo alone, with
 * one line saying why; the depth it reports. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/termcheck.h"
#include "../tap.h"

static void
test_refused(void)
{
	struct termcheck tc;

	is_int(termcheck_probe(&tc, "dumb"), -1, "TERM=dumb is refused");
	ok(strstr(tc.why, "TERM=dumb cannot show the console (no cursor "
	    "addressing); use --once") == tc.why, "  saying why: %s", tc.why);
	ok(strchr(tc.why, '\n') == NULL, "  on one line");
	is_int(termcheck_probe(&tc, "no-such-terminal-x"), -1,
	    "an unknown TERM is refused");
	ok(strstr(tc.why, "no terminfo entry") != NULL, "  saying why: %s",
	    tc.why);
	is_int(termcheck_probe(&tc, ""), -1, "an empty TERM is refused");
	is_int(termcheck_probe(&tc, NULL), -1, "no TERM is refused");
	ok(strncmp(tc.why, "TERM is not set", 15) == 0, "  saying why: %s",
	    tc.why);
	is_int(termcheck_probe(&tc, "../../etc/passwd"), -1,
	    "a TERM with a slash is not a path to open");
}

static void
test_accepted(void)
{
	static const struct {
		const char *term;
		enum palette_depth depth;
	} ok_terms[] = {
		{ "linux", PALETTE_8 }, { "screen", PALETTE_8 },
		{ "tmux-256color", PALETTE_256 }, { "vt100", PALETTE_NONE },
		{ "xterm-256color", PALETTE_256 },
	};
	struct termcheck tc;
	size_t i;

	unsetenv("NO_COLOR");
	unsetenv("COLORTERM");
	for (i = 0; i < sizeof ok_terms / sizeof ok_terms[0]; i++) {
		is_int(termcheck_probe(&tc, ok_terms[i].term), 0,
		    "TERM=%s can show the console", ok_terms[i].term);
		is_int(tc.depth, ok_terms[i].depth, "  colour depth %s",
		    palette_depth_name(ok_terms[i].depth));
	}
	setenv("COLORTERM", "truecolor", 1);
	termcheck_probe(&tc, "xterm-256color");
	is_int(tc.depth, PALETTE_TRUE, "xterm-256color, COLORTERM=truecolor: "
	    "truecolor (it can change colours)");
	termcheck_probe(&tc, "tmux-256color");
	is_int(tc.depth, PALETTE_256, "tmux-256color, COLORTERM=truecolor: "
	    "256 (it cannot)");
	setenv("NO_COLOR", "1", 1);
	termcheck_probe(&tc, "xterm-256color");
	is_int(tc.depth, PALETTE_NONE, "NO_COLOR: none");
}

int
main(void)
{
	if (termcheck_probe(&(struct termcheck){ 0 }, "xterm-256color") != 0)
		tap_skip_all("no terminfo entry for xterm-256color");
	tap_plan(9 + 10 + 3);
	test_refused();
	test_accepted();
	return tap_failed != 0;
}
