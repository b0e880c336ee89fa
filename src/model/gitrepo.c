/* gitrepo: destructors for git snapshots and ranges. */
#include "config.h"

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
	size_t			 i;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	for (i = 0; i < r->ncommits; i++) {
		free(r->commits[i].subject);
		free(r->commits[i].author);
	}
	free(r->commits);
	for (i = 0; i < r->nfiles; i++)
		free(r->files[i].path);
	free(r->files);
	free(r);
	*rp = NULL;
}
