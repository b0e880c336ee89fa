/* uiact_appr: a (approve) and x (reject) on the pending deployments the
 * approvals view marked. One dialog for the batch states, per item, the
 * repository, run and environment (in its colour), what approving ships
 * (the commits between what the environment runs and the run's SHA,
 * risky paths first), the CI state of that SHA and, for an approval, the
 * environment's gates. Each protected environment's name is typed; the
 * comment is required (GitHub records it) and, when a gate blocks, is
 * the break-glass reason (at least 8 characters). One confirmation sends
 * one request per item; each result comes back on its own. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/action.h"
#include "opsdeck/actworker.h"
#include "opsdeck/approvals.h"
#include "opsdeck/dialog.h"
#include "opsdeck/element.h"
#include "opsdeck/envstate.h"
#include "opsdeck/gatecheck.h"
#include "opsdeck/pane.h"
#include "opsdeck/quality.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "uiact.h"

/* Items listed in full in the dialog; the rest are counted. */
#define REVIEW_LISTED	6
/* The typed names take the fields left beside the comment. */
#define REVIEW_NAMES	(DIALOG_MAX_FIELDS - 1)

void
uiact_review_free(struct uiact *u)
{
	size_t i;

	for (i = 0; i < u->nbatch; i++)
		approval_item_done(&u->batch[i]);
	free(u->batch);
	u->batch = NULL;
	u->nbatch = 0;
}

static const struct env_row *
env_row_of(struct snapset *envs, const char *repo, const char *env)
{
	return repo_envs_find(snapset_find_data(envs, repo), env);
}

/* The policy of each item, before anything opens (read-only says why
 * here, whatever the keymap showed). 0 when all may be asked for. */
static int
check_items(struct uiact *u, int id)
{
	const struct action_def *d = action_def((enum action_id)id);
	struct action_request req;
	char *why = NULL, what[300];
	size_t i;
	int rc;

	for (i = 0; i < u->nbatch; i++) {
		memset(&req, 0, sizeof req);
		req.id = (enum action_id)id;
		req.repo = u->batch[i].repo;
		req.run_id = u->batch[i].run_id;
		req.environment = u->batch[i].environment;
		req.to_sha = u->batch[i].head_sha;
		rc = u->act != NULL && u->act->check != NULL ?
		    u->act->check(u->act->arg, &req, &why) : -1;
		if (rc == 0)
			continue;
		snprintf(what, sizeof what, "%s %s run %" PRId64 " %s", d->name,
		    u->batch[i].repo, u->batch[i].run_id,
		    u->batch[i].environment);
		uiact_set_msg(u, what, rc > 0 ? "one is in flight" :
		    why != NULL ? why : "no actions in this console");
		free(why);
		return -1;
	}
	return 0;
}

/* One item's lines; whether its gates block (approvals only). */
static bool
item_lines(struct uiact *u, struct snapset *envs, size_t i, bool approve,
    bool full)
{
	const struct approval_item *it = &u->batch[i];
	const struct env_row *row = env_row_of(envs, it->repo,
	    it->environment);
	char ci[200];
	bool blocks = false;

	dialog_add_line(u->dlg, uiact_env_element(row), "%zu. %s run #%d %s "
	    "-> %s%s", i + 1, it->repo, it->run_number, it->workflow != NULL ?
	    it->workflow : "-", it->environment, row != NULL &&
	    row->is_protected ? "  (protected)" : "");
	if (!full && !approve)
		return false;
	/* The shared helpers read the dialog's target from u. */
	free(u->repo);
	free(u->env);
	free(u->sha);
	free(u->from);
	u->repo = xstrdup(it->repo);
	u->env = xstrdup(it->environment);
	u->sha = xstrdup(it->head_sha);
	u->from = it->env_sha != NULL ? xstrdup(it->env_sha) : NULL;
	if (full) {
		dialog_add_line(u->dlg, EL_NORMAL, "   %.12s -> %.12s by %s",
		    it->env_sha != NULL ? it->env_sha : "(nothing yet)",
		    it->head_sha, it->actor != NULL ? it->actor : "-");
		uiact_delta_lines(u, "   Ships", it->delta.count >= 0 ?
		    &it->delta : NULL, -1);
		uiact_ci_state(u, it->repo, it->head_sha, ci, sizeof ci);
		dialog_add_line(u->dlg, EL_NORMAL, "   CI of SHA %s", ci);
	}
	if (approve)
		blocks = uiact_gate_lines(u);
	return blocks;
}

/* The distinct protected environments, whose names are typed. */
static size_t
protected_names(struct uiact *u, struct snapset *envs, const char **names,
    size_t max, bool *too_many)
{
	const struct env_row *row;
	size_t i, j, n = 0;

	*too_many = false;
	for (i = 0; i < u->nbatch; i++) {
		row = env_row_of(envs, u->batch[i].repo,
		    u->batch[i].environment);
		/* Unknown: as protected (the name typed costs little). */
		if (row != NULL && !row->is_protected)
			continue;
		for (j = 0; j < n; j++) {
			if (strcmp(names[j], u->batch[i].environment) == 0)
				break;
		}
		if (j < n)
			continue;
		if (n == max) {
			*too_many = true;
			break;
		}
		names[n++] = u->batch[i].environment;
	}
	return n;
}

static void
build_dialog(struct uiact *u, int id, struct snapset *envs)
{
	bool approve = id == ACTION_ID_APPROVE, blocks = false, too_many;
	const char *names[REVIEW_NAMES];
	char title[200], label[200];
	size_t i, nn;
	int f;

	snprintf(title, sizeof title, "%s %zu pending deployment%s?",
	    approve ? "Approve" : "Reject", u->nbatch, u->nbatch == 1 ? "" :
	    "s");
	u->dlg = dialog_new(title, approve ? EL_RUN_FAILED : EL_HELP_TITLE,
	    approve ? "Approve" : "Reject");
	for (i = 0; i < u->nbatch; i++)
		blocks |= item_lines(u, envs, i, approve, i < REVIEW_LISTED);
	dialog_add_line(u->dlg, EL_DIM, "Sends        one POST .../actions/"
	    "runs/RUN/pending_deployments per item, state %s",
	    approve ? "approved" : "rejected");
	nn = protected_names(u, envs, names, REVIEW_NAMES, &too_many);
	for (i = 0; i < nn; i++) {
		snprintf(label, sizeof label, "Type %s to confirm (protected)",
		    names[i]);
		dialog_add_field(u->dlg, label, true, names[i]);
	}
	if (blocks)
		dialog_add_line(u->dlg, EL_ERROR, "Break-glass  a gate blocks "
		    "an item: the comment forces it, and is journaled");
	f = dialog_add_field(u->dlg, blocks ? "Comment (required; the "
	    "break-glass reason, journaled)" : "Comment (required: GitHub "
	    "records it)", true, NULL);
	if (blocks)
		dialog_field_min(u->dlg, f, QUALITY_BREAK_GLASS_MIN);
}

void
uiact_open_review(struct uiact *u, int id, const struct ui_target *t)
{
	const struct action_def *d = action_def((enum action_id)id);
	struct snapset *envs;
	const char *names[REVIEW_NAMES];
	bool too_many;
	size_t i;

	if (t == NULL || t->nitems == 0) {
		uiact_set_msg(u, d->name, "select pending deployments in the "
		    "approvals view (A), Space marks them");
		return;
	}
	uiact_review_free(u);
	u->batch = xcalloc(t->nitems, sizeof *u->batch);
	for (i = 0; i < t->nitems; i++)
		approval_item_copy(&u->batch[i], t->items[i]);
	u->nbatch = t->nitems;
	u->dlg_id = id;
	if (check_items(u, id) != 0) {
		uiact_review_free(u);
		return;
	}
	envs = u->store != NULL ? store_acquire(u->store, STORE_ENV) : NULL;
	(void)protected_names(u, envs, names, REVIEW_NAMES, &too_many);
	if (too_many) {
		uiact_set_msg(u, d->name, "more than 3 protected environments "
		    "marked: review them in smaller batches");
		uiact_review_free(u);
	} else
		build_dialog(u, id, envs);
	if (envs != NULL)
		store_release(&envs);
}

/* One request per item; each is refused or queued on its own. */
void
uiact_review_confirmed(struct uiact *u)
{
	const struct action_def *d = action_def((enum action_id)u->dlg_id);
	const char *comment = dialog_field_text(u->dlg,
	    dialog_nfields(u->dlg) - 1);
	struct action_request req;
	char *why = NULL, what[300];
	size_t i, queued = 0;
	int rc;

	for (i = 0; i < u->nbatch; i++) {
		memset(&req, 0, sizeof req);
		req.id = (enum action_id)u->dlg_id;
		req.repo = u->batch[i].repo;
		req.run_id = u->batch[i].run_id;
		req.environment = u->batch[i].environment;
		req.from_sha = u->batch[i].env_sha;
		req.to_sha = u->batch[i].head_sha;
		req.reason = comment;
		rc = u->act->submit(u->act->arg, &req, &why);
		if (rc == 0) {
			queued++;
			continue;
		}
		snprintf(what, sizeof what, "%s %s run %" PRId64 " %s", d->name,
		    req.repo, req.run_id, req.environment);
		uiact_set_msg(u, what, rc > 0 ? "already in flight" :
		    why != NULL ? why : "refused");
		free(why);
		why = NULL;
	}
	if (queued == u->nbatch) {
		snprintf(what, sizeof what, "%s: %zu request%s", d->name,
		    queued, queued == 1 ? "" : "s");
		uiact_set_msg(u, what, "sending");
	}
	uiact_review_free(u);
}
