/* runlist: grouping by repository and workflow, the three sorts, the
 * filter (caseless, negated, bad patterns) and the workflow trend. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/runlist.h"
#include "../tap.h"

#define NOW	1000000

static void
set(struct run *r, int64_t id, int64_t wf, const char *name,
    const char *branch, const char *actor, const char *status,
    const char *conclusion, time_t created, int secs)
{
	memset(r, 0, sizeof *r);
	r->id = id;
	r->workflow_id = wf;
	r->name = strdup(name);
	r->head_branch = strdup(branch);
	r->actor = strdup(actor);
	r->status = strdup(status);
	r->conclusion = conclusion != NULL ? strdup(conclusion) : NULL;
	r->created_at = r->run_started_at = created;
	r->updated_at = created + secs;
	r->njobs_total = -1;
}

static struct repo_runs *
repo(const char *name, size_t n)
{
	struct repo_runs *rr = calloc(1, sizeof *rr);

	rr->repo = strdup(name);
	rr->runs = calloc(n + 1, sizeof *rr->runs);
	rr->nruns = n;
	return rr;
}

/* "R:name W:CI r:7 ..." over the rows, for exact comparisons. */
static char *
shape(const struct runlist_row *rows, size_t n)
{
	static char buf[2048];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < sizeof buf - 64; i++) {
		if (rows[i].kind == RL_REPO)
			len += snprintf(buf + len, sizeof buf - len, "%sR:%s",
			    i ? " " : "", rows[i].rr->repo);
		else if (rows[i].kind == RL_WORKFLOW)
			len += snprintf(buf + len, sizeof buf - len, " W:%s",
			    rows[i].workflow);
		else
			len += snprintf(buf + len, sizeof buf - len, " %lld",
			    (long long)rows[i].run->id);
	}
	return buf;
}

static struct repo_runs *a, *b, *c;

static void
fixtures(void)
{
	/* a: CI green now (an old failure fixed), Deploy failing. */
	a = repo("octo/api", 4);
	set(&a->runs[0], 1, 10, "CI", "main", "ann", "completed", "failure",
	    NOW - 900, 100);
	set(&a->runs[1], 2, 10, "CI", "main", "bob", "completed", "success",
	    NOW - 600, 300);
	set(&a->runs[2], 3, 20, "Deploy", "main", "ann", "completed",
	    "failure", NOW - 500, 50);
	set(&a->runs[3], 4, 10, "CI", "feature/x", "Cid", "in_progress", NULL,
	    NOW - 60, 0);
	/* b: all green, the newest run overall. */
	b = repo("octo/web", 2);
	set(&b->runs[0], 5, 30, "Build", "main", "dee", "completed", "success",
	    NOW - 30, 20);
	set(&b->runs[1], 6, 30, "Build", "dev", "dee", "completed", "success",
	    NOW - 3000, 2000);
	c = repo("octo/empty", 0);
}

static void
test_status_sort(void)
{
	const struct repo_runs *repos[3];
	struct runlist_row *rows;
	size_t n;

	repos[0] = c; repos[1] = b; repos[2] = a;
	ok(runlist_build(repos, 3, NULL, RL_SORT_STATUS, NOW, &rows, &n) == 0,
	    "build");
	is_str(shape(rows, n), "R:octo/api W:Deploy 3 W:CI 4 2 1 "
	    "R:octo/web W:Build 5 6 R:octo/empty",
	    "status: failing repo first; in it the failing workflow first; "
	    "a workflow's runs newest first");
	ok(n > 2 && rows[0].nshown == 4 && rows[3].nshown == 3,
	    "shown counts per repo and workflow");
	ok(n > 3 && rows[3].run == &a->runs[3], "a workflow row carries its "
	    "latest run (the one in progress)");
	free(rows);
}

static void
test_other_sorts(void)
{
	const struct repo_runs *repos[3] = { a, b, c };
	struct runlist_row *rows;
	size_t n;

	runlist_build(repos, 3, NULL, RL_SORT_AGE, NOW, &rows, &n);
	is_str(shape(rows, n), "R:octo/web W:Build 5 6 R:octo/api W:CI 4 2 1 "
	    "W:Deploy 3 R:octo/empty", "age: newest first at every level");
	free(rows);
	runlist_build(repos, 3, NULL, RL_SORT_DURATION, NOW, &rows, &n);
	is_str(shape(rows, n), "R:octo/web W:Build 6 5 R:octo/api W:CI 2 1 4 "
	    "W:Deploy 3 R:octo/empty", "duration: longest first (the running "
	    "one counts its elapsed 60 s)");
	free(rows);
	is_str(runlist_sort_name(RL_SORT_DURATION), "duration", "sort name");
}

static void
test_filter(void)
{
	const struct repo_runs *repos[3] = { a, b, c };
	struct runlist_filter f;
	struct runlist_row *rows;
	char *cause = NULL;
	size_t n;

	memset(&f, 0, sizeof f);
	ok(runlist_filter_set(&f, "CID", &cause) == 0, "filter set");
	runlist_build(repos, 3, &f, RL_SORT_STATUS, NOW, &rows, &n);
	is_str(shape(rows, n), "R:octo/api W:CI 4", "caseless, over the actor");
	free(rows);
	runlist_filter_set(&f, "^failed$", &cause);
	runlist_build(repos, 3, &f, RL_SORT_STATUS, NOW, &rows, &n);
	is_str(shape(rows, n), "R:octo/api W:Deploy 3 W:CI 1",
	    "the verdict word");
	ok(n == 5 && rows[3].run == &a->runs[3] && rows[3].nshown == 1,
	    "a workflow row shows its latest run even when filtered away");
	free(rows);
	runlist_filter_set(&f, "!main", &cause);
	runlist_build(repos, 3, &f, RL_SORT_STATUS, NOW, &rows, &n);
	is_str(shape(rows, n), "R:octo/api W:CI 4 R:octo/web W:Build 6 "
	    "R:octo/empty", "! negates: runs off main (and the empty repo, "
	    "whose name does not match)");
	free(rows);
	a->runs[2].display_title = strdup("Roll out the NEW cache");
	runlist_filter_set(&f, "new cache", &cause);
	runlist_build(repos, 3, &f, RL_SORT_STATUS, NOW, &rows, &n);
	is_str(shape(rows, n), "R:octo/api W:Deploy 3", "the run's title");
	free(rows);
	runlist_filter_set(&f, "empty", &cause);
	runlist_build(repos, 3, &f, RL_SORT_STATUS, NOW, &rows, &n);
	is_str(shape(rows, n), "R:octo/empty", "a repo without runs, by name");
	free(rows);
	runlist_filter_set(&f, "web", &cause);
	runlist_build(repos, 3, &f, RL_SORT_STATUS, NOW, &rows, &n);
	is_str(shape(rows, n), "R:octo/web W:Build 5 6", "every run of a "
	    "repository matched by its name");
	free(rows);
	ok(runlist_filter_set(&f, "(unclosed", &cause) == -1 && cause != NULL,
	    "a bad pattern is refused (%s)", cause != NULL ? cause : "");
	free(cause);
	is_str(f.text, "web", "and the filter before it stays");
	runlist_filter_set(&f, "", &cause);
	ok(f.rx == NULL && f.text == NULL, "empty text clears");
	runlist_filter_done(&f);
}

static void
test_trend(void)
{
	struct repo_runs *r = repo("o/t", 25);
	struct runlist_trend t;
	int i;

	for (i = 0; i < 25; i++)
		set(&r->runs[i], 100 + i, 1, "CI", "main", "x", "completed",
		    i % 4 == 0 ? "failure" : "success", NOW - 10000 + i * 100,
		    10 + i);
	free(r->runs[24].status);
	r->runs[24].status = strdup("in_progress");
	runlist_trend(r, &r->runs[0], NOW, &t);
	is_int(t.nruns, 20, "trend: the last 20 completed runs");
	ok(t.seconds[0] == 14 && t.seconds[19] == 33,
	    "oldest first, the running one left out (%lld..%lld)",
	    t.seconds[0], t.seconds[19]);
	is_int(t.nsucceeded, 15, "successes among them (runs 4..23)");
	repo_runs_free(&r);
}

int
main(void)
{
	fixtures();
	test_status_sort();
	test_other_sorts();
	test_filter();
	test_trend();
	repo_runs_free(&a);
	repo_runs_free(&b);
	repo_runs_free(&c);
	return tap_done();
}
