/* runlist: rows of the pipelines pane, filtered and sorted. Repositories
 * hold at most a few pages of runs, so the grouping is plain quadratic
 * scans over small arrays; qsort_r carries the sort key and the time. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/rx.h"
#include "opsdeck/runlist.h"
#include "opsdeck/xalloc.h"

struct sortctx {
	enum runlist_sort sort;
	time_t		 now;
};

/* One workflow of one repository: its runs shown, and the latest run of
 * all (the workflow's current state, shown or not). */
struct group {
	const struct run **runs;
	size_t		 n;
	const struct run *latest;
};

int
runlist_filter_set(struct runlist_filter *f, const char *text, char **cause)
{
	struct rx *rx = NULL;
	struct rx_match *md = NULL;
	const char *pat = text;
	char *copy = NULL;
	bool negate = false;

	if (text != NULL && *text == '!') {
		negate = true;
		pat++;
	}
	if (text != NULL && *pat != '\0') {
		if ((rx = rx_new(pat, RX_CASELESS, cause)) == NULL)
			return -1;
		if ((md = rx_match_new(rx)) == NULL) {
			rx_free(&rx);
			*cause = xstrdup("out of memory");
			return -1;
		}
		copy = xstrdup(text);
	}
	runlist_filter_done(f);
	f->rx = rx;
	f->md = md;
	f->negate = negate;
	f->text = copy;
	return 0;
}

void
runlist_filter_done(struct runlist_filter *f)
{
	rx_match_free(&f->md);
	rx_free(&f->rx);
	free(f->text);
	memset(f, 0, sizeof *f);
}

static bool
field_matches(const struct runlist_filter *f, const char *s)
{
	return s != NULL && rx_exec(f->rx, f->md, s, strlen(s), 0, NULL,
	    NULL) == 1;
}

bool
runlist_match(const struct runlist_filter *f, const struct repo_runs *rr,
    const struct run *r)
{
	bool hit;

	if (f == NULL || f->rx == NULL)
		return true;
	hit = field_matches(f, rr->repo);
	if (!hit && r != NULL)
		hit = field_matches(f, r->name) ||
		    field_matches(f, r->display_title) ||
		    field_matches(f, r->head_branch) ||
		    field_matches(f, r->actor) ||
		    field_matches(f, r->status) ||
		    field_matches(f, r->conclusion) ||
		    field_matches(f, verdict_word(verdict_of(r->status,
		    r->conclusion)));
	return hit != f->negate;
}

const char *
runlist_sort_name(enum runlist_sort s)
{
	static const char *const names[RL_SORT_COUNT] = {
		[RL_SORT_STATUS] = "status",
		[RL_SORT_AGE] = "age",
		[RL_SORT_DURATION] = "duration",
	};

	return s < RL_SORT_COUNT ? names[s] : "?";
}

static int
cmp_num(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

static int
run_cmp_by(const struct run *a, const struct run *b,
    const struct sortctx *c)
{
	int d = 0;

	switch (c->sort) {
	case RL_SORT_STATUS:
		d = cmp_num(verdict_of(a->status, a->conclusion),
		    verdict_of(b->status, b->conclusion));
		break;
	case RL_SORT_DURATION:
		d = cmp_num(run_seconds(b, c->now), run_seconds(a, c->now));
		break;
	default:
		break;
	}
	if (d != 0)
		return d;
	if (run_newer(a, b))
		return -1;
	return run_newer(b, a) ? 1 : 0;
}

/* Inside a workflow the status sort is history, newest first: an old
 * failure a newer run fixed must not float above it. */
static int
run_cmp(const void *x, const void *y, void *arg)
{
	const struct sortctx *c = arg;
	struct sortctx age = { RL_SORT_AGE, c->now };

	return run_cmp_by(*(const struct run *const *)x,
	    *(const struct run *const *)y, c->sort == RL_SORT_STATUS ? &age : c);
}

/* A workflow ranks by its latest run under the status sort (what it is
 * now), and by its best run under the others. */
static int
group_cmp(const void *x, const void *y, void *arg)
{
	const struct group *a = x, *b = y;
	const struct sortctx *c = arg;
	int d;

	if (c->sort == RL_SORT_STATUS)
		d = run_cmp_by(a->latest, b->latest, c);
	else
		d = run_cmp_by(a->runs[0], b->runs[0], c);
	if (d != 0)
		return d;
	return strcmp(a->latest->name != NULL ? a->latest->name : "",
	    b->latest->name != NULL ? b->latest->name : "");
}

static const struct run *
repo_best(const struct repo_runs *rr, const struct sortctx *c)
{
	const struct run *best = NULL;
	size_t i;

	for (i = 0; i < rr->nruns; i++) {
		if (best == NULL || run_cmp_by(&rr->runs[i], best, c) < 0)
			best = &rr->runs[i];
	}
	return best;
}

static int
repo_cmp(const void *x, const void *y, void *arg)
{
	const struct repo_runs *a = *(const struct repo_runs *const *)x;
	const struct repo_runs *b = *(const struct repo_runs *const *)y;
	const struct sortctx *c = arg;
	const struct run *ra, *rb;
	int d = 0;

	if (c->sort == RL_SORT_STATUS)
		d = cmp_num(repo_runs_verdict(a), repo_runs_verdict(b));
	else {
		ra = repo_best(a, c);
		rb = repo_best(b, c);
		if (ra != NULL && rb != NULL)
			d = run_cmp_by(ra, rb, c);
		else
			d = (ra == NULL) - (rb == NULL);
	}
	return d != 0 ? d : strcmp(a->repo, b->repo);
}

/* Groups the repository's runs that pass the filter by workflow. */
static int
group_runs(const struct repo_runs *rr, const struct runlist_filter *f,
    struct group *g, size_t *ng, const struct run **pool)
{
	size_t i, k, n = 0, used = 0;

	for (i = 0; i < rr->nruns; i++) {
		for (k = 0; k < n; k++)
			if (run_same_workflow(g[k].latest, &rr->runs[i]))
				break;
		if (k == n) {
			g[n].latest = &rr->runs[i];
			g[n].runs = NULL;
			g[n++].n = 0;
		} else if (run_newer(&rr->runs[i], g[k].latest))
			g[k].latest = &rr->runs[i];
	}
	/* Each group's runs are a slice of pool, in group order. */
	for (k = 0; k < n; k++) {
		g[k].runs = pool + used;
		for (i = 0; i < rr->nruns; i++) {
			if (run_same_workflow(g[k].latest, &rr->runs[i]) &&
			    runlist_match(f, rr, &rr->runs[i]))
				g[k].runs[g[k].n++] = &rr->runs[i];
		}
		used += g[k].n;
	}
	*ng = n;
	return 0;
}

static void
emit(struct runlist_row **rows, size_t *n, size_t *cap,
    struct runlist_row row)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*rows = xreallocarray(*rows, *cap, sizeof **rows);
	}
	(*rows)[(*n)++] = row;
}

static void
build_repo(const struct repo_runs *rr, const struct runlist_filter *f,
    struct sortctx *c, struct runlist_row **rows, size_t *n, size_t *cap)
{
	struct group *g = xcalloc(rr->nruns + 1, sizeof *g);
	const struct run **pool = xcalloc(rr->nruns + 1, sizeof *pool);
	struct runlist_row row;
	size_t ng = 0, k, i, shown = 0;

	group_runs(rr, f, g, &ng, pool);
	for (k = 0; k < ng; k++) {
		shown += g[k].n;
		if (g[k].n > 1)
			qsort_r(g[k].runs, g[k].n, sizeof *g[k].runs, run_cmp, c);
	}
	if (shown == 0 && (rr->nruns > 0 || !runlist_match(f, rr, NULL)))
		goto out;	/* filtered away */
	memset(&row, 0, sizeof row);
	row.kind = RL_REPO;
	row.rr = rr;
	row.nshown = shown;
	emit(rows, n, cap, row);
	/* Groups with nothing shown sort last and are skipped. */
	for (k = 0, i = 0; k < ng; k++)
		if (g[k].n > 0)
			g[i++] = g[k];
	ng = i;
	qsort_r(g, ng, sizeof *g, group_cmp, c);
	for (k = 0; k < ng; k++) {
		row.kind = RL_WORKFLOW;
		row.run = g[k].latest;
		row.workflow = g[k].latest->name;
		row.nshown = g[k].n;
		emit(rows, n, cap, row);
		for (i = 0; i < g[k].n; i++) {
			row.kind = RL_RUN;
			row.run = g[k].runs[i];
			row.nshown = 0;
			emit(rows, n, cap, row);
		}
	}
out:
	free(pool);
	free(g);
}

int
runlist_build(const struct repo_runs *const *repos, size_t n,
    const struct runlist_filter *f, enum runlist_sort sort, time_t now,
    struct runlist_row **rows, size_t *nrows)
{
	struct sortctx c = { sort, now };
	const struct repo_runs **order;
	struct runlist_row *out = NULL;
	size_t i, nout = 0, cap = 0;

	*rows = NULL;
	*nrows = 0;
	order = xcalloc(n + 1, sizeof *order);
	memcpy(order, repos, n * sizeof *order);
	qsort_r(order, n, sizeof *order, repo_cmp, &c);
	for (i = 0; i < n; i++)
		build_repo(order[i], f, &c, &out, &nout, &cap);
	free(order);
	*rows = out;
	*nrows = nout;
	return 0;
}

void
runlist_trend(const struct repo_runs *rr, const struct run *r, time_t now,
    struct runlist_trend *t)
{
	const struct run *pick[RUNLIST_TREND];
	const struct run *x;
	size_t i;
	int k, n = 0;

	memset(t, 0, sizeof *t);
	/* The newest completed runs of the workflow, newest first. */
	for (i = 0; i < rr->nruns; i++) {
		x = &rr->runs[i];
		if (!run_same_workflow(x, r) || !run_completed(x))
			continue;
		for (k = n; k > 0 && run_newer(x, pick[k - 1]); k--)
			if (k < RUNLIST_TREND)
				pick[k] = pick[k - 1];
		if (k < RUNLIST_TREND) {
			pick[k] = x;
			if (n < RUNLIST_TREND)
				n++;
		}
	}
	t->nruns = n;
	for (k = 0; k < n; k++) {
		x = pick[n - 1 - k];
		t->seconds[k] = run_seconds(x, now);
		if (verdict_of(x->status, x->conclusion) == VERDICT_SUCCEEDED)
			t->nsucceeded++;
	}
}
