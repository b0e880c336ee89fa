/* The repository view (Enter on a repository): the local clone's state,
 * what a push would ship and a pull would bring, branches with the stale
 * and merged ones marked, and the recent tags. Built from the snapshots
 * of STORE_PIPELINES and STORE_GIT each time they change. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/clock.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"
#include "textview.h"
#include "views.h"

struct repo_view {
	char		*repo;
	struct textview	 tv;
	char		 status[300];
};

#define VIEW_REPO_TAGS	20

static void
add_commits(struct textview *tv, const char *what, size_t shown, int total,
    const struct git_commit_info *c, time_t now)
{
	char age[16];
	size_t i;

	textview_add(tv, EL_HELP_TITLE, "%s (%d%s)", what, total,
	    total > (int)shown ? ", newest shown" : "");
	for (i = 0; i < shown; i++) {
		clock_format_span(age, sizeof age, (long long)(now - c[i].time));
		textview_add(tv, EL_NORMAL, "  %.7s %5s  %-16.16s %s", c[i].sha,
		    age, c[i].author, c[i].subject);
	}
}

static void
add_head(struct textview *tv, const struct git_snapshot *g,
    const struct repo_runs *rr)
{
	enum verdict v;
	char tree[64];
	size_t n;

	v = repo_runs_sha_verdict(rr, g->head_sha, &n);
	textview_add(tv, EL_NORMAL, "HEAD      %s @%.7s %s",
	    g->detached ? "(detached)" : g->branch != NULL ? g->branch : "?",
	    g->head_sha, g->head_subject != NULL ? g->head_subject : "");
	textview_add(tv, n == 0 ? EL_DIM : draw_verdict_element(v),
	    "CI        %s", n == 0 ? "no run of this commit in the list" :
	    verdict_word(v));
	gitrepo_tree_words(g, tree, sizeof tree);
	textview_add(tv, g->dirty + g->untracked == 0 ? EL_NORMAL : EL_STALE,
	    "Tree      %s", tree);
	if (g->upstream == NULL || g->ahead < 0)
		textview_add(tv, EL_DIM, "Upstream  none");
	else
		textview_add(tv, EL_NORMAL, "Upstream  %s: %d ahead, %d behind",
		    g->upstream, g->ahead, g->behind);
}

static void
add_files(struct textview *tv, const struct git_snapshot *g)
{
	size_t i, risky = 0;

	if (g->ahead <= 0)
		return;
	for (i = 0; i < g->noutgoing_files; i++)
		risky += g->outgoing_files[i].risky;
	if (g->ahead > GIT_SNAPSHOT_MAX_RANGE)
		textview_add(tv, EL_DIM, "Files a push ships: not listed "
		    "beyond %d commits", GIT_SNAPSHOT_MAX_RANGE);
	else
		textview_add(tv, EL_HELP_TITLE, "Files a push ships (%zu, "
		    "%zu risky)", g->noutgoing_files, risky);
	for (i = 0; i < g->noutgoing_files; i++)
		textview_add(tv, g->outgoing_files[i].risky ? EL_ERROR :
		    EL_NORMAL, "  %s %s", g->outgoing_files[i].risky ? "!" :
		    " ", g->outgoing_files[i].path);
}

static void
add_branches(struct textview *tv, const struct git_snapshot *g, time_t now)
{
	const struct git_branch *b;
	char age[16], vs[32];
	size_t i, stale = 0;

	for (i = 0; i < g->nbranches; i++)
		stale += g->branches[i].stale;
	textview_add(tv, EL_HELP_TITLE, "Branches (%zu, %zu stale) vs %s",
	    g->nbranches, stale, g->default_branch != NULL ?
	    g->default_branch : "(no default branch)");
	for (i = 0; i < g->nbranches; i++) {
		b = &g->branches[i];
		clock_format_span(age, sizeof age, (long long)(now - b->time));
		if (b->ahead >= 0)
			snprintf(vs, sizeof vs, "+%d -%d", b->ahead, b->behind);
		else
			snprintf(vs, sizeof vs, "?");
		textview_add(tv, b->stale ? EL_STALE : EL_NORMAL,
		    "  %-20.20s %.7s %5s %-9s %-13s %s", b->name, b->sha, age,
		    vs, b->stale && b->merged ? "stale merged" : b->stale ?
		    "stale" : b->merged ? "merged" : "", b->author);
	}
}

static void
add_tags(struct textview *tv, const struct git_snapshot *g, time_t now)
{
	char age[16];
	size_t i;

	textview_add(tv, EL_HELP_TITLE, "Tags (%zu%s)", g->ntags,
	    g->ntags > VIEW_REPO_TAGS ? ", newest shown" : "");
	for (i = 0; i < g->ntags && i < VIEW_REPO_TAGS; i++) {
		clock_format_span(age, sizeof age,
		    (long long)(now - g->tags[i].time));
		textview_add(tv, EL_NORMAL, "  %-20.20s %.7s %5s",
		    g->tags[i].name, g->tags[i].sha, age);
	}
}

static void
build(struct textview *tv, const char *repo, const struct repo_runs *rr,
    const struct git_snapshot *g, time_t now)
{
	textview_clear(tv);
	textview_add(tv, EL_REPO, "%s", repo);
	if (g == NULL) {
		textview_add(tv, EL_DIM, "No local clone: set [repo \"%s\"] "
		    "path = DIR in the config to see branches and tags.", repo);
		return;
	}
	textview_add(tv, EL_DIM, "%s", g->path != NULL ? g->path : "");
	if (g->error != NULL) {
		textview_add(tv, EL_ERROR, "%s", g->error);
		return;
	}
	add_head(tv, g, rr);
	textview_add(tv, EL_NORMAL, "%s", "");
	if (g->upstream != NULL && g->ahead >= 0) {
		add_commits(tv, "Outgoing: on HEAD, not upstream",
		    g->noutgoing, g->ahead, g->outgoing, now);
		add_files(tv, g);
		add_commits(tv, "Incoming: upstream, not on HEAD",
		    g->nincoming, g->behind, g->incoming, now);
		textview_add(tv, EL_NORMAL, "%s", "");
	}
	add_branches(tv, g, now);
	textview_add(tv, EL_NORMAL, "%s", "");
	add_tags(tv, g, now);
}

static void
repo_on_data(void *priv, struct store *store)
{
	struct repo_view *v = priv;
	struct snapset *runs = store_acquire(store, STORE_PIPELINES);
	struct snapset *git = store_acquire(store, STORE_GIT);

	build(&v->tv, v->repo, snapset_find_data(runs, v->repo),
	    snapset_find_data(git, v->repo), time(NULL));
	store_release(&git);
	store_release(&runs);
}

static void *
repo_open(struct view_stack *s, const void *args)
{
	const struct view_repo_args *a = args;
	struct repo_view *v = xcalloc(1, sizeof *v);

	v->repo = xstrdup(a->repo);
	textview_init(&v->tv);
	repo_on_data(v, s->store);
	return v;
}

static void
repo_close(void *priv)
{
	struct repo_view *v = priv;

	textview_done(&v->tv);
	free(v->repo);
	free(v);
}

static void
repo_draw(void *priv, WINDOW *w, time_t now)
{
	(void)now;
	textview_draw(&((struct repo_view *)priv)->tv, w);
}

static int
repo_key(void *priv, enum action a, int rows)
{
	return textview_key(&((struct repo_view *)priv)->tv, a, rows) ?
	    PANE_HANDLED | PANE_REDRAW : 0;
}

static const char *
repo_status(void *priv)
{
	struct repo_view *v = priv;

	snprintf(v->status, sizeof v->status, "%s > repository", v->repo);
	return v->status;
}

/* What the hints and the help offer here (the keys: the keymap). */
static const enum action repo_acts[] = {
	OD_MOTION_ACTS,
};

const struct view_ops view_repo_ops = {
	.name = "repository",
	.domains = PANE_DOMAIN(STORE_PIPELINES) | PANE_DOMAIN(STORE_GIT),
	.open = repo_open,
	.close = repo_close,
	.on_data = repo_on_data,
	.draw = repo_draw,
	.key = repo_key,
	.status = repo_status,
	.acts = repo_acts,
	.nacts = sizeof repo_acts / sizeof repo_acts[0],
};
