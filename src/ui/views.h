/* views: the detail views, one file each, any pane may push on its view
 * stack (opsdeck/view.h) with the arguments below. Internal to src/ui; UI
 * thread only. */
#ifndef OPSDECK_UI_VIEWS_H
#define OPSDECK_UI_VIEWS_H

#include <stdint.h>

#include "opsdeck/pane.h"
#include "opsdeck/view.h"

struct job;
struct run;
struct ui_target;

/* Fills t from a run of repo (borrowed pointers). */
void	 ui_target_from_run(struct ui_target *, const char *repo,
	    const struct run *);

/* Enter on a repository: the local clone's state, branches, tags. */
struct view_repo_args {
	const char	*repo;		/* "owner/name" */
};
extern const struct view_ops view_repo_ops;

/* Enter on a run: its jobs, and the steps of the selected job. */
struct view_run_args {
	const char	*repo;
	int64_t		 run_id;
};
extern const struct view_ops view_run_ops;

/* Enter on a job: its log. */
struct view_log_args {
	const char	*repo;
	const struct job *job;		/* read while it opens */
};
extern const struct view_ops view_log_ops;

/* What a pane that stacks these views reads, for its pane_ops.domains. */
#define VIEWS_DOMAINS	(PANE_DOMAIN(STORE_PIPELINES) | \
    PANE_DOMAIN(STORE_GIT) | PANE_DOMAIN(STORE_DETAIL))

#endif
