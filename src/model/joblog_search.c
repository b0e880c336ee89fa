/* joblog_search: finding lines in a job log by what they show, in
 * bounded slices (the viewer's search and match count). A slice's copy is
 * sized by the log, so it stays fallible (malloc, not xalloc). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/joblog.h"
#include "opsdeck/rx.h"
#include "joblog_int.h"

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
