/* text: the one sanitiser of remote and local text (control characters,
 * escape sequences, bidi overrides made visible and inert; ASCII escapes
 * outside a UTF-8 locale) and display widths from built-in tables. */
#include "config.h"

#include <langinfo.h>
#include <stdarg.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "opsdeck/buf.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"

/*
 * UTF-8 is decoded here, strictly, whatever the process locale: tests and
 * cron jobs run in the C locale, and the sanitiser must give the same answer
 * everywhere. Column widths come from the C library's wcwidth() when the
 * locale is UTF-8 (that is what ncursesw uses to place characters, so the two
 * agree), otherwise from the small tables below.
 *
 * The tables cover what opsdeck meets in practice: East Asian Wide and
 * Fullwidth ranges and emoji with default emoji presentation (taken from
 * glibc 2.36's wcwidth, Unicode 15, with ranges merged across unassigned
 * code points), and the combining marks of Latin, Greek, Cyrillic, Hebrew,
 * Arabic, Syriac, Thaana, NKo, Samaritan, Devanagari, Thai and Lao, Hangul
 * jamo, variation selectors and zero-width format characters. Combining
 * marks of other Indic and South-East Asian scripts count one column there;
 * in a UTF-8 locale they are right. test_text checks the tables against
 * wcwidth() on the blocks they cover.
 */

#define TEXT_REPLACEMENT	0xFFFD

struct text_range {
	uint32_t	lo;
	uint32_t	hi;
};

static const struct text_range text_wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 }, { 0x23F3, 0x23F3 },
	{ 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267F, 0x267F }, { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 },
	{ 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
	{ 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA },
	{ 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 }, { 0x26FA, 0x26FA },
	{ 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B },
	{ 0x2728, 0x2728 }, { 0x274C, 0x274C }, { 0x274E, 0x274E },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C },
	{ 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 }, { 0x2E80, 0x3029 },
	{ 0x302E, 0x303E }, { 0x3041, 0x3096 }, { 0x309B, 0xA4C6 },
	{ 0xA960, 0xA97C }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAD9 },
	{ 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6B }, { 0xFF01, 0xFF60 },
	{ 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE3 }, { 0x16FF0, 0x1B2FB },
	{ 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E },
	{ 0x1F191, 0x1F19A }, { 0x1F200, 0x1F320 }, { 0x1F32D, 0x1F335 },
	{ 0x1F337, 0x1F37C }, { 0x1F37E, 0x1F393 }, { 0x1F3A0, 0x1F3CA },
	{ 0x1F3CF, 0x1F3D3 }, { 0x1F3E0, 0x1F3F0 }, { 0x1F3F4, 0x1F3F4 },
	{ 0x1F3F8, 0x1F43E }, { 0x1F440, 0x1F440 }, { 0x1F442, 0x1F4FC },
	{ 0x1F4FF, 0x1F53D }, { 0x1F54B, 0x1F54E }, { 0x1F550, 0x1F567 },
	{ 0x1F57A, 0x1F57A }, { 0x1F595, 0x1F596 }, { 0x1F5A4, 0x1F5A4 },
	{ 0x1F5FB, 0x1F64F }, { 0x1F680, 0x1F6C5 }, { 0x1F6CC, 0x1F6CC },
	{ 0x1F6D0, 0x1F6D2 }, { 0x1F6D5, 0x1F6DF }, { 0x1F6EB, 0x1F6EC },
	{ 0x1F6F4, 0x1F6FC }, { 0x1F7E0, 0x1F7F0 }, { 0x1F90C, 0x1F93A },
	{ 0x1F93C, 0x1F945 }, { 0x1F947, 0x1F9FF }, { 0x1FA70, 0x1FAF6 },
	{ 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static const struct text_range text_zero[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x05BF, 0x05BF }, { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 }, { 0x0610, 0x061A }, { 0x061C, 0x061C },
	{ 0x064B, 0x065F }, { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 }, { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED },
	{ 0x0711, 0x0711 }, { 0x0730, 0x074A }, { 0x07A6, 0x07B0 },
	{ 0x07EB, 0x07F3 }, { 0x07FD, 0x07FD }, { 0x0816, 0x0819 },
	{ 0x081B, 0x0823 }, { 0x0825, 0x0827 }, { 0x0829, 0x082D },
	{ 0x0859, 0x085B }, { 0x0898, 0x089F }, { 0x08CA, 0x08E1 },
	{ 0x08E3, 0x08FF }, { 0x0900, 0x0902 },
	{ 0x093A, 0x093A }, { 0x093C, 0x093C }, { 0x0941, 0x0948 },
	{ 0x094D, 0x094D }, { 0x0951, 0x0957 }, { 0x0962, 0x0963 },
	{ 0x0E31, 0x0E31 }, { 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E },
	{ 0x0EB1, 0x0EB1 }, { 0x0EB4, 0x0EBC }, { 0x0EC8, 0x0ECD },
	{ 0x1160, 0x11FF }, { 0x1AB0, 0x1AFF }, { 0x1DC0, 0x1DFF },
	{ 0x200B, 0x200F }, { 0x202A, 0x202E }, { 0x2060, 0x206F },
	{ 0x20D0, 0x20F0 }, { 0x302A, 0x302D }, { 0x3099, 0x309A },
	{ 0xD7B0, 0xD7FB }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB }, { 0xE0001, 0xE01EF },
};

/* Decodes one code point strictly: no overlong forms, surrogates or values
 * past U+10FFFF. Returns the bytes used (at least 1, at most len); an
 * invalid byte gives *cp = -1 and consumes only itself, so that the next
 * byte is looked at afresh. */
static size_t
text_decode(const unsigned char *s, size_t len, long *cp)
{
	unsigned char c = s[0];
	size_t n, i;
	long v, min;

	*cp = -1;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else
		return 1;
	if (len < n)
		return 1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 1;
	*cp = v;
	return n;
}

static int
text_in(const struct text_range *t, size_t n, long cp)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((uint32_t)cp < t[mid].lo)
			hi = mid;
		else if ((uint32_t)cp > t[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Whether wcwidth() speaks Unicode: glibc's wchar_t is UCS-4 in every
 * locale, but only a UTF-8 locale knows the widths of all characters.
 * Looked up per call: main sets the locale once, tests may switch it. */
int
text_locale_utf8(void)
{
#ifdef __STDC_ISO_10646__
	const char *cs;

	if (MB_CUR_MAX <= 1)
		return 0;
	cs = nl_langinfo(CODESET);
	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
#else
	return 0;
#endif
}

/* Columns of one code point; invalid bytes and non-printables count 1 (they
 * are drawn as a replacement glyph or were sanitised away already). */
static int
text_cp_width(long cp, int utf8)
{
	int w;

	if (cp < 0x7F)
		return 1;
	if (utf8) {
		w = wcwidth((wchar_t)cp);
		return w < 0 ? 1 : (w > 2 ? 2 : w);
	}
	if (cp < 0x300)
		return 1;
	if (text_in(text_zero, sizeof text_zero / sizeof text_zero[0], cp))
		return 0;
	if (text_in(text_wide, sizeof text_wide / sizeof text_wide[0], cp))
		return 2;
	return 1;
}

static int
text_bidi_control(long cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static int
text_put_utf8(struct buf *b, long cp)
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

/* Makes one code point printable and inert. U+2028/U+2029 (line and
 * paragraph separators) are shown too: some terminals break lines there. */
static int
text_put_safe(struct buf *b, long cp, int flags)
{
	char esc[32];

	if (cp == '\n')
		return buf_puts(b, (flags & TEXT_KEEP_NEWLINES) ? "\n" : " ");
	if (cp == '\t')
		return buf_puts(b, " ");
	if (cp < 0x20) {
		esc[0] = '^';
		esc[1] = (char)(cp + '@');
		return buf_append(b, esc, 2);
	}
	if (cp == 0x7F)
		return buf_puts(b, "^?");
	if ((cp >= 0x80 && cp <= 0x9F) || text_bidi_control(cp) ||
	    cp == 0x2028 || cp == 0x2029) {
		snprintf(esc, sizeof esc, "<U+%04lX>", (unsigned long)cp);
		return buf_puts(b, esc);
	}
	if (cp >= 0x80 && (flags & TEXT_ASCII)) {
		if (cp == TEXT_REPLACEMENT)
			return buf_puts(b, "?");
		snprintf(esc, sizeof esc, cp > 0xFFFF ? "\\U%08lx" : "\\u%04lx",
		    (unsigned long)cp);
		return buf_puts(b, esc);
	}
	return text_put_utf8(b, cp);
}

char *
text_sanitize(const char *s, size_t len, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	struct buf b;
	size_t i = 0, n;
	long cp;

	buf_init(&b, 0);
	if (buf_append(&b, "", 0) != 0)
		return NULL;
	while (s != NULL && i < len) {
		n = text_decode(p + i, len - i, &cp);
		if (cp < 0)
			cp = TEXT_REPLACEMENT;
		else if (cp == '\r' && i + 1 < len && p[i + 1] == '\n') {
			i++;	/* CRLF is one line break */
			continue;
		}
		if (text_put_safe(&b, cp, flags) != 0) {
			buf_done(&b);
			return NULL;
		}
		i += n;
	}
	return buf_steal(&b);
}

int
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i = 0;
	int w = 0, utf8;
	long cp;

	if (s == NULL)
		return 0;
	utf8 = text_locale_utf8();
	len = strlen(s);
	while (i < len && w < INT_MAX - 2) {
		i += text_decode(p + i, len - i, &cp);
		w += text_cp_width(cp, utf8);
	}
	return w;
}

/* Bytes of s[0..len) that fit in cols columns and max bytes; *wp gets their
 * width. Zero-width characters after the last column stay with the
 * character they modify, as long as they fit in max. */
static size_t
text_fit_max(const char *s, size_t len, int cols, size_t max, int *wp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	int w = 0, cw, utf8;
	long cp;

	utf8 = text_locale_utf8();
	while (i < len) {
		n = text_decode(p + i, len - i, &cp);
		cw = text_cp_width(cp, utf8);
		if (w + cw > cols || n > max - i)
			break;
		w += cw;
		i += n;
	}
	if (wp != NULL)
		*wp = w;
	return i;
}

size_t
text_fit(const char *s, int cols)
{
	if (s == NULL || cols <= 0)
		return 0;
	return text_fit_max(s, strlen(s), cols, SIZE_MAX, NULL);
}

size_t
text_fit_n(const char *s, size_t len, int cols)
{
	if (s == NULL || cols <= 0)
		return 0;
	return text_fit_max(s, len, cols, SIZE_MAX, NULL);
}

size_t
text_cell(char *dst, size_t size, const char *s, int cols, int pad)
{
	size_t len, i;
	int w;

	if (size == 0)
		return 0;
	dst[0] = '\0';
	if (s == NULL)
		s = "";
	if (cols <= 0)
		return 0;
	len = strlen(s);
	i = text_fit_max(s, len, cols, size - 1, &w);
	if (i < len) {
		/* Cut: make room for the '~' in both columns and bytes. */
		if (size < 2)
			return 0;
		i = text_fit_max(s, len, cols - 1, size - 2, &w);
		memcpy(dst, s, i);
		dst[i++] = '~';
		w++;
	} else
		memcpy(dst, s, i);
	while (pad && w < cols && i < size - 1) {
		dst[i++] = ' ';
		w++;
	}
	dst[i] = '\0';
	return i;
}

int
text_out_flags(void)
{
	return text_locale_utf8() ? 0 : TEXT_ASCII;
}

void
text_fprintf(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	char *msg, *clean;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	clean = text_sanitize(msg, strlen(msg), TEXT_KEEP_NEWLINES |
	    text_out_flags());
	if (clean != NULL)	/* never the raw bytes */
		fputs(clean, fp);
	free(clean);
	free(msg);
}
