/* ghparse_issues: the JSON-to-model parsing of GitHub's issue lists with
 * jansson (ghparse_issues.h). Same rules as ghparse.c: strict types,
 * bounded lists, raw strings, a cause with a path. */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/clock.h"
#include "opsdeck/ghparse_issues.h"
#include "opsdeck/xalloc.h"

static int
fail(char **cause, size_t i, const char *field, const char *msg)
{
	if (cause != NULL) {
		free(*cause);
		*cause = xasprintf("[%zu]%s%s: %s", i, field != NULL ? "." : "",
		    field != NULL ? field : "", msg);
	}
	return -1;
}

/* A string or null (NULL); anything else is an error. */
static int
opt_str(json_t *o, const char *key, char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = xstrdup(json_string_value(v));
	return 0;
}

/* Cuts s to at most max bytes, never inside a UTF-8 sequence. */
static void
cut_utf8(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	s[max] = '\0';
}

static int
parse_time(json_t *o, const char *key, time_t *out)
{
	json_t *v = json_object_get(o, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	return clock_parse_rfc3339(json_string_value(v), out);
}

/* A label: a string (its name), or an object with "name" and "color". */
static int
parse_label(json_t *l, struct issue_label *out)
{
	memset(out, 0, sizeof *out);
	if (json_is_string(l)) {
		out->name = xstrdup(json_string_value(l));
		return 0;
	}
	if (!json_is_object(l))
		return -1;
	if (opt_str(l, "name", &out->name) != 0 || out->name == NULL ||
	    opt_str(l, "color", &out->color) != 0) {
		free(out->name);
		free(out->color);
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

static int
parse_labels(json_t *o, struct issue *is)
{
	json_t *a = json_object_get(o, "labels"), *l;
	size_t i;

	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return -1;
	is->labels = xcalloc(ISSUES_MAX_LABELS, sizeof *is->labels);
	json_array_foreach(a, i, l) {
		if (is->nlabels == ISSUES_MAX_LABELS)
			break;
		if (parse_label(l, &is->labels[is->nlabels]) != 0)
			return -1;
		is->nlabels++;
	}
	return 0;
}

static int
parse_assignees(json_t *o, struct issue *is)
{
	json_t *a = json_object_get(o, "assignees"), *u, *login;
	size_t i;

	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return -1;
	is->assignees = xcalloc(ISSUES_MAX_ASSIGNEES, sizeof *is->assignees);
	json_array_foreach(a, i, u) {
		if (is->nassignees == ISSUES_MAX_ASSIGNEES)
			break;
		if (!json_is_object(u) || !json_is_string(login =
		    json_object_get(u, "login")))
			return -1;
		is->assignees[is->nassignees++] =
		    xstrdup(json_string_value(login));
	}
	return 0;
}

/* One item; field names the member that was wrong. */
static int
parse_issue(json_t *o, struct issue *is, const char **field)
{
	json_t *v;

	memset(is, 0, sizeof *is);
	*field = "number";
	v = json_object_get(o, "number");
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return -1;
	is->number = (int64_t)json_integer_value(v);
	*field = "title";
	if (opt_str(o, "title", &is->title) != 0 || is->title == NULL)
		return -1;
	cut_utf8(is->title, ISSUES_MAX_TITLE);
	*field = "state";
	if (opt_str(o, "state", &is->state) != 0)
		return -1;
	*field = "html_url";
	if (opt_str(o, "html_url", &is->html_url) != 0)
		return -1;
	*field = "body";
	if (opt_str(o, "body", &is->body) != 0)
		return -1;
	*field = "comments";
	v = json_object_get(o, "comments");
	if (v != NULL && (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > INT_MAX))
		return -1;
	is->comments = v != NULL ? (int)json_integer_value(v) : 0;
	*field = "created_at";
	if (parse_time(o, "created_at", &is->created_at) != 0)
		return -1;
	*field = "updated_at";
	if (parse_time(o, "updated_at", &is->updated_at) != 0)
		return -1;
	*field = "labels";
	if (parse_labels(o, is) != 0)
		return -1;
	*field = "assignees";
	return parse_assignees(o, is);
}

int
ghparse_issues(const char *body, size_t len, struct issue **v, size_t *n,
    size_t *prs, char **cause)
{
	json_error_t e;
	json_t *root, *o;
	struct issue is;
	const char *field;
	size_t i, np = 0, n0 = *n;
	int rc = -1;

	if ((root = json_loadb(body != NULL ? body : "", len, 0, &e)) ==
	    NULL) {
		if (cause != NULL) {
			free(*cause);
			*cause = xasprintf("bad JSON: %s", e.text);
		}
		return -1;
	}
	if (!json_is_array(root)) {
		if (cause != NULL) {
			free(*cause);
			*cause = xstrdup("expected an array");
		}
		goto out;
	}
	for (i = 0; i < json_array_size(root) && *n <
	    GHPARSE_ISSUES_MAX_ITEMS; i++) {
		o = json_array_get(root, i);
		if (!json_is_object(o)) {
			fail(cause, i, NULL, "expected an object");
			goto out;
		}
		if (json_object_get(o, "pull_request") != NULL) {
			np++;
			continue;
		}
		if (parse_issue(o, &is, &field) != 0) {
			issue_done(&is);
			fail(cause, i, field, "bad value");
			goto out;
		}
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = is;
	}
	rc = 0;
out:
	if (rc != 0) {	/* what it had: none of this page's issues */
		while (*n > n0)
			issue_done(&(*v)[--*n]);
	} else if (prs != NULL)
		*prs += np;
	json_decref(root);
	return rc;
}

static int
parse_comment(json_t *o, struct issue_comment *c, const char **field)
{
	json_t *u;

	memset(c, 0, sizeof *c);
	*field = "body";
	if (opt_str(o, "body", &c->body) != 0)
		return -1;
	*field = "created_at";
	if (parse_time(o, "created_at", &c->created_at) != 0)
		return -1;
	*field = "user";
	u = json_object_get(o, "user");
	if (u != NULL && !json_is_null(u) && (!json_is_object(u) ||
	    opt_str(u, "login", &c->author) != 0))
		return -1;
	return 0;
}

int
ghparse_issue_comments(const char *body, size_t len, struct issue_comments *c,
    char **cause)
{
	json_error_t e;
	json_t *root;
	struct issue_comment one;
	const char *field;
	size_t i, n, first;

	if ((root = json_loadb(body != NULL ? body : "", len, 0, &e)) ==
	    NULL) {
		if (cause != NULL) {
			free(*cause);
			*cause = xasprintf("bad JSON: %s", e.text);
		}
		return -1;
	}
	if (!json_is_array(root)) {
		json_decref(root);
		if (cause != NULL) {
			free(*cause);
			*cause = xstrdup("expected an array");
		}
		return -1;
	}
	n = json_array_size(root);
	first = n > ISSUES_MAX_COMMENTS ? n - ISSUES_MAX_COMMENTS : 0;
	c->items = n > first ? xcalloc(n - first, sizeof *c->items) : NULL;
	for (i = first; i < n; i++) {
		memset(&one, 0, sizeof one);
		if (!json_is_object(json_array_get(root, i)) ||
		    parse_comment(json_array_get(root, i), &one, &field) != 0) {
			free(one.body);
			free(one.author);
			fail(cause, i, json_is_object(json_array_get(root, i)) ?
			    field : NULL, "bad value");
			json_decref(root);
			return -1;
		}
		c->items[c->n++] = one;
	}
	c->total = n;
	json_decref(root);
	return 0;
}
