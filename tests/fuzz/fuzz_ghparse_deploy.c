/* fuzz_ghparse_deploy: libFuzzer target for the deploy parsers. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/ghparse_deploy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Checks the promise every parser makes: 0, or -1 with a cause and
 * nothing appended. */
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

/* Any bytes: every parser returns 0 or -1 with a cause, and leaks nothing;
 * what they keep is bounded. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char			*b = (const char *)data;
	struct environment		*envs = NULL;
	struct deployment		*deps = NULL, one;
	struct deployment_status	*sts = NULL, st;
	struct pending_deployment	*pd = NULL;
	struct approval			*ap = NULL;
	struct deploy_compare		 cmp;
	size_t				 n = 0, i;
	long				 total;
	int64_t				 run_id;
	char				*cause = NULL;
	int				 rc;

	check(ghparse_environments(b, size, &envs, &n, &total, &cause),
	    &cause, 0, n);
	if (n > GHPARSE_DEPLOY_MAX_ITEMS)
		abort();
	environments_free(envs, n);

	n = 0;
	check(ghparse_deployments(b, size, &deps, &n, &cause), &cause, 0, n);
	for (i = 0; i < n; i++)
		if (deps[i].sha == NULL || deps[i].environment == NULL)
			abort();	/* required fields */
	deployments_free(deps, n);

	rc = ghparse_deployment(b, size, &one, &cause);
	check(rc, &cause, 0, 0);
	if (rc == 0)
		deployment_done(&one);

	n = 0;
	check(ghparse_deployment_statuses(b, size, &sts, &n, &cause), &cause,
	    0, n);
	for (i = 0; i < n; i++)
		if (sts[i].state == NULL ||
		    sts[i].kind != deploy_state_parse(sts[i].state))
			abort();
	deployment_statuses_free(sts, n);

	rc = ghparse_deployment_status(b, size, &st, &cause);
	check(rc, &cause, 0, 0);
	if (rc == 0)
		deployment_status_done(&st);

	rc = ghparse_compare(b, size, &cmp, &cause);
	check(rc, &cause, 0, 0);
	if (rc == 0) {
		if (cmp.ncommits > GHPARSE_DEPLOY_MAX_COMMITS ||
		    cmp.nfiles > GHPARSE_DEPLOY_MAX_FILES)
			abort();
		for (i = 0; i < cmp.ncommits; i++)
			if (cmp.commits[i].subject != NULL &&
			    strchr(cmp.commits[i].subject, '\n') != NULL)
				abort();	/* a subject is one line */
		deploy_compare_done(&cmp);
	}

	n = 0;
	check(ghparse_pending_deployments(b, size, &pd, &n, &cause), &cause,
	    0, n);
	pending_deployments_free(pd, n);

	n = 0;
	check(ghparse_approvals(b, size, &ap, &n, &cause), &cause, 0, n);
	for (i = 0; i < n; i++)
		if (ap[i].state == NULL || ap[i].kind !=
		    approval_state_parse(ap[i].state) || ap[i].nenvironments >
		    GHPARSE_DEPLOY_MAX_REVIEW_ENVS)
			abort();
	approvals_free(ap, n);

	check(ghparse_dispatch(b, size, &run_id, &cause), &cause, 0, 0);
	return 0;
}
