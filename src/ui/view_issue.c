/* The issue view (Enter on an issue): its title, state, labels,
 * assignees, comments and age, then its body and its latest comments as
 * readable text (mdtext.h: headings, lists, code blocks, no raw HTML),
 * every string sanitised when drawn (textview). Rebuilt from the
 * STORE_ISSUES snapshot and the comments (asked for once on open, in
 * STORE_DETAIL) each time they change; an issue gone from the list
 * (closed, relabelled) says so. o and y open or copy its URL. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/issues.h"
#include "opsdeck/mdtext.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "term.h"
#include "textview.h"
#include "views.h"

struct issue_view {
	struct snapset	*set;		/* STORE_ISSUES: the target's issue */
	char		*repo;
	int64_t		 number;
	char		*url;		/* NULL: unknown */
	int		 asked;		/* comments asked for: shown */
	struct textview	 tv;
	char		 note[128];
	char		 status[300];
};

static enum element
md_element(enum md_kind k)
{
	switch (k) {
	case MD_HEADING:
		return EL_HELP_TITLE;
	case MD_CODE:
		return EL_RUN_QUEUED;
	case MD_QUOTE:
	case MD_RULE:
		return EL_DIM;
	default:
		return EL_NORMAL;
	}
}

static void
add_body(struct textview *tv, const char *body)
{
	struct md_line *v = NULL;
	size_t n = 0, i;

	mdtext_render(body, &v, &n);
	if (n == 0)
		textview_add(tv, EL_DIM, "%s", "(no description)");
	for (i = 0; i < n; i++) {
		if (v[i].kind == MD_CODE)
			textview_add(tv, EL_RUN_QUEUED, "    %s", v[i].text);
		else if (v[i].kind == MD_RULE)
			textview_add(tv, EL_DIM, "%s", "----------------------");
		else
			textview_add(tv, md_element(v[i].kind), "%s",
			    v[i].text);
	}
	mdtext_free(v, n);
}

static void
add_comments(struct textview *tv, const struct issue_comments *c, time_t now)
{
	char age[16];
	size_t i;

	textview_add(tv, EL_NORMAL, "%s", "");
	if (c == NULL) {
		textview_add(tv, EL_DIM, "%s", "Comments: reading...");
		return;
	}
	if (c->error != NULL) {
		textview_add(tv, EL_STALE, "Comments: %s", c->error);
		return;
	}
	textview_add(tv, EL_HELP_TITLE, "Comments (%zu%s%s)", c->total,
	    c->more ? "+" : "", c->n < c->total ? ", the newest shown" : "");
	for (i = 0; i < c->n; i++) {
		clock_format_span(age, sizeof age, c->items[i].created_at != 0 ?
		    (long long)(now - c->items[i].created_at) : 0);
		textview_add(tv, EL_REPO, "@%s, %s ago:", c->items[i].author !=
		    NULL ? c->items[i].author : "?", age);
		add_body(tv, c->items[i].body);
		textview_add(tv, EL_NORMAL, "%s", "");
	}
}

static void
build(struct issue_view *v, const struct issue *is,
    const struct issue_comments *c, time_t now)
{
	struct textview *tv = &v->tv;
	char age[16], labels[512], who[512];
	size_t i, k;

	textview_clear(tv);
	free(v->url);
	v->url = NULL;
	if (is == NULL) {
		textview_add(tv, EL_STALE, "#%lld is no longer in the list "
		    "(closed, or no watched label).", (long long)v->number);
		return;
	}
	v->url = is->html_url != NULL ? xstrdup(is->html_url) : NULL;
	textview_add(tv, EL_HELP_TITLE, "#%lld %s", (long long)is->number,
	    is->title);
	for (i = 0, k = 0, labels[0] = '\0'; i < is->nlabels; i++)
		k += (size_t)snprintf(labels + k, k < sizeof labels ?
		    sizeof labels - k : 0, "%s%s", i > 0 ? ", " : "",
		    is->labels[i].name);
	for (i = 0, k = 0, who[0] = '\0'; i < is->nassignees; i++)
		k += (size_t)snprintf(who + k, k < sizeof who ?
		    sizeof who - k : 0, "%s@%s", i > 0 ? " " : "",
		    is->assignees[i]);
	clock_format_span(age, sizeof age, is->created_at != 0 ?
	    (long long)(now - is->created_at) : 0);
	textview_add(tv, EL_NORMAL, "state     %s, opened %s ago, %d comment%s",
	    is->state != NULL ? is->state : "?", is->created_at != 0 ? age :
	    "?", is->comments, is->comments == 1 ? "" : "s");
	textview_add(tv, EL_NORMAL, "labels    %s", labels[0] != '\0' ?
	    labels : "-");
	textview_add(tv, EL_NORMAL, "assignees %s", who[0] != '\0' ? who :
	    "-");
	textview_add(tv, EL_DIM, "url       %s", is->html_url != NULL ?
	    is->html_url : "-");
	textview_add(tv, EL_NORMAL, "%s", "");
	add_body(tv, is->body);
	if (v->asked)
		add_comments(tv, c, now);
}

static const struct issue *
find_issue(const struct snapset *set, const char *repo, int64_t number)
{
	const struct repo_issues *ri = snapset_find_data(set, repo);
	size_t i;

	for (i = 0; ri != NULL && i < ri->n; i++) {
		if (ri->items[i].number == number)
			return &ri->items[i];
	}
	return NULL;
}

static void
issue_on_data(void *priv, struct store *store)
{
	struct issue_view *v = priv;
	struct snapset *set = store_acquire(store, STORE_ISSUES);
	struct snapset *detail = store_acquire(store, STORE_DETAIL);
	char key[300];

	snprintf(key, sizeof key, "comments:%s:%lld", v->repo,
	    (long long)v->number);
	build(v, find_issue(set, v->repo, v->number),
	    v->asked ? snapset_find_data(detail, key) : NULL, time(NULL));
	store_release(&detail);
	/* Kept: the action keys' target points into it. */
	store_release(&v->set);
	v->set = set;
}

static void *
issue_open(struct view_stack *s, const void *args)
{
	const struct view_issue_args *a = args;
	struct issue_view *v = xcalloc(1, sizeof *v);

	v->repo = xstrdup(a->repo);
	v->number = a->number;
	textview_init(&v->tv);
	/* A snapshot of an earlier opening may be there: it shows until the
	 * new answer (a 304 costs nothing) replaces it. */
	if (s->o != NULL && s->o->src.want_comments != NULL) {
		s->o->src.want_comments(s->o->src.issues_arg, v->repo,
		    v->number);
		v->asked = 1;
	}
	issue_on_data(v, s->store);
	return v;
}

static void
issue_close(void *priv)
{
	struct issue_view *v = priv;

	textview_done(&v->tv);
	store_release(&v->set);
	free(v->url);
	free(v->repo);
	free(v);
}

static void
issue_draw(void *priv, WINDOW *w, time_t now)
{
	struct issue_view *v = priv;
	int rows = getmaxy(w);

	(void)now;
	if (v->note[0] != '\0' && rows > 1) {
		WINDOW *sub = derwin(w, rows - 1, getmaxx(w), 0, 0);

		if (sub != NULL) {
			textview_draw(&v->tv, sub);
			delwin(sub);
		}
		draw_text(w, rows - 1, 1, v->note, getmaxx(w) - 2, EL_DIM);
		return;
	}
	textview_draw(&v->tv, w);
}

static int
issue_key(void *priv, enum action a, int rows)
{
	struct issue_view *v = priv;

	v->note[0] = '\0';
	if (a == ACT_BROWSE || a == ACT_COPY) {
		if (v->url != NULL)
			term_url_action(a, v->url, v->note, sizeof v->note);
		else
			snprintf(v->note, sizeof v->note, "no URL known");
		return PANE_HANDLED | PANE_REDRAW;
	}
	return textview_key(&v->tv, a, rows) ? PANE_HANDLED | PANE_REDRAW :
	    0;
}

/* c, + and -: this issue (its snapshot while it is listed). */
static int
issue_target(void *priv, struct ui_target *t)
{
	struct issue_view *v = priv;

	memset(t, 0, sizeof *t);
	t->repo = v->repo;
	t->issue_number = v->number;
	t->issue = find_issue(v->set, v->repo, v->number);
	return 0;
}

static const char *
issue_status(void *priv)
{
	struct issue_view *v = priv;

	snprintf(v->status, sizeof v->status, "%s > issue #%lld", v->repo,
	    (long long)v->number);
	return v->status;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action issue_acts[] = {
	OD_MOTION_ACTS,
	ACT_BROWSE,
	ACT_COPY,
	ACT_ISSUE_COMMENT,
	ACT_LABEL_ADD,
	ACT_LABEL_REMOVE,
};

const struct view_ops view_issue_ops = {
	.name = "issue",
	.domains = PANE_DOMAIN(STORE_ISSUES) | PANE_DOMAIN(STORE_DETAIL),
	.open = issue_open,
	.close = issue_close,
	.on_data = issue_on_data,
	.draw = issue_draw,
	.key = issue_key,
	.status = issue_status,
	.target = issue_target,
	.acts = issue_acts,
	.nacts = sizeof issue_acts / sizeof issue_acts[0],
};
