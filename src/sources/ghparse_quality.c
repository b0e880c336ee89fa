/* ghparse_quality: owns the JSON-to-model parsing of the endpoints the
 * quality source reads (check runs, annotations, combined status, alerts,
 * pulls, the repository, issues) with jansson. Same rules as ghparse.c:
 * strict types, bounded lists, raw strings, a cause with a path. */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/ghparse_quality.h"
#include "opsdeck/quality.h"
#include "opsdeck/xalloc.h"

struct gq {
	char	 path[160];
	char	**cause;
};

static int gq_fail(struct gq *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static int
gq_fail(struct gq *g, const char *field, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (g->cause == NULL)
		return -1;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(*g->cause);
	if (*g->path == '\0' && field == NULL)
		*g->cause = msg;
	else {
		*g->cause = xasprintf("%s%s%s: %s", g->path,
		    (*g->path != '\0' && field != NULL) ? "." : "",
		    field != NULL ? field : "", msg);
		free(msg);
	}
	return -1;
}

static size_t
gq_push(struct gq *g, const char *key, size_t index)
{
	size_t n = strlen(g->path);

	if (key != NULL)
		snprintf(g->path + n, sizeof g->path - n, "%s%s",
		    n > 0 ? "." : "", key);
	else
		snprintf(g->path + n, sizeof g->path - n, "[%zu]", index);
	return n;
}

static void
gq_pop(struct gq *g, size_t n)
{
	g->path[n] = '\0';
}

/* Absent or null is NULL unless required (absent is then an error). */
static int
gq_str(struct gq *g, json_t *o, const char *key, bool required, char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL)
		return required ? gq_fail(g, key, "missing") : 0;
	if (json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return gq_fail(g, key, "expected string");
	*out = xstrdup(json_string_value(v));
	return 0;
}

/* A string compared in place (enums): NULL when absent or null. */
static int
gq_enum(struct gq *g, json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return gq_fail(g, key, "expected string");
	*out = json_string_value(v);
	return 0;
}

static int
gq_int(struct gq *g, json_t *o, const char *key, bool required, long long min,
    long long max, long long *out)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (v == NULL)
		return required ? gq_fail(g, key, "missing") : 0;
	if (json_is_null(v) && !required)
		return 0;
	if (!json_is_integer(v))
		return gq_fail(g, key, "expected integer");
	*out = (long long)json_integer_value(v);
	if (*out < min || *out > max)
		return gq_fail(g, key, "out of range");
	return 0;
}

static json_t *
gq_load(struct gq *g, const char *body, size_t len)
{
	json_error_t err;
	json_t *root;

	root = json_loadb(body != NULL ? body : "", len, JSON_REJECT_DUPLICATES,
	    &err);
	if (root == NULL)
		gq_fail(g, NULL, "bad JSON at line %d: %s", err.line, err.text);
	return root;
}

/* The array at root (key NULL) or root.key, bounded. */
static json_t *
gq_array(struct gq *g, json_t *root, const char *key)
{
	json_t *a = key != NULL ? json_object_get(root, key) : root;

	if (key != NULL && !json_is_object(root)) {
		gq_fail(g, NULL, "expected an object");
		return NULL;
	}
	if (!json_is_array(a)) {
		gq_fail(g, key, a == NULL ? "missing" : "expected array");
		return NULL;
	}
	if (json_array_size(a) > GHPARSE_QUALITY_MAX_ITEMS) {
		gq_fail(g, key, "more than %d items",
		    GHPARSE_QUALITY_MAX_ITEMS);
		return NULL;
	}
	return a;
}

static void
check_done(struct quality_check *ck)
{
	size_t j;

	free(ck->name);
	free(ck->title);
	free(ck->summary);
	for (j = 0; j < ck->nann; j++) {
		free(ck->ann[j].title);
		free(ck->ann[j].message);
		free(ck->ann[j].path);
	}
	free(ck->ann);
	memset(ck, 0, sizeof *ck);
}

/* Appends the n parsed checks in tmp to c (or frees them on error). */
static int
checks_take(struct quality_commit *c, struct quality_check *tmp, size_t n,
    int rc)
{
	size_t i;

	if (rc != 0) {
		for (i = 0; i < n; i++)
			check_done(&tmp[i]);
		free(tmp);
		return -1;
	}
	if (n > 0) {
		c->checks = xreallocarray(c->checks, c->nchecks + n,
		    sizeof *c->checks);
		memcpy(c->checks + c->nchecks, tmp, n * sizeof *tmp);
		c->nchecks += n;
	}
	free(tmp);
	return 0;
}

static int
parse_run(struct gq *g, json_t *o, struct quality_check *ck, char **head)
{
	const char *status, *conclusion;
	json_t *out;
	long long id, cnt;
	size_t n;
	int rc = -1;

	if (!json_is_object(o))
		return gq_fail(g, NULL, "expected an object");
	if (gq_int(g, o, "id", true, 1, INT64_MAX, &id) != 0 ||
	    gq_str(g, o, "name", true, &ck->name) != 0 ||
	    gq_enum(g, o, "status", &status) != 0 ||
	    gq_enum(g, o, "conclusion", &conclusion) != 0 ||
	    (head != NULL && *head == NULL &&
	    gq_str(g, o, "head_sha", false, head) != 0))
		return -1;
	if (ck->name == NULL)
		return gq_fail(g, "name", "expected string");
	ck->id = id;
	ck->state = quality_state_of_run(status, conclusion);
	out = json_object_get(o, "output");
	if (out == NULL || json_is_null(out))
		return 0;
	n = gq_push(g, "output", 0);
	if (!json_is_object(out))
		gq_fail(g, NULL, "expected an object");
	else if (gq_str(g, out, "title", false, &ck->title) == 0 &&
	    gq_str(g, out, "summary", false, &ck->summary) == 0 &&
	    gq_int(g, out, "annotations_count", false, 0, INT_MAX,
	    &cnt) == 0) {
		ck->annotations_count = (int)cnt;
		rc = 0;
	}
	gq_pop(g, n);
	return rc;
}

int
ghparse_check_runs(const char *body, size_t len, struct quality_commit *c,
    long *total_count, char **head_sha, char **cause)
{
	struct gq g = { "", cause };
	struct quality_check *tmp = NULL;
	json_t *root, *a;
	long long total = 0;
	size_t i, n = 0, p;
	int rc = -1;

	if (head_sha != NULL)
		*head_sha = NULL;
	if ((root = gq_load(&g, body, len)) == NULL)
		return -1;
	if ((a = gq_array(&g, root, "check_runs")) == NULL ||
	    gq_int(&g, root, "total_count", true, 0, INT_MAX, &total) != 0)
		goto out;
	tmp = xcalloc(json_array_size(a) + 1, sizeof *tmp);
	for (i = 0; i < json_array_size(a); i++) {
		p = strlen(g.path);
		snprintf(g.path + p, sizeof g.path - p, "check_runs[%zu]", i);
		if (parse_run(&g, json_array_get(a, i), &tmp[n++],
		    head_sha) != 0)
			goto out;
		gq_pop(&g, p);
	}
	if (total_count != NULL)
		*total_count = (long)total;
	rc = 0;
out:
	json_decref(root);
	if (rc != 0 && head_sha != NULL) {
		free(*head_sha);
		*head_sha = NULL;
	}
	return checks_take(c, tmp, n, rc);
}

int
ghparse_combined_status(const char *body, size_t len,
    struct quality_commit *c, char **sha, char **cause)
{
	struct gq g = { "", cause };
	struct quality_check *tmp = NULL, *ck;
	const char *state;
	json_t *root, *a, *o;
	size_t i, n = 0, p;
	int rc = -1;

	*sha = NULL;
	if ((root = gq_load(&g, body, len)) == NULL)
		return -1;
	if ((a = gq_array(&g, root, "statuses")) == NULL ||
	    gq_str(&g, root, "sha", true, sha) != 0)
		goto out;
	tmp = xcalloc(json_array_size(a) + 1, sizeof *tmp);
	for (i = 0; i < json_array_size(a); i++) {
		p = strlen(g.path);
		snprintf(g.path + p, sizeof g.path - p, "statuses[%zu]", i);
		o = json_array_get(a, i);
		ck = &tmp[n++];
		ck->is_status = true;
		if (!json_is_object(o)) {
			gq_fail(&g, NULL, "expected an object");
			goto out;
		}
		if (gq_enum(&g, o, "state", &state) != 0 ||
		    gq_str(&g, o, "context", true, &ck->name) != 0 ||
		    gq_str(&g, o, "description", false, &ck->summary) != 0)
			goto out;
		if (ck->name == NULL) {
			gq_fail(&g, "context", "expected string");
			goto out;
		}
		ck->state = quality_state_of_status(state);
		gq_pop(&g, p);
	}
	rc = 0;
out:
	json_decref(root);
	if (rc != 0) {
		free(*sha);
		*sha = NULL;
	}
	return checks_take(c, tmp, n, rc);
}

int
ghparse_annotations(const char *body, size_t len, struct quality_check *ck,
    char **cause)
{
	struct gq g = { "", cause };
	struct quality_annotation *tmp = NULL, *an;
	const char *level;
	json_t *root, *a, *o;
	size_t i, n = 0;
	int rc = -1;

	if ((root = gq_load(&g, body, len)) == NULL)
		return -1;
	if ((a = gq_array(&g, root, NULL)) == NULL)
		goto out;
	tmp = xcalloc(json_array_size(a) + 1, sizeof *tmp);
	for (i = 0; i < json_array_size(a); i++) {
		snprintf(g.path, sizeof g.path, "[%zu]", i);
		o = json_array_get(a, i);
		an = &tmp[n++];
		if (!json_is_object(o)) {
			gq_fail(&g, NULL, "expected an object");
			goto out;
		}
		if (gq_enum(&g, o, "annotation_level", &level) != 0 ||
		    gq_str(&g, o, "title", false, &an->title) != 0 ||
		    gq_str(&g, o, "message", false, &an->message) != 0 ||
		    gq_str(&g, o, "path", false, &an->path) != 0)
			goto out;
		/* An unknown level is not dropped: it counts as a warning. */
		an->level = level != NULL && strcmp(level, "notice") == 0 ?
		    QUALITY_NOTICE : level != NULL && strcmp(level,
		    "failure") == 0 ? QUALITY_FAILURE : QUALITY_WARNING;
	}
	rc = 0;
out:
	json_decref(root);
	if (rc != 0) {
		for (i = 0; i < n; i++) {
			free(tmp[i].title);
			free(tmp[i].message);
			free(tmp[i].path);
		}
		free(tmp);
		return -1;
	}
	if (n > 0) {
		ck->ann = xreallocarray(ck->ann, ck->nann + n, sizeof *ck->ann);
		memcpy(ck->ann + ck->nann, tmp, n * sizeof *tmp);
		ck->nann += n;
	}
	free(tmp);
	return 0;
}

static int
sev_of(const char *s, enum quality_sev *out)
{
	static const char *const names[] = { "low", "medium", "high",
	    "critical" };
	size_t i;

	for (i = 0; s != NULL && i < QUALITY_NSEVS; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum quality_sev)i;
			return 0;
		}
	}
	return -1;
}

/* kind 0: code scanning, 1: Dependabot. Counted into a copy first, so a
 * bad body leaves a as it was. */
static int
parse_alerts(const char *body, size_t len, struct quality_alerts *a,
    int kind, char **cause)
{
	struct gq g = { "", cause };
	int sev[QUALITY_NSEVS] = { 0 };
	const char *state, *level, *rsev;
	enum quality_sev s;
	json_t *root, *arr, *o, *sub;
	size_t i;
	int rc = -1;

	if ((root = gq_load(&g, body, len)) == NULL)
		return -1;
	if ((arr = gq_array(&g, root, NULL)) == NULL)
		goto out;
	for (i = 0; i < json_array_size(arr); i++) {
		snprintf(g.path, sizeof g.path, "[%zu]", i);
		o = json_array_get(arr, i);
		if (!json_is_object(o)) {
			gq_fail(&g, NULL, "expected an object");
			goto out;
		}
		if (gq_enum(&g, o, "state", &state) != 0)
			goto out;
		if (state == NULL || strcmp(state, "open") != 0)
			continue;
		sub = json_object_get(o, kind == 0 ? "rule" :
		    "security_advisory");
		level = rsev = NULL;
		if (sub != NULL && !json_is_null(sub) && !json_is_object(sub)) {
			gq_fail(&g, kind == 0 ? "rule" : "security_advisory",
			    "expected an object");
			goto out;
		}
		if (sub != NULL && json_is_object(sub) && ((kind == 0 &&
		    (gq_enum(&g, sub, "security_severity_level", &level) != 0 ||
		    gq_enum(&g, sub, "severity", &rsev) != 0)) ||
		    (kind == 1 && gq_enum(&g, sub, "severity", &level) != 0)))
			goto out;
		if (sev_of(level, &s) == 0)
			;
		else if (rsev != NULL && strcmp(rsev, "error") == 0)
			s = QUALITY_SEV_HIGH;
		else if (rsev != NULL && strcmp(rsev, "warning") == 0)
			s = QUALITY_SEV_MEDIUM;
		else
			s = QUALITY_SEV_LOW;
		sev[s]++;
	}
	for (i = 0; i < QUALITY_NSEVS; i++)
		a->sev[i] += sev[i];
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
ghparse_code_scanning_alerts(const char *body, size_t len,
    struct quality_alerts *a, char **cause)
{
	return parse_alerts(body, len, a, 0, cause);
}

int
ghparse_dependabot_alerts(const char *body, size_t len,
    struct quality_alerts *a, char **cause)
{
	return parse_alerts(body, len, a, 1, cause);
}

void
quality_pulls_free(struct quality_pull *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].head_sha);
		free(v[i].head_ref);
	}
	free(v);
}

int
ghparse_pulls(const char *body, size_t len, struct quality_pull **v,
    size_t *n, char **cause)
{
	struct gq g = { "", cause };
	struct quality_pull *tmp = NULL, *pr;
	const char *state;
	json_t *root, *arr, *o, *head;
	long long num;
	size_t i, k = 0;
	int rc = -1;

	if ((root = gq_load(&g, body, len)) == NULL)
		return -1;
	if ((arr = gq_array(&g, root, NULL)) == NULL)
		goto out;
	tmp = xcalloc(json_array_size(arr) + 1, sizeof *tmp);
	for (i = 0; i < json_array_size(arr); i++) {
		snprintf(g.path, sizeof g.path, "[%zu]", i);
		o = json_array_get(arr, i);
		if (!json_is_object(o)) {
			gq_fail(&g, NULL, "expected an object");
			goto out;
		}
		if (gq_enum(&g, o, "state", &state) != 0 ||
		    gq_int(&g, o, "number", true, 1, INT_MAX, &num) != 0)
			goto out;
		if (state != NULL && strcmp(state, "open") != 0)
			continue;
		head = json_object_get(o, "head");
		if (!json_is_object(head)) {
			gq_fail(&g, "head", "expected an object");
			goto out;
		}
		pr = &tmp[k++];
		pr->number = (int)num;
		if (gq_str(&g, o, "title", false, &pr->title) != 0)
			goto out;
		gq_push(&g, "head", 0);
		if (gq_str(&g, head, "sha", true, &pr->head_sha) != 0 ||
		    gq_str(&g, head, "ref", false, &pr->head_ref) != 0)
			goto out;
		if (pr->head_sha == NULL) {
			gq_fail(&g, "sha", "expected string");
			goto out;
		}
	}
	rc = 0;
out:
	json_decref(root);
	if (rc != 0) {
		quality_pulls_free(tmp, k);
		return -1;
	}
	if (k > 0) {
		*v = xreallocarray(*v, *n + k, sizeof **v);
		memcpy(*v + *n, tmp, k * sizeof *tmp);
		*n += k;
	}
	free(tmp);
	return 0;
}

int
ghparse_repo_default_branch(const char *body, size_t len, char **branch,
    char **cause)
{
	struct gq g = { "", cause };
	json_t *root;
	int rc = -1;

	*branch = NULL;
	if ((root = gq_load(&g, body, len)) == NULL)
		return -1;
	if (!json_is_object(root))
		gq_fail(&g, NULL, "expected an object");
	else if (gq_str(&g, root, "default_branch", true, branch) == 0) {
		if (*branch == NULL || **branch == '\0')
			gq_fail(&g, "default_branch", "expected a name");
		else
			rc = 0;
	}
	if (rc != 0) {
		free(*branch);
		*branch = NULL;
	}
	json_decref(root);
	return rc;
}

int
ghparse_open_issues(const char *body, size_t len, int *n, char **cause)
{
	struct gq g = { "", cause };
	const char *state;
	json_t *root, *arr, *o;
	size_t i;
	int k = 0, rc = -1;

	*n = 0;
	if ((root = gq_load(&g, body, len)) == NULL)
		return -1;
	if ((arr = gq_array(&g, root, NULL)) == NULL)
		goto out;
	for (i = 0; i < json_array_size(arr); i++) {
		snprintf(g.path, sizeof g.path, "[%zu]", i);
		o = json_array_get(arr, i);
		if (!json_is_object(o)) {
			gq_fail(&g, NULL, "expected an object");
			goto out;
		}
		if (gq_enum(&g, o, "state", &state) != 0)
			goto out;
		/* The issues endpoint lists pull requests too. */
		if (json_object_get(o, "pull_request") != NULL ||
		    (state != NULL && strcmp(state, "open") != 0))
			continue;
		k++;
	}
	*n = k;
	rc = 0;
out:
	json_decref(root);
	return rc;
}
