/* fuzz_text: text.h's promises hold for any bytes. Sanitised output is
 * strictly valid UTF-8 with no C0/C1 control, DEL, bidi control or line
 * separator, and sanitising it again changes nothing; text_fit never splits
 * a code point and fits as much as the columns allow; text_cell never
 * overruns, never splits, is never wider than asked and is a prefix of its
 * input plus '~' and padding. The first input byte picks the columns, the
 * cell size, padding and the locale (C or C.UTF-8: wcwidth or the tables). */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/text.h"
#include "../utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
check_sanitised(const char *s, int keep_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	long cp;

	while (*p != '\0') {
		cp = utf8_decode_strict(p, &n);
		CHECK(cp >= 0);					/* valid */
		CHECK(cp >= 0x20 || (keep_newlines && cp == '\n'));
		CHECK(cp != 0x7f && (cp < 0x80 || cp > 0x9f));	/* DEL, C1 */
		CHECK(cp < 0x202a || cp > 0x202e);		/* bidi */
		CHECK(cp < 0x2066 || cp > 0x2069);
		CHECK(cp != 0x200e && cp != 0x200f && cp != 0x061c);
		CHECK(cp != 0x2028 && cp != 0x2029);
		p += n;
	}
}

/* Width of s[0..n). */
static int
width_n(const char *s, size_t n)
{
	char *t;
	int w;

	CHECK((t = malloc(n + 1)) != NULL);
	memcpy(t, s, n);
	t[n] = '\0';
	w = text_width(t);
	free(t);
	return w;
}

static void
check_fit(const char *s, int cols)
{
	size_t len = strlen(s), n, next;
	int w;

	n = text_fit(s, cols);
	CHECK(n <= len);
	CHECK(((unsigned char)s[n] & 0xc0) != 0x80);	/* no split */
	w = width_n(s, n);
	CHECK(w <= (cols > 0 ? cols : 0));
	if (n < len && cols > 0) {
		/* Maximal: the next code point would not have fitted. */
		CHECK(utf8_decode_strict((const unsigned char *)s + n, &next) >= 0);
		CHECK(w + width_n(s + n, next) > cols);
	}
}

/* dst is s[0..k) for some k, an optional '~', then padding spaces. */
static void
check_cell(const char *s, size_t size, int cols, int pad)
{
	char cell[80];
	size_t n, k, j, slen = strlen(s), i;
	int ok = 0;

	memset(cell, 'G', sizeof cell);
	n = text_cell(cell, size, s, cols, pad);
	for (i = size; i < sizeof cell; i++)
		CHECK(cell[i] == 'G');			/* no overrun */
	CHECK(n < size && cell[n] == '\0' && strlen(cell) == n);
	check_sanitised(cell, 0);
	CHECK(text_width(cell) <= (cols > 0 ? cols : 0));
	for (k = n < slen ? n : slen; !ok; k--) {
		if (strncmp(cell, s, k) == 0) {
			j = k;
			if (cell[j] == '~')
				j++;
			while (pad && cell[j] == ' ')
				j++;
			ok = j == n;
		}
		if (k == 0)
			break;
	}
	CHECK(ok);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *again, *raw, junk[16];
	unsigned char knob = size > 0 ? data[0] : 0;
	size_t cellsize, i;
	int cols, pad;

	setlocale(LC_CTYPE, (knob & 0x80) ? "C.UTF-8" : "C");
	cols = (int)(knob % 37) - 2;			/* -2..34 */
	cellsize = 1 + (size > 1 ? data[1] % 64 : 16);	/* 1..64 */
	pad = (knob & 0x40) != 0;

	if ((s = text_sanitize((const char *)data, size, 0)) == NULL)
		return 0;
	check_sanitised(s, 0);
	CHECK(strlen(s) <= 4 * size);
	CHECK((again = text_sanitize(s, strlen(s), 0)) != NULL);
	CHECK(strcmp(again, s) == 0);			/* idempotent */
	free(again);
	CHECK(text_width(s) >= 0);
	check_fit(s, cols);
	check_cell(s, cellsize, cols, pad);
	free(s);

	if ((s = text_sanitize((const char *)data, size, 1)) != NULL) {
		check_sanitised(s, 1);
		free(s);
	}

	/* For a terminal that is not UTF-8: inert and pure ASCII. */
	if ((s = text_sanitize((const char *)data, size, TEXT_ASCII)) != NULL) {
		check_sanitised(s, 0);
		for (i = 0; s[i] != '\0'; i++)
			CHECK((unsigned char)s[i] < 0x80);
		CHECK(i <= 4 * size);
		free(s);
	}

	/* Unsanitised input must not crash the width functions either. */
	if ((raw = malloc(size + 1)) == NULL)
		return 0;
	memcpy(raw, data, size);
	raw[size] = '\0';
	(void)text_width(raw);
	CHECK(text_fit(raw, cols) <= strlen(raw));
	CHECK(text_cell(junk, sizeof junk, raw, cols, pad) < sizeof junk);
	free(raw);
	return 0;
}
