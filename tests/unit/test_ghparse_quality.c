/* test_ghparse_quality: the quality parsers over GitHub's official examples
 * (tests/data/github/quality/, from the OpenAPI description) and hostile
 * bodies: wrong types, truncation, nulls, oversized lists. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/buf.h"
#include "opsdeck/ghparse_quality.h"
#include "opsdeck/quality.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

/* A literal body and its length. */
#define J(s)	(s), strlen(s)

static char *
slurp(const char *name, size_t *len)
{
	char path[1024], *data;
	FILE *fp;
	long n;

	snprintf(path, sizeof path, "%s/tests/data/github/quality/%s",
	    OD_SRCDIR, name);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = xmalloc((size_t)n + 1);
	*len = fread(data, 1, (size_t)n, fp);
	data[*len] = '\0';
	fclose(fp);
	return data;
}

static void
test_examples(void)
{
	struct quality_commit c;
	struct quality_check *ck;
	struct quality_alerts a;
	struct quality_pull *pulls = NULL;
	char *body, *cause = NULL, *head = NULL, *sha = NULL, *branch = NULL;
	size_t len, n = 0;
	long total = -1;
	int open;

	memset(&c, 0, sizeof c);
	body = slurp("check-run-paginated.json", &len);
	ok(body != NULL && ghparse_check_runs(body, len, &c, &total, &head,
	    &cause) == 0, "check-run-paginated parses (%s)", cause ? cause :
	    "");
	ok(total == 1 && c.nchecks == 1, "  total_count 1, one run");
	ck = &c.checks[0];
	ok(ck->id == 4 && strcmp(ck->name, "mighty_readme") == 0 &&
	    ck->state == QUALITY_PASSED && !ck->is_status,
	    "  id 4, mighty_readme, completed neutral: passed");
	ok(ck->annotations_count == 2 && ck->title != NULL &&
	    strcmp(ck->title, "Mighty Readme report") == 0 && ck->summary !=
	    NULL && strstr(ck->summary, "2 warnings") != NULL,
	    "  output: title, summary, annotations_count 2");
	is_str(head, "ce587453ced02b1526dfb4cb910479d431683101",
	    "  head_sha of the first run");
	free(head);
	free(body);

	body = slurp("check-annotation-items.json", &len);
	ok(body != NULL && ghparse_annotations(body, len, ck, &cause) == 0 &&
	    ck->nann == 1, "check-annotation-items parses: one annotation");
	ok(ck->ann[0].level == QUALITY_WARNING && strcmp(ck->ann[0].title,
	    "Spell Checker") == 0 && strcmp(ck->ann[0].path, "README.md") ==
	    0 && strstr(ck->ann[0].message, "banaas") != NULL,
	    "  warning, its title, path and message");
	free(body);

	body = slurp("combined-commit-status.json", &len);
	ok(body != NULL && ghparse_combined_status(body, len, &c, &sha,
	    &cause) == 0 && c.nchecks == 3, "combined-commit-status parses: "
	    "two statuses appended (%s)", cause ? cause : "");
	ok(c.checks[1].is_status && strcmp(c.checks[1].name,
	    "continuous-integration/jenkins") == 0 && c.checks[1].state ==
	    QUALITY_PASSED && strcmp(c.checks[1].summary,
	    "Build has completed successfully") == 0,
	    "  context, state success, description as the summary");
	is_str(sha, "6dcb09b5b57875f334f61aebed695e2e4193db5e",
	    "  the commit's sha");
	free(sha);
	free(body);
	quality_commit_free(&c);

	memset(&a, 0, sizeof a);
	body = slurp("code-scanning-alert-items.json", &len);
	ok(body != NULL && ghparse_code_scanning_alerts(body, len, &a,
	    &cause) == 0, "code-scanning-alert-items parses");
	ok(a.sev[QUALITY_SEV_HIGH] == 1 && a.sev[QUALITY_SEV_LOW] == 0 &&
	    a.sev[QUALITY_SEV_MEDIUM] == 0 && a.sev[QUALITY_SEV_CRITICAL] == 0,
	    "  one open (the dismissed one left out), rule severity error: "
	    "high");
	free(body);

	memset(&a, 0, sizeof a);
	body = slurp("dependabot-alerts-for-repository.json", &len);
	ok(body != NULL && ghparse_dependabot_alerts(body, len, &a, &cause) ==
	    0 && a.sev[QUALITY_SEV_MEDIUM] == 1 && a.sev[QUALITY_SEV_HIGH] ==
	    0, "dependabot-alerts-for-repository: the open medium one only");
	free(body);

	body = slurp("pull-request-simple-items.json", &len);
	ok(body != NULL && ghparse_pulls(body, len, &pulls, &n, &cause) == 0 &&
	    n == 1 && pulls[0].number == 1347 && strcmp(pulls[0].head_sha,
	    "6dcb09b5b57875f334f61aebed695e2e4193db5e") == 0 &&
	    strcmp(pulls[0].head_ref, "new-topic") == 0,
	    "pull-request-simple-items: #1347 new-topic and its head");
	quality_pulls_free(pulls, n);
	free(body);

	body = slurp("issue-items.json", &len);
	ok(body != NULL && ghparse_open_issues(body, len, &open, &cause) == 0 &&
	    open == 0, "issue-items: its one item is a pull request, not an "
	    "issue");
	free(body);

	body = slurp("full-repository-default-response.json", &len);
	ok(body != NULL && ghparse_repo_default_branch(body, len, &branch,
	    &cause) == 0, "full-repository parses");
	is_str(branch, "master", "  default_branch");
	free(branch);
	free(body);
	free(cause);
}

static void
test_hostile(void)
{
	static const struct {
		const char	*body;
		const char	*cause;
	} runs[] = {
		{ "", "bad JSON" },
		{ "{\"total_count\":1,\"check_runs\":[{\"id\":1,\"name\":\"x\"}",
		    "bad JSON" },
		{ "[]", "expected an object" },
		{ "{\"total_count\":1}", "check_runs: missing" },
		{ "{\"total_count\":1,\"check_runs\":{}}",
		    "check_runs: expected array" },
		{ "{\"check_runs\":[]}", "total_count: missing" },
		{ "{\"total_count\":-1,\"check_runs\":[]}",
		    "total_count: out of range" },
		{ "{\"total_count\":1,\"check_runs\":[{\"id\":\"1\",\"name\":"
		    "\"x\"}]}", "check_runs[0].id: expected integer" },
		{ "{\"total_count\":1,\"check_runs\":[{\"id\":1.5,\"name\":"
		    "\"x\"}]}", "check_runs[0].id: expected integer" },
		{ "{\"total_count\":2,\"check_runs\":[{\"id\":1,\"name\":\"x\"},"
		    "{\"id\":2,\"name\":null}]}",
		    "check_runs[1].name: expected string" },
		{ "{\"total_count\":1,\"check_runs\":[{\"id\":1,\"name\":\"x\","
		    "\"status\":7}]}", "check_runs[0].status: expected string" },
		{ "{\"total_count\":1,\"check_runs\":[{\"id\":1,\"name\":\"x\","
		    "\"output\":[]}]}", "check_runs[0].output: expected an "
		    "object" },
		{ "{\"total_count\":1,\"check_runs\":[{\"id\":1,\"name\":\"x\","
		    "\"output\":{\"annotations_count\":-3}}]}",
		    "annotations_count: out of range" },
		{ "{\"total_count\":1,\"check_runs\":[null]}",
		    "check_runs[0]: expected an object" },
	};
	struct quality_commit c;
	struct quality_check ck;
	struct quality_alerts a;
	struct buf big;
	char *cause = NULL, *head = NULL, *sha = NULL;
	size_t i;
	long total;
	int n;

	memset(&c, 0, sizeof c);
	for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		ok(ghparse_check_runs(runs[i].body, strlen(runs[i].body), &c,
		    &total, &head, &cause) == -1 && cause != NULL &&
		    strstr(cause, runs[i].cause) != NULL && c.nchecks == 0 &&
		    head == NULL, "check runs refused: %s (%s)",
		    runs[i].cause, cause != NULL ? cause : "no cause");
		free(cause);
		cause = NULL;
	}
	/* An escape sequence is kept raw: sanitising is the UI's job. */
	ok(ghparse_check_runs(J("{\"total_count\":1,\"check_runs\":[{\"id\":1,"
	    "\"name\":\"\\u001b[2Jx\",\"status\":\"completed\",\"conclusion\":"
	    "\"failure\"}]}"), &c, &total, &head, &cause) == 0 &&
	    c.nchecks == 1 && strcmp(c.checks[0].name, "\x1b[2Jx") == 0 &&
	    c.checks[0].state == QUALITY_FAILED, "a name with an escape "
	    "sequence kept raw (%s)", cause != NULL ? cause : "");
	ok(ghparse_combined_status(J("{\"sha\":\"abc\",\"statuses\":[{\"state\":"
	    "\"success\"}]}"), &c, &sha, &cause) == -1 && c.nchecks == 1 &&
	    sha == NULL && strstr(cause, "statuses[0].context: missing") !=
	    NULL, "a status without its context: refused, nothing appended "
	    "(%s)", cause);
	free(cause);
	cause = NULL;
	ok(ghparse_combined_status(J("{\"statuses\":[]}"), &c, &sha,
	    &cause) == -1 && strstr(cause, "sha: missing") != NULL,
	    "a combined status without its sha");
	free(cause);
	cause = NULL;
	quality_commit_free(&c);

	memset(&a, 0, sizeof a);
	ok(ghparse_code_scanning_alerts(J("[{\"state\":\"open\",\"rule\":\"x\"}]"), &a, &cause) == -1 && strstr(cause, "[0].rule: expected an "
	    "object") != NULL && a.sev[QUALITY_SEV_LOW] == 0,
	    "an alert's rule of the wrong type (%s)", cause);
	free(cause);
	cause = NULL;
	ok(ghparse_dependabot_alerts(J("[{\"state\":\"open\",\"security_advisory"
	    "\":{\"severity\":7}}]"), &a, &cause) == -1 && cause != NULL,
	    "a severity that is not a string");
	free(cause);
	cause = NULL;
	ok(ghparse_dependabot_alerts(J("[{\"state\":\"open\",\"security_advisory"
	    "\":{\"severity\":\"apocalyptic\"}},{\"state\":\"open\"}]"), &a,
	    &cause) == 0 && a.sev[QUALITY_SEV_LOW] == 2, "an unknown or "
	    "absent severity counts as low: still counted (%s)",
	    cause != NULL ? cause : "");
	ok(ghparse_code_scanning_alerts(J("{}"), &a, &cause) == -1 &&
	    a.sev[QUALITY_SEV_LOW] == 2, "not an array: refused, counts kept");
	free(cause);
	cause = NULL;

	/* 1,001 items: over the bound. */
	buf_init(&big, 0);
	buf_puts(&big, "[");
	for (i = 0; i <= GHPARSE_QUALITY_MAX_ITEMS; i++)
		buf_puts(&big, i > 0 ? ",{\"state\":\"open\"}" :
		    "{\"state\":\"open\"}");
	buf_puts(&big, "]");
	memset(&a, 0, sizeof a);
	ok(ghparse_dependabot_alerts(big.data, big.len, &a, &cause) == -1 &&
	    strstr(cause, "more than 1000") != NULL && a.sev[0] == 0,
	    "more than 1,000 alerts in one body: refused");
	free(cause);
	cause = NULL;
	buf_done(&big);

	memset(&ck, 0, sizeof ck);
	ok(ghparse_annotations(J("[{\"annotation_level\":\"failure\"},{\"title\":"
	    "3}]"), &ck, &cause) == -1 && ck.nann == 0 && strstr(cause,
	    "[1].title: expected string") != NULL,
	    "annotations: a bad item refuses the page, nothing appended");
	free(cause);
	cause = NULL;
	ok(ghparse_annotations(J("[{\"annotation_level\":\"failure\"},{\"annotati"
	    "on_level\":\"mystery\"},{\"annotation_level\":\"notice\"}]"),
	    &ck, &cause) == 0 && ck.nann == 3 && ck.ann[0].level ==
	    QUALITY_FAILURE && ck.ann[1].level == QUALITY_WARNING &&
	    ck.ann[2].level == QUALITY_NOTICE,
	    "annotation levels; an unknown one counts as a warning (%s)",
	    cause != NULL ? cause : "");
	free(ck.ann);
	ok(ghparse_open_issues(J("[{\"state\":\"open\"},{\"state\":\"open\","
	    "\"pull_request\":{}},{\"state\":\"closed\"}]"), &n, &cause) ==
	    0 && n == 1, "open issues: pull requests and closed ones left out");
	ok(ghparse_repo_default_branch(J("{\"default_branch\":\"\"}"),
	    &head, &cause) == -1 && head == NULL, "an empty default branch is "
	    "refused");
	free(cause);
	cause = NULL;
	{
		struct quality_pull *p = NULL;
		size_t np = 0;

		ok(ghparse_pulls(J("[{\"number\":1,\"state\":\"open\",\"head\":"
		    "{\"ref\":\"x\"}}]"), &p, &np, &cause) == -1 && np == 0 &&
		    strstr(cause, "head.sha") != NULL,
		    "a pull request without a head sha (%s)", cause);
		free(cause);
	}
}

int
main(void)
{
	test_examples();
	test_hostile();
	return tap_done();
}
