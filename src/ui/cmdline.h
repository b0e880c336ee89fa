/* cmdline: the ":" command line, a jump to a pane, a view or a repository
 * by name. The UI fills the candidate names when it opens; Tab completes
 * a unique prefix and lists the names when several match; Enter resolves
 * what was typed (a whole name or a unique prefix); Esc cancels. Input is
 * the prompt's (UTF-8, C-u, C-w); whatever is drawn goes through the
 * sanitiser. UI thread only; the completion itself is pure. */
#ifndef OPSDECK_UI_CMDLINE_H
#define OPSDECK_UI_CMDLINE_H

#include <ncurses.h>
#include <stddef.h>

#include "opsdeck/keymap.h"
#include "prompt.h"

struct store;

enum cmdline_rc {
	CMDLINE_IGNORED,	/* not open */
	CMDLINE_EDITED,		/* redraw the line */
	CMDLINE_ACCEPT,		/* Enter: cmdline_resolve says what */
	CMDLINE_CANCEL		/* Esc: closed, nothing to do */
};

struct cmdline {
	struct prompt	 p;
	char		**names;	/* the candidates, owned */
	size_t		 nnames;
	char		 note[PROMPT_MAX + 32];	/* the candidates, an error */
};

/* Opens it empty with no candidates (cmdline_add them next). */
void		 cmdline_open(struct cmdline *);
void		 cmdline_close(struct cmdline *);	/* frees the names */
int		 cmdline_active(const struct cmdline *);
/* A candidate; duplicates and empty names are left out. */
void		 cmdline_add(struct cmdline *, const char *name);
/* The views (environments, approvals, audit), help, quit and the
 * repositories of the store's pipelines. */
void		 cmdline_add_fixed(struct cmdline *, struct store *);
/* The action a name of those is (ACT_QUIT for "quit"); ACT_NONE for a
 * pane or a repository. */
enum action	 cmdline_action(const char *name);
enum cmdline_rc	 cmdline_key(struct cmdline *, int wc, int keycode);
/* Tab: a unique match completes, several extend the text to their
 * common prefix and are listed in note. Returns how many match. */
size_t		 cmdline_complete(struct cmdline *);
/* The candidate the text names: equal to it, else the only one it is a
 * prefix of; NULL when none or several (note then says so). Valid until
 * cmdline_close. */
const char	*cmdline_resolve(struct cmdline *);
/* ":" and the text on row 0 of w, then the note. */
void		 cmdline_draw(const struct cmdline *, WINDOW *);

#endif
