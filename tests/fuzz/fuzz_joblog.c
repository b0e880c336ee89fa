/* fuzz_joblog: joblog.h's promises hold for any bytes.
 *
 * The log has one line per LF (and a last one without); kinds are in range,
 * depth never exceeds the groups opened so far; error navigation agrees
 * with the kinds both ways. Every rendered line, with or without the mask
 * and the time, is strictly valid UTF-8 with no C0/C1 control, DEL, ESC or
 * bidi control, its spans tile it with colours in range, and with the
 * default mask no default secret pattern finds a byte of the log in it
 * (checked on lines where the sanitiser had no control character to show).
 * Search and count agree with a per-line oracle (the pattern run on each
 * line's text alone: its body without escape sequences), whatever the
 * budget: forward search visits the matching lines in order, backward in
 * reverse, count counts them.
 * The first input byte picks the budget and keep_time. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/joblog.h"
#include "opsdeck/rx.h"
#include "../utf8.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

#define PAD		64	/* PCRE2's JIT reads past a subject's end */
#define MAX_LINES	2000	/* lines checked one by one */

static const char *const patterns[] = {
	"e", "^#", "\\d$", "a\\s+b", "", "x*", "(?i)ERR", "[^a]{3}",
	"error|warn(ing)?\\s+\\d+",
};
#define NPATTERNS	(sizeof patterns / sizeof patterns[0])

/* Compiled once per process: test harness state, not library state. */
static struct rx	*fuzz_rx[NPATTERNS];
static struct rx_match	*fuzz_m[NPATTERNS];
static struct rx	*fuzz_secret_rx[16];
static struct rx_match	*fuzz_secret_m[16];
static struct joblog_mask *fuzz_mask;

static void
fuzz_init(void)
{
	size_t i;

	if (fuzz_mask != NULL)
		return;
	for (i = 0; i < NPATTERNS; i++) {
		CHECK((fuzz_rx[i] = rx_new(patterns[i], RX_MULTILINE,
		    NULL)) != NULL);
		CHECK((fuzz_m[i] = rx_match_new(fuzz_rx[i])) != NULL);
	}
	for (i = 0; joblog_default_secrets[i] != NULL; i++) {
		CHECK(i < 16);
		CHECK((fuzz_secret_rx[i] = rx_new(joblog_default_secrets[i], 0,
		    NULL)) != NULL);
		CHECK((fuzz_secret_m[i] = rx_match_new(fuzz_secret_rx[i])) !=
		    NULL);
	}
	CHECK((fuzz_mask = joblog_mask_new(NULL, NULL)) != NULL);
}

static void
check_inert(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	long cp;

	CHECK(strlen(s) == len);
	while (i < len) {
		cp = utf8_decode_strict(p + i, &n);
		CHECK(cp >= 0x20 && cp != 0x7f);
		CHECK(cp < 0x80 || cp > 0x9f);
		CHECK(cp < 0x202a || cp > 0x202e);
		CHECK(cp < 0x2066 || cp > 0x2069);
		CHECK(cp != 0x200e && cp != 0x200f && cp != 0x061c);
		i += n;
	}
}

/* Whether s holds something the sanitiser may have made of a control
 * character: "^K", "<U+0085>". */
static int
has_notation(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] == '^' && ((s[i + 1] >= '@' && s[i + 1] <= '_') ||
		    s[i + 1] == '?'))
			return 1;
		if (s[i] == '<' && i + 2 < len && s[i + 1] == 'U' &&
		    s[i + 2] == '+')
			return 1;
	}
	return 0;
}

/*
 * What a default secret pattern finds in masked output is "***", never a
 * byte of the log. The mask ran on the text before the sanitiser turned
 * control characters into notations ("^K" can make "^Authorization" of
 * "\x0buthorization"), so the check is exact only for lines without
 * them: there the output is the masked text itself. Controls next to
 * secrets are covered by test_joblog.
 */
static void
check_masked(const char *s, size_t len)
{
	size_t i, pos, so, eo, k;
	char *copy;

	if (has_notation(s, len))
		return;
	CHECK((copy = calloc(1, len + PAD)) != NULL);
	memcpy(copy, s, len);
	for (i = 0; fuzz_secret_rx[i] != NULL; i++) {
		for (pos = 0; pos < len; pos = eo > so ? eo : so + 1) {
			if (rx_exec(fuzz_secret_rx[i], fuzz_secret_m[i], copy,
			    len, pos, &so, &eo) != 1)
				break;
			for (k = so; k < eo; k++)
				CHECK(copy[k] == '*');
		}
	}
	free(copy);
}

static void
check_render(const struct joblog *jl, size_t line, struct joblog_mask *mask,
    int keep_time)
{
	struct joblog_line *l;
	size_t i, at = 0;

	if ((l = joblog_render(jl, line, mask, keep_time)) == NULL)
		return;		/* out of memory only */
	check_inert(l->text, l->len);
	for (i = 0; i < l->nspans; i++) {
		CHECK(l->spans[i].off == at && l->spans[i].len > 0);
		CHECK(l->spans[i].fg >= -1 && l->spans[i].fg <= 255);
		CHECK(l->spans[i].bg >= -1 && l->spans[i].bg <= 255);
		CHECK(l->spans[i].bold <= 1 && l->spans[i].underline <= 1);
		at += l->spans[i].len;
	}
	CHECK(at == l->len);
	if (mask != NULL)
		check_masked(l->text, l->len);
	joblog_line_free(&l);
}

static void
check_lines(const struct joblog *jl, const uint8_t *data, size_t size)
{
	size_t i, n = joblog_lines(jl), nl = 0, groups = 0, prev, next, e;

	for (i = 0; i < size; i++)
		nl += data[i] == '\n';
	CHECK(n == nl + (size > 0 && data[size - 1] != '\n'));
	for (i = 0, prev = SIZE_MAX; i < n && i < MAX_LINES; i++) {
		CHECK(joblog_kind(jl, i) < JOBLOG_KINDS);
		CHECK(joblog_depth(jl, i) >= 0 &&
		    (size_t)joblog_depth(jl, i) <= groups);
		groups += joblog_kind(jl, i) == JOBLOG_GROUP;
		CHECK(joblog_prev_error(jl, i) == prev);
		if (joblog_kind(jl, i) == JOBLOG_ERROR)
			prev = i;
	}
	if (n > MAX_LINES)
		return;
	CHECK(joblog_prev_error(jl, SIZE_MAX) == prev);
	for (i = n, next = SIZE_MAX; i-- > 0;) {
		CHECK(joblog_next_error(jl, i) == next);
		if (joblog_kind(jl, i) == JOBLOG_ERROR)
			next = i;
	}
	/* Since 1970: the first error, unless it is stamped before. */
	e = joblog_first_error_since(jl, 0);
	CHECK((e == SIZE_MAX) == (next == SIZE_MAX));
	CHECK(e == next || (joblog_kind(jl, e) == JOBLOG_ERROR &&
	    joblog_time(jl, next) < 0));
}

/* Per-line oracle: hit[i] when pattern k matches line i's text alone, as
 * joblog.h defines it (the body without escape sequences). Returns the
 * count. */
static size_t
oracle(const struct joblog *jl, size_t k, unsigned char *hit, size_t n)
{
	size_t i, len, hits = 0;
	const char *p;
	char *copy;

	for (i = 0; i < n; i++) {
		p = joblog_body(jl, i, &len);
		CHECK((copy = calloc(1, len + PAD)) != NULL);
		len = joblog_strip_escapes(copy, p, len);
		hit[i] = rx_exec(fuzz_rx[k], fuzz_m[k], copy, len, 0, NULL,
		    NULL) == 1;
		hits += hit[i];
		free(copy);
	}
	return hits;
}

static size_t
count_all(const struct joblog *jl, size_t k, size_t budget)
{
	struct joblog_count c;
	enum joblog_search_rc rc;

	joblog_count_init(&c, 0, SIZE_MAX);
	while ((rc = joblog_count(jl, fuzz_rx[k], fuzz_m[k], &c, budget)) ==
	    JOBLOG_MORE)
		;
	CHECK(rc == JOBLOG_NONE);
	return c.matches;
}

/* Visits matches in slices of budget bytes, in direction dir: exactly the
 * oracle's lines, in order. Returns how many it visited. */
static size_t
walk(const struct joblog *jl, size_t k, int dir, size_t budget,
    const unsigned char *hit, size_t n)
{
	size_t from = dir > 0 ? 0 : SIZE_MAX, line, seen = 0;
	size_t want = dir > 0 ? 0 : n - 1;	/* next oracle line to see */
	enum joblog_search_rc rc;

	for (;;) {
		rc = joblog_search(jl, fuzz_rx[k], fuzz_m[k], from, dir,
		    budget, &line);
		CHECK(rc != JOBLOG_FAILED);
		if (rc == JOBLOG_NONE)
			break;
		CHECK(line < n);
		if (rc == JOBLOG_MORE) {
			CHECK(dir > 0 ? line > from : line < from);
			from = line;
			continue;
		}
		while (want < n && !hit[want])
			want += (size_t)dir;	/* wraps below 0 to > n */
		CHECK(want == line);
		seen++;
		if ((want = line + (size_t)dir) >= n)
			break;
		from = want;
	}
	while (want < n && !hit[want])
		want += (size_t)dir;
	CHECK(want >= n);	/* nothing left unseen */
	return seen;
}

static void
check_search(const struct joblog *jl, size_t budget)
{
	size_t n = joblog_lines(jl), k, want;
	unsigned char *hit;

	if (n == 0 || n > MAX_LINES)
		return;
	CHECK((hit = calloc(n, 1)) != NULL);
	for (k = 0; k < NPATTERNS; k++) {
		want = oracle(jl, k, hit, n);
		CHECK(count_all(jl, k, SIZE_MAX) == want);
		CHECK(count_all(jl, k, budget) == want);
		CHECK(walk(jl, k, 1, budget, hit, n) == want);
		CHECK(walk(jl, k, -1, budget, hit, n) == want);
	}
	free(hit);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char knob = size > 0 ? data[0] : 0;
	size_t budget = 1 + (size_t)(knob & 0x3f) * 7, i;
	struct joblog *jl;
	char *copy;

	fuzz_init();
	/* The log owns a padded copy, as a download buffer would be. */
	if ((copy = calloc(1, size + PAD)) == NULL)
		return 0;
	memcpy(copy, data, size);
	if ((jl = joblog_new(copy, size, NULL, NULL)) == NULL) {
		free(copy);
		return 0;
	}
	check_lines(jl, data, size);
	for (i = 0; i < joblog_lines(jl) && i < MAX_LINES; i++) {
		check_render(jl, i, fuzz_mask, (knob & 0x40) != 0);
		check_render(jl, i, NULL, (knob & 0x80) != 0);
	}
	check_search(jl, budget);
	joblog_free(&jl);
	free(copy);
	return 0;
}
