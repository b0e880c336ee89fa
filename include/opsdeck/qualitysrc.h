/* qualitysrc: the quality source. Per [repo], on the GitHub client: the
 * default branch (GET /repos/O/R) and its head, the open pull requests'
 * heads (GET .../pulls, at most [quality] max-pulls); per commit its check
 * runs (GET .../commits/REF/check-runs, Link followed for at most 3 pages),
 * combined status (GET .../commits/REF/status), the annotations of check
 * runs that have some (at most [quality] max-annotated runs a poll) and
 * open code scanning alerts of its ref; the repository's open Dependabot
 * alerts; the open issues of every label a gate names. Every GET is
 * conditional. A 403 or 404 on an alert endpoint is "no access", not an
 * error. The SHAs the environments run, and each one's roll back target,
 * come from the environments source's snapshot (STORE_ENV), read at each
 * poll (quality_repo.deployed_read says whether it was there).
 *
 * Publishes a struct quality_repo (quality.h) per repository to
 * STORE_QUALITY, with every commit's summary, score change against the
 * default branch's last green commit, and the gates of every environment
 * (the configured ones, staging and production).
 *
 * It owns two config tables: [quality] (the formula, the patterns, what is
 * read) and the gate keys of [environment "NAME"] (a named table; other
 * keys of that section belong to other tables). */
#ifndef OPSDECK_QUALITYSRC_H
#define OPSDECK_QUALITYSRC_H

#include "opsdeck/conf.h"
#include "opsdeck/quality.h"

struct source_ops;

struct quality_conf {
	int	 enabled;
	int	 interval_s;
	int	 max_pulls;
	int	 max_annotated;
	int	 lint_weight, complex_weight, security_weight;
	int	 duplication_penalty;
	struct conf_patterns coverage, lint, complex, security, duplication;
};

/* [environment "NAME"] gate keys; QUALITY_GATE_OFF where off. */
struct quality_env_conf {
	int	 min_coverage;
	int	 min_score;
	char	*checks;		/* "none" or "required"; NULL */
	int	 max_security;
	char	*no_open_issues_labelled;	/* NULL */
};

extern const struct conf_table	quality_conf_table;
extern const struct conf_table	quality_env_conf_table;
extern const struct source_ops	quality_source;

/* The gates of environment env for repository repo ("owner/name", or NULL
 * for any): the keys of [environment "env"] over the defaults
 * (quality_gates_default), then those the user's file sets in
 * [environment "owner/name env"] (the per-repository form the environments
 * work reads too) over both. 0 when a config file has either section, 1
 * when only the defaults apply (an environment no config names: staging
 * and production still get their coverage threshold, any other none). The
 * caller frees with quality_gates_done. Any thread (cfg read-only). */
int	 qualitysrc_gates(const struct conf *, const char *repo,
	    const char *env, struct quality_gates *out);

/* The names of the environments whose gates are evaluated for repo: every
 * [environment "NAME"] and [environment "repo NAME"] section, then staging
 * and production if absent. Fills at most max names (borrowed from cfg or
 * static); returns how many. */
size_t	 qualitysrc_envs(const struct conf *, const char *repo,
	    const char **names, size_t max);

#endif
