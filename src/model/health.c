/* health: check states, thresholds, flap damping, the history ring, the
 * sparkline levels and the after-deploy correlation (pure), and the
 * snapshot struct the health source publishes. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/health.h"
#include "opsdeck/run.h"
#include "opsdeck/xalloc.h"

const char *
health_word(enum health_state s)
{
	switch (s) {
	case HEALTH_OK:
		return "ok";
	case HEALTH_WARN:
		return "warn";
	case HEALTH_CRIT:
		return "crit";
	default:
		return "unknown";
	}
}

const char *
health_glyph(enum health_state s, bool ascii)
{
	switch (s) {
	case HEALTH_OK:
		return ascii ? "+" : "\u2713";
	case HEALTH_WARN:
		return "!";
	case HEALTH_CRIT:
		return ascii ? "x" : "\u2717";
	default:
		return "?";
	}
}

int
health_rank(enum health_state s)
{
	switch (s) {
	case HEALTH_OK:
		return 0;
	case HEALTH_WARN:
		return 1;
	case HEALTH_CRIT:
		return 3;
	default:
		return 2;
	}
}

enum health_state
health_worst(enum health_state a, enum health_state b)
{
	return health_rank(b) > health_rank(a) ? b : a;
}

/* --- thresholds --- */

int
health_limit_parse(const char *s, bool time, struct health_limit *l,
    const char **why)
{
	const char *p = s;
	char *end;
	double v;

	memset(l, 0, sizeof *l);
	p += strspn(p, " \t");
	if (*p == '<' || *p == '>') {
		l->below = *p == '<';
		l->strict = true;
		p++;
		if (*p == '=') {
			l->strict = false;
			p++;
		}
		p += strspn(p, " \t");
	}
	if (*p == '\0') {
		*why = "expected a number";
		return -1;
	}
	v = strtod(p, &end);
	if (end == p || isnan(v) || (time && (isinf(v) || v < 0))) {
		*why = time ? "expected a duration like 500ms or 2s" :
		    "expected a number like 0.9, > 100 or < 0.99";
		return -1;
	}
	end += strspn(end, " \t");
	if (time) {
		if (strcmp(end, "ms") == 0)
			;
		else if (*end == '\0' || strcmp(end, "s") == 0)
			v *= 1000;
		else if (strcmp(end, "m") == 0)
			v *= 60000;
		else {
			*why = "expected a duration like 500ms or 2s";
			return -1;
		}
	} else if (*end == '%')
		end++;		/* "80%": the value is a percentage */
	if (!time && *end != '\0') {
		*why = "expected a number like 0.9, > 100 or < 0.99";
		return -1;
	}
	l->set = true;
	l->v = v;
	return 0;
}

static bool
reaches(double v, const struct health_limit *l)
{
	if (l == NULL || !l->set)
		return false;
	if (l->strict)
		return l->below ? v < l->v : v > l->v;
	return l->below ? v <= l->v : v >= l->v;
}

enum health_state
health_eval(double v, const struct health_limit *warn,
    const struct health_limit *crit)
{
	if (isnan(v))
		return HEALTH_UNKNOWN;
	if (reaches(v, crit))
		return HEALTH_CRIT;
	if (reaches(v, warn))
		return HEALTH_WARN;
	return HEALTH_OK;
}

/* --- flap damping --- */

void
health_damp_init(struct health_damp *d)
{
	memset(d, 0, sizeof *d);
	d->shown = d->pending = d->last_raw = HEALTH_UNKNOWN;
}

bool
health_damp_feed(struct health_damp *d, enum health_state raw, int confirm,
    time_t now)
{
	unsigned mask = (1u << HEALTH_FLAP_WINDOW) - 1;

	if (confirm < 1)
		confirm = 1;
	if (d->started) {
		d->raw_bits = ((d->raw_bits << 1) | (raw != d->last_raw)) &
		    mask;
		if (d->nraw < HEALTH_FLAP_WINDOW)
			d->nraw++;
	}
	d->last_raw = raw;
	if (!d->started) {
		d->started = true;
		d->since = now;
		d->count = 1;
		d->pending = raw;
		if (d->shown != raw) {
			d->shown = raw;
			return true;
		}
		return false;
	}
	if (raw == d->shown) {
		d->pending = raw;
		d->count = 0;
		return false;
	}
	if (raw == d->pending)
		d->count++;
	else {
		d->pending = raw;
		d->count = 1;
	}
	if (d->count < confirm)
		return false;
	d->shown = raw;
	d->since = now;
	d->count = 0;
	return true;
}

bool
health_damp_flapping(const struct health_damp *d)
{
	unsigned b = d->raw_bits;
	int n = 0;

	while (b != 0) {
		n += (int)(b & 1);
		b >>= 1;
	}
	return n >= HEALTH_FLAP_CHANGES;
}

/* --- history --- */

void
health_ring_push(struct health_ring *r, time_t at, double v,
    enum health_state s)
{
	size_t i = (r->head + r->n) % HEALTH_HIST;

	if (r->n == HEALTH_HIST) {
		i = r->head;
		r->head = (r->head + 1) % HEALTH_HIST;
	} else
		r->n++;
	r->p[i].at = at;
	r->p[i].value = v;
	r->p[i].state = s;
}

void
health_ring_transition(struct health_ring *r, time_t at,
    enum health_state from, enum health_state to)
{
	size_t i = (r->thead + r->tn) % HEALTH_TRANS;

	if (r->tn == HEALTH_TRANS) {
		i = r->thead;
		r->thead = (r->thead + 1) % HEALTH_TRANS;
	} else
		r->tn++;
	r->t[i].at = at;
	r->t[i].from = from;
	r->t[i].to = to;
}

size_t
health_ring_points(const struct health_ring *r, struct health_point *dst)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		dst[i] = r->p[(r->head + i) % HEALTH_HIST];
	return r->n;
}

size_t
health_ring_transitions(const struct health_ring *r,
    struct health_transition *dst)
{
	size_t i;

	for (i = 0; i < r->tn; i++)
		dst[i] = r->t[(r->thead + i) % HEALTH_TRANS];
	return r->tn;
}

size_t
health_spark(const struct health_point *p, size_t n, int *levels,
    size_t width)
{
	size_t first = n > width ? n - width : 0, i, k = 0;
	double lo = INFINITY, hi = -INFINITY, v;

	for (i = first; i < n; i++) {
		v = p[i].value;
		if (isnan(v) || isinf(v))
			continue;
		if (v < lo)
			lo = v;
		if (v > hi)
			hi = v;
	}
	for (i = first; i < n; i++) {
		v = p[i].value;
		if (isnan(v) || isinf(v))
			levels[k++] = -1;
		else if (hi <= lo)
			levels[k++] = 0;	/* a flat line sits low */
		else
			levels[k++] = (int)lround((v - lo) / (hi - lo) * 7.0);
	}
	return k;
}

/* --- after a deploy --- */

static bool
is_bad(enum health_state s)
{
	return s == HEALTH_WARN || s == HEALTH_CRIT;
}

struct health_verdict
health_after_deploy(const struct health_transition *tr, size_t n,
    enum health_state now_state, time_t deploy_at, long window_s, time_t now)
{
	struct health_verdict v = { HEALTH_AFTER_NONE, HEALTH_OK, 0, 0 };
	enum health_state at_deploy;
	size_t i;

	if (deploy_at <= 0 || deploy_at > now)
		return v;
	/* The state when the deploy landed. */
	at_deploy = n > 0 ? tr[0].from : now_state;
	for (i = 0; i < n && tr[i].at <= deploy_at; i++)
		at_deploy = tr[i].to;
	if (is_bad(at_deploy)) {
		v.after = HEALTH_AFTER_ALREADY;
		v.state = at_deploy;
		return v;
	}
	/* The first bad state entered inside the window; crit beats warn
	 * when both came (the worse news is the one to tell). */
	for (; i < n && tr[i].at <= deploy_at + window_s; i++) {
		if (is_bad(tr[i].to) && (v.after != HEALTH_AFTER_BAD ||
		    health_rank(tr[i].to) > health_rank(v.state))) {
			v.after = HEALTH_AFTER_BAD;
			v.state = tr[i].to;
			v.at = tr[i].at;
			v.after_s = (long)(tr[i].at - deploy_at);
		}
	}
	if (v.after == HEALTH_AFTER_BAD)
		return v;
	v.after = now - deploy_at < window_s ? HEALTH_AFTER_WATCHING :
	    HEALTH_AFTER_CLEAN;
	v.state = at_deploy;
	return v;
}

static void
minutes(char *dst, size_t size, long s)
{
	if (s < 60)
		snprintf(dst, size, "%ld s", s < 0 ? 0 : s);
	else
		snprintf(dst, size, "%ld min", s / 60);
}

void
health_verdict_text(char *dst, size_t size, const struct health_verdict *v,
    const char *sha, time_t deploy_at, time_t now)
{
	char span[32];
	int len = sha != NULL ? (int)strnlen(sha, 7) : 0;

	if (sha == NULL)
		sha = "";
	switch (v->after) {
	case HEALTH_AFTER_BAD:
		minutes(span, sizeof span, v->after_s);
		snprintf(dst, size, "%s %s after deploy of %.*s",
		    health_word(v->state), span, len, sha);
		break;
	case HEALTH_AFTER_WATCHING:
		minutes(span, sizeof span, (long)(now - deploy_at));
		snprintf(dst, size, "watching: %s since deploy of %.*s", span,
		    len, sha);
		break;
	case HEALTH_AFTER_CLEAN:
		snprintf(dst, size, "ok since deploy of %.*s", len, sha);
		break;
	case HEALTH_AFTER_ALREADY:
		snprintf(dst, size, "already %s at deploy of %.*s",
		    health_word(v->state), len, sha);
		break;
	default:
		if (size > 0)
			dst[0] = '\0';
		break;
	}
}

bool
health_verdict_news(const struct health_verdict *v, time_t deploy_at,
    long window_s, time_t now)
{
	switch (v->after) {
	case HEALTH_AFTER_BAD:
		return true;
	case HEALTH_AFTER_WATCHING:
	case HEALTH_AFTER_ALREADY:
		return now - deploy_at < window_s;
	case HEALTH_AFTER_CLEAN:
		return now - deploy_at < 3600;
	default:
		return false;
	}
}

/* --- backoff --- */

long
health_backoff_s(long interval_s, unsigned fails, int max_factor,
    long cap_s)
{
	long limit, d;
	unsigned i;

	if (interval_s < 1)
		interval_s = 1;
	if (fails <= 1 || max_factor <= 1)
		return interval_s;
	/* The smaller bound wins, but never below the interval itself. */
	limit = interval_s > LONG_MAX / max_factor ? LONG_MAX :
	    interval_s * max_factor;
	if (cap_s > 0 && cap_s < limit)
		limit = cap_s;
	if (limit < interval_s)
		return interval_s;
	/* Doubling stops at the limit, so it cannot overflow. */
	for (d = interval_s, i = 1; i < fails && d < limit; i++)
		d = d > limit / 2 ? limit : d * 2;
	return d < limit ? d : limit;
}

static bool
names(const char *hay, const char *needle)
{
	return hay != NULL && needle != NULL && strcasestr(hay, needle) !=
	    NULL;
}

bool
health_run_is_deploy(const struct run *r, const char *env, time_t *at)
{
	bool deploy;

	if (r->conclusion == NULL || strcmp(r->conclusion, "success") != 0)
		return false;
	deploy = (r->event != NULL && (strcmp(r->event, "deployment") == 0 ||
	    strcmp(r->event, "deployment_status") == 0)) ||
	    names(r->name, "deploy") || names(r->name, "release");
	if (!deploy)
		return false;
	if (env != NULL && !names(r->name, env) &&
	    !names(r->display_title, env))
		return false;
	*at = r->updated_at != 0 ? r->updated_at : r->created_at;
	return true;
}

/* --- the snapshot --- */

struct health_check *
health_check_new(const char *name, const char *kind)
{
	struct health_check *c = xcalloc(1, sizeof *c);

	c->name = xstrdup(name);
	c->kind = xstrdup(kind);
	c->state = c->raw = HEALTH_UNKNOWN;
	c->value = NAN;
	c->cert_days = -1;
	return c;
}

void
health_row_done(struct health_row *r)
{
	free(r->label);
	free(r->text);
	memset(r, 0, sizeof *r);
}

void
health_check_free(struct health_check *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nrows; i++)
		health_row_done(&c->rows[i]);
	free(c->rows);
	free(c->name);
	free(c->kind);
	free(c->env);
	free(c->target);
	free(c->value_text);
	free(c->reason);
	free(c);
}

void
health_check_free_void(void *p)
{
	health_check_free(p);
}

static int
row_cmp(const void *a, const void *b, bool rows_below)
{
	const struct health_row *x = a, *y = b;
	int rx = health_rank(x->state), ry = health_rank(y->state);
	bool nx = isnan(x->value), ny = isnan(y->value);

	if ((x->muted != 0) != (y->muted != 0))
		return x->muted != 0 ? 1 : -1;
	if (rx != ry)
		return ry - rx;
	if (!nx && !ny && x->value != y->value)
		return (rows_below ? x->value > y->value :
		    x->value < y->value) ? 1 : -1;
	if (nx != ny)
		return nx ? 1 : -1;
	return strcmp(x->label, y->label);
}

static int
row_cmp_below(const void *a, const void *b)
{
	return row_cmp(a, b, true);	/* no global: workers sort at once */
}

static int
row_cmp_above(const void *a, const void *b)
{
	return row_cmp(a, b, false);
}

static void
rows_cut(struct health_check *c, size_t max, bool below)
{
	size_t i;

	if (c->nrows > 1)
		qsort(c->rows, c->nrows, sizeof *c->rows, below ?
		    row_cmp_below : row_cmp_above);
	for (i = max; i < c->nrows; i++)
		health_row_done(&c->rows[i]);
	if (c->nrows > max)
		c->nrows = max;
}

void
health_rows_add(struct health_check *c, size_t max, bool below,
    const char *label, const char *text, double value, enum health_state s,
    int muted)
{
	struct health_row *r;

	if (max == 0)
		max = 1;
	if (muted == HEALTH_ROW_SILENCED)
		c->nsilenced++;
	else if (muted == HEALTH_ROW_INHIBITED)
		c->ninhibited++;
	else
		c->counts[s]++;
	c->total_rows++;
	if (c->nrows >= 4 * max)
		rows_cut(c, max, below);	/* the worst max stay */
	if (c->rows == NULL)
		c->rows = xreallocarray(NULL, 4 * max, sizeof *c->rows);
	r = &c->rows[c->nrows++];
	r->label = xstrdup(label != NULL ? label : "");
	r->text = xstrdup(text != NULL ? text : "");
	r->value = value;
	r->state = s;
	r->muted = muted;
}

void
health_rows_finish(struct health_check *c, size_t max, bool below)
{
	rows_cut(c, max, below);
}
