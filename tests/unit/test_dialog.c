/* test_dialog: the confirmation dialog's keyboard contract, rule by rule,
 * and what it draws (on a curses screen writing to /dev/null). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/dialog.h"
#include "../tap.h"

#define ESC	27
#define CTRL(c)	((c) & 0x1f)

static enum dialog_rc
ch(struct dialog *d, int c)
{
	return (dialog_key(d, c, 0));
}

static enum dialog_rc
fk(struct dialog *d, int code)
{
	return (dialog_key(d, code, 1));
}

static void
type(struct dialog *d, const char *s)
{
	while (*s != '\0')
		ch(d, (unsigned char)*s++);
}

static struct dialog *
buttons_only(void)
{
	struct dialog	*d = dialog_new("Cancel run 42 of octo/svc?",
			    EL_RUN_ACTION, "Cancel run");

	dialog_add_line(d, EL_NORMAL, "run %d: %s", 42, "CI on main");
	return (d);
}

/* repo/env deploy to a protected environment: typed name, then reason. */
static struct dialog *
protected_deploy(void)
{
	struct dialog	*d = dialog_new("Deploy octo/svc to production",
			    EL_RUN_FAILED, "Deploy");

	dialog_add_line(d, EL_NORMAL, "d9f9be1 -> e8c6fe4 (2 commits)");
	dialog_add_field(d, "Type production to confirm", true, "production");
	dialog_add_field(d, "Reason (optional)", false, NULL);
	return (d);
}

static void
test_buttons(void)
{
	struct dialog	*d = buttons_only();
	enum dialog_rc	 rc;

	ok(dialog_focus(d) == DIALOG_FOCUS_CANCEL && dialog_nfields(d) == 0,
	    "without fields, Cancel is focused");
	rc = ch(d, '\r');
	ok(rc == DIALOG_CANCEL && dialog_state(d) == DIALOG_CANCELLED,
	    "Enter at once activates Cancel: nothing happens");
	dialog_free(&d);
	ok(d == NULL, "dialog_free sets NULL");

	d = buttons_only();
	ok(ch(d, '\t') == DIALOG_CHANGED &&
	    dialog_focus(d) == DIALOG_FOCUS_CONFIRM, "Tab: the confirm button");
	ok(ch(d, '\t') == DIALOG_CHANGED &&
	    dialog_focus(d) == DIALOG_FOCUS_CANCEL, "Tab again wraps to Cancel");
	fk(d, KEY_RIGHT);
	ok(dialog_focus(d) == DIALOG_FOCUS_CONFIRM, "Right: confirm");
	fk(d, KEY_RIGHT);
	ok(dialog_focus(d) == DIALOG_FOCUS_CANCEL, "Right wraps");
	fk(d, KEY_LEFT);
	ok(dialog_focus(d) == DIALOG_FOCUS_CONFIRM, "Left: the other button");
	fk(d, KEY_BTAB);
	ok(dialog_focus(d) == DIALOG_FOCUS_CANCEL, "Shift-Tab: back to Cancel");
	fk(d, KEY_BTAB);
	ok(dialog_focus(d) == DIALOG_FOCUS_CONFIRM, "Shift-Tab wraps");
	ok(ch(d, 'y') == DIALOG_SWALLOWED && ch(d, ' ') == DIALOG_SWALLOWED &&
	    dialog_state(d) == DIALOG_OPEN,
	    "letters and Space on the confirm button do nothing");
	ok(fk(d, KEY_ENTER) == DIALOG_CONFIRM &&
	    dialog_state(d) == DIALOG_CONFIRMED,
	    "Enter (keypad) on the confirm button confirms");
	ok(ch(d, '\r') == DIALOG_SWALLOWED && ch(d, ESC) == DIALOG_SWALLOWED &&
	    dialog_state(d) == DIALOG_CONFIRMED,
	    "after confirming every key is ignored: one action, no second");
	dialog_free(&d);

	d = buttons_only();
	ch(d, '\t');
	ok(ch(d, ESC) == DIALOG_CANCEL && dialog_state(d) == DIALOG_CANCELLED,
	    "Esc cancels with the confirm button focused");
	dialog_free(&d);
}

/* No single key, from a freshly opened dialog, confirms. */
static void
test_no_single_key(void)
{
	static const int codes[] = { KEY_ENTER, KEY_LEFT, KEY_RIGHT, KEY_UP,
	    KEY_DOWN, KEY_BTAB, KEY_HOME, KEY_END, KEY_NPAGE, KEY_PPAGE,
	    KEY_BACKSPACE, KEY_DC, KEY_IC, KEY_F(1), KEY_F(10), KEY_RESIZE };
	struct dialog	*d;
	int		 c, kind, confirmed = 0, tried = 0;
	size_t		 i;

	for (kind = 0; kind < 2; kind++) {
		for (c = 0; c < 0x3000; c++) {
			d = kind ? protected_deploy() : buttons_only();
			if (ch(d, c) == DIALOG_CONFIRM ||
			    dialog_state(d) == DIALOG_CONFIRMED)
				confirmed++;
			tried++;
			dialog_free(&d);
		}
		for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
			d = kind ? protected_deploy() : buttons_only();
			if (fk(d, codes[i]) == DIALOG_CONFIRM ||
			    dialog_state(d) == DIALOG_CONFIRMED)
				confirmed++;
			tried++;
			dialog_free(&d);
		}
	}
	ok(confirmed == 0, "no single key confirms (%d keys tried, with and "
	    "without fields)", tried);
}

static void
test_fields(void)
{
	struct dialog	*d = protected_deploy();
	enum dialog_rc	 rc;

	ok(dialog_focus(d) == 0, "with fields, the first field is focused");
	type(d, "prod");
	ok(strcmp(dialog_field_text(d, 0), "prod") == 0, "typing edits it");
	ok(fk(d, KEY_LEFT) == DIALOG_SWALLOWED &&
	    fk(d, KEY_RIGHT) == DIALOG_SWALLOWED && dialog_focus(d) == 0,
	    "Left/Right in a field do nothing");
	ok(ch(d, '\r') == DIALOG_CHANGED && dialog_focus(d) == 1 &&
	    dialog_state(d) == DIALOG_OPEN && dialog_message(d) == NULL,
	    "Enter in a field moves to the next, no check yet");
	rc = ch(d, '\r');
	ok(rc == DIALOG_CHANGED && dialog_state(d) == DIALOG_OPEN &&
	    dialog_focus(d) == 0 && dialog_message(d) != NULL &&
	    strstr(dialog_message(d), "type production exactly") != NULL,
	    "Enter in the last field with a wrong name: says what is missing, "
	    "focuses it (%s)", dialog_message(d));
	type(d, "uction");
	ok(dialog_message(d) == NULL, "editing clears the complaint");
	ok(ch(d, '\n') == DIALOG_CHANGED && dialog_focus(d) == 1, "next field");
	type(d, "hotfix ");
	ch(d, 0xe9);		/* get_wch gives code points */
	ok(strcmp(dialog_field_text(d, 1), "hotfix \xc3\xa9") == 0,
	    "a non-ASCII character is kept as UTF-8");
	ch(d, 127);
	ok(strcmp(dialog_field_text(d, 1), "hotfix ") == 0,
	    "Backspace removes a whole character");
	ok(ch(d, '\r') == DIALOG_CONFIRM && dialog_state(d) == DIALOG_CONFIRMED,
	    "Enter in the last field, all valid: confirmed");
	ok(strcmp(dialog_field_text(d, 0), "production") == 0 &&
	    strcmp(dialog_field_text(d, 1), "hotfix ") == 0 &&
	    strcmp(dialog_field_text(d, 7), "") == 0,
	    "the fields are there for the journal");
	dialog_free(&d);
}

static void
test_match(void)
{
	static const char *wrong[] = { "", "Production", "production ",
	    " production", "productio", "prodaction" };
	struct dialog	*d;
	size_t		 i;
	int		 refused = 0, k;

	for (i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		d = protected_deploy();
		type(d, wrong[i]);
		if (strcmp(wrong[i], "prodaction") == 0) {
			/* A look-alike: U+00FA in place of the u. */
			dialog_free(&d);
			d = protected_deploy();
			type(d, "prod");
			ch(d, 0xfa);
			type(d, "ction");
		}
		/* Confirm through the button: Tab past the fields. */
		for (k = 0; k < 8 && dialog_focus(d) != DIALOG_FOCUS_CONFIRM &&
		    dialog_state(d) == DIALOG_OPEN; k++)
			ch(d, '\t');
		if (ch(d, '\r') != DIALOG_CONFIRM &&
		    dialog_state(d) == DIALOG_OPEN && dialog_focus(d) == 0)
			refused++;
		dialog_free(&d);
	}
	ok(refused == (int)(sizeof wrong / sizeof wrong[0]),
	    "the name must match exactly: case, spaces, prefixes, look-alikes "
	    "all refused (%d)", refused);
	d = protected_deploy();
	ch(d, '\t');
	ch(d, '\t');
	ch(d, '\t');
	ch(d, '\r');
	ok(dialog_message(d) != NULL &&
	    strcmp(dialog_message(d), "type production to confirm") == 0,
	    "nothing typed: \"%s\"", dialog_message(d));
	dialog_free(&d);

	d = dialog_new("Comment on #12", EL_NORMAL, "Comment");
	dialog_add_field(d, "Comment", true, NULL);
	ch(d, '\r');
	ok(dialog_state(d) == DIALOG_OPEN && dialog_message(d) != NULL &&
	    strcmp(dialog_message(d), "Comment: required") == 0,
	    "an empty required field: \"%s\"", dialog_message(d));
	type(d, "x");
	ch(d, CTRL('u'));
	ok(strcmp(dialog_field_text(d, 0), "") == 0, "C-u clears");
	type(d, "looks good");
	ok(ch(d, '\r') == DIALOG_CONFIRM, "a single required field: Enter "
	    "confirms once it is filled");
	dialog_free(&d);
}

static void
test_focus_order(void)
{
	struct dialog	*d = protected_deploy();
	int		 seen[5], i;

	for (i = 0; i < 4; i++) {
		seen[i] = dialog_focus(d);
		ch(d, '\t');
	}
	seen[4] = dialog_focus(d);
	ok(seen[0] == 0 && seen[1] == 1 && seen[2] == DIALOG_FOCUS_CANCEL &&
	    seen[3] == DIALOG_FOCUS_CONFIRM && seen[4] == 0,
	    "Tab: fields, Cancel, confirm, around");
	fk(d, KEY_BTAB);
	ok(dialog_focus(d) == DIALOG_FOCUS_CONFIRM, "Shift-Tab goes back");
	fk(d, KEY_LEFT);
	ok(dialog_focus(d) == DIALOG_FOCUS_CANCEL, "Left among the buttons");
	ok(ch(d, '\r') == DIALOG_CANCEL && dialog_state(d) == DIALOG_CANCELLED,
	    "Enter on Cancel cancels");
	dialog_free(&d);

	d = protected_deploy();
	type(d, "production");
	ok(ch(d, ESC) == DIALOG_CANCEL && dialog_state(d) == DIALOG_CANCELLED,
	    "Esc in a field cancels, even with the name typed");
	dialog_free(&d);

	d = dialog_new("x", EL_NORMAL, "Go");
	for (i = 0; i < DIALOG_MAX_FIELDS; i++)
		dialog_add_field(d, "f", false, NULL);
	ok(dialog_add_field(d, "one too many", false, NULL) == -1 &&
	    dialog_nfields(d) == DIALOG_MAX_FIELDS, "bounded fields");
	dialog_free(&d);
	dialog_free(&d);
}

/* Random key sequences (a fixed seed): a protected deploy is confirmed
 * only with the name typed exactly, only by an Enter, and a closed dialog
 * stays closed. */
static void
test_random(void)
{
	static const int keys[] = { 'p', 'r', 'o', 'd', 'u', 'c', 't', 'i',
	    'n', 'P', ' ', '\t', '\r', 127, CTRL('u'), CTRL('w'), 'y' };
	static const int codes[] = { KEY_BTAB, KEY_LEFT, KEY_RIGHT, KEY_ENTER,
	    KEY_BACKSPACE, KEY_UP };
	struct dialog	*d;
	unsigned long	 seed = 12345;
	int		 run, k, len, r, bad = 0, confirmed = 0, was_enter;
	enum dialog_rc	 rc;
	enum dialog_state before;

	for (run = 0; run < 20000; run++) {
		d = protected_deploy();
		/* Half start with the name typed, so confirming can happen. */
		if (run % 2)
			type(d, run % 4 == 1 ? "production" : "productio");
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		len = 1 + (int)((seed >> 33) % 40);
		for (k = 0; k < len; k++) {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			r = (int)((seed >> 33) % (sizeof keys / sizeof keys[0] +
			    sizeof codes / sizeof codes[0]));
			before = dialog_state(d);
			if (r < (int)(sizeof keys / sizeof keys[0])) {
				was_enter = keys[r] == '\r';
				rc = ch(d, keys[r]);
			} else {
				r -= (int)(sizeof keys / sizeof keys[0]);
				was_enter = codes[r] == KEY_ENTER;
				rc = fk(d, codes[r]);
			}
			if (before != DIALOG_OPEN &&
			    (rc != DIALOG_SWALLOWED || dialog_state(d) != before))
				bad++;	/* a closed dialog changed */
			if (rc == DIALOG_CONFIRM) {
				confirmed++;
				if (!was_enter || strcmp(dialog_field_text(d, 0),
				    "production") != 0)
					bad++;
			}
		}
		dialog_free(&d);
	}
	ok(bad == 0 && confirmed > 100, "20,000 random key sequences: confirmed only by Enter with "
	    "the name exact, closed stays closed (%d confirmed)", confirmed);
}

static int
row_has(WINDOW *w, int y, const char *want)
{
	char	buf[256];

	if (mvwinnstr(w, y, 0, buf, (int)sizeof buf - 1) == ERR)
		return (0);
	return (strstr(buf, want) != NULL);
}

static int
find_row(WINDOW *w, const char *want)
{
	int	y;

	for (y = 0; y < getmaxy(w); y++)
		if (row_has(w, y, want))
			return (y);
	return (-1);
}

static void
test_draw(void)
{
	struct theme	 t;
	struct dialog	*d;
	SCREEN		*scr;
	WINDOW		*w;
	FILE		*out, *in;
	chtype		 c;
	int		 h, wd, y, x, hostile_ok = 1;
	char		 buf[256];

	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (out == NULL || in == NULL ||
	    (scr = newterm("xterm", out, in)) == NULL) {
		ok(1, "# SKIP no terminal description for a curses screen");
		return;
	}
	theme_defaults(&t);
	element_apply(&t);
	d = protected_deploy();
	dialog_add_line(d, EL_NORMAL, "subject: \033[2J\033]0;pwned\a \xe2\x80\xae"
	    "evil");
	dialog_size(d, 40, 120, &h, &wd);
	ok(h == 7 + 2 * 2 + 2 && wd == 100, "size: %d x %d", h, wd);
	dialog_size(d, 10, 40, &h, &wd);
	ok(h == 10 && wd == 40, "size within the screen: %d x %d", h, wd);
	dialog_size(d, 40, 120, &h, &wd);
	w = newwin(h, wd, 0, 0);
	dialog_draw(d, w);
	ok(find_row(w, "Deploy octo/svc to production") == 1,
	    "the title on the first row");
	ok(find_row(w, "d9f9be1 -> e8c6fe4") == 3, "what will happen");
	y = find_row(w, "subject:");
	if (y >= 0 && mvwinnstr(w, y, 0, buf, (int)sizeof buf - 1) != ERR)
		hostile_ok = strchr(buf, '\033') == NULL &&
		    strstr(buf, "^[[2J") != NULL &&
		    strstr(buf, "<U+202E>") != NULL;
	ok(y > 0 && hostile_ok, "remote text drawn inert: %s", buf);
	ok(find_row(w, "Type production to confirm") > 0 &&
	    find_row(w, "> _") > 0, "the field, focused, with its cursor");
	y = find_row(w, "[ Cancel ]");
	ok(y == h - 2 && row_has(w, y, "[ Deploy ]"), "the buttons");
	x = 2;
	c = mvwinch(w, y, x);
	ok((c & A_REVERSE) == 0, "Cancel not highlighted while a field has "
	    "the focus");
	ch(d, '\t');
	ch(d, '\t');
	dialog_draw(d, w);
	c = mvwinch(w, y, x);
	ok((c & A_REVERSE) != 0, "Cancel highlighted once focused");
	ch(d, '\t');
	ch(d, '\r');
	dialog_draw(d, w);
	ok(find_row(w, "type production to confirm") == h - 3,
	    "the message above the buttons");
	delwin(w);
	dialog_size(d, 12, 40, &h, &wd);
	w = newwin(h, wd, 0, 0);
	dialog_draw(d, w);
	ok(find_row(w, "[ Cancel ]") == h - 2 && find_row(w, "...") > 0,
	    "a small screen cuts lines, never the buttons");
	delwin(w);
	dialog_free(&d);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
}

int
main(void)
{
	test_buttons();
	test_no_single_key();
	test_fields();
	test_match();
	test_focus_order();
	test_random();
	test_draw();
	return (tap_done());
}
