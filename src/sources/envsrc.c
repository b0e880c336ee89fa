/* envsrc: the environments source (envsrc.h): a job per repository, its
 * backoff and rate-limit waits, and what is published to STORE_ENV. A poll
 * whose answers were all 304 and whose snapshot the store already shows
 * fresh publishes nothing and wakes nothing. What one poll reads is
 * envsrc_build.c's. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/conf.h"
#include "opsdeck/envconf.h"
#include "opsdeck/envsrc.h"
#include "opsdeck/envstate.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/gitscan.h"
#include "opsdeck/gitsrc.h"
#include "opsdeck/governor.h"
#include "opsdeck/log.h"
#include "opsdeck/rx.h"
#include "opsdeck/sched.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/transport.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"
#include "envsrc_int.h"

#define BACKOFF_FIRST_S		5
#define BACKOFF_MAX_S		600
#define AUTH_RETRY_S		300
#define SECONDARY_MIN_S		60
/* While something is in flight the environment is about to change. */
#define IN_FLIGHT_S		10
/* An unchanged poll still republishes once the shown data is this old
 * (the header's data age), as github.c does. */
#define REFRESH_AGE_S		25

struct env_repo {
	struct envsrc	*es;
	const struct repo_conf *rc;	/* borrowed from the conf */
	int		 interval_s;
	int		 gov_slot;	/* in the governor */
	unsigned	 failures;
	struct repo_envs *last;		/* last good snapshot */
	bool		 shown_fresh;
	time_t		 shown_at;
};

struct envsrc {
	struct ghclient	*gc;
	struct governor	*gov;		/* the client's request budget; NULL */
	struct store	*store;
	const struct conf *cfg;
	struct rx	**risky;	/* gitscan's defaults, then [git] risky */
	size_t		 nrisky;
	struct env_repo	**repos;
	size_t		 nrepos;
};

static int
add_risky(struct rx ***v, size_t *n, const char *pattern, char **cause)
{
	struct rx *rx;

	if ((rx = rx_new(pattern, 0, cause)) == NULL)
		return -1;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = rx;
	return 0;
}

/* The same risky paths the repository pane marks (the config has
 * compiled each [git] risky value once already: these cannot fail but
 * for memory). */
int
envsrc_risky_new(const struct conf *cfg, struct rx ***v, size_t *n,
    char **cause)
{
	const struct gitsrc_conf *gc = cfg != NULL ?
	    conf_values(cfg, &gitsrc_conf_table) : NULL;
	size_t i;

	*v = NULL;
	*n = 0;
	for (i = 0; gitscan_default_risky[i] != NULL; i++) {
		if (add_risky(v, n, gitscan_default_risky[i], cause) != 0)
			goto fail;
	}
	for (i = 0; gc != NULL && i < gc->risky.n; i++) {
		if (add_risky(v, n, gc->risky.v[i], cause) != 0)
			goto fail;
	}
	return 0;
fail:
	envsrc_risky_free(*v, *n);
	*v = NULL;
	*n = 0;
	return -1;
}

void
envsrc_risky_free(struct rx **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rx_free(&v[i]);
	free(v);
}

static void
fetch_init(struct env_fetch *f, struct envsrc *es, struct transport *tp,
    const struct repo_envs *last)
{
	memset(f, 0, sizeof *f);
	f->gc = es->gc;
	f->tp = tp;
	f->cfg = es->cfg;
	f->risky = (const struct rx *const *)es->risky;
	f->nrisky = es->nrisky;
	f->last = last;
}

struct envsrc *
envsrc_new(struct ghclient *gc, struct store *store, const struct conf *cfg,
    char **cause)
{
	struct envsrc *es = xcalloc(1, sizeof *es);
	struct env_repo *rp;
	size_t i;

	es->gc = gc;
	es->gov = gc != NULL ? ghclient_governor(gc) : NULL;
	es->store = store;
	es->cfg = cfg;
	if (envsrc_risky_new(cfg, &es->risky, &es->nrisky, cause) != 0) {
		envsrc_free(&es);
		return NULL;
	}
	for (i = 0; cfg != NULL && i < cfg->nrepos; i++) {
		if (!envconf_wanted(cfg, &cfg->repos[i]))
			continue;	/* says nothing of environments */
		rp = xcalloc(1, sizeof *rp);
		rp->es = es;
		rp->rc = &cfg->repos[i];
		rp->interval_s = cfg->repos[i].interval_s > 0 ?
		    cfg->repos[i].interval_s : 30;
		rp->gov_slot = es->gov != NULL ? governor_slot(es->gov,
		    rp->rc->name, (int64_t)rp->interval_s * 1000) : -1;
		es->repos = xreallocarray(es->repos, es->nrepos + 1,
		    sizeof *es->repos);
		es->repos[es->nrepos++] = rp;
	}
	return es;
}

void
envsrc_free(struct envsrc **esp)
{
	struct envsrc *es;
	size_t i;

	if (esp == NULL || (es = *esp) == NULL)
		return;
	for (i = 0; i < es->nrepos; i++) {
		repo_envs_free(&es->repos[i]->last);
		free(es->repos[i]);
	}
	free(es->repos);
	envsrc_risky_free(es->risky, es->nrisky);
	free(es);
	*esp = NULL;
}

static void
publish(struct env_repo *rp, struct repo_envs *re)
{
	store_publish(rp->es->store, STORE_ENV,
	    snap_new(re->repo, re, repo_envs_free_void));
}

/* The last good data (or an empty snapshot) marked stale with why. */
static void
publish_stale(struct env_repo *rp, const char *why)
{
	struct repo_envs *re;

	if (rp->last != NULL)
		re = repo_envs_dup(rp->last);
	else {
		re = xcalloc(1, sizeof *re);
		re->repo = xstrdup(rp->rc->name);
	}
	re->stale = true;
	free(re->error);
	re->error = xstrdup(why);
	rp->shown_fresh = false;
	publish(rp, re);
}

static bool
any_in_flight(const struct repo_envs *re)
{
	size_t i;

	for (i = 0; i < re->nenvs; i++) {
		if (env_row_in_flight(&re->envs[i]))
			return true;
	}
	return false;
}

static int64_t
backoff_ms(struct env_repo *rp)
{
	unsigned n = rp->failures < 8 ? rp->failures : 8;
	int64_t base = (int64_t)BACKOFF_FIRST_S * 1000 << (n > 0 ? n - 1 : 0);

	if (base > (int64_t)BACKOFF_MAX_S * 1000)
		base = (int64_t)BACKOFF_MAX_S * 1000;
	return base;
}

/* One poll of one repository; returns the delay until the next. */
static int64_t
poll_repo(struct env_repo *rp, struct transport *tp, int *ok)
{
	struct envsrc *es = rp->es;
	struct env_fetch f;
	struct repo_envs *re;
	time_t now = time(NULL), wait = ghclient_wait_until(es->gc), until;
	char why[300];
	int64_t delay;

	*ok = 0;
	if (wait > now) {
		ghclient_format_until(why, sizeof why, "waiting", wait);
		publish_stale(rp, why);
		return (int64_t)(wait - now) * 1000 + 500;
	}
	fetch_init(&f, es, tp, rp->last);
	re = envsrc_build(&f, rp->rc);
	if (re != NULL) {
		*ok = 1;
		rp->failures = 0;
		re->fetched_at = time(NULL);
		delay = (int64_t)(any_in_flight(re) && IN_FLIGHT_S <
		    rp->interval_s ? IN_FLIGHT_S : rp->interval_s) * 1000;
		if (!f.changed && rp->shown_fresh &&
		    re->fetched_at - rp->shown_at < REFRESH_AGE_S) {
			repo_envs_free(&re);
			return delay;
		}
		repo_envs_free(&rp->last);
		rp->last = repo_envs_dup(re);
		rp->shown_fresh = true;
		rp->shown_at = re->fetched_at;
		publish(rp, re);
		source_publish_status(es->store, es->gc, false);
		return delay;
	}
	rp->failures++;
	delay = backoff_ms(rp);
	if (f.k == GHCLIENT_RATE_PRIMARY || f.k == GHCLIENT_RATE_SECONDARY) {
		until = f.k == GHCLIENT_RATE_PRIMARY ? (f.rl_reset > now ?
		    f.rl_reset : now + 60) : now + (f.retry_after >= 0 ?
		    f.retry_after : SECONDARY_MIN_S);
		ghclient_format_until(why, sizeof why, f.k ==
		    GHCLIENT_RATE_PRIMARY ? "primary" : "secondary", until);
		ghclient_set_wait(es->gc, until, why);
		delay = (int64_t)(until - now) * 1000 + 500;
	} else {
		snprintf(why, sizeof why, "environments: %s", f.why);
		if (f.k == GHCLIENT_AUTH && delay < AUTH_RETRY_S * 1000)
			delay = AUTH_RETRY_S * 1000;
	}
	log_warn("%s: %s", rp->rc->name, why);
	publish_stale(rp, why);
	source_publish_status(es->store, es->gc, false);
	return delay;
}

static int64_t
repo_job(void *arg, void *ctx)
{
	struct env_repo *rp = arg;
	struct worker_ctx *w = ctx;
	unsigned long sent0;
	int64_t wait, delay;
	int ok;

	if (w == NULL || w->tp == NULL)
		return 60000;
	if (rp->es->gov == NULL)
		return poll_repo(rp, w->tp, &ok);
	/* The one request budget of every GitHub source (governor.h). */
	if ((wait = governor_admit(rp->es->gov, rp->gov_slot)) > 0)
		return wait;
	sent0 = transport_sent(w->tp);
	delay = poll_repo(rp, w->tp, &ok);
	return governor_done(rp->es->gov, rp->gov_slot, delay,
	    (unsigned)(transport_sent(w->tp) - sent0));
}

static int
envsrc_schedule(struct envsrc *es, struct sched *s)
{
	char *name;
	size_t i;
	int rc;

	for (i = 0; i < es->nrepos; i++) {
		name = xasprintf("environments %s", es->repos[i]->rc->name);
		rc = sched_add(s, name, repo_job, es->repos[i], 0);
		free(name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int
envsrc_poll_once(struct envsrc *es, struct transport *tp)
{
	size_t i;
	int ok, all = 1;

	for (i = 0; i < es->nrepos; i++) {
		poll_repo(es->repos[i], tp, &ok);
		all &= ok;
	}
	/* The report prints the request counters: the final ones, these
	 * requests included. */
	if (es->nrepos > 0)
		source_publish_status(es->store, es->gc, true);
	return all ? 0 : -1;
}

void
envsrc_publish_cached(struct envsrc *es)
{
	struct env_fetch f;
	struct repo_envs *re;
	size_t i;

	for (i = 0; i < es->nrepos; i++) {
		fetch_init(&f, es, NULL, NULL);
		if ((re = envsrc_build(&f, es->repos[i]->rc)) == NULL)
			continue;
		repo_envs_free(&es->repos[i]->last);
		es->repos[i]->last = re;
		publish_stale(es->repos[i], "cached");
	}
}

/* --- the source interface --- */

static void *
source_create(const struct source_env *env, char **cause)
{
	if (env->github == NULL) {
		*cause = xstrdup("environments: no GitHub client");
		return NULL;
	}
	return envsrc_new(env->github, env->store, env->cfg, cause);
}

static int
source_schedule(void *es, struct sched *s)
{
	return envsrc_schedule(es, s);
}

static void
source_cached(void *es)
{
	envsrc_publish_cached(es);
}

static int
source_once(void *es, struct worker_ctx *ctx)
{
	if (ctx == NULL || ctx->tp == NULL)
		return -1;
	return envsrc_poll_once(es, ctx->tp);
}

static void
source_free(void *es)
{
	envsrc_free((struct envsrc **)&es);
}

/* Its keys: [repo] environments and deploy-* are conf's own
 * (conf_lists.c); the policy of [environment "NAME"] is envconf's named
 * table, beside the quality gates in the same section. */
static const struct conf_table *const envsrc_conf_more[] = {
	&envconf_conf_table, NULL
};

const struct source_ops envsrc_source = {
	.name = "environments",
	.conf_more = envsrc_conf_more,
	.create = source_create,
	.schedule = source_schedule,
	.publish_cached = source_cached,
	.poll_once = source_once,
	.free = source_free,
};
