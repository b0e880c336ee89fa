/* test_ghparse: GitHub's official examples and hostile bodies to models. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* XXX a comment in ghparse.h trips -Wcomment (a slash-star inside it);
 * drop this pragma once the header is fixed. */
#include "opsdeck/ghparse.h"
#include "../tap.h"

/* A literal body and its length. */
#define BODY(s)	(s), strlen(s)

/* Reads tests/data/github/NAME under $top_srcdir; exits on failure. */
static char *
slurp(const char *name, size_t *len)
{
	const char	*top = getenv("top_srcdir");
	char		 path[1024];
	FILE		*f;
	char		*data;
	long		 size;

	snprintf(path, sizeof path, "%s/tests/data/github/%s",
	    top != NULL ? top : ".", name);
	if ((f = fopen(path, "rb")) == NULL ||
	    fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 ||
	    (data = malloc((size_t)size + 1)) == NULL ||
	    fread(data, 1, (size_t)size, f) != (size_t)size) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	data[size] = '\0';
	*len = (size_t)size;
	return (data);
}

/* Wraps a single object (GET .../runs/{id}) in a list envelope. */
static char *
wrap(const char *key, const char *obj, size_t *len)
{
	char	*s;
	int	 n;

	n = asprintf(&s, "{\"total_count\":1,\"%s\":[%s]}", key, obj);
	if (n < 0)
		exit(1);
	*len = (size_t)n;
	return (s);
}

static void
free_runs(struct run *runs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		run_done(&runs[i]);
	free(runs);
}

static void
free_jobs(struct job *jobs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		job_done(&jobs[i]);
	free(jobs);
}

static void
check_official_run(const struct run *r, const char *branch, const char *what)
{
	is_int(r->id, 30433642, "%s: id", what);
	is_int(r->workflow_id, 159038, "%s: workflow_id", what);
	is_str(r->name, "Build", "%s: name", what);
	is_str(r->display_title, "Update README.md", "%s: display_title", what);
	is_str(r->head_branch, branch, "%s: head_branch", what);
	is_str(r->head_sha, "acb5820ced9479c074f688cc328bf03f341a511d",
	    "%s: head_sha", what);
	is_str(r->event, "push", "%s: event", what);
	is_str(r->status, "queued", "%s: status", what);
	ok(r->conclusion == NULL, "%s: conclusion null", what);
	is_str(r->actor, "octocat", "%s: actor.login", what);
	is_str(r->html_url,
	    "https://github.com/octo-org/octo-repo/actions/runs/30433642",
	    "%s: html_url", what);
	is_int(r->run_number, 562, "%s: run_number", what);
	is_int(r->run_attempt, 1, "%s: run_attempt", what);
	is_int(r->created_at, 1579721588, "%s: created_at", what);
	is_int(r->updated_at, 1579721588, "%s: updated_at", what);
	is_int(r->run_started_at, 1579721588, "%s: run_started_at", what);
	is_int(r->njobs_total, -1, "%s: jobs not fetched", what);
	ok(r->jobs == NULL && r->njobs == 0, "%s: no jobs", what);
}

static void
test_official_runs(void)
{
	struct run	*runs = NULL;
	size_t		 n = 0, len, wlen;
	long		 total = 99;
	char		*cause = NULL, *body, *wrapped;

	body = slurp("workflow-run-paginated.json", &len);
	ok(ghparse_runs(body, len, &runs, &n, &total, &cause) == 0,
	    "official workflow-run-paginated parses");
	is_str(cause, NULL, "no cause on success");
	is_int(n, 1, "one run");
	is_int(total, 1, "total_count");
	if (n == 1)
		check_official_run(&runs[0], "master", "paginated");

	/* Appending: a second page lands after the first. */
	ok(ghparse_runs(body, len, &runs, &n, NULL, &cause) == 0,
	    "second page appends (total_count pointer may be NULL)");
	is_int(n, 2, "two runs after append");
	free(body);

	body = slurp("workflow-run.json", &len);
	wrapped = wrap("workflow_runs", body, &wlen);
	ok(ghparse_runs(wrapped, wlen, &runs, &n, &total, &cause) == 0,
	    "official workflow-run parses");
	is_int(n, 3, "three runs after append");
	if (n == 3) {
		check_official_run(&runs[2], "main", "single");
		is_int(runs[0].id, 30433642, "earlier entries untouched");
	}
	free(wrapped);
	free(body);
	free_runs(runs, n);
}

static void
test_official_jobs(void)
{
	struct job	*jobs = NULL;
	size_t		 n = 0, len, wlen;
	long		 total = -5;
	char		*cause = NULL, *body, *wrapped;
	const struct job *j;

	body = slurp("job-paginated.json", &len);
	ok(ghparse_jobs(body, len, &jobs, &n, &total, &cause) == 0,
	    "official job-paginated parses");
	is_int(n, 1, "one job");
	is_int(total, 1, "jobs total_count");
	free(body);

	/* The official single job example lacks created_at. */
	body = slurp("job.json", &len);
	ok(strstr(body, "created_at") == NULL, "job example has no created_at");
	wrapped = wrap("jobs", body, &wlen);
	ok(ghparse_jobs(wrapped, wlen, &jobs, &n, &total, &cause) == 0,
	    "official job (no created_at) parses: %s", cause ? cause : "");
	is_int(n, 2, "two jobs after append");
	free(wrapped);
	free(body);
	if (n != 2)
		goto out;
	for (size_t k = 0; k < 2; k++) {
		j = &jobs[k];
		is_int(j->id, 399444496, "job %zu id", k);
		is_int(j->run_id, 29679449, "job %zu run_id", k);
		is_str(j->name, "build", "job %zu name", k);
		is_str(j->status, "completed", "job %zu status", k);
		is_str(j->conclusion, "success", "job %zu conclusion", k);
		is_str(j->runner_name, "my runner", "job %zu runner_name", k);
		is_str(j->html_url, "https://github.com/octo-org/octo-repo/"
		    "runs/29679449/jobs/399444496", "job %zu html_url", k);
		is_int(j->started_at, 1579542160, "job %zu started_at", k);
		is_int(j->completed_at, 1579542279, "job %zu completed_at", k);
		is_int(j->nsteps, 10, "job %zu ten steps", k);
		if (j->nsteps != 10)
			continue;
		is_str(j->steps[0].name, "Set up job", "step 1 name");
		is_int(j->steps[0].number, 1, "step 1 number");
		is_str(j->steps[0].status, "completed", "step 1 status");
		is_str(j->steps[0].conclusion, "success", "step 1 conclusion");
		/* "2020-01-20T09:42:40.000-08:00": fraction and offset. */
		is_int(j->steps[0].started_at, 1579542160, "step 1 started_at");
		is_int(j->steps[0].completed_at, 1579542161,
		    "step 1 completed_at");
		is_str(j->steps[9].name, "Complete job", "last step name");
		is_int(j->steps[9].number, 17, "last step number");
		is_int(j->steps[9].completed_at, 1579542279,
		    "last step completed_at");
	}
out:
	free_jobs(jobs, n);
}

/* Parsing must fail with a cause containing want and add nothing. */
static void
expect_runs_error(const char *file, const char *want)
{
	struct run	*runs = NULL;
	size_t		 n = 0, len;
	long		 total = 42;
	char		*cause = NULL, *body;

	body = slurp(file, &len);
	ok(ghparse_runs(body, len, &runs, &n, &total, &cause) == -1,
	    "%s rejected", file);
	ok(cause != NULL && strstr(cause, want) != NULL,
	    "%s cause mentions \"%s\" (got \"%s\")", file, want,
	    cause ? cause : "(null)");
	ok(n == 0 && total == 42, "%s: nothing appended", file);
	free(cause);
	free_runs(runs, n);
	free(body);
}

/* An inline body must fail with exactly this cause. */
static void
expect_inline_error(int runs_endpoint, const char *body, const char *want)
{
	struct run	*runs = NULL;
	struct job	*jobs = NULL;
	size_t		 n = 0;
	char		*cause = NULL;
	int		 rc;

	if (runs_endpoint)
		rc = ghparse_runs(BODY(body), &runs, &n, NULL, &cause);
	else
		rc = ghparse_jobs(BODY(body), &jobs, &n, NULL, &cause);
	ok(rc == -1 && n == 0, "rejected: %s", want);
	is_str(cause, want, "cause");
	free(cause);
	free(runs);
	free(jobs);
}

static void
test_hostile(void)
{
	struct run	*runs = NULL;
	struct job	*jobs = NULL;
	size_t		 n = 0, nj = 0, len;
	long		 total;
	char		*cause = NULL, *body;

	expect_runs_error("hostile-truncated.json", "invalid JSON");
	expect_runs_error("hostile-empty-object.json", "workflow_runs: missing");
	expect_runs_error("hostile-null-root.json", "expected object");
	expect_runs_error("hostile-runs-not-array.json",
	    "workflow_runs: expected array");
	expect_runs_error("hostile-null-run.json",
	    "workflow_runs[1]: expected object");
	expect_runs_error("hostile-id-string.json",
	    "workflow_runs[3].id: expected integer");
	expect_runs_error("hostile-id-real.json",
	    "workflow_runs[0].id: expected integer");
	expect_runs_error("hostile-missing-status.json",
	    "workflow_runs[0].status: missing");
	expect_runs_error("hostile-deep.json", "invalid JSON");

	body = slurp("hostile-int64.json", &len);
	ok(ghparse_runs(body, len, &runs, &n, &total, &cause) == 0 && n == 1,
	    "int64 ids parse");
	if (n == 1) {
		ok(runs[0].id == INT64_C(9007199254740993),
		    "2^53+1 round-trips exactly");
		ok(runs[0].workflow_id == INT64_MAX, "INT64_MAX workflow_id");
		is_int(runs[0].run_number, 2147483647, "INT_MAX run_number");
	}
	free_runs(runs, n);
	runs = NULL;
	n = 0;
	free(body);

	body = slurp("hostile-escapes.json", &len);
	ok(ghparse_runs(body, len, &runs, &n, &total, &cause) == 0 && n == 1,
	    "escape sequences parse");
	if (n == 1) {
		is_str(runs[0].display_title,
		    "\033[31mred\033[0m \xe2\x80\xae" "evil\a",
		    "title kept raw (ESC, RLO, BEL)");
		is_str(runs[0].head_branch, "feat/\033]8;;http://x\alink\n",
		    "branch kept raw (OSC 8, newline)");
		is_str(runs[0].actor, "\xc3\xa9l\xc3\xa8ve", "UTF-8 login");
	}
	free_runs(runs, n);
	runs = NULL;
	n = 0;
	free(body);

	body = slurp("hostile-startup-failure.json", &len);
	ok(ghparse_runs(body, len, &runs, &n, &total, &cause) == 0 && n == 1,
	    "startup_failure run parses (nulls tolerated)");
	if (n == 1) {
		is_str(runs[0].conclusion, "startup_failure", "conclusion");
		ok(runs[0].name == NULL && runs[0].head_branch == NULL &&
		    runs[0].actor == NULL && runs[0].run_started_at == 0,
		    "null name/branch/actor/run_started_at");
		is_int(verdict_of(runs[0].status, runs[0].conclusion),
		    VERDICT_FAILED, "startup_failure is a failure");
	}
	free_runs(runs, n);
	runs = NULL;
	n = 0;
	free(body);

	body = slurp("hostile-jobs-empty.json", &len);
	total = -1;
	ok(ghparse_jobs(body, len, &jobs, &nj, &total, &cause) == 0,
	    "zero jobs parse");
	ok(nj == 0 && jobs == NULL && total == 0, "zero jobs, total 0");
	free(body);

	expect_inline_error(0, "{\"jobs\":[{\"id\":\"1\",\"status\":\"q\"}]}",
	    "jobs[0].id: expected integer");
	expect_inline_error(0, "{\"jobs\":[{\"id\":1,\"status\":\"queued\","
	    "\"steps\":[{\"name\":1}]}]}",
	    "jobs[0].steps[0].name: expected string");
	expect_inline_error(0, "{\"jobs\":[{\"id\":1}]}",
	    "jobs[0].status: missing");
	expect_inline_error(1, "{\"workflow_runs\":[{\"id\":1,\"status\":null,"
	    "\"actor\":{\"login\":5}}]}",
	    "workflow_runs[0].actor.login: expected string");
	expect_inline_error(1, "{\"workflow_runs\":[{\"id\":1,\"status\":\"q\","
	    "\"created_at\":\"yesterday\"}]}",
	    "workflow_runs[0].created_at: bad date-time");
	expect_inline_error(1, "{\"workflow_runs\":[{\"id\":1,\"status\":\"q\","
	    "\"run_number\":4294967296}]}",
	    "workflow_runs[0].run_number: out of range");
	expect_inline_error(1, "{\"total_count\":-1,\"workflow_runs\":[]}",
	    "total_count: out of range");
	expect_inline_error(1, "{\"workflow_runs\":[{\"id\":null,"
	    "\"status\":\"q\"}]}", "workflow_runs[0].id: expected integer");
	ok(ghparse_runs("", 0, &runs, &n, NULL, &cause) == -1 && cause != NULL,
	    "empty body rejected");
	free(cause);
	cause = NULL;
	ok(ghparse_runs(NULL, 0, &runs, &n, NULL, &cause) == -1 && n == 0,
	    "NULL body rejected");
	free(cause);
}

/* Unknown enum values are kept verbatim; null status is allowed. */
static void
test_lenient(void)
{
	const char	*b = "{\"total_count\":2,\"workflow_runs\":["
	    "{\"id\":5,\"status\":\"frobnicating\",\"conclusion\":\"weird\"},"
	    "{\"id\":6,\"status\":null,\"extra\":{\"a\":[1,2,{}]}}]}";
	struct run	*runs = NULL;
	size_t		 n = 0;
	char		*cause = NULL;

	ok(ghparse_runs(b, strlen(b), &runs, &n, NULL, &cause) == 0 && n == 2,
	    "unknown values and fields accepted");
	if (n == 2) {
		is_str(runs[0].status, "frobnicating", "unknown status kept");
		is_str(runs[0].conclusion, "weird", "unknown conclusion kept");
		is_int(verdict_of(runs[0].status, runs[0].conclusion),
		    VERDICT_UNKNOWN, "unknown verdict");
		ok(runs[1].status == NULL, "null status tolerated");
		is_int(runs[1].njobs_total, -1, "njobs_total -1");
	}
	free_runs(runs, n);
}

/* At most 1000 items per call; deep but legal nesting is fine. */
static void
test_limits(void)
{
	struct run	*runs = NULL;
	size_t		 n = 0, i, len = 0, cap = 1200 * 32 + 64;
	char		*b, *cause = NULL;

	if ((b = malloc(cap)) == NULL)
		exit(1);
	len += (size_t)snprintf(b + len, cap - len, "{\"workflow_runs\":[");
	for (i = 0; i < 1200; i++)
		len += (size_t)snprintf(b + len, cap - len,
		    "%s{\"id\":%zu,\"status\":\"queued\"}", i ? "," : "", i + 1);
	len += (size_t)snprintf(b + len, cap - len, "]}");
	ok(ghparse_runs(b, len, &runs, &n, NULL, &cause) == 0,
	    "1200 runs parse");
	is_int(n, 1000, "capped at 1000 per call");
	if (n == 1000)
		is_int(runs[999].id, 1000, "first 1000 kept in order");
	free_runs(runs, n);
	runs = NULL;
	n = 0;

	len = 0;
	len += (size_t)snprintf(b + len, cap - len,
	    "{\"workflow_runs\":[{\"id\":1,\"status\":\"queued\",\"x\":");
	for (i = 0; i < 1000; i++)
		b[len++] = '[';
	for (i = 0; i < 1000; i++)
		b[len++] = ']';
	len += (size_t)snprintf(b + len, cap - len, "}]}");
	ok(ghparse_runs(b, len, &runs, &n, NULL, &cause) == 0 && n == 1,
	    "1000-deep unknown field ignored");
	free_runs(runs, n);
	free(b);
}

static void
test_error_message(void)
{
	const char	*e = "{\"message\":\"Bad credentials\","
	    "\"documentation_url\":\"https://docs.github.com/rest\"}";
	char		*m;

	m = ghparse_error_message(e, strlen(e));
	is_str(m, "Bad credentials", "error message extracted");
	free(m);
	ok(ghparse_error_message(BODY("{\"message\":3}")) == NULL,
	    "non-string message is not an error body");
	ok(ghparse_error_message(BODY("<html>")) == NULL, "HTML is not one");
	ok(ghparse_error_message(BODY("[]")) == NULL, "array is not one");
	ok(ghparse_error_message(NULL, 0) == NULL, "NULL is not one");
}

int
main(void)
{
	test_official_runs();
	test_official_jobs();
	test_hostile();
	test_lenient();
	test_limits();
	test_error_message();
	return tap_done();
}
