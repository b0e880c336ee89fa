/* gitrepo: destructors for git snapshots and ranges. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "opsdeck/gitrepo.h"

void
gitrepo_snapshot_free(struct git_snapshot **sp)
{
	struct git_snapshot	*s;
	size_t			 i;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	for (i = 0; i < s->nbranches; i++) {
		free(s->branches[i].name);
		free(s->branches[i].author);
	}
	free(s->branches);
	for (i = 0; i < s->ntags; i++)
		free(s->tags[i].name);
	free(s->tags);
	free(s->path);
	free(s->branch);
	free(s->head_subject);
	free(s->upstream);
	free(s->default_branch);
	gitrepo_commits_free(s->outgoing, s->noutgoing);
	gitrepo_commits_free(s->incoming, s->nincoming);
	gitrepo_files_free(s->outgoing_files, s->noutgoing_files);
	free(s->error);
	free(s);
	*sp = NULL;
}

void
gitrepo_snapshot_free_void(void *p)
{
	struct git_snapshot	*s = p;

	gitrepo_snapshot_free(&s);
}

void
gitrepo_range_free(struct git_range **rp)
{
	struct git_range	*r;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	gitrepo_commits_free(r->commits, r->ncommits);
	gitrepo_files_free(r->files, r->nfiles);
	free(r);
	*rp = NULL;
}

void
gitrepo_commits_free(struct git_commit_info *c, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(c[i].subject);
		free(c[i].author);
	}
	free(c);
}

void
gitrepo_files_free(struct git_file_info *f, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(f[i].path);
	free(f);
}

void
gitrepo_tree_words(const struct git_snapshot *s, char *buf, size_t size)
{
	if (s->dirty > 0 && s->untracked > 0)
		snprintf(buf, size, "%d changed %d untracked", s->dirty,
		    s->untracked);
	else if (s->dirty > 0)
		snprintf(buf, size, "%d changed", s->dirty);
	else if (s->untracked > 0)
		snprintf(buf, size, "%d untracked", s->untracked);
	else
		snprintf(buf, size, "clean");
}
