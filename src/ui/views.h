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

/* Enter on an issue (the issues pane): its labels, assignees, age and
 * body as readable text, from the STORE_ISSUES snapshot; o and y open or
 * copy its URL. */
struct view_issue_args {
	const char	*repo;
	int64_t		 number;
};
extern const struct view_ops view_issue_ops;

/* Key E from any pane: the environments (STORE_ENV), a list for one
 * repository, a service x environment grid for several. No arguments
 * (NULL). Enter opens the selected deployment's run. */
extern const struct view_ops view_env_ops;
struct repo_envs;
/* Pushes the environments view on s unless it is already on top: what a
 * pane does with ACT_ENVIRONMENTS. Returns the key flags. */
int	 view_env_open_on(struct view_stack *s);
/* For the actions (D deploy, B roll back) bound in the view: the selected
 * repository and environment (borrowed from the snapshot the view holds,
 * valid until its next on_data or close). priv is the view's (the top
 * of the stack when view_stack_top is &view_env_ops). 0, or -1 with both
 * NULL when nothing is selected (an empty grid cell). */
int	 view_env_selection(const void *priv, const char **repo,
	    const char **env);
/* The selected repository's snapshot (deployments for the rollback
 * picker, head SHA, the rows), or NULL. Borrowed, as above. */
const struct repo_envs *view_env_selected_repo(const void *priv);
/* A one-line message at the view's bottom (a refusal), until a key. */
void	 view_env_set_message(void *priv, const char *msg);

/* Key A from any pane: the pending approvals (STORE_APPROVALS). No
 * arguments. Space marks, a and x act on the marked (ui_target.items). */
extern const struct view_ops view_appr_ops;
int	 view_appr_open_on(struct view_stack *s);

/* What a pane that stacks these views reads, for its pane_ops.domains. */
#define VIEWS_DOMAINS	(PANE_DOMAIN(STORE_PIPELINES) | \
    PANE_DOMAIN(STORE_GIT) | PANE_DOMAIN(STORE_DETAIL) | \
    PANE_DOMAIN(STORE_ENV) | PANE_DOMAIN(STORE_APPROVALS) | \
    PANE_DOMAIN(STORE_ACTIONS))

#endif
