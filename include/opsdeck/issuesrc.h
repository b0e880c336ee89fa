/* issuesrc: the GitHub issues source. Per [repo], one scheduled job reads
 * GET /repos/O/R/issues?state=open&per_page=100 (conditional, following
 * Link for at most ISSUESRC_MAX_PAGES pages), leaves out pull requests,
 * keeps the issues that carry one of [issues] labels and publishes them
 * sorted (issues.h) to STORE_ISSUES. A 410 (issues disabled) publishes an
 * empty snapshot marked disabled, not an error; a failure publishes the
 * last data marked stale with the reason. Its polls go through the
 * client's request governor like every GitHub source's. */
#ifndef OPSDECK_ISSUESRC_H
#define OPSDECK_ISSUESRC_H

#include <stdint.h>

#define ISSUESRC_MAX_PAGES	3

struct issues_conf {
	int	 enabled;	/* [issues] enabled */
	char	*labels;	/* [issues] labels: blank-separated globs */
};

/* Asks for the comments of issue number of repo (a watched one): a worker
 * reads them and publishes a struct issue_comments (issues.h) to
 * STORE_DETAIL, key "comments:owner/name:N". The last ask wins. Any
 * thread; arg is the source's state (sources.c hands it to the UI). */
void	 issuesrc_want_comments(void *arg, const char *repo, int64_t number);

struct conf_table;
extern const struct conf_table issuesrc_conf_table;
struct source_ops;
extern const struct source_ops issuesrc_source;

#endif
