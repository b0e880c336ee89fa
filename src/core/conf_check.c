/* conf_check: the names in the user's file, the files it includes and the
 * built-in defaults against what the registered tables and conf itself
 * know. A typo ("[ui] themee = x", "[githbu]") would otherwise be ignored
 * in silence and the console would run on a default the user thinks they
 * changed; it is an error at its own FILE:LINE with the nearest known
 * name. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/conf.h"
#include "opsdeck/xalloc.h"
#include "conf_int.h"
#include "conf_scan.h"

/* Sections conf reads itself: whether they take a "name", and their keys
 * (NULL: any key, which the owner checks, as the UI does for [keys]). */
struct generic_section {
	const char		*name;
	int			 sub;	/* 1 required, 0 none, -1 either */
	const char *const	*keys;
};

static const char *const include_keys[] = { "path", NULL };

static const struct generic_section generic[] = {
	{ "repo", 1, NULL },		/* keys: conf_repo_keys */
	{ "keys", -1, NULL },
	{ "include", 0, include_keys },
	{ "includeif", 1, include_keys },
};
#define NGENERIC (sizeof generic / sizeof generic[0])

size_t
conf_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, prev, tmp, best;

	if (la == 0 || lb == 0)
		return la + lb;
	row = xreallocarray(NULL, lb + 1, sizeof *row);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			best = prev + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = tmp;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

/* Keeps the closest candidate seen, if close enough to be a typo of it:
 * two edits, or a third of the name for long names. */
struct nearest {
	const char	*want;
	const char	*best;
	size_t		 dist;
};

static void
nearest_try(struct nearest *n, const char *cand)
{
	size_t d = conf_distance(n->want, cand), len = strlen(n->want);

	if (d > 2 && d > len / 3)
		return;
	if (n->best == NULL || d < n->dist) {
		n->best = cand;
		n->dist = d;
	}
}

struct check {
	struct conf_loader	*ld;
};

/* An unknown name at FILE:LINE: the load's error (1 stops the walk), or,
 * in a lenient load, one more line of its report (0 walks on). */
static int __attribute__((format(printf, 4, 5)))
problem(struct check *c, const char *file, int line, const char *fmt, ...)
{
	struct conf_report *r = c->ld->report;
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	conf_fail_at(c->ld, file, line, "%s", msg);
	free(msg);
	if (r == NULL)
		return 1;
	conf_list_add(&r->problems, &r->nproblems, c->ld->cause);
	c->ld->cause = NULL;
	return 0;
}

static const struct generic_section *
generic_find(const char *section)
{
	size_t i;

	for (i = 0; i < NGENERIC; i++) {
		if (strcmp(generic[i].name, section) == 0)
			return &generic[i];
	}
	return NULL;
}

static int
table_has_section(const struct conf *cfg, const char *section)
{
	size_t i, j;

	for (i = 0; i < cfg->ntables; i++) {
		for (j = 0; j < cfg->tables[i]->nkeys; j++) {
			if (strcmp(cfg->tables[i]->keys[j].section,
			    section) == 0)
				return 1;
		}
	}
	return 0;
}

/* Whether a registered table reads section.key: in a section with a name
 * (named: a named table's key), or without one (a plain table's, or the
 * default every name takes of a CONF_NAMED_DEFAULTS table). */
static int
table_has_key(const struct conf *cfg, const char *section, const char *key,
    int named)
{
	const struct conf_table *t;
	size_t i, j;

	for (i = 0; i < cfg->ntables; i++) {
		t = cfg->tables[i];
		if (named ? t->named == CONF_UNNAMED : t->named == CONF_NAMED)
			continue;
		for (j = 0; j < t->nkeys; j++) {
			if (strcmp(t->keys[j].section, section) == 0 &&
			    strcmp(t->keys[j].key, key) == 0)
				return 1;
		}
	}
	return 0;
}

/* Whether a table that reads section is named ([environment "NAME"],
 * [check "NAME"]). */
static int
table_section_named(const struct conf *cfg, const char *section)
{
	size_t i, j;

	for (i = 0; i < cfg->ntables; i++) {
		for (j = 0; cfg->tables[i]->named != CONF_UNNAMED &&
		    j < cfg->tables[i]->nkeys; j++) {
			if (strcmp(cfg->tables[i]->keys[j].section,
			    section) == 0)
				return 1;
		}
	}
	return 0;
}

static const char *
shown_file(const struct check *c, const char *file)
{
	if (c->ld->defaults_path != NULL && strcmp(file,
	    c->ld->defaults_path) == 0)
		return NULL;	/* conf_fail_at says "built-in defaults" */
	return file;
}

/* A section nobody reads: the nearest section name anyone knows. */
static int
bad_section(struct check *c, const struct conf_site *s)
{
	const struct conf *cfg = c->ld->cfg;
	struct nearest n = { s->section, NULL, 0 };
	char *shown = conf_show(s->section);
	size_t i, j;
	int rc;

	for (i = 0; i < NGENERIC; i++)
		nearest_try(&n, generic[i].name);
	for (i = 0; i < cfg->ntables; i++) {
		for (j = 0; j < cfg->tables[i]->nkeys; j++)
			nearest_try(&n, cfg->tables[i]->keys[j].section);
	}
	rc = problem(c, shown_file(c, s->file), s->line,
	    "unknown section [%s]%s%s%s", shown, n.best != NULL ?
	    "; did you mean '" : "", n.best != NULL ? n.best : "",
	    n.best != NULL ? "'?" : "");
	free(shown);
	return rc;
}

static int
check_header(struct check *c, const struct conf_site *s)
{
	const struct generic_section *g = generic_find(s->section);
	int has_sub = *s->sub != '\0';
	char *shown;
	int rc;

	if (g == NULL && !table_has_section(c->ld->cfg, s->section))
		return bad_section(c, s);
	if (g != NULL && g->sub == 1 && !has_sub)
		return 0;	/* [repo] alone: conf_lists.c says how */
	/* A named section's bare header is harmless; its keys may not be
	 * (check_key says where they belong). */
	if (g == NULL && table_section_named(c->ld->cfg, s->section))
		return 0;
	if ((g != NULL && g->sub == 0 && has_sub) ||
	    (g == NULL && has_sub)) {
		shown = conf_show(s->sub);
		rc = problem(c, shown_file(c, s->file), s->line,
		    "section [%s \"%s\"] takes no name: write [%s]",
		    s->section, shown, s->section);
		free(shown);
		return rc;
	}
	return 0;
}

/* The nearest key of the same section, from a table or conf's own. */
static int
bad_key(struct check *c, const struct conf_site *s,
    const struct generic_section *g)
{
	const struct conf *cfg = c->ld->cfg;
	struct nearest n = { s->key, NULL, 0 };
	char *shown = conf_show(s->key), *sub = conf_show(s->sub);
	size_t i, j;
	int rc;

	if (g != NULL && strcmp(g->name, "repo") == 0) {
		for (i = 0; i < conf_nrepo_keys; i++)
			nearest_try(&n, conf_repo_keys[i].key);
	} else if (g != NULL && g->keys != NULL) {
		for (i = 0; g->keys[i] != NULL; i++)
			nearest_try(&n, g->keys[i]);
	}
	for (i = 0; i < cfg->ntables; i++) {
		for (j = 0; j < cfg->tables[i]->nkeys; j++) {
			if (strcmp(cfg->tables[i]->keys[j].section,
			    s->section) == 0)
				nearest_try(&n, cfg->tables[i]->keys[j].key);
		}
	}
	rc = problem(c, shown_file(c, s->file), s->line,
	    "unknown key '%s%s%s.%s'%s%s%s", s->section,
	    *sub != '\0' ? "." : "", sub, shown, n.best != NULL ?
	    "; did you mean '" : "", n.best != NULL ? n.best : "",
	    n.best != NULL ? "'?" : "");
	free(shown);
	free(sub);
	return rc;
}

static int
check_key(struct check *c, const struct conf_site *s)
{
	const struct conf *cfg = c->ld->cfg;
	const struct generic_section *g = generic_find(s->section);
	int has_sub = *s->sub != '\0';
	size_t i;

	if (g != NULL && strcmp(g->name, "repo") == 0) {
		if (*s->sub == '\0')
			return 0;	/* conf_lists.c: needs a name */
		for (i = 0; i < conf_nrepo_keys; i++) {
			if (strcmp(conf_repo_keys[i].key, s->key) == 0)
				return 0;
		}
		return bad_key(c, s, g);
	}
	if (g != NULL) {
		for (i = 0; g->keys != NULL && g->keys[i] != NULL; i++) {
			if (strcmp(g->keys[i], s->key) == 0)
				return 0;
		}
		if (g->keys == NULL)
			return 0;
		/* A section conf reads itself may have more keys in tables
		 * (the gates of [environment "NAME"] beside its own). */
		if (table_has_key(cfg, s->section, s->key, has_sub))
			return 0;
		return bad_key(c, s, g);
	}
	if (table_has_key(cfg, s->section, s->key, has_sub))
		return 0;
	/* An unknown section's header said so; its keys add nothing. */
	if (!table_has_section(cfg, s->section))
		return 0;
	/* [environment] min-coverage: a key only a name's section takes. */
	if (!has_sub && table_has_key(cfg, s->section, s->key, 1)) {
		return problem(c, shown_file(c, s->file), s->line,
		    "key '%s.%s' belongs in a [%s \"NAME\"] section",
		    s->section, s->key, s->section);
	}
	return bad_key(c, s, NULL);
}

static int
check_site(const struct conf_site *s, void *arg)
{
	struct check *c = arg;
	struct conf_report *r = c->ld->report;
	size_t i;

	/* The files a lenient load read: the user's, then each include. */
	for (i = 0; r != NULL && i < r->nfiles; i++) {
		if (strcmp(r->files[i], s->file) == 0)
			break;
	}
	if (r != NULL && i == r->nfiles && shown_file(c, s->file) != NULL)
		conf_list_add(&r->files, &r->nfiles, xstrdup(s->file));
	if (s->key == NULL)
		return check_header(c, s);
	return check_key(c, s);
}

int
conf_check_names(struct conf_loader *ld)
{
	struct check c = { .ld = ld };

	if (ld->defaults_path != NULL && *ld->defaults_path != '\0' &&
	    conf_scan_walk(ld->defaults_path, 0, check_site, &c) > 0)
		return -1;
	if (ld->user_path != NULL &&
	    conf_scan_walk(ld->user_path, 1, check_site, &c) > 0)
		return -1;
	return 0;
}
