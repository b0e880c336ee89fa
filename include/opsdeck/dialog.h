/* dialog: the confirmation dialog of every mutating action, as a pure
 * state machine over keys plus a draw function. The keyboard contract
 * (issue 10, documented in opsdeck(1)):
 *
 *  - Esc always cancels. No single key confirms.
 *  - Without text fields, Cancel is focused; Tab or Right moves focus to
 *    the next button, Shift-Tab or Left to the previous (both wrap); Enter
 *    activates the focused button.
 *  - With text fields, the first field is focused. Typing edits it
 *    (Backspace, C-u, C-w as in the "/" prompt); Tab and Shift-Tab move
 *    through the fields and buttons; Left and Right do nothing in a field.
 *    Enter in a field moves to the next; Enter in the last field, or on
 *    the confirm button, performs the action only when every required
 *    field is valid, and otherwise says what is missing and focuses it.
 *  - A field with must_match (the environment's name, for protected
 *    environments) is valid only when it is exactly that text.
 *  - Once confirmed or cancelled, a dialog ignores every key: one
 *    confirmation is one action.
 *
 * The state machine is pure (no ncurses calls); dialog_draw is UI thread
 * only. Text given to the dialog is kept as given and sanitised when
 * drawn. */
#ifndef OPSDECK_DIALOG_H
#define OPSDECK_DIALOG_H

#include <ncurses.h>
#include <stdbool.h>

#include "opsdeck/element.h"

struct dialog;

#define DIALOG_MAX_FIELDS	4
/* dialog_focus when a button has the focus. */
#define DIALOG_FOCUS_CANCEL	(-1)
#define DIALOG_FOCUS_CONFIRM	(-2)

enum dialog_state {
	DIALOG_OPEN,
	DIALOG_CONFIRMED,
	DIALOG_CANCELLED
};

/* What a key did. */
enum dialog_rc {
	DIALOG_SWALLOWED,	/* nothing changed (still modal: no pane key) */
	DIALOG_CHANGED,		/* redraw */
	DIALOG_CONFIRM,		/* the action is to be performed, once */
	DIALOG_CANCEL
};

/* A dialog titled title (drawn in title_el: the environment's colour)
 * whose confirm button says confirm_label ("Deploy"). Free with
 * dialog_free. */
struct dialog	*dialog_new(const char *title, enum element title_el,
		    const char *confirm_label);
/* Frees and sets NULL; NULL is fine. */
void		 dialog_free(struct dialog **);
/* A line saying what will happen (repo, SHAs, commits, CI state). */
void		 dialog_add_line(struct dialog *, enum element,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A text field; must_match non-NULL makes it valid only when it is
 * exactly that text (and required). The first field added takes the
 * focus. Returns its index, or -1 past DIALOG_MAX_FIELDS. */
int		 dialog_add_field(struct dialog *, const char *label,
		    bool required, const char *must_match);

/* One key, as ui.c reads them with get_wch: keycode nonzero for a
 * function key (KEY_BTAB, KEY_LEFT, KEY_ENTER, ...) in wc, else wc is a
 * character (27 Esc, '\t', '\r' or '\n', 127 Backspace, ...). */
/* Field field (dialog_add_field's index) wants at least min characters
 * that are not blanks (a break-glass reason); makes it required. */
void		 dialog_field_min(struct dialog *, int field, int min);
enum dialog_rc	 dialog_key(struct dialog *, int wc, int keycode);

enum dialog_state dialog_state(const struct dialog *);
/* The focused field's index, or DIALOG_FOCUS_CANCEL / _CONFIRM. */
int		 dialog_focus(const struct dialog *);
int		 dialog_nfields(const struct dialog *);
/* A field's text (borrowed), "" for a bad index. */
const char	*dialog_field_text(const struct dialog *, int);
/* What is missing after a refused confirmation, or NULL. Borrowed. */
const char	*dialog_message(const struct dialog *);

/* The size the dialog wants within maxy x maxx (lines that do not fit are
 * cut, fields and buttons never). */
void		 dialog_size(const struct dialog *, int maxy, int maxx,
		    int *h, int *w);
/* Draws the dialog filling w (a window of dialog_size's size): a box,
 * the title, the lines, the fields, the message and the buttons, the
 * focused one in EL_SELECTED. UI thread only. */
void		 dialog_draw(const struct dialog *, WINDOW *);

#endif
