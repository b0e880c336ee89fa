/* uiact_env: D (deploy) and B (roll back) on the environment selected in
 * the environments view. D's target is what the previous environment runs
 * (the default branch's head for the first); B first picks one of the
 * environment's earlier good deployments (newest first, the previous one
 * preselected, "last known good" marked). Both dialogs state repository,
 * environment (in its colour), current -> target SHA, the commits going
 * out, the target's CI state, and on a protected environment want its
 * name typed; then an optional reason. The core checks everything again. */
#include "config.h"

#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "opsdeck/action.h"
#include "opsdeck/clock.h"
#include "opsdeck/deploy.h"
#include "opsdeck/dialog.h"
#include "opsdeck/element.h"
#include "opsdeck/envstate.h"
#include "opsdeck/gatecheck.h"
#include "opsdeck/pane.h"
#include "opsdeck/quality.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "uiact.h"

/* The CI state of sha: the newest run of repo on that commit, as the
 * pipelines source last saw it. */
void
uiact_ci_state(struct uiact *u, const char *repo, const char *sha, char *dst,
    size_t size)
{
	struct snapset *set;
	const struct repo_runs *rr;
	const struct run *best = NULL;
	size_t i;

	snprintf(dst, size, "unknown (no run of it in the list)");
	if (u->store == NULL || sha == NULL)
		return;
	set = store_acquire(u->store, STORE_PIPELINES);
	if ((rr = snapset_find_data(set, repo)) != NULL) {
		for (i = 0; i < rr->nruns; i++)
			if (rr->runs[i].head_sha != NULL &&
			    strcmp(rr->runs[i].head_sha, sha) == 0 &&
			    (best == NULL || rr->runs[i].created_at >
			    best->created_at))
				best = &rr->runs[i];
	}
	if (best != NULL)
		snprintf(dst, size, "%s %s%s%s", uiact_dash(best->name),
		    uiact_dash(best->status), best->conclusion != NULL ? ", " :
		    "", best->conclusion != NULL ? best->conclusion : "");
	store_release(&set);
}

/* The environment's colour when it names a theme element; otherwise
 * protected ones are drawn as a failure would be: they must stand out. */
enum element
uiact_env_element(const struct env_row *row)
{
	int el = row != NULL && row->color != NULL ?
	    element_by_name(row->color) : -1;

	if (el >= 0)
		return (enum element)el;
	return row != NULL && row->is_protected ? EL_RUN_FAILED :
	    EL_HELP_TITLE;
}

/* Commits listed in a dialog; the rest are counted. */
#define LIST_COMMITS	8
#define LIST_RISKY	6

/* "(octocat, 3h)" of a commit; "" without either. */
static void
who_when(char *dst, size_t size, const char *author, time_t t)
{
	char age[32] = "";

	if (t > 0)
		clock_format_span(age, sizeof age, (long long)(time(NULL) - t));
	if (author == NULL && t <= 0)
		*dst = '\0';
	else
		snprintf(dst, size, " (%s%s%s)", author != NULL ? author : "",
		    author != NULL && t > 0 ? ", " : "", age);
}

/* The commits a deploy ships (verb "Going out") or a roll back takes
 * out ("Comes out"), risky paths first: they are what to look at. */
void
uiact_delta_lines(struct uiact *u, const char *verb, const struct env_delta *d,
    int count)
{
	char ww[160];
	size_t i;

	if (u->from != NULL && u->sha != NULL && strcmp(u->from, u->sha) == 0) {
		dialog_add_line(u->dlg, EL_DIM, "%-12s nothing: %s runs that "
		    "commit already", verb, u->env);
		return;
	}
	if (d == NULL) {
		if (count >= 0)
			dialog_add_line(u->dlg, EL_NORMAL, "%-12s %d commit%s "
			    "(not listed yet)", verb, count, count == 1 ? "" :
			    "s");
		else
			dialog_add_line(u->dlg, EL_DIM, "%-12s not known", verb);
		return;
	}
	dialog_add_line(u->dlg, d->nrisky > 0 ? EL_ERROR : EL_NORMAL,
	    "%-12s %d commit%s, %s%zu risky path%s%s", verb, d->count,
	    d->count == 1 ? "" : "s", d->risky_cut ? "over " : "", d->nrisky,
	    d->nrisky == 1 ? "" : "s", d->files_known ? "" :
	    " (files not listed by GitHub)");
	for (i = 0; i < d->nrisky && i < LIST_RISKY; i++)
		dialog_add_line(u->dlg, EL_ERROR, "  ! risky   %s",
		    d->risky[i]);
	if (d->nrisky > LIST_RISKY || d->risky_cut)
		dialog_add_line(u->dlg, EL_ERROR, "  ! and more risky paths");
	for (i = 0; i < d->ncommits && i < LIST_COMMITS; i++) {
		who_when(ww, sizeof ww, d->commits[i].author,
		    d->commits[i].time);
		dialog_add_line(u->dlg, EL_NORMAL, "  %.7s %s%s",
		    d->commits[i].sha, uiact_dash(d->commits[i].subject), ww);
	}
	if (d->count > (int)i)
		dialog_add_line(u->dlg, EL_DIM, "  ... and %d more",
		    d->count - (int)i);
}

static void
common_lines(struct uiact *u, const char *whence, const char *subject,
    const char *author, time_t when)
{
	char ci[200], ww[160];

	dialog_add_line(u->dlg, EL_REPO, "Repository   %s", u->repo);
	dialog_add_line(u->dlg, (enum element)u->env_el, "Environment  %s%s",
	    u->env, u->env_protected ? "  (protected)" : "");
	dialog_add_line(u->dlg, EL_NORMAL, "Current      %.12s -> target "
	    "%.12s", uiact_dash(u->from), uiact_dash(u->sha));
	who_when(ww, sizeof ww, author, when);
	if (subject != NULL)
		dialog_add_line(u->dlg, EL_NORMAL, "Target is    %s%s, %s",
		    subject, ww, whence);
	else
		dialog_add_line(u->dlg, EL_DIM, "Target       %s", whence);
	uiact_ci_state(u, u->repo, u->sha, ci, sizeof ci);
	dialog_add_line(u->dlg, EL_NORMAL, "CI of target %s", ci);
}

/* The target's gates, as the core will enforce them: each with pass or
 * FAIL and its reason. Returns whether they block (break-glass). */
bool
uiact_gate_lines(struct uiact *u)
{
	struct gatecheck gc;
	size_t i;

	if (u->act == NULL || u->act->gates == NULL)
		return false;
	u->act->gates(u->act->arg, u->repo, u->env, u->sha, &gc);
	switch (gc.verdict) {
	case GATE_NONE:
		dialog_add_line(u->dlg, EL_DIM, "Gates        none for %s",
		    u->env);
		return false;
	case GATE_UNKNOWN:
		dialog_add_line(u->dlg, EL_ERROR, "Gates        UNKNOWN: %s "
		    "(unknown is not a pass)", gc.why);
		return true;
	case GATE_PASS:
	case GATE_FAIL:
		break;
	}
	dialog_add_line(u->dlg, gc.verdict == GATE_FAIL ? EL_ERROR :
	    EL_RUN_SUCCEEDED, "Gates        %s: %zu of %zu pass%s", u->env,
	    gc.r.n - gc.r.failed, gc.r.n, gc.verdict == GATE_FAIL ?
	    ", BLOCKED" : "");
	for (i = 0; i < gc.r.n; i++)
		dialog_add_line(u->dlg, gc.r.v[i].pass ? EL_DIM : EL_ERROR,
		    "  %s %-24s %s", gc.r.v[i].pass ? "ok  " : "FAIL",
		    gc.r.v[i].name, gc.r.v[i].reason);
	return gc.verdict == GATE_FAIL;
}

/* The name to type on a protected environment, then the reason: a
 * break-glass reason, required and journaled, when a gate blocks. */
static void
fields(struct uiact *u, bool blocked)
{
	int f;

	if (u->env_protected)
		dialog_add_field(u->dlg, "Type the environment's name to "
		    "confirm", true, u->env);
	if (!blocked) {
		dialog_add_field(u->dlg, "Reason (optional)", false, NULL);
		return;
	}
	dialog_add_line(u->dlg, EL_ERROR, "Break-glass  a gate blocks this: "
	    "a reason forces it, and is journaled");
	f = dialog_add_field(u->dlg, "Break-glass reason (required, "
	    "journaled)", true, NULL);
	dialog_field_min(u->dlg, f, QUALITY_BREAK_GLASS_MIN);
}

static int
begin(struct uiact *u, enum action_id id, const struct ui_target *t,
    const char *sha)
{
	const struct env_row *row;

	u->dlg_id = id;
	u->repo = xstrdup(t->repo);
	u->env = xstrdup(t->environment);
	row = t->envs != NULL ? repo_envs_find(t->envs, t->environment) : NULL;
	u->from = row != NULL && row->sha != NULL ? xstrdup(row->sha) : NULL;
	/* Unknown: as protected (the name typed costs little). */
	u->env_protected = row == NULL || row->is_protected;
	u->env_el = (int)uiact_env_element(row);
	u->sha = sha != NULL ? xstrdup(sha) : NULL;
	if (uiact_check(u) != 0) {
		uiact_close_dialog(u);
		return -1;
	}
	return 0;
}

/* The deploy dialog over u->sha: what it is (whence), what it ships,
 * and, for a chosen target older than what runs, what comes back out. */
void
uiact_deploy_dialog(struct uiact *u, const char *whence,
    const struct env_commit *tc, const struct env_delta *out, int behind,
    const struct env_delta *back)
{
	char title[300];

	dialog_free(&u->dlg);
	snprintf(title, sizeof title, "Deploy to %s?", u->env);
	u->dlg = dialog_new(title, (enum element)u->env_el, "Deploy");
	common_lines(u, whence, tc != NULL ? tc->subject : NULL, tc != NULL ?
	    tc->author : NULL, tc != NULL ? tc->time : 0);
	uiact_delta_lines(u, "Going out", out, behind);
	if (back != NULL && back->count > 0)
		uiact_delta_lines(u, "Comes out", back, back->count);
	dialog_add_line(u->dlg, EL_DIM, "Sends        workflow_dispatch of "
	    "[repo] deploy-workflow");
	if (u->act != NULL && u->act->resolve != NULL)
		dialog_add_line(u->dlg, EL_DIM, "Ctrl-T       another target: "
		    "a SHA, a branch or a tag");
	fields(u, uiact_gate_lines(u));
}

void
uiact_open_deploy(struct uiact *u, const struct ui_target *t)
{
	const struct env_row *row, *prev;
	char whence[300];
	const char *sha;
	int behind;

	if (t == NULL || t->environment == NULL || t->envs == NULL) {
		uiact_set_msg(u, "deploy", "select an environment first (E)");
		return;
	}
	row = repo_envs_find(t->envs, t->environment);
	prev = repo_envs_previous(t->envs, t->environment);
	if (prev != NULL) {
		sha = prev->sha;
		snprintf(whence, sizeof whence, "what %s runs", prev->name);
		behind = row != NULL ? row->behind_prev : -1;
	} else {
		sha = t->envs->head_sha;
		snprintf(whence, sizeof whence, "the head of %s",
		    uiact_dash(t->envs->default_branch));
		behind = row != NULL ? row->behind_default : -1;
	}
	if (sha == NULL) {
		uiact_set_msg(u, "deploy", prev != NULL ? "the previous "
		    "environment runs nothing yet" : "the default branch's "
		    "head is not known yet");
		return;
	}
	if (begin(u, ACTION_ID_DEPLOY, t, sha) != 0)
		return;
	uiact_target_candidates(u, t->envs);
	uiact_deploy_dialog(u, whence, repo_envs_commit(t->envs, sha),
	    repo_envs_delta(t->envs, u->from, sha), behind, NULL);
}

void
uiact_pick_free(struct uiact *u)
{
	size_t i;

	for (i = 0; i < u->npick; i++) {
		free(u->pick[i].sha);
		free(u->pick[i].creator);
		free(u->pick[i].subject);
		env_delta_done(&u->pick[i].delta);
	}
	free(u->pick);
	free(u->pick_current);
	u->pick = NULL;
	u->pick_current = NULL;
	u->npick = 0;
}

/* B: the picker first; "nothing earlier" is the core's refusal. */
void
uiact_open_rollback(struct uiact *u, const struct ui_target *t)
{
	struct deploy_candidate *c = NULL;
	const struct env_delta *d;
	const struct env_commit *cm;
	size_t nc = 0, i;

	if (t == NULL || t->environment == NULL || t->envs == NULL) {
		uiact_set_msg(u, "rollback", "select an environment first (E)");
		return;
	}
	deploy_rollback_candidates(t->envs->deps, t->envs->ndeps,
	    t->environment, &c, &nc);
	/* The policy first (read-only, in flight, nothing earlier). */
	if (begin(u, ACTION_ID_ROLLBACK, t, nc > 0 ? c[0].deployment->sha :
	    NULL) != 0) {
		free(c);
		return;
	}
	u->pick = xcalloc(nc, sizeof *u->pick);
	for (i = 0; i < nc; i++) {
		u->pick[i].sha = xstrdup(c[i].deployment->sha);
		u->pick[i].creator = c[i].deployment->creator != NULL ?
		    xstrdup(c[i].deployment->creator) : NULL;
		u->pick[i].created = c[i].deployment->created_at;
		u->pick[i].lkg = c[i].last_known_good;
		d = repo_envs_delta(t->envs, u->pick[i].sha, u->from);
		if (d != NULL)
			env_delta_copy(&u->pick[i].delta, d);
		else
			u->pick[i].delta.count = -1;
		cm = repo_envs_commit(t->envs, u->pick[i].sha);
		u->pick[i].subject = cm != NULL && cm->subject != NULL ?
		    xstrdup(cm->subject) : NULL;
	}
	u->npick = nc;
	free(c);
	memset(&u->pick_nav, 0, sizeof u->pick_nav);
	/* Index 0, the previous good one, is preselected. */
	u->pick_current = u->from != NULL ? xstrdup(u->from) : NULL;
}

/* The picked deployment's dialog: what comes back out with it. */
static void
rollback_dialog(struct uiact *u, size_t i)
{
	char title[300], whence[300];

	free(u->sha);
	u->sha = xstrdup(u->pick[i].sha);
	snprintf(whence, sizeof whence, "deployed by %s%s",
	    uiact_dash(u->pick[i].creator), u->pick[i].lkg ?
	    ", last known good" : "");
	snprintf(title, sizeof title, "Roll %s back to %.12s?", u->env,
	    u->sha);
	u->dlg = dialog_new(title, (enum element)u->env_el, "Roll back");
	common_lines(u, whence, u->pick[i].subject, NULL,
	    u->pick[i].created);
	uiact_delta_lines(u, "Comes out", u->pick[i].delta.from != NULL ?
	    &u->pick[i].delta : NULL, -1);
	dialog_add_line(u->dlg, EL_DIM, "Sends        workflow_dispatch of "
	    "[repo] deploy-workflow with that SHA");
	fields(u, uiact_gate_lines(u));
}

int
uiact_pick_key(struct uiact *u, enum action a)
{
	size_t sel;

	if (a == ACT_BACK || a == ACT_QUIT) {
		uiact_set_msg(u, "rollback", "cancelled, nothing sent");
		uiact_pick_free(u);
		uiact_close_dialog(u);
		return 1;
	}
	if (a == ACT_OPEN || a == ACT_ZOOM) {	/* Enter */
		sel = u->pick_nav.sel < u->npick ? u->pick_nav.sel : 0;
		rollback_dialog(u, sel);
		uiact_pick_free(u);
		return 1;
	}
	return listnav_key(&u->pick_nav, a, 10, u->npick) ? 1 : 0;
}

void
uiact_draw_pick(struct uiact *u)
{
	char line[400], when[64], out[32];
	int h = (int)u->npick + 5, w = 100, y;
	WINDOW *win;
	size_t i;

	if (h > LINES)
		h = LINES;
	if (w > COLS)
		w = COLS;
	if ((win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2)) == NULL)
		return;
	leaveok(win, TRUE);
	draw_box(win);
	snprintf(line, sizeof line, " Roll %s back to (runs %.12s now) ",
	    u->env, uiact_dash(u->pick_current));
	draw_text(win, 0, 2, line, w - 4, EL_HELP_TITLE);
	listnav_fit(&u->pick_nav, h - 4, u->npick);
	for (i = u->pick_nav.top, y = 1; i < u->npick && y < h - 3; i++, y++) {
		clock_format_span(when, sizeof when, (long long)(time(NULL) -
		    u->pick[i].created));
		if (u->pick[i].delta.count >= 0)
			snprintf(out, sizeof out, "%d back out",
			    u->pick[i].delta.count);
		else
			snprintf(out, sizeof out, "? back out");
		snprintf(line, sizeof line, "%s %.12s  %4s ago  %-12s %-11s "
		    "%s%s", i == u->pick_nav.sel ? ">" : " ", u->pick[i].sha,
		    when, uiact_dash(u->pick[i].creator), out,
		    u->pick[i].lkg ? "last known good  " : "",
		    uiact_dash(u->pick[i].subject));
		draw_text(win, y, 2, line, w - 4, i == u->pick_nav.sel ?
		    EL_SELECTED : EL_NORMAL);
	}
	draw_text(win, h - 2, 2, "Up/Down choose, Enter picks, Esc cancels",
	    w - 4, EL_DIM);
	wnoutrefresh(win);
	delwin(win);
}
