/* gitrepo: plain snapshots of a local git repository (model layer).
 * Built by gitsrc on a worker thread, immutable once published. */
#ifndef OPSDECK_GITREPO_H
#define OPSDECK_GITREPO_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct git_branch {
	char		*name;
	char		 sha[41];
	time_t		 time;		/* last commit time */
	char		*author;
	int		 ahead, behind;	/* vs default branch; -1 unknown */
	bool		 stale;
	bool		 merged;
};

struct git_tag {
	char		*name;
	char		 sha[41];	/* target commit */
	time_t		 time;
};

struct git_snapshot {
	char		*path;
	char		*branch;	/* NULL when detached */
	bool		 detached;
	char		 head_sha[41];
	char		*head_subject;
	int		 dirty, untracked;
	int		 ahead, behind;	/* vs upstream; -1 without one */
	char		*upstream;
	struct git_branch *branches;
	size_t		 nbranches;
	struct git_tag	*tags;		/* newest first */
	size_t		 ntags;
	char		*default_branch;
	char		*error;
};

struct git_commit_info {
	char		 sha[41];
	char		*subject;
	char		*author;
	time_t		 time;
};

struct git_file_info {
	char		*path;
	bool		 risky;
};

struct git_range {
	struct git_commit_info *commits;
	size_t		 ncommits;
	struct git_file_info *files;	/* sorted by path, unique */
	size_t		 nfiles;
};

void	gitrepo_snapshot_free(struct git_snapshot **);
void	gitrepo_snapshot_free_void(void *);	/* store free_fn */
void	gitrepo_range_free(struct git_range **);

#endif
