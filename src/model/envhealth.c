/* envhealth: an environment's health from the published health checks:
 * the worst state of its checks and the after-deploy verdict of its
 * current deployment (see envhealth.h). Shared by the environments view
 * and the --once report so both say the same thing. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/envhealth.h"

bool
envhealth_matches(const char *check_env, const char *repo, const char *env)
{
	const char *sp;
	size_t rlen;

	if (check_env == NULL || env == NULL)
		return false;
	/* "owner/name env": only that repository's env. */
	if ((sp = strchr(check_env, ' ')) != NULL &&
	    memchr(check_env, '/', (size_t)(sp - check_env)) != NULL) {
		rlen = (size_t)(sp - check_env);
		if (repo == NULL || strlen(repo) != rlen ||
		    strncasecmp(repo, check_env, rlen) != 0)
			return false;
		check_env = sp + strspn(sp, " ");
	}
	return strcasecmp(check_env, env) == 0;
}

/* How much a verdict says, to pick the one to tell: higher is worse. */
static int
verdict_rank(const struct health_verdict *v)
{
	switch (v->after) {
	case HEALTH_AFTER_BAD:
		return 4;
	case HEALTH_AFTER_ALREADY:
		return 3;
	case HEALTH_AFTER_WATCHING:
		return 2;
	case HEALTH_AFTER_CLEAN:
		return 1;
	default:
		return 0;
	}
}

/* Whether a is the worse news than b. */
static bool
verdict_worse(const struct health_verdict *a, const struct health_verdict *b)
{
	int ra = verdict_rank(a), rb = verdict_rank(b);

	if (ra != rb)
		return ra > rb;
	if (health_rank(a->state) != health_rank(b->state))
		return health_rank(a->state) > health_rank(b->state);
	return a->after == HEALTH_AFTER_BAD && a->after_s < b->after_s;
}

static void
take_verdict(struct env_health *eh, const struct health_check *c,
    time_t deployed_at, time_t now)
{
	long window = c->after_deploy_s > 0 ? c->after_deploy_s : 600;
	struct health_verdict v;

	/* A check not run yet has no history to judge by. */
	if (c->checked_at == 0)
		return;
	v = health_after_deploy(c->trans, c->ntrans, c->state, deployed_at,
	    window, now);
	if (!health_verdict_news(&v, deployed_at, window, now))
		return;
	if (eh->verdict_check == NULL || verdict_worse(&v, &eh->verdict)) {
		eh->verdict = v;
		eh->verdict_check = c->name;
	}
}

void
envhealth_eval(struct env_health *eh, const struct health_check *const *checks,
    size_t n, const char *repo, const char *env, const char *sha,
    time_t deployed_at, time_t now)
{
	const struct health_check *c;
	size_t i;

	memset(eh, 0, sizeof *eh);
	eh->state = HEALTH_OK;
	eh->verdict.after = HEALTH_AFTER_NONE;
	for (i = 0; i < n; i++) {
		c = checks[i];
		if (c == NULL || !envhealth_matches(c->env, repo, env))
			continue;
		if (eh->nchecks++ == 0 || health_rank(c->state) >
		    health_rank(eh->state) || (health_rank(c->state) ==
		    health_rank(eh->state) && strcmp(c->name, eh->worst) < 0)) {
			eh->state = c->state;
			eh->worst = c->name;
		}
		if (c->state != HEALTH_OK)
			eh->nbad++;
		if (sha != NULL && deployed_at > 0)
			take_verdict(eh, c, deployed_at, now);
	}
	if (eh->verdict_check != NULL)
		health_verdict_text(eh->text, sizeof eh->text, &eh->verdict,
		    sha, deployed_at, now);
}
