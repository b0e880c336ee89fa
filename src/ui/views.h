/* views: the detail views of the pipelines pane, one file each, building
 * what they show from store snapshots. Internal to src/ui; UI thread. */
#ifndef OPSDECK_UI_VIEWS_H
#define OPSDECK_UI_VIEWS_H

#include <time.h>

struct git_snapshot;
struct repo_runs;
struct textview;

/* view_repo.c: Enter on a repository. rr and g may be NULL. */
void	 view_repo_build(struct textview *, const char *repo,
	    const struct repo_runs *rr, const struct git_snapshot *g,
	    time_t now);

#endif
