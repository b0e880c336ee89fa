/* envconf: environment policy and promotion order from the loaded config:
 * the [environment] policy keys as a named conf table (conf_named.c loads
 * it, in the section the quality gates also read) and what unset means. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/conf.h"
#include "opsdeck/envconf.h"
#include "opsdeck/remote.h"
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

#define E(f) offsetof(struct envconf_values, f)
static const struct conf_key envconf_keys[] = {
	{ "environment", "protected", CONF_BOOL, 0, 1, E(protected_env), NULL,
	    "a deploy needs the environment's name typed (default: names "
	    "with \"prod\")" },
	{ "environment", "readonly", CONF_BOOL, 0, 1, E(readonly), NULL,
	    "refuse every mutating action on this environment" },
	{ "environment", "color", CONF_STR, 0, 0, E(color), NULL,
	    "a theme element or git colour spec the environment is shown in" },
};
#undef E

/* An environment name as GitHub takes it: 1..255 bytes, no control
 * characters (a name on screen and in the audit journal). */
static bool
env_name_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 255)
		return false;
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	}
	return true;
}

/* "NAME" or "owner/name NAME". */
static bool
section_name_valid(const char *sub)
{
	const char *sp = strchr(sub, ' ');

	if (sp == NULL)
		return env_name_valid(sub, strlen(sub));
	return remote_slug_valid(sub, (size_t)(sp - sub)) && sp[1] != ' ' &&
	    env_name_valid(sp + 1, strlen(sp + 1));
}

/* Unset stays -1: "false" and "not said" differ (protected's default
 * depends on the name). The name is checked here, reported by finish
 * (whose error names the section at its header line). */
static void
envconf_init(void *values, const char *name)
{
	struct envconf_values *v = values;

	v->protected_env = -1;
	v->readonly = -1;
	v->bad_name = !section_name_valid(name);
}

static int
envconf_finish(void *values, char **why)
{
	const struct envconf_values *v = values;

	if (v->bad_name) {
		*why = xstrdup("expected \"NAME\" or \"owner/name NAME\"");
		return -1;
	}
	return 0;
}

const struct conf_table envconf_conf_table = {
	.name = "environment",
	.keys = envconf_keys,
	.nkeys = sizeof envconf_keys / sizeof envconf_keys[0],
	.size = sizeof (struct envconf_values),
	.finish = envconf_finish,
	.named = CONF_NAMED,
	.init = envconf_init,
};

/* [environment "env"] (repo NULL) or [environment "repo env"]. */
static const struct envconf_values *
find(const struct conf *cfg, const char *repo, const char *env)
{
	const struct envconf_values *v;
	char *sub;

	if (repo == NULL)
		return conf_values_named(cfg, &envconf_conf_table, env);
	sub = xasprintf("%s %s", repo, env);
	v = conf_values_named(cfg, &envconf_conf_table, sub);
	free(sub);
	return v;
}

void
envconf_policy(const struct conf *cfg, const char *repo, const char *env,
    struct env_policy *out)
{
	const struct envconf_values *own = NULL, *all = NULL;

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
	const struct conf_named *nv;
	const char *sp;
	size_t i, len;

	if (rc == NULL)
		return false;
	len = strlen(rc->name);
	if (rc->environments != NULL || rc->deploy_workflow != NULL ||
	    rc->deploy_command != NULL)
		return true;
	/* Any [environment] section (the gates' too) says environments
	 * matter: one without a repository applies to every repository. */
	nv = cfg != NULL ? conf_named_values(cfg, &envconf_conf_table) : NULL;
	for (i = 0; nv != NULL && i < nv->n; i++) {
		sp = strchr(nv->names[i], ' ');
		if (sp == NULL || ((size_t)(sp - nv->names[i]) == len &&
		    strncmp(nv->names[i], rc->name, len) == 0))
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
