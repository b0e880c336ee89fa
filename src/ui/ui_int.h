/* ui_int: the loop's state, shared by ui.c (the loop, the terminal, the
 * frame) and ui_keys.c (what a key does). Internal to src/ui/ui*.c; the UI
 * thread only. */
#ifndef OPSDECK_UI_INT_H
#define OPSDECK_UI_INT_H

#include <stdint.h>
#include <time.h>

#include <ncurses.h>

#include "cmdline.h"
#include "helpview.h"
#include "opsdeck/keymap.h"
#include "opsdeck/layout.h"
#include "opsdeck/pane.h"
#include "opsdeck/resize.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "notify.h"
#include "uiact.h"

struct pane {
	const struct pane_ops	*ops;
	void			*priv;
	WINDOW			*title;	/* the title row */
	WINDOW			*win;	/* content, below the title row */
	time_t			 tick_at;	/* redraw then; 0 = never */
	struct rect		 at;
	struct keymap		 keys;
};

struct ui {
	const struct ui_opts	*opts;
	struct store		*store;
	struct pane		 panes[LAYOUT_PANES];
	int			 npanes;	/* rows of pane_table used */
	struct layout_cell	 cells[LAYOUT_PANES];
	char			 focus_help[LAYOUT_PANES][64];
	struct keymap		 global;
	struct layout		 layout;
	struct layout_spec	 spec;	/* [ui] layout and zoom */
	int			 need_lines, need_cols;	/* its minimum */
	int			 too_small;	/* the message instead */
	struct resize_gate	 resize;	/* a storm: one repaint */
	enum layout_kind	 kind;
	int			 focus;
	int			 zoomed;	/* -1 none */
	struct helpview		 help;
	struct cmdline		 cmd;	/* ":" */
	unsigned		 dirty;		/* UI_DIRTY_* */
	WINDOW			*header;
	WINDOW			*hints;
	time_t			 header_tick_at;
	uint64_t		 gen[STORE_DOMAINS];
	struct uiact		 act;	/* dialogs, results, audit view */
	struct notifier		*notify;	/* bell, OSC 9 / 777 */
	void			(*on_refresh)(void *);
	void			*arg;
};

/* What needs painting: each part has its own window, so one pane's new
 * data repaints that pane only. */
#define UI_DIRTY_HEADER		0x1u
#define UI_DIRTY_HINTS		0x2u
#define UI_DIRTY_PANE(i)	(0x4u << (i))
#define UI_DIRTY_ALL		(UI_DIRTY_PANE(LAYOUT_PANES) - 1)

/* Lays the windows out for the terminal's size, the focus and the zoom;
 * everything is dirty after. */
void	ui_place_panes(struct ui *);
/* The keys waiting on stdin, each to the dialog, help, command line, pane
 * or keymap that has it. -1 when one of them quits. */
int	ui_read_keys(struct ui *);

#endif
