/* joblog: indexing, navigation and search of a job log (rendering is in
 * joblog_render.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/clock.h"
#include "opsdeck/joblog.h"
#include "opsdeck/rx.h"

/* Per line, one byte: the kind in the low bits, then flags. */
#define JOBLOG_F_KIND		0x0f
#define JOBLOG_F_PEM_BEGIN	0x10	/* "-----BEGIN ... PRIVATE KEY-----" */
#define JOBLOG_F_KEY_BLOCK	0x20

/* Longest fraction of a second taken in a timestamp (GitHub sends 7). */
#define JOBLOG_FRACTION_MAX	12

#define JOBLOG_ESC		0x1b
/* Zero bytes after the text a search runs over: PCRE2's JIT reads
 * subjects in SIMD blocks that may run past their end (never past a page);
 * this keeps those bytes ours and defined, and memory checkers quiet. */
#define JOBLOG_PAD		64

struct joblog {
	const char	*data;
	size_t		 len;
	void		(*release)(const char *, size_t, void *);
	void		*arg;
	size_t		 nlines;
	size_t		 cap;		/* entries allocated */
	/* nlines + 1 line starts, the last one len: 4 bytes a line when the
	 * log is under 4 GiB, which a 100 MB log of short lines needs. */
	uint32_t	*off32;
	size_t		*off64;
	unsigned char	*flags;
	unsigned char	*skip;		/* timestamp and marker bytes (< 64) */
	unsigned char	*depth;		/* saturates at JOBLOG_DEPTH_MAX */
	size_t		*errors;	/* lines of kind ERROR, ascending */
	time_t		*error_times;	/* their timestamps, 0 if none */
	size_t		 nerrors;
};

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

static size_t
joblog_off(const struct joblog *jl, size_t i)
{
	return jl->off32 != NULL ? jl->off32[i] : jl->off64[i];
}

/* Where line i ends: its LF, or len for a last line without one. */
static size_t
joblog_lf(const struct joblog *jl, size_t i)
{
	size_t e = joblog_off(jl, i + 1);

	if (e > joblog_off(jl, i) && jl->data[e - 1] == '\n')
		e--;
	return e;
}

/* Length of a line without a CR at its end. */
static size_t
joblog_chomp(const char *p, size_t n)
{
	return n > 0 && p[n - 1] == '\r' ? n - 1 : n;
}

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

/* Line starts, kinds and depths in one memchr pass; the errors counted in
 * *nerrors. */
static int
joblog_index(struct joblog *jl, size_t *nerrors)
{
	const char *d = jl->data, *nl;
	size_t i, pos = 0, n, depth = 0;
	enum joblog_kind k;

	*nerrors = 0;
	for (i = 0; pos < jl->len; i++) {
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
	joblog_set_off(jl, i, jl->len);
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
	struct joblog *jl;
	size_t nerrors;

	if ((jl = calloc(1, sizeof *jl)) == NULL) {
		if (release != NULL)
			release(data, len, arg);
		return NULL;
	}
	jl->data = data;
	jl->len = data != NULL ? len : 0;
	jl->release = release;
	jl->arg = arg;
	if (joblog_index(jl, &nerrors) != 0 ||
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

/* The line holding byte pos (its LF, or the end of a last line without
 * one, included), searching from line lo; nlines if none. */
static size_t
joblog_line_at(const struct joblog *jl, size_t pos, size_t lo)
{
	size_t hi = jl->nlines, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (joblog_off(jl, mid) <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || pos > joblog_lf(jl, lo - 1))
		return jl->nlines;
	return lo - 1;
}

/* End (exclusive) of a forward slice from line: the lines that start
 * before off(line) + budget, at least one, at most up to end. */
static size_t
joblog_slice_fwd(const struct joblog *jl, size_t line, size_t end,
    size_t budget)
{
	size_t start = joblog_off(jl, line), target, lo = line + 1, hi = end;
	size_t mid;

	if (budget == 0)
		budget = 1;
	if (budget >= jl->len - start)
		return end;
	target = start + budget;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (joblog_off(jl, mid) < target)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First line of a backward slice ending with line last. */
static size_t
joblog_slice_back(const struct joblog *jl, size_t last, size_t budget)
{
	size_t end = joblog_off(jl, last + 1), a;

	if (budget == 0)
		budget = 1;
	if (budget >= end)
		return 0;
	a = joblog_line_at(jl, end - budget, 0);
	return a < last ? a : last;
}

/*
 * The text search matches for lines [first, first + n) (joblog.h): their
 * bodies without escape sequences, each followed by a LF, so one JIT run
 * covers them all with ^ and $ per line. Built per call: the model is
 * shared by threads and stays read-only.
 */
struct joblog_slice {
	char	*text;		/* len bytes, then JOBLOG_PAD zero bytes */
	size_t	 len;
	size_t	*at;		/* n + 1 starts of the texts, the last len */
	size_t	 n;
};

static void
joblog_slice_done(struct joblog_slice *s)
{
	free(s->text);
	free(s->at);
}

/* The texts of lines [line, stop) into s. A slice without an ESC byte (one
 * memchr over its raw bytes) is copied body by body; the others go through
 * the escape scanner of rendering. */
static int
joblog_slice_fill(const struct joblog *jl, struct joblog_slice *s,
    size_t line, size_t stop)
{
	size_t pos = joblog_off(jl, line), end = joblog_off(jl, stop), i, e, n;
	const char *p, *d = jl->data;
	int esc;

	memset(s, 0, sizeof *s);
	s->n = stop - line;
	/* A body is no longer than its line; a last line without a LF gains
	 * one. */
	if ((s->text = malloc(end - pos + 1 + JOBLOG_PAD)) == NULL ||
	    (s->at = malloc((s->n + 1) * sizeof *s->at)) == NULL)
		return -1;
	esc = memchr(d + pos, JOBLOG_ESC, end - pos) != NULL;
	for (i = 0; i < s->n; i++, pos = e) {
		s->at[i] = s->len;
		e = joblog_off(jl, line + i + 1);
		n = e > pos && d[e - 1] == '\n' ? e - pos - 1 : e - pos;
		n = joblog_chomp(d + pos, n) - jl->skip[line + i];
		p = d + pos + jl->skip[line + i];
		if (esc)
			s->len += joblog_strip_escapes(s->text + s->len, p, n);
		else {
			memcpy(s->text + s->len, p, n);
			s->len += n;
		}
		s->text[s->len++] = '\n';
	}
	s->at[s->n] = s->len;
	memset(s->text + s->len, 0, JOBLOG_PAD);
	return 0;
}

/* The text of s holding byte pos (its LF included), from text lo on; s->n
 * when pos is the end of s (an empty match after the last LF). */
static size_t
joblog_slice_at(const struct joblog_slice *s, size_t pos, size_t lo)
{
	size_t hi = s->n + 1, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->at[mid] <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/*
 * The first matching text of s from text i on: 1 (*found set, an index in
 * s), 0 none, -1 the pattern failed. One JIT run covers the rest of the
 * slice; only a match that runs past its text's LF costs a second run, on
 * that text alone.
 */
static int
joblog_scan(const struct joblog_slice *s, const struct rx *rx,
    struct rx_match *m, size_t i, size_t *found)
{
	size_t so, eo, k, lf;
	int rc;

	while (i < s->n) {
		if ((rc = rx_exec(rx, m, s->text, s->len, s->at[i], &so,
		    &eo)) <= 0)
			return rc;
		if ((k = joblog_slice_at(s, so, i)) >= s->n)
			return 0;
		lf = s->at[k + 1] - 1;
		if (eo > lf && (rc = rx_exec(rx, m, s->text, lf, s->at[k],
		    NULL, NULL)) < 0)
			return -1;
		if (rc == 1) {
			*found = k;
			return 1;
		}
		i = k + 1;
	}
	return 0;
}

static enum joblog_search_rc
joblog_search_fwd(const struct joblog *jl, const struct rx *rx,
    struct rx_match *m, size_t from, size_t budget, size_t *line)
{
	struct joblog_slice s;
	enum joblog_search_rc rc = JOBLOG_FAILED;
	size_t stop, found;
	int r;

	if (from >= jl->nlines)
		return JOBLOG_NONE;
	stop = joblog_slice_fwd(jl, from, jl->nlines, budget);
	if (joblog_slice_fill(jl, &s, from, stop) != 0 ||
	    (r = joblog_scan(&s, rx, m, 0, &found)) < 0)
		goto out;
	if (r == 1) {
		*line = from + found;
		rc = JOBLOG_FOUND;
	} else if (stop >= jl->nlines)
		rc = JOBLOG_NONE;
	else {
		*line = stop;
		rc = JOBLOG_MORE;
	}
out:
	joblog_slice_done(&s);
	return rc;
}

/* Backward: the slice is scanned forward and its last match wins. */
static enum joblog_search_rc
joblog_search_back(const struct joblog *jl, const struct rx *rx,
    struct rx_match *m, size_t from, size_t budget, size_t *line)
{
	struct joblog_slice s;
	enum joblog_search_rc rc = JOBLOG_FAILED;
	size_t a, i, found, last = SIZE_MAX;
	int r;

	if (jl->nlines == 0)
		return JOBLOG_NONE;
	if (from >= jl->nlines)
		from = jl->nlines - 1;
	a = joblog_slice_back(jl, from, budget);
	if (joblog_slice_fill(jl, &s, a, from + 1) != 0)
		goto out;
	for (i = 0; i < s.n; i = found + 1) {
		if ((r = joblog_scan(&s, rx, m, i, &found)) < 0)
			goto out;
		if (r == 0)
			break;
		last = found;
	}
	if (last != SIZE_MAX) {
		*line = a + last;
		rc = JOBLOG_FOUND;
	} else if (a == 0)
		rc = JOBLOG_NONE;
	else {
		*line = a - 1;
		rc = JOBLOG_MORE;
	}
out:
	joblog_slice_done(&s);
	return rc;
}

enum joblog_search_rc
joblog_search(const struct joblog *jl, const struct rx *rx,
    struct rx_match *m, size_t from, int dir, size_t budget, size_t *line)
{
	if (jl == NULL || rx == NULL || m == NULL || line == NULL)
		return JOBLOG_FAILED;
	if (dir == 1)
		return joblog_search_fwd(jl, rx, m, from, budget, line);
	if (dir == -1)
		return joblog_search_back(jl, rx, m, from, budget, line);
	return JOBLOG_FAILED;
}

void
joblog_count_init(struct joblog_count *c, size_t from, size_t end)
{
	c->line = from;
	c->end = end;
	c->matches = 0;
}

enum joblog_search_rc
joblog_count(const struct joblog *jl, const struct rx *rx,
    struct rx_match *m, struct joblog_count *c, size_t budget)
{
	struct joblog_slice s;
	enum joblog_search_rc rc = JOBLOG_FAILED;
	size_t first, stop, found;
	int r;

	if (jl == NULL || rx == NULL || m == NULL || c == NULL)
		return JOBLOG_FAILED;
	if (c->end > jl->nlines)
		c->end = jl->nlines;
	if (c->line >= c->end)
		return JOBLOG_NONE;
	first = c->line;
	stop = joblog_slice_fwd(jl, first, c->end, budget);
	if (joblog_slice_fill(jl, &s, first, stop) != 0)
		goto out;
	/* c stays resumable when the pattern fails half way. */
	while (c->line < stop) {
		if ((r = joblog_scan(&s, rx, m, c->line - first, &found)) < 0)
			goto out;
		if (r == 0)
			break;
		c->matches++;
		c->line = first + found + 1;
	}
	c->line = stop;
	rc = c->line >= c->end ? JOBLOG_NONE : JOBLOG_MORE;
out:
	joblog_slice_done(&s);
	return rc;
}
