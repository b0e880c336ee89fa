/* joblog: indexing and navigation of a job log (rendering is in
 * joblog_render.c, search in joblog_search.c).
 *
 * Allocation here stays fallible (plain malloc/realloc, not xalloc): the
 * index grows with the log (up to max-log-bytes), and running out leaves
 * the log shown without an index rather than aborting the console. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/clock.h"
#include "opsdeck/joblog.h"
#include "opsdeck/rx.h"
#include "joblog_int.h"

static const struct {
	const char		*name;
	size_t			 len;
	enum joblog_kind	 kind;
} joblog_markers[] = {
	{ "##[group]", 9, JOBLOG_GROUP },
	{ "##[endgroup]", 12, JOBLOG_ENDGROUP },
	{ "##[error]", 9, JOBLOG_ERROR },
	{ "##[warning]", 11, JOBLOG_WARNING },
	{ "##[notice]", 10, JOBLOG_NOTICE },
	{ "##[debug]", 9, JOBLOG_DEBUG },
	{ "##[command]", 11, JOBLOG_COMMAND },
	{ "##[section]", 11, JOBLOG_SECTION },
};

#define JOBLOG_NMARKERS	(sizeof joblog_markers / sizeof joblog_markers[0])


static int
joblog_digits(const char *p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int
joblog_days(int year, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 2 && leap ? 29 : days[mon - 1];
}

/* Length of the zone at p ("Z" or "+hh:mm"), 0 if none. */
static size_t
joblog_zone_len(const char *p, size_t n)
{
	if (n >= 1 && (p[0] == 'Z' || p[0] == 'z'))
		return 1;
	if (n >= 6 && (p[0] == '+' || p[0] == '-') && p[3] == ':' &&
	    joblog_digits(p + 1, 2) >= 0 && joblog_digits(p + 1, 2) <= 23 &&
	    joblog_digits(p + 4, 2) >= 0 && joblog_digits(p + 4, 2) <= 59)
		return 6;
	return 0;
}

/*
 * Length of a leading timestamp and the space after it, 0 if the line has
 * none. The check is the one clock_parse_rfc3339 makes (field ranges, days
 * of the month) without its timegm(), which would cost more than the rest
 * of the index on a log of short lines; joblog_time() parses for real.
 */
static size_t
joblog_stamp_len(const char *p, size_t n)
{
	int y, mo, d, h, mi, s;
	size_t i = 19, z, f;

	if (n < 20 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' &&
	    p[10] != 't') || p[13] != ':' || p[16] != ':')
		return 0;
	y = joblog_digits(p, 4);
	mo = joblog_digits(p + 5, 2);
	d = joblog_digits(p + 8, 2);
	h = joblog_digits(p + 11, 2);
	mi = joblog_digits(p + 14, 2);
	s = joblog_digits(p + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > joblog_days(y, mo) ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
		return 0;
	if (p[i] == '.') {
		for (f = 0; i + 1 + f < n && f <= JOBLOG_FRACTION_MAX &&
		    p[i + 1 + f] >= '0' && p[i + 1 + f] <= '9'; f++)
			;
		if (f == 0 || f > JOBLOG_FRACTION_MAX)
			return 0;
		i += 1 + f;
	}
	if ((z = joblog_zone_len(p + i, n - i)) == 0)
		return 0;
	i += z;
	if (i < n && p[i] != ' ')
		return 0;
	return i < n ? i + 1 : i;
}

static enum joblog_kind
joblog_marker(const char *p, size_t n, size_t *mlen)
{
	size_t i;

	*mlen = 0;
	if (n < 3 || p[0] != '#' || p[1] != '#' || p[2] != '[')
		return JOBLOG_PLAIN;
	for (i = 0; i < JOBLOG_NMARKERS; i++) {
		if (n >= joblog_markers[i].len && memcmp(p,
		    joblog_markers[i].name, joblog_markers[i].len) == 0) {
			*mlen = joblog_markers[i].len;
			return joblog_markers[i].kind;
		}
	}
	return JOBLOG_PLAIN;
}

static const char *
joblog_skip_blanks(const char *p, size_t *n)
{
	while (*n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		(*n)--;
	}
	return p;
}

static int
joblog_has(const char *p, size_t n, const char *what)
{
	return memmem(p, n, what, strlen(what)) != NULL;
}

/* Kind and flags of a line (without LF and CR); *skip is the length of
 * its timestamp and marker, at most 39 + 12. */
static unsigned char
joblog_classify(const char *p, size_t n, unsigned char *skip)
{
	size_t st = joblog_stamp_len(p, n), mlen;
	unsigned char f;

	p += st;
	n -= st;
	f = (unsigned char)joblog_marker(p, n, &mlen);
	*skip = (unsigned char)(st + mlen);
	n -= mlen;
	p = joblog_skip_blanks(p + mlen, &n);
	if (n >= 11 && memcmp(p, "-----BEGIN ", 11) == 0 &&
	    joblog_has(p, n, "PRIVATE KEY-----"))
		f |= JOBLOG_F_PEM_BEGIN;
	return f;
}

static void
joblog_set_off(struct joblog *jl, size_t i, size_t off)
{
	if (jl->off32 != NULL)
		jl->off32[i] = (uint32_t)off;
	else
		jl->off64[i] = off;
}

/* Room for need line entries (a start, flags, skip, depth each). The first
 * guess, a line per 64 bytes, fits most logs without growing. */
static int
joblog_reserve(struct joblog *jl, size_t need)
{
	size_t cap = jl->cap > 0 ? jl->cap : jl->len / 64 + 1024;
	void *p;

	if (need <= jl->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	/* Doubling past the cap would cost up to twice the bound. */
	if (cap > jl->cap_max)
		cap = jl->cap_max;
	if (cap < need)
		return -1;
	if (jl->len <= UINT32_MAX) {
		if ((p = realloc(jl->off32, cap * sizeof *jl->off32)) == NULL)
			return -1;
		jl->off32 = p;
	} else {
		if ((p = realloc(jl->off64, cap * sizeof *jl->off64)) == NULL)
			return -1;
		jl->off64 = p;
	}
	if ((p = realloc(jl->flags, cap)) == NULL)
		return -1;
	jl->flags = p;
	if ((p = realloc(jl->skip, cap)) == NULL)
		return -1;
	jl->skip = p;
	if ((p = realloc(jl->depth, cap)) == NULL)
		return -1;
	jl->depth = p;
	jl->cap = cap;
	return 0;
}

/* How often indexing looks at the stop flag: 64Ki lines take well under a
 * millisecond. */
#define JOBLOG_STOP_EVERY	65536

/* Line starts, kinds and depths in one memchr pass; the errors counted in
 * *nerrors. At most max_lines lines; -1 on out of memory or a stop. */
static int
joblog_index(struct joblog *jl, size_t max_lines, const volatile int *stop,
    size_t *nerrors)
{
	const char *d = jl->data, *nl;
	size_t i, pos = 0, n, depth = 0;
	enum joblog_kind k;

	*nerrors = 0;
	for (i = 0; pos < jl->len; i++) {
		if (i == max_lines) {
			jl->cut_at = pos;
			break;
		}
		if (stop != NULL && i % JOBLOG_STOP_EVERY == 0 &&
		    __atomic_load_n(stop, __ATOMIC_RELAXED) != 0)
			return -1;
		if (joblog_reserve(jl, i + 2) != 0)
			return -1;
		joblog_set_off(jl, i, pos);
		nl = memchr(d + pos, '\n', jl->len - pos);
		n = nl != NULL ? (size_t)(nl - (d + pos)) : jl->len - pos;
		jl->flags[i] = joblog_classify(d + pos, joblog_chomp(d + pos,
		    n), &jl->skip[i]);
		k = (enum joblog_kind)(jl->flags[i] & JOBLOG_F_KIND);
		if (k == JOBLOG_ENDGROUP && depth > 0)
			depth--;
		jl->depth[i] = (unsigned char)(depth < JOBLOG_DEPTH_MAX ?
		    depth : JOBLOG_DEPTH_MAX);
		if (k == JOBLOG_GROUP)
			depth++;
		if (k == JOBLOG_ERROR)
			(*nerrors)++;
		pos += n + (nl != NULL);
	}
	if (joblog_reserve(jl, i + 1) != 0)
		return -1;
	jl->nlines = i;
	joblog_set_off(jl, i, jl->cut_at != 0 ? jl->cut_at : jl->len);
	return 0;
}

/* Whether a line can be inside a PEM block: base64, blanks, headers. */
static int
joblog_pem_body(const char *p, size_t n)
{
	size_t i;

	p = joblog_skip_blanks(p, &n);
	if ((n >= 10 && memcmp(p, "Proc-Type:", 10) == 0) ||
	    (n >= 9 && memcmp(p, "DEK-Info:", 9) == 0))
		return 1;
	for (i = 0; i < n; i++) {
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' &&
		    p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '+' || p[i] == '/' || p[i] == '=' || p[i] == ' ' ||
		    p[i] == '\t'))
			return 0;
	}
	return 1;
}

/*
 * A private key printed by `cat key.pem` spans lines that no pattern can
 * recognise alone, so the block is found here: from a BEGIN line (whose
 * END is not on the same line; that case is the pattern's) through the END
 * line, or through the last line that still looks like base64.
 */
static void
joblog_mark_keys(struct joblog *jl)
{
	const char *p;
	size_t i, j, n;

	for (i = 0; i < jl->nlines; i++) {
		if (!(jl->flags[i] & JOBLOG_F_PEM_BEGIN))
			continue;
		p = joblog_body(jl, i, &n);
		if (joblog_has(p, n, "-----END"))
			continue;
		jl->flags[i] |= JOBLOG_F_KEY_BLOCK;
		for (j = i + 1; j < jl->nlines; j++) {
			p = joblog_body(jl, j, &n);
			if (joblog_has(p, n, "-----END")) {
				jl->flags[j] |= JOBLOG_F_KEY_BLOCK;
				break;
			}
			if (!joblog_pem_body(p, n))
				break;
			jl->flags[j] |= JOBLOG_F_KEY_BLOCK;
		}
		i = j - 1;
	}
}

static int
joblog_index_errors(struct joblog *jl, size_t nerrors)
{
	size_t i, e = 0;

	if (nerrors == 0)
		return 0;
	jl->errors = calloc(nerrors, sizeof *jl->errors);
	jl->error_times = calloc(nerrors, sizeof *jl->error_times);
	if (jl->errors == NULL || jl->error_times == NULL)
		return -1;
	for (i = 0; i < jl->nlines; i++) {
		if ((jl->flags[i] & JOBLOG_F_KIND) != JOBLOG_ERROR)
			continue;
		jl->errors[e] = i;
		jl->error_times[e++] = joblog_time(jl, i);
	}
	jl->nerrors = e;
	return 0;
}

struct joblog *
joblog_new(const char *data, size_t len,
    void (*release)(const char *, size_t, void *), void *arg)
{
	return joblog_new_limited(data, len, release, arg, NULL);
}

struct joblog *
joblog_new_limited(const char *data, size_t len,
    void (*release)(const char *, size_t, void *), void *arg,
    const struct joblog_limits *lim)
{
	struct joblog *jl;
	size_t nerrors, max_lines = JOBLOG_MAX_LINES;
	const volatile int *stop = NULL;

	if ((jl = calloc(1, sizeof *jl)) == NULL) {
		if (release != NULL)
			release(data, len, arg);
		return NULL;
	}
	jl->data = data;
	jl->len = data != NULL ? len : 0;
	jl->release = release;
	jl->arg = arg;
	if (lim != NULL) {
		if (lim->max_lines > 0)
			max_lines = lim->max_lines;
		stop = lim->stop;
	}
	if (max_lines > SIZE_MAX / 8)
		max_lines = SIZE_MAX / 8;
	jl->cap_max = max_lines + 1;
	if (joblog_index(jl, max_lines, stop, &nerrors) != 0 ||
	    joblog_index_errors(jl, nerrors) != 0)
		goto fail;
	joblog_mark_keys(jl);
	return jl;
fail:
	joblog_free(&jl);
	return NULL;
}

void
joblog_free(struct joblog **jlp)
{
	struct joblog *jl;

	if (jlp == NULL || (jl = *jlp) == NULL)
		return;
	if (jl->release != NULL)
		jl->release(jl->data, jl->len, jl->arg);
	free(jl->off32);
	free(jl->off64);
	free(jl->flags);
	free(jl->skip);
	free(jl->depth);
	free(jl->errors);
	free(jl->error_times);
	free(jl);
	*jlp = NULL;
}

int
joblog_cut(const struct joblog *jl, size_t *at)
{
	if (at != NULL)
		*at = jl != NULL ? jl->cut_at : 0;
	return jl != NULL && jl->cut_at != 0;
}

char *
joblog_cut_note(const struct joblog *jl, char *dst, size_t size)
{
	size_t at;

	if (size == 0)
		return dst;
	dst[0] = '\0';
	if (joblog_cut(jl, &at))
		snprintf(dst, size, "cut after line %zu (byte %zu of %zu): "
		    "line limit", jl->nlines, at, jl->len);
	return dst;
}

size_t
joblog_lines(const struct joblog *jl)
{
	return jl != NULL ? jl->nlines : 0;
}

enum joblog_kind
joblog_kind(const struct joblog *jl, size_t line)
{
	if (jl == NULL || line >= jl->nlines)
		return JOBLOG_PLAIN;
	return (enum joblog_kind)(jl->flags[line] & JOBLOG_F_KIND);
}

int
joblog_depth(const struct joblog *jl, size_t line)
{
	if (jl == NULL || line >= jl->nlines)
		return 0;
	return jl->depth[line];
}

int
joblog_in_key_block(const struct joblog *jl, size_t line)
{
	if (jl == NULL || line >= jl->nlines)
		return 0;
	return (jl->flags[line] & JOBLOG_F_KEY_BLOCK) != 0;
}

const char *
joblog_raw(const struct joblog *jl, size_t line, size_t *len)
{
	size_t s;

	*len = 0;
	if (jl == NULL || line >= jl->nlines)
		return NULL;
	s = joblog_off(jl, line);
	*len = joblog_chomp(jl->data + s, joblog_lf(jl, line) - s);
	return jl->data + s;
}

const char *
joblog_body(const struct joblog *jl, size_t line, size_t *len)
{
	const char *p;

	if ((p = joblog_raw(jl, line, len)) == NULL)
		return NULL;
	*len -= jl->skip[line];
	return p + jl->skip[line];
}

time_t
joblog_time(const struct joblog *jl, size_t line)
{
	char stamp[64];
	const char *p;
	size_t n, st;
	time_t t;

	if ((p = joblog_raw(jl, line, &n)) == NULL ||
	    (st = joblog_stamp_len(p, n)) == 0)
		return 0;
	if (p[st - 1] == ' ')
		st--;
	memcpy(stamp, p, st);	/* st <= 19 + 1 + 12 + 6 */
	stamp[st] = '\0';
	if (clock_parse_rfc3339(stamp, &t) != 0)
		return 0;
	return t;
}

/* Index of the first error line > from. */
static size_t
joblog_error_after(const struct joblog *jl, size_t from)
{
	size_t lo = 0, hi = jl->nerrors, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (jl->errors[mid] <= from)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
joblog_next_error(const struct joblog *jl, size_t from)
{
	size_t i;

	if (jl == NULL || from == SIZE_MAX)
		return SIZE_MAX;
	i = joblog_error_after(jl, from);
	return i < jl->nerrors ? jl->errors[i] : SIZE_MAX;
}

size_t
joblog_prev_error(const struct joblog *jl, size_t from)
{
	size_t i;

	if (jl == NULL || from == 0)
		return SIZE_MAX;
	i = joblog_error_after(jl, from - 1);	/* first error >= from */
	return i > 0 ? jl->errors[i - 1] : SIZE_MAX;
}

size_t
joblog_first_error_since(const struct joblog *jl, time_t t)
{
	size_t i;

	if (jl == NULL || jl->nerrors == 0)
		return SIZE_MAX;
	for (i = 0; i < jl->nerrors; i++) {
		if (jl->error_times[i] >= t)
			return jl->errors[i];
	}
	return jl->errors[0];
}
