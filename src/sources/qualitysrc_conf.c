/* qualitysrc_conf: the quality source's config tables ([quality], and the
 * gate keys of [environment "NAME"], a named table whose sections get
 * their defaults by name) and the gates of an environment read from them
 * (qualitysrc_gates), which the source and the deploy and approval dialogs
 * share. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/conf.h"
#include "opsdeck/quality.h"
#include "opsdeck/qualitysrc.h"
#include "opsdeck/xalloc.h"

static const char *const checks_choices[] = { "none", "required", NULL };

#define Q(f) offsetof(struct quality_conf, f)
static const struct conf_key quality_keys[] = {
	{ "quality", "enabled", CONF_BOOL, 0, 1, Q(enabled), NULL,
	    "read checks, statuses and alerts for the quality pane" },
	{ "quality", "interval", CONF_DUR, 10, 3600, Q(interval_s), NULL,
	    "poll interval of a repository's quality" },
	{ "quality", "max-pulls", CONF_INT, 0, 30, Q(max_pulls), NULL,
	    "open pull requests whose heads are scored" },
	{ "quality", "max-annotated", CONF_INT, 0, 50, Q(max_annotated), NULL,
	    "check runs a poll reads the annotations of" },
	{ "quality", "lint-weight", CONF_INT, 0, 100, Q(lint_weight), NULL,
	    "points off per lint issue" },
	{ "quality", "complex-weight", CONF_INT, 0, 100, Q(complex_weight),
	    NULL, "points off per overly complex function" },
	{ "quality", "security-weight", CONF_INT, 0, 100, Q(security_weight),
	    NULL, "points off per security issue" },
	{ "quality", "duplication-penalty", CONF_INT, 0, 100,
	    Q(duplication_penalty), NULL,
	    "points off when duplication was reported" },
	{ "quality", "coverage-pattern", CONF_PATTERNS, 0, 0, Q(coverage), NULL,
	    "PCRE2 pattern reading coverage (group 1: the percentage)" },
	{ "quality", "lint-pattern", CONF_PATTERNS, 0, 0, Q(lint), NULL,
	    "PCRE2 pattern of annotations or checks counted as lint" },
	{ "quality", "complex-pattern", CONF_PATTERNS, 0, 0, Q(complex), NULL,
	    "PCRE2 pattern of annotations counted as overly complex code" },
	{ "quality", "security-pattern", CONF_PATTERNS, 0, 0, Q(security),
	    NULL, "PCRE2 pattern of annotations counted as security issues" },
	{ "quality", "duplication-pattern", CONF_PATTERNS, 0, 0,
	    Q(duplication), NULL,
	    "PCRE2 pattern of annotations or failing checks reporting "
	    "duplication" },
};
#undef Q

const struct conf_table quality_conf_table = {
	.name = "quality",
	.keys = quality_keys,
	.nkeys = sizeof quality_keys / sizeof quality_keys[0],
	.size = sizeof (struct quality_conf),
};

#define E(f) offsetof(struct quality_env_conf, f)
static const struct conf_key quality_env_keys[] = {
	{ "environment", "min-coverage", CONF_INT, -1, 100, E(min_coverage),
	    NULL, "coverage (percent) a commit needs; -1 none" },
	{ "environment", "min-score", CONF_INT, -1, 100, E(min_score), NULL,
	    "quality score a commit needs; -1 none" },
	{ "environment", "checks", CONF_ENUM, 0, 0, E(checks), checks_choices,
	    "required: every check and status passed, none pending" },
	{ "environment", "max-security", CONF_INT, -1, 1000000,
	    E(max_security), NULL, "open security issues allowed; -1 none" },
	{ "environment", "no-open-issues-labelled", CONF_STR, 0, 0,
	    E(no_open_issues_labelled), NULL,
	    "no open issue may carry this label" },
};
#undef E

/* An environment's defaults before its keys are read. */
static void
quality_env_init(void *values, const char *name)
{
	struct quality_env_conf *ec = values;
	struct quality_gates g;

	quality_gates_default(&g, name);
	ec->min_coverage = g.min_coverage;
	ec->min_score = QUALITY_GATE_OFF;
	ec->max_security = QUALITY_GATE_OFF;
	quality_gates_done(&g);
}

const struct conf_table quality_env_conf_table = {
	.name = "quality-environment",
	.keys = quality_env_keys,
	.nkeys = sizeof quality_env_keys / sizeof quality_env_keys[0],
	.size = sizeof (struct quality_env_conf),
	.named = CONF_NAMED,
	.init = quality_env_init,
};

static const struct {
	const char	*key;
	unsigned	 bit;
} gate_keys[] = {
	{ "min-coverage", QUALITY_GATE_COVERAGE },
	{ "min-score", QUALITY_GATE_SCORE },
	{ "checks", QUALITY_GATE_CHECKS },
	{ "max-security", QUALITY_GATE_SECURITY },
	{ "no-open-issues-labelled", QUALITY_GATE_ISSUES },
};
#define NGATE_KEYS	(sizeof gate_keys / sizeof gate_keys[0])

/* The keys of ec whose bits are in which into out. */
static void
gates_take(struct quality_gates *out, const struct quality_env_conf *ec,
    unsigned which)
{
	if (which & QUALITY_GATE_COVERAGE)
		out->min_coverage = ec->min_coverage;
	if (which & QUALITY_GATE_SCORE)
		out->min_score = ec->min_score;
	if (which & QUALITY_GATE_CHECKS)
		out->checks = ec->checks != NULL && strcmp(ec->checks,
		    "required") == 0 ? QUALITY_CHECKS_REQUIRED :
		    QUALITY_CHECKS_ANY;
	if (which & QUALITY_GATE_SECURITY)
		out->max_security = ec->max_security;
	if (which & QUALITY_GATE_ISSUES) {
		free(out->no_open_issues_labelled);
		out->no_open_issues_labelled = ec->no_open_issues_labelled !=
		    NULL ? xstrdup(ec->no_open_issues_labelled) : NULL;
	}
}

/* The QUALITY_GATE_* bits the user's file sets in [environment "sub"]. */
static unsigned
gates_set(const struct conf *cfg, const char *sub)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < NGATE_KEYS; i++) {
		if (conf_user_sets_named(cfg, "environment", sub,
		    gate_keys[i].key))
			bits |= gate_keys[i].bit;
	}
	return bits;
}

int
qualitysrc_gates(const struct conf *cfg, const char *repo, const char *env,
    struct quality_gates *out)
{
	const struct quality_env_conf *ec;
	unsigned bits;
	char *sub;

	quality_gates_default(out, env);
	if (cfg == NULL || env == NULL)
		return 1;
	if ((ec = conf_values_named(cfg, &quality_env_conf_table, env)) !=
	    NULL) {
		out->configured = true;
		/* Every key: the section's defaults by name are its values
		 * where the user set nothing. */
		gates_take(out, ec, ~0u);
		out->set_by_user = gates_set(cfg, env);
	}
	if (repo == NULL)
		return out->configured ? 0 : 1;
	sub = xasprintf("%s %s", repo, env);
	if ((ec = conf_values_named(cfg, &quality_env_conf_table, sub)) !=
	    NULL) {
		out->configured = true;
		bits = gates_set(cfg, sub);
		gates_take(out, ec, bits);
		out->set_by_user |= bits;
	}
	free(sub);
	return out->configured ? 0 : 1;
}

size_t
qualitysrc_envs(const struct conf *cfg, const char *repo, const char **names,
    size_t max)
{
	static const char *const dflt[] = { "staging", "production" };
	const struct conf_named *cn = cfg != NULL ? conf_values(cfg,
	    &quality_env_conf_table) : NULL;
	const char *name, *sp;
	size_t i, j, n = 0, len = repo != NULL ? strlen(repo) : 0;

	for (i = 0; cn != NULL && i < cn->n; i++) {
		name = cn->names[i];
		if ((sp = strchr(name, ' ')) != NULL) {
			/* "owner/name ENV": this repository's only. */
			if (repo == NULL || (size_t)(sp - name) != len ||
			    strncmp(name, repo, len) != 0)
				continue;
			name = sp + 1;
		}
		for (j = 0; j < n && strcmp(names[j], name) != 0; j++)
			;
		if (j == n && n < max)
			names[n++] = name;
	}
	for (i = 0; i < 2 && n < max; i++) {
		for (j = 0; j < n && strcmp(names[j], dflt[i]) != 0; j++)
			;
		if (j == n)
			names[n++] = dflt[i];
	}
	return n;
}
