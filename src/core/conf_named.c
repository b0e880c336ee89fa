/* conf_named: the tables whose sections take a name ([check "api"],
 * [environment "production"], [environment "octo/web staging"]): one
 * struct per name, in the order the names first appear (the defaults',
 * then the user's), each from init (a name's defaults), then, for a
 * CONF_NAMED_DEFAULTS table, the unnamed section's keys ([check] in
 * data/defaults.conf or the user's file: the default of every check), then
 * the name's own keys; finish per name. Which names and keys are allowed
 * at all is conf_check.c's. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/xalloc.h"
#include "conf_int.h"
#include "conf_scan.h"

/* Adds a name once (a section may be split: merged), its struct filled by
 * init. */
static void
named_add(struct conf_named *nv, const struct conf_table *t,
    const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nv->n; i++) {
		if (strlen(nv->names[i]) == len &&
		    memcmp(nv->names[i], name, len) == 0)
			return;
	}
	nv->names = xreallocarray(nv->names, nv->n + 1, sizeof *nv->names);
	nv->values = xreallocarray(nv->values, nv->n + 1,
	    sizeof *nv->values);
	nv->names[nv->n] = xstrndup(name, len);
	nv->values[nv->n] = xcalloc(1, t->size > 0 ? t->size : 1);
	if (t->init != NULL)
		t->init(nv->values[nv->n], nv->names[nv->n]);
	nv->n++;
}

struct named_walk {
	struct conf_named	*nv;
	const struct conf_table	*t;
	const char		*section;
	const char		*name;	/* header_line: the name sought */
	int			 line;
};

/* The user's headers: a bare [environment "staging"] is a name too. */
static int
header_site(const struct conf_site *s, void *arg)
{
	struct named_walk *w = arg;

	if (strcmp(s->section, w->section) == 0 && *s->sub != '\0')
		named_add(w->nv, w->t, s->sub, strlen(s->sub));
	return 0;
}

/* The names: "section.NAME.key" entries of the defaults and the user's
 * file (libgit2 keeps a name's case), then the user's headers. */
static int
named_list(struct conf_loader *ld, const struct conf_table *t,
    const char *section, struct conf_named *nv)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	struct named_walk w = { nv, t, section, NULL, 0 };
	size_t slen = strlen(section);
	const char *sub, *dot;

	if (git_config_iterator_new(&it, ld->git) != 0)
		return conf_fail_at(ld, ld->user_path, 0,
		    "cannot list the keys");
	while (git_config_next(&e, it) == 0) {
		if (strncmp(e->name, section, slen) != 0 ||
		    e->name[slen] != '.')
			continue;
		sub = e->name + slen + 1;
		if ((dot = strrchr(sub, '.')) == NULL || dot == sub)
			continue;	/* unnamed: a default, or refused */
		named_add(nv, t, sub, (size_t)(dot - sub));
	}
	git_config_iterator_free(it);
	if (ld->user_path != NULL)
		conf_scan_walk(ld->user_path, 1, header_site, &w);
	return 0;
}

/* The first header line of [section "name"] in the user's file (0: none),
 * where a finish error about that name points. */
static int
header_line_site(const struct conf_site *s, void *arg)
{
	struct named_walk *w = arg;

	if (w->line == 0 && s->key == NULL &&
	    strcmp(s->section, w->section) == 0 && strcmp(s->sub, w->name) == 0)
		w->line = s->line;
	return 0;
}

static int
header_line(struct conf_loader *ld, const char *section, const char *name)
{
	struct named_walk w = { NULL, NULL, section, name, 0 };

	if (ld->user_path != NULL)
		conf_scan_walk(ld->user_path, 1, header_line_site, &w);
	return w.line;
}

void
conf_named_free(const struct conf_table *t, struct conf_named *nv)
{
	size_t i;

	if (nv == NULL)
		return;
	for (i = 0; i < nv->n; i++) {
		if (nv->values[i] != NULL)
			conf_table_values_done(t, nv->values[i]);
		free(nv->names[i]);
	}
	free(nv->names);
	free(nv->values);
	free(nv);
}

int
conf_load_named(struct conf_loader *ld, const struct conf_table *t,
    void **out)
{
	struct conf_named *nv = xcalloc(1, sizeof *nv);
	const struct conf_key *k;
	const char *section;
	char *why = NULL, *shown;
	size_t i, j;
	int rc = 0;

	*out = nv;
	if (t->nkeys == 0)
		return 0;
	section = t->keys[0].section;
	if (named_list(ld, t, section, nv) != 0)
		return -1;
	for (i = 0; rc == 0 && i < nv->n; i++) {
		for (j = 0; rc == 0 && j < t->nkeys; j++) {
			k = &t->keys[j];
			if (k->kind == CONF_PATTERNS)
				continue;	/* not in a named table */
			if (t->named == CONF_NAMED_DEFAULTS)
				rc = conf_load_key(ld, k, NULL,
				    nv->values[i]);
			if (rc == 0)
				rc = conf_load_key(ld, k, nv->names[i],
				    nv->values[i]);
		}
		if (rc == 0 && t->finish != NULL &&
		    t->finish(nv->values[i], &why) != 0) {
			shown = conf_show(nv->names[i]);
			rc = conf_fail_at(ld, ld->user_path,
			    header_line(ld, section, nv->names[i]),
			    "[%s \"%s\"]: %s", section, shown,
			    why != NULL ? why : "incomplete");
			free(shown);
			free(why);
			why = NULL;
		}
	}
	return rc;
}

const struct conf_named *
conf_named_values(const struct conf *cfg, const struct conf_table *t)
{
	if (t == NULL || t->named == CONF_UNNAMED)
		return NULL;
	return conf_values(cfg, t);
}

const void *
conf_values_named(const struct conf *cfg, const struct conf_table *t,
    const char *name)
{
	const struct conf_named *nv;
	size_t i;

	if (name == NULL || (nv = conf_named_values(cfg, t)) == NULL)
		return NULL;
	for (i = 0; i < nv->n; i++) {
		if (strcmp(nv->names[i], name) == 0)
			return nv->values[i];
	}
	return NULL;
}
