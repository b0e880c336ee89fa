/* view: the view stack. It owns the views it opened and forwards a pane's
 * slots to them, so a pane gets drill-down (runs, logs, a repository) by
 * embedding one and pushing views, without knowing any view's state. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "opsdeck/pane.h"
#include "opsdeck/view.h"

void
view_stack_init(struct view_stack *s, const struct ui_opts *o,
    struct store *store)
{
	memset(s, 0, sizeof *s);
	s->o = o;
	s->store = store;
}

void
view_stack_done(struct view_stack *s)
{
	while (s->n > 0)
		view_stack_pop(s);
}

int
view_stack_push(struct view_stack *s, const struct view_ops *ops,
    const void *args)
{
	void *priv;

	if (s->n == VIEW_STACK_MAX || (priv = ops->open(s, args)) == NULL)
		return -1;
	s->v[s->n].ops = ops;
	s->v[s->n].priv = priv;
	s->n++;
	return 0;
}

void
view_stack_pop(struct view_stack *s)
{
	if (s->n == 0)
		return;
	s->n--;
	if (s->v[s->n].ops->close != NULL)
		s->v[s->n].ops->close(s->v[s->n].priv);
	memset(&s->v[s->n], 0, sizeof s->v[s->n]);
}

size_t
view_stack_depth(const struct view_stack *s)
{
	return s->n;
}

const struct view_ops *
view_stack_top(const struct view_stack *s)
{
	return s->n > 0 ? s->v[s->n - 1].ops : NULL;
}

int
view_stack_on_data(struct view_stack *s, struct store *store)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].ops->on_data != NULL)
			s->v[i].ops->on_data(s->v[i].priv, store);
	return s->n > 0 ? PANE_REDRAW : 0;
}

void
view_stack_draw(struct view_stack *s, WINDOW *w, time_t now)
{
	if (s->n > 0 && s->v[s->n - 1].ops->draw != NULL)
		s->v[s->n - 1].ops->draw(s->v[s->n - 1].priv, w, now);
}

int
view_stack_key(struct view_stack *s, enum action a, int rows)
{
	int r = 0;

	if (s->n == 0)
		return 0;
	if (s->v[s->n - 1].ops->key != NULL)
		r = s->v[s->n - 1].ops->key(s->v[s->n - 1].priv, a, rows);
	if (r == 0 && a == ACT_BACK) {
		view_stack_pop(s);
		return PANE_HANDLED | PANE_REDRAW;
	}
	return r;
}

int
view_stack_input(struct view_stack *s, int wc, int keycode)
{
	if (s->n == 0 || s->v[s->n - 1].ops->input == NULL)
		return 0;
	return s->v[s->n - 1].ops->input(s->v[s->n - 1].priv, wc, keycode);
}

int
view_stack_tick(struct view_stack *s, time_t now)
{
	if (s->n == 0 || s->v[s->n - 1].ops->tick == NULL)
		return -1;
	return s->v[s->n - 1].ops->tick(s->v[s->n - 1].priv, now);
}

int
view_stack_work(struct view_stack *s)
{
	if (s->n == 0 || s->v[s->n - 1].ops->work == NULL)
		return 0;
	return s->v[s->n - 1].ops->work(s->v[s->n - 1].priv);
}

const char *
view_stack_status(struct view_stack *s)
{
	const char *st;
	size_t i, len = 0;
	int w;

	s->status[0] = '\0';
	for (i = 0; i < s->n; i++) {
		if (s->v[i].ops->status == NULL ||
		    (st = s->v[i].ops->status(s->v[i].priv)) == NULL ||
		    *st == '\0')
			continue;
		w = snprintf(s->status + len, sizeof s->status - len, "%s%s",
		    len > 0 ? " > " : "", st);
		if (w < 0 || (size_t)w >= sizeof s->status - len)
			break;	/* cut: the start says the most */
		len += (size_t)w;
	}
	return s->status;
}

/* From the top down: a log view has no run of its own, the run view
 * under it does. */
int
view_stack_target(struct view_stack *s, struct ui_target *t)
{
	size_t i;

	for (i = s->n; i > 0; i--)
		if (s->v[i - 1].ops->target != NULL)
			return s->v[i - 1].ops->target(s->v[i - 1].priv, t);
	return -1;
}
