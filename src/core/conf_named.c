/* conf_named: the tables whose sections take a name ([check "api"]): one
 * struct per name, in the order the files name them, each starting from
 * the unnamed section's values ([check] in data/defaults.conf, or in the
 * user's file: the default of every check). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/xalloc.h"
#include "conf_int.h"

static void
named_add(struct conf_named *nv, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nv->n; i++) {
		if (strlen(nv->names[i]) == len &&
		    memcmp(nv->names[i], name, len) == 0)
			return;		/* a section may be split: merged */
	}
	nv->names = xreallocarray(nv->names, nv->n + 1, sizeof *nv->names);
	nv->values = xreallocarray(nv->values, nv->n + 1,
	    sizeof *nv->values);
	nv->names[nv->n] = xstrndup(name, len);
	nv->values[nv->n] = NULL;
	nv->n++;
}

/* The names: "check.NAME.key" entries (libgit2 keeps a name's case). */
static int
named_list(struct conf_loader *ld, const char *section, struct conf_named *nv)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
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
			continue;	/* [check] key: the defaults */
		named_add(nv, sub, (size_t)(dot - sub));
	}
	git_config_iterator_free(it);
	return 0;
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
	const char *section;
	char *why = NULL, *shown;
	size_t i, j;
	int rc = 0;

	*out = nv;
	if (t->nkeys == 0)
		return 0;
	section = t->keys[0].section;
	if (named_list(ld, section, nv) != 0)
		return -1;
	for (i = 0; rc == 0 && i < nv->n; i++) {
		nv->values[i] = xcalloc(1, t->size > 0 ? t->size : 1);
		for (j = 0; rc == 0 && j < t->nkeys; j++) {
			if (t->keys[j].kind == CONF_PATTERNS)
				continue;	/* not in a named table */
			rc = conf_load_key(ld, &t->keys[j], NULL,
			    nv->values[i]);
			if (rc == 0)
				rc = conf_load_key(ld, &t->keys[j],
				    nv->names[i], nv->values[i]);
		}
		if (rc == 0 && t->finish != NULL &&
		    t->finish(nv->values[i], &why) != 0) {
			shown = conf_show(nv->names[i]);
			rc = conf_fail_at(ld, ld->user_path,
			    ld->user_path != NULL ? conf_find_line(
			    ld->user_path, section, nv->names[i], "kind") : 0,
			    "[%s \"%s\"]: %s", section, shown,
			    why != NULL ? why : "incomplete");
			free(shown);
			free(why);
			why = NULL;
		}
	}
	return rc;
}
