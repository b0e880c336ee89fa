#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "opsdeck/text.h"
#include "../tap.h"

static char *
clean(const char *s)
{
	return text_sanitize(s, strlen(s), 0);
}

/* No byte of s may start a terminal control: C0, DEL, or a C1 control
 * as a raw byte or encoded as UTF-8 (U+0080..U+009F = C2 80..C2 9F). */
static int
inert(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
		if (*p == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
			return 0;	/* bidi embedding/override */
		if (*p == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			return 0;	/* bidi isolate */
	}
	return 1;
}

/* Strict: shortest form, no surrogates, nothing past U+10FFFF. */
static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp, min;
	int n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			n = 1; cp = *p & 0x1f; min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2; cp = *p & 0x0f; min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			n = 3; cp = *p & 0x07; min = 0x10000;
		} else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += n + 1;
	}
	return 1;
}

#define FFFD	"\xef\xbf\xbd"

static void
test_hostile(void)
{
	static const struct {
		const char *in, *want, *what;
	} cases[] = {
		{ "\x1b[2J\x1b]52;c;ZXZpbA==\x07", "^[[2J^[]52;c;ZXZpbA==^G",
		    "clear screen + OSC 52 clipboard write" },
		{ "a\xc2\x9b" "31mred", "a<U+009B>31mred", "C1 CSI as UTF-8" },
		{ "a\x9b" "31m", "a" FFFD "31m", "C1 CSI as a raw byte" },
		{ "\xc2\x85\xc2\x9d", "<U+0085><U+009D>", "NEL and OSC (C1)" },
		{ "user\xe2\x80\xaegnp.exe", "user<U+202E>gnp.exe",
		    "bidi override U+202E" },
		{ "x\xe2\x81\xa6y\xe2\x81\xa9", "x<U+2066>y<U+2069>",
		    "bidi isolates U+2066/U+2069" },
		{ "\xe2\x80\x8f\xd8\x9c", "<U+200F><U+061C>",
		    "RLM and Arabic letter mark" },
		{ "\x80", FFFD, "lone continuation byte" },
		{ "\xc0\xaf", FFFD FFFD, "overlong slash" },
		{ "\xe0\x80\xaf", FFFD FFFD FFFD, "3-byte overlong" },
		{ "\xed\xa0\x80", FFFD FFFD FFFD, "surrogate" },
		{ "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD, "past U+10FFFF" },
		{ "\xf5\xff\xfe", FFFD FFFD FFFD, "bytes never in UTF-8" },
		{ "ab\xe2\x82", "ab" FFFD FFFD, "truncated sequence" },
		{ "\xe2\x82x", FFFD FFFD "x", "sequence cut by ASCII" },
		{ "tab\there", "tab here", "tab" },
		{ "line1\r\nline2", "line1 line2", "CRLF" },
		{ "over\rwrite", "over^Mwrite", "lone CR" },
		{ "bell\x07" "del\x7f", "bell^Gdel^?", "BEL and DEL" },
		{ "\x1b", "^[", "lone ESC" },
		{ "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", "caf\xc3\xa9 "
		    "\xe6\x97\xa5\xe6\x9c\xac", "valid UTF-8 unchanged" },
		{ "a\xe2\x80\x8d" "b", "a\xe2\x80\x8d" "b", "ZWJ kept" },
		{ "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb",
		    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x92\xbb",
		    "emoji ZWJ sequence kept" },
		{ "\xe2\x80\xa8", "<U+2028>", "line separator" },
		{ "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf", "U+10FFFF is valid" },
	};
	size_t i;
	char *out, *again;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = clean(cases[i].in);
		is_str(out, cases[i].want, "sanitise: %s", cases[i].what);
		ok(out != NULL && inert(out) && valid_utf8(out),
		    "inert and valid: %s", cases[i].what);
		again = out != NULL ? clean(out) : NULL;
		is_str(again, out, "sanitising twice changes nothing: %s",
		    cases[i].what);
		free(again);
		free(out);
	}
	out = text_sanitize("a\0b\x1b", 4, 0);
	is_str(out, "a^@b^[", "NUL inside the length is made visible");
	free(out);
	out = text_sanitize("abc", 2, 0);
	is_str(out, "ab", "only len bytes are read");
	free(out);
	out = text_sanitize("a\nb\r\nc", 6, 1);
	is_str(out, "a\nb\nc", "newlines kept on request, CRLF as one");
	free(out);
	out = text_sanitize("a\nb", 3, 0);
	is_str(out, "a b", "newlines become spaces");
	free(out);
	out = text_sanitize(NULL, 5, 0);
	is_str(out, "", "NULL gives an empty string");
	free(out);
	out = text_sanitize("", 0, 0);
	is_str(out, "", "empty gives an empty string");
	free(out);
}

/* Widths that must hold whatever the locale. */
static void
test_width_common(const char *locale)
{
	is_int(text_width("abc"), 3, "%s: ASCII width", locale);
	is_int(text_width(""), 0, "%s: empty", locale);
	is_int(text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4,
	    "%s: CJK is double width", locale);
	is_int(text_width("\xea\xb0\x80"), 2, "%s: Hangul syllable", locale);
	is_int(text_width("\xef\xbc\xa1"), 2, "%s: fullwidth A", locale);
	is_int(text_width("\xe3\x81\x82"), 2, "%s: hiragana", locale);
	is_int(text_width("e\xcc\x81"), 1, "%s: combining acute has no width",
	    locale);
	is_int(text_width("\xd7\xa9\xd7\x81"), 1,
	    "%s: Hebrew point has no width", locale);
	is_int(text_width("\xe0\xb8\x81\xe0\xb8\xb4"), 1,
	    "%s: Thai vowel mark has no width", locale);
	is_int(text_width("a\xe2\x80\x8d" "b"), 2, "%s: ZWJ has no width",
	    locale);
	is_int(text_width("\xf0\x9f\x94\xa5"), 2, "%s: emoji is double width",
	    locale);
	is_int(text_width("\xe2\x9c\x85"), 2, "%s: U+2705 check mark emoji",
	    locale);
	is_int(text_width("\xe2\x9c\x93"), 1, "%s: U+2713 text check mark",
	    locale);
	is_int(text_width("\xc3\xa9\xce\xb1\xd0\x96"), 3,
	    "%s: Latin, Greek, Cyrillic letters", locale);
	is_int(text_width("a\x80" "b"), 3, "%s: an invalid byte counts one",
	    locale);
	is_int(text_width("\xf0\xa0\x80\x80"), 2, "%s: CJK extension B",
	    locale);
	is_int((int)text_fit("\xe6\x97\xa5\xe6\x9c\xac", 3), 3,
	    "%s: fit never splits a wide character", locale);
	is_int((int)text_fit("ab\xc3\xa9" "cd", 3), 4,
	    "%s: fit counts columns, not bytes", locale);
	is_int((int)text_fit("e\xcc\x81x", 1), 3,
	    "%s: fit keeps a combining mark with its base", locale);
	is_int((int)text_fit("abc", 0), 0, "%s: fit in 0 columns", locale);
	is_int((int)text_fit("abc", -4), 0, "%s: fit in negative columns",
	    locale);
	is_int((int)text_fit("abc", 10), 3, "%s: fit of a short string",
	    locale);
}

/* In a UTF-8 locale text.c uses wcwidth(); the built-in tables must agree
 * with it on the blocks they claim to cover. */
static void
test_width_tables(void)
{
	static const struct {
		unsigned long lo, hi;
	} blocks[] = {
		{ 0x00a0, 0x07ff }, { 0x0900, 0x097f }, { 0x0e00, 0x0eff },
		{ 0x1100, 0x11ff }, { 0x2000, 0x206f }, { 0x20d0, 0x20ff },
		{ 0x2e80, 0x33ff }, { 0x4e00, 0x4fff }, { 0xac00, 0xad00 },
		{ 0xfe00, 0xfe6f }, { 0xff00, 0xffef }, { 0x1f600, 0x1f64f },
	};
	static struct {
		char	utf8[5];
		int	want;
	} cps[8192];
	unsigned long cp;
	size_t i, n = 0, k;
	int got, bad = 0;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		ok(1, "# SKIP no C.UTF-8 locale");
		return;
	}
	for (i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		for (cp = blocks[i].lo; cp <= blocks[i].hi; cp++) {
			if (n == sizeof cps / sizeof cps[0])
				break;
			cps[n].want = wcwidth((wchar_t)cp);
			if (cps[n].want < 0 || (cp >= 0x2028 && cp <= 0x202e) ||
			    (cp >= 0x2066 && cp <= 0x2069))
				continue;	/* unassigned, or never shown */
			k = 0;
			if (cp < 0x800)
				cps[n].utf8[k++] = (char)(0xc0 | (cp >> 6));
			else if (cp < 0x10000)
				cps[n].utf8[k++] = (char)(0xe0 | (cp >> 12));
			else {
				cps[n].utf8[k++] = (char)(0xf0 | (cp >> 18));
				cps[n].utf8[k++] = (char)(0x80 |
				    ((cp >> 12) & 0x3f));
			}
			if (cp >= 0x800)
				cps[n].utf8[k++] = (char)(0x80 |
				    ((cp >> 6) & 0x3f));
			cps[n].utf8[k++] = (char)(0x80 | (cp & 0x3f));
			cps[n].utf8[k] = '\0';
			n++;
		}
	}
	setlocale(LC_CTYPE, "C");
	for (i = 0; i < n; i++) {
		got = text_width(cps[i].utf8);
		if (got != cps[i].want && bad++ < 5)
			printf("# %s: table %d, wcwidth %d\n", cps[i].utf8, got,
			    cps[i].want);
	}
	ok(bad == 0 && n > 1000,
	    "built-in widths agree with wcwidth on %zu code points", n);
}

static int
untouched(const char *p, size_t n)
{
	while (n > 0 && *p == 'G') {
		p++;
		n--;
	}
	return n == 0;
}

/* dst must be s[0..k) for some k, then an optional '~', then spaces only
 * when padding; never wider than cols, never split, always terminated. */
static int
cell_ok(const char *dst, size_t n, size_t size, const char *s, int cols,
    int pad)
{
	size_t k, j, slen = strlen(s);
	int w;

	if (n >= size || dst[n] != '\0' || strlen(dst) != n ||
	    !valid_utf8(dst))
		return 0;
	w = text_width(dst);
	if (w > (cols > 0 ? cols : 0))
		return 0;
	/* With bytes enough, padding makes it exactly cols wide. */
	if (pad && cols > 0 && size > (size_t)cols * 4 + 8 && w != cols)
		return 0;
	for (k = n < slen ? n : slen;; k--) {
		if (strncmp(dst, s, k) == 0) {
			j = k;
			if (dst[j] == '~')
				j++;
			while (pad && dst[j] == ' ')
				j++;
			if (j == n)
				return 1;
		}
		if (k == 0)
			return 0;
	}
}

static void
test_cell(void)
{
	static const char *strs[] = {
		"hello world", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
		"a\xe6\x97\xa5" "b\xcc\x81" "c\xf0\x9f\x94\xa5" "d", "",
		"e\xcc\x81\xcc\x82\xcc\x83", "\xcc\x81" "abc",
	};
	char dst[64], guard[40];
	size_t i, n, size;
	int cols, pad, bad = 0, runs = 0;

	text_cell(dst, sizeof dst, "hello world", 5, 0);
	is_str(dst, "hell~", "cut with a tilde");
	text_cell(dst, sizeof dst, "hello", 5, 0);
	is_str(dst, "hello", "exact fit is not cut");
	text_cell(dst, sizeof dst, "hi", 5, 1);
	is_str(dst, "hi   ", "padded to the width");
	text_cell(dst, sizeof dst, "hi", 5, 0);
	is_str(dst, "hi", "not padded without pad");
	text_cell(dst, sizeof dst, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4,
	    1);
	is_str(dst, "\xe6\x97\xa5~ ", "wide text cut: tilde and pad fill 4");
	text_cell(dst, sizeof dst, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5,
	    0);
	is_str(dst, "\xe6\x97\xa5\xe6\x9c\xac~", "wide text cut at 5");
	text_cell(dst, sizeof dst, "abc", 0, 1);
	is_str(dst, "", "zero columns gives nothing");
	text_cell(dst, sizeof dst, "abc", 1, 1);
	is_str(dst, "~", "one column of a longer string is the tilde");
	n = text_cell(dst, 4, "\xe6\x97\xa5\xe6\x9c\xac", 10, 1);
	is_str(dst, "~  ", "4-byte buffer: no room for a CJK char and '~'");
	is_int(n, 3, "bytes written returned");
	n = text_cell(dst, 5, "\xe6\x97\xa5\xe6\x9c\xac", 10, 1);
	is_str(dst, "\xe6\x97\xa5~", "5-byte buffer keeps one CJK char");
	n = text_cell(dst, 1, "abc", 3, 1);
	ok(n == 0 && dst[0] == '\0', "1-byte buffer gets just the NUL");
	is_int(text_cell(dst, 0, "abc", 3, 1), 0, "0-byte buffer untouched");

	/* Every small size and width: never overrun, never split, never too
	 * wide, always a prefix (plus '~' and padding). */
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		for (size = 1; size <= 24; size++) {
			for (cols = -1; cols <= 10; cols++) {
				for (pad = 0; pad <= 1; pad++) {
					memset(guard, 'G', sizeof guard);
					n = text_cell(guard, size, strs[i],
					    cols, pad);
					runs++;
					if (!cell_ok(guard, n, size, strs[i],
					    cols, pad) || !untouched(guard +
					    size, sizeof guard - size))
						bad++;
				}
			}
		}
	}
	ok(bad == 0, "text_cell invariants over %d size/width cases (%d bad)",
	    runs, bad);
}

/* ASCII out for a terminal whose charset is not UTF-8: every byte < 0x80,
 * non-ASCII as \u escapes, invalid bytes as ?, the rest as before. */
static int
ascii_only(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return s != NULL;
}

static void
test_ascii(void)
{
	static const struct { const char *in, *out, *what; } cases[] = {
		{ "caf\xc3\xa9", "caf\\u00e9", "e acute" },
		{ "\xe2\x98\x83", "\\u2603", "BMP: a snowman" },
		{ "\xf0\x9f\x98\x80", "\\U0001f600", "past U+FFFF" },
		{ "a\xc2\x9b" "31m", "a<U+009B>31m", "C1 CSI in UTF-8: same" },
		{ "a\x9b" "31m", "a?31m", "a raw 0x9B byte: ?" },
		{ "\xe2\x80\xae" "x", "<U+202E>x", "bidi: as before" },
		{ "\x1b[2J", "^[[2J", "ESC: as before" },
		{ "\xef\xbf\xbd", "?", "U+FFFD itself: ?" },
		{ "plain", "plain", "ASCII unchanged" },
	};
	char *o, *nl;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		o = text_sanitize(cases[i].in, strlen(cases[i].in), TEXT_ASCII);
		is_str(o, cases[i].out, "ascii: %s", cases[i].what);
		free(o);
	}
	nl = text_sanitize("\xc3\xa9\n\xc3\xa9", 5, TEXT_ASCII |
	    TEXT_KEEP_NEWLINES);
	is_str(nl, "\\u00e9\n\\u00e9", "ascii: newlines kept with both flags");
	free(nl);
	o = text_sanitize("\xc3\xa9", 2, 0);
	is_str(o, "\xc3\xa9", "without TEXT_ASCII: UTF-8 as before");
	free(o);
	is_int(text_width("\\u00e9"), 6, "ascii: an escape is 6 columns");
}

/* What text_fprintf(fp, "%s: %s\n", a, b) writes, into got. */
static void
printed(char *got, size_t size, const char *a, const char *b)
{
	FILE *fp;
	size_t n = 0;

	if ((fp = tmpfile()) != NULL) {
		text_fprintf(fp, "%s: %s\n", a, b);
		rewind(fp);
		n = fread(got, 1, size - 1, fp);
		fclose(fp);
	}
	got[n] = '\0';
}

/* The locale decides: UTF-8 keeps UTF-8, anything else asks for ASCII;
 * text_fprintf prints a message sanitised for it. */
static void
test_locale_out(void)
{
	char got[256];

	setlocale(LC_CTYPE, "C");
	ok(!text_locale_utf8() && text_out_flags() == TEXT_ASCII,
	    "C locale: not UTF-8, ASCII out");
	printed(got, sizeof got, "opsdeck: /home/caf\xc3\xa9\x9b",
	    "bad \x1b[31mvalue");
	is_str(got, "opsdeck: /home/caf\\u00e9?: bad ^[[31mvalue\n",
	    "text_fprintf in C: escaped, newline kept");
	ok(ascii_only(got), "text_fprintf in C: all ASCII");
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL) {
		ok(text_locale_utf8() && text_out_flags() == 0,
		    "C.UTF-8: UTF-8, no ASCII flag");
		printed(got, sizeof got, "caf\xc3\xa9\x9b", "x");
		is_str(got, "caf\xc3\xa9\xef\xbf\xbd: x\n",
		    "text_fprintf in C.UTF-8: \u00e9 kept, raw byte U+FFFD");
		setlocale(LC_CTYPE, "C");
	} else
		ok(1, "# SKIP no C.UTF-8 locale");
}

int
main(void)
{
	/* Tests start in the C locale, like make check under cron. */
	setlocale(LC_ALL, "C");
	test_hostile();
	test_width_common("C locale");
	test_cell();
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL) {
		test_width_common("C.UTF-8");
		test_cell();
		setlocale(LC_CTYPE, "C");
	} else
		ok(1, "# SKIP no C.UTF-8 locale");
	test_width_tables();
	test_ascii();
	test_locale_out();
	return tap_done();
}
