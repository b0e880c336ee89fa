/* ghparse: GitHub Actions runs and jobs responses to models (jansson). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/clock.h"
/* XXX a comment in ghparse.h trips -Wcomment (a slash-star inside it);
 * drop this pragma once the header is fixed. */
#include "opsdeck/ghparse.h"
#include "opsdeck/xalloc.h"

/* Bound what one response may add: GitHub pages hold at most 100. */
#define GHPARSE_MAX_ITEMS	1000
#define GHPARSE_MAX_STEPS	1000

/* Where in the document a value is, for error messages. */
struct ghparse_ctx {
	char	 path[128];
	char	**cause;
};

static int ghparse_fail(struct ghparse_ctx *, const char *, const char *,
    ...) __attribute__((format(printf, 3, 4)));

/* Sets *cause to "PATH.FIELD: message"; always returns -1. */
static int
ghparse_fail(struct ghparse_ctx *ctx, const char *field, const char *fmt,
    ...)
{
	char	 msg[256];
	va_list	 ap;

	if (ctx->cause == NULL)
		return (-1);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	free(*ctx->cause);
	if (*ctx->path == '\0' && field == NULL)
		*ctx->cause = xstrdup(msg);	/* the document as a whole */
	else
		*ctx->cause = xasprintf("%s%s%s: %s", ctx->path,
		    (*ctx->path != '\0' && field != NULL) ? "." : "",
		    field != NULL ? field : "", msg);
	return (-1);
}

/*
 * A string field: absent or null gives NULL unless required (then absent
 * is an error; null stays allowed for fields GitHub documents nullable).
 */
static int
ghparse_str(struct ghparse_ctx *ctx, json_t *obj, const char *key,
    int required, char **out)
{
	json_t	*v;

	*out = NULL;
	v = json_object_get(obj, key);
	if (v == NULL) {
		if (required)
			return (ghparse_fail(ctx, key, "missing"));
		return (0);
	}
	if (json_is_null(v))
		return (0);
	if (!json_is_string(v))
		return (ghparse_fail(ctx, key, "expected string"));
	*out = xstrdup(json_string_value(v));
	return (0);
}

/* An int64 field (ids): only JSON integers, never reals or strings. */
static int
ghparse_i64(struct ghparse_ctx *ctx, json_t *obj, const char *key,
    int required, int64_t *out)
{
	json_t	*v;

	*out = 0;
	v = json_object_get(obj, key);
	if (v == NULL || (!required && json_is_null(v))) {
		if (v == NULL && required)
			return (ghparse_fail(ctx, key, "missing"));
		return (0);
	}
	if (!json_is_integer(v))
		return (ghparse_fail(ctx, key, "expected integer"));
	*out = (int64_t)json_integer_value(v);
	return (0);
}

static int
ghparse_int(struct ghparse_ctx *ctx, json_t *obj, const char *key, int *out)
{
	int64_t	v;

	if (ghparse_i64(ctx, obj, key, 0, &v) != 0)
		return (-1);
	if (v < INT_MIN || v > INT_MAX)
		return (ghparse_fail(ctx, key, "out of range"));
	*out = (int)v;
	return (0);
}

/* A date-time field: absent or null is 0 (unknown). */
static int
ghparse_time(struct ghparse_ctx *ctx, json_t *obj, const char *key,
    time_t *out)
{
	json_t	*v;

	*out = 0;
	v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return (0);
	if (!json_is_string(v))
		return (ghparse_fail(ctx, key, "expected date-time string"));
	if (clock_parse_rfc3339(json_string_value(v), out) != 0)
		return (ghparse_fail(ctx, key, "bad date-time"));
	return (0);
}

/* Loads the body and checks the list envelope {"total_count", KEY: []}. */
static json_t *
ghparse_envelope(const char *body, size_t len, const char *key,
    long *total_count, json_t **array, char **cause)
{
	struct ghparse_ctx	 ctx = { "", cause };
	json_error_t		 err;
	json_t			*root, *tc;
	int64_t			 n = -1;

	if (body == NULL)
		len = 0;
	root = json_loadb(body != NULL ? body : "", len, JSON_DECODE_ANY, &err);
	if (root == NULL) {
		ghparse_fail(&ctx, NULL, "invalid JSON at line %d column %d: %s",
		    err.line, err.column, err.text);
		return (NULL);
	}
	if (!json_is_object(root)) {
		ghparse_fail(&ctx, NULL, "expected object");
		goto fail;
	}
	tc = json_object_get(root, "total_count");
	if (tc != NULL && !json_is_null(tc)) {
		if (ghparse_i64(&ctx, root, "total_count", 0, &n) != 0)
			goto fail;
		if (n < 0 || n > LONG_MAX) {
			ghparse_fail(&ctx, "total_count", "out of range");
			goto fail;
		}
	}
	*array = json_object_get(root, key);
	if (*array == NULL) {
		ghparse_fail(&ctx, key, "missing");
		goto fail;
	}
	if (!json_is_array(*array)) {
		ghparse_fail(&ctx, key, "expected array");
		goto fail;
	}
	*total_count = (long)n;
	return (root);
fail:
	json_decref(root);
	return (NULL);
}

static int
ghparse_one_run(struct ghparse_ctx *ctx, json_t *o, struct run *r)
{
	json_t	*actor;
	size_t	 plen;

	memset(r, 0, sizeof *r);
	r->njobs_total = -1;
	if (!json_is_object(o))
		return (ghparse_fail(ctx, NULL, "expected object"));
	if (ghparse_i64(ctx, o, "id", 1, &r->id) != 0 ||
	    ghparse_i64(ctx, o, "workflow_id", 0, &r->workflow_id) != 0 ||
	    ghparse_str(ctx, o, "name", 0, &r->name) != 0 ||
	    ghparse_str(ctx, o, "display_title", 0, &r->display_title) != 0 ||
	    ghparse_str(ctx, o, "head_branch", 0, &r->head_branch) != 0 ||
	    ghparse_str(ctx, o, "head_sha", 0, &r->head_sha) != 0 ||
	    ghparse_str(ctx, o, "event", 0, &r->event) != 0 ||
	    ghparse_str(ctx, o, "status", 1, &r->status) != 0 ||
	    ghparse_str(ctx, o, "conclusion", 0, &r->conclusion) != 0 ||
	    ghparse_str(ctx, o, "html_url", 0, &r->html_url) != 0 ||
	    ghparse_int(ctx, o, "run_number", &r->run_number) != 0 ||
	    ghparse_int(ctx, o, "run_attempt", &r->run_attempt) != 0 ||
	    ghparse_time(ctx, o, "created_at", &r->created_at) != 0 ||
	    ghparse_time(ctx, o, "updated_at", &r->updated_at) != 0 ||
	    ghparse_time(ctx, o, "run_started_at", &r->run_started_at) != 0)
		goto fail;
	actor = json_object_get(o, "actor");
	if (actor != NULL && !json_is_null(actor)) {
		if (!json_is_object(actor)) {
			ghparse_fail(ctx, "actor", "expected object");
			goto fail;
		}
		plen = strlen(ctx->path);
		snprintf(ctx->path + plen, sizeof ctx->path - plen, ".actor");
		if (ghparse_str(ctx, actor, "login", 0, &r->actor) != 0)
			goto fail;
		ctx->path[plen] = '\0';
	}
	return (0);
fail:
	run_done(r);
	return (-1);
}

/* How to parse one kind of paginated list: the envelope's array key, the
 * item size, and the item parser and destructor. */
struct ghparse_list {
	const char	*key;
	size_t		 size;
	int		(*one)(struct ghparse_ctx *, json_t *, void *);
	void		(*done)(void *);
};

/* Appends the parsed items of body to *items and *nitems (growing it);
 * on error the array keeps only what it had before. */
static int
ghparse_list(const struct ghparse_list *l, const char *body, size_t len,
    void **items, size_t *nitems, long *total_count, char **cause)
{
	struct ghparse_ctx	 ctx = { "", cause };
	json_t			*root, *arr;
	char			*all;
	size_t			 n, i, base = *nitems;
	long			 tc;
	int			 rc = -1;

	if (cause != NULL)
		*cause = NULL;
	if ((root = ghparse_envelope(body, len, l->key, &tc, &arr,
	    cause)) == NULL)
		return (-1);
	n = json_array_size(arr);
	if (n > GHPARSE_MAX_ITEMS)
		n = GHPARSE_MAX_ITEMS;
	if (n == 0) {
		rc = 0;
		goto out;
	}
	/* n is capped by GHPARSE_MAX_ITEMS, and the items are already in
	 * memory as JSON (inside the body's cap): not a size to survive. */
	all = xreallocarray(*items, base + n, l->size);
	*items = all;
	for (i = 0; i < n; i++) {
		snprintf(ctx.path, sizeof ctx.path, "%s[%zu]", l->key, i);
		if (l->one(&ctx, json_array_get(arr, i),
		    all + (base + i) * l->size) != 0) {
			while (i-- > 0)
				l->done(all + (base + i) * l->size);
			goto out;
		}
	}
	*nitems = base + n;
	rc = 0;
out:
	if (rc == 0 && total_count != NULL)
		*total_count = tc;
	json_decref(root);
	return (rc);
}

static int
ghparse_run_item(struct ghparse_ctx *ctx, json_t *o, void *item)
{
	return (ghparse_one_run(ctx, o, item));
}

static void
ghparse_run_done(void *item)
{
	run_done(item);
}

int
ghparse_runs(const char *body, size_t len, struct run **runs, size_t *nruns,
    long *total_count, char **cause)
{
	static const struct ghparse_list l = { "workflow_runs",
	    sizeof(struct run), ghparse_run_item, ghparse_run_done };

	return (ghparse_list(&l, body, len, (void **)runs, nruns, total_count,
	    cause));
}

int
ghparse_run(const char *body, size_t len, struct run *out, char **cause)
{
	struct ghparse_ctx	 ctx = { "", cause };
	json_error_t		 err;
	json_t			*root;
	int			 rc;

	if (cause != NULL)
		*cause = NULL;
	memset(out, 0, sizeof *out);
	out->njobs_total = -1;
	root = json_loadb(body != NULL ? body : "", body != NULL ? len : 0,
	    JSON_DECODE_ANY, &err);
	if (root == NULL)
		return (ghparse_fail(&ctx, NULL, "invalid JSON at line %d "
		    "column %d: %s", err.line, err.column, err.text));
	rc = ghparse_one_run(&ctx, root, out);
	json_decref(root);
	return (rc);
}

static int
ghparse_one_step(struct ghparse_ctx *ctx, json_t *o, struct step *s)
{
	memset(s, 0, sizeof *s);
	if (!json_is_object(o))
		return (ghparse_fail(ctx, NULL, "expected object"));
	if (ghparse_str(ctx, o, "name", 0, &s->name) != 0 ||
	    ghparse_int(ctx, o, "number", &s->number) != 0 ||
	    ghparse_str(ctx, o, "status", 0, &s->status) != 0 ||
	    ghparse_str(ctx, o, "conclusion", 0, &s->conclusion) != 0 ||
	    ghparse_time(ctx, o, "started_at", &s->started_at) != 0 ||
	    ghparse_time(ctx, o, "completed_at", &s->completed_at) != 0) {
		step_done(s);
		return (-1);
	}
	return (0);
}

static int
ghparse_steps(struct ghparse_ctx *ctx, json_t *o, struct job *j)
{
	json_t	*arr;
	size_t	 n, i, plen = strlen(ctx->path);

	arr = json_object_get(o, "steps");
	if (arr == NULL || json_is_null(arr))
		return (0);
	if (!json_is_array(arr))
		return (ghparse_fail(ctx, "steps", "expected array"));
	if ((n = json_array_size(arr)) > GHPARSE_MAX_STEPS)
		n = GHPARSE_MAX_STEPS;
	if (n == 0)
		return (0);
	j->steps = xcalloc(n, sizeof *j->steps);
	for (i = 0; i < n; i++) {
		snprintf(ctx->path + plen, sizeof ctx->path - plen,
		    ".steps[%zu]", i);
		if (ghparse_one_step(ctx, json_array_get(arr, i),
		    &j->steps[i]) != 0)
			return (-1);
		j->nsteps++;
	}
	ctx->path[plen] = '\0';
	return (0);
}

static int
ghparse_one_job(struct ghparse_ctx *ctx, json_t *o, struct job *j)
{
	memset(j, 0, sizeof *j);
	if (!json_is_object(o))
		return (ghparse_fail(ctx, NULL, "expected object"));
	if (ghparse_i64(ctx, o, "id", 1, &j->id) != 0 ||
	    ghparse_i64(ctx, o, "run_id", 0, &j->run_id) != 0 ||
	    ghparse_str(ctx, o, "name", 0, &j->name) != 0 ||
	    ghparse_str(ctx, o, "status", 1, &j->status) != 0 ||
	    ghparse_str(ctx, o, "conclusion", 0, &j->conclusion) != 0 ||
	    ghparse_time(ctx, o, "started_at", &j->started_at) != 0 ||
	    ghparse_time(ctx, o, "completed_at", &j->completed_at) != 0 ||
	    ghparse_str(ctx, o, "runner_name", 0, &j->runner_name) != 0 ||
	    ghparse_str(ctx, o, "html_url", 0, &j->html_url) != 0 ||
	    ghparse_steps(ctx, o, j) != 0) {
		job_done(j);
		return (-1);
	}
	return (0);
}

static int
ghparse_job_item(struct ghparse_ctx *ctx, json_t *o, void *item)
{
	return (ghparse_one_job(ctx, o, item));
}

static void
ghparse_job_done(void *item)
{
	job_done(item);
}

int
ghparse_jobs(const char *body, size_t len, struct job **jobs, size_t *njobs,
    long *total_count, char **cause)
{
	static const struct ghparse_list l = { "jobs", sizeof(struct job),
	    ghparse_job_item, ghparse_job_done };

	return (ghparse_list(&l, body, len, (void **)jobs, njobs, total_count,
	    cause));
}

char *
ghparse_error_message(const char *body, size_t len)
{
	json_t	*root, *msg;
	char	*s = NULL;

	if (body == NULL)
		return (NULL);
	if ((root = json_loadb(body, len, 0, NULL)) == NULL)
		return (NULL);
	msg = json_object_get(root, "message");
	if (json_is_string(msg))
		s = xstrdup(json_string_value(msg));
	json_decref(root);
	return (s);
}
