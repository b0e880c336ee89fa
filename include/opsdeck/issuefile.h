/* issuefile: the repository's own issue files, issues/NAME.md in a watched
 * clone. The title is the first Markdown heading; a line "github: #123"
 * or "github: owner/repo#123" links the file to a GitHub issue; a line
 * "labels: a, b" names its labels. Its sync state says whether the link
 * is still true: linked and open, linked but closed on GitHub (the file
 * is out of date), not on GitHub yet, or malformed (with the reason).
 * Parsing is pure (any thread); the scan reads the directory. */
#ifndef OPSDECK_ISSUEFILE_H
#define OPSDECK_ISSUEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds of one scan: files read, and bytes read of each. */
#define ISSUEFILE_MAX_FILES	200
#define ISSUEFILE_MAX_BYTES	(64 * 1024)

enum issuefile_state {
	ISSUEFILE_UNKNOWN,	/* linked; GitHub's list not (fully) read */
	ISSUEFILE_OPEN,		/* linked, open on GitHub */
	ISSUEFILE_CLOSED,	/* linked, not open on GitHub: out of date */
	ISSUEFILE_LOCAL,	/* not on GitHub yet */
	ISSUEFILE_MALFORMED,	/* reason says why */
};

struct issue_file {
	char		*name;		/* "issues/checkout.md" */
	char		*title;		/* NULL when malformed */
	char		*link_repo;	/* "owner/name"; NULL: not linked */
	int64_t		 link_number;	/* 0: not linked */
	char		*labels;	/* the labels: line as written; NULL */
	enum issuefile_state state;
	char		*reason;	/* malformed: why; NULL */
};

/* Parses text (len bytes) of the file name, linked by default to repo
 * (a "#123" link). Always fills *out (caller's issuefile_done); a file it
 * cannot make sense of is ISSUEFILE_MALFORMED with a reason. */
void	 issuefile_parse(const char *name, const char *text, size_t len,
	    const char *repo, struct issue_file *out);
/* The .md files of DIR/issues, sorted by name, appended to *v, *n
 * (at most ISSUEFILE_MAX_FILES). 0, or -1 when there is no such
 * directory (nothing appended). */
int	 issuefile_scan(const char *dir, const char *repo,
	    struct issue_file **v, size_t *n);
/* "open", "closed on GitHub", "not on GitHub", "malformed", "linked". */
const char *issuefile_state_word(enum issuefile_state);

void	 issuefile_done(struct issue_file *);
void	 issuefile_copy(struct issue_file *dst, const struct issue_file *src);

#endif
