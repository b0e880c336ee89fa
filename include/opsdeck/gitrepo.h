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

/* Commits listed per direction in a snapshot, newest first; the counts in
 * ahead/behind stay exact beyond it. */
#define GIT_SNAPSHOT_MAX_COMMITS	50
#define GIT_SNAPSHOT_MAX_RANGE		200

struct git_snapshot {
	char		*path;
	char		*branch;	/* NULL when detached */
	bool		 detached;
	char		 head_sha[41];
	char		*head_subject;
	int		 dirty, untracked;
	int		 ahead, behind;	/* vs upstream; -1 without one */
	char		*upstream;
	char		 upstream_sha[41];	/* "" without one */
	struct git_branch *branches;
	size_t		 nbranches;
	struct git_tag	*tags;		/* newest first */
	size_t		 ntags;
	char		*default_branch;
	/* HEAD vs upstream: commits to push (HEAD only) and to pull. */
	struct git_commit_info *outgoing;
	size_t		 noutgoing;
	struct git_commit_info *incoming;
	size_t		 nincoming;
	/* Files the outgoing commits touch (only while at most
	 * GIT_SNAPSHOT_MAX_RANGE are outgoing), sorted, risky flagged. */
	struct git_file_info *outgoing_files;
	size_t		 noutgoing_files;
	char		*error;
};

struct git_range {
	struct git_commit_info *commits;
	size_t		 ncommits;
	struct git_file_info *files;	/* sorted by path, unique */
	size_t		 nfiles;
};

/* "clean", "2 changed", "1 untracked" or "2 changed 1 untracked". */
void	gitrepo_tree_words(const struct git_snapshot *, char *, size_t);
void	gitrepo_snapshot_free(struct git_snapshot **);
void	gitrepo_snapshot_free_void(void *);	/* store free_fn */
void	gitrepo_range_free(struct git_range **);
void	gitrepo_commits_free(struct git_commit_info *, size_t);
void	gitrepo_files_free(struct git_file_info *, size_t);

#endif
