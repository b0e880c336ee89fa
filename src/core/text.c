#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "opsdeck/buf.h"
#include "opsdeck/text.h"

#define REPLACEMENT	0xFFFD

/* Decodes one UTF-8 code point strictly (no overlongs, surrogates or values
 * past U+10FFFF). Returns the bytes used, with *cp = -1 for an invalid byte
 * (one byte consumed). Independent of the process locale. */
static size_t
utf8_decode(const unsigned char *s, size_t len, long *cp)
{
	unsigned char c = s[0];
	size_t n, i;
	long v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	if (len < n) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = -1;
		return 1;
	}
	*cp = v;
	return n;
}

static int
is_bidi_control(long cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static int
put_utf8(struct buf *b, long cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return buf_append(b, out, n);
}

/* Makes one code point printable and inert. */
static int
put_safe(struct buf *b, long cp, int keep_newlines)
{
	char esc[32];

	if (cp == '\n')
		return buf_puts(b, keep_newlines ? "\n" : " ");
	if (cp == '\t')
		return buf_puts(b, " ");
	if (cp < 0x20) {
		esc[0] = '^';
		esc[1] = (char)(cp + '@');
		return buf_append(b, esc, 2);
	}
	if (cp == 0x7F)
		return buf_puts(b, "^?");
	if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp) ||
	    cp == 0x2028 || cp == 0x2029) {
		snprintf(esc, sizeof esc, "<U+%04lX>", (unsigned long)cp);
		return buf_puts(b, esc);
	}
	return put_utf8(b, cp);
}

char *
text_sanitize(const char *s, size_t len, int keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b;
	size_t i = 0, n;
	long cp;

	buf_init(&b, 0);
	if (buf_append(&b, "", 0) != 0)
		return NULL;
	while (s != NULL && i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (cp < 0)
			cp = REPLACEMENT;
		if (cp == '\r' && i + 1 < len && p[i + 1] == '\n') {
			i++;	/* CRLF is one line break */
			continue;
		}
		if (put_safe(&b, cp, keep_newlines) != 0) {
			buf_done(&b);
			return NULL;
		}
		i += n;
	}
	return buf_steal(&b);
}

/* East Asian Wide/Fullwidth ranges and emoji that terminals draw two
 * columns wide; used when the C library's wcwidth is not UTF-8 aware. */
static int
is_wide(long cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 &&
	    cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
	    (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	    (cp >= 0xA000 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F900 &&
	    cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

static int
is_zero_width(long cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 &&
	    cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	    (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
	    cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFE0F;
}

static int
cp_width(long cp)
{
	int w;

	if (cp < 0)
		return 1;
	if (is_zero_width(cp))
		return 0;
	if (is_wide(cp))
		return 2;
	if (cp >= 0x80 && (w = wcwidth((wchar_t)cp)) >= 0)
		return w > 2 ? 1 : w;
	return 1;
}

int
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	long cp;
	int w = 0;

	while (i < len) {
		i += utf8_decode(p + i, len - i, &cp);
		w += cp_width(cp);
	}
	return w;
}

size_t
text_fit(const char *s, int cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n;
	long cp;
	int w = 0, cw;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		cw = cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	return i;
}

size_t
text_cell(char *dst, size_t size, const char *s, int cols, int pad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, n, limit;
	int cut, room, w = 0, cw;
	long cp;

	if (size == 0)
		return 0;
	if (cols < 0)
		cols = 0;
	cut = text_width(s) > cols;
	room = cut ? cols - 1 : cols;		/* a column for the '~' */
	limit = size - 1 - (cut && size > 1 ? 1 : 0);
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		cw = cp_width(cp);
		if (w + cw > room || i + n > limit)
			break;
		w += cw;
		i += n;
	}
	memcpy(dst, s, i);
	if (cut && cols > 0 && i < size - 1) {
		dst[i++] = '~';
		w++;
	}
	while (pad && w < cols && i < size - 1) {
		dst[i++] = ' ';
		w++;
	}
	dst[i] = '\0';
	return i;
}
