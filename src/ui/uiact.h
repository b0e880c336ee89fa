/* uiact: the UI's side of the actions: a key (F, X) on the focused pane's
 * run opens the confirmation dialog (dialog.c) stating what will happen,
 * or says why it is refused; the dialog is modal; a confirmation hands
 * one request to the action worker (struct ui_actions); the outcome comes
 * back through STORE_ACTIONS into the status line. Also the audit view
 * (L): the journal's latest entries, read by the worker. Internal to
 * src/ui; UI thread only. */
#ifndef OPSDECK_UI_UIACT_H
#define OPSDECK_UI_UIACT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "opsdeck/keymap.h"
#include "opsdeck/element.h"
#include "opsdeck/envstate.h"
#include "opsdeck/listnav.h"

struct approval_item;
struct dialog;
struct snap;
struct snapset;
struct store;
struct ui_actions;
struct ui_target;

struct uiact {
	const struct ui_actions	*act;
	struct dialog		*dlg;	/* open dialog, or NULL */
	int			 dlg_id;	/* its enum action_id */
	char			*repo, *sha;	/* the dialog's target */
	char			*env, *from;	/* deploy, rollback */
	int			 env_el;	/* its colour (element) */
	bool			 env_protected;
	int64_t			 run_id;
	/* C, c, +, -: the issue or the local file (uiact_issue.c). */
	int64_t			 issue_number;
	char			*issue_file;
	bool			 label_remove;
	struct store		*store;		/* CI state of a target */
	/* D's target chooser (Ctrl-T, uiact_target.c): its dialog over
	 * the deploy dialog, the candidates listed in it, the resolution
	 * waited for (0: none), and the name the chosen target was typed
	 * as when it was a branch or tag ({ref} of a deploy-command). */
	struct dialog		*tdlg;
	char			**cands, **cand_sha;	/* line, full SHA */
	size_t			 ncands;
	int			 tsel;		/* Up/Down's, -1: none */
	uint64_t		 tseq;
	char			*tref;
	char			*target_ref;
	/* A deploy-command's live output (uiact_output.c): the newest
	 * DEPLOYRUN_KEY snapshot (ref) and whether its overlay shows. */
	struct snap		*output;
	bool			 output_open;
	/* B: the rollback picker, before its dialog. */
	struct uiact_pick {
		char	*sha, *creator;
		time_t	 created;
		bool	 lkg;		/* last known good */
		/* What rolling back to it takes out (count -1:
		 * not known). */
		struct env_delta delta;
		char	*subject;	/* its commit's, or NULL */
	}			*pick;
	size_t			 npick;
	struct listnav		 pick_nav;
	char			*pick_current;
	/* a / x: the batch the review dialog is for (approvals.h). */
	struct approval_item	*batch;
	size_t			 nbatch;
	char			 msg[512];	/* the status line, or "" */
	uint64_t		 seen;		/* last result shown */
	bool			 audit_open;
	struct snap		*audit;		/* ref, or NULL: loading */
	struct listnav		 nav;
};

void	 uiact_init(struct uiact *, const struct ui_actions *,
	    struct store *);
void	 uiact_done(struct uiact *);
/* Whether a, an action key, is one of the actions'. */
bool	 uiact_owns(enum action a);
/* a on the focused pane's target (t NULL: none selected): opens a
 * dialog, the audit view, or sets the message. */
void	 uiact_action(struct uiact *, enum action a, const struct ui_target *t);
/* Whether a dialog or the audit view has the keys. */
bool	 uiact_modal(const struct uiact *);
/* A key while modal: 1 redraw everything (it closed or changed). */
int	 uiact_key(struct uiact *, int wc, int keycode, enum action a);
/* STORE_ACTIONS changed: 1 when something shown changed. */
int	 uiact_on_data(struct uiact *, struct store *);
/* Draws the dialog or the audit view over the screen (wnoutrefresh). */
void	 uiact_draw(struct uiact *);
/* The status line's message, or NULL; a key clears it. */
const char *uiact_message(const struct uiact *);
void	 uiact_clear_message(struct uiact *);
/* Whether the key action a is hidden from hints and help (read-only). */
bool	 uiact_hidden(const struct uiact *, enum action a);

/* uiact_env.c: D and B in the environments view. */
void	 uiact_open_deploy(struct uiact *, const struct ui_target *);
void	 uiact_open_rollback(struct uiact *, const struct ui_target *);
/* A key in the rollback picker; 1 redraw. */
int	 uiact_pick_key(struct uiact *, enum action a);
void	 uiact_draw_pick(struct uiact *);
void	 uiact_pick_free(struct uiact *);

/* uiact_target.c: Ctrl-T in the deploy dialog. */
/* The candidates the chooser lists, from the environments' snapshot. */
void	 uiact_target_candidates(struct uiact *, const struct repo_envs *);
void	 uiact_target_open(struct uiact *, const char *refused);
int	 uiact_target_key(struct uiact *, int wc, int keycode);
/* STORE_ACTIONS' resolution: 1 when the dialogs changed. */
int	 uiact_target_on_data(struct uiact *, struct snapset *);
void	 uiact_target_free(struct uiact *);
void	 uiact_draw_target(struct uiact *);
/* uiact_output.c: a deploy-command's output, live. */
int	 uiact_output_on_data(struct uiact *, struct snapset *);
int	 uiact_output_key(struct uiact *, enum action a);
void	 uiact_draw_output(struct uiact *);
/* uiact_env.c: the deploy dialog over target sha (whence says why that
 * one; out/back what it ships and takes back out, NULL unknown). */
void	 uiact_deploy_dialog(struct uiact *, const char *whence,
	    const struct env_commit *tc, const struct env_delta *out,
	    int behind, const struct env_delta *back);

/* uiact_appr.c: a (approve) and x (reject) on the pending deployments
 * marked in the approvals view (or the selected one): one dialog, one
 * request per item. */
void	 uiact_open_review(struct uiact *, int action_id,
	    const struct ui_target *);
void	 uiact_review_confirmed(struct uiact *);
void	 uiact_review_free(struct uiact *);

/* uiact_issue.c: C (create from a local file), c (comment), + and -
 * (a label) in the issues pane and the issue view. */
bool	 uiact_issue_owns(enum action a);
void	 uiact_open_issue(struct uiact *, enum action a,
	    const struct ui_target *);
void	 uiact_issue_confirmed(struct uiact *);
void	 uiact_issue_free(struct uiact *);

/* Shared by uiact.c, uiact_env.c and uiact_appr.c. */
struct env_row;
/* The CI state of sha: the newest run of repo on that commit. */
void	 uiact_ci_state(struct uiact *, const char *repo, const char *sha,
	    char *dst, size_t size);
/* An environment's dialog colour: its [environment] color when it names
 * a theme element, else protected ones as a failure (returns an enum
 * element). */
enum element uiact_env_element(const struct env_row *);
/* The commits going out (verb) with risky paths first. */
void	 uiact_delta_lines(struct uiact *, const char *verb,
	    const struct env_delta *, int count);
/* The gates of u->repo/env on u->sha; whether they block. */
bool	 uiact_gate_lines(struct uiact *);
void	 uiact_set_msg(struct uiact *, const char *what, const char *why);
void	 uiact_close_dialog(struct uiact *);
const char *uiact_dash(const char *);
/* The check of the action the dialog is for: 0, or the message set. */
int	 uiact_check(struct uiact *);
/* A dialog window centred on the screen, drawn. */
void	 uiact_draw_dialog(struct uiact *);

#endif
