/* fuzz_ghparse_quality: libFuzzer target for the quality parsers. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/ghparse_quality.h"
#include "opsdeck/quality.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* 0, or -1 with a cause and nothing appended. */
static void
check(int rc, char **cause, size_t before, size_t after)
{
	if (rc != 0 && (*cause == NULL || after != before))
		abort();
	if (rc == 0 && *cause != NULL)
		abort();
	free(*cause);
	*cause = NULL;
}

/* Any bytes: every parser returns 0 or -1 with a cause, leaks nothing and
 * keeps what it keeps bounded; the model then summarises it. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct quality_rules *rules;
	const char *b = (const char *)data;
	struct quality_commit c;
	struct quality_check ck;
	struct quality_alerts a;
	struct quality_summary s;
	struct quality_pull *pulls = NULL;
	size_t n = 0, i;
	long total;
	char *cause = NULL, *sha = NULL, *branch = NULL;
	int count, k;

	if (rules == NULL &&
	    (rules = quality_rules_new(NULL, NULL, NULL, NULL, NULL, NULL,
	    &cause)) == NULL)
		abort();
	memset(&c, 0, sizeof c);
	check(ghparse_check_runs(b, size, &c, &total, &sha, &cause), &cause,
	    0, c.nchecks);
	free(sha);
	sha = NULL;
	n = c.nchecks;
	check(ghparse_combined_status(b, size, &c, &sha, &cause), &cause, n,
	    c.nchecks);
	free(sha);
	if (c.nchecks > 2 * GHPARSE_QUALITY_MAX_ITEMS)
		abort();
	for (i = 0; i < c.nchecks; i++)
		if (c.checks[i].name == NULL ||
		    c.checks[i].state >= QUALITY_NSTATES)
			abort();
	quality_summarize(rules, &c, &s);
	if (s.score.score < 0 || s.score.score > 100 ||
	    (s.coverage_known && (s.coverage < 0 || s.coverage > 100)))
		abort();
	quality_commit_free(&c);

	memset(&ck, 0, sizeof ck);
	check(ghparse_annotations(b, size, &ck, &cause), &cause, 0, ck.nann);
	for (i = 0; i < ck.nann; i++) {
		if (ck.ann[i].level >= QUALITY_NLEVELS)
			abort();
		free(ck.ann[i].title);
		free(ck.ann[i].message);
		free(ck.ann[i].path);
	}
	free(ck.ann);

	for (k = 0; k < 2; k++) {
		memset(&a, 0, sizeof a);
		check((k == 0 ? ghparse_code_scanning_alerts :
		    ghparse_dependabot_alerts)(b, size, &a, &cause), &cause, 0,
		    0);
		for (i = 0; i < QUALITY_NSEVS; i++)
			if (a.sev[i] < 0 || a.sev[i] > GHPARSE_QUALITY_MAX_ITEMS)
				abort();
	}

	n = 0;
	check(ghparse_pulls(b, size, &pulls, &n, &cause), &cause, 0, n);
	for (i = 0; i < n; i++)
		if (pulls[i].head_sha == NULL || pulls[i].number <= 0)
			abort();
	quality_pulls_free(pulls, n);

	check(ghparse_repo_default_branch(b, size, &branch, &cause), &cause, 0,
	    0);
	free(branch);
	check(ghparse_open_issues(b, size, &count, &cause), &cause, 0, 0);
	return 0;
}
