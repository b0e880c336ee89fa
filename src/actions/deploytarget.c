/* deploytarget: the deploy dialog's chosen target, resolved on a worker
 * thread (the UI thread does no network or disk I/O) and handed back
 * through the store. One request at a time: the newest replaces one that
 * has not started. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/deploytarget.h"
#include "opsdeck/envsrc.h"
#include "opsdeck/sched.h"
#include "opsdeck/store.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"

/* The job sleeps this long between kicks. */
#define DEPLOYTARGET_IDLE_MS	(3600 * 1000)

struct dt_req {
	uint64_t	 seq;
	char		*repo, *env, *ref, *from;
};

struct deploytarget {
	struct store		*store;
	struct ghclient		*gc;
	const struct conf	*cfg;
	struct sched		*sched;
	int			 job;
	pthread_mutex_t		 mu;	/* the fields below */
	uint64_t		 seq;
	struct dt_req		 want;	/* seq 0: none waiting */
};

static void
req_done(struct dt_req *r)
{
	free(r->repo);
	free(r->env);
	free(r->ref);
	free(r->from);
	memset(r, 0, sizeof *r);
}

struct deploytarget *
deploytarget_new(struct store *store, struct ghclient *gc,
    const struct conf *cfg)
{
	struct deploytarget *dt = xcalloc(1, sizeof *dt);

	dt->store = store;
	dt->gc = gc;
	dt->cfg = cfg;
	dt->job = -1;
	pthread_mutex_init(&dt->mu, NULL);
	return dt;
}

void
deploytarget_free(struct deploytarget **dtp)
{
	struct deploytarget *dt = *dtp;

	if (dt == NULL)
		return;
	req_done(&dt->want);
	pthread_mutex_destroy(&dt->mu);
	free(dt);
	*dtp = NULL;
}

uint64_t
deploytarget_want(struct deploytarget *dt, const char *repo, const char *env,
    const char *ref, const char *from)
{
	uint64_t seq;

	pthread_mutex_lock(&dt->mu);
	req_done(&dt->want);
	seq = dt->want.seq = ++dt->seq;
	dt->want.repo = xstrdup_null(repo);
	dt->want.env = xstrdup_null(env);
	dt->want.ref = xstrdup_null(ref);
	dt->want.from = xstrdup_null(from);
	pthread_mutex_unlock(&dt->mu);
	if (dt->sched != NULL && dt->job >= 0)
		sched_kick(dt->sched, dt->job);
	return seq;
}

static void
result_free(void *p)
{
	struct deploy_target_result *r = p;

	free(r->repo);
	free(r->environment);
	free(r->why);
	env_target_done(&r->t);
	free(r);
}

static void
resolve(struct deploytarget *dt, struct dt_req *q, struct transport *tp)
{
	struct deploy_target_result *r = xcalloc(1, sizeof *r);
	char *why = NULL;

	r->seq = q->seq;
	r->repo = xstrdup_null(q->repo);
	r->environment = xstrdup_null(q->env);
	if (dt->gc == NULL || tp == NULL)
		r->why = xstrdup("no GitHub client to resolve it with");
	else if (q->repo == NULL)
		r->why = xstrdup("no repository");
	else if (envsrc_target(dt->gc, tp, dt->cfg, q->repo, q->ref,
	    q->from, &r->t, &why) == 0)
		r->ok = true;
	else
		r->why = why != NULL ? why : xstrdup("cannot resolve it");
	store_publish(dt->store, STORE_ACTIONS, snap_new(DEPLOYTARGET_KEY, r,
	    result_free));
}

static int64_t
deploytarget_job(void *arg, void *wctx)
{
	struct deploytarget *dt = arg;
	struct worker_ctx *wc = wctx;
	struct dt_req q;

	for (;;) {
		pthread_mutex_lock(&dt->mu);
		q = dt->want;
		memset(&dt->want, 0, sizeof dt->want);
		pthread_mutex_unlock(&dt->mu);
		if (q.seq == 0)
			break;
		resolve(dt, &q, wc != NULL ? wc->tp : NULL);
		req_done(&q);
	}
	return DEPLOYTARGET_IDLE_MS;
}

int
deploytarget_schedule(struct deploytarget *dt, struct sched *s)
{
	dt->sched = s;
	dt->job = sched_add(s, "deploy-target", deploytarget_job, dt,
	    DEPLOYTARGET_IDLE_MS);
	return dt->job < 0 ? -1 : 0;
}
