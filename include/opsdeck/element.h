/* element: the semantic screen elements draw code names (never a colour),
 * their 8-colour-safe defaults in git's colour syntax, and themes
 * (themes/NAME.theme: a [color] or [element] section assigning elements;
 * loading is all or nothing). UI thread only
 * for element_attr; element_parse and theme loading are pure. */
#ifndef OPSDECK_ELEMENT_H
#define OPSDECK_ELEMENT_H

#include "opsdeck/palette.h"

/* ID, name in theme files, default */
#define OD_ELEMENTS \
	X(EL_NORMAL,		"normal",		"normal") \
	X(EL_HEADER,		"header",		"bold white blue") \
	X(EL_HEADER_WARN,	"header-warn",		"bold yellow blue") \
	X(EL_HINT,		"hint",			"black white") \
	X(EL_HINT_KEY,		"hint-key",		"bold black white") \
	X(EL_PANE_TITLE,	"pane-title",		"reverse") \
	X(EL_PANE_TITLE_FOCUS,	"pane-title-focus",	"bold black cyan") \
	X(EL_REPO,		"repo",			"bold") \
	X(EL_RUN_FAILED,	"run-failed",		"bold red") \
	X(EL_RUN_ACTION,	"run-action",		"bold magenta") \
	X(EL_RUN_RUNNING,	"run-running",		"bold yellow") \
	X(EL_RUN_QUEUED,	"run-queued",		"cyan") \
	X(EL_RUN_CANCELLED,	"run-cancelled",	"dim") \
	X(EL_RUN_SUCCEEDED,	"run-succeeded",	"green") \
	X(EL_RUN_SKIPPED,	"run-skipped",		"dim") \
	X(EL_RUN_UNKNOWN,	"run-unknown",		"normal") \
	X(EL_STALE,		"stale",		"bold yellow") \
	X(EL_ERROR,		"error",		"bold red") \
	X(EL_SELECTED,		"selected",		"reverse") \
	X(EL_DIM,		"dim",			"dim") \
	X(EL_HELP,		"help",			"normal") \
	X(EL_HELP_TITLE,	"help-title",		"bold")

enum element {
#define X(id, name, def) id,
	OD_ELEMENTS
#undef X
	EL_COUNT
};

/* A parsed colour spec: fg/bg -2 = unset, -1 = terminal default, 0-255,
 * or PALETTE_RGB | 0xRRGGBB ("#ff8700"). */
struct colour {
	int	 fg;
	int	 bg;
	unsigned attrs;		/* A_BOLD etc. */
};

struct theme {
	struct colour el[EL_COUNT];
};

const char	*element_name(enum element);
int		 element_by_name(const char *);	/* -1 if unknown */
/* "bold red default", "reverse", "normal", "208 236", "ul dim",
 * "#ff8700 default". */
int		 element_parse(const char *spec, struct colour *, char **cause);
/* The built-in defaults. */
void		 theme_defaults(struct theme *);
/* Reads a theme file over the defaults; on error *cause is
 * "FILE:LINE: key 'color.run-failed': ...". */
int		 theme_load(struct theme *, const char *path, char **cause);

/* UI thread, after initscr: sets up colour pairs at the terminal's
 * colour depth, each theme colour as the nearest one it has (none with
 * NO_COLOR or a terminal without colours: attributes only). */
void		 element_apply(const struct theme *);
/* The colour depth element_apply found (NO_COLOR, COLORTERM, terminfo
 * colors and ccc: palette_detect). UI thread. */
enum palette_depth element_colour_depth(void);
/* Whether element_apply redefined terminal colours (a theme's #rrggbb at
 * truecolor): the palette must be given back (terminfo oc) on the way
 * out, a crash's included. */
int		 element_palette_changed(void);
/* The attributes (colour pair included) to draw an element with. */
unsigned long	 element_attr(enum element);
/* Attributes for an ANSI colour (0-255, -1 default) from a job log, with
 * a colour pair made on first use; attributes only without colour. */
unsigned long	 element_ansi(int fg, int bg, int bold, int underline);

#endif
