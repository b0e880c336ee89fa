/* healthparse: Prometheus instant-query and Alertmanager v2 alert answers
 * to the rows of a health check (pure, bounded, fuzzed). */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "opsdeck/healthparse.h"
#include "opsdeck/xalloc.h"

#define LABELS_MAX	512	/* bytes of a row's label text */
#define LABEL_KEYS_MAX	64

static int fail(char **, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(char **why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(why, fmt, ap) < 0)
		*why = xstrdup("out of memory");
	va_end(ap);
	return -1;
}

/* An answer that cannot be evaluated shows none of its rows: the ones
 * read before the bad item would be a part taken for the whole (and are
 * not yet cut to HEALTH_MAX_ROWS). */
static void
drop_rows(struct health_check *c)
{
	size_t i;

	for (i = 0; i < c->nrows; i++)
		health_row_done(&c->rows[i]);
	free(c->rows);
	c->rows = NULL;
	c->nrows = c->total_rows = 0;
	memset(c->counts, 0, sizeof c->counts);
	c->nsilenced = c->ninhibited = 0;
}

/* A body that is not the JSON expected: the status says more than the
 * body (a proxy's HTML, a 404 page). */
static int
not_json(long status, const char *who, char **why)
{
	char code[32];

	snprintf(code, sizeof code, "%ld", status);
	if (status >= 200 && status < 300)
		return fail(why, "%s: malformed answer (not JSON)", who);
	return fail(why, "%s: HTTP %s", who, code);
}

static int
keycmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* name{k="v", ...} with the keys sorted (jansson keeps them in any order),
 * cut at LABELS_MAX bytes. skip: a key not to repeat in the braces. */
static char *
labels_text(json_t *obj, const char *skip)
{
	const char *keys[LABEL_KEYS_MAX], *k, *name = NULL, *v;
	char out[LABELS_MAX + 8];
	size_t n = 0, i, len = 0;
	json_t *val;
	int w;

	if (!json_is_object(obj))
		return xstrdup("{}");
	json_object_foreach(obj, k, val) {
		if (!json_is_string(val))
			continue;
		if (skip != NULL && strcmp(k, skip) == 0) {
			name = json_string_value(val);
			continue;
		}
		if (n < LABEL_KEYS_MAX)
			keys[n++] = k;
	}
	qsort(keys, n, sizeof keys[0], keycmp);
	out[0] = '\0';
	if (name != NULL)
		len = (size_t)snprintf(out, sizeof out, "%.*s", LABELS_MAX,
		    name);
	if (n == 0)
		return xstrdup(name != NULL ? out : "{}");
	for (i = 0; i < n && len < LABELS_MAX; i++) {
		v = json_string_value(json_object_get(obj, keys[i]));
		w = snprintf(out + len, sizeof out - len, "%s%s=\"%s\"",
		    i == 0 ? "{" : ", ", keys[i], v);
		if (w < 0)
			break;
		len += (size_t)w;
		if (len >= sizeof out)
			len = sizeof out - 1;
	}
	if (len >= LABELS_MAX) {
		len = LABELS_MAX;
		out[len] = '\0';
		return xasprintf("%s...}", out);
	}
	if (n > 0 && len + 1 < sizeof out) {
		out[len++] = '}';
		out[len] = '\0';
	}
	return xstrdup(out);
}

/* A sample's value: the string "0.97", "+Inf", "NaN". */
static int
sample_value(json_t *pair, double *v)
{
	const char *s;
	char *end;

	if (!json_is_array(pair) || json_array_size(pair) != 2 ||
	    !json_is_number(json_array_get(pair, 0)) ||
	    !json_is_string(json_array_get(pair, 1)))
		return -1;
	s = json_string_value(json_array_get(pair, 1));
	*v = strtod(s, &end);
	if (end == s || *end != '\0')
		return -1;
	return 0;
}

static void
value_fmt(char *dst, size_t size, double v)
{
	if (isnan(v))
		snprintf(dst, size, "NaN");
	else if (isinf(v))
		snprintf(dst, size, "%sInf", v > 0 ? "+" : "-");
	else
		snprintf(dst, size, "%.6g", v);
}

static int
prom_error(json_t *root, long status, char **why)
{
	const char *type = json_string_value(json_object_get(root,
	    "errorType"));
	const char *msg = json_string_value(json_object_get(root, "error"));
	char code[32];

	if (msg != NULL)
		return fail(why, "Prometheus: %s: %s", type != NULL ? type :
		    "error", msg);
	snprintf(code, sizeof code, "HTTP %ld", status);
	return fail(why, "Prometheus: %s", code);
}

/* The summary: "2 series, worst 0.97". */
static void
prom_summary(struct health_check *c)
{
	char v[32];

	free(c->value_text);
	if (c->nrows == 0) {
		c->value_text = xstrdup("no series");
		return;
	}
	c->value = c->rows[0].value;
	value_fmt(v, sizeof v, c->value);
	if (c->total_rows == 1)
		c->value_text = xstrdup(v);
	else
		c->value_text = xasprintf("%zu series, worst %s",
		    c->total_rows, v);
}

int
healthparse_prom(const char *body, size_t len, long status,
    const struct health_limit *warn, const struct health_limit *crit,
    enum healthparse_empty empty, struct health_check *c, char **why)
{
	json_error_t err;
	json_t *root, *data, *result, *item;
	const char *type, *st;
	bool below = crit != NULL && crit->set ? crit->below :
	    warn != NULL && warn->set && warn->below;
	enum health_state s, worst = HEALTH_OK;
	char vtext[32], *label;
	double v;
	size_t i;
	int rc = -1;

	c->raw = HEALTH_UNKNOWN;
	*why = NULL;
	if ((root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err)) ==
	    NULL || !json_is_object(root)) {
		json_decref(root);
		return not_json(status, "Prometheus", why);
	}
	st = json_string_value(json_object_get(root, "status"));
	if (st == NULL || strcmp(st, "success") != 0 || status < 200 ||
	    status >= 300) {
		rc = prom_error(root, status, why);
		goto out;
	}
	data = json_object_get(root, "data");
	type = json_string_value(json_object_get(data, "resultType"));
	result = json_object_get(data, "result");
	if (type == NULL || result == NULL) {
		rc = fail(why, "Prometheus: malformed answer (no %s)",
		    type == NULL ? "resultType" : "result");
		goto out;
	}
	if (strcmp(type, "scalar") == 0) {
		if (sample_value(result, &v) != 0) {
			rc = fail(why, "Prometheus: malformed scalar");
			goto out;
		}
		s = health_eval(v, warn, crit);
		value_fmt(vtext, sizeof vtext, v);
		health_rows_add(c, HEALTH_MAX_ROWS, below, "scalar", vtext, v,
		    s, 0);
		worst = s;
	} else if (strcmp(type, "vector") == 0 && json_is_array(result)) {
		json_array_foreach(result, i, item) {
			if (!json_is_object(item) || sample_value(
			    json_object_get(item, "value"), &v) != 0) {
				rc = fail(why, "Prometheus: malformed sample");
				goto out;
			}
			s = health_eval(v, warn, crit);
			value_fmt(vtext, sizeof vtext, v);
			label = labels_text(json_object_get(item, "metric"),
			    "__name__");
			health_rows_add(c, HEALTH_MAX_ROWS, below, label,
			    vtext, v, s, 0);
			free(label);
			worst = health_worst(worst, s);
		}
		if (json_array_size(result) == 0)
			worst = empty == HP_EMPTY_OK ? HEALTH_OK :
			    empty == HP_EMPTY_CRIT ? HEALTH_CRIT :
			    HEALTH_UNKNOWN;
		if (json_array_size(result) == 0 && worst != HEALTH_OK) {
			free(c->reason);
			c->reason = xstrdup("the query returned no series");
		}
	} else {
		rc = fail(why, "Prometheus: a %s result is not a value to "
		    "judge (want an instant vector or scalar)", type);
		goto out;
	}
	health_rows_finish(c, HEALTH_MAX_ROWS, below);
	prom_summary(c);
	c->raw = worst;
	rc = 0;
out:
	if (rc != 0)
		drop_rows(c);
	json_decref(root);
	return rc;
}

enum health_state
healthparse_severity(const char *sev)
{
	static const char *const crit[] = { "critical", "crit", "page",
	    "error", "fatal", "high", "emergency", "alert", NULL };
	static const char *const ok[] = { "info", "none", "low", "notice",
	    NULL };
	size_t i;

	if (sev == NULL)
		return HEALTH_WARN;
	for (i = 0; crit[i] != NULL; i++) {
		if (strcasecmp(sev, crit[i]) == 0)
			return HEALTH_CRIT;
	}
	for (i = 0; ok[i] != NULL; i++) {
		if (strcasecmp(sev, ok[i]) == 0)
			return HEALTH_OK;
	}
	return HEALTH_WARN;
}

static void
am_summary(struct health_check *c)
{
	char inh[48] = "";

	free(c->value_text);
	c->value = (double)(c->counts[HEALTH_CRIT] + c->counts[HEALTH_WARN]);
	if (c->ninhibited > 0)
		snprintf(inh, sizeof inh, ", %zu inhibited", c->ninhibited);
	c->value_text = xasprintf("%zu crit, %zu warn, %zu silenced%s",
	    c->counts[HEALTH_CRIT], c->counts[HEALTH_WARN], c->nsilenced, inh);
}

int
healthparse_am(const char *body, size_t len, long status,
    struct health_check *c, char **why)
{
	json_error_t err;
	json_t *root, *a, *labels, *st;
	const char *state, *sev;
	enum health_state s, worst = HEALTH_OK;
	char *label, *text;
	size_t i;
	int muted, rc = -1;

	c->raw = HEALTH_UNKNOWN;
	*why = NULL;
	if ((root = json_loadb(body, len, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY, &err)) == NULL)
		return not_json(status, "Alertmanager", why);
	if (status < 200 || status >= 300) {
		/* The message is a bare string: fail() copies it. */
		const char *msg = json_is_string(root) ?
		    json_string_value(root) : json_string_value(
		    json_object_get(root, "message"));
		char code[32];

		snprintf(code, sizeof code, "%ld", status);
		*why = xasprintf("Alertmanager: HTTP %s%s%s", code,
		    msg != NULL ? ": " : "", msg != NULL ? msg : "");
		goto out;
	}
	if (!json_is_array(root)) {
		rc = fail(why, "Alertmanager: malformed answer (want an array "
		    "of alerts)");
		goto out;
	}
	json_array_foreach(root, i, a) {
		labels = json_object_get(a, "labels");
		st = json_object_get(a, "status");
		if (!json_is_object(a) || !json_is_object(labels)) {
			rc = fail(why, "Alertmanager: malformed alert");
			goto out;
		}
		state = json_string_value(json_object_get(st, "state"));
		muted = 0;
		if (json_array_size(json_object_get(st, "silencedBy")) > 0)
			muted = HEALTH_ROW_SILENCED;
		else if (json_array_size(json_object_get(st,
		    "inhibitedBy")) > 0)
			muted = HEALTH_ROW_INHIBITED;
		else if (state != NULL && strcmp(state, "suppressed") == 0)
			muted = HEALTH_ROW_SILENCED;
		else if (state != NULL && strcmp(state, "active") != 0)
			continue;	/* unprocessed: not firing yet */
		sev = json_string_value(json_object_get(labels, "severity"));
		s = healthparse_severity(sev);
		label = labels_text(labels, "alertname");
		text = xstrdup(sev != NULL ? sev : "no severity");
		health_rows_add(c, HEALTH_MAX_ROWS, false, label, text, NAN,
		    s, muted);
		free(label);
		free(text);
		if (muted == 0)
			worst = health_worst(worst, s);
	}
	health_rows_finish(c, HEALTH_MAX_ROWS, false);
	am_summary(c);
	c->raw = worst;
	rc = 0;
out:
	if (rc != 0)
		drop_rows(c);
	json_decref(root);
	return rc;
}
