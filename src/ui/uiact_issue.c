/* uiact_issue: the issue actions' keys in the issues pane and the issue
 * view: C on a local issue file not on GitHub yet (create it there, and
 * link the file), c on an issue (a comment, typed in a required field),
 * + and - on an issue (add or remove a label, named in a required field).
 * Each asks the policy first (a read-only console says why instead),
 * opens a dialog stating what will be sent where, and hands one request
 * to the action worker on confirmation. What the file holds is read by
 * the worker when it sends, never taken from here. UI thread only. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/action.h"
#include "opsdeck/actissue.h"
#include "opsdeck/actworker.h"
#include "opsdeck/dialog.h"
#include "opsdeck/issuefile.h"
#include "opsdeck/issues.h"
#include "opsdeck/pane.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "uiact.h"

bool
uiact_issue_owns(enum action a)
{
	return a == ACT_ISSUE_CREATE || a == ACT_ISSUE_COMMENT ||
	    a == ACT_LABEL_ADD || a == ACT_LABEL_REMOVE;
}

void
uiact_issue_free(struct uiact *u)
{
	free(u->issue_file);
	u->issue_file = NULL;
	u->issue_number = 0;
	u->label_remove = false;
}

static void
hint_line(struct uiact *u, bool fields)
{
	dialog_add_line(u->dlg, EL_DIM, "%s", fields ? "Type in the field; "
	    "Tab moves to the buttons, Enter on the last field confirms, "
	    "Esc cancels" : "Tab/Left/Right move, Enter activates, Esc "
	    "cancels");
}

/* C: only a well-formed file not on GitHub yet; anything else says why. */
static void
open_create(struct uiact *u, const struct ui_target *t)
{
	const struct issue_file *f = t != NULL ? t->issue_file : NULL;

	if (f == NULL) {
		uiact_set_msg(u, "issue-create", "select a local issue file "
		    "(issues/NAME.md, below the issues) first");
		return;
	}
	if (f->state == ISSUEFILE_MALFORMED) {
		uiact_set_msg(u, "issue-create", f->reason);
		return;
	}
	if (f->state != ISSUEFILE_LOCAL) {
		uiact_set_msg(u, "issue-create", "this file is on GitHub "
		    "already (it has a github: line)");
		return;
	}
	u->dlg_id = ACTION_ID_ISSUE_CREATE;
	u->repo = xstrdup(t->repo);
	u->issue_file = xstrdup(f->name);
	if (uiact_check(u) != 0) {
		uiact_close_dialog(u);
		return;
	}
	u->dlg = dialog_new("Open this issue on GitHub?", EL_HELP_TITLE,
	    "Create issue");
	dialog_add_line(u->dlg, EL_REPO, "Repository  %s", t->repo);
	dialog_add_line(u->dlg, EL_NORMAL, "File        %s", f->name);
	dialog_add_line(u->dlg, EL_NORMAL, "Title       %s",
	    uiact_dash(f->title));
	dialog_add_line(u->dlg, EL_NORMAL, "Labels      %s",
	    uiact_dash(f->labels));
	dialog_add_line(u->dlg, EL_DIM, "Sends       POST /repos/%s/issues "
	    "(the body: the rest of the file)", t->repo);
	dialog_add_line(u->dlg, EL_DIM, "Then        writes the line "
	    "\"github: #N\" after the file's heading");
	hint_line(u, false);
}

/* c, + and -: an issue of the list, or the one the view shows. */
static bool
take_issue(struct uiact *u, int id, const struct ui_target *t,
    const char *what)
{
	if (t == NULL || t->issue_number <= 0) {
		uiact_set_msg(u, what, "select an issue first");
		return false;
	}
	u->dlg_id = id;
	u->repo = xstrdup(t->repo);
	u->issue_number = t->issue_number;
	if (uiact_check(u) != 0) {
		uiact_close_dialog(u);
		return false;
	}
	return true;
}

static void
issue_lines(struct uiact *u, const struct ui_target *t)
{
	const struct issue *is = t->issue;
	char labels[400];
	size_t i, k = 0;

	dialog_add_line(u->dlg, EL_REPO, "Repository  %s", t->repo);
	dialog_add_line(u->dlg, EL_NORMAL, "Issue       #%" PRId64 "  %s",
	    t->issue_number, is != NULL ? uiact_dash(is->title) : "");
	labels[0] = '\0';
	for (i = 0; is != NULL && i < is->nlabels; i++)
		k += (size_t)snprintf(labels + k, k < sizeof labels ?
		    sizeof labels - k : 0, "%s%s", i > 0 ? ", " : "",
		    is->labels[i].name);
	if (is != NULL)
		dialog_add_line(u->dlg, EL_NORMAL, "Labels      %s",
		    uiact_dash(labels));
}

static void
open_comment(struct uiact *u, const struct ui_target *t)
{
	if (!take_issue(u, ACTION_ID_ISSUE_COMMENT, t, "issue-comment"))
		return;
	u->dlg = dialog_new("Comment on this issue?", EL_HELP_TITLE,
	    "Comment");
	issue_lines(u, t);
	dialog_add_line(u->dlg, EL_DIM, "Sends       POST /repos/%s/issues/%"
	    PRId64 "/comments", t->repo, t->issue_number);
	hint_line(u, true);
	(void)dialog_add_field(u->dlg, "Comment", true, NULL);
}

static void
open_label(struct uiact *u, const struct ui_target *t, bool remove)
{
	if (!take_issue(u, ACTION_ID_ISSUE_LABEL, t, "issue-label"))
		return;
	u->label_remove = remove;
	u->dlg = dialog_new(remove ? "Remove a label from this issue?" :
	    "Add a label to this issue?", EL_HELP_TITLE, remove ?
	    "Remove label" : "Add label");
	issue_lines(u, t);
	dialog_add_line(u->dlg, EL_DIM, "Sends       %s /repos/%s/issues/%"
	    PRId64 "/labels%s", remove ? "DELETE" : "POST", t->repo,
	    t->issue_number, remove ? "/NAME" : "");
	hint_line(u, true);
	(void)dialog_add_field(u->dlg, "Label", true, NULL);
}

void
uiact_open_issue(struct uiact *u, enum action a, const struct ui_target *t)
{
	switch (a) {
	case ACT_ISSUE_CREATE:
		open_create(u, t);
		break;
	case ACT_ISSUE_COMMENT:
		open_comment(u, t);
		break;
	case ACT_LABEL_ADD:
	case ACT_LABEL_REMOVE:
		open_label(u, t, a == ACT_LABEL_REMOVE);
		break;
	default:
		break;
	}
}

/* The one place a confirmed issue dialog becomes a request. */
void
uiact_issue_confirmed(struct uiact *u)
{
	struct action_request req;
	const char *text = dialog_nfields(u->dlg) > 0 ?
	    dialog_field_text(u->dlg, 0) : NULL;
	char *why = NULL, *where, what[400];
	int rc;

	memset(&req, 0, sizeof req);
	req.id = (enum action_id)u->dlg_id;
	req.repo = u->repo;
	req.number = u->issue_number;
	req.file = u->issue_file;
	req.label_remove = u->label_remove;
	if (req.id == ACTION_ID_ISSUE_COMMENT)
		req.reason = text;
	else if (req.id == ACTION_ID_ISSUE_LABEL)
		req.label = text;
	where = actissue_target(&req);
	snprintf(what, sizeof what, "%s %s %s", action_def(req.id)->name,
	    u->repo, where);
	free(where);
	rc = u->act->submit(u->act->arg, &req, &why);
	if (rc == 0)
		uiact_set_msg(u, what, "sending");
	else if (rc > 0)
		uiact_set_msg(u, what, "already in flight");
	else
		uiact_set_msg(u, what, why != NULL ? why : "refused");
	free(why);
}
