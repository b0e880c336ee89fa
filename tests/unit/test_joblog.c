#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/buf.h"
#include "opsdeck/joblog.h"
#include "opsdeck/rx.h"
#include "../tap.h"
#include "../../src/model/joblog_int.h"

/* Entries allocated: what the index costs, read through the internal
 * header so that the bound is checked, not assumed. */
static size_t
jl_cap(const struct joblog *jl)
{
	return jl->cap;
}

#define T	"2026-11-20T10:00:01.1234567Z "
#define T0	1795168801	/* 2026-11-20T10:00:01Z */

static void
release_free(const char *data, size_t len, void *arg)
{
	int *calls = arg;

	if (calls != NULL)
		(*calls)++;
	free((void *)data);
}

/* A log over an exact-size malloc'd copy, so valgrind sees overreads. */
static struct joblog *
mklogn(const char *s, size_t n)
{
	char *d = malloc(n > 0 ? n : 1);

	if (d == NULL)
		abort();
	memcpy(d, s, n);
	return joblog_new(d, n, release_free, NULL);
}

static struct joblog *
mklog(const char *s)
{
	return mklogn(s, strlen(s));
}

/*
 * PCRE2's JIT reads subjects in SIMD blocks that may run past their end
 * (never past a page: harmless), which valgrind reports. Logs that are
 * searched get a zeroed tail; bytes past len are still never ours to read.
 */
#define PAD	64
#define mklogs(s)	mklog_padded(s, strlen(s))

static struct joblog *
mklog_padded(const char *s, size_t n)
{
	char *d = calloc(1, n + PAD);

	if (d == NULL)
		abort();
	memcpy(d, s, n);
	return joblog_new(d, n, release_free, NULL);
}

/* No terminal control survives: C0, DEL, ESC, C1 (U+0080..U+009F), bidi
 * controls, and the text is strictly valid UTF-8. */
static int
inert(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp, min;
	int n, i;

	while (*p != '\0') {
		if (*p < 0x20 || *p == 0x7f)
			return 0;
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
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 &&
		    cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 0;
		p += n + 1;
	}
	return 1;
}

static char *
text_of(const struct joblog *jl, size_t line, struct joblog_mask *mask)
{
	static char out[4096];
	char *s = joblog_text(jl, line, mask, 0);

	snprintf(out, sizeof out, "%s", s != NULL ? s : "(null)");
	free(s);
	return out;
}

/* Renders one line of a one-line log. */
static char *
render1(const char *line, struct joblog_mask *mask)
{
	struct joblog *jl = mklog(line);
	char *s = text_of(jl, 0, mask);

	joblog_free(&jl);
	return s;
}

static void
test_lines(void)
{
	struct joblog *jl;
	const char *p;
	size_t n;
	int calls = 0;
	char *d;

	jl = mklog("");
	is_int(joblog_lines(jl), 0, "empty log has no lines");
	ok(joblog_raw(jl, 0, &n) == NULL && n == 0, "no line 0 in it");
	is_int(joblog_next_error(jl, 0), SIZE_MAX, "and no error");
	joblog_free(&jl);
	jl = joblog_new(NULL, 0, NULL, NULL);
	is_int(joblog_lines(jl), 0, "NULL data: no lines");
	joblog_free(&jl);
	ok(jl == NULL, "joblog_free sets NULL");
	joblog_free(NULL);

	jl = mklog("a");
	is_int(joblog_lines(jl), 1, "one line without newline");
	joblog_free(&jl);
	jl = mklog("a\nb");
	is_int(joblog_lines(jl), 2, "last line without newline counts");
	p = joblog_raw(jl, 1, &n);
	ok(n == 1 && p[0] == 'b', "last line is \"b\"");
	joblog_free(&jl);
	jl = mklog("a\nb\n");
	is_int(joblog_lines(jl), 2, "trailing newline ends a line");
	joblog_free(&jl);
	jl = mklog("\n\n");
	is_int(joblog_lines(jl), 2, "two empty lines");
	joblog_free(&jl);

	jl = mklog("ab\r\ncd\r\n");
	is_int(joblog_lines(jl), 2, "CRLF: two lines");
	p = joblog_raw(jl, 0, &n);
	ok(n == 2 && memcmp(p, "ab", 2) == 0, "CRLF: CR is not in the line");
	is_str(text_of(jl, 1, NULL), "cd", "CRLF: rendered without CR");
	joblog_free(&jl);

	jl = mklogn("a\0b\nc\0", 6);
	is_int(joblog_lines(jl), 2, "NUL bytes do not end lines");
	p = joblog_raw(jl, 0, &n);
	is_int(n, 3, "NUL inside: line 0 is 3 bytes");
	is_str(text_of(jl, 0, NULL), "a^@b", "NUL rendered visible");
	is_str(text_of(jl, 1, NULL), "c^@", "trailing NUL too");
	joblog_free(&jl);

	if ((d = strdup("x\ny\n")) == NULL)
		abort();
	jl = joblog_new(d, 4, release_free, &calls);
	joblog_free(&jl);
	is_int(calls, 1, "release runs once, in joblog_free");
}

static void
test_kinds(void)
{
	static const struct {
		enum joblog_kind	 kind;
		int			 depth;
	} want[] = {
		{ JOBLOG_GROUP, 0 },	/* Outer */
		{ JOBLOG_PLAIN, 1 },
		{ JOBLOG_GROUP, 1 },	/* Inner */
		{ JOBLOG_PLAIN, 2 },
		{ JOBLOG_ENDGROUP, 1 },
		{ JOBLOG_PLAIN, 1 },
		{ JOBLOG_ENDGROUP, 0 },
		{ JOBLOG_ENDGROUP, 0 },	/* unbalanced */
		{ JOBLOG_PLAIN, 0 },
		{ JOBLOG_ERROR, 0 },
		{ JOBLOG_WARNING, 0 },
		{ JOBLOG_NOTICE, 0 },
		{ JOBLOG_DEBUG, 0 },
		{ JOBLOG_COMMAND, 0 },
		{ JOBLOG_SECTION, 0 },
		{ JOBLOG_PLAIN, 0 },	/* ##[bogus] */
		{ JOBLOG_PLAIN, 0 },	/* ##[group without ] */
		{ JOBLOG_ERROR, 0 },	/* no timestamp */
		{ JOBLOG_PLAIN, 0 },	/* marker not at the start */
		{ JOBLOG_GROUP, 0 },	/* CRLF */
	};
	struct joblog *jl;
	size_t i;

	jl = mklog(T "##[group]Outer\n" T "in outer\n" T "##[group]Inner\n"
	    T "in inner\n" T "##[endgroup]\n" T "back in outer\n"
	    T "##[endgroup]\n" T "##[endgroup]\n" T "top\n"
	    T "##[error]boom\n" T "##[warning]w\n" T "##[notice]n\n"
	    T "##[debug]d\n" T "##[command]make\n" T "##[section]s\n"
	    T "##[bogus]x\n" T "##[group\n" "##[error]no stamp\n"
	    T "see ##[error]\n" T "##[group]crlf\r\n");
	is_int(joblog_lines(jl), 20, "20 lines");
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		is_int(joblog_kind(jl, i), want[i].kind, "line %zu kind", i);
		is_int(joblog_depth(jl, i), want[i].depth, "line %zu depth",
		    i);
	}
	is_int(joblog_kind(jl, 99), JOBLOG_PLAIN, "out of range: plain");
	is_int(joblog_depth(jl, 99), 0, "out of range: depth 0");
	is_str(text_of(jl, 0, NULL), "Outer", "marker and stamp stripped");
	is_str(text_of(jl, 4, NULL), "", "endgroup renders empty");
	is_str(text_of(jl, 13, NULL), "make", "command text");
	is_str(text_of(jl, 15, NULL), "##[bogus]x", "unknown marker kept");
	is_str(text_of(jl, 17, NULL), "no stamp", "marker without stamp");
	is_str(text_of(jl, 19, NULL), "crlf", "CRLF group title");
	joblog_free(&jl);
}

static void
test_times(void)
{
	struct joblog *jl;
	struct joblog_line *l;

	jl = mklog(T "a\n"
	    "2026-11-20T10:00:01Z b\n"
	    "2026-11-20T12:00:01+02:00 c\n"
	    "2026-13-20T10:00:01Z bad month\n"
	    "2026-02-30T10:00:01Z bad day\n"
	    "2026-11-20T10:00:01.Z empty fraction\n"
	    "2026-11-20T10:00:01Zglued\n"
	    "2026-11-20T10:00:01.1234567Z\n"
	    "2026-11-20T10:00:01.1234567Z\r\n"
	    "no stamp\n"
	    "2026-13-20T10:00:01Z ##[error]x\n"
	    "2028-02-29T23:59:60Z leap");
	is_int(joblog_time(jl, 0), T0, "GitHub's 7-digit stamp");
	is_int(joblog_time(jl, 1), T0, "no fraction");
	is_int(joblog_time(jl, 2), T0, "offset +02:00");
	is_int(joblog_time(jl, 3), 0, "month 13: 0");
	is_int(joblog_time(jl, 4), 0, "February 30: 0");
	is_int(joblog_time(jl, 5), 0, "empty fraction: 0");
	is_int(joblog_time(jl, 6), 0, "no space after the stamp: 0");
	is_int(joblog_time(jl, 7), T0, "stamp alone on its line");
	is_int(joblog_time(jl, 8), T0, "stamp alone, CRLF");
	is_int(joblog_time(jl, 9), 0, "no stamp: 0");
	is_int(joblog_time(jl, 99), 0, "out of range: 0");
	is_int(joblog_kind(jl, 10), JOBLOG_PLAIN, "bad stamp hides marker");
	ok(joblog_time(jl, 11) > 0, "leap second and leap day");
	is_str(text_of(jl, 0, NULL), "a", "stamp stripped");
	is_str(text_of(jl, 3, NULL), "2026-13-20T10:00:01Z bad month",
	    "bad stamp kept as text");
	is_str(text_of(jl, 7, NULL), "", "stamp alone renders empty");
	l = joblog_render(jl, 0, NULL, 1);
	is_str(l->text, "10:00:01 a", "keep_time: HH:MM:SS");
	joblog_line_free(&l);
	ok(l == NULL, "joblog_line_free sets NULL");
	l = joblog_render(jl, 9, NULL, 1);
	is_str(l->text, "         no stamp", "keep_time, no stamp: blanks");
	joblog_line_free(&l);
	ok(joblog_render(jl, 12, NULL, 0) == NULL, "render out of range");
	joblog_free(&jl);
}

static void
test_errors(void)
{
	struct joblog *jl;

	jl = mklog("2026-11-20T10:00:00Z a\n"
	    "2026-11-20T10:00:01Z b\n"
	    "2026-11-20T10:00:02Z ##[error]one\n"	/* 2 */
	    "2026-11-20T10:00:03Z c\n"
	    "2026-11-20T10:00:04Z ##[warning]w\n"
	    "2026-11-20T10:00:05Z ##[error]two\n"	/* 5 */
	    "2026-11-20T10:00:06Z d\n"
	    "2026-11-20T10:00:07Z e\n"
	    "2026-11-20T10:00:08Z f\n"
	    "2026-11-20T10:00:09Z ##[error]three\n"	/* 9 */
	    "2026-11-20T10:00:10Z g\n");
	is_int(joblog_next_error(jl, 0), 2, "next from 0");
	is_int(joblog_next_error(jl, 2), 5, "next is strictly after");
	is_int(joblog_next_error(jl, 6), 9, "next from 6");
	is_int(joblog_next_error(jl, 9), SIZE_MAX, "none after the last");
	is_int(joblog_next_error(jl, SIZE_MAX), SIZE_MAX, "next from max");
	is_int(joblog_prev_error(jl, 9), 5, "prev is strictly before");
	is_int(joblog_prev_error(jl, 10), 9, "prev from 10");
	is_int(joblog_prev_error(jl, 2), SIZE_MAX, "none before the first");
	is_int(joblog_prev_error(jl, 0), SIZE_MAX, "prev from 0");
	is_int(joblog_prev_error(jl, SIZE_MAX), 9, "prev from max: last");
	is_int(joblog_first_error_since(jl, T0 - 1 + 4), 5,
	    "first error since 10:00:04");
	is_int(joblog_first_error_since(jl, T0 - 1 + 5), 5,
	    "at the same second counts");
	is_int(joblog_first_error_since(jl, T0 - 1 + 9), 9, "since 10:00:09");
	is_int(joblog_first_error_since(jl, T0 - 1 + 60), 2,
	    "after every error: the first error of the log");
	is_int(joblog_first_error_since(jl, 0), 2, "since 0: first error");
	joblog_free(&jl);
	jl = mklog(T "fine\n" T "##[warning]only a warning\n");
	is_int(joblog_first_error_since(jl, T0), SIZE_MAX, "no error at all");
	is_int(joblog_prev_error(jl, SIZE_MAX), SIZE_MAX, "no prev either");
	joblog_free(&jl);
}

static void
span_is(const struct joblog_line *l, size_t i, size_t off, size_t len,
    int fg, int bg, int bold, const char *what)
{
	const struct joblog_span *s = i < l->nspans ? &l->spans[i] : NULL;

	if (!ok(s != NULL && s->off == off && s->len == len && s->fg == fg &&
	    s->bg == bg && s->bold == bold, "%s", what)) {
		if (s != NULL)
			printf("#   got off %zu len %zu fg %d bg %d bold %d\n",
			    s->off, s->len, s->fg, s->bg, s->bold);
		else
			printf("#   no span %zu (of %zu)\n", i, l->nspans);
	}
}

static struct joblog_line *
render_line(const char *s)
{
	struct joblog *jl = mklog(s);
	struct joblog_line *l = joblog_render(jl, 0, NULL, 0);

	joblog_free(&jl);
	return l;
}

static void
test_sgr(void)
{
	struct joblog_line *l;

	l = render_line(T "\x1b[31mred\x1b[0m plain");
	is_str(l->text, "red plain", "SGR removed from text");
	is_int(l->nspans, 2, "two spans");
	span_is(l, 0, 0, 3, 1, -1, 0, "31: red");
	span_is(l, 1, 3, 6, -1, -1, 0, "0: reset");
	joblog_line_free(&l);

	l = render_line("\x1b[30ma\x1b[37mb\x1b[90mc\x1b[97md\x1b[40me"
	    "\x1b[47mf\x1b[100mg\x1b[107mh");
	is_str(l->text, "abcdefgh", "16 colours: text");
	span_is(l, 0, 0, 1, 0, -1, 0, "30");
	span_is(l, 1, 1, 1, 7, -1, 0, "37");
	span_is(l, 2, 2, 1, 8, -1, 0, "90");
	span_is(l, 3, 3, 1, 15, -1, 0, "97");
	span_is(l, 4, 4, 1, 15, 0, 0, "40");
	span_is(l, 5, 5, 1, 15, 7, 0, "47");
	span_is(l, 6, 6, 1, 15, 8, 0, "100");
	span_is(l, 7, 7, 1, 15, 15, 0, "107");
	joblog_line_free(&l);

	l = render_line("\x1b[38;5;208ma\x1b[48;5;17mb\x1b[38:5:42mc"
	    "\x1b[38;2;255;0;0md\x1b[38:2::0:0:255me\x1b[38;5;300mf");
	span_is(l, 0, 0, 1, 208, -1, 0, "38;5;208");
	span_is(l, 1, 1, 1, 208, 17, 0, "48;5;17");
	span_is(l, 2, 2, 1, 42, 17, 0, "38:5:42");
	span_is(l, 3, 3, 1, 196, 17, 0, "38;2;255;0;0 -> 196");
	span_is(l, 4, 4, 2, 21, 17, 0, "38:2::0:0:255 -> 21; 256+ ignored");
	joblog_line_free(&l);

	l = render_line("\x1b[31;42ma\x1b[39mb\x1b[49mc");
	span_is(l, 0, 0, 1, 1, 2, 0, "31;42");
	span_is(l, 1, 1, 1, -1, 2, 0, "39: default fg");
	span_is(l, 2, 2, 1, -1, -1, 0, "49: default bg");
	joblog_line_free(&l);

	l = render_line("\x1b[1;32mok\x1b[m done\x1b[1mB\x1b[22mN");
	is_str(l->text, "ok doneBN", "bold text");
	span_is(l, 0, 0, 2, 2, -1, 1, "1;32: bold green");
	span_is(l, 1, 2, 5, -1, -1, 0, "empty SGR resets");
	span_is(l, 2, 7, 1, -1, -1, 1, "1: bold");
	span_is(l, 3, 8, 1, -1, -1, 0, "22: bold off");
	joblog_line_free(&l);

	l = render_line("\x1b[4mu\x1b[24mv\x1b[31m\x1b[32m\x1b[0mw\x1b[33m");
	ok(l->nspans == 2 && l->spans[0].underline && !l->spans[1].underline,
	    "4/24: underline on/off");
	span_is(l, 1, 1, 2, -1, -1, 0,
	    "attributes with no text make no span; equal spans merge");
	joblog_line_free(&l);

	l = render_line(T "\x1b[31m");
	ok(l != NULL && l->len == 0 && l->nspans == 0 &&
	    strcmp(l->text, "") == 0, "empty line: empty text, no spans");
	joblog_line_free(&l);
}

/* joblog_strip_escapes of a NUL-terminated string, NUL-terminated. */
static char *
stripped(const char *in)
{
	static char out[256];
	size_t n = strlen(in);

	if (n >= sizeof out)
		abort();
	out[joblog_strip_escapes(out, in, n)] = '\0';
	return out;
}

static void
test_escapes(void)
{
	is_str(render1("a\x1b]52;c;ZXZpbA==\x07" "b", NULL), "ab",
	    "OSC 52 with BEL removed");
	is_str(render1("a\x1b]0;title\x1b\\b", NULL), "ab", "OSC with ST");
	is_str(render1("a\x1b[2J\x1b[10;20Hb\x1b[?25lc\x1b[Kd\x1b[3A", NULL),
	    "abcd", "cursor movement and erase removed");
	is_str(render1("\x1bPq#0;2;0;0;0\x1b\\x", NULL), "x", "DCS removed");
	is_str(render1("\x1b(Ba\x1b" "7b\x1b" "8c\x1b" "c", NULL), "abc",
	    "charset, save/restore cursor, reset removed");
	is_str(render1("ab\x1b", NULL), "ab", "lone ESC at the end");
	is_str(render1("a\x1b\x1b[31mb", NULL), "ab", "ESC ESC [31m");
	is_str(render1("a\x1b]52;c;never ends", NULL), "a",
	    "unterminated OSC eats the rest");
	is_str(render1("a\x1b]0;t\x1b[31mb", NULL), "ab",
	    "ESC inside OSC starts a new sequence");
	is_str(render1("a\x1b[31\x01" "b", NULL), "a^Ab",
	    "broken CSI ends at the bad byte");
	is_str(render1("a\x1b[?1049h\x1b[>4;2m\x1b[1 qb", NULL), "ab",
	    "private CSI and private SGR removed");
	is_str(stripped("x\x1b[31mre\x1b[0md\x1b]0;t\x07!\x1b"), "xred!",
	    "strip_escapes: SGR, OSC and lone ESC out");
	is_str(stripped("\x1bPq#0\x1b\\a\x1b(Bb\x1b" "7c\x1b]0;t\x1b[1md"),
	    "abcd", "strip_escapes: DCS, charset, ESC 7, OSC cut by CSI");
	is_str(stripped("a\x1b[31\x01" "b\tc\r"), "a\x01" "b\tc\r",
	    "strip_escapes: nothing else changes");
	is_str(stripped("caf\xc3\x1b[1m\xa9 \xe2\x82\x1b[0m\xac \xc3\xa9"),
	    "caf\xff\xa9 \xff\xff\xac \xc3\xa9",
	    "strip_escapes: a UTF-8 sequence cut by a sequence cannot join");
}

static void
test_hostile(void)
{
	static const char line[] = T "a\xc2\x9b" "31m b\xe2\x80\xae" "c "
	    "\xff\xfe \x07\x08\x7f\t|\xc2\x85|\xe2\x81\xa6|\x1b[31m\xc2\x9b";
	struct joblog *jl = mklogn(line, sizeof line - 1);
	char *s = joblog_text(jl, 0, NULL, 1);

	ok(inert(s), "no control, ESC, C1, bidi or invalid UTF-8 left");
	ok(strchr(s, 0x1b) == NULL, "no ESC");
	ok(strstr(s, "\xc2\x9b") == NULL, "no U+009B");
	ok(strstr(s, "\xe2\x80\xae") == NULL, "no U+202E");
	is_str(s, "10:00:01 a<U+009B>31m b<U+202E>c \xef\xbf\xbd\xef\xbf\xbd "
	    "^G^H^? |<U+0085>|<U+2066>|<U+009B>", "made visible");
	free(s);
	joblog_free(&jl);
}

/* A fake secret built at run time: prefix parts and n characters from
 * alphabet, so no token-shaped literal is in this file. */
static const char *
fake(char *dst, size_t size, const char *a, const char *b, size_t n,
    const char *alphabet)
{
	size_t i, k = strlen(alphabet), l;

	if ((size_t)snprintf(dst, size, "%s%s", a, b) >= size)
		abort();
	l = strlen(dst);
	for (i = 0; i < n && l + i + 1 < size; i++)
		dst[l + i] = alphabet[(i * 7 + 3) % k];
	dst[l + i] = '\0';
	return dst;
}

#define ALNUM	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define UPNUM	"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

static void
mask_is(struct joblog_mask *mask, const char *pre, const char *secret,
    const char *post, const char *want, const char *what)
{
	char line[1024], *got;

	snprintf(line, sizeof line, T "%s%s%s", pre, secret, post);
	got = render1(line, mask);
	is_str(got, want, "%s", what);
	if (strcmp(want, line + strlen(T)) != 0 &&
	    strstr(got, secret + strlen(secret) / 2) != NULL)
		ok(0, "%s: part of the secret survives", what);
}

static void
test_secrets(void)
{
	static const char *const gh[] = { "p", "o", "u", "s", "r" };
	struct joblog_mask *mask;
	struct joblog_line *l;
	struct joblog *jl;
	char tok[256], raw[512], *cause = NULL;
	const char *bad[] = { "ok", "(", NULL }, *empty[] = { "x*", NULL };
	size_t i;

	mask = joblog_mask_new(NULL, &cause);
	ok(mask != NULL, "default secrets compile");
	for (i = 0; i < sizeof gh / sizeof gh[0]; i++) {
		snprintf(raw, sizeof raw, "gh%s_", gh[i]);
		fake(tok, sizeof tok, raw, "", 36, ALNUM);
		mask_is(mask, "token ", tok, " end", "token *** end", raw);
	}
	fake(tok, sizeof tok, "gh", "p_", 35, ALNUM);
	mask_is(mask, "", tok, "", tok, "35 characters are not a token");
	fake(tok, sizeof tok, "github", "_pat_", 82, ALNUM "_");
	mask_is(mask, "pat=", tok, ";", "pat=***;", "fine-grained PAT");
	fake(tok, sizeof tok, "AK", "IA", 16, UPNUM);
	mask_is(mask, "id ", tok, "", "id ***", "AWS access key id");
	fake(tok, sizeof tok, "AS", "IA", 16, UPNUM);
	mask_is(mask, "\"", tok, "\"", "\"***\"", "AWS temporary key id");
	fake(tok, sizeof tok, "", "", 40, ALNUM "/+");
	mask_is(mask, "aws_secret_access_key=", tok, "",
	    "aws_secret_access_key=***", "AWS secret key, ini");
	mask_is(mask, "AWS_SECRET_ACCESS_KEY: ", tok, "",
	    "AWS_SECRET_ACCESS_KEY: ***", "AWS secret key, YAML");
	fake(tok, sizeof tok, "AI", "za", 35, ALNUM "_-");
	mask_is(mask, "key=", tok, "", "key=***", "Google API key");
	fake(tok, sizeof tok, "xo", "xb-", 24, "0123456789-abcdefXYZ");
	mask_is(mask, "slack ", tok, " ok", "slack *** ok", "Slack token");
	fake(tok, sizeof tok, "", "", 24, ALNUM "-._~");
	mask_is(mask, "Authorization: Bearer ", tok, "",
	    "Authorization: Bearer ***", "Bearer header value");
	mask_is(mask, "> authorization: token ", tok, "\"",
	    "> authorization: token ***\"", "token header value");
	mask_is(mask, "Authorization: Bearer ab\xe7", ".def", "",
	    "Authorization: Bearer ***", "invalid byte inside a value");
	mask_is(mask, "Authorization: Bearer \x0b", "abc\x0b" "def", "",
	    "Authorization: Bearer ^K***", "controls in a value masked too");
	fake(tok, sizeof tok, "-----BEGIN RSA PRIV", "ATE KEY-----\\n", 40,
	    ALNUM);
	snprintf(raw, sizeof raw, "%s\\n-----END RSA PRIV" "ATE KEY-----",
	    tok);
	mask_is(mask, "{\"key\": \"", raw, "\"}", "{\"key\": \"***\"}",
	    "PEM private key on one line");

	is_str(render1(T "k=-----BEGIN\tEC PRIV" "ATE KEY-----MHcCAQEE", mask),
	    "k=***", "a tab shows as a space, and is one for the mask");

	/* Split by colour codes, the token is still found. */
	fake(tok, sizeof tok, "gh", "p_", 36, ALNUM);
	snprintf(raw, sizeof raw, T "\x1b[31m%.10s\x1b[1m%s\x1b[0m tail", tok,
	    tok + 10);
	jl = mklog(raw);
	l = joblog_render(jl, 0, mask, 0);
	is_str(l->text, "*** tail", "token split by SGR codes masked");
	span_is(l, 0, 0, 3, 1, -1, 0, "*** takes the first byte's colour");
	joblog_line_free(&l);
	snprintf(raw, sizeof raw, "%s tail", tok);
	is_str(text_of(jl, 0, NULL), raw, "without a mask, nothing hidden");
	joblog_free(&jl);

	snprintf(raw, sizeof raw, T "a\x1b]52;c;%s\x07" "b", tok);
	is_str(render1(raw, mask), "ab", "token inside OSC dropped");

	jl = mklog(T "-----BEGIN OPENSSH PRIV" "ATE KEY-----\n"
	    T "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU2Nzg5\n"
	    T "YWJjZGVm+/==\n"
	    T "-----END OPENSSH PRIV" "ATE KEY-----\n"
	    T "after\n"
	    "  -----BEGIN EC PRIV" "ATE KEY-----\n"
	    "Proc-Type: 4,ENCRYPTED\n"
	    "\n"
	    "MHcCAQEEI\n"
	    "done.\n"
	    T "grep -- '-----BEGIN PRIV" "ATE KEY-----' f\n");
	for (i = 0; i < 4; i++) {
		ok(joblog_in_key_block(jl, i), "key block line %zu", i);
		is_str(text_of(jl, i, mask), "***", "key block line %zu hidden",
		    i);
	}
	ok(!joblog_in_key_block(jl, 4), "line after END is not");
	is_str(text_of(jl, 4, mask), "after", "and shows");
	ok(joblog_in_key_block(jl, 5) && joblog_in_key_block(jl, 6) &&
	    joblog_in_key_block(jl, 7) && joblog_in_key_block(jl, 8),
	    "block without END: BEGIN, headers, blank and base64 lines");
	ok(!joblog_in_key_block(jl, 9), "a line that is not base64 ends it");
	ok(!joblog_in_key_block(jl, 10), "BEGIN in the middle: no block");
	is_str(text_of(jl, 10, mask), "grep -- '***",
	    "but the pattern masks from BEGIN on");
	is_str(text_of(jl, 1, NULL), "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIz"
	    "NDU2Nzg5", "without a mask the block shows");
	joblog_free(&jl);
	joblog_mask_free(&mask);
	ok(mask == NULL, "joblog_mask_free sets NULL");

	mask = joblog_mask_new(bad, &cause);
	ok(mask == NULL && cause != NULL && strncmp(cause, "pattern 2: ",
	    11) == 0, "bad pattern named: %s", cause ? cause : "(null)");
	free(cause);
	mask = joblog_mask_new(empty, NULL);
	is_str(render1(T "abc \xc3\xa9 x", mask), "abc \xc3\xa9 ***",
	    "pattern matching empty: no loop, only non-empty masked");
	joblog_mask_free(&mask);
}

static struct rx *
rx(const char *pattern, unsigned flags)
{
	struct rx *r = rx_new(pattern, flags | RX_MULTILINE, NULL);

	if (r == NULL)
		abort();
	return r;
}

static enum joblog_search_rc
find(const struct joblog *jl, const char *pattern, unsigned flags,
    size_t from, int dir, size_t *line)
{
	struct rx *r = rx(pattern, flags);
	struct rx_match *m = rx_match_new(r);
	enum joblog_search_rc rc;

	*line = SIZE_MAX;
	rc = joblog_search(jl, r, m, from, dir, SIZE_MAX, line);
	rx_match_free(&m);
	rx_free(&r);
	return rc;
}

static size_t
count(const struct joblog *jl, const char *pattern, unsigned flags,
    size_t budget)
{
	struct rx *r = rx(pattern, flags);
	struct rx_match *m = rx_match_new(r);
	struct joblog_count c;
	enum joblog_search_rc rc;

	joblog_count_init(&c, 0, SIZE_MAX);
	while ((rc = joblog_count(jl, r, m, &c, budget)) == JOBLOG_MORE)
		;
	rx_match_free(&m);
	rx_free(&r);
	return rc == JOBLOG_NONE ? c.matches : SIZE_MAX;
}

#define FOUND(jl, pat, fl, from, dir, want, what) do {			\
	size_t l_;							\
	enum joblog_search_rc rc_ = find(jl, pat, fl, from, dir, &l_);	\
	ok(rc_ == JOBLOG_FOUND && l_ == (size_t)(want), "%s", what);	\
	if (rc_ != JOBLOG_FOUND || l_ != (size_t)(want))		\
		printf("#   rc %d line %zu\n", (int)rc_, l_);		\
} while (0)

#define NOTFOUND(jl, pat, fl, from, dir, what) do {			\
	size_t l_;							\
	enum joblog_search_rc rc_ = find(jl, pat, fl, from, dir, &l_);	\
	ok(rc_ == JOBLOG_NONE, "%s", what);				\
	if (rc_ != JOBLOG_NONE)						\
		printf("#   rc %d line %zu\n", (int)rc_, l_);		\
} while (0)

static void
test_search(void)
{
	struct joblog *jl;
	struct rx *r;
	struct rx_match *m;
	size_t l;

	jl = mklogs(T "starting\n"			/* 0 */
	    T "compile foo.c\n"				/* 1 */
	    T "##[error]Error: foo.c:3\n"		/* 2 */
	    T "treating it as a warn\n"			/* 3 */
	    T "link ERROR \x1b[31mx\x1b[0m\n"		/* 4 */
	    T "done\r\n"				/* 5 */
	    T "last");					/* 6 */
	FOUND(jl, "foo", 0, 0, 1, 1, "forward from 0");
	FOUND(jl, "foo", 0, 1, 1, 1, "forward includes from");
	FOUND(jl, "foo", 0, 2, 1, 2, "forward from 2");
	NOTFOUND(jl, "foo", 0, 3, 1, "forward: none after 2");
	FOUND(jl, "foo", 0, 6, -1, 2, "backward from 6");
	FOUND(jl, "foo", 0, 1, -1, 1, "backward includes from");
	NOTFOUND(jl, "foo", 0, 0, -1, "backward: none before 1");
	FOUND(jl, "foo", 0, SIZE_MAX, -1, 2, "backward from past the end");
	NOTFOUND(jl, "foo", 0, 7, 1, "forward from past the end");
	NOTFOUND(jl, "zzz", 0, 0, 1, "no match forward");
	NOTFOUND(jl, "zzz", 0, 6, -1, "no match backward");
	NOTFOUND(jl, "warn\\s+\\d", 0, 0, 1,
	    "a match running into the next line does not count");
	FOUND(jl, "warn\\s*", 0, 0, 1, 3, "but a shorter one on the line does");
	FOUND(jl, "error", RX_CASELESS, 3, 1, 4, "caseless forward");
	FOUND(jl, "error", RX_CASELESS, 3, -1, 2, "caseless backward");
	is_int(count(jl, "error", RX_CASELESS, SIZE_MAX), 2, "caseless count");
	is_int(count(jl, "Error", 0, SIZE_MAX), 1, "case-sensitive count");
	NOTFOUND(jl, "error\\]", RX_CASELESS, 0, 1, "the marker is not text");
	NOTFOUND(jl, "31m", 0, 0, 1, "an escape sequence is not text");
	FOUND(jl, "ERROR x$", 0, 0, 1, 4, "text around SGR joins");
	FOUND(jl, "done$", 0, 0, 1, 5, "a CR before the LF is not text");
	NOTFOUND(jl, "\\r", 0, 0, 1, "no CR at all");
	FOUND(jl, "last$", 0, 0, 1, 6, "$ at the end of the log");
	FOUND(jl, "^treating", 0, 0, 1, 3, "^ is per line, after the stamp");
	NOTFOUND(jl, "2026", 0, 0, 1, "the timestamp is not text");
	FOUND(jl, "", 0, 3, 1, 3, "empty pattern forward");
	FOUND(jl, "", 0, 3, -1, 3, "empty pattern backward");
	FOUND(jl, "x*", 0, 6, 1, 6, "empty match on the last line");
	is_int(count(jl, "", 0, SIZE_MAX), 7, "empty pattern counts lines");
	is_int(count(jl, "x*", 0, 1), 7, "x* with budget 1");
	is_int(count(jl, "^", 0, SIZE_MAX), 7, "^ counts lines");
	is_int(count(jl, "$", 0, 5), 7, "$ counts lines");
	is_int(count(jl, "zzz", 0, SIZE_MAX), 0, "no match: count 0");

	r = rx("foo", 0);
	m = rx_match_new(r);
	is_int(joblog_search(jl, r, m, 0, 0, 10, &l), JOBLOG_FAILED,
	    "dir 0 fails");
	is_int(joblog_search(jl, NULL, m, 0, 1, 10, &l), JOBLOG_FAILED,
	    "no pattern fails");
	rx_match_free(&m);
	rx_free(&r);
	joblog_free(&jl);

	jl = mklogs("");
	NOTFOUND(jl, "", 0, 0, 1, "empty log forward");
	NOTFOUND(jl, "", 0, SIZE_MAX, -1, "empty log backward");
	is_int(count(jl, "", 0, SIZE_MAX), 0, "empty log count");
	joblog_free(&jl);
}

/* Searches in slices of budget bytes until done; the calls it took. */
static enum joblog_search_rc
find_sliced(const struct joblog *jl, const struct rx *r, struct rx_match *m,
    size_t from, int dir, size_t budget, size_t *line, int *calls)
{
	enum joblog_search_rc rc;
	size_t prev = from;

	for (*calls = 1;; (*calls)++) {
		rc = joblog_search(jl, r, m, from, dir, budget, line);
		if (rc != JOBLOG_MORE)
			return rc;
		if (dir > 0 ? *line <= prev : *line >= prev)
			return JOBLOG_FAILED;	/* no progress */
		prev = from = *line;
	}
}

static void
test_budget(void)
{
	struct buf b;
	struct joblog *jl;
	struct rx *r = rx("needle", 0);
	struct rx_match *m = rx_match_new(r);
	size_t i, line;
	int calls;

	buf_init(&b, 0);
	for (i = 0; i < 1000; i++)
		buf_printf(&b, T "line %zu%s\n", i, i == 777 ? " needle" : "");
	jl = mklog_padded(b.data, b.len);
	ok(find_sliced(jl, r, m, 0, 1, 100, &line, &calls) == JOBLOG_FOUND &&
	    line == 777, "forward in 100-byte slices finds line 777");
	ok(calls > 100, "... after %d resumptions", calls);
	ok(find_sliced(jl, r, m, 999, -1, 100, &line, &calls) ==
	    JOBLOG_FOUND && line == 777, "backward in slices finds 777");
	ok(calls > 50, "... after %d resumptions", calls);
	ok(find_sliced(jl, r, m, 778, 1, 1, &line, &calls) == JOBLOG_NONE,
	    "forward past it: none");
	is_int(calls, 222, "budget 1: one line a call");
	ok(find_sliced(jl, r, m, 776, -1, 0, &line, &calls) == JOBLOG_NONE,
	    "backward before it: none");
	is_int(calls, 777, "budget 0 acts as 1");
	ok(joblog_search(jl, r, m, 0, 1, 4096, &line) == JOBLOG_MORE &&
	    line > 0 && line < 777, "budget 4096 stops at line %zu", line);
	joblog_free(&jl);
	buf_done(&b);
	rx_match_free(&m);
	rx_free(&r);
}

/* Lines a search visits, in slices of budget bytes, from one end of the
 * log to the other (dir +1 from line 0, -1 from the last): how many, their
 * numbers in got[]. SIZE_MAX when a call fails or makes no progress. */
static size_t
walk(const struct joblog *jl, const char *pattern, int dir, size_t budget,
    size_t *got, size_t max)
{
	struct rx *r = rx(pattern, 0);
	struct rx_match *m = rx_match_new(r);
	size_t from = dir > 0 ? 0 : SIZE_MAX, line, n = 0;
	enum joblog_search_rc rc;
	int calls;

	while ((rc = find_sliced(jl, r, m, from, dir, budget, &line,
	    &calls)) == JOBLOG_FOUND && n < max) {
		got[n++] = line;
		if ((dir > 0 && line + 1 >= joblog_lines(jl)) ||
		    (dir < 0 && line == 0))
			break;
		from = line + (size_t)dir;
	}
	rx_match_free(&m);
	rx_free(&r);
	return rc == JOBLOG_FAILED || n == max ? SIZE_MAX : n;
}

/* The display rule (joblog.h), as plainly as possible. */
static void
test_shown(void)
{
	static const size_t budgets[] = { 1, 40, SIZE_MAX };
	struct joblog *jl;
	size_t i, fwd[16], back[16], n;
	char tok[64], raw[256];

	jl = mklogs("2026-11-22T10:02:29.0008962Z line 8962 "
	    "\x1b[32mok\x1b[0m\n"					/* 0 */
	    "2026-11-22T10:02:30.1234567Z ##[error]boom\n"		/* 1 */
	    T "to\x1b[1mken\n"						/* 2 */
	    T "a\x1b]0;secret-title\x07" "b\n"				/* 3 */
	    "crlf ok\r\n"						/* 4 */
	    T "##[bogus]x\n"						/* 5 */
	    T "caf\xc3\x1b[1m\xa9\n"					/* 6 */
	    T "\x1b]8;;http://x.test/\x1b\\link\x1b]8;;\x1b\\ end\r\n"	/* 7 */
	    T "##[group]Run make\n");					/* 8 */
	FOUND(jl, "8962 ok", 0, 0, 1, 0, "8962 ok: SGR between the words");
	FOUND(jl, "ok$", 0, 0, 1, 0, "ok$: SGR after the last word");
	FOUND(jl, "^line 8962", 0, 0, 1, 0, "^: after the timestamp");
	FOUND(jl, "^boom", 0, 0, 1, 1, "^boom: after stamp and marker");
	FOUND(jl, "^boom$", 0, 8, -1, 1, "^boom$ backward");
	FOUND(jl, "token", 0, 0, 1, 2, "a word split by SGR");
	FOUND(jl, "token", 0, 8, -1, 2, "and backward");
	NOTFOUND(jl, "secret-title", 0, 0, 1, "text inside OSC: not found");
	NOTFOUND(jl, "secret|title", 0, 8, -1, "nor backward");
	FOUND(jl, "^ab$", 0, 0, 1, 3, "the OSC is gone whole");
	FOUND(jl, "ok$", 0, 1, 1, 4, "CRLF: ok$ matches");
	FOUND(jl, "^crlf ok$", 0, 8, -1, 4, "CRLF backward, no stamp");
	FOUND(jl, "^##\\[bogus\\]x", 0, 0, 1, 5, "an unknown marker is text");
	NOTFOUND(jl, "caf\xc3\xa9", 0, 0, 1,
	    "UTF-8 cut by SGR does not join (shown as two U+FFFD)");
	FOUND(jl, "^caf", 0, 0, 1, 6, "but the text before it matches");
	FOUND(jl, "^link end$", 0, 0, 1, 7, "OSC 8 hyperlink with ST");
	FOUND(jl, "^Run make$", 0, 0, 1, 8, "group title");
	NOTFOUND(jl, "\\e|\\r|group|2026", 0, 0, 1,
	    "no ESC, CR, marker or stamp anywhere");
	NOTFOUND(jl, "\\e|\\r|group|2026", 0, 8, -1, "nor backward");
	for (i = 0; i < sizeof budgets / sizeof budgets[0]; i++) {
		n = walk(jl, "ok|oo", 1, budgets[i], fwd, 16);
		ok(n == 4 && fwd[0] == 0 && fwd[1] == 1 && fwd[2] == 2 &&
		    fwd[3] == 4, "budget %zu: /ok|oo/ on lines 0 1 2 4",
		    budgets[i]);
		ok(walk(jl, "ok|oo", -1, budgets[i], back, 16) == n && n == 4 &&
		    back[0] == 4 && back[3] == 0, "budget %zu: backward",
		    budgets[i]);
	}
	is_int(count(jl, "", 0, 3), 9, "empty pattern: every line");
	joblog_free(&jl);

	/* Masking is not applied: the line with a secret is found by it. */
	fake(tok, sizeof tok, "gh", "p_", 36, ALNUM);
	snprintf(raw, sizeof raw, T "\x1b[31m%.10s\x1b[1m%s\x1b[0m tail\n",
	    tok, tok + 10);
	jl = mklogs(raw);
	FOUND(jl, tok, 0, 0, 1, 0, "a masked secret still matches");
	joblog_free(&jl);
}

/*
 * The test's own reading of the escape sequences joblog.h says search
 * drops, written from the spec, not from the library: CSI (parameters,
 * intermediates, final; cut short by any other byte), OSC/DCS/SOS/PM/APC
 * up to BEL or ST (an ESC ends them), ESC with intermediates and a final,
 * ESC and one final byte, and a lone ESC.
 */
static size_t
naive_strip(char *dst, const char *p, size_t n)
{
	size_t i = 0, o = 0;
	unsigned char c;

	while (i < n) {
		if (p[i] != 0x1b) {
			dst[o++] = p[i++];
			continue;
		}
		if (++i >= n)
			break;
		c = (unsigned char)p[i];
		if (c == '[') {
			for (i++; i < n && p[i] >= 0x30 && p[i] <= 0x3f; i++)
				;
			for (; i < n && p[i] >= 0x20 && p[i] <= 0x2f; i++)
				;
			if (i < n && p[i] >= 0x40 && p[i] <= 0x7e)
				i++;
		} else if (c == ']' || c == 'P' || c == 'X' || c == '^' ||
		    c == '_') {
			for (i++; i < n && p[i] != 0x07 && p[i] != 0x1b; i++)
				;
			if (i < n && p[i] == 0x07)
				i++;
			else if (i + 1 < n && p[i + 1] == '\\')
				i += 2;
		} else if (c >= 0x20 && c <= 0x2f) {
			for (; i < n && p[i] >= 0x20 && p[i] <= 0x2f; i++)
				;
			if (i < n && p[i] >= 0x30 && p[i] <= 0x7e)
				i++;
		} else if (c >= 0x30 && c <= 0x7e)
			i++;
	}
	return o;
}

/* Whether line i matches by the display rule, checked on the line alone:
 * its body, stripped by the test's own loop. */
static int
naive_match(const struct joblog *jl, size_t i, const struct rx *r,
    struct rx_match *m)
{
	const char *p;
	char *copy;
	size_t n;
	int hit;

	p = joblog_body(jl, i, &n);
	if ((copy = calloc(1, n + PAD)) == NULL)
		abort();
	n = naive_strip(copy, p, n);
	hit = rx_exec(r, m, copy, n, 0, NULL, NULL) == 1;
	free(copy);
	return hit;
}

static size_t
naive_count(const struct joblog *jl, const struct rx *r, struct rx_match *m,
    size_t from, size_t end)
{
	size_t i, hits = 0;

	for (i = from; i < end; i++)
		hits += naive_match(jl, i, r, m);
	return hits;
}

/* A coloured job log: stamps, markers, SGR inside words and numbers, OSC
 * titles, CRLF lines, lines ending in "warn" before a line starting with
 * digits. Blocks of 64 plain lines (no ESC byte at all) in between. */
static void
coloured_log(struct buf *b, size_t lines)
{
	unsigned long seed = 12345;
	size_t i;

	for (i = 0; i < lines; i++) {
		seed = seed * 1103515245 + 12345;
		if ((i / 64) % 3 == 1) {
			buf_printf(b, (seed >> 16) % 4 == 0 ?
			    T "warning %zu plain error\n" :
			    T "compile unit_%zu.c ok\n", i);
			continue;
		}
		switch ((seed >> 16) % 10) {
		case 0:
			buf_printf(b, T "##[error]failed %zu\n", i);
			break;
		case 1:
			buf_printf(b, T "\x1b[33mwarn\x1b[0ming \x1b[1m%lu"
			    "\x1b[0m: deprecated\n", (seed >> 8) % 1000);
			break;
		case 2:
			buf_printf(b, T "ends in warn\n");
			break;
		case 3:
			buf_printf(b, T "\x1b[31mFA\x1b[1mIL\x1b[0m test %zu\n",
			    i);
			break;
		case 4:
			buf_printf(b, "%zu no stamp err\x1b[4mor\r\n", i);
			break;
		case 5:
			buf_printf(b, T "\x1b]0;error title %zu\x07to\x1b[1mken"
			    " %zu ok\x1b[0m\r\n", i, i);
			break;
		case 6:
			buf_printf(b, T "##[bogus]\x1b[32mcompile\x1b[0m "
			    "unit_%zu.c ok\n", i);
			break;
		case 7:
			buf_printf(b, T "##[warning]\x1b[33mwarning\x1b[0m  "
			    "%zu\n", i);
			break;
		default:
			buf_printf(b, T "compile unit_%zu.c ok\n", i);
		}
	}
}

static void
test_count(void)
{
	static const struct {
		const char	*pattern;
		int		 some;	/* expected to match lines */
	} pats[] = {
		{ "error|warn(ing)?\\s+\\d+", 1 }, { "^##\\[", 1 },
		{ "\\d{3}$", 1 }, { "(?i)FAIL", 1 }, { "", 1 },
		{ "^token \\d+ ok$", 1 }, { "ok$", 1 }, { "^\\d+ no", 1 },
		{ "title", 0 }, { "\\[3\\dm|\\r|-11-20T|##\\[error", 0 },
	};
	static const size_t budgets[] = { 1, 37, 4096, 65536, SIZE_MAX };
	struct joblog_count c;
	struct joblog *jl;
	struct rx *r;
	struct rx_match *m;
	struct buf b;
	size_t i, j, naive;

	buf_init(&b, 0);
	coloured_log(&b, 10000);
	jl = mklog_padded(b.data, b.len);
	is_int(joblog_lines(jl), 10000, "10k-line coloured log");
	for (i = 0; i < sizeof pats / sizeof pats[0]; i++) {
		r = rx(pats[i].pattern, 0);
		m = rx_match_new(r);
		naive = naive_count(jl, r, m, 0, joblog_lines(jl));
		ok(pats[i].some ? naive > 0 : naive == 0,
		    "/%s/: %zu matching lines", pats[i].pattern, naive);
		for (j = 0; j < sizeof budgets / sizeof budgets[0]; j++)
			is_int(count(jl, pats[i].pattern, 0, budgets[j]),
			    naive, "/%s/ count, budget %zu, equals naive",
			    pats[i].pattern, budgets[j]);
		rx_match_free(&m);
		rx_free(&r);
	}
	r = rx("error", 0);
	m = rx_match_new(r);
	joblog_count_init(&c, 100, 200);
	while (joblog_count(jl, r, m, &c, 50) == JOBLOG_MORE)
		;
	is_int(c.matches, naive_count(jl, r, m, 100, 200),
	    "count over [100, 200) only");
	rx_match_free(&m);
	rx_free(&r);
	joblog_free(&jl);
	buf_done(&b);
}

/* Search in slices, some with ESC bytes and some without, visits the lines
 * one huge slice finds, and backward the same ones in reverse. */
static void
test_budget_mixed(void)
{
	static const char *const pats[] = { "warning \\d+", "token \\d+ ok$",
	    "^compile unit_\\d*7\\.c" };
	static const size_t budgets[] = { 1, 100, 999, 4096, 65536 };
	size_t *all, *got, *back, n, k, i, j, t;
	struct joblog *jl;
	struct rx *r;
	struct rx_match *m;
	struct buf b;
	int same;

	buf_init(&b, 0);
	coloured_log(&b, 2000);
	jl = mklog_padded(b.data, b.len);
	all = calloc(2000, sizeof *all);
	got = calloc(2000, sizeof *got);
	back = calloc(2000, sizeof *back);
	if (all == NULL || got == NULL || back == NULL)
		abort();
	for (k = 0; k < sizeof pats / sizeof pats[0]; k++) {
		n = walk(jl, pats[k], 1, SIZE_MAX, all, 2000);
		r = rx(pats[k], 0);
		m = rx_match_new(r);
		for (i = 0, same = n != SIZE_MAX; same && i < n; i++)
			same = naive_match(jl, all[i], r, m) &&
			    (i == 0 || all[i] > all[i - 1]);
		ok(same && n > 20 && n == naive_count(jl, r, m, 0, 2000),
		    "/%s/: one slice finds the %zu naive lines", pats[k], n);
		rx_match_free(&m);
		rx_free(&r);
		for (j = 0; j < sizeof budgets / sizeof budgets[0]; j++) {
			t = walk(jl, pats[k], 1, budgets[j], got, 2000);
			ok(t == n && memcmp(got, all, n * sizeof *all) == 0,
			    "/%s/ budget %zu forward: same lines", pats[k],
			    budgets[j]);
			t = walk(jl, pats[k], -1, budgets[j], back, 2000);
			for (i = 0, same = t == n; same && i < n; i++)
				same = back[i] == all[n - 1 - i];
			ok(same, "/%s/ budget %zu backward: same, reversed",
			    pats[k], budgets[j]);
			is_int(count(jl, pats[k], 0, budgets[j]), n,
			    "/%s/ budget %zu count", pats[k], budgets[j]);
		}
	}
	free(all);
	free(got);
	free(back);
	joblog_free(&jl);
	buf_done(&b);
}

/* Bounds: lines past max_lines are left out and the log says where it was
 * cut; the arrays never grow past the cap (an all-newline log at the
 * default cap); a set stop flag gives up, releasing the bytes. */
static void
test_limits(void)
{
	struct joblog_limits lim = { 3, NULL };
	struct joblog *jl;
	const struct joblog *cj;
	const char *raw;
	char note[160], *d;
	size_t at = 0, n, big = JOBLOG_MAX_LINES + 5000;
	int calls = 0, stop = 1, c;

	d = strdup("a\nb\nc\nd\ne\n");
	jl = joblog_new_limited(d, strlen(d), release_free, NULL, &lim);
	is_int((int)joblog_lines(jl), 3, "limit: 3 of 5 lines indexed");
	c = joblog_cut(jl, &at);
	ok(c && at == 6, "limit: cut at byte 6 (%zu)", at);
	raw = joblog_raw(jl, 2, &n);
	ok(raw != NULL && n == 1 && raw[0] == 'c', "limit: the last line kept "
	    "is whole, without its LF");
	ok(joblog_raw(jl, 3, &n) == NULL, "limit: the cut lines are not there");
	is_str(joblog_cut_note(jl, note, sizeof note),
	    "cut after line 3 (byte 6 of 10): line limit",
	    "limit: the note says where");
	joblog_free(&jl);

	d = strdup("a\nb\nc\n");
	jl = joblog_new_limited(d, strlen(d), release_free, NULL, &lim);
	ok(joblog_lines(jl) == 3 && !joblog_cut(jl, &at) && at == 0,
	    "limit: exactly max_lines lines is not a cut");
	is_str(joblog_cut_note(jl, note, sizeof note), "",
	    "limit: no note then");
	joblog_free(&jl);
	d = strdup("a\nb\nc");
	jl = joblog_new_limited(d, strlen(d), release_free, NULL, &lim);
	ok(joblog_lines(jl) == 3 && !joblog_cut(jl, NULL),
	    "limit: nor is a last line without LF");
	joblog_free(&jl);
	ok(!joblog_cut(NULL, &at) && at == 0, "limit: NULL log, no cut");

	/* The worst case at the default cap: nothing but newlines. */
	d = malloc(big);
	memset(d, '\n', big);
	jl = joblog_new(d, big, release_free, NULL);
	cj = jl;
	c = joblog_cut(cj, &at);
	ok(joblog_lines(cj) == JOBLOG_MAX_LINES && c && at == JOBLOG_MAX_LINES,
	    "limit: all newlines: %d lines, cut at byte %zu", JOBLOG_MAX_LINES,
	    at);
	ok(jl != NULL && jl_cap(jl) <= JOBLOG_MAX_LINES + 1,
	    "limit: the index never grew past the cap (%zu entries)",
	    jl != NULL ? jl_cap(jl) : 0);
	joblog_free(&jl);

	d = strdup("x\ny\n");
	lim.max_lines = 0;
	lim.stop = &stop;
	jl = joblog_new_limited(d, strlen(d), release_free, &calls, &lim);
	ok(jl == NULL && calls == 1,
	    "stop: set before indexing: NULL, bytes released");
}

/* JOBLOG_ASCII: a log line for a terminal that is not UTF-8 is ASCII, with
 * its colour spans still tiling the text. */
static void
test_render_ascii(void)
{
	char *d = strdup(T "\x1b[31mcaf\xc3\xa9\x1b[0m \xc2\x9b ok\n");
	struct joblog *jl = joblog_new(d, strlen(d), release_free, NULL);
	struct joblog_line *l;
	char *t;

	l = joblog_render(jl, 0, NULL, JOBLOG_ASCII);
	ok(l != NULL && strcmp(l->text, "caf\\u00e9 <U+009B> ok") == 0 &&
	    l->nspans == 2 && l->spans[0].len == 9 && l->spans[0].fg == 1,
	    "render ascii: \\u00e9 inside its red span (%s)",
	    l != NULL ? l->text : "NULL");
	joblog_line_free(&l);
	t = joblog_text(jl, 0, NULL, JOBLOG_KEEP_TIME | JOBLOG_ASCII);
	is_str(t, "10:00:01 caf\\u00e9 <U+009B> ok",
	    "render ascii: with the time too");
	free(t);
	t = joblog_text(jl, 0, NULL, 0);
	is_str(t, "caf\xc3\xa9 <U+009B> ok", "render: UTF-8 without the flag");
	free(t);
	joblog_free(&jl);
}

int
main(void)
{
	test_lines();
	test_kinds();
	test_times();
	test_errors();
	test_sgr();
	test_escapes();
	test_hostile();
	test_secrets();
	test_search();
	test_shown();
	test_budget();
	test_count();
	test_budget_mixed();
	test_limits();
	test_render_ascii();
	return tap_done();
}
