/* A one-line text input. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "prompt.h"

#define CTRL(c)	((c) & 0x1f)

void
prompt_start(struct prompt *p, const char *label, const char *initial)
{
	p->active = 1;
	snprintf(p->label, sizeof p->label, "%s", label);
	snprintf(p->buf, sizeof p->buf, "%s", initial != NULL ? initial : "");
	p->len = strlen(p->buf);
}

static void
drop_char(struct prompt *p)
{
	/* Back over continuation bytes to the lead byte. */
	while (p->len > 0 && ((unsigned char)p->buf[--p->len] & 0xc0) == 0x80)
		;
	p->buf[p->len] = '\0';
}

static void
drop_word(struct prompt *p)
{
	while (p->len > 0 && p->buf[p->len - 1] == ' ')
		p->len--;
	while (p->len > 0 && p->buf[p->len - 1] != ' ')
		p->len--;
	p->buf[p->len] = '\0';
}

static int
add_char(struct prompt *p, int wc)
{
	char mb[8];
	size_t n;

	/* UTF-8 by hand: the locale may not be UTF-8, the pattern is. */
	if (wc < 0x80) {
		mb[0] = (char)wc;
		n = 1;
	} else if (wc < 0x800) {
		mb[0] = (char)(0xc0 | (wc >> 6));
		mb[1] = (char)(0x80 | (wc & 0x3f));
		n = 2;
	} else if (wc < 0x10000) {
		if (wc >= 0xd800 && wc < 0xe000)
			return 0;
		mb[0] = (char)(0xe0 | (wc >> 12));
		mb[1] = (char)(0x80 | ((wc >> 6) & 0x3f));
		mb[2] = (char)(0x80 | (wc & 0x3f));
		n = 3;
	} else if (wc < 0x110000) {
		mb[0] = (char)(0xf0 | (wc >> 18));
		mb[1] = (char)(0x80 | ((wc >> 12) & 0x3f));
		mb[2] = (char)(0x80 | ((wc >> 6) & 0x3f));
		mb[3] = (char)(0x80 | (wc & 0x3f));
		n = 4;
	} else
		return 0;
	if (p->len + n >= sizeof p->buf)
		return 0;
	memcpy(p->buf + p->len, mb, n);
	p->len += n;
	p->buf[p->len] = '\0';
	return 1;
}

enum prompt_rc
prompt_input(struct prompt *p, int wc, int keycode)
{
	if (!p->active)
		return PROMPT_IGNORED;
	if (keycode) {
		switch (wc) {
		case KEY_ENTER:
			p->active = 0;
			return PROMPT_ACCEPT;
		case KEY_BACKSPACE:
		case KEY_DC:
			drop_char(p);
			return PROMPT_EDITED;
		default:
			return PROMPT_EDITED;	/* swallowed: no pane keys */
		}
	}
	switch (wc) {
	case '\r':
	case '\n':
		p->active = 0;
		return PROMPT_ACCEPT;
	case 27:
	case CTRL('g'):
		p->active = 0;
		return PROMPT_CANCEL;
	case 127:
	case CTRL('h'):
		drop_char(p);
		return PROMPT_EDITED;
	case CTRL('u'):
		p->len = 0;
		p->buf[0] = '\0';
		return PROMPT_EDITED;
	case CTRL('w'):
		drop_word(p);
		return PROMPT_EDITED;
	default:
		if (wc >= 0x20 && wc != 0x7f && !(wc >= 0x80 && wc < 0xa0))
			add_char(p, wc);
		return PROMPT_EDITED;
	}
}

void
prompt_draw(const struct prompt *p, WINDOW *w, int y)
{
	char line[PROMPT_MAX + 4];
	int cols = getmaxx(w), x;

	/* The cursor is a visible mark: curses' own cursor stays hidden. */
	snprintf(line, sizeof line, "%s_", p->buf);
	x = draw_text(w, y, 0, p->label, (int)strlen(p->label), EL_HINT_KEY);
	draw_text(w, y, x, line, cols - x, EL_NORMAL);
}
