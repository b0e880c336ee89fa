/* run: verdicts, destructors, deep copy and ordering of workflow runs. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/run.h"
#include "opsdeck/xalloc.h"

struct verdict_name {
	const char	*name;
	enum verdict	 verdict;
};

/* Values of status that mean "not finished yet". */
static const struct verdict_name run_statuses[] = {
	{ "in_progress", VERDICT_RUNNING },
	{ "queued", VERDICT_QUEUED },
	{ "requested", VERDICT_QUEUED },
	{ "pending", VERDICT_QUEUED },
	{ "waiting", VERDICT_ACTION },
	{ "action_required", VERDICT_ACTION },
};

/* Values of conclusion (startup_failure is real but not in the spec enum). */
static const struct verdict_name run_conclusions[] = {
	{ "failure", VERDICT_FAILED },
	{ "timed_out", VERDICT_FAILED },
	{ "startup_failure", VERDICT_FAILED },
	{ "action_required", VERDICT_ACTION },
	{ "cancelled", VERDICT_CANCELLED },
	{ "stale", VERDICT_CANCELLED },
	{ "success", VERDICT_SUCCEEDED },
	{ "skipped", VERDICT_SKIPPED },
	{ "neutral", VERDICT_SKIPPED },
};

static const struct {
	const char	*word;
	const char	*glyph;
} run_verdicts[] = {
	[VERDICT_FAILED] = { "failed", "x" },
	[VERDICT_ACTION] = { "action", "!" },
	[VERDICT_RUNNING] = { "running", ">" },
	[VERDICT_QUEUED] = { "queued", "." },
	[VERDICT_CANCELLED] = { "cancelled", "-" },
	[VERDICT_SUCCEEDED] = { "succeeded", "+" },
	[VERDICT_SKIPPED] = { "skipped", "~" },
	[VERDICT_UNKNOWN] = { "unknown", "?" },
};

static int
run_lookup(const struct verdict_name *t, size_t n, const char *s,
    enum verdict *out)
{
	size_t	i;

	if (s == NULL)
		return (-1);
	for (i = 0; i < n; i++) {
		if (strcmp(t[i].name, s) == 0) {
			*out = t[i].verdict;
			return (0);
		}
	}
	return (-1);
}

/*
 * A known unfinished status wins; otherwise (completed, null or an unknown
 * status) the conclusion decides, and a missing or unknown conclusion is
 * UNKNOWN rather than a guess.
 */
enum verdict
verdict_of(const char *status, const char *conclusion)
{
	enum verdict	v;

	if (run_lookup(run_statuses, sizeof run_statuses /
	    sizeof run_statuses[0], status, &v) == 0)
		return (v);
	if (run_lookup(run_conclusions, sizeof run_conclusions /
	    sizeof run_conclusions[0], conclusion, &v) == 0)
		return (v);
	return (VERDICT_UNKNOWN);
}

const char *
verdict_word(enum verdict v)
{
	if ((unsigned)v > VERDICT_UNKNOWN)
		v = VERDICT_UNKNOWN;
	return (run_verdicts[v].word);
}

const char *
verdict_glyph(enum verdict v)
{
	if ((unsigned)v > VERDICT_UNKNOWN)
		v = VERDICT_UNKNOWN;
	return (run_verdicts[v].glyph);
}

void
step_done(struct step *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->status);
	free(s->conclusion);
	memset(s, 0, sizeof *s);
}

void
job_done(struct job *j)
{
	size_t	i;

	if (j == NULL)
		return;
	free(j->name);
	free(j->status);
	free(j->conclusion);
	free(j->runner_name);
	free(j->html_url);
	for (i = 0; i < j->nsteps; i++)
		step_done(&j->steps[i]);
	free(j->steps);
	memset(j, 0, sizeof *j);
}

void
run_done(struct run *r)
{
	size_t	i;

	if (r == NULL)
		return;
	free(r->name);
	free(r->display_title);
	free(r->head_branch);
	free(r->head_sha);
	free(r->event);
	free(r->status);
	free(r->conclusion);
	free(r->actor);
	free(r->html_url);
	for (i = 0; i < r->njobs; i++)
		job_done(&r->jobs[i]);
	free(r->jobs);
	memset(r, 0, sizeof *r);
	r->njobs_total = -1;
}

void
repo_runs_free(struct repo_runs **rrp)
{
	struct repo_runs	*rr;
	size_t			 i;

	if (rrp == NULL || (rr = *rrp) == NULL)
		return;
	for (i = 0; i < rr->nruns; i++)
		run_done(&rr->runs[i]);
	free(rr->runs);
	free(rr->repo);
	free(rr->error);
	free(rr);
	*rrp = NULL;
}

/* strdup that keeps NULL. */
static char *
run_strdup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

static void
run_copy_job(struct job *dst, const struct job *src)
{
	size_t	i;

	*dst = *src;
	dst->name = run_strdup(src->name);
	dst->status = run_strdup(src->status);
	dst->conclusion = run_strdup(src->conclusion);
	dst->runner_name = run_strdup(src->runner_name);
	dst->html_url = run_strdup(src->html_url);
	dst->steps = NULL;
	dst->nsteps = src->nsteps;
	if (src->nsteps == 0)
		return;
	dst->steps = xcalloc(src->nsteps, sizeof *dst->steps);
	for (i = 0; i < src->nsteps; i++) {
		dst->steps[i] = src->steps[i];
		dst->steps[i].name = run_strdup(src->steps[i].name);
		dst->steps[i].status = run_strdup(src->steps[i].status);
		dst->steps[i].conclusion = run_strdup(src->steps[i].conclusion);
	}
}

static void
run_copy(struct run *dst, const struct run *src)
{
	*dst = *src;
	dst->name = run_strdup(src->name);
	dst->display_title = run_strdup(src->display_title);
	dst->head_branch = run_strdup(src->head_branch);
	dst->head_sha = run_strdup(src->head_sha);
	dst->event = run_strdup(src->event);
	dst->status = run_strdup(src->status);
	dst->conclusion = run_strdup(src->conclusion);
	dst->actor = run_strdup(src->actor);
	dst->html_url = run_strdup(src->html_url);
	dst->jobs = NULL;
	dst->njobs = 0;
	run_copy_jobs(dst, src);
}

void
run_copy_jobs(struct run *dst, const struct run *src)
{
	struct job	*jobs = NULL;
	size_t		 i;

	if (src->njobs > 0)
		jobs = xcalloc(src->njobs, sizeof *jobs);
	for (i = 0; i < src->njobs; i++)
		run_copy_job(&jobs[i], &src->jobs[i]);
	dst->jobs = jobs;
	dst->njobs = src->njobs;
	dst->njobs_total = src->njobs_total;
	dst->njobs_done = src->njobs_done;
}

void
repo_runs_free_void(void *p)
{
	struct repo_runs *rr = p;

	repo_runs_free(&rr);
}

struct repo_runs *
repo_runs_dup(const struct repo_runs *src)
{
	struct repo_runs	*rr;
	size_t			 i;

	if (src == NULL)
		return (NULL);
	rr = xcalloc(1, sizeof *rr);
	rr->fetched_at = src->fetched_at;
	rr->stale = src->stale;
	rr->retry_at = src->retry_at;
	rr->repo = run_strdup(src->repo);
	rr->error = run_strdup(src->error);
	if (src->nruns > 0) {
		rr->runs = xcalloc(src->nruns, sizeof *rr->runs);
		for (i = 0; i < src->nruns; i++)
			run_copy(&rr->runs[i], &src->runs[i]);
		rr->nruns = src->nruns;
	}
	return (rr);
}

static int
run_cmp(const void *a, const void *b)
{
	const struct run	*ra = a, *rb = b;
	enum verdict		 va, vb;

	va = verdict_of(ra->status, ra->conclusion);
	vb = verdict_of(rb->status, rb->conclusion);
	if (va != vb)
		return (va < vb ? -1 : 1);
	if (ra->created_at != rb->created_at)
		return (ra->created_at > rb->created_at ? -1 : 1);
	if (ra->id != rb->id)
		return (ra->id > rb->id ? -1 : 1);
	return (0);
}

/* Failing first, then newest created first, then highest id first. */
void
repo_runs_sort(struct repo_runs *rr)
{
	if (rr == NULL || rr->nruns < 2)
		return;
	qsort(rr->runs, rr->nruns, sizeof *rr->runs, run_cmp);
}

/*
 * Runs of one workflow: same workflow_id, or, when GitHub gave none, the
 * same name. A run with neither stands alone.
 */
bool
run_same_workflow(const struct run *a, const struct run *b)
{
	if (a->workflow_id != 0 || b->workflow_id != 0)
		return (a->workflow_id == b->workflow_id);
	if (a->name == NULL || b->name == NULL)
		return (a == b);
	return (strcmp(a->name, b->name) == 0);
}

bool
run_newer(const struct run *a, const struct run *b)
{
	if (a->created_at != b->created_at)
		return (a->created_at > b->created_at);
	if (a->run_number != b->run_number)
		return (a->run_number > b->run_number);
	return (a->id > b->id);
}

/*
 * Only the latest run of each workflow counts, so a failure that a newer
 * run of the same workflow has fixed no longer marks the repository red.
 * No runs at all gives VERDICT_UNKNOWN. Quadratic, but a repository's
 * list is bounded by the source's page cap.
 */
enum verdict
repo_runs_verdict(const struct repo_runs *rr)
{
	return (repo_runs_sha_verdict(rr, NULL, NULL));
}

enum verdict
repo_runs_sha_verdict(const struct repo_runs *rr, const char *sha,
    size_t *nruns)
{
	enum verdict	 worst = VERDICT_UNKNOWN, v;
	size_t		 i, j, n = 0;
	int		 latest;

	for (i = 0; rr != NULL && i < rr->nruns; i++) {
		if (sha != NULL && (rr->runs[i].head_sha == NULL ||
		    strcmp(rr->runs[i].head_sha, sha) != 0))
			continue;
		n++;
		latest = 1;
		for (j = 0; j < rr->nruns && latest; j++) {
			if (j != i && (sha == NULL ||
			    (rr->runs[j].head_sha != NULL &&
			    strcmp(rr->runs[j].head_sha, sha) == 0)) &&
			    run_same_workflow(&rr->runs[i], &rr->runs[j]) &&
			    run_newer(&rr->runs[j], &rr->runs[i]))
				latest = 0;
		}
		if (!latest)
			continue;
		v = verdict_of(rr->runs[i].status, rr->runs[i].conclusion);
		if (v < worst)
			worst = v;
	}
	if (nruns != NULL)
		*nruns = n;
	return (worst);
}

bool
run_completed(const struct run *r)
{
	return (r->status != NULL && strcmp(r->status, "completed") == 0);
}

static long long
span(time_t start, time_t end, bool done, time_t now)
{
	if (start == 0)
		return (0);
	if (!done || end == 0)
		end = now;
	return (end > start ? (long long)(end - start) : 0);
}

long long
run_seconds(const struct run *r, time_t now)
{
	return (span(r->run_started_at != 0 ? r->run_started_at :
	    r->created_at, r->updated_at, run_completed(r), now));
}

long long
job_seconds(const struct job *j, time_t now)
{
	return (span(j->started_at, j->completed_at, j->status != NULL &&
	    strcmp(j->status, "completed") == 0, now));
}

long long
step_seconds(const struct step *s, time_t now)
{
	return (span(s->started_at, s->completed_at, s->status != NULL &&
	    strcmp(s->status, "completed") == 0, now));
}
