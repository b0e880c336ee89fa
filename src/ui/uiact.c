/* uiact: action keys to dialogs to requests, their results on the status
 * line, and the audit view. The policy is asked before a dialog opens (a
 * read-only console says why instead) and again, in the core, when the
 * confirmed request is handed over. */
#include "config.h"

#include <inttypes.h>
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/action.h"
#include "opsdeck/actissue.h"
#include "opsdeck/actworker.h"
#include "opsdeck/dialog.h"
#include "opsdeck/journal.h"
#include "opsdeck/pane.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "uiact.h"
#include "views.h"

/* How many journal entries the audit view asks for. */
#define UIACT_AUDIT_MAX	200

void
ui_target_from_run(struct ui_target *t, const char *repo,
    const struct run *r)
{
	memset(t, 0, sizeof *t);
	t->repo = repo;
	t->run_id = r->id;
	t->run_number = r->run_number;
	t->workflow = r->name;
	t->title = r->display_title;
	t->head_sha = r->head_sha;
	t->head_branch = r->head_branch;
	t->status = r->status;
	t->conclusion = r->conclusion;
}

void
uiact_init(struct uiact *u, const struct ui_actions *act, struct store *st)
{
	memset(u, 0, sizeof *u);
	u->act = act;
	u->store = st;
	u->nav.flags = LISTNAV_SCROLL;
}

void
uiact_close_dialog(struct uiact *u)
{
	uiact_review_free(u);
	uiact_issue_free(u);
	uiact_target_free(u);
	free(u->target_ref);
	u->target_ref = NULL;
	dialog_free(&u->dlg);
	free(u->repo);
	free(u->sha);
	free(u->env);
	free(u->from);
	u->repo = u->sha = u->env = u->from = NULL;
	u->run_id = 0;
}

void
uiact_done(struct uiact *u)
{
	uiact_close_dialog(u);
	uiact_pick_free(u);
	snap_unref(&u->audit);
	snap_unref(&u->output);
}

bool
uiact_owns(enum action a)
{
	return a == ACT_RERUN_FAILED || a == ACT_CANCEL_RUN || a == ACT_AUDIT ||
	    a == ACT_DEPLOY || a == ACT_ROLLBACK || a == ACT_APPROVE ||
	    a == ACT_REJECT || uiact_issue_owns(a);
}

static int
action_id_of(enum action a)
{
	switch (a) {
	case ACT_RERUN_FAILED:
		return ACTION_ID_RERUN_FAILED;
	case ACT_CANCEL_RUN:
		return ACTION_ID_CANCEL;
	case ACT_DEPLOY:
		return ACTION_ID_DEPLOY;
	case ACT_ROLLBACK:
		return ACTION_ID_ROLLBACK;
	case ACT_APPROVE:
		return ACTION_ID_APPROVE;
	case ACT_REJECT:
		return ACTION_ID_REJECT;
	case ACT_ISSUE_CREATE:
		return ACTION_ID_ISSUE_CREATE;
	case ACT_ISSUE_COMMENT:
		return ACTION_ID_ISSUE_COMMENT;
	case ACT_LABEL_ADD:
	case ACT_LABEL_REMOVE:
		return ACTION_ID_ISSUE_LABEL;
	default:
		return -1;
	}
}

bool
uiact_hidden(const struct uiact *u, enum action a)
{
	int id = action_id_of(a);

	if (id < 0)
		return false;
	/* No action worker (the demo, a test): nothing can be done. */
	if (u->act == NULL || u->act->hidden == NULL)
		return true;
	return u->act->hidden(u->act->arg, id) != 0;
}

static void
request_of(const struct uiact *u, struct action_request *req)
{
	memset(req, 0, sizeof *req);
	req->id = (enum action_id)u->dlg_id;
	req->repo = u->repo;
	req->run_id = u->run_id;
	req->to_sha = u->sha;
	req->environment = u->env;
	req->from_sha = u->from;
	req->number = u->issue_number;
	req->file = u->issue_file;
	req->label_remove = u->label_remove;
	req->target_ref = u->target_ref;
}

int
uiact_check(struct uiact *u)
{
	const struct action_def *d = action_def((enum action_id)u->dlg_id);
	struct action_request req;
	char *why = NULL;
	int rc;

	request_of(u, &req);
	rc = u->act != NULL && u->act->check != NULL ?
	    u->act->check(u->act->arg, &req, &why) : -1;
	if (rc != 0)
		uiact_set_msg(u, d->name, rc > 0 ? (d->env_scoped ?
		    "one is in flight on this environment" : u->issue_number >
		    0 || u->issue_file != NULL ? "one is in flight on this "
		    "issue" : "one is in flight on this run") : why != NULL ? why :
		    "no actions in this console");
	free(why);
	return rc;
}

void
uiact_set_msg(struct uiact *u, const char *what, const char *why)
{
	snprintf(u->msg, sizeof u->msg, "%s%s%s", what, why != NULL ? ": " :
	    "", why != NULL ? why : "");
}

const char *
uiact_dash(const char *s)
{
	return s != NULL && *s != '\0' ? s : "-";
}

/* F or X on the run t: the dialog says what will be sent where. */
static void
open_run_dialog(struct uiact *u, int id, const struct ui_target *t)
{
	const struct action_def *d = action_def((enum action_id)id);
	struct action_request req;
	const char *method;
	char *path = NULL, *json = NULL;

	if (t == NULL || t->run_id <= 0) {
		uiact_set_msg(u, d->name, "select a run first");
		return;
	}
	u->dlg_id = id;
	u->repo = xstrdup(t->repo);
	u->sha = t->head_sha != NULL ? xstrdup(t->head_sha) : NULL;
	u->run_id = t->run_id;
	if (uiact_check(u) != 0) {
		uiact_close_dialog(u);
		return;
	}
	request_of(u, &req);
	(void)actworker_request_path(&req, &method, &path, &json);
	u->dlg = dialog_new(id == ACTION_ID_CANCEL ? "Cancel this run?" :
	    "Re-run the failed jobs of this run?", EL_HELP_TITLE,
	    id == ACTION_ID_CANCEL ? "Cancel run" : "Re-run failed");
	dialog_add_line(u->dlg, EL_REPO, "Repository  %s", t->repo);
	dialog_add_line(u->dlg, EL_NORMAL, "Run         #%d (id %" PRId64
	    ")  %s", t->run_number, t->run_id, uiact_dash(t->workflow));
	dialog_add_line(u->dlg, EL_NORMAL, "Title       %s", uiact_dash(t->title));
	dialog_add_line(u->dlg, EL_NORMAL, "SHA         %s on %s",
	    uiact_dash(t->head_sha), uiact_dash(t->head_branch));
	dialog_add_line(u->dlg, EL_NORMAL, "State       %s%s%s",
	    uiact_dash(t->status), t->conclusion != NULL ? ", " : "",
	    t->conclusion != NULL ? t->conclusion : "");
	dialog_add_line(u->dlg, EL_DIM, "Sends       %s %s", method,
	    uiact_dash(path));
	dialog_add_line(u->dlg, EL_DIM, "Tab/Left/Right move, Enter "
	    "activates, Esc cancels");
	free(path);
	free(json);
}

void
uiact_action(struct uiact *u, enum action a, const struct ui_target *t)
{
	int id = action_id_of(a);

	u->msg[0] = '\0';
	if (a == ACT_AUDIT) {
		u->audit_open = true;
		memset(&u->nav, 0, sizeof u->nav);
		u->nav.flags = LISTNAV_SCROLL;
		if (u->act != NULL && u->act->want_audit != NULL)
			u->act->want_audit(u->act->arg, UIACT_AUDIT_MAX);
		return;
	}
	if (id < 0 || u->dlg != NULL)
		return;
	if (a == ACT_APPROVE || a == ACT_REJECT)
		uiact_open_review(u, id, t);
	else if (a == ACT_DEPLOY)
		uiact_open_deploy(u, t);
	else if (a == ACT_ROLLBACK)
		uiact_open_rollback(u, t);
	else if (uiact_issue_owns(a))
		uiact_open_issue(u, a, t);
	else
		open_run_dialog(u, id, t);
}

bool
uiact_modal(const struct uiact *u)
{
	return u->dlg != NULL || u->audit_open || u->pick != NULL ||
	    u->tdlg != NULL || u->output_open;
}

/* The one place a confirmed dialog becomes a request. */
static void
confirmed(struct uiact *u)
{
	const struct action_def *d = action_def((enum action_id)u->dlg_id);
	struct action_request req;
	char *why = NULL, what[300];
	int rc;

	request_of(u, &req);
	/* The last field, when there is one, is the optional reason. */
	if (dialog_nfields(u->dlg) > 0 && *dialog_field_text(u->dlg,
	    dialog_nfields(u->dlg) - 1) != '\0')
		req.reason = dialog_field_text(u->dlg,
		    dialog_nfields(u->dlg) - 1);
	if (d->env_scoped)
		snprintf(what, sizeof what, "%s %s %s %.12s", d->name, u->repo,
		    u->env, uiact_dash(u->sha));
	else
		snprintf(what, sizeof what, "%s %s run %" PRId64, d->name,
		    u->repo, u->run_id);
	rc = u->act->submit(u->act->arg, &req, &why);
	if (rc == 0)
		uiact_set_msg(u, what, "sending");
	else if (rc > 0)
		uiact_set_msg(u, what, "already in flight");
	else
		uiact_set_msg(u, what, why != NULL ? why : "refused");
	free(why);
}

static int
audit_key(struct uiact *u, enum action a)
{
	const struct action_audit *au = u->audit != NULL ?
	    snap_data(u->audit) : NULL;
	int rows = LINES - 4 > 1 ? LINES - 4 : 1;

	if (a == ACT_BACK || a == ACT_AUDIT || a == ACT_QUIT) {
		u->audit_open = false;
		return 1;
	}
	return listnav_key(&u->nav, a, rows, au != NULL ? au->n : 0) ? 1 : 0;
}

int
uiact_key(struct uiact *u, int wc, int keycode, enum action a)
{
	enum dialog_rc rc;
	int tk;

	if (u->dlg == NULL && u->pick != NULL)
		return uiact_pick_key(u, a);
	if (u->dlg == NULL && u->output_open)
		return uiact_output_key(u, a);
	if (u->dlg == NULL)
		return u->audit_open ? audit_key(u, a) : 0;
	/* Ctrl-T and the target chooser over the deploy dialog. */
	if ((tk = uiact_target_key(u, wc, keycode)) >= 0)
		return tk;
	rc = dialog_key(u->dlg, wc, keycode);
	if (rc == DIALOG_CONFIRM) {
		if (u->dlg_id == ACTION_ID_APPROVE ||
		    u->dlg_id == ACTION_ID_REJECT)
			uiact_review_confirmed(u);
		else if (actissue_is(u->dlg_id))
			uiact_issue_confirmed(u);
		else
			confirmed(u);
		uiact_close_dialog(u);
		return 1;
	}
	if (rc == DIALOG_CANCEL) {
		uiact_set_msg(u, action_def((enum action_id)u->dlg_id)->name,
		    "cancelled, nothing sent");
		uiact_close_dialog(u);
		return 1;
	}
	return rc == DIALOG_CHANGED;
}

int
uiact_on_data(struct uiact *u, struct store *store)
{
	struct snapset *set = store_acquire(store, STORE_ACTIONS);
	const struct action_result *r =
	    snapset_find_data(set, ACTWORKER_KEY_RESULT);
	struct snap *au = snapset_find(set, ACTWORKER_KEY_AUDIT);
	int changed = 0;

	if (r != NULL && r->seq > u->seen) {
		u->seen = r->seq;
		uiact_set_msg(u, r->message, NULL);
		changed = 1;
		/* The audit view, if open, shows the new entry. */
		if (u->audit_open && u->act != NULL &&
		    u->act->want_audit != NULL)
			u->act->want_audit(u->act->arg, UIACT_AUDIT_MAX);
	}
	changed |= uiact_target_on_data(u, set);
	changed |= uiact_output_on_data(u, set);
	if (au != NULL && au != u->audit) {
		snap_unref(&u->audit);
		u->audit = snap_ref(au);
		changed |= u->audit_open;
	}
	store_release(&set);
	return changed;
}

const char *
uiact_message(const struct uiact *u)
{
	return u->msg[0] != '\0' ? u->msg : NULL;
}

void
uiact_clear_message(struct uiact *u)
{
	u->msg[0] = '\0';
}

void
uiact_draw_dialog(struct uiact *u)
{
	WINDOW *w;
	int h, wd;

	dialog_size(u->dlg, LINES, COLS, &h, &wd);
	if ((w = newwin(h, wd, (LINES - h) / 2, (COLS - wd) / 2)) == NULL)
		return;
	leaveok(w, TRUE);
	dialog_draw(u->dlg, w);
	wnoutrefresh(w);
	delwin(w);
}

/* One journal entry on a line: when, who, what, where, and the answer. */
static void
audit_line(char *buf, size_t size, const struct journal_entry *e)
{
	char out[200];

	if (!e->has_outcome)
		snprintf(out, sizeof out, "no outcome recorded");
	else if (e->error != NULL)
		snprintf(out, sizeof out, "HTTP %ld %s", e->http_status,
		    e->error);
	else
		snprintf(out, sizeof out, "HTTP %ld request %s",
		    e->http_status, uiact_dash(e->request_id));
	snprintf(buf, size, "%-20.20s %-10.10s %-13.13s %s %s %s %.12s->%.12s "
	    "%s%s%s  %s", uiact_dash(e->time), uiact_dash(e->user),
	    uiact_dash(e->action), uiact_dash(e->repo), uiact_dash(e->environment),
	    uiact_dash(e->target), uiact_dash(e->from_sha), uiact_dash(e->to_sha),
	    e->reason != NULL ? "\"" : "", e->reason != NULL ? e->reason : "",
	    e->reason != NULL ? "\"" : "", out);
}

static void
draw_audit(struct uiact *u)
{
	const struct action_audit *au = u->audit != NULL ?
	    snap_data(u->audit) : NULL;
	char line[1024];
	WINDOW *w;
	int rows, y;
	size_t i;

	if ((w = newwin(LINES, COLS, 0, 0)) == NULL)
		return;
	leaveok(w, TRUE);
	draw_box(w);
	rows = LINES - 4;
	if (au == NULL)
		snprintf(line, sizeof line, " Audit journal: loading ");
	else
		snprintf(line, sizeof line, " Audit journal %s: %zu entries%s"
		    "%s%s ", uiact_dash(au->path), au->n, au->skipped > 0 ?
		    ", unreadable lines skipped" : "", au->error != NULL ?
		    ": " : "", au->error != NULL ? au->error : "");
	draw_text(w, 0, 2, line, COLS - 4, EL_HELP_TITLE);
	draw_text(w, 1, 2, "time (UTC)           user       action        "
	    "repo env target from->to reason  outcome", COLS - 4, EL_DIM);
	if (au != NULL && au->n == 0 && au->error == NULL)
		draw_text(w, 2, 2, "no actions recorded yet", COLS - 4,
		    EL_DIM);
	if (au != NULL && rows > 0) {
		listnav_fit(&u->nav, rows, au->n);
		for (i = u->nav.top, y = 2; i < au->n && y < 2 + rows;
		    i++, y++) {
			audit_line(line, sizeof line, &au->entries[i]);
			draw_text(w, y, 2, line, COLS - 4,
			    au->entries[i].has_outcome &&
			    au->entries[i].error == NULL ? EL_NORMAL :
			    EL_ERROR);
		}
	}
	draw_text(w, LINES - 1, 2, " Esc or L closes ", COLS - 4, EL_DIM);
	wnoutrefresh(w);
	delwin(w);
}

void
uiact_draw(struct uiact *u)
{
	if (u->tdlg != NULL)
		uiact_draw_target(u);
	else if (u->dlg != NULL)
		uiact_draw_dialog(u);
	else if (u->pick != NULL)
		uiact_draw_pick(u);
	else if (u->output_open)
		uiact_draw_output(u);
	else if (u->audit_open)
		draw_audit(u);
}
