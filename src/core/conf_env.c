/* conf_env: the [environment "NAME"] and [environment "owner/name NAME"]
 * sections, in file order and merged by name, into struct env_conf. What
 * an unset key means (protected for a name with "prod" in it) is
 * envconf's, not the loader's: the loader keeps -1 / NULL so the
 * difference between "false" and "not said" survives. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/remote.h"
#include "opsdeck/xalloc.h"
#include "conf_int.h"
#include "conf_scan.h"

#define E(f) offsetof(struct env_conf, f)
const struct conf_key conf_env_keys[] = {
	{ "environment", "protected", CONF_BOOL, 0, 1, E(protected_env), NULL,
	    "a deploy needs the environment's name typed (default: names "
	    "with \"prod\")" },
	{ "environment", "readonly", CONF_BOOL, 0, 1, E(readonly), NULL,
	    "refuse every mutating action on this environment" },
	{ "environment", "color", CONF_STR, 0, 0, E(color), NULL,
	    "a theme element or git colour spec the environment is shown in" },
};
const size_t conf_nenv_keys = sizeof conf_env_keys / sizeof conf_env_keys[0];
#undef E

/* An environment name as GitHub takes it: 1..255 bytes, no control
 * characters (a name on screen and in the audit journal). */
static int
env_name_valid(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 255)
		return 0;
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	}
	return 1;
}

/* "NAME" or "owner/name NAME" into repo (NULL) and name, malloc'd. */
static int
split_sub(const char *sub, char **repo, char **name)
{
	const char *sp = strchr(sub, ' ');

	*repo = *name = NULL;
	if (sp == NULL) {
		if (!env_name_valid(sub))
			return -1;
		*name = xstrdup(sub);
		return 0;
	}
	if (!remote_slug_valid(sub, (size_t)(sp - sub)) ||
	    !env_name_valid(sp + 1) || sp[1] == ' ')
		return -1;
	*repo = xstrndup(sub, (size_t)(sp - sub));
	*name = xstrdup(sp + 1);
	return 0;
}

static int
env_add(struct conf_loader *ld, const char *sub, const char *file, int line)
{
	struct conf *cfg = ld->cfg;
	struct env_conf *e;
	char *repo, *name, *shown;
	size_t i;
	int rc;

	if (split_sub(sub, &repo, &name) != 0) {
		shown = conf_show(sub);
		rc = conf_fail_at(ld, file, line, "section [environment "
		    "\"%s\"]: expected \"NAME\" or \"owner/name NAME\"",
		    shown != NULL ? shown : "");
		free(shown);
		return rc;
	}
	for (i = 0; i < cfg->nenvs; i++) {
		if (strcmp(cfg->envs[i].name, name) == 0 &&
		    ((repo == NULL && cfg->envs[i].repo == NULL) ||
		    (repo != NULL && cfg->envs[i].repo != NULL &&
		    strcmp(repo, cfg->envs[i].repo) == 0))) {
			free(repo);
			free(name);
			return 0;	/* a section may be split: merged */
		}
	}
	cfg->envs = xreallocarray(cfg->envs, cfg->nenvs + 1, sizeof *cfg->envs);
	e = &cfg->envs[cfg->nenvs++];
	memset(e, 0, sizeof *e);
	e->repo = repo;
	e->name = name;
	e->protected_env = -1;
	e->readonly = -1;
	return 0;
}

static int
env_site(const struct conf_site *s, void *arg)
{
	struct conf_loader *ld = arg;

	if (s->key != NULL || strcmp(s->section, "environment") != 0)
		return 0;
	if (*s->sub == '\0') {
		conf_fail_at(ld, s->file, s->line, "section [environment] "
		    "needs a name: [environment \"NAME\"] or [environment "
		    "\"owner/name NAME\"]");
		return 1;
	}
	return env_add(ld, s->sub, s->file, s->line) != 0 ? 1 : 0;
}

int
conf_load_envs(struct conf_loader *ld)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	struct env_conf *ec;
	const char *dot;
	char *sub;
	size_t i, j;
	int rc = 0;

	if (ld->user_path != NULL &&
	    conf_scan_walk(ld->user_path, 1, env_site, ld) > 0)
		return -1;
	if (git_config_iterator_new(&it, ld->git) != 0)
		return conf_fail_at(ld, ld->user_path, 0,
		    "cannot list the keys");
	while (rc == 0 && git_config_next(&e, it) == 0) {
		if (e->level != GIT_CONFIG_LEVEL_APP ||
		    strncmp(e->name, "environment.", 12) != 0)
			continue;
		dot = strrchr(e->name, '.');
		if (dot == e->name + 11) {
			rc = conf_fail_key(ld, "environment", NULL, dot + 1,
			    "belongs in an [environment \"NAME\"] section");
			break;
		}
		sub = xstrndup(e->name + 12, (size_t)(dot - e->name - 12));
		rc = env_add(ld, sub, ld->user_path, 0);
		free(sub);
	}
	git_config_iterator_free(it);
	for (i = 0; rc == 0 && i < ld->cfg->nenvs; i++) {
		ec = &ld->cfg->envs[i];
		sub = ec->repo != NULL ? xasprintf("%s %s", ec->repo,
		    ec->name) : xstrdup(ec->name);
		for (j = 0; rc == 0 && j < conf_nenv_keys; j++)
			rc = conf_load_key(ld, &conf_env_keys[j], sub, ec);
		free(sub);
	}
	return rc;
}
