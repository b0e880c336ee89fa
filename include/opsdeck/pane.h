/* pane: the interface every pane implements, as a const table of function
 * pointers with a private pointer, and the pane table that lists them.
 * Optional slots may be NULL; the UI checks. All calls happen on the UI
 * thread; panes read the store only. */
#ifndef OPSDECK_PANE_H
#define OPSDECK_PANE_H

#include <ncurses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdeck/keymap.h"
#include "opsdeck/layout.h"
#include "opsdeck/store.h"

struct repo_envs;
struct ui_opts;
struct view_ops;

/* The run an action key (F, X) addresses: the pane's selection. Borrowed
 * from the pane's snapshots, valid until its next on_data. */
struct approval_item;
struct issue;
struct issue_file;

struct ui_target {
	const char	*repo;		/* owner/name */
	int64_t		 run_id;
	int		 run_number;
	const char	*workflow;	/* may be NULL */
	const char	*title;		/* may be NULL */
	const char	*head_sha;
	const char	*head_branch;	/* may be NULL */
	const char	*status;
	const char	*conclusion;	/* NULL while running */
	/* In the environments view (D, B): the selected environment and
	 * its repository's snapshot (struct repo_envs, envstate.h). */
	const char	*environment;
	const struct repo_envs *envs;
	/* In the approvals view (a, x): the marked pending deployments, or
	 * the selected one (struct approval_item, approvals.h). */
	const struct approval_item *const *items;
	size_t		 nitems;
	/* In the issues pane and the issue view (C, c, +, -): the issue
	 * (number; its snapshot when listed, else NULL) or the local
	 * issue file selected. */
	int64_t		 issue_number;
	const struct issue *issue;
	const struct issue_file *issue_file;
};

#define PANE_HANDLED	0x1
#define PANE_REDRAW	0x2
#define PANE_BUSY	0x4	/* work: more to do, come back at once */

/* The bit of a store domain in pane_ops.domains. */
#define PANE_DOMAIN(d)	(1u << (d))

struct pane_ops {
	const char	*name;		/* "pipelines": focus-pipelines */
	const char	*title;		/* "Pipelines" */
	/* The store domains the pane reads (PANE_DOMAIN bits, those of the
	 * views it stacks included): a publish to any other never calls
	 * its on_data. */
	unsigned	 domains;
	/* The store is the one the pane will read, kept for its views. */
	void		*(*create)(const struct ui_opts *, struct store *);
	void		 (*destroy)(void *priv);
	/* A domain it reads changed: take new snapshots. Returns
	 * PANE_REDRAW if the visible content may have changed. */
	int		 (*on_data)(void *priv, struct store *);
	/* Draws into w (already erased), focused or not, at time now. */
	void		 (*draw)(void *priv, WINDOW *w, int focused, time_t now);
	/* An action for this pane; PANE_HANDLED | PANE_REDRAW. ACT_BACK
	 * comes here first (leaving a detail view); unhandled, it unzooms. */
	int		 (*key)(void *priv, enum action, int rows);
	/* A key before the keymap sees it, for a pane taking text (a search
	 * prompt); 0 when it does not want it. wc is a character, or a
	 * KEY_* code when keycode. */
	int		 (*input)(void *priv, int wc, int keycode);
	/* Seconds until something drawn changes with time alone (ages,
	 * elapsed times); -1 if nothing does. */
	int		 (*tick)(void *priv, time_t now);
	/* A bounded slice of work on the UI thread (searching a big log),
	 * between keys so that Esc still cancels: PANE_REDRAW, PANE_BUSY. */
	int		 (*work)(void *priv);
	/* One-line summary for the title bar, e.g. "2 failing"; may be NULL. */
	const char	*(*status)(void *priv);
	/* When the oldest data the pane shows was fetched, for the header's
	 * "data ... old"; 0 when it shows none. */
	time_t		 (*data_time)(void *priv);
	/* The run the selection is (F, X): 0 and *t filled, -1 none. */
	int		 (*target)(void *priv, struct ui_target *t);
	const struct keybind *keys;	/* pane keymap defaults; may be NULL */
	size_t		 nkeys;
	/* The actions the pane's own list answers, for the hints and the
	 * help (the keys come from the keymap); NULL: every bound one. */
	const enum action *acts;
	size_t		 nacts;
	/* The view on top of its stack, whose actions replace the pane's
	 * in the hints and the help; NULL when none (the slot may be NULL). */
	const struct view_ops *(*top_view)(void *priv);
	/* ":owner/name": show that repository. 0, or -1 when it cannot. */
	int		 (*jump)(void *priv, const char *repo);
};

/* A row of the pane table: the pane and its place in the grid. The order
 * is that of the focus keys (1 to 9), of Tab and of the stack layout. */
struct pane_slot {
	const struct pane_ops	*ops;
	struct layout_cell	 cell;
};

/* pane_table.c: the panes of the console, at most LAYOUT_PANES. */
extern const struct pane_slot pane_table[];
extern const size_t pane_table_len;

/* The domains (PANE_DOMAIN bits) whose generation moved since gen[], which
 * is updated; gen holds STORE_DOMAINS values (UINT64_MAX: never seen). */
unsigned	 pane_changed_domains(struct store *, uint64_t *gen);
/* Tells one pane of the domains that changed: on_data runs only when the
 * pane reads one of them. Returns on_data's flags, 0 when not called. */
int		 pane_deliver(const struct pane_ops *, void *priv,
		    struct store *, unsigned changed);

/* [ui] layout and [ui] zoom over the pane table's names (layout_parse):
 * s->pane[] are rows of pane_table. 0, or -1 with *why. */
int		 pane_layout(struct layout_spec *, const char *layout,
		    const char *zoom, char **why);
/* Whether the table has a pane of that name (in the layout or not). */
bool		 pane_known(const char *name);

extern const struct pane_ops pane_pipelines_ops;
extern const struct pane_ops pane_quality_ops;
extern const struct pane_ops pane_issues_ops;
extern const struct pane_ops pane_health_ops;
extern const struct pane_ops pane_approvals_ops;

#endif
