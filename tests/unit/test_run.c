/* test_run: verdicts, glyphs, deep copy, sort and the repository verdict. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/run.h"
#include "../tap.h"

static void
test_verdict_of(void)
{
	static const struct {
		const char	*status, *conclusion;
		enum verdict	 want;
	} t[] = {
		{ "completed", "success", VERDICT_SUCCEEDED },
		{ "completed", "failure", VERDICT_FAILED },
		{ "completed", "timed_out", VERDICT_FAILED },
		{ "completed", "startup_failure", VERDICT_FAILED },
		{ "completed", "action_required", VERDICT_ACTION },
		{ "completed", "cancelled", VERDICT_CANCELLED },
		{ "completed", "stale", VERDICT_CANCELLED },
		{ "completed", "skipped", VERDICT_SKIPPED },
		{ "completed", "neutral", VERDICT_SKIPPED },
		{ "completed", NULL, VERDICT_UNKNOWN },
		{ "completed", "brand_new", VERDICT_UNKNOWN },
		{ "in_progress", NULL, VERDICT_RUNNING },
		{ "queued", NULL, VERDICT_QUEUED },
		{ "requested", NULL, VERDICT_QUEUED },
		{ "pending", NULL, VERDICT_QUEUED },
		{ "waiting", NULL, VERDICT_ACTION },
		{ "action_required", NULL, VERDICT_ACTION },
		{ NULL, NULL, VERDICT_UNKNOWN },
		{ NULL, "failure", VERDICT_FAILED },
		{ "mystery", NULL, VERDICT_UNKNOWN },
		{ "", "", VERDICT_UNKNOWN },
	};
	size_t	i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		is_int(verdict_of(t[i].status, t[i].conclusion), t[i].want,
		    "verdict_of(%s, %s) = %s", t[i].status ? t[i].status :
		    "NULL", t[i].conclusion ? t[i].conclusion : "NULL",
		    verdict_word(t[i].want));
}

static void
test_words_glyphs(void)
{
	int	v, w;

	is_str(verdict_word(VERDICT_FAILED), "failed", "word failed");
	is_str(verdict_word(VERDICT_SUCCEEDED), "succeeded", "word succeeded");
	is_str(verdict_word(VERDICT_RUNNING), "running", "word running");
	is_str(verdict_glyph(VERDICT_FAILED), "x", "glyph failed");
	is_str(verdict_glyph(VERDICT_ACTION), "!", "glyph action");
	is_str(verdict_glyph(VERDICT_RUNNING), ">", "glyph running");
	is_str(verdict_glyph(VERDICT_QUEUED), ".", "glyph queued");
	is_str(verdict_glyph(VERDICT_CANCELLED), "-", "glyph cancelled");
	is_str(verdict_glyph(VERDICT_SUCCEEDED), "+", "glyph succeeded");
	is_str(verdict_glyph(VERDICT_SKIPPED), "~", "glyph skipped");
	is_str(verdict_glyph(VERDICT_UNKNOWN), "?", "glyph unknown");
	is_str(verdict_glyph((enum verdict)99), "?", "out of range glyph");
	is_str(verdict_word((enum verdict)-1), "unknown", "negative word");
	/* Distinct, one printable ASCII column each, so never colour alone. */
	for (v = 0; v <= VERDICT_UNKNOWN; v++) {
		const char *g = verdict_glyph((enum verdict)v);

		ok(strlen(g) == 1 && g[0] > ' ' && g[0] < 0x7f,
		    "glyph %d is one printable ASCII char", v);
		for (w = 0; w < v; w++)
			ok(strcmp(g, verdict_glyph((enum verdict)w)) != 0 &&
			    strcmp(verdict_word((enum verdict)v),
			    verdict_word((enum verdict)w)) != 0,
			    "glyph and word %d differ from %d", v, w);
	}
}

static void
set_run(struct run *r, int64_t id, int64_t wf, const char *status,
    const char *conclusion, time_t created)
{
	memset(r, 0, sizeof *r);
	r->id = id;
	r->workflow_id = wf;
	r->status = status ? strdup(status) : NULL;
	r->conclusion = conclusion ? strdup(conclusion) : NULL;
	r->created_at = created;
	r->njobs_total = -1;
}

static struct repo_runs *
make_repo(size_t n)
{
	struct repo_runs	*rr;

	rr = calloc(1, sizeof *rr);
	rr->repo = strdup("acme/api");
	rr->runs = calloc(n, sizeof *rr->runs);
	rr->nruns = n;
	return (rr);
}

static void
test_sort(void)
{
	struct repo_runs	*rr = make_repo(6);

	set_run(&rr->runs[0], 10, 1, "completed", "success", 500);
	set_run(&rr->runs[1], 11, 2, "in_progress", NULL, 400);
	set_run(&rr->runs[2], 12, 3, "completed", "failure", 100);
	set_run(&rr->runs[3], 13, 4, "completed", "failure", 300);
	set_run(&rr->runs[4], 14, 5, "completed", "success", 500);
	set_run(&rr->runs[5], 15, 6, "odd", NULL, 900);
	repo_runs_sort(rr);
	is_int(rr->runs[0].id, 13, "newest failure first");
	is_int(rr->runs[1].id, 12, "older failure second");
	is_int(rr->runs[2].id, 11, "running next");
	is_int(rr->runs[3].id, 14, "success, same time: higher id first");
	is_int(rr->runs[4].id, 10, "then lower id");
	is_int(rr->runs[5].id, 15, "unknown last");
	repo_runs_sort(NULL);
	repo_runs_free(&rr);
	ok(rr == NULL, "repo_runs_free sets NULL");
	repo_runs_free(&rr);
	repo_runs_free(NULL);
}

static void
test_repo_verdict(void)
{
	struct repo_runs	*rr = make_repo(4);

	/* An old failure superseded by a newer success of the same workflow. */
	set_run(&rr->runs[0], 1, 7, "completed", "failure", 100);
	set_run(&rr->runs[1], 2, 7, "completed", "success", 200);
	set_run(&rr->runs[2], 3, 8, "completed", "skipped", 50);
	set_run(&rr->runs[3], 4, 9, "queued", NULL, 300);
	is_int(repo_runs_verdict(rr), VERDICT_QUEUED,
	    "superseded failure does not count");
	/* Now the newest run of workflow 7 fails. */
	free(rr->runs[1].conclusion);
	rr->runs[1].conclusion = strdup("failure");
	free(rr->runs[0].conclusion);
	rr->runs[0].conclusion = strdup("success");
	is_int(repo_runs_verdict(rr), VERDICT_FAILED, "latest failure counts");
	/* Same created_at: run_number decides which is latest. */
	rr->runs[0].created_at = rr->runs[1].created_at = 200;
	rr->runs[0].run_number = 9;
	rr->runs[1].run_number = 8;
	is_int(repo_runs_verdict(rr), VERDICT_QUEUED,
	    "run_number breaks a created_at tie");
	/* Without workflow ids, the name groups runs. */
	rr->runs[0].workflow_id = rr->runs[1].workflow_id = 0;
	rr->runs[0].name = strdup("CI");
	rr->runs[1].name = strdup("CI");
	is_int(repo_runs_verdict(rr), VERDICT_QUEUED, "grouped by name");
	free(rr->runs[0].name);
	rr->runs[0].name = strdup("Other");
	is_int(repo_runs_verdict(rr), VERDICT_FAILED, "different names count");
	repo_runs_free(&rr);

	rr = make_repo(0);
	is_int(repo_runs_verdict(rr), VERDICT_UNKNOWN, "no runs: unknown");
	repo_runs_free(&rr);
	is_int(repo_runs_verdict(NULL), VERDICT_UNKNOWN, "NULL: unknown");
}

/* Is the commit checked out green? Only its own runs count. */
static void
test_sha_verdict(void)
{
	struct repo_runs	*rr = make_repo(4);
	const char		*a = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	const char		*b = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
	size_t			 n = 99;
	int			 i;

	set_run(&rr->runs[0], 1, 7, "completed", "failure", 100);
	set_run(&rr->runs[1], 2, 8, "completed", "success", 100);
	set_run(&rr->runs[2], 3, 7, "completed", "success", 200);
	set_run(&rr->runs[3], 4, 7, "in_progress", NULL, 300);
	for (i = 0; i < 3; i++)
		rr->runs[i].head_sha = strdup(a);
	rr->runs[3].head_sha = strdup(b);
	is_int(repo_runs_sha_verdict(rr, a, &n), VERDICT_SUCCEEDED,
	    "a: the re-run success supersedes the failure");
	is_int((int)n, 3, "a: three runs of that commit");
	is_int(repo_runs_sha_verdict(rr, b, &n), VERDICT_RUNNING,
	    "b: its own run only (running)");
	is_int((int)n, 1, "b: one run");
	is_int(repo_runs_sha_verdict(rr, "cccc", &n), VERDICT_UNKNOWN,
	    "a commit without runs: unknown");
	is_int((int)n, 0, "no runs counted");
	is_int(repo_runs_verdict(rr), VERDICT_RUNNING,
	    "over every commit the newest run of 7 counts");
	repo_runs_free(&rr);
}

static void
test_dup(void)
{
	struct repo_runs	*rr = make_repo(2), *cp;
	struct job		*j;

	set_run(&rr->runs[0], 1, 7, "completed", "failure", 100);
	set_run(&rr->runs[1], 2, 7, "in_progress", NULL, 200);
	rr->runs[0].display_title = strdup("Fix \033[31m it");
	rr->runs[0].actor = strdup("octocat");
	rr->error = strdup("HTTP 502");
	rr->stale = true;
	rr->fetched_at = 1234;
	rr->runs[0].jobs = j = calloc(1, sizeof *j);
	rr->runs[0].njobs = 1;
	rr->runs[0].njobs_total = 1;
	j->id = 77;
	j->name = strdup("build");
	j->steps = calloc(2, sizeof *j->steps);
	j->nsteps = 2;
	j->steps[0].name = strdup("Set up job");
	j->steps[1].name = strdup("Run tests");
	j->steps[1].conclusion = strdup("failure");
	j->steps[1].number = 2;

	cp = repo_runs_dup(rr);
	ok(cp != NULL, "dup");
	if (cp == NULL)
		goto out;
	ok(cp->repo != rr->repo && strcmp(cp->repo, "acme/api") == 0,
	    "repo copied");
	is_str(cp->error, "HTTP 502", "error copied");
	ok(cp->stale && cp->fetched_at == 1234, "scalars copied");
	is_int(cp->nruns, 2, "nruns");
	ok(cp->runs != rr->runs, "runs array is new");
	is_str(cp->runs[0].display_title, "Fix \033[31m it", "title copied");
	ok(cp->runs[0].display_title != rr->runs[0].display_title,
	    "title is a new string");
	ok(cp->runs[1].conclusion == NULL && cp->runs[1].actor == NULL,
	    "NULLs stay NULL");
	is_int(cp->runs[0].njobs, 1, "jobs copied");
	ok(cp->runs[0].jobs != rr->runs[0].jobs, "jobs array is new");
	is_int(cp->runs[0].jobs[0].id, 77, "job id");
	is_int(cp->runs[0].jobs[0].nsteps, 2, "steps copied");
	is_str(cp->runs[0].jobs[0].steps[1].conclusion, "failure",
	    "step conclusion");
	ok(cp->runs[0].jobs[0].steps != j->steps, "steps array is new");
	/* Freeing the original leaves the copy intact (ASan checks). */
	repo_runs_free(&rr);
	is_str(cp->runs[0].jobs[0].steps[0].name, "Set up job",
	    "copy survives original");
	repo_runs_free(&cp);
out:
	repo_runs_free(&rr);
	ok(repo_runs_dup(NULL) == NULL, "dup NULL");
}

static void
test_apistatus(void)
{
	struct api_status	 as = { .limit = 5000, .remaining = 4999,
	    .wait_reason = (char *)"primary rate limit", .have_token = true };
	struct api_status	*cp;

	cp = api_status_dup(&as);
	ok(cp != NULL && cp->limit == 5000 && cp->remaining == 4999 &&
	    cp->have_token, "api_status dup scalars");
	ok(cp != NULL && cp->wait_reason != as.wait_reason &&
	    strcmp(cp->wait_reason, "primary rate limit") == 0,
	    "wait_reason copied");
	api_status_free(&cp);
	ok(cp == NULL, "api_status_free sets NULL");
	api_status_free(&cp);
	api_status_free_void(NULL);
	as.wait_reason = NULL;
	cp = api_status_dup(&as);
	ok(cp != NULL && cp->wait_reason == NULL, "NULL wait_reason");
	api_status_free_void(cp);
}

int
main(void)
{
	test_verdict_of();
	test_words_glyphs();
	test_sort();
	test_repo_verdict();
	test_sha_verdict();
	test_dup();
	test_apistatus();
	return tap_done();
}
