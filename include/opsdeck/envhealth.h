/* envhealth: the health of one repository's environment, for the
 * environments view and the --once report: the worst shown state of the
 * checks whose `environment =` names it, and the after-deploy verdict of
 * its current deployment, both read from the health history the health
 * source published (struct health_check, health.h). Nothing is probed
 * here. Pure: no I/O, no globals, any thread. */
#ifndef OPSDECK_ENVHEALTH_H
#define OPSDECK_ENVHEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/health.h"

/* Whether a check's environment (its [check] environment value) is env of
 * repo: "production" is every repository's production, "owner/name
 * production" that repository's alone. Environment names compare without
 * case, as GitHub's do. */
bool	 envhealth_matches(const char *check_env, const char *repo,
	    const char *env);

struct env_health {
	size_t		 nchecks;	/* checks of the environment; 0: the
					 * rest is meaningless */
	size_t		 nbad;		/* of them, not ok */
	enum health_state state;	/* the worst shown state */
	const char	*worst;		/* that check's name (borrowed) */
	/* The verdict on the current deployment, when there is news
	 * (health_verdict_news); after NONE otherwise. */
	struct health_verdict verdict;
	const char	*verdict_check;	/* whose verdict (borrowed) */
	char		 text[160];	/* "crit 3 min after deploy of
					 * a84d88e"; "" */
};

/* Fills *eh from the n checks (any order; NULL entries skipped) for env
 * of repo, whose current deployment is sha (NULL: none) at deployed_at.
 * Across the checks the verdict told is the worst: a check that went bad
 * (crit before warn, then the soonest), else one already bad at the
 * deploy, else one still being watched, else a clean one. */
void	 envhealth_eval(struct env_health *eh,
	    const struct health_check *const *checks, size_t n,
	    const char *repo, const char *env, const char *sha,
	    time_t deployed_at, time_t now);

#endif
