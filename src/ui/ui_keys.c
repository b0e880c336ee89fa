/* ui_keys: what a key does in the loop: a dialog or the help has it
 * first, then the command line, the focused pane, and last the keymap's
 * action (focus, zoom, views, the action keys behind their dialogs). */
#include "config.h"

#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "helpview.h"
#include "opsdeck/keymap.h"
#include "opsdeck/pane.h"
#include "opsdeck/xalloc.h"
#include "ui_int.h"
#include "uiact.h"

static void open_cmdline(struct ui *);
static int cmdline_input(struct ui *, int wc, int keycode);

/* An action key on the focused pane's run: a dialog, a refusal or the
 * audit view, all drawn over the panes. */
static void
act_key(struct ui *ui, enum action a)
{
	struct pane *p = &ui->panes[ui->focus];
	struct ui_target t;
	int have;

	have = p->ops->target != NULL && p->ops->target(p->priv, &t) == 0;
	uiact_action(&ui->act, a, have ? &t : NULL);
	ui->dirty |= uiact_modal(&ui->act) ? UI_DIRTY_ALL : UI_DIRTY_HINTS;
}

/* E or A from anywhere: the focused pane opens the environments or the
 * approvals view on its view stack; a pane that has none leaves it, and
 * the first pane that takes it (the pipelines pane) is focused with the
 * view open. */
static void
open_view(struct ui *ui, enum action a)
{
	struct pane *p;
	int i, n, rc;

	for (n = 0; n < ui->npanes; n++) {
		i = n == 0 ? ui->focus : n - 1 < ui->focus ? n - 1 : n;
		p = &ui->panes[i];
		if (p->ops->key == NULL)
			continue;
		rc = p->ops->key(p->priv, a, p->win != NULL ?
		    getmaxy(p->win) : 1);
		if (!(rc & PANE_HANDLED))
			continue;
		ui->dirty |= UI_DIRTY_PANE(i) | UI_DIRTY_HINTS;
		if (i != ui->focus) {
			ui->focus = i;
			if (ui->zoomed >= 0)
				ui->zoomed = i;
			ui_place_panes(ui);
		}
		return;
	}
}

static int
handle_action(struct ui *ui, enum action a)
{
	struct pane *p = &ui->panes[ui->focus];
	int rows = p->win != NULL ? getmaxy(p->win) : 1, rc;

	switch (a) {
	case ACT_QUIT:
		return -1;
	case ACT_HELP:
		helpview_toggle(&ui->help);
		ui->dirty |= ui->help.open ? UI_DIRTY_HINTS : UI_DIRTY_ALL;
		return 0;
	case ACT_COMMAND:
		open_cmdline(ui);
		return 0;
	case ACT_FOCUS_NEXT:
	case ACT_FOCUS_PREV:
		ui->focus = (ui->focus + (a == ACT_FOCUS_NEXT ? 1 :
		    ui->npanes - 1)) % ui->npanes;
		if (ui->zoomed >= 0)
			ui->zoomed = ui->focus;
		ui_place_panes(ui);
		break;
	case ACT_FOCUS_1:
	case ACT_FOCUS_2:
	case ACT_FOCUS_3:
	case ACT_FOCUS_4:
	case ACT_FOCUS_5:
	case ACT_FOCUS_6:
	case ACT_FOCUS_7:
	case ACT_FOCUS_8:
	case ACT_FOCUS_9:
		if ((int)(a - ACT_FOCUS_1) >= ui->npanes)
			break;	/* no such pane */
		ui->focus = (int)(a - ACT_FOCUS_1);
		if (ui->zoomed >= 0)
			ui->zoomed = ui->focus;
		ui_place_panes(ui);
		break;
	case ACT_ZOOM:
		ui->zoomed = ui->zoomed >= 0 ? -1 : ui->focus;
		ui_place_panes(ui);
		break;
	case ACT_BACK:
		if (p->ops->key != NULL && ((rc = p->ops->key(p->priv, a,
		    rows)) & PANE_HANDLED)) {
			if (rc & PANE_REDRAW)	/* a view left: its hints */
				ui->dirty |= UI_DIRTY_PANE(ui->focus) |
				    UI_DIRTY_HINTS;
			break;
		}
		if (ui->zoomed >= 0) {
			ui->zoomed = -1;
			ui_place_panes(ui);
		}
		break;
	case ACT_REFRESH:
		/* Nothing to paint until the data arrives. */
		if (ui->on_refresh != NULL)
			ui->on_refresh(ui->arg);
		break;
	case ACT_RERUN_FAILED:
	case ACT_CANCEL_RUN:
	case ACT_AUDIT:
	case ACT_DEPLOY:
	case ACT_ROLLBACK:
	case ACT_APPROVE:
	case ACT_REJECT:
	case ACT_ISSUE_CREATE:
	case ACT_ISSUE_COMMENT:
	case ACT_LABEL_ADD:
	case ACT_LABEL_REMOVE:
		act_key(ui, a);
		break;
	case ACT_ENVIRONMENTS:
	case ACT_APPROVALS:	/* A: the same, with the approvals view */
		open_view(ui, a);
		break;
	default:
		/* Hints too: the key may have opened a view. */
		if (p->ops->key != NULL && (p->ops->key(p->priv, a, rows) &
		    PANE_REDRAW))
			ui->dirty |= UI_DIRTY_PANE(ui->focus) | UI_DIRTY_HINTS;
		break;
	}
	return 0;
}

/* Up to 64 keys a turn: a paste cannot starve the data. -1 to quit. */
int
ui_read_keys(struct ui *ui)
{
	struct pane *p;
	wint_t wc;
	int rc, i, key, handled;

	for (i = 0; i < 64; i++) {
		rc = get_wch(&wc);
		if (rc == ERR)
			break;
		if (rc == KEY_CODE_YES && wc == KEY_RESIZE)
			continue;	/* handled through SIGWINCH */
		p = &ui->panes[ui->focus];
		/* A message stays until the next key. */
		if (uiact_message(&ui->act) != NULL) {
			uiact_clear_message(&ui->act);
			ui->dirty |= UI_DIRTY_HINTS;
		}
		/* A dialog or the audit view has every key: nothing reaches
		 * a pane or the keymap behind it. */
		if (uiact_modal(&ui->act)) {
			key = rc == OK && wc >= KEY_MIN ? -1 : (int)wc;
			if (uiact_key(&ui->act, (int)wc, rc == KEY_CODE_YES,
			    keymap_lookup(&p->keys, key)))
				ui->dirty = UI_DIRTY_ALL;
			continue;
		}
		key = rc == OK && wc >= KEY_MIN ? -1 : (int)wc;
		if (ui->help.open) {
			/* All, gutters too: a filtered help is smaller. */
			(void)helpview_key(&ui->help, (int)wc,
			    rc == KEY_CODE_YES, keymap_lookup(&p->keys, key));
			touchwin(stdscr);
			wnoutrefresh(stdscr);
			ui->dirty = UI_DIRTY_ALL;
			continue;
		}
		if (cmdline_active(&ui->cmd)) {
			if (cmdline_input(ui, (int)wc, rc == KEY_CODE_YES) < 0)
				return -1;
			continue;
		}
		if (p->ops->input != NULL && (handled = p->ops->input(p->priv,
		    (int)wc, rc == KEY_CODE_YES)) != 0) {
			if (handled & PANE_REDRAW)
				ui->dirty |= UI_DIRTY_PANE(ui->focus);
			continue;
		}
		/* A typed character at or above KEY_MIN (U+0101 and up) would
		 * otherwise look like a function key: KEY_DOWN is 'Ă'. */
		key = rc == OK && wc >= KEY_MIN ? -1 : (int)wc;
		if (handle_action(ui, keymap_lookup(&p->keys, key)) < 0)
			return -1;
	}
	return 0;
}

/* ":": the names it jumps to. */
static void
open_cmdline(struct ui *ui)
{
	int i;

	cmdline_open(&ui->cmd);
	for (i = 0; i < ui->npanes; i++)
		cmdline_add(&ui->cmd, ui->panes[i].ops->name);
	cmdline_add_fixed(&ui->cmd, ui->store);
	ui->dirty |= UI_DIRTY_HINTS;
}

static void
focus_pane(struct ui *ui, int i)
{
	ui->focus = i;
	if (ui->zoomed >= 0)
		ui->zoomed = i;
	ui_place_panes(ui);
}

/* A name the command line resolved: a pane, a view, or a repository
 * (shown by the first pane that can). -1 to quit. */
static int
jump_to(struct ui *ui, const char *name)
{
	enum action a = cmdline_action(name);
	struct pane *p;
	int i;

	if (a != ACT_NONE)	/* quit: -1 */
		return handle_action(ui, a);
	for (i = 0; i < ui->npanes; i++) {
		if (strcmp(name, ui->panes[i].ops->name) == 0) {
			focus_pane(ui, i);
			return 0;
		}
	}
	for (i = 0; i < ui->npanes; i++) {
		p = &ui->panes[i];
		if (p->ops->jump != NULL && p->ops->jump(p->priv, name) == 0) {
			focus_pane(ui, i);
			return 0;
		}
	}
	return 0;
}

static int
cmdline_input(struct ui *ui, int wc, int keycode)
{
	const char *name;
	char *copy;
	int rc;

	ui->dirty |= UI_DIRTY_HINTS;
	if (cmdline_key(&ui->cmd, wc, keycode) != CMDLINE_ACCEPT)
		return 0;
	if ((name = cmdline_resolve(&ui->cmd)) == NULL)
		return 0;	/* stays open, saying why */
	copy = xstrdup(name);
	cmdline_close(&ui->cmd);
	rc = jump_to(ui, copy);
	free(copy);
	ui->dirty = UI_DIRTY_ALL;
	return rc;
}
