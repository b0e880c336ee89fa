/* joblog_render: one job log line as display text with colour spans.
 *
 * Three passes over the line's body, each over the previous one's output:
 * escape sequences out (SGR kept as attribute runs) and invalid UTF-8
 * replaced, secrets masked, then each run sanitised on its own so every
 * span maps to its bytes exactly. An escape sequence inside a UTF-8
 * character ("\xc3\e[1m\xa9") leaves two U+FFFD: that is what the bytes
 * are.
 *
 * Buffers sized by a line (joblog_grow, the secrets copy, the text buf)
 * stay fallible: one log line can be the whole 256 MiB log, and failing
 * to render it is an error shown, not a reason to abort. Fixed-size
 * structs and the secret patterns use xalloc. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/buf.h"
#include "opsdeck/joblog.h"
#include "opsdeck/rx.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"

#define JOBLOG_ESC	0x1b
#define JOBLOG_BEL	0x07
#define JOBLOG_SGR_MAX	32	/* parameters looked at in one SGR */
#define JOBLOG_MASKED	"***"
#define JOBLOG_PAD	64	/* spare bytes after a subject, see below */

const char *const joblog_default_secrets[] = {
	/* GitHub tokens: personal, OAuth, user-to-server, server-to-server,
	 * refresh; then fine-grained personal access tokens. */
	"gh[pousr]_[A-Za-z0-9]{36,}",
	"github_pat_[A-Za-z0-9_]{22,}",
	/* AWS access key ids, long-term and temporary. */
	"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])",
	/* An AWS secret key has no shape of its own: its name gives it. */
	"(?i)aws_?secret_?access_?key[\"']?\\s*[:=]\\s*[\"']?\\K"
	    "[A-Za-z0-9/+=]{16,}",
	"AIza[0-9A-Za-z_-]{35}",
	"xox[abprs]-[0-9A-Za-z-]{10,}",
	/* A key on one line (JSON, "\n" escapes); a key over several lines
	 * is a key block (joblog_in_key_block). */
	"-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----"
	    "(?:.*?-----END[A-Z0-9 ]*PRIVATE KEY-----|.*)",
	/* The value ends at a blank or a quote only: a control character
	 * in it is shown, so it is masked with it. */
	"(?i)\\bauthorization\\s*:\\s*(?:bearer|token|basic)\\s+\\K"
	    "[^ \\t\"']+",
	NULL
};

struct joblog_mask {
	size_t		  n;
	struct rx	**rx;
	struct rx_match	**m;
};

struct joblog_attr {
	short		fg;
	short		bg;
	unsigned char	bold;
	unsigned char	underline;
};

static const struct joblog_attr joblog_plain_attr = { -1, -1, 0, 0 };

/* Text with attribute runs: a run lasts until the next one starts. */
struct joblog_run {
	size_t			off;
	struct joblog_attr	a;
};

struct joblog_styled {
	struct buf		 text;
	struct joblog_run	*runs;
	size_t			 nruns;
	size_t			 cap;
};

struct joblog_range {
	size_t	so;
	size_t	eo;
};

/* Room for need elements of size in p (of *cap): the array to use,
 * possibly moved, or NULL (p still valid) when out of memory. */
static void *
joblog_grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap > 0 ? *cap : 8;

	if (need <= *cap)
		return p;
	while (ncap < need && ncap < SIZE_MAX / 2 / size)
		ncap *= 2;
	if (ncap < need)
		return NULL;
	if ((p = realloc(p, ncap * size)) != NULL)
		*cap = ncap;
	return p;
}

static int
joblog_attr_eq(const struct joblog_attr *a, const struct joblog_attr *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->bold == b->bold &&
	    a->underline == b->underline;
}

static void
joblog_styled_init(struct joblog_styled *s)
{
	memset(s, 0, sizeof *s);
	buf_init(&s->text, 0);
}

static void
joblog_styled_done(struct joblog_styled *s)
{
	buf_done(&s->text);
	free(s->runs);
}

/* From the current end of the text on, attributes are a. */
static int
joblog_styled_attr(struct joblog_styled *s, const struct joblog_attr *a)
{
	struct joblog_run *r = s->nruns > 0 ? &s->runs[s->nruns - 1] : NULL;

	if (r != NULL && joblog_attr_eq(&r->a, a))
		return 0;
	if (r != NULL && r->off == s->text.len) {
		/* Nothing was written in the last attributes: replace. */
		if (s->nruns > 1 && joblog_attr_eq(&r[-1].a, a))
			s->nruns--;
		else
			r->a = *a;
		return 0;
	}
	if ((r = joblog_grow(s->runs, &s->cap, s->nruns + 1,
	    sizeof *s->runs)) == NULL)
		return -1;
	s->runs = r;
	s->runs[s->nruns].off = s->text.len;
	s->runs[s->nruns++].a = *a;
	return 0;
}

static int
joblog_styled_put(struct joblog_styled *s, const char *p, size_t n,
    const struct joblog_attr *a)
{
	if (joblog_styled_attr(s, a) != 0)
		return -1;
	return n > 0 ? buf_append(&s->text, p, n) : 0;
}

static short
joblog_cube(int x)
{
	return (short)(x < 48 ? 0 : x < 115 ? 1 : (x - 35) / 40);
}

/* True colour to the nearest of xterm's 256: grey ramp or 6x6x6 cube. */
static short
joblog_rgb256(int r, int g, int b)
{
	r = r > 255 ? 255 : r;
	g = g > 255 ? 255 : g;
	b = b > 255 ? 255 : b;
	if (r == g && g == b) {
		if (r < 8)
			return 16;
		return (short)(r > 238 ? 231 : 232 + (r - 8) / 10);
	}
	return (short)(16 + 36 * joblog_cube(r) + 6 * joblog_cube(g) +
	    joblog_cube(b));
}

static void
joblog_sgr_one(int v, struct joblog_attr *a)
{
	if (v == 0)
		*a = joblog_plain_attr;
	else if (v == 1 || v == 22)
		a->bold = v == 1;
	else if (v == 4 || v == 24)
		a->underline = v == 4;
	else if (v >= 30 && v <= 37)
		a->fg = (short)(v - 30);
	else if (v == 39)
		a->fg = -1;
	else if (v >= 40 && v <= 47)
		a->bg = (short)(v - 40);
	else if (v == 49)
		a->bg = -1;
	else if (v >= 90 && v <= 97)
		a->fg = (short)(v - 90 + 8);
	else if (v >= 100 && v <= 107)
		a->bg = (short)(v - 100 + 8);
}

/* "38;5;n" / "38;2;r;g;b" (48 for the background); returns the values
 * used, so malformed forms eat only what they hold. */
static size_t
joblog_sgr_extended(const int *v, size_t n, struct joblog_attr *a)
{
	short *slot = v[0] == 38 ? &a->fg : &a->bg;

	if (n >= 2 && v[1] == 5) {
		if (n >= 3 && v[2] <= 255)
			*slot = (short)v[2];
		return n >= 3 ? 3 : 2;
	}
	if (n >= 2 && v[1] == 2) {
		if (n >= 5)
			*slot = joblog_rgb256(v[2], v[3], v[4]);
		return n >= 5 ? 5 : n;
	}
	return 1;
}

/* A colon group: "38:5:n", "38:2:r:g:b", "38:2:cs:r:g:b", "4:3". */
static void
joblog_sgr_colon(const int *v, size_t n, struct joblog_attr *a)
{
	if ((v[0] == 38 || v[0] == 48) && n == 6 && v[1] == 2)
		*(v[0] == 38 ? &a->fg : &a->bg) = joblog_rgb256(v[3], v[4],
		    v[5]);
	else if (v[0] == 38 || v[0] == 48)
		(void)joblog_sgr_extended(v, n, a);
	else if (v[0] == 4)
		a->underline = v[1] != 0;
	else
		joblog_sgr_one(v[0], a);
}

/* Applies the parameters of "ESC [ params m"; private forms are ignored. */
static void
joblog_sgr(const char *p, size_t n, struct joblog_attr *a)
{
	int v[JOBLOG_SGR_MAX], cur = 0;
	unsigned char joined[JOBLOG_SGR_MAX], colon = 0;
	size_t nv = 0, i, next;

	for (i = 0; i <= n; i++) {
		if (i < n && p[i] >= '0' && p[i] <= '9') {
			if (cur < 10000)
				cur = cur * 10 + (p[i] - '0');
			continue;
		}
		if (i < n && p[i] != ';' && p[i] != ':')
			return;
		if (nv < JOBLOG_SGR_MAX) {
			v[nv] = cur;
			joined[nv++] = colon;
		}
		colon = i < n && p[i] == ':';
		cur = 0;
	}
	for (i = 0; i < nv; i = next) {
		for (next = i + 1; next < nv && joined[next]; next++)
			;
		if (next - i > 1)
			joblog_sgr_colon(v + i, next - i, a);
		else if (v[i] == 38 || v[i] == 48)
			next = i + joblog_sgr_extended(v + i, nv - i, a);
		else
			joblog_sgr_one(v[i], a);
	}
}

/* CSI from its parameters at i: SGR is applied (a not NULL), anything else
 * dropped. A CSI cut short by a byte that cannot be in it ends before that
 * byte. */
static size_t
joblog_csi(const char *p, size_t n, size_t i, struct joblog_attr *a)
{
	size_t ps = i, pe;

	while (i < n && p[i] >= 0x30 && p[i] <= 0x3f)
		i++;
	pe = i;
	while (i < n && p[i] >= 0x20 && p[i] <= 0x2f)
		i++;
	if (i >= n || p[i] < 0x40 || p[i] > 0x7e)
		return i;
	if (a != NULL && p[i] == 'm' && i == pe)
		joblog_sgr(p + ps, pe - ps, a);
	return i + 1;
}

/* OSC, DCS, SOS, PM, APC: up to BEL or ST; an ESC that does not start ST
 * ends the string and starts the next sequence, as in xterm. */
static size_t
joblog_string(const char *p, size_t n, size_t i)
{
	for (; i < n; i++) {
		if (p[i] == JOBLOG_BEL)
			return i + 1;
		if (p[i] == JOBLOG_ESC)
			return i + 1 < n && p[i + 1] == '\\' ? i + 2 : i;
	}
	return n;
}

/* The end of the escape sequence at p[i] (an ESC); an SGR applies to a
 * unless a is NULL. */
static size_t
joblog_escape(const char *p, size_t n, size_t i, struct joblog_attr *a)
{
	unsigned char c;
	size_t j;

	if (i + 1 >= n)
		return n;
	c = (unsigned char)p[i + 1];
	if (c == '[')
		return joblog_csi(p, n, i + 2, a);
	if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
		return joblog_string(p, n, i + 2);
	if (c >= 0x20 && c <= 0x2f) {	/* ESC ( B and the like */
		for (j = i + 1; j < n && p[j] >= 0x20 && p[j] <= 0x2f; j++)
			;
		return j < n && p[j] >= 0x30 && p[j] <= 0x7e ? j + 1 : j;
	}
	if (c >= 0x30 && c <= 0x7e)	/* ESC 7, ESC c, ESC = */
		return i + 2;
	return i + 1;			/* a lone ESC */
}

/* Length of the strictly valid UTF-8 sequence at s (no overlong form,
 * surrogate or value past U+10FFFF), 0 if invalid: text.h's rules. */
static size_t
joblog_utf8_len(const unsigned char *s, size_t len)
{
	size_t n, i;
	long v, min;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		v = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		v = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		v = s[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	return n;
}

/* Appends p[0..n) as the screen will show it where that matters to the
 * patterns: each invalid UTF-8 byte as U+FFFD (PCRE2 never matches one, so
 * "ab\xe7cd" would hide "cd" from a pattern and show it), a tab as a space
 * ("-----BEGIN\tRSA PRIVATE KEY-----" shows as a key header). */
static int
joblog_styled_text(struct joblog_styled *s, const char *p, size_t n,
    const struct joblog_attr *a)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, j, k;

	if (joblog_styled_attr(s, a) != 0)
		return -1;
	while (i < n) {
		for (j = i; j < n && u[j] != '\t'; j += k) {
			if (u[j] < 0x80)
				k = 1;
			else if ((k = joblog_utf8_len(u + j, n - j)) == 0)
				break;
		}
		if (j > i && buf_append(&s->text, p + i, j - i) != 0)
			return -1;
		if (j < n && buf_append(&s->text, u[j] == '\t' ? " " :
		    "\xef\xbf\xbd", u[j] == '\t' ? 1 : 3) != 0)
			return -1;
		i = j < n ? j + 1 : j;
	}
	return 0;
}

/* Pass 1: the body without escape sequences, SGR as attribute runs,
 * invalid UTF-8 replaced. */
static int
joblog_strip(const char *p, size_t n, struct joblog_styled *out)
{
	struct joblog_attr a = joblog_plain_attr;
	const char *esc;
	size_t i = 0, j;

	while (i < n) {
		esc = memchr(p + i, JOBLOG_ESC, n - i);
		j = esc != NULL ? (size_t)(esc - p) : n;
		if (joblog_styled_text(out, p + i, j - i, &a) != 0)
			return -1;
		if (esc == NULL)
			break;
		i = joblog_escape(p, n, j, &a);
	}
	return 0;
}

/* A UTF-8 sequence that p[s..e) ends before it is complete (an escape
 * sequence cuts it) becomes 0xff bytes: invalid, like the truncated
 * sequence, which the screen shows as U+FFFD each, but unable to join the
 * continuation bytes after the escape sequence into a character. */
static void
joblog_cut_utf8(char *p, size_t s, size_t e)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t k = e, need;

	while (k > s && e - k < 4 && (u[k - 1] & 0xc0) == 0x80)
		k--;
	if (k == s || e - k >= 4 || u[k - 1] < 0xc0)
		return;
	k--;
	need = u[k] >= 0xf0 ? 4 : u[k] >= 0xe0 ? 3 : 2;
	if (e - k < need)
		memset(p + k, 0xff, e - k);
}

size_t
joblog_strip_escapes(char *dst, const char *src, size_t len)
{
	const char *esc;
	size_t i = 0, j, o = 0;

	while (i < len) {
		esc = memchr(src + i, JOBLOG_ESC, len - i);
		j = esc != NULL ? (size_t)(esc - src) : len;
		memcpy(dst + o, src + i, j - i);
		if (esc == NULL)
			return o + (j - i);
		joblog_cut_utf8(dst, o, o + (j - i));
		o += j - i;
		i = joblog_escape(src, len, j, NULL);
	}
	return o;
}

static int
joblog_range_cmp(const void *x, const void *y)
{
	const struct joblog_range *a = x, *b = y;

	return a->so < b->so ? -1 : a->so > b->so;
}

static int
joblog_range_add(struct joblog_range **r, size_t *n, size_t *cap,
    size_t so, size_t eo)
{
	struct joblog_range *nr;

	if ((nr = joblog_grow(*r, cap, *n + 1, sizeof **r)) == NULL)
		return -1;
	*r = nr;
	(*r)[*n].so = so;
	(*r)[(*n)++].eo = eo;
	return 0;
}

/* The ranges one pattern matches in s[0..len); a pattern that fails to
 * run masks everything from where it failed. */
static int
joblog_match_all(const struct rx *rx, struct rx_match *m, const char *s,
    size_t len, struct joblog_range **r, size_t *n, size_t *cap)
{
	size_t pos = 0, so, eo;
	int rc;

	while (pos < len) {
		if ((rc = rx_exec(rx, m, s, len, pos, &so, &eo)) == 0)
			return 0;
		if (rc < 0)
			return joblog_range_add(r, n, cap, pos, len);
		if (eo > so && joblog_range_add(r, n, cap, so, eo) != 0)
			return -1;
		if (eo > so)
			pos = eo;
		else	/* empty match: step over one character */
			for (pos = so + 1; pos < len &&
			    ((unsigned char)s[pos] & 0xc0) == 0x80; pos++)
				;
	}
	return 0;
}

/* All secrets in text[0..len), sorted and merged. */
static int
joblog_secrets(struct joblog_mask *mask, const char *text, size_t len,
    struct joblog_range **r, size_t *n)
{
	size_t cap = 0, i, k;
	char *s;

	*r = NULL;
	*n = 0;
	if (len == 0)
		return 0;
	/* PCRE2's JIT reads the subject in SIMD blocks that may run past its
	 * end (never past a page, so harmless); a zeroed tail keeps those
	 * bytes ours and defined, and memory checkers quiet. */
	if ((s = calloc(1, len + JOBLOG_PAD)) == NULL)
		return -1;
	memcpy(s, text, len);
	for (i = 0; i < mask->n; i++) {
		if (joblog_match_all(mask->rx[i], mask->m[i], s, len, r, n,
		    &cap) != 0) {
			free(s);
			return -1;
		}
	}
	free(s);
	if (*n == 0)
		return 0;
	qsort(*r, *n, sizeof **r, joblog_range_cmp);
	for (i = 1, k = 0; i < *n; i++) {
		if ((*r)[i].so <= (*r)[k].eo) {
			if ((*r)[i].eo > (*r)[k].eo)
				(*r)[k].eo = (*r)[i].eo;
		} else
			(*r)[++k] = (*r)[i];
	}
	*n = k + 1;
	return 0;
}

/* Pass 2: in's text with every secret replaced by "***", which takes the
 * attributes of the secret's first byte. */
static int
joblog_mask_text(struct joblog_mask *mask, const struct joblog_styled *in,
    struct joblog_styled *out)
{
	struct joblog_range *r;
	size_t nr, k = 0, ri = 0, pos = 0, next;
	int rc = -1;

	if (joblog_secrets(mask, in->text.data, in->text.len, &r, &nr) != 0)
		goto out;
	while (pos < in->text.len) {
		while (ri + 1 < in->nruns && in->runs[ri + 1].off <= pos)
			ri++;
		if (k < nr && r[k].so == pos) {
			if (joblog_styled_put(out, JOBLOG_MASKED,
			    strlen(JOBLOG_MASKED), &in->runs[ri].a) != 0)
				goto out;
			pos = r[k++].eo;
			continue;
		}
		next = in->text.len;
		if (ri + 1 < in->nruns && in->runs[ri + 1].off < next)
			next = in->runs[ri + 1].off;
		if (k < nr && r[k].so < next)
			next = r[k].so;
		if (joblog_styled_put(out, in->text.data + pos, next - pos,
		    &in->runs[ri].a) != 0)
			goto out;
		pos = next;
	}
	rc = 0;
out:
	free(r);
	return rc;
}

/* Output: text and the spans that tile it. */
struct joblog_out {
	struct buf		 text;
	struct joblog_span	*spans;
	size_t			 n;
	size_t			 cap;
	int			 sanitize;	/* text_sanitize flags */
};

static int
joblog_out_put(struct joblog_out *o, const char *s, size_t len,
    const struct joblog_attr *a)
{
	struct joblog_span *sp = o->n > 0 ? &o->spans[o->n - 1] : NULL;

	if (len == 0)
		return 0;
	if (sp != NULL && sp->fg == a->fg && sp->bg == a->bg &&
	    sp->bold == a->bold && sp->underline == a->underline)
		sp->len += len;
	else {
		if ((sp = joblog_grow(o->spans, &o->cap, o->n + 1,
		    sizeof *o->spans)) == NULL)
			return -1;
		o->spans = sp;
		sp = &o->spans[o->n++];
		sp->off = o->text.len;
		sp->len = len;
		sp->fg = a->fg;
		sp->bg = a->bg;
		sp->bold = a->bold;
		sp->underline = a->underline;
	}
	return buf_append(&o->text, s, len);
}

/* Pass 3: each run sanitised on its own. */
static int
joblog_out_runs(struct joblog_out *o, const struct joblog_styled *in)
{
	size_t i, s, e;
	char *t;
	int rc;

	for (i = 0; i < in->nruns; i++) {
		s = in->runs[i].off;
		e = i + 1 < in->nruns ? in->runs[i + 1].off : in->text.len;
		if (e <= s)
			continue;
		if ((t = text_sanitize(in->text.data + s, e - s,
		    o->sanitize)) == NULL)
			return -1;
		rc = joblog_out_put(o, t, strlen(t), &in->runs[i].a);
		free(t);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static int
joblog_out_time(struct joblog_out *o, time_t t)
{
	char hms[16] = "         ";
	struct tm tm;

	if (t != 0 && gmtime_r(&t, &tm) != NULL)
		strftime(hms, sizeof hms, "%H:%M:%S ", &tm);
	return joblog_out_put(o, hms, strlen(hms), &joblog_plain_attr);
}

/* The body through passes 1 to 3 into o. */
static int
joblog_out_body(struct joblog_out *o, const char *p, size_t n,
    struct joblog_mask *mask)
{
	struct joblog_styled plain, masked;
	int rc = -1;

	joblog_styled_init(&plain);
	joblog_styled_init(&masked);
	if (joblog_strip(p, n, &plain) != 0)
		goto out;
	if (mask != NULL && joblog_mask_text(mask, &plain, &masked) != 0)
		goto out;
	rc = joblog_out_runs(o, mask != NULL ? &masked : &plain);
out:
	joblog_styled_done(&plain);
	joblog_styled_done(&masked);
	return rc;
}

struct joblog_line *
joblog_render(const struct joblog *jl, size_t line, struct joblog_mask *mask,
    int flags)
{
	struct joblog_out o = { .spans = NULL };
	struct joblog_line *l = NULL;
	const char *p;
	size_t n;

	buf_init(&o.text, 0);
	o.sanitize = (flags & JOBLOG_ASCII) ? TEXT_ASCII : 0;
	if ((p = joblog_body(jl, line, &n)) == NULL)
		goto fail;
	if ((flags & JOBLOG_KEEP_TIME) && joblog_out_time(&o, joblog_time(jl,
	    line)) != 0)
		goto fail;
	if (mask != NULL && joblog_in_key_block(jl, line)) {
		if (joblog_out_put(&o, JOBLOG_MASKED, strlen(JOBLOG_MASKED),
		    &joblog_plain_attr) != 0)
			goto fail;
	} else if (joblog_out_body(&o, p, n, mask) != 0)
		goto fail;
	if (buf_append(&o.text, "", 0) != 0)
		goto fail;
	l = xcalloc(1, sizeof *l);
	l->len = o.text.len;
	l->text = buf_steal(&o.text);
	l->spans = o.spans;
	l->nspans = o.n;
	return l;
fail:
	buf_done(&o.text);
	free(o.spans);
	return NULL;
}

void
joblog_line_free(struct joblog_line **lp)
{
	if (lp == NULL || *lp == NULL)
		return;
	free((*lp)->text);
	free((*lp)->spans);
	free(*lp);
	*lp = NULL;
}

char *
joblog_text(const struct joblog *jl, size_t line, struct joblog_mask *mask,
    int keep_time)
{
	struct joblog_line *l;
	char *s;

	if ((l = joblog_render(jl, line, mask, keep_time)) == NULL)
		return NULL;
	s = l->text;
	l->text = NULL;
	joblog_line_free(&l);
	return s;
}

struct joblog_mask *
joblog_mask_new(const char *const *patterns, char **cause)
{
	struct joblog_mask *mask;
	char *why = NULL;
	size_t i, n;

	if (patterns == NULL)
		patterns = joblog_default_secrets;
	for (n = 0; patterns[n] != NULL; n++)
		;
	mask = xcalloc(1, sizeof *mask);
	mask->rx = xcalloc(n + 1, sizeof *mask->rx);
	mask->m = xcalloc(n + 1, sizeof *mask->m);
	for (i = 0; i < n; i++, mask->n++) {
		if ((mask->rx[i] = rx_new(patterns[i], 0, &why)) == NULL)
			goto fail;
		if ((mask->m[i] = rx_match_new(mask->rx[i])) == NULL) {
			rx_free(&mask->rx[i]);
			goto fail;
		}
	}
	return mask;
fail:
	/* why NULL: PCRE2's own allocation of match data failed. */
	if (cause != NULL)
		*cause = xasprintf("pattern %zu: %s", mask->n + 1,
		    why != NULL ? why : "out of memory");
	free(why);
	joblog_mask_free(&mask);
	return NULL;
}

void
joblog_mask_free(struct joblog_mask **maskp)
{
	struct joblog_mask *mask;
	size_t i;

	if (maskp == NULL || (mask = *maskp) == NULL)
		return;
	for (i = 0; i < mask->n; i++) {
		rx_free(&mask->rx[i]);
		rx_match_free(&mask->m[i]);
	}
	free(mask->rx);
	free(mask->m);
	free(mask);
	*maskp = NULL;
}
