/* ghparse_quality: GitHub's check runs, check-run annotations, combined
 * commit status, code scanning and Dependabot alerts, open pull requests,
 * a repository's default branch and an issue list (bytes) to the quality
 * model (quality.h). Pure functions: no I/O, no globals, any thread;
 * unit-tested from the official examples and fuzzed. Types are strict,
 * lists bounded, strings raw (sanitising is the UI's job). On bad input
 * they return -1 with *cause (malloc'd: what and where, "check_runs[2].
 * status: expected string"); appending functions keep what they had. */
#ifndef OPSDECK_GHPARSE_QUALITY_H
#define OPSDECK_GHPARSE_QUALITY_H

#include <stddef.h>
#include <stdint.h>

#include "opsdeck/quality.h"

/* At most this many items from one body (GitHub pages hold 100). */
#define GHPARSE_QUALITY_MAX_ITEMS	1000

/* GET .../commits/{ref}/check-runs: {"total_count", "check_runs"}.
 * Appends to c->checks; *head_sha (malloc'd, may be NULL) is the first
 * run's head_sha. */
int	 ghparse_check_runs(const char *body, size_t len,
	    struct quality_commit *c, long *total_count, char **head_sha,
	    char **cause);
/* GET .../commits/{ref}/status: appends the statuses; *sha (malloc'd) is
 * the commit the ref names. */
int	 ghparse_combined_status(const char *body, size_t len,
	    struct quality_commit *c, char **sha, char **cause);
/* GET .../check-runs/{id}/annotations (a bare array): appends to ck->ann. */
int	 ghparse_annotations(const char *body, size_t len,
	    struct quality_check *ck, char **cause);
/* GET .../code-scanning/alerts and .../dependabot/alerts (bare arrays):
 * adds the open alerts to a->sev by severity (code scanning: the rule's
 * security_severity_level, else its severity: error high, warning medium,
 * note and none low; Dependabot: the advisory's severity). */
int	 ghparse_code_scanning_alerts(const char *body, size_t len,
	    struct quality_alerts *a, char **cause);
int	 ghparse_dependabot_alerts(const char *body, size_t len,
	    struct quality_alerts *a, char **cause);

struct quality_pull {
	int	 number;
	char	*title;
	char	*head_sha;
	char	*head_ref;
};
/* GET .../pulls?state=open: appends (open ones only). */
int	 ghparse_pulls(const char *body, size_t len, struct quality_pull **v,
	    size_t *n, char **cause);
void	 quality_pulls_free(struct quality_pull *, size_t);
/* GET /repos/{o}/{r}: *branch (malloc'd) is default_branch. */
int	 ghparse_repo_default_branch(const char *body, size_t len,
	    char **branch, char **cause);
/* GET .../issues?state=open&labels=L: how many open issues (pull requests,
 * which the endpoint lists too, left out). */
int	 ghparse_open_issues(const char *body, size_t len, int *n,
	    char **cause);

#endif
