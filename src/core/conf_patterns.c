/* conf_patterns: keys that hold PCRE2 patterns, several per key
 * ([git] risky, [log] mask). Each value is compiled once here so that a
 * bad pattern is an error at its own FILE:LINE before anything starts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/rx.h"
#include "opsdeck/xalloc.h"
#include "conf_int.h"
#include "conf_scan.h"

struct pattern_sites {
	const char	*section, *key;
	char		**where;	/* "FILE:LINE" of each value, in order */
	size_t		  n;
};

static int
pattern_site(const struct conf_site *s, void *arg)
{
	struct pattern_sites *ps = arg;

	if (s->key == NULL || *s->sub != '\0' ||
	    strcmp(s->section, ps->section) != 0 || strcmp(s->key, ps->key) != 0)
		return 0;
	ps->where = xreallocarray(ps->where, ps->n + 1, sizeof *ps->where);
	ps->where[ps->n++] = xasprintf("%s:%d", s->file, s->line);
	return 0;
}

static int
pattern_add(struct conf_loader *ld, struct conf_patterns *p,
    const char *name, const char *value, const char *where)
{
	struct rx *rx;
	char *why = NULL, *shown;

	if ((rx = rx_new(value, 0, &why)) == NULL) {
		shown = conf_show(value);
		conf_fail_at(ld, where, 0, "key '%s': bad pattern '%s': %s",
		    name, shown != NULL ? shown : "",
		    why != NULL ? why : "cannot compile");
		free(shown);
		free(why);
		return -1;
	}
	rx_free(&rx);
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n++] = xstrdup(value);
	return 0;
}

int
conf_load_patterns(struct conf_loader *ld, const char *section,
    const char *key, struct conf_patterns *out)
{
	struct pattern_sites sites = { section, key, NULL, 0 };
	git_config_iterator *it = NULL;
	git_config_entry *e;
	char name[64];
	size_t i, seen = 0;
	int rc = 0;

	snprintf(name, sizeof name, "%s.%s", section, key);
	if (ld->user_path != NULL &&
	    conf_scan_walk(ld->user_path, 1, pattern_site, &sites) > 0)
		rc = -1;
	if (rc == 0 && git_config_iterator_new(&it, ld->git) != 0)
		rc = -1;
	while (rc == 0 && git_config_next(&e, it) == 0) {
		if (e->level != GIT_CONFIG_LEVEL_APP ||
		    strcmp(e->name, name) != 0)
			continue;
		rc = pattern_add(ld, out, name, e->value != NULL ? e->value :
		    "", seen < sites.n ? sites.where[seen] : ld->user_path);
		seen++;
	}
	git_config_iterator_free(it);
	for (i = 0; i < sites.n; i++)
		free(sites.where[i]);
	free(sites.where);
	return rc;
}

void
conf_patterns_done(struct conf_patterns *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}
