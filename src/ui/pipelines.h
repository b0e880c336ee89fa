/* pipelines: the pipelines pane's state, shared by its files (the list in
 * pane_pipelines.c, the rows in pl_draw.c, the detail views). Internal to
 * src/ui; UI thread only. */
#ifndef OPSDECK_UI_PIPELINES_H
#define OPSDECK_UI_PIPELINES_H

#include <ncurses.h>
#include <stdint.h>
#include <time.h>

#include "opsdeck/keymap.h"
#include "opsdeck/runlist.h"
#include "prompt.h"
#include "textview.h"

struct git_snapshot;
struct job;
struct snapset;
struct ui_opts;

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

enum pl_mode { PL_LIST, PL_REPO, PL_RUN, PL_LOG };

struct detail_jobs;
struct detail_log;
struct joblog;
struct joblog_mask;
struct rx;
struct rx_match;
struct snap;

/* Enter on a run: its jobs, and the steps of the selected job. */
struct run_view {
	char		 repo[256];
	int64_t		 run_id;
	struct snap	*runs;		/* ref on the repo's runs snapshot */
	const struct run *run;		/* in runs */
	struct snap	*jobs_snap;	/* ref on "jobs:..." in STORE_DETAIL */
	const struct detail_jobs *dj;
	size_t		 sel;		/* selected job */
	int64_t		 sel_job;
	int		 asked;		/* jobs requested for this poll */
};

/* Enter on a job: its log. */
struct log_view {
	char		 repo[256];
	int64_t		 job_id;
	char		 job[128];	/* the job's name, for the title */
	char		 url[512];	/* the job's html_url */
	time_t		 failed_step_at; /* where the first error is looked for */
	int		 job_done;
	struct snap	*snap;		/* ref on "log:..." in STORE_DETAIL */
	const struct detail_log *dl;
	size_t		 top;		/* first line drawn */
	size_t		 cur;		/* the line the view is on */
	int		 placed;	/* cur set from the log (first error) */
	int		 follow;
	int		 keep_time;
	struct joblog_mask *mask;
	/* Search: a slice per loop turn (work), never a stall. */
	struct rx	*rx;
	struct rx_match	*md;
	char		 pattern[PROMPT_MAX];
	int		 searching;	/* a search is under way */
	int		 pending;	/* more n (or N) typed meanwhile */
	int		 dir;
	size_t		 from;		/* where the search goes on */
	int		 wrapped;
	int		 counting;
	size_t		 count_line, count_matches, nmatches;
	char		 msg[PROMPT_MAX + 64];
};

struct pipelines {
	const struct ui_opts	*o;
	struct snapset		*set;	/* STORE_PIPELINES */
	struct snapset		*git;	/* STORE_GIT */
	struct prow		*rows;
	size_t			 nrows, sel, top, shown;
	/* The selection by identity, so that polls do not move it. */
	enum prow_kind		 sel_kind;
	int64_t			 sel_run;
	char			 sel_repo[256];
	struct runlist_filter	 filter;
	struct prompt		 prompt;
	char			 filter_error[128];
	enum runlist_sort	 sort;
	enum pl_mode		 mode;
	char			 view_repo[256];
	struct textview		 tv;
	struct snapset		*detail;	/* STORE_DETAIL */
	struct run_view		 rv;
	struct log_view		 lv;
	char			 status[600];
	char			 note[128];	/* one-off message, bottom row */
};

/* view_run.c */
void	 view_run_open(struct pipelines *, const struct repo_runs *,
	    const struct run *);
void	 view_run_close(struct pipelines *);
void	 view_run_on_data(struct pipelines *);
void	 view_run_draw(struct pipelines *, WINDOW *, time_t now);
int	 view_run_key(struct pipelines *, enum action, int rows);
int	 view_run_tick(struct pipelines *, time_t now);

/* view_log.c */
void	 view_log_open(struct pipelines *, const char *repo,
	    const struct job *);
void	 view_log_close(struct pipelines *);
void	 view_log_on_data(struct pipelines *);
void	 view_log_draw(struct pipelines *, WINDOW *);
int	 view_log_key(struct pipelines *, enum action, int rows);
int	 view_log_input(struct pipelines *, int wc, int keycode);
int	 view_log_work(struct pipelines *);
void	 view_log_status(struct pipelines *, char *, size_t);

/* Shared by the views: o copies or opens url, saying what happened in msg
 * (UI thread). */
int	 pl_url_action(enum action, const char *url, char *msg, size_t size);

/* pl_draw.c: one row of the list at y. wide: room for the trend. */
void	 pl_draw_row(WINDOW *, int y, const struct prow *, int wide,
	    time_t now);
/* Seconds until the row's text changes with time alone; -1 never. */
int	 pl_row_tick(const struct prow *, time_t now);

#endif
