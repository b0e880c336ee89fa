#include "config.h"

#include <stdlib.h>
#include <string.h>

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
	}
	return 1;
}

static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n, i;

	while (*p != '\0') {
		if (*p < 0x80)
			n = 0;
		else if ((*p & 0xe0) == 0xc0)
			n = 1;
		else if ((*p & 0xf0) == 0xe0)
			n = 2;
		else if ((*p & 0xf8) == 0xf0)
			n = 3;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		}
		p += n + 1;
	}
	return 1;
}

static void
test_hostile(void)
{
	static const struct {
		const char *in, *want, *what;
	} cases[] = {
		{ "\x1b[2J\x1b]52;c;ZXZpbA==\x07", "^[[2J^[]52;c;ZXZpbA==^G",
		    "clear screen + OSC 52 clipboard write" },
		{ "a\xc2\x9b" "31mred", "a<U+009B>31mred", "C1 CSI as UTF-8" },
		{ "a\x9b" "31m", "a\xef\xbf\xbd" "31m", "raw C1 byte" },
		{ "user\xe2\x80\xaegnp.exe", "user<U+202E>gnp.exe",
		    "bidi override" },
		{ "x\xe2\x81\xa6y", "x<U+2066>y", "bidi isolate" },
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", "overlong slash" },
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		    "surrogate" },
		{ "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd", "past U+10FFFF" },
		{ "ab\xe2\x82", "ab\xef\xbf\xbd\xef\xbf\xbd", "truncated" },
		{ "tab\there", "tab here", "tab" },
		{ "line1\r\nline2", "line1 line2", "CRLF" },
		{ "bell\x07" "del\x7f", "bell^Gdel^?", "BEL and DEL" },
		{ "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", "caf\xc3\xa9 "
		    "\xe6\x97\xa5\xe6\x9c\xac", "valid UTF-8 unchanged" },
		{ "a\xe2\x80\x8d" "b", "a\xe2\x80\x8d" "b", "ZWJ kept" },
		{ "\xe2\x80\xa8", "<U+2028>", "line separator" },
	};
	size_t i;
	char *out;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = clean(cases[i].in);
		is_str(out, cases[i].want, "sanitise: %s", cases[i].what);
		ok(inert(out) && valid_utf8(out), "inert and valid: %s",
		    cases[i].what);
		free(out);
	}
	out = text_sanitize("a\0b\x1b", 4, 0);
	is_str(out, "a^@b^[", "NUL inside the length is made visible");
	free(out);
	out = text_sanitize("a\nb", 3, 1);
	is_str(out, "a\nb", "newlines kept on request");
	free(out);
	out = text_sanitize(NULL, 5, 0);
	is_str(out, "", "NULL gives an empty string");
	free(out);
}

static void
test_width(void)
{
	is_int(text_width("abc"), 3, "ASCII width");
	is_int(text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4, "CJK is double width");
	is_int(text_width("e\xcc\x81"), 1, "combining mark has no width");
	is_int(text_width("\xf0\x9f\x94\xa5"), 2, "emoji is double width");
	is_int((int)text_fit("\xe6\x97\xa5\xe6\x9c\xac", 3), 3,
	    "fit never splits a wide character");
	is_int((int)text_fit("ab\xc3\xa9" "cd", 3), 4,
	    "fit counts columns, not bytes");
}

static void
test_cell(void)
{
	char dst[64], tiny[4];
	size_t n;

	text_cell(dst, sizeof dst, "hello world", 5, 0);
	is_str(dst, "hell~", "cut with a tilde");
	text_cell(dst, sizeof dst, "hi", 5, 1);
	is_str(dst, "hi   ", "padded to the width");
	text_cell(dst, sizeof dst, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, 1);
	ok(text_width(dst) == 4 && strstr(dst, "~") != NULL,
	    "wide text cut to exactly 4 columns (%s)", dst);
	n = text_cell(tiny, sizeof tiny, "\xe6\x97\xa5\xe6\x9c\xac", 10, 1);
	ok(n < sizeof tiny && tiny[n] == '\0' && valid_utf8(tiny),
	    "a tiny buffer is never overrun nor split mid-character");
	text_cell(dst, sizeof dst, "abc", 0, 1);
	is_str(dst, "", "zero columns gives nothing");
}

int
main(void)
{
	test_hostile();
	test_width();
	test_cell();
	return tap_done();
}
