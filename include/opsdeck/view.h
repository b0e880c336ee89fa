/* view: a detail view (a run, a job's log, a repository) with its own
 * state, stacked by whichever pane opened it: Enter pushes, Esc pops. Any
 * pane embeds a struct view_stack and forwards its slots to it while it is
 * not empty. Views read the store themselves (the domains they declare,
 * which the pane adds to its own) and ask the sources through the
 * ui_opts' ui_sources. UI thread only. */
#ifndef OPSDECK_VIEW_H
#define OPSDECK_VIEW_H

#include <ncurses.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/keymap.h"

struct store;
struct ui_opts;
struct view_stack;
struct ui_target;

struct view_ops {
	const char	*name;		/* "run" */
	unsigned	 domains;	/* PANE_DOMAIN bits of what it reads */
	/* args: the view's own struct (views.h), read during the call
	 * only. Returns the view's state, which it takes its first data
	 * into; NULL when it cannot open. s: to stack another view. */
	void		*(*open)(struct view_stack *s, const void *args);
	void		 (*close)(void *priv);	/* frees priv */
	/* The store changed: take new snapshots (every view of the stack,
	 * bottom first, so the ones below stay current). */
	void		 (*on_data)(void *priv, struct store *);
	void		 (*draw)(void *priv, WINDOW *, time_t now);
	/* PANE_HANDLED | PANE_REDRAW; an ACT_BACK left unhandled pops it. */
	int		 (*key)(void *priv, enum action, int rows);
	/* The slots of struct pane_ops of the same names; may be NULL. */
	int		 (*input)(void *priv, int wc, int keycode);
	int		 (*tick)(void *priv, time_t now);
	int		 (*work)(void *priv);
	/* Its part of the pane's title ("octo/app > run #12"); may be NULL. */
	const char	*(*status)(void *priv);
	/* pane_ops.target, for the view's selection; may be NULL. */
	int		 (*target)(void *priv, struct ui_target *);
	/* pane_ops.acts: what the view answers, for hints and help. */
	const enum action *acts;
	size_t		 nacts;
};

#define VIEW_STACK_MAX	8

struct view_stack {
	const struct ui_opts	*o;	/* ui_sources, log masks */
	struct store		*store;
	size_t			 n;
	struct {
		const struct view_ops	*ops;
		void			*priv;
	} v[VIEW_STACK_MAX];
	char			 status[512];
};

void	 view_stack_init(struct view_stack *, const struct ui_opts *,
	    struct store *);
void	 view_stack_done(struct view_stack *);	/* closes every view */
/* Opens a view on top. -1 when the stack is full or the view would not
 * open; the stack is as it was then. */
int	 view_stack_push(struct view_stack *, const struct view_ops *,
	    const void *args);
void	 view_stack_pop(struct view_stack *);	/* closes the top view */
size_t	 view_stack_depth(const struct view_stack *);
/* The top view, or NULL: a pane that knows what it pushed. */
const struct view_ops *view_stack_top(const struct view_stack *);

/* The pane slots, forwarded: on_data to every view, the others to the top
 * one. On an empty stack each does nothing and returns 0 (tick: -1). key:
 * an ACT_BACK the top view leaves unhandled pops it (PANE_HANDLED |
 * PANE_REDRAW). */
int	 view_stack_on_data(struct view_stack *, struct store *);
void	 view_stack_draw(struct view_stack *, WINDOW *, time_t now);
int	 view_stack_key(struct view_stack *, enum action, int rows);
int	 view_stack_input(struct view_stack *, int wc, int keycode);
int	 view_stack_tick(struct view_stack *, time_t now);
int	 view_stack_work(struct view_stack *);
/* The top view's target (pane_ops.target); -1 when it has none. */
int	 view_stack_target(struct view_stack *, struct ui_target *);
/* The views' statuses from the bottom, joined with " > "; "" if none. */
const char *view_stack_status(struct view_stack *);

#endif
