/* Themes: git's colour syntax, the shipped theme files, FILE:LINE errors
 * for bad entries, and all-or-nothing loading. */
#include "config.h"

#include <limits.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "opsdeck/element.h"
#include "../tap.h"

static char tmpdir[256];
static char path[PATH_MAX];

static const char *
write_theme(const char *text)
{
	FILE *fp;

	snprintf(path, sizeof path, "%s/test.theme", tmpdir);
	if ((fp = fopen(path, "w")) == NULL)
		return NULL;
	fputs(text, fp);
	fclose(fp);
	return path;
}

static void
test_parse(void)
{
	struct colour c;
	char *cause = NULL;

	is_int(element_parse("bold red default", &c, NULL), 0,
	    "'bold red default' parses");
	ok(c.fg == COLOR_RED && c.bg == -1 && c.attrs == A_BOLD,
	    "fg red, bg terminal default, bold (fg %d bg %d)", c.fg, c.bg);
	is_int(element_parse("reverse", &c, NULL), 0, "'reverse' parses");
	ok(c.fg == -2 && c.bg == -2 && c.attrs == A_REVERSE,
	    "attributes only leave the colours unset");
	is_int(element_parse("normal", &c, NULL), 0, "'normal' parses");
	ok(c.fg == -2 && c.bg == -2 && c.attrs == 0, "'normal' resets all");
	is_int(element_parse("normal red", &c, NULL), 0, "'normal red' parses");
	ok(c.fg == -1 && c.bg == COLOR_RED,
	    "'normal red': default foreground on red (fg %d bg %d)", c.fg,
	    c.bg);
	is_int(element_parse("208 236 ul dim", &c, NULL), 0,
	    "numbers and attributes mix");
	ok(c.fg == 208 && c.bg == 236 && c.attrs == (A_UNDERLINE | A_DIM),
	    "256-colour numbers kept");
	is_int(element_parse("brightred", &c, NULL), 0, "bright colours");
	is_int(c.fg, 9, "brightred is colour 9");
	is_int(element_parse("red green blue", &c, &cause), -1,
	    "three colours are refused");
	ok(cause != NULL && strstr(cause, "red green blue") != NULL,
	    "the message quotes the value: %s", cause ? cause : "");
	free(cause);
	cause = NULL;
	is_int(element_parse("bold purple", &c, &cause), -1,
	    "an unknown word is refused");
	free(cause);
	is_int(element_parse("256", &c, NULL), -1, "256 is out of range");
	is_int(element_parse("", &c, NULL), -1, "an empty value is refused");
	is_int(element_parse(NULL, &c, NULL), -1, "no value is refused");
}

static void
test_names(void)
{
	int i;

	is_int(element_by_name("run-failed"), EL_RUN_FAILED, "by name");
	is_int(element_by_name("pane-title-focus"), EL_PANE_TITLE_FOCUS,
	    "by name, focused title");
	is_int(element_by_name("no-such"), -1, "unknown name");
	for (i = 0; i < EL_COUNT; i++) {
		if (element_by_name(element_name((enum element)i)) != i)
			break;
	}
	is_int(i, EL_COUNT, "every element name round-trips");
}

static void
test_files(void)
{
	struct theme t, before;
	char file[PATH_MAX], *cause = NULL;
	int rc;

	snprintf(file, sizeof file, "%s/themes/default.theme", OD_SRCDIR);
	theme_defaults(&t);
	before = t;
	rc = theme_load(&t, file, &cause);
	is_int(rc, 0, "themes/default.theme loads%s%s", cause ? ": " : "",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	ok(memcmp(&t, &before, sizeof t) == 0,
	    "default.theme says what the built-in defaults say");

	snprintf(file, sizeof file, "%s/themes/mono.theme", OD_SRCDIR);
	theme_defaults(&t);
	rc = theme_load(&t, file, &cause);
	is_int(rc, 0, "themes/mono.theme loads%s%s", cause ? ": " : "",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	ok(t.el[EL_RUN_FAILED].fg < 0 && t.el[EL_HEADER].bg < 0,
	    "mono.theme assigns attributes only");
	ok(t.el[EL_RUN_FAILED].attrs != t.el[EL_RUN_SUCCEEDED].attrs,
	    "mono: failed and succeeded still differ");

	theme_defaults(&t);
	rc = theme_load(&t, write_theme("# a theme\n[color]\n"
	    "\trun-failed = ul magenta\n[element]\n\tstale = reverse\n"),
	    &cause);
	is_int(rc, 0, "a good theme loads");
	free(cause);
	cause = NULL;
	ok(t.el[EL_RUN_FAILED].fg == COLOR_MAGENTA &&
	    t.el[EL_RUN_FAILED].attrs == A_UNDERLINE, "[color] key applied");
	ok(t.el[EL_STALE].attrs == A_REVERSE, "[element] key applied");

	theme_defaults(&t);
	rc = theme_load(&t, write_theme("[core]\n\tname = x\n[colors]\n"
	    "\trun-failed = whatever\n[Color]\n\tdim = bold\n"), &cause);
	is_int(rc, 0, "other sections are ignored%s%s", cause ? ": " : "",
	    cause ? cause : "");
	free(cause);
	cause = NULL;
	ok(t.el[EL_DIM].attrs == A_BOLD, "section names ignore case");

	theme_defaults(&t);
	before = t;
	rc = theme_load(&t, write_theme("[color]\n\theader = reverse\n"
	    "\n\trun-failed = bold chartreuse\n"), &cause);
	is_int(rc, -1, "a bad colour fails");
	ok(cause != NULL && strncmp(cause, path, strlen(path)) == 0 &&
	    strstr(cause, ":4: key 'color.run-failed'") != NULL,
	    "FILE:LINE names the bad key: %s", cause ? cause : "(null)");
	ok(memcmp(&t, &before, sizeof t) == 0,
	    "nothing of a bad theme is applied (header kept)");
	free(cause);
	cause = NULL;

	rc = theme_load(&t, write_theme("[color]\n\trun-failed = red\n"
	    "\tno-such-element = red\n"), &cause);
	is_int(rc, -1, "an unknown element fails");
	ok(cause != NULL && strstr(cause, ":3: key 'color.no-such-element'"
	    ": unknown element") != NULL, "named with its line: %s",
	    cause ? cause : "(null)");
	free(cause);
	cause = NULL;

	rc = theme_load(&t, write_theme("[color]\n\trun-failed\n"), &cause);
	is_int(rc, -1, "a key without a value fails (no crash)");
	ok(cause != NULL && strstr(cause, ":2:") != NULL, "with its line: %s",
	    cause ? cause : "(null)");
	free(cause);
	cause = NULL;

	rc = theme_load(&t, write_theme("[color\n\trun-failed = red\n"),
	    &cause);
	is_int(rc, -1, "a syntax error fails");
	ok(cause != NULL && strstr(cause, path) != NULL, "naming the file: %s",
	    cause ? cause : "(null)");
	free(cause);
	cause = NULL;

	snprintf(file, sizeof file, "%s/missing.theme", tmpdir);
	is_int(theme_load(&t, file, &cause), -1, "a missing file fails");
	free(cause);
}

static int
load_named(struct theme *t, const char *name)
{
	char file[PATH_MAX], *cause = NULL;
	int rc;

	snprintf(file, sizeof file, "%s/themes/%s.theme", OD_SRCDIR, name);
	theme_defaults(t);
	rc = theme_load(t, file, &cause);
	is_int(rc, 0, "themes/%s.theme loads%s%s", name, cause ? ": " : "",
	    cause ? cause : "");
	free(cause);
	return rc;
}

/* Red (1, 9, 124, 160, 196) or green (2, 10, 28, 34, 40, 64): what a
 * red/green colour blind reader cannot tell apart. */
static int
red_or_green(short c)
{
	static const short rg[] = { 1, 9, 124, 160, 196, 2, 10, 28, 34, 40,
	    64 };
	size_t i;

	for (i = 0; i < sizeof rg / sizeof rg[0]; i++)
		if (c == rg[i])
			return 1;
	return 0;
}

static void
test_shipped(void)
{
	struct theme t;

	if (load_named(&t, "light") == 0)
		ok(t.el[EL_RUN_RUNNING].fg != COLOR_YELLOW &&
		    t.el[EL_RUN_QUEUED].fg != COLOR_CYAN,
		    "light: no pale yellow or cyan text on white");
	if (load_named(&t, "solarized-dark") == 0)
		ok(t.el[EL_RUN_FAILED].fg == 160 && t.el[EL_HEADER].bg == 24,
		    "solarized-dark: its 256-colour palette");
	if (load_named(&t, "high-contrast") == 0)
		ok((t.el[EL_RUN_FAILED].attrs & A_BOLD) &&
		    (t.el[EL_RUN_SUCCEEDED].attrs & A_BOLD) &&
		    t.el[EL_RUN_FAILED].bg >= 0,
		    "high-contrast: states bold on solid backgrounds");
	if (load_named(&t, "colorblind") == 0) {
		ok(!red_or_green(t.el[EL_RUN_FAILED].fg) &&
		    !red_or_green(t.el[EL_RUN_SUCCEEDED].fg) &&
		    !red_or_green(t.el[EL_ERROR].fg),
		    "colorblind: failed, succeeded and errors use neither red "
		    "nor green");
		ok(t.el[EL_RUN_FAILED].fg == 208 &&
		    t.el[EL_RUN_SUCCEEDED].fg == 33,
		    "colorblind: bad is orange, good is blue");
	}
}

int
main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/opsdeck-theme.XXXXXX",
	    base != NULL ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temporary directory");
	git_libgit2_init();
	test_parse();
	test_names();
	test_files();
	test_shipped();
	unlink(path);
	rmdir(tmpdir);
	git_libgit2_shutdown();
	return tap_done();
}
