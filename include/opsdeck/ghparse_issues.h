/* ghparse_issues: GitHub's issue lists (bytes) to the model of issues.h.
 * Pure functions: no I/O, no globals, any thread; unit-tested from the
 * official example and hostile input. Types are strict (a number is a
 * JSON integer), lists bounded, strings kept raw (the UI sanitises) but a
 * title is cut at ISSUES_MAX_TITLE bytes on a character boundary. On bad
 * input they return -1 with *cause (malloc'd, with a path such as
 * "[2].number: expected integer") and keep what they had. */
#ifndef OPSDECK_GHPARSE_ISSUES_H
#define OPSDECK_GHPARSE_ISSUES_H

#include <stddef.h>

#include "opsdeck/issues.h"

/* At most this many issues from one body (GitHub pages hold 100). */
#define GHPARSE_ISSUES_MAX_ITEMS	1000

/* GET /repos/O/R/issues (a bare array). Appends the issues to *v and *n;
 * items with a "pull_request" key (pull requests) are skipped and
 * counted in *prs (may be NULL). Labels may be strings or objects. */
int	 ghparse_issues(const char *body, size_t len, struct issue **v,
	    size_t *n, size_t *prs, char **cause);
/* GET .../issues/N/comments (a bare array, oldest first). Keeps the
 * newest ISSUES_MAX_COMMENTS in c->items (oldest first) and counts all in
 * c->total; c's other fields are the caller's. */
int	 ghparse_issue_comments(const char *body, size_t len,
	    struct issue_comments *c, char **cause);

#endif
