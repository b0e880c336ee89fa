/* conf_lists: the sections conf reads itself, as lists in file order:
 * [repo "owner/name"] (one struct repo_conf each) and [keys]. */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/remote.h"
#include "opsdeck/xalloc.h"
#include "conf_int.h"
#include "conf_scan.h"

#define R(f) offsetof(struct repo_conf, f)
const struct conf_key conf_repo_keys[] = {
	{ "repo", "path", CONF_PATH, 0, 0, R(path), NULL,
	    "the local clone: its branches and commits beside the runs" },
	{ "repo", "branch", CONF_REF, 0, 0, R(branch), NULL,
	    "only runs of this branch" },
	{ "repo", "interval", CONF_DUR, 5, 3600, R(interval_s), NULL,
	    "poll interval of this repository (default ui.interval)" },
	{ "repo", "environments", CONF_STR, 0, 0, R(environments), NULL,
	    "the environments in promotion order (default: GitHub's order)" },
	{ "repo", "deploy-workflow", CONF_STR, 0, 0, R(deploy_workflow), NULL,
	    "the workflow (id or file name) a deploy dispatches" },
	{ "repo", "deploy-ref", CONF_REF, 0, 0, R(deploy_ref), NULL,
	    "the ref the deploy workflow runs on (default: default branch)" },
	{ "repo", "deploy-command", CONF_CMD, 0, 0, R(deploy_command), NULL,
	    "a local deploy command: {repo} {env} {sha} {ref}, no shell" },
};
const size_t conf_nrepo_keys = sizeof conf_repo_keys /
    sizeof conf_repo_keys[0];
/* A repository's interval defaults to [ui] interval. */
static const struct conf_key repo_default_interval = {
	"ui", "interval", CONF_DUR, 5, 3600, R(interval_s), NULL, NULL };
#undef R

/* --- [repo "owner/name"] --- */

/* Adds a [repo] once; file:line say where it was named, for errors. */
static int
repo_add(struct conf_loader *ld, const char *slug, const char *file, int line)
{
	struct conf *cfg = ld->cfg;
	struct repo_conf *repos;
	char *shown;
	size_t i;
	int rc;

	if (!remote_slug_valid(slug, strlen(slug))) {
		shown = conf_show(slug);
		rc = conf_fail_at(ld, file, line, "section [repo \"%s\"]: "
		    "expected owner/name (letters, digits, '-', '_'; '.' in "
		    "the name)", shown != NULL ? shown : "");
		free(shown);
		return rc;
	}
	for (i = 0; i < cfg->nrepos; i++) {
		if (strcmp(cfg->repos[i].name, slug) == 0)
			return 0;	/* a section may be split: merged */
		if (strcasecmp(cfg->repos[i].name, slug) == 0)
			return conf_fail_at(ld, file, line, "section [repo "
			    "\"%s\"]: the same repository as [repo \"%s\"]",
			    slug, cfg->repos[i].name);
	}
	repos = xreallocarray(cfg->repos, cfg->nrepos + 1, sizeof *repos);
	cfg->repos = repos;
	memset(&repos[cfg->nrepos], 0, sizeof *repos);
	repos[cfg->nrepos].name = xstrdup(slug);
	cfg->nrepos++;
	return 0;
}

static int
repo_site(const struct conf_site *s, void *arg)
{
	struct conf_loader *ld = arg;

	if (s->key != NULL || strcmp(s->section, "repo") != 0)
		return 0;
	if (*s->sub == '\0') {
		conf_fail_at(ld, s->file, s->line, "section [repo] needs a "
		    "name: [repo \"owner/name\"]");
		return 1;
	}
	return repo_add(ld, s->sub, s->file, s->line) != 0 ? 1 : 0;
}

/* Repositories in the order the files name them. Headers come from the
 * scanner (a bare [repo "o/n"] has no key for libgit2 to report); keys
 * from libgit2 catch any section the scanner could not see. */
int
conf_load_repos(struct conf_loader *ld)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	struct repo_conf *r, dflt;
	const char *dot;
	char *slug;
	size_t i, j;
	int rc = 0;

	if (ld->user_path != NULL &&
	    conf_scan_walk(ld->user_path, 1, repo_site, ld) > 0)
		return -1;
	if (git_config_iterator_new(&it, ld->git) != 0)
		return conf_fail_at(ld, ld->user_path, 0,
		    "cannot list the keys");
	while (rc == 0 && git_config_next(&e, it) == 0) {
		if (e->level != GIT_CONFIG_LEVEL_APP ||
		    strncmp(e->name, "repo.", 5) != 0)
			continue;
		dot = strrchr(e->name, '.');
		if (dot == e->name + 4) {
			rc = conf_fail_key(ld, "repo", NULL, dot + 1,
			    "belongs in a [repo \"owner/name\"] section");
			break;
		}
		slug = xstrndup(e->name + 5, (size_t)(dot - e->name - 5));
		rc = repo_add(ld, slug, ld->user_path, 0);
		free(slug);
	}
	git_config_iterator_free(it);
	memset(&dflt, 0, sizeof dflt);
	dflt.interval_s = 30;
	if (rc == 0)
		rc = conf_load_key(ld, &repo_default_interval, NULL, &dflt);
	ld->cfg->repo_interval_s = dflt.interval_s;
	for (i = 0; rc == 0 && i < ld->cfg->nrepos; i++) {
		r = &ld->cfg->repos[i];
		r->interval_s = dflt.interval_s;
		for (j = 0; rc == 0 && j < conf_nrepo_keys; j++)
			rc = conf_load_key(ld, &conf_repo_keys[j], r->name, r);
	}
	return rc;
}

/* --- [keys] --- */

struct key_sites {
	char	**action;
	char	**where;
	size_t	  n;
};

static int
key_site(const struct conf_site *s, void *arg)
{
	struct key_sites *ks = arg;
	char **a, **w;

	if (s->key == NULL || strcmp(s->section, "keys") != 0)
		return 0;
	a = ks->action = xreallocarray(ks->action, ks->n + 1, sizeof *a);
	w = ks->where = xreallocarray(ks->where, ks->n + 1, sizeof *w);
	a[ks->n] = xasprintf("%s%s%s", s->sub, *s->sub != '\0' ? "." : "",
	    s->key);
	w[ks->n] = xasprintf("%s:%d", s->file, s->line);
	ks->n++;
	return 0;
}

/* [keys] entries in file order with their file:line; the UI checks them.
 * libgit2 lists a file's entries in order, includes where they appear:
 * the order the scanner walks, so the n-th entry is the n-th line. */
int
conf_load_keys(struct conf_loader *ld)
{
	struct conf *cfg = ld->cfg;
	struct key_sites sites = { NULL, NULL, 0 };
	git_config_iterator *it = NULL;
	git_config_entry *e;
	struct key_conf *keys, *k;
	size_t i, seen = 0;
	int rc = 0;

	if (ld->user_path != NULL &&
	    conf_scan_walk(ld->user_path, 1, key_site, &sites) > 0)
		rc = -1;
	if (rc == 0 && git_config_iterator_new(&it, ld->git) != 0)
		rc = -1;
	while (rc == 0 && git_config_next(&e, it) == 0) {
		if (e->level != GIT_CONFIG_LEVEL_APP ||
		    strncmp(e->name, "keys.", 5) != 0)
			continue;
		keys = xreallocarray(cfg->keys, cfg->nkeys + 1, sizeof *keys);
		cfg->keys = keys;
		k = &keys[cfg->nkeys];
		memset(k, 0, sizeof *k);
		k->action = xstrdup(e->name + 5);
		k->key = xstrdup(e->value != NULL ? e->value : "");
		if (seen < sites.n && strcmp(sites.action[seen], k->action) == 0)
			k->where = xstrdup(sites.where[seen]);
		else
			k->where = xstrdup(ld->user_path);
		seen++;
		cfg->nkeys++;
	}
	git_config_iterator_free(it);
	for (i = 0; i < sites.n; i++) {
		free(sites.action[i]);
		free(sites.where[i]);
	}
	free(sites.action);
	free(sites.where);
	return rc;
}

