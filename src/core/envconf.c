/* envconf: environment policy and promotion order from the loaded config
 * (conf_env.c reads the sections; this says what unset means). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/conf.h"
#include "opsdeck/envconf.h"
#include "opsdeck/xalloc.h"

bool
envconf_default_protected(const char *env)
{
	size_t i, n;

	if (env == NULL)
		return false;
	n = strlen(env);
	for (i = 0; i + 4 <= n; i++) {
		if (strncasecmp(env + i, "prod", 4) == 0)
			return true;
	}
	return false;
}

static const struct env_conf *
find(const struct conf *cfg, const char *repo, const char *env)
{
	size_t i;

	for (i = 0; i < cfg->nenvs; i++) {
		if (strcmp(cfg->envs[i].name, env) != 0)
			continue;
		if (repo == NULL ? cfg->envs[i].repo == NULL :
		    cfg->envs[i].repo != NULL &&
		    strcmp(cfg->envs[i].repo, repo) == 0)
			return &cfg->envs[i];
	}
	return NULL;
}

void
envconf_policy(const struct conf *cfg, const char *repo, const char *env,
    struct env_policy *out)
{
	const struct env_conf *own = NULL, *all = NULL;

	out->is_protected = envconf_default_protected(env);
	out->readonly = false;
	out->color = NULL;
	if (cfg == NULL || env == NULL)
		return;
	all = find(cfg, NULL, env);
	if (repo != NULL)
		own = find(cfg, repo, env);
	/* The repository's own section wins key by key. */
	if (own != NULL && own->protected_env >= 0)
		out->is_protected = own->protected_env != 0;
	else if (all != NULL && all->protected_env >= 0)
		out->is_protected = all->protected_env != 0;
	if (own != NULL && own->readonly >= 0)
		out->readonly = own->readonly != 0;
	else if (all != NULL && all->readonly >= 0)
		out->readonly = all->readonly != 0;
	if (own != NULL && own->color != NULL)
		out->color = own->color;
	else if (all != NULL)
		out->color = all->color;
}

const struct repo_conf *
envconf_repo(const struct conf *cfg, const char *repo)
{
	size_t i;

	for (i = 0; cfg != NULL && repo != NULL && i < cfg->nrepos; i++) {
		if (strcmp(cfg->repos[i].name, repo) == 0)
			return &cfg->repos[i];
	}
	return NULL;
}

bool
envconf_wanted(const struct conf *cfg, const struct repo_conf *rc)
{
	size_t i;

	if (rc == NULL)
		return false;
	if (rc->environments != NULL || rc->deploy_workflow != NULL ||
	    rc->deploy_command != NULL)
		return true;
	for (i = 0; cfg != NULL && i < cfg->nenvs; i++) {
		if (cfg->envs[i].repo == NULL ||
		    strcmp(cfg->envs[i].repo, rc->name) == 0)
			return true;
	}
	return false;
}

size_t
envconf_order(const struct repo_conf *rc, char ***names)
{
	const char *p, *q;
	char **v = NULL, *w;
	size_t n = 0, i;

	*names = NULL;
	if (rc == NULL || rc->environments == NULL)
		return 0;
	for (p = rc->environments; *p != '\0'; p = q) {
		while (*p == ' ' || *p == '\t')
			p++;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t'; q++)
			;
		if (q == p)
			break;
		w = xstrndup(p, (size_t)(q - p));
		for (i = 0; i < n && strcmp(v[i], w) != 0; i++)
			;
		if (i < n) {
			free(w);
			continue;
		}
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = w;
	}
	*names = v;
	return n;
}

void
envconf_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
