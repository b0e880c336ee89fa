/* test_ghparse_deploy: GitHub's official deploy examples and hostile bodies
 * to the models of deploy.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/ghparse_deploy.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

#define BODY(s)	(s), strlen(s)

/* Reads tests/data/github/deploy/NAME under $top_srcdir; exits on failure. */
static char *
slurp(const char *name, size_t *len)
{
	const char	*top = getenv("top_srcdir");
	char		*path, *data;
	FILE		*f;
	long		 size;

	path = xasprintf("%s/tests/data/github/deploy/%s",
	    top != NULL ? top : ".", name);
	if ((f = fopen(path, "rb")) == NULL ||
	    fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	data = xmalloc((size_t)size + 1);
	if (fread(data, 1, (size_t)size, f) != (size_t)size) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	free(path);
	data[size] = '\0';
	*len = (size_t)size;
	return (data);
}

static int
has(const char *s, const char *sub)
{
	return (s != NULL && strstr(s, sub) != NULL);
}

static void
test_examples(void)
{
	struct environment	*envs = NULL;
	struct deployment	*deps = NULL, one;
	struct deployment_status *sts = NULL, st;
	struct pending_deployment *pd = NULL;
	struct deploy_compare	 cmp;
	size_t			 n = 0, len;
	long			 total = 0;
	char			*body, *cause = NULL;
	int64_t			 run_id = -1;
	int			 rc;

	body = slurp("environments.json", &len);
	ok(ghparse_environments(body, len, &envs, &n, &total, &cause) == 0 &&
	    n == 1 && total == 1, "environments example: 1 of total 1 (%s)",
	    cause ? cause : "ok");
	ok(n == 1 && envs[0].id == 161088068 &&
	    strcmp(envs[0].name, "staging") == 0 && envs[0].wait_timer == 30 &&
	    envs[0].required_reviewers && !envs[0].prevent_self_review &&
	    envs[0].branch_policy && envs[0].created_at == 1606168840,
	    "environment: id, name, wait timer, reviewers, branch policy, time");
	environments_free(envs, n);
	free(body);

	n = 0;
	body = slurp("deployment-items.json", &len);
	ok(ghparse_deployments(body, len, &deps, &n, &cause) == 0 && n == 1,
	    "deployments example: one");
	ok(deps[0].id == 1 &&
	    strcmp(deps[0].sha, "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d") == 0 &&
	    strcmp(deps[0].ref, "topic-branch") == 0 &&
	    strcmp(deps[0].environment, "production") == 0 &&
	    strcmp(deps[0].original_environment, "staging") == 0 &&
	    strcmp(deps[0].task, "deploy") == 0 &&
	    strcmp(deps[0].creator, "octocat") == 0 &&
	    deps[0].production_environment && !deps[0].transient_environment &&
	    deps[0].created_at == 1342747153 && deps[0].nstatuses == 0,
	    "deployment: sha, ref, environments, task, creator, flags, time");
	deployments_free(deps, n);
	deps = NULL;
	free(body);

	body = slurp("deployment-simple-example.json", &len);
	ok(ghparse_deployment(body, len, &one, &cause) == 0 && one.id == 1 &&
	    has(one.description, "hubot"), "one deployment (POST 201)");
	deployment_done(&one);
	free(body);

	n = 0;
	body = slurp("deployment-status-items.json", &len);
	ok(ghparse_deployment_statuses(body, len, &sts, &n, &cause) == 0 &&
	    n == 1 && sts[0].kind == DEPLOY_STATE_SUCCESS &&
	    strcmp(sts[0].state, "success") == 0 &&
	    strcmp(sts[0].creator, "octocat") == 0 &&
	    strcmp(sts[0].environment, "production") == 0 &&
	    has(sts[0].log_url, "/deployment/42/output") &&
	    has(sts[0].description, "finished successfully"),
	    "deployment statuses example");
	deployment_statuses_free(sts, n);
	sts = NULL;
	free(body);
	body = slurp("deployment-status.json", &len);
	ok(ghparse_deployment_status(body, len, &st, &cause) == 0 &&
	    st.id == 1 && st.kind == DEPLOY_STATE_SUCCESS,
	    "one deployment status (POST 201)");
	deployment_status_done(&st);
	free(body);

	body = slurp("commit-comparison.json", &len);
	ok(ghparse_compare(body, len, &cmp, &cause) == 0 &&
	    strcmp(cmp.status, "behind") == 0 && cmp.ahead_by == 1 &&
	    cmp.behind_by == 2 && cmp.total_commits == 1 &&
	    cmp.ncommits == 1 && cmp.nfiles == 1,
	    "compare example: status, counts, one commit, one file");
	ok(strcmp(cmp.commits[0].sha,
	    "6dcb09b5b57875f334f61aebed695e2e4193db5e") == 0 &&
	    strcmp(cmp.commits[0].subject, "Fix all the bugs") == 0 &&
	    strcmp(cmp.commits[0].author, "Monalisa Octocat") == 0 &&
	    cmp.commits[0].time == 1302796849 &&
	    strcmp(cmp.files[0], "file1.txt") == 0,
	    "compare commit: sha, subject, author, date; file name");
	deploy_compare_done(&cmp);
	free(body);

	n = 0;
	body = slurp("pending-deployment-items.json", &len);
	ok(ghparse_pending_deployments(body, len, &pd, &n, &cause) == 0 &&
	    n == 1 && pd[0].environment_id == 161088068 &&
	    strcmp(pd[0].environment, "staging") == 0 &&
	    pd[0].wait_timer == 30 && pd[0].can_approve &&
	    pd[0].wait_timer_started_at == 1606168840 &&
	    pd[0].reviewers != NULL &&
	    strcmp(pd[0].reviewers, "octocat, @justice-league") == 0,
	    "pending deployments example, its user and team reviewers (%s)",
	    n == 1 && pd[0].reviewers != NULL ? pd[0].reviewers : "-");
	pending_deployments_free(pd, n);
	free(body);

	body = slurp("workflow-dispatch-response.json", &len);
	ok(ghparse_dispatch(body, len, &run_id, &cause) == 0 && run_id == 1,
	    "dispatch 200: the new run's id");
	free(body);
	ok(ghparse_dispatch("", 0, &run_id, &cause) == 0 && run_id == 0 &&
	    ghparse_dispatch(NULL, 0, &run_id, &cause) == 0 &&
	    ghparse_dispatch(BODY(" \r\n"), &run_id, &cause) == 0,
	    "dispatch 204 (no body): no run id, no error");
	rc = ghparse_dispatch(BODY("{\"run_url\":\"x\"}"), &run_id, &cause);
	ok(rc == -1 && has(cause, "workflow_run_id: missing"),
	    "dispatch 200 without its id: error (%s)", cause);
	free(cause);
	cause = NULL;
}

/* A malformed body must fail with a cause naming where. */
static void
bad_deps(const char *body, const char *want, const char *what)
{
	struct deployment	*deps = NULL;
	size_t			 n = 0;
	char			*cause = NULL;
	int			 rc;

	rc = ghparse_deployments(BODY(body), &deps, &n, &cause);
	ok(rc == -1 && n == 0 && has(cause, want), "%s: -1, \"%s\" (%s)",
	    what, want, cause ? cause : "no cause");
	free(cause);
	deployments_free(deps, n);
}

static void
test_hostile(void)
{
	struct deployment	*deps = NULL;
	struct deployment_status *sts = NULL;
	struct environment	*envs = NULL;
	struct pending_deployment *pd = NULL;
	struct deploy_compare	 cmp;
	size_t			 n = 0, i;
	long			 total;
	char			*cause = NULL, *big;
	const char		*esc;
	int			 rc;

	bad_deps("[{\"id\":1,\"sha\":\"a\",\"environment\":\"p\"", "invalid JSON",
	    "truncated");
	bad_deps("null", "expected array", "null root");
	bad_deps("{\"id\":1}", "expected array", "an object, not an array");
	bad_deps("[null]", "[0]: expected object", "null item");
	bad_deps("[{\"id\":\"1\",\"sha\":\"a\",\"environment\":\"p\"}]",
	    "[0].id: expected integer", "id as a string");
	bad_deps("[{\"id\":1.0,\"sha\":\"a\",\"environment\":\"p\"}]",
	    "[0].id: expected integer", "id as a real");
	bad_deps("[{\"id\":1,\"environment\":\"p\"}]", "[0].sha: missing",
	    "no sha");
	bad_deps("[{\"id\":1,\"sha\":\"a\",\"environment\":\"p\","
	    "\"production_environment\":\"yes\"}]",
	    "production_environment: expected boolean", "a string boolean");
	bad_deps("[{\"id\":1,\"sha\":\"a\",\"environment\":\"p\","
	    "\"creator\":[]}]", "[0].creator: expected object",
	    "creator not an object");
	bad_deps("[{\"id\":1,\"sha\":\"a\",\"environment\":\"p\","
	    "\"created_at\":\"yesterday\"}]", "created_at: bad date-time",
	    "a bad date");
	big = xmalloc(12000);
	memset(big, '[', 6000);
	memset(big + 6000, ']', 5999);
	big[11999] = '\0';
	bad_deps(big, "invalid JSON", "nesting deeper than jansson allows");
	free(big);

	ok(ghparse_deployments(BODY("[{\"id\":9007199254740993,\"sha\":\"a\","
	    "\"environment\":\"p\",\"creator\":null,\"description\":null}]"),
	    &deps, &n, &cause) == 0 && n == 1 &&
	    deps[0].id == 9007199254740993LL && deps[0].creator == NULL &&
	    deps[0].description == NULL,
	    "int64 id above 2^53 exact; null creator and description");
	esc = "[{\"id\":2,\"sha\":\"\\u001b[31mx\",\"environment\":"
	    "\"prod\\u202e\\u0007\",\"ref\":\"a\\nb\"}]";
	ok(ghparse_deployments(BODY(esc), &deps, &n, &cause) == 0 && n == 2 &&
	    strcmp(deps[1].sha, "\033[31mx") == 0 &&
	    strcmp(deps[1].environment, "prod\xe2\x80\xae\a") == 0 &&
	    strcmp(deps[1].ref, "a\nb") == 0,
	    "escapes and bidi kept raw, appended after the first");
	ok(ghparse_deployments(BODY("[{\"id\":3,\"sha\":\"a\\u0000b\","
	    "\"environment\":\"p\"}]"), &deps, &n, &cause) == 0 && n == 3 &&
	    strcmp(deps[2].sha, "a") == 0, "an embedded NUL ends the string");
	deployments_free(deps, n);

	/* Bounded: 1,500 items give 1,000. */
	{
		size_t	 cap = 1500 * 40 + 16, off = 0;
		char	*b = xmalloc(cap);

		off += (size_t)snprintf(b + off, cap - off, "[");
		for (i = 0; i < 1500; i++)
			off += (size_t)snprintf(b + off, cap - off,
			    "%s{\"id\":%zu,\"state\":\"queued\"}",
			    i ? "," : "", i + 1);
		snprintf(b + off, cap - off, "]");
		n = 0;
		ok(ghparse_deployment_statuses(b, strlen(b), &sts, &n,
		    &cause) == 0 && n == GHPARSE_DEPLOY_MAX_ITEMS,
		    "1,500 statuses: the first %d kept", GHPARSE_DEPLOY_MAX_ITEMS);
		deployment_statuses_free(sts, n);
		sts = NULL;
		free(b);
	}
	n = 0;
	ok(ghparse_deployment_statuses(BODY("[{\"id\":1,\"state\":\"exploded\"},"
	    "{\"id\":2,\"state\":\"in_progress\"}]"), &sts, &n, &cause) == 0 &&
	    n == 2 && sts[0].kind == DEPLOY_STATE_OTHER &&
	    strcmp(sts[0].state, "exploded") == 0 &&
	    sts[1].kind == DEPLOY_STATE_IN_PROGRESS,
	    "an unknown state is OTHER, kept verbatim");
	deployment_statuses_free(sts, n);
	sts = NULL;
	n = 0;
	sts = NULL;
	rc = ghparse_deployment_statuses(BODY("[{\"id\":1,\"state\":null}]"),
	    &sts, &n, &cause);
	ok(rc == -1 && has(cause, "[0].state") && n == 0,
	    "a null state is an error (%s)", cause);
	free(cause);
	cause = NULL;
	free(sts);

	n = 0;
	ok(ghparse_environments(BODY("{\"total_count\":0}"), &envs, &n, &total,
	    &cause) == 0 && n == 0 && total == 0,
	    "environments: the array may be absent");
	ok(ghparse_environments(BODY("{\"total_count\":-5,\"environments\":[]}"),
	    &envs, &n, &total, &cause) == -1 && has(cause, "total_count"),
	    "negative total_count refused");
	free(cause);
	cause = NULL;
	rc = ghparse_environments(BODY("{\"environments\":[{\"id\":1,\"name\":\"p\","
	    "\"protection_rules\":[{\"type\":\"wait_timer\",\"wait_timer\":-1}]}]}"),
	    &envs, &n, &total, &cause);
	ok(rc == -1 &&
	    has(cause, "environments[0].protection_rules[0].wait_timer") &&
	    n == 0, "a negative wait timer refused, with its path (%s)", cause);
	free(cause);
	cause = NULL;
	ok(ghparse_environments(BODY("{\"environments\":[{\"id\":1,\"name\":\"p\","
	    "\"protection_rules\":[{\"type\":\"custom\"},{\"type\":\"wait_timer\","
	    "\"wait_timer\":5}]}]}"), &envs, &n, &total, &cause) == 0 && n == 1 &&
	    envs[0].wait_timer == 5 && !envs[0].required_reviewers && total == -1,
	    "an unknown rule type is skipped; no total_count is -1");
	environments_free(envs, n);
	envs = NULL;
	n = 0;
	ok(ghparse_environments(BODY("[]"), &envs, &n, &total, &cause) == -1 &&
	    has(cause, "expected object"), "environments: an array root refused");
	free(cause);
	cause = NULL;

	memset(&cmp, 0x5a, sizeof cmp);
	ok(ghparse_compare(BODY("{\"status\":\"ahead\",\"commits\":[{\"sha\":\"a\","
	    "\"commit\":{\"message\":\"one\\ntwo\",\"author\":null}}],"
	    "\"files\":null}"), &cmp, &cause) == 0 && cmp.ncommits == 1 &&
	    strcmp(cmp.commits[0].subject, "one") == 0 &&
	    cmp.commits[0].author == NULL && cmp.nfiles == 0,
	    "compare: the subject is the first line; null author and files");
	deploy_compare_done(&cmp);
	ok(ghparse_compare(BODY("{\"status\":\"ahead\",\"ahead_by\":2147483648,"
	    "\"commits\":[]}"), &cmp, &cause) == -1 && has(cause, "ahead_by"),
	    "compare: a count past INT_MAX refused");
	free(cause);
	cause = NULL;
	rc = ghparse_compare(BODY("{\"status\":\"ahead\",\"commits\":[{\"sha\":\"a\"}]}"),
	    &cmp, &cause);
	ok(rc == -1 && has(cause, "commits[0].commit"),
	    "compare: a commit without its commit object (%s)", cause);
	free(cause);
	cause = NULL;
	{
		size_t	 cap = 300 * 48 + 64, off = 0;
		char	*b = xmalloc(cap);

		off += (size_t)snprintf(b + off, cap - off,
		    "{\"status\":\"ahead\",\"commits\":[");
		for (i = 0; i < 300; i++)
			off += (size_t)snprintf(b + off, cap - off,
			    "%s{\"sha\":\"%zu\",\"commit\":{}}", i ? "," : "",
			    i);
		snprintf(b + off, cap - off, "]}");
		ok(ghparse_compare(b, strlen(b), &cmp, &cause) == 0 &&
		    cmp.ncommits == GHPARSE_DEPLOY_MAX_COMMITS,
		    "compare: 300 commits give %d", GHPARSE_DEPLOY_MAX_COMMITS);
		deploy_compare_done(&cmp);
		free(b);
	}
	{
		struct deployment		d1;
		struct deployment_status	s1;

		memset(&d1, 0x5a, sizeof d1);
		memset(&s1, 0x5a, sizeof s1);
		ok(ghparse_deployment(BODY("[1]"), &d1, &cause) == -1 &&
		    d1.sha == NULL && d1.statuses == NULL && d1.id == 0,
		    "a failed single parse leaves its output zeroed");
		free(cause);
		cause = NULL;
		ok(ghparse_deployment_status(BODY("{\"id\":"), &s1, &cause) ==
		    -1 && s1.state == NULL, "also when the JSON is broken");
		free(cause);
		cause = NULL;
	}
	n = 0;
	rc = ghparse_pending_deployments(BODY("[{\"environment\":{\"name\":\"p\"}}]"),
	    &pd, &n, &cause);
	ok(rc == -1 && has(cause, "[0].environment.id: missing"),
	    "pending: an environment without id (%s)", cause);
	free(cause);
	free(pd);
}

int
main(void)
{
	test_examples();
	test_hostile();
	return (tap_done());
}
