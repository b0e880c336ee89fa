/* pipelines: the pipelines pane's state, shared by its files (the list in
 * pane_pipelines.c, the rows in pl_draw.c). Internal to src/ui; UI thread
 * only. */
#ifndef OPSDECK_UI_PIPELINES_H
#define OPSDECK_UI_PIPELINES_H

#include <ncurses.h>
#include <stdint.h>
#include <time.h>

#include "opsdeck/keymap.h"
#include "opsdeck/listnav.h"
#include "opsdeck/runlist.h"
#include "opsdeck/view.h"
#include "prompt.h"

struct git_snapshot;
struct snapset;

/* The runlist's kinds, and the local clone's line under a repository. */
enum prow_kind { PR_REPO = RL_REPO, PR_WORKFLOW = RL_WORKFLOW,
    PR_RUN = RL_RUN, PR_GIT };

struct prow {
	enum prow_kind		 kind;
	const struct repo_runs	*rr;
	const struct run	*run;	/* PR_RUN; PR_WORKFLOW: its latest */
	const struct git_snapshot *git;	/* PR_GIT, and PR_REPO when known */
	size_t			 nshown;
};

struct pipelines {
	struct snapset		*set;	/* STORE_PIPELINES */
	struct snapset		*git;	/* STORE_GIT */
	struct prow		*rows;	/* point into set and git */
	size_t			 nrows, shown;
	struct listnav		 nav;	/* the selected row */
	/* The selection by identity, so that polls do not move it. */
	enum prow_kind		 sel_kind;
	int64_t			 sel_run;
	char			 sel_repo[256];
	struct runlist_filter	 filter;
	struct prompt		 prompt;
	char			 filter_error[128];
	enum runlist_sort	 sort;
	/* Enter: a repository, a run, then a job's log. */
	struct view_stack	 views;
	char			 status[600];
	char			 note[128];	/* one-off message, bottom row */
};

/* pl_draw.c: one row of the list at y. wide: room for the trend. */
void	 pl_draw_row(WINDOW *, int y, const struct prow *, int wide,
	    time_t now);
/* Seconds until the row's text changes with time alone; -1 never. */
int	 pl_row_tick(const struct prow *, time_t now);

#endif
