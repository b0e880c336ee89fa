/* dialog: owns the confirmation dialog: its keyboard contract as a state
 * machine (focus, fields, validation, one confirmation) and its drawing. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "opsdeck/dialog.h"
#include "opsdeck/xalloc.h"
#include "prompt.h"

#define DIALOG_MAX_LINES	64
#define DIALOG_WIDTH		100

struct dialog_field {
	char		*label;
	bool		 required;
	char		*must_match;
	int		 min;		/* non-blank characters, 0: any */
	struct prompt	 p;		/* the text, edited like "/" */
};

struct dialog_line {
	char		*text;
	enum element	 el;
};

struct dialog {
	char			*title;
	enum element		 title_el;
	char			*confirm_label;
	struct dialog_line	 lines[DIALOG_MAX_LINES];
	int			 nlines;
	struct dialog_field	 fields[DIALOG_MAX_FIELDS];
	int			 nfields;
	int			 focus;
	enum dialog_state	 state;
	char			*message;
};

struct dialog *
dialog_new(const char *title, enum element title_el,
    const char *confirm_label)
{
	struct dialog	*d = xcalloc(1, sizeof *d);

	d->title = xstrdup(title != NULL ? title : "");
	d->title_el = title_el;
	d->confirm_label = xstrdup(confirm_label != NULL ? confirm_label :
	    "Confirm");
	/* The safe choice has the focus until someone moves it. */
	d->focus = DIALOG_FOCUS_CANCEL;
	d->state = DIALOG_OPEN;
	return (d);
}

void
dialog_free(struct dialog **dp)
{
	struct dialog	*d;
	int		 i;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	free(d->title);
	free(d->confirm_label);
	for (i = 0; i < d->nlines; i++)
		free(d->lines[i].text);
	for (i = 0; i < d->nfields; i++) {
		free(d->fields[i].label);
		free(d->fields[i].must_match);
	}
	free(d->message);
	free(d);
	*dp = NULL;
}

void
dialog_add_line(struct dialog *d, enum element el, const char *fmt, ...)
{
	va_list	ap;

	if (d->nlines == DIALOG_MAX_LINES)
		return;
	va_start(ap, fmt);
	d->lines[d->nlines].text = xvasprintf(fmt, ap);
	va_end(ap);
	d->lines[d->nlines++].el = el;
}

int
dialog_add_field(struct dialog *d, const char *label, bool required,
    const char *must_match)
{
	struct dialog_field	*f;

	if (d->nfields == DIALOG_MAX_FIELDS)
		return (-1);
	f = &d->fields[d->nfields];
	f->label = xstrdup(label != NULL ? label : "");
	f->required = required || must_match != NULL;
	f->must_match = must_match != NULL ? xstrdup(must_match) : NULL;
	prompt_start(&f->p, "", NULL);
	if (d->nfields == 0)
		d->focus = 0;
	return (d->nfields++);
}

void
dialog_field_min(struct dialog *d, int field, int min)
{
	if (field >= 0 && field < d->nfields) {
		d->fields[field].min = min;
		d->fields[field].required = d->fields[field].required ||
		    min > 0;
	}
}

static int
nonblank(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s != ' ' && *s != '\t';
	return (n);
}

/* Focus order: the fields, Cancel, the confirm button, around. */
static int
dialog_order_index(const struct dialog *d, int focus)
{
	if (focus == DIALOG_FOCUS_CANCEL)
		return (d->nfields);
	if (focus == DIALOG_FOCUS_CONFIRM)
		return (d->nfields + 1);
	return (focus);
}

static int
dialog_order_focus(const struct dialog *d, int index)
{
	if (index == d->nfields)
		return (DIALOG_FOCUS_CANCEL);
	if (index == d->nfields + 1)
		return (DIALOG_FOCUS_CONFIRM);
	return (index);
}

static void
dialog_move(struct dialog *d, int step)
{
	int	n = d->nfields + 2;

	d->focus = dialog_order_focus(d,
	    (dialog_order_index(d, d->focus) + step + n) % n);
}

static void
dialog_set_message(struct dialog *d, char *msg)
{
	free(d->message);
	d->message = msg;
}

/* The first invalid field, with what is missing in *msg; -1 when all are
 * valid. */
static int
dialog_invalid(const struct dialog *d, char **msg)
{
	const struct dialog_field	*f;
	int				 i;

	*msg = NULL;
	for (i = 0; i < d->nfields; i++) {
		f = &d->fields[i];
		if (f->must_match != NULL &&
		    strcmp(f->p.buf, f->must_match) != 0) {
			*msg = xasprintf(f->p.len == 0 ?
			    "type %s to confirm" :
			    "type %s exactly to confirm (it does not match)",
			    f->must_match);
			return (i);
		}
		if (f->required && f->p.len == 0) {
			*msg = xasprintf("%s: required", f->label);
			return (i);
		}
		if (f->min > 0 && nonblank(f->p.buf) < f->min) {
			*msg = xasprintf("%s: at least %d characters", f->label,
			    f->min);
			return (i);
		}
	}
	return (-1);
}

static enum dialog_rc
dialog_try_confirm(struct dialog *d)
{
	char	*msg;
	int	 bad;

	if ((bad = dialog_invalid(d, &msg)) >= 0) {
		dialog_set_message(d, msg);
		d->focus = bad;
		return (DIALOG_CHANGED);
	}
	dialog_set_message(d, NULL);
	d->state = DIALOG_CONFIRMED;
	return (DIALOG_CONFIRM);
}

static bool
dialog_is_enter(int wc, int keycode)
{
	return (keycode ? wc == KEY_ENTER : (wc == '\r' || wc == '\n'));
}

enum dialog_rc
dialog_key(struct dialog *d, int wc, int keycode)
{
	struct dialog_field	*f;
	size_t			 before;
	char			 was[PROMPT_MAX];

	if (d->state != DIALOG_OPEN)
		return (DIALOG_SWALLOWED);
	if (!keycode && wc == 27) {
		d->state = DIALOG_CANCELLED;
		return (DIALOG_CANCEL);
	}
	if ((!keycode && wc == '\t') || (keycode && wc == KEY_BTAB)) {
		dialog_move(d, keycode ? -1 : 1);
		return (DIALOG_CHANGED);
	}
	if (d->focus < 0) {
		/* On a button: only focus moves and Enter. */
		if (keycode && (wc == KEY_RIGHT || wc == KEY_LEFT)) {
			d->focus = d->focus == DIALOG_FOCUS_CANCEL ?
			    DIALOG_FOCUS_CONFIRM : DIALOG_FOCUS_CANCEL;
			return (DIALOG_CHANGED);
		}
		if (!dialog_is_enter(wc, keycode))
			return (DIALOG_SWALLOWED);
		if (d->focus == DIALOG_FOCUS_CANCEL) {
			d->state = DIALOG_CANCELLED;
			return (DIALOG_CANCEL);
		}
		return (dialog_try_confirm(d));
	}
	if (dialog_is_enter(wc, keycode)) {
		if (d->focus == d->nfields - 1)
			return (dialog_try_confirm(d));
		d->focus++;
		return (DIALOG_CHANGED);
	}
	if (keycode && (wc == KEY_LEFT || wc == KEY_RIGHT))
		return (DIALOG_SWALLOWED);
	f = &d->fields[d->focus];
	before = f->p.len;
	memcpy(was, f->p.buf, sizeof was);
	prompt_input(&f->p, wc, keycode);
	f->p.active = 1;	/* stays editable whatever prompt thought */
	if (f->p.len == before && memcmp(was, f->p.buf, before) == 0)
		return (DIALOG_SWALLOWED);
	/* Editing again: the old complaint may no longer hold. */
	dialog_set_message(d, NULL);
	return (DIALOG_CHANGED);
}

enum dialog_state
dialog_state(const struct dialog *d)
{
	return (d->state);
}

int
dialog_focus(const struct dialog *d)
{
	return (d->focus);
}

int
dialog_nfields(const struct dialog *d)
{
	return (d->nfields);
}

const char *
dialog_field_text(const struct dialog *d, int i)
{
	if (i < 0 || i >= d->nfields)
		return ("");
	return (d->fields[i].p.buf);
}

const char *
dialog_message(const struct dialog *d)
{
	return (d->message);
}

/* Rows besides the lines: border, title, gap, two per field, message,
 * buttons, border. */
static int
dialog_fixed_rows(const struct dialog *d)
{
	return (2 + 2 + 1 + 2 * d->nfields + 1 + 1);
}

void
dialog_size(const struct dialog *d, int maxy, int maxx, int *h, int *w)
{
	int	want = dialog_fixed_rows(d) + d->nlines;

	*h = want < maxy ? want : maxy;
	*w = DIALOG_WIDTH < maxx ? DIALOG_WIDTH : maxx;
}

static void
dialog_draw_buttons(const struct dialog *d, WINDOW *w, int y, int cols)
{
	char	*cancel, *confirm;
	int	 x = 2;

	cancel = xstrdup("[ Cancel ]");
	confirm = xasprintf("[ %s ]", d->confirm_label);
	x += draw_text(w, y, x, cancel, (int)strlen(cancel),
	    d->focus == DIALOG_FOCUS_CANCEL ? EL_SELECTED : EL_NORMAL);
	x += 2;
	if (x < cols)
		draw_text(w, y, x, confirm, (int)strlen(confirm),
		    d->focus == DIALOG_FOCUS_CONFIRM ? EL_SELECTED : EL_NORMAL);
	free(cancel);
	free(confirm);
}

void
dialog_draw(const struct dialog *d, WINDOW *w)
{
	const struct dialog_field	*f;
	char				*text;
	int				 rows = getmaxy(w), cols = getmaxx(w);
	int				 y = 1, i, room, inner = cols - 4;

	werase(w);
	draw_box(w);
	if (inner <= 0 || rows < 3)
		return;
	draw_text(w, y++, 2, d->title, inner, d->title_el);
	y++;
	/* The lines get what the fixed rows leave. */
	room = rows - dialog_fixed_rows(d);
	for (i = 0; i < d->nlines && i < room; i++)
		draw_text(w, y++, 2, d->lines[i].text, inner, d->lines[i].el);
	if (i < d->nlines && room > 0)
		draw_text(w, y - 1, 2, "...", inner, EL_DIM);
	y++;
	for (i = 0; i < d->nfields; i++) {
		f = &d->fields[i];
		draw_text(w, y++, 2, f->label, inner, EL_NORMAL);
		text = xasprintf("> %s%s", f->p.buf, d->focus == i ? "_" : "");
		draw_text(w, y++, 2, text, inner,
		    d->focus == i ? EL_SELECTED : EL_DIM);
		free(text);
	}
	if (d->message != NULL)
		draw_text(w, y, 2, d->message, inner, EL_ERROR);
	y++;
	if (y < rows - 1)
		dialog_draw_buttons(d, w, y, cols - 2);
}
