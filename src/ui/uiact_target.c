/* uiact_target: Ctrl-T in the deploy dialog chooses another target than
 * the default one. A chooser over the dialog lists what is at hand (what
 * the other environments run, the default branch's head, the recent
 * commits the environments' deltas name) and takes a full or short SHA,
 * a branch or a tag typed in its one field (Up/Down put a listed one's
 * full SHA there); Enter hands it to the action
 * worker to resolve (the local clone or GitHub, never on this thread), and
 * the answer comes back through STORE_ACTIONS: the deploy dialog is built
 * again over the resolved full SHA (subject, age, the commits going out
 * and coming back, CI, gates), or the chooser says why the ref is
 * refused. Nothing is sent from here. Esc leaves the chooser for the
 * deploy dialog as it was. UI thread only. */
#include "config.h"

#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/action.h"
#include "opsdeck/deploytarget.h"
#include "opsdeck/dialog.h"
#include "opsdeck/element.h"
#include "opsdeck/envstate.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "uiact.h"

/* Candidates listed: the recent commits among them. */
#define TARGET_RECENT	8
#define TARGET_CANDS	16	/* the chooser fits a 40-line terminal */

#define CTRL_T	0x14
#define CTRL_U	0x15

static void
cand_add(struct uiact *u, const char *what, const char *sha,
    const char *subject)
{
	size_t i;

	if (sha == NULL || u->ncands == TARGET_CANDS)
		return;
	for (i = 0; i < u->ncands; i++)
		if (strncmp(u->cands[i], sha, 12) == 0)
			return;		/* listed once, first name wins */
	u->cands = xreallocarray(u->cands, u->ncands + 1, sizeof *u->cands);
	u->cand_sha = xreallocarray(u->cand_sha, u->ncands + 1,
	    sizeof *u->cand_sha);
	u->cand_sha[u->ncands] = xstrdup(sha);
	u->cands[u->ncands++] = xasprintf("%.12s  %-20.20s %s", sha, what,
	    subject != NULL ? subject : "");
}

void
uiact_target_candidates(struct uiact *u, const struct repo_envs *re)
{
	const struct env_commit *c, *best;
	char what[64];
	size_t i, j, k, n;

	uiact_target_free(u);
	for (i = 0; i < re->nenvs; i++) {
		if (re->envs[i].sha == NULL)
			continue;
		snprintf(what, sizeof what, "%s runs", re->envs[i].name);
		c = repo_envs_commit(re, re->envs[i].sha);
		cand_add(u, what, re->envs[i].sha, c != NULL ? c->subject :
		    NULL);
	}
	if (re->head_sha != NULL) {
		snprintf(what, sizeof what, "head of %s",
		    uiact_dash(re->default_branch));
		c = repo_envs_commit(re, re->head_sha);
		cand_add(u, what, re->head_sha, c != NULL ? c->subject : NULL);
	}
	/* The newest commits the deltas name, newest first. */
	for (n = 0; n < TARGET_RECENT; n++) {
		best = NULL;
		for (j = 0; j < re->ndeltas; j++)
			for (k = 0; k < re->deltas[j].ncommits; k++) {
				c = &re->deltas[j].commits[k];
				if (c->sha == NULL || (best != NULL &&
				    c->time <= best->time))
					continue;
				for (i = 0; i < u->ncands &&
				    strncmp(u->cands[i], c->sha, 12) != 0; i++)
					;
				if (i == u->ncands)
					best = c;
			}
		if (best == NULL)
			break;
		cand_add(u, "recent commit", best->sha, best->subject);
	}
}

void
uiact_target_free(struct uiact *u)
{
	size_t i;

	dialog_free(&u->tdlg);
	for (i = 0; i < u->ncands; i++) {
		free(u->cands[i]);
		free(u->cand_sha[i]);
	}
	free(u->cands);
	free(u->cand_sha);
	u->cands = u->cand_sha = NULL;
	u->ncands = 0;
	u->tsel = -1;
	u->tseq = 0;
	free(u->tref);
	u->tref = NULL;
}

/* The chooser; refused: why the last ref was, or NULL. */
void
uiact_target_open(struct uiact *u, const char *refused)
{
	char title[300];
	size_t i;

	dialog_free(&u->tdlg);
	snprintf(title, sizeof title, "Deploy to %s: which target?", u->env);
	u->tdlg = dialog_new(title, (enum element)u->env_el, "Choose");
	dialog_add_line(u->tdlg, EL_REPO, "Repository   %s", u->repo);
	dialog_add_line(u->tdlg, EL_NORMAL, "Runs now     %.12s, target now "
	    "%.12s", uiact_dash(u->from), uiact_dash(u->sha));
	if (u->ncands > 0)
		dialog_add_line(u->tdlg, EL_DIM, "At hand (Up/Down picks one; "
		    "or type any SHA, branch or tag):");
	for (i = 0; i < u->ncands; i++)
		dialog_add_line(u->tdlg, (int)i == u->tsel ? EL_SELECTED :
		    EL_NORMAL, "%s %s", (int)i == u->tsel ? ">" : " ",
		    u->cands[i]);
	if (u->tseq != 0)
		dialog_add_line(u->tdlg, EL_DIM, "Resolving    %s ...",
		    uiact_dash(u->tref));
	if (refused != NULL)
		dialog_add_line(u->tdlg, EL_ERROR, "Refused      %s; nothing "
		    "sent", refused);
	dialog_add_line(u->tdlg, EL_DIM, "Enter resolves it, Esc goes back "
	    "to the deploy dialog");
	dialog_add_field(u->tdlg, "Target (a SHA, full or short, a branch "
	    "or a tag)", true, NULL);
}

/* Up/Down: the next or previous candidate, its full SHA in the field
 * as if typed (C-u, then the SHA): the field stays the one source. */
static int
pick(struct uiact *u, int step)
{
	const char *c;

	if (u->ncands == 0)
		return 0;
	u->tsel = u->tsel < 0 ? (step > 0 ? 0 : (int)u->ncands - 1) :
	    (u->tsel + step + (int)u->ncands) % (int)u->ncands;
	uiact_target_open(u, NULL);
	(void)dialog_key(u->tdlg, CTRL_U, 0);
	for (c = u->cand_sha[u->tsel]; *c != '\0'; c++)
		(void)dialog_key(u->tdlg, (unsigned char)*c, 0);
	return 1;
}

int
uiact_target_key(struct uiact *u, int wc, int keycode)
{
	enum dialog_rc rc;

	if (u->tdlg == NULL && !keycode && wc == CTRL_T &&
	    u->dlg_id == ACTION_ID_DEPLOY && u->act != NULL &&
	    u->act->resolve != NULL) {
		u->tsel = -1;
		uiact_target_open(u, NULL);
		return 1;
	}
	if (u->tdlg == NULL)
		return -1;	/* not the chooser's */
	if (keycode && (wc == KEY_DOWN || wc == KEY_UP))
		return pick(u, wc == KEY_DOWN ? 1 : -1);
	rc = dialog_key(u->tdlg, wc, keycode);
	if (rc == DIALOG_CANCEL) {
		dialog_free(&u->tdlg);
		u->tseq = 0;
		return 1;
	}
	if (rc != DIALOG_CONFIRM)
		return rc == DIALOG_CHANGED;
	free(u->tref);
	u->tref = xstrdup(dialog_field_text(u->tdlg, 0));
	u->tseq = u->act->resolve(u->act->arg, u->repo, u->env, u->tref,
	    u->from);
	/* Open again: another ref may be typed while this one resolves. */
	uiact_target_open(u, NULL);
	return 1;
}

/* The resolved target: the deploy dialog over it. */
static void
chosen(struct uiact *u, const struct env_target *t)
{
	struct snapset *set = store_acquire(u->store, STORE_ENV);
	const struct repo_envs *re = snapset_find_data(set, u->repo);
	const struct env_commit *tc = t->commit.sha != NULL ? &t->commit :
	    repo_envs_commit(re, t->sha);
	char whence[300];

	free(u->sha);
	u->sha = xstrdup(t->sha);
	free(u->target_ref);
	u->target_ref = t->by_name ? xstrdup(t->ref) : NULL;
	snprintf(whence, sizeof whence, "chosen as %s%s", t->by_name ?
	    "" : "SHA ", t->ref);
	dialog_free(&u->tdlg);
	u->tseq = 0;
	uiact_deploy_dialog(u, whence, tc, t->out.count >= 0 ? &t->out : NULL,
	    -1, t->back.count >= 0 ? &t->back : NULL);
	store_release(&set);
}

int
uiact_target_on_data(struct uiact *u, struct snapset *set)
{
	const struct deploy_target_result *r =
	    snapset_find_data(set, DEPLOYTARGET_KEY);

	if (r == NULL || u->tseq == 0 || r->seq != u->tseq || u->dlg == NULL)
		return 0;
	if (r->ok) {
		chosen(u, &r->t);
		return 1;
	}
	u->tseq = 0;
	uiact_target_open(u, r->why != NULL ? r->why : "cannot resolve it");
	return 1;
}

void
uiact_draw_target(struct uiact *u)
{
	WINDOW *w;
	int h, wd;

	dialog_size(u->tdlg, LINES, COLS, &h, &wd);
	if ((w = newwin(h, wd, (LINES - h) / 2, (COLS - wd) / 2)) == NULL)
		return;
	leaveok(w, TRUE);
	dialog_draw(u->tdlg, w);
	wnoutrefresh(w);
	delwin(w);
}
