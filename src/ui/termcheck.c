/* termcheck: the terminal TERM names, from its terminfo entry, before
 * the console touches it (a refusal leaves it as it was). */
#include "config.h"

#include <fcntl.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "opsdeck/termcheck.h"
#include "opsdeck/text.h"

#define TERMCHECK_HINT \
	"use --once, or set TERM to your terminal's type (xterm-256color)"

/* A string capability is there when it is neither absent nor cancelled. */
static int
has_str(const char *cap)
{
	char *s = tigetstr(cap);

	return s != NULL && s != (char *)-1 && *s != '\0';
}

/* The entry's capabilities, loaded on a descriptor that is not the
 * terminal so that setupterm reads no mode and sizes nothing, and freed
 * at once: initscr loads its own. */
static int
load(struct termcheck *tc, const char *term, const char **missing)
{
	TERMINAL *t;
	int err = 0, fd, rc;

	if ((fd = open("/dev/null", O_RDWR)) < 0)
		fd = -1;
	rc = setupterm(term, fd, &err);
	if (fd >= 0)
		close(fd);
	if (rc != OK) {
		tc->found = err == 1;	/* 1: a hardcopy entry */
		*missing = err == 1 ? "a hardcopy terminal" : NULL;
		return -1;
	}
	tc->found = 1;
	*missing = NULL;
	if (tigetflag("hc") > 0)
		*missing = "a hardcopy terminal";
	else if (!has_str("cup"))
		*missing = "no cursor addressing";
	else if (!has_str("clear") && !has_str("ed"))
		*missing = "no way to clear the screen";
	tc->colours = tigetnum("colors") > 0 ? tigetnum("colors") : 0;
	tc->ccc = tigetflag("ccc") > 0;
	t = cur_term;
	set_curterm(NULL);
	del_curterm(t);
	return *missing != NULL ? -1 : 0;
}

int
termcheck_probe(struct termcheck *tc, const char *term)
{
	struct palette_term pt;
	const char *missing = NULL;
	int rc;

	memset(tc, 0, sizeof *tc);
	snprintf(tc->term, sizeof tc->term, "%s", term != NULL ? term : "");
	if (term == NULL || *term == '\0') {
		snprintf(tc->why, sizeof tc->why, "TERM is not set; %s",
		    TERMCHECK_HINT);
		return -1;
	}
	/* A name with a slash would be a path for setupterm. */
	if (strchr(term, '/') != NULL || strlen(term) >= sizeof tc->term)
		rc = -1;
	else
		rc = load(tc, term, &missing);
	pt.no_color = getenv("NO_COLOR");
	pt.colorterm = getenv("COLORTERM");
	pt.colours = tc->colours;
	pt.ccc = tc->ccc;
	tc->depth = palette_detect(&pt);
	if (rc == 0)
		return 0;
	if (strcmp(term, "dumb") == 0)
		missing = "no cursor addressing";
	if (missing != NULL)
		snprintf(tc->why, sizeof tc->why, "TERM=%s cannot show the "
		    "console (%s); %s", tc->term, missing, TERMCHECK_HINT);
	else
		snprintf(tc->why, sizeof tc->why, "TERM=%s is not a terminal "
		    "this system knows (no terminfo entry); %s", tc->term,
		    TERMCHECK_HINT);
	return -1;
}

static const char *
env_or(const char *name, const char *unset)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : unset;
}

void
termcheck_print(FILE *fp, const struct termcheck *tc, const char *ascii_why)
{
	const char *nc = getenv("NO_COLOR");
	int utf8 = text_locale_utf8();

	text_fprintf(fp, "terminal: %s\n", *tc->term != '\0' ? tc->term :
	    "(TERM not set)");
	if (*tc->why != '\0')
		text_fprintf(fp, "console: refused: %s\n", tc->why);
	else
		text_fprintf(fp, "console: ok\n");
	if (nc != NULL && *nc != '\0')
		text_fprintf(fp, "colour: none (NO_COLOR is set)\n");
	else
		text_fprintf(fp, "colour: %s (terminfo colors %d%s, COLORTERM "
		    "%s)\n", palette_depth_name(tc->depth), tc->colours,
		    tc->ccc ? ", can change colours" : "",
		    env_or("COLORTERM", "unset"));
	if (utf8)
		text_fprintf(fp, "charset: UTF-8 (Unicode lines, glyphs and "
		    "sparklines)\n");
	else
		text_fprintf(fp, "charset: ASCII (%s%s)\n", ascii_why != NULL ?
		    ascii_why : "the locale's charset is ", ascii_why != NULL ?
		    "" : nl_langinfo(CODESET));
}
