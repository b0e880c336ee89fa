/* ghparse_deploy: owns the JSON-to-model parsing of GitHub's deploy
 * endpoints (environments, deployments and statuses, compare, pending
 * deployments, review history, dispatch answers) with jansson. Same rules
 * as ghparse.c (strict types, bounded, raw strings, a cause with a
 * path); its helpers are static there, so this file has its own small
 * set. */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/clock.h"
#include "opsdeck/ghparse_deploy.h"
#include "opsdeck/xalloc.h"

/* Where in the document a value is, for error messages. */
struct gpd {
	char	 path[160];
	char	**cause;
};

static int gpd_fail(struct gpd *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets *cause to "PATH.FIELD: message"; always returns -1. */
static int
gpd_fail(struct gpd *g, const char *field, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (g->cause == NULL)
		return (-1);
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
	return (-1);
}

/* Appends ".key" or "[i]" to the path; returns the old length to restore. */
static size_t
gpd_push(struct gpd *g, const char *key, size_t index)
{
	size_t	n = strlen(g->path);

	if (key != NULL)
		snprintf(g->path + n, sizeof g->path - n, "%s%s",
		    n > 0 ? "." : "", key);
	else
		snprintf(g->path + n, sizeof g->path - n, "[%zu]", index);
	return (n);
}

static void
gpd_pop(struct gpd *g, size_t n)
{
	g->path[n] = '\0';
}

/* A string: absent or null gives NULL unless required (absent is then an
 * error; null stays allowed). Kept raw, NUL bytes included up to the
 * first (jansson allows \u0000; C strings stop there). */
static int
gpd_str(struct gpd *g, json_t *o, const char *key, bool required, char **out)
{
	json_t	*v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL)
		return (required ? gpd_fail(g, key, "missing") : 0);
	if (json_is_null(v))
		return (0);
	if (!json_is_string(v))
		return (gpd_fail(g, key, "expected string"));
	*out = xstrdup(json_string_value(v));
	return (0);
}

/* An int64 (ids): JSON integers only. */
static int
gpd_i64(struct gpd *g, json_t *o, const char *key, bool required,
    int64_t *out)
{
	json_t	*v = json_object_get(o, key);

	*out = 0;
	if (v == NULL)
		return (required ? gpd_fail(g, key, "missing") : 0);
	if (json_is_null(v) && !required)
		return (0);
	if (!json_is_integer(v))
		return (gpd_fail(g, key, "expected integer"));
	*out = (int64_t)json_integer_value(v);
	return (0);
}

/* A count that fits an int and is not negative. */
static int
gpd_count(struct gpd *g, json_t *o, const char *key, int *out)
{
	int64_t	v;

	*out = 0;
	if (gpd_i64(g, o, key, false, &v) != 0)
		return (-1);
	if (v < 0 || v > INT_MAX)
		return (gpd_fail(g, key, "out of range"));
	*out = (int)v;
	return (0);
}

static int
gpd_bool(struct gpd *g, json_t *o, const char *key, bool *out)
{
	json_t	*v = json_object_get(o, key);

	*out = false;
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_boolean(v))
		return (gpd_fail(g, key, "expected boolean"));
	*out = json_is_true(v);
	return (0);
}

/* A date-time: absent or null is 0 (unknown). */
static int
gpd_time(struct gpd *g, json_t *o, const char *key, time_t *out)
{
	json_t	*v = json_object_get(o, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_string(v))
		return (gpd_fail(g, key, "expected date-time string"));
	if (clock_parse_rfc3339(json_string_value(v), out) != 0)
		return (gpd_fail(g, key, "bad date-time"));
	return (0);
}

/* The login of a nested user object (creator, user); absent or null is
 * NULL. */
static int
gpd_login(struct gpd *g, json_t *o, const char *key, char **out)
{
	json_t	*u = json_object_get(o, key);
	size_t	 n;
	int	 rc;

	*out = NULL;
	if (u == NULL || json_is_null(u))
		return (0);
	if (!json_is_object(u))
		return (gpd_fail(g, key, "expected object"));
	n = gpd_push(g, key, 0);
	rc = gpd_str(g, u, "login", false, out);
	if (rc == 0)
		gpd_pop(g, n);
	return (rc);
}

/* Loads any JSON value; NULL (with *cause) when it is not JSON. */
static json_t *
gpd_load(struct gpd *g, const char *body, size_t len)
{
	json_error_t	 err;
	json_t		*root;

	root = json_loadb(body != NULL ? body : "", body != NULL ? len : 0,
	    JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (root == NULL)
		gpd_fail(g, NULL, "invalid JSON at line %d column %d: %s",
		    err.line, err.column, err.text);
	return (root);
}

/* One kind of list item: size, parser and destructor. */
struct gpd_kind {
	size_t	 size;
	int	(*one)(struct gpd *, json_t *, void *);
	void	(*done)(void *);
};

/* Appends the items of arr to *items / *n; on error nothing is added. */
static int
gpd_array(struct gpd *g, const struct gpd_kind *k, json_t *arr, void **items,
    size_t *n)
{
	char	*all;
	size_t	 i, cnt, base = *n, plen;

	if (!json_is_array(arr))
		return (gpd_fail(g, NULL, "expected array"));
	if ((cnt = json_array_size(arr)) > GHPARSE_DEPLOY_MAX_ITEMS)
		cnt = GHPARSE_DEPLOY_MAX_ITEMS;
	if (cnt == 0)
		return (0);
	all = xreallocarray(*items, base + cnt, k->size);
	*items = all;
	for (i = 0; i < cnt; i++) {
		plen = gpd_push(g, NULL, i);
		if (k->one(g, json_array_get(arr, i),
		    all + (base + i) * k->size) != 0) {
			while (i-- > 0)
				k->done(all + (base + i) * k->size);
			return (-1);
		}
		gpd_pop(g, plen);
	}
	*n = base + cnt;
	return (0);
}

/* A bare-array body. */
static int
gpd_list(const struct gpd_kind *k, const char *body, size_t len,
    void **items, size_t *n, char **cause)
{
	struct gpd	 g = { "", cause };
	json_t		*root;
	int		 rc;

	if (cause != NULL)
		*cause = NULL;
	if ((root = gpd_load(&g, body, len)) == NULL)
		return (-1);
	rc = gpd_array(&g, k, root, items, n);
	json_decref(root);
	return (rc);
}

/* One-object body. */
static int
gpd_single(const struct gpd_kind *k, const char *body, size_t len, void *out,
    char **cause)
{
	struct gpd	 g = { "", cause };
	json_t		*root;
	int		 rc;

	if (cause != NULL)
		*cause = NULL;
	memset(out, 0, k->size);
	if ((root = gpd_load(&g, body, len)) == NULL)
		return (-1);
	rc = k->one(&g, root, out);
	json_decref(root);
	return (rc);
}

/* --- environments ----------------------------------------------------- */

static int
gpd_rules(struct gpd *g, json_t *o, struct environment *e)
{
	json_t	*arr = json_object_get(o, "protection_rules"), *r;
	char	*type = NULL;
	size_t	 i, n, plen;
	int64_t	 wt;

	if (arr == NULL || json_is_null(arr))
		return (0);
	if (!json_is_array(arr))
		return (gpd_fail(g, "protection_rules", "expected array"));
	n = json_array_size(arr);
	for (i = 0; i < n && i < GHPARSE_DEPLOY_MAX_ITEMS; i++) {
		r = json_array_get(arr, i);
		plen = gpd_push(g, "protection_rules", 0);
		gpd_push(g, NULL, i);
		if (!json_is_object(r))
			return (gpd_fail(g, NULL, "expected object"));
		if (gpd_str(g, r, "type", true, &type) != 0)
			return (-1);
		if (type == NULL)
			return (gpd_fail(g, "type", "expected string"));
		if (strcmp(type, "wait_timer") == 0) {
			if (gpd_i64(g, r, "wait_timer", false, &wt) != 0) {
				free(type);
				return (-1);
			}
			if (wt < 0 || wt > INT_MAX) {
				free(type);
				return (gpd_fail(g, "wait_timer",
				    "out of range"));
			}
			e->wait_timer = (int)wt;
		} else if (strcmp(type, "required_reviewers") == 0) {
			e->required_reviewers = true;
			if (gpd_bool(g, r, "prevent_self_review",
			    &e->prevent_self_review) != 0) {
				free(type);
				return (-1);
			}
		} else if (strcmp(type, "branch_policy") == 0)
			e->branch_policy = true;
		/* Other rule types (custom gates) are GitHub's business. */
		free(type);
		type = NULL;
		gpd_pop(g, plen);
	}
	return (0);
}

static int
gpd_environment(struct gpd *g, json_t *o, void *item)
{
	struct environment	*e = item;

	memset(e, 0, sizeof *e);
	if (!json_is_object(o))
		return (gpd_fail(g, NULL, "expected object"));
	if (gpd_i64(g, o, "id", true, &e->id) != 0 ||
	    gpd_str(g, o, "name", true, &e->name) != 0 ||
	    gpd_str(g, o, "html_url", false, &e->html_url) != 0 ||
	    gpd_time(g, o, "created_at", &e->created_at) != 0 ||
	    gpd_time(g, o, "updated_at", &e->updated_at) != 0 ||
	    gpd_rules(g, o, e) != 0) {
		environment_done(e);
		return (-1);
	}
	return (0);
}

static void
gpd_environment_done(void *item)
{
	environment_done(item);
}

int
ghparse_environments(const char *body, size_t len, struct environment **envs,
    size_t *n, long *total_count, char **cause)
{
	static const struct gpd_kind k = { sizeof(struct environment),
	    gpd_environment, gpd_environment_done };
	struct gpd	 g = { "", cause };
	json_t		*root, *arr;
	int64_t		 tc = -1;
	int		 rc = -1;

	if (cause != NULL)
		*cause = NULL;
	if ((root = gpd_load(&g, body, len)) == NULL)
		return (-1);
	if (!json_is_object(root)) {
		gpd_fail(&g, NULL, "expected object");
		goto out;
	}
	if (gpd_i64(&g, root, "total_count", false, &tc) != 0)
		goto out;
	if (json_object_get(root, "total_count") == NULL ||
	    json_is_null(json_object_get(root, "total_count")))
		tc = -1;
	else if (tc < 0 || tc > LONG_MAX) {
		gpd_fail(&g, "total_count", "out of range");
		goto out;
	}
	/* The spec makes the array optional: absent is none. */
	arr = json_object_get(root, "environments");
	if (arr != NULL && !json_is_null(arr)) {
		snprintf(g.path, sizeof g.path, "environments");
		if (gpd_array(&g, &k, arr, (void **)envs, n) != 0)
			goto out;
	}
	if (total_count != NULL)
		*total_count = (long)tc;
	rc = 0;
out:
	json_decref(root);
	return (rc);
}

/* --- deployments and statuses ----------------------------------------- */

static int
gpd_deployment_one(struct gpd *g, json_t *o, void *item)
{
	struct deployment	*d = item;

	memset(d, 0, sizeof *d);
	if (!json_is_object(o))
		return (gpd_fail(g, NULL, "expected object"));
	if (gpd_i64(g, o, "id", true, &d->id) != 0 ||
	    gpd_str(g, o, "sha", true, &d->sha) != 0 ||
	    gpd_str(g, o, "ref", false, &d->ref) != 0 ||
	    gpd_str(g, o, "task", false, &d->task) != 0 ||
	    gpd_str(g, o, "environment", true, &d->environment) != 0 ||
	    gpd_str(g, o, "original_environment", false,
	    &d->original_environment) != 0 ||
	    gpd_str(g, o, "description", false, &d->description) != 0 ||
	    gpd_login(g, o, "creator", &d->creator) != 0 ||
	    gpd_time(g, o, "created_at", &d->created_at) != 0 ||
	    gpd_time(g, o, "updated_at", &d->updated_at) != 0 ||
	    gpd_bool(g, o, "production_environment",
	    &d->production_environment) != 0 ||
	    gpd_bool(g, o, "transient_environment",
	    &d->transient_environment) != 0) {
		deployment_done(d);
		return (-1);
	}
	return (0);
}

static void
gpd_deployment_done(void *item)
{
	deployment_done(item);
}

static const struct gpd_kind gpd_deployment_kind = {
	sizeof(struct deployment), gpd_deployment_one, gpd_deployment_done
};

int
ghparse_deployments(const char *body, size_t len, struct deployment **deps,
    size_t *n, char **cause)
{
	return (gpd_list(&gpd_deployment_kind, body, len, (void **)deps, n,
	    cause));
}

int
ghparse_deployment(const char *body, size_t len, struct deployment *out,
    char **cause)
{
	return (gpd_single(&gpd_deployment_kind, body, len, out, cause));
}

static int
gpd_status_one(struct gpd *g, json_t *o, void *item)
{
	struct deployment_status	*s = item;

	memset(s, 0, sizeof *s);
	if (!json_is_object(o))
		return (gpd_fail(g, NULL, "expected object"));
	if (gpd_i64(g, o, "id", true, &s->id) != 0 ||
	    gpd_str(g, o, "state", true, &s->state) != 0 ||
	    gpd_str(g, o, "description", false, &s->description) != 0 ||
	    gpd_str(g, o, "environment", false, &s->environment) != 0 ||
	    gpd_login(g, o, "creator", &s->creator) != 0 ||
	    gpd_str(g, o, "log_url", false, &s->log_url) != 0 ||
	    gpd_str(g, o, "environment_url", false,
	    &s->environment_url) != 0 ||
	    gpd_time(g, o, "created_at", &s->created_at) != 0 ||
	    gpd_time(g, o, "updated_at", &s->updated_at) != 0) {
		deployment_status_done(s);
		return (-1);
	}
	if (s->state == NULL) {		/* "state": null */
		deployment_status_done(s);
		return (gpd_fail(g, "state", "expected string"));
	}
	s->kind = deploy_state_parse(s->state);
	return (0);
}

static void
gpd_status_done(void *item)
{
	deployment_status_done(item);
}

static const struct gpd_kind gpd_status_kind = {
	sizeof(struct deployment_status), gpd_status_one, gpd_status_done
};

int
ghparse_deployment_statuses(const char *body, size_t len,
    struct deployment_status **sts, size_t *n, char **cause)
{
	return (gpd_list(&gpd_status_kind, body, len, (void **)sts, n, cause));
}

int
ghparse_deployment_status(const char *body, size_t len,
    struct deployment_status *out, char **cause)
{
	return (gpd_single(&gpd_status_kind, body, len, out, cause));
}

/* --- compare ---------------------------------------------------------- */

static int
gpd_commit(struct gpd *g, json_t *o, struct deploy_commit *c)
{
	json_t	*commit, *author;
	char	*msg = NULL, *nl;
	size_t	 plen;

	memset(c, 0, sizeof *c);
	if (!json_is_object(o))
		return (gpd_fail(g, NULL, "expected object"));
	if (gpd_str(g, o, "sha", true, &c->sha) != 0)
		return (-1);
	commit = json_object_get(o, "commit");
	if (commit == NULL || !json_is_object(commit))
		return (gpd_fail(g, "commit", "expected object"));
	plen = gpd_push(g, "commit", 0);
	if (gpd_str(g, commit, "message", false, &msg) != 0)
		return (-1);
	if (msg != NULL) {
		if ((nl = strchr(msg, '\n')) != NULL)
			*nl = '\0';
		c->subject = msg;
	}
	author = json_object_get(commit, "author");
	if (author != NULL && !json_is_null(author)) {
		if (!json_is_object(author))
			return (gpd_fail(g, "author", "expected object"));
		gpd_push(g, "author", 0);
		if (gpd_str(g, author, "name", false, &c->author) != 0 ||
		    gpd_time(g, author, "date", &c->time) != 0)
			return (-1);
	}
	gpd_pop(g, plen);
	if (c->author == NULL && gpd_login(g, o, "author", &c->author) != 0)
		return (-1);
	return (0);
}

static void
gpd_commit_done(struct deploy_commit *c)
{
	free(c->sha);
	free(c->subject);
	free(c->author);
	memset(c, 0, sizeof *c);
}

static int
gpd_compare_lists(struct gpd *g, json_t *root, struct deploy_compare *c)
{
	json_t	*arr, *f;
	size_t	 i, n;

	arr = json_object_get(root, "commits");
	if (!json_is_array(arr))
		return (gpd_fail(g, "commits", arr == NULL ? "missing" :
		    "expected array"));
	if ((n = json_array_size(arr)) > GHPARSE_DEPLOY_MAX_COMMITS)
		n = GHPARSE_DEPLOY_MAX_COMMITS;
	c->commits = n > 0 ? xcalloc(n, sizeof *c->commits) : NULL;
	for (i = 0; i < n; i++) {
		snprintf(g->path, sizeof g->path, "commits[%zu]", i);
		if (gpd_commit(g, json_array_get(arr, i),
		    &c->commits[i]) != 0) {
			gpd_commit_done(&c->commits[i]);
			return (-1);
		}
		c->ncommits++;
	}
	*g->path = '\0';
	arr = json_object_get(root, "files");
	if (arr == NULL || json_is_null(arr))
		return (0);
	if (!json_is_array(arr))
		return (gpd_fail(g, "files", "expected array"));
	if ((n = json_array_size(arr)) > GHPARSE_DEPLOY_MAX_FILES)
		n = GHPARSE_DEPLOY_MAX_FILES;
	c->files = n > 0 ? xcalloc(n, sizeof *c->files) : NULL;
	for (i = 0; i < n; i++) {
		snprintf(g->path, sizeof g->path, "files[%zu]", i);
		f = json_array_get(arr, i);
		if (!json_is_object(f))
			return (gpd_fail(g, NULL, "expected object"));
		if (gpd_str(g, f, "filename", true, &c->files[i]) != 0)
			return (-1);
		c->nfiles++;
	}
	*g->path = '\0';
	return (0);
}

int
ghparse_compare(const char *body, size_t len, struct deploy_compare *out,
    char **cause)
{
	struct gpd		 g = { "", cause };
	struct deploy_compare	 c;
	json_t			*root;
	int			 rc = -1;

	memset(&c, 0, sizeof c);
	memset(out, 0, sizeof *out);
	if (cause != NULL)
		*cause = NULL;
	if ((root = gpd_load(&g, body, len)) == NULL)
		return (-1);
	if (!json_is_object(root)) {
		gpd_fail(&g, NULL, "expected object");
		goto out;
	}
	if (gpd_str(&g, root, "status", true, &c.status) != 0 ||
	    gpd_count(&g, root, "ahead_by", &c.ahead_by) != 0 ||
	    gpd_count(&g, root, "behind_by", &c.behind_by) != 0 ||
	    gpd_count(&g, root, "total_commits", &c.total_commits) != 0 ||
	    gpd_compare_lists(&g, root, &c) != 0) {
		deploy_compare_done(&c);
		goto out;
	}
	*out = c;
	rc = 0;
out:
	json_decref(root);
	return (rc);
}

/* --- pending deployments, dispatch ------------------------------------ */

#define REVIEWERS_MAX	16

/* "octocat, @justice-league": users by login, teams by slug (or name),
 * at most REVIEWERS_MAX; a malformed entry is skipped, not an error (the
 * list is shown, never acted on). NULL when there are none. */
static char *
gpd_reviewers(json_t *o)
{
	json_t *arr = json_object_get(o, "reviewers"), *r, *who, *name;
	const char *type, *v;
	char *out = NULL, *next;
	size_t i, n = 0;

	if (!json_is_array(arr))
		return (NULL);
	json_array_foreach(arr, i, r) {
		if (n == REVIEWERS_MAX)
			break;
		type = json_string_value(json_object_get(r, "type"));
		who = json_object_get(r, "reviewer");
		if (type == NULL || !json_is_object(who))
			continue;
		name = json_object_get(who, strcmp(type, "Team") == 0 ?
		    "slug" : "login");
		if (!json_is_string(name) && strcmp(type, "Team") == 0)
			name = json_object_get(who, "name");
		if ((v = json_string_value(name)) == NULL || *v == '\0' ||
		    strlen(v) != json_string_length(name) || strlen(v) > 100)
			continue;
		next = xasprintf("%s%s%s%s", out != NULL ? out : "",
		    out != NULL ? ", " : "", strcmp(type, "Team") == 0 ? "@" :
		    "", v);
		free(out);
		out = next;
		n++;
	}
	return (out);
}

static int
gpd_pending_one(struct gpd *g, json_t *o, void *item)
{
	struct pending_deployment	*p = item;
	json_t				*env;
	size_t				 plen;

	memset(p, 0, sizeof *p);
	if (!json_is_object(o))
		return (gpd_fail(g, NULL, "expected object"));
	env = json_object_get(o, "environment");
	if (!json_is_object(env))
		return (gpd_fail(g, "environment", env == NULL ? "missing" :
		    "expected object"));
	plen = gpd_push(g, "environment", 0);
	if (gpd_i64(g, env, "id", true, &p->environment_id) != 0 ||
	    gpd_str(g, env, "name", true, &p->environment) != 0)
		goto fail;
	gpd_pop(g, plen);
	if (gpd_count(g, o, "wait_timer", &p->wait_timer) != 0 ||
	    gpd_time(g, o, "wait_timer_started_at",
	    &p->wait_timer_started_at) != 0 ||
	    gpd_bool(g, o, "current_user_can_approve", &p->can_approve) != 0)
		goto fail;
	p->reviewers = gpd_reviewers(o);
	return (0);
fail:
	free(p->environment);
	memset(p, 0, sizeof *p);
	return (-1);
}

static void
gpd_pending_done(void *item)
{
	struct pending_deployment	*p = item;

	free(p->environment);
	free(p->reviewers);
	memset(p, 0, sizeof *p);
}

int
ghparse_pending_deployments(const char *body, size_t len,
    struct pending_deployment **p, size_t *n, char **cause)
{
	static const struct gpd_kind k = { sizeof(struct pending_deployment),
	    gpd_pending_one, gpd_pending_done };

	return (gpd_list(&k, body, len, (void **)p, n, cause));
}

/* --- a run's review history ------------------------------------------ */

/* The names of a review's environments (each an object with an integer
 * id and a name), at most GHPARSE_DEPLOY_MAX_REVIEW_ENVS of them. */
static int
gpd_review_envs(struct gpd *g, json_t *o, struct approval *a)
{
	json_t	*arr = json_object_get(o, "environments"), *e;
	size_t	 i, n, plen;
	int64_t	 id;

	if (!json_is_array(arr))
		return (gpd_fail(g, "environments", arr == NULL ? "missing" :
		    "expected array"));
	if ((n = json_array_size(arr)) > GHPARSE_DEPLOY_MAX_REVIEW_ENVS)
		n = GHPARSE_DEPLOY_MAX_REVIEW_ENVS;
	a->environments = n > 0 ? xcalloc(n, sizeof *a->environments) : NULL;
	for (i = 0; i < n; i++) {
		e = json_array_get(arr, i);
		plen = gpd_push(g, "environments", 0);
		gpd_push(g, NULL, i);
		if (!json_is_object(e))
			return (gpd_fail(g, NULL, "expected object"));
		if (gpd_i64(g, e, "id", true, &id) != 0 ||
		    gpd_str(g, e, "name", true, &a->environments[i]) != 0)
			return (-1);
		if (a->environments[i] == NULL)
			return (gpd_fail(g, "name", "expected string"));
		a->nenvironments = i + 1;
		gpd_pop(g, plen);
	}
	return (0);
}

static int
gpd_approval_one(struct gpd *g, json_t *o, void *item)
{
	struct approval	*a = item;

	memset(a, 0, sizeof *a);
	if (!json_is_object(o))
		return (gpd_fail(g, NULL, "expected object"));
	if (gpd_str(g, o, "state", true, &a->state) != 0 ||
	    (a->state == NULL && gpd_fail(g, "state", "expected string")) ||
	    gpd_login(g, o, "user", &a->user) != 0 ||
	    gpd_str(g, o, "comment", true, &a->comment) != 0 ||
	    gpd_review_envs(g, o, a) != 0) {
		approval_done(a);
		return (-1);
	}
	a->kind = approval_state_parse(a->state);
	return (0);
}

static void
gpd_approval_done(void *item)
{
	approval_done(item);
}

int
ghparse_approvals(const char *body, size_t len, struct approval **a,
    size_t *n, char **cause)
{
	static const struct gpd_kind k = { sizeof(struct approval),
	    gpd_approval_one, gpd_approval_done };

	return (gpd_list(&k, body, len, (void **)a, n, cause));
}

int
ghparse_dispatch(const char *body, size_t len, int64_t *run_id, char **cause)
{
	struct gpd	 g = { "", cause };
	json_t		*root;
	size_t		 i;
	int		 rc = -1;

	if (cause != NULL)
		*cause = NULL;
	*run_id = 0;
	for (i = 0; body != NULL && i < len; i++)
		if (strchr(" \t\r\n", body[i]) == NULL)
			break;
	if (body == NULL || i == len)
		return (0);	/* 204: GitHub did not say which run */
	if ((root = gpd_load(&g, body, len)) == NULL)
		return (-1);
	if (!json_is_object(root))
		gpd_fail(&g, NULL, "expected object");
	else if (gpd_i64(&g, root, "workflow_run_id", true, run_id) == 0)
		rc = 0;
	json_decref(root);
	return (rc);
}
