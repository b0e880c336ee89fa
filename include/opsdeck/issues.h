/* issues: what the issues source publishes to STORE_ISSUES (key
 * "owner/name", data struct repo_issues) and the issues pane and the
 * --once report read: a repository's open GitHub issues (pull requests
 * left out) that carry one of the watched labels, most severe first.
 * Immutable once published; plain data, any thread. Strings are raw as
 * GitHub sent them (the UI sanitises). */
#ifndef OPSDECK_ISSUES_H
#define OPSDECK_ISSUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "opsdeck/issuefile.h"

/* At most this many labels and assignees are kept per issue. */
#define ISSUES_MAX_LABELS	16
#define ISSUES_MAX_ASSIGNEES	8
/* A title longer than this (bytes) is cut at a character boundary. */
#define ISSUES_MAX_TITLE	512

struct issue_label {
	char	*name;
	char	*color;		/* "f29513", or NULL (a label as a string) */
};

struct issue {
	int64_t		 number;
	char		*title;
	char		*state;		/* "open", "closed" */
	char		*html_url;	/* NULL: unknown */
	char		*body;		/* NULL: none */
	struct issue_label *labels;
	size_t		 nlabels;
	char		**assignees;	/* logins */
	size_t		 nassignees;
	int		 comments;
	time_t		 created_at;	/* 0: unknown */
	time_t		 updated_at;
};

struct repo_issues {
	char		*repo;
	struct issue	*items;		/* sorted: issues_sort */
	size_t		 n;
	/* The clone's issues/NAME.md ([repo] path), with their sync state. */
	struct issue_file *files;
	size_t		 nfiles;
	/* The [issues] labels the list was filtered with (NULL: none, all
	 * kept): what it can say of a label. */
	char		*patterns;
	bool		 disabled;	/* 410: the repository has no issues */
	bool		 truncated;	/* more pages than were read */
	bool		 stale;
	char		*error;		/* why not fresh; NULL */
	time_t		 fetched_at;
};

/* An issue's latest comments, read when its view opens (published to
 * STORE_DETAIL with key "comments:owner/name:N"). */
#define ISSUES_MAX_COMMENTS	10	/* the newest kept */

struct issue_comment {
	char		*author;	/* login; NULL: unknown */
	char		*body;
	time_t		 created_at;
};

struct issue_comments {
	char		*repo;
	int64_t		 number;
	struct issue_comment *items;	/* oldest first, the newest kept */
	size_t		 n;
	size_t		 total;		/* read (before keeping the newest) */
	bool		 more;		/* past the page read */
	char		*error;		/* NULL: read */
};

/* The default of [issues] labels. */
#define ISSUES_DEFAULT_LABELS	"incident bug release-blocker sev*"

/* Whether label matches one of the blank-separated patterns (a trailing
 * '*' matches any suffix; case-insensitive, as GitHub's labels are). */
bool	 issues_label_matches(const char *patterns, const char *label);
/* Whether any label of the issue matches; patterns NULL or "" keeps all. */
bool	 issue_wanted(const struct issue *, const char *patterns);
/* The severity rank of an issue: sevN gives N (sev1 most severe), then
 * release-blocker 100, incident 101, bug 102, anything else 1000. */
int	 issue_severity(const struct issue *);
/* Most severe first, then oldest first, then by number. */
void	 issues_sort(struct issue *, size_t n);
/* Drops the issues no label of which matches patterns. */
void	 issues_filter(struct issue *, size_t *n, const char *patterns);
/* A label's colour ("b60205") as the nearest xterm 256-colour index (the
 * 6x6x6 cube), for a colour spec; -1 when it is not six hex digits. */
int	 issue_label_xterm256(const char *hex);

/* The sync state of each linked file from the open issues v (every open
 * one, before the label filter) of repo: open when listed, closed when
 * the list is complete (not truncated) and lacks it, else unknown; a link
 * to another repository stays unknown. */
void	 issues_resolve_files(struct issue_file *files, size_t nfiles,
	    const char *repo, const struct issue *v, size_t n, bool complete);

/* The quality gate no-open-issues-labelled from the list: how many
 * listed issues carry label (case-insensitive); -1 when that cannot be
 * said though the label is watched (none listed, but the list is stale
 * or truncated); -2 when the list cannot tell (the label is not among
 * the watched patterns). A repository with issues disabled has none. */
int	 issues_open_labelled(const struct repo_issues *, const char *label);

void	 issue_comments_free(struct issue_comments **);	/* accepts NULL */
void	 issue_comments_free_void(void *);		/* store free_fn */

void	 issue_done(struct issue *);
void	 issue_copy(struct issue *dst, const struct issue *src);
struct repo_issues *repo_issues_dup(const struct repo_issues *);
void	 repo_issues_free(struct repo_issues **);	/* accepts NULL */
void	 repo_issues_free_void(void *);			/* store free_fn */

#endif
