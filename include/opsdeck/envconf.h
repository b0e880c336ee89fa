/* envconf: what the configuration says about a repository's environments:
 * their promotion order ([repo] environments) and each one's policy
 * ([environment "NAME"], overridden key by key by [environment
 * "owner/name NAME"]). The policy keys are a named conf table
 * (envconf_conf_table, CONF_NAMED, the environments source's conf_more),
 * sharing the section with the quality gates. Pure lookups on a loaded
 * struct conf: any thread, as long as the conf lives. */
#ifndef OPSDECK_ENVCONF_H
#define OPSDECK_ENVCONF_H

#include <stdbool.h>
#include <stddef.h>

struct conf;
struct conf_table;
struct repo_conf;

/* [environment "NAME"] or [environment "owner/name NAME"]: what the user
 * set; -1 / NULL when not set (envconf_policy says what that means). */
struct envconf_values {
	int	 protected_env;	/* -1 unset, 0, 1 */
	int	 readonly;	/* -1 unset, 0, 1 */
	char	*color;		/* a theme element or a git colour spec */
	bool	 bad_name;	/* not "NAME" nor "owner/name NAME" */
};

/* The keys protected, readonly and color of [environment "..."]. */
extern const struct conf_table	envconf_conf_table;

struct env_policy {
	/* A deploy or roll back needs the name typed. Unset: true when the
	 * name has "prod" in it (any case: prod, production, preprod). */
	bool		 is_protected;
	/* Every mutating action on it is refused. Unset: false. */
	bool		 readonly;
	/* A theme element name or a git colour spec; NULL: not set (the
	 * UI's default). Borrowed from the conf. */
	const char	*color;
};

/* Whether a name counts as production when nothing says otherwise. */
bool	 envconf_default_protected(const char *env);
/* The policy of env in repo (repo may be NULL: the generic sections
 * only). Always fills *out. */
void	 envconf_policy(const struct conf *, const char *repo,
	    const char *env, struct env_policy *out);
/* The [repo] section of repo, or NULL. Borrowed. */
const struct repo_conf *envconf_repo(const struct conf *, const char *repo);
/* Whether the environments of the repository are read at all: it names
 * them ([repo] environments), deploys ([repo] deploy-workflow or
 * deploy-command), an [environment "owner/name NAME"] names it, or the
 * config has an [environment "NAME"] for every repository. A repository
 * that says none of that costs no request for environments. */
bool	 envconf_wanted(const struct conf *, const struct repo_conf *);
/* [repo] environments split on blanks into *names (malloc'd array of
 * malloc'd strings, NULL when none; envconf_names_free). Duplicates are
 * dropped. Returns the count. */
size_t	 envconf_order(const struct repo_conf *, char ***names);
void	 envconf_names_free(char **names, size_t n);

#endif
