/* element: the semantic elements, git-style colour specs, and loading
 * themes (all or nothing) onto the 8-colour-safe defaults, applied at
 * the terminal's colour depth (palette.h). */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/element.h"
#include "opsdeck/palette.h"
#include "opsdeck/xalloc.h"

static const struct {
	const char *name;
	const char *def;
} elements[] = {
#define X(id, name, def) { name, def },
	OD_ELEMENTS
#undef X
};

static const char *const colour_names[] = { "black", "red", "green",
    "yellow", "blue", "magenta", "cyan", "white" };

static const struct {
	const char *name;
	unsigned attr;
} attr_names[] = {
	{ "bold", A_BOLD }, { "dim", A_DIM }, { "ul", A_UNDERLINE },
	{ "underline", A_UNDERLINE }, { "blink", A_BLINK },
	{ "reverse", A_REVERSE }, { "italic", A_ITALIC },
};

const char *
element_name(enum element e)
{
	return e < EL_COUNT ? elements[e].name : "?";
}

int
element_by_name(const char *name)
{
	int i;

	for (i = 0; i < EL_COUNT; i++) {
		if (strcasecmp(elements[i].name, name) == 0)
			return i;
	}
	return -1;
}

/* -2 not a colour, -1 default, 0..255, PALETTE_RGB | 0xRRGGBB. */
static int
parse_colour(const char *w)
{
	char *end;
	long n;
	size_t i;

	if (w[0] == '#' && strlen(w) == 7 && strspn(w + 1,
	    "0123456789abcdefABCDEF") == 6)
		return PALETTE_RGB | (int)strtol(w + 1, NULL, 16);
	if (strcasecmp(w, "default") == 0 || strcasecmp(w, "normal") == 0)
		return -1;
	for (i = 0; i < 8; i++) {
		if (strcasecmp(w, colour_names[i]) == 0)
			return (int)i;
		if (strncasecmp(w, "bright", 6) == 0 &&
		    strcasecmp(w + 6, colour_names[i]) == 0)
			return (int)i + 8;
	}
	n = strtol(w, &end, 10);
	if (end != w && *end == '\0' && n >= 0 && n <= 255)
		return (int)n;
	return -2;
}

static int
parse_attr(const char *w, unsigned *attr)
{
	size_t i;

	for (i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
		if (strcasecmp(w, attr_names[i].name) == 0) {
			*attr |= attr_names[i].attr;
			return 0;
		}
	}
	return -1;
}

/* git's colour syntax: words in any order; the first colour is the
 * foreground, the second the background; "normal" alone resets. */
int
element_parse(const char *spec, struct colour *c, char **cause)
{
	char copy[256], *w, *save = NULL;
	int n, ncolours = 0, nwords = 0;

	c->fg = c->bg = -2;
	c->attrs = 0;
	if (spec == NULL || snprintf(copy, sizeof copy, "%s", spec) >=
	    (int)sizeof copy)
		goto bad;
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		nwords++;
		if ((n = parse_colour(w)) != -2) {
			if (ncolours == 0)
				c->fg = n;
			else if (ncolours == 1)
				c->bg = n;
			else
				goto bad;
			ncolours++;
		} else if (parse_attr(w, &c->attrs) != 0)
			goto bad;
	}
	if (nwords == 0)
		goto bad;
	/* A lone "normal" means the terminal's own colours, not "default". */
	if (nwords == 1 && ncolours == 1 && strcasecmp(copy, "normal") == 0)
		c->fg = -2;
	return 0;
bad:
	if (cause != NULL)
		*cause = xasprintf("expected colours and attributes like "
		    "'bold red default' or '#ff8700', got '%s'",
		    spec != NULL ? spec : "(no value)");
	return -1;
}

void
theme_defaults(struct theme *t)
{
	int i;

	for (i = 0; i < EL_COUNT; i++)
		element_parse(elements[i].def, &t->el[i], NULL);
}

struct theme_load {
	struct theme	*theme;
	const char	*path;
	char		*cause;
};

/* One "color.NAME" or "element.NAME" entry; the first bad one stops the
 * walk with a FILE:LINE message (libgit2 does not report lines). */
static int
theme_entry(const git_config_entry *e, void *arg)
{
	struct theme_load *tl = arg;
	const char *dot = strchr(e->name, '.'), *key;
	char section[16], *why = NULL;
	int el, line;

	if (dot == NULL || ((dot - e->name != 5 ||
	    strncasecmp(e->name, "color", 5) != 0) && (dot - e->name != 7 ||
	    strncasecmp(e->name, "element", 7) != 0)))
		return 0;	/* other sections are not the theme's */
	key = dot + 1;
	snprintf(section, sizeof section, "%.*s", (int)(dot - e->name),
	    e->name);
	line = conf_find_line(tl->path, section, NULL, key);
	if ((el = element_by_name(key)) < 0)
		why = xstrdup("unknown element");
	else if (element_parse(e->value, &tl->theme->el[el], &why) == 0)
		return 0;
	tl->cause = xasprintf("%s:%d: key '%s.%s': %s", tl->path, line,
	    section, key, why != NULL ? why : "bad value");
	free(why);
	return -1;
}

int
theme_load(struct theme *t, const char *path, char **cause)
{
	struct theme copy = *t;
	struct theme_load tl = { &copy, path, NULL };
	git_config *cfg = NULL;
	const git_error *err;
	struct stat sb;
	int rc;

	/* libgit2 opens a missing file as an empty config: say so instead. */
	if ((rc = stat(path, &sb)) != 0 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("theme %s: %s", path, rc != 0 ?
		    strerror(errno) : "not a regular file");
		return -1;
	}
	if (git_config_open_ondisk(&cfg, path) != 0) {
		err = git_error_last();
		*cause = xasprintf("theme %s: %s", path, err != NULL ?
		    err->message : "cannot read");
		return -1;
	}
	/* Not git_config_foreach_match: libgit2 1.5 leaks the match data of
	 * every entry the pattern does not match. */
	rc = git_config_foreach(cfg, theme_entry, &tl);
	git_config_free(cfg);
	if (rc != 0) {
		*cause = tl.cause != NULL ? tl.cause : xstrdup("bad theme");
		return -1;
	}
	*t = copy;	/* all or nothing: a bad line changes no element */
	return 0;
}

/* Attributes per element, computed once after initscr on the UI thread. */
static unsigned long element_attrs[EL_COUNT];
static enum palette_depth element_depth = PALETTE_NONE;
static int element_direct;
static int element_redefined;	/* colours init_color changed */

/* Colours a job log asks for (SGR), given pairs on demand after the
 * elements' own; when they run out, text keeps its bold and underline. */
#define ELEMENT_ANSI_PAIRS	128
static struct { int fg, bg; } ansi_pairs[ELEMENT_ANSI_PAIRS];
static int ansi_npairs;

/* COLORS is known only once start_color has run, which NO_COLOR must
 * not: it would send the terminal colour resets. */
static enum palette_depth
element_detect_depth(void)
{
	struct palette_term t;

	t.no_color = getenv("NO_COLOR");
	t.colorterm = getenv("COLORTERM");
	t.colours = 0;
	t.ccc = can_change_color();
	if (has_colors() && (t.no_color == NULL || *t.no_color == '\0') &&
	    start_color() == OK)
		t.colours = COLORS;
	return palette_detect(&t);
}

/* A pair of colours as the terminal's depth has them; extended pairs for
 * direct colour, whose numbers do not fit a short. */
static int
element_pair(int pair, int fg, int bg)
{
#if NCURSES_EXT_COLORS
	return init_extended_pair(pair, fg, bg);
#else
	return init_pair((short)pair, (short)fg, (short)bg);
#endif
}

/* Truecolor on a terminal with a palette it lets us change (COLORTERM
 * and ccc): a theme's RGB colour gets a colour of its own, redefined from
 * 255 down (ncurses puts the palette back at exit); the nearest of 256
 * once ELEMENT_RGB_SLOTS are taken, or elsewhere. */
#define ELEMENT_RGB_SLOTS	32
struct rgb_slots {
	int	 rgb[ELEMENT_RGB_SLOTS];
	int	 n;
};

/* 0-255 as init_color's 0-1000, rounded up so that ncurses' way back
 * (* 255 / 1000, truncated) gives the same byte. */
static short
per_mille(int v)
{
	return (short)((v * 1000 + 254) / 255);
}

static int
element_fit(int c, struct rgb_slots *s)
{
	int i, v = c & 0xffffff, slot;

	if (c < 0 || !(c & PALETTE_RGB) || element_depth != PALETTE_TRUE ||
	    element_direct || !can_change_color() || COLORS < 256)
		return palette_fit(c, element_depth, element_direct);
	for (i = 0; i < s->n; i++)
		if (s->rgb[i] == v)
			return 255 - i;
	slot = 255 - s->n;
	if (s->n == ELEMENT_RGB_SLOTS || init_color((short)slot,
	    per_mille(v >> 16), per_mille(v >> 8 & 255), per_mille(v & 255)) !=
	    OK)
		return palette_fit(c, element_depth, element_direct);
	s->rgb[s->n++] = v;
	return slot;
}

void
element_apply(const struct theme *t)
{
	struct rgb_slots slots = { { 0 }, 0 };
	int colour, i, fg, bg;

	element_depth = element_detect_depth();
	element_direct = has_colors() && palette_direct(COLORS);
	colour = element_depth != PALETTE_NONE;
	ansi_npairs = 0;
	if (colour)
		use_default_colors();
	element_redefined = 0;
	for (i = 0; i < EL_COUNT; i++) {
		element_attrs[i] = t->el[i].attrs;
		/* Without colour, a bar drawn by its background (header,
		 * hints, focused title) stays visible in reverse video. */
		if (!colour && t->el[i].bg >= 0)
			element_attrs[i] |= A_REVERSE;
		if (!colour || (t->el[i].fg < 0 && t->el[i].bg < 0))
			continue;
		fg = element_fit(t->el[i].fg, &slots);
		bg = element_fit(t->el[i].bg, &slots);
		if (i + 1 < COLOR_PAIRS && element_pair(i + 1, fg, bg) == OK)
			element_attrs[i] |= COLOR_PAIR(i + 1);
	}
	element_redefined = slots.n;
}

int
element_palette_changed(void)
{
	return element_redefined > 0;
}

enum palette_depth
element_colour_depth(void)
{
	return element_depth;
}

unsigned long
element_attr(enum element e)
{
	return e < EL_COUNT ? element_attrs[e] : 0;
}

unsigned long
element_ansi(int fg, int bg, int bold, int underline)
{
	unsigned long a = (bold ? A_BOLD : 0) | (underline ? A_UNDERLINE : 0);
	int i, pair, f, b;

	if (element_depth == PALETTE_NONE)
		return a;
	f = palette_fit(fg, element_depth, element_direct);
	b = palette_fit(bg, element_depth, element_direct);
	if (f < 0 && b < 0)
		return a;
	for (i = 0; i < ansi_npairs; i++)
		if (ansi_pairs[i].fg == f && ansi_pairs[i].bg == b)
			return a | COLOR_PAIR(EL_COUNT + 1 + i);
	pair = EL_COUNT + 1 + ansi_npairs;
	if (ansi_npairs == ELEMENT_ANSI_PAIRS || pair >= COLOR_PAIRS ||
	    element_pair(pair, f, b) != OK)
		return a;
	ansi_pairs[ansi_npairs].fg = f;
	ansi_pairs[ansi_npairs++].bg = b;
	return a | COLOR_PAIR(pair);
}
