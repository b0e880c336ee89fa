/* actworker: confirmed actions to exactly one mutating request each, on a
 * worker thread: the policy again, the journal's intent on disk, the
 * request (never retried), the outcome, the result in the store. Also
 * reads the journal back for the audit view. */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <jansson.h>

#include "opsdeck/actfollow.h"
#include "opsdeck/actissue.h"
#include "opsdeck/actreview.h"
#include "opsdeck/actworker.h"
#include "opsdeck/conf.h"
#include "opsdeck/deploy.h"
#include "opsdeck/deploycmd.h"
#include "opsdeck/deployrun.h"
#include "opsdeck/deploytarget.h"
#include "opsdeck/envconf.h"
#include "opsdeck/envstate.h"
#include "opsdeck/gatecheck.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/ghclient_write.h"
#include "opsdeck/ghparse_deploy.h"
#include "opsdeck/journal.h"
#include "opsdeck/log.h"
#include "opsdeck/quality.h"
#include "opsdeck/sched.h"
#include "opsdeck/spawn.h"
#include "opsdeck/store.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"
#include "actworker_int.h"


static void
areq_done(struct areq *r)
{
	free(r->repo);
	free(r->environment);
	free(r->from_sha);
	free(r->to_sha);
	free(r->reason);
	free(r->file);
	free(r->label);
	free(r->what);
	free(r->target_ref);
	free(r->target);
	memset(r, 0, sizeof *r);
}

bool
actworker_is_review(enum action_id id)
{
	return id == ACTION_ID_APPROVE || id == ACTION_ID_REJECT;
}

bool
actworker_is_deploy(enum action_id id)
{
	return id == ACTION_ID_DEPLOY || id == ACTION_ID_ROLLBACK;
}

static bool
full_sha(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return false;
	return s != NULL && i == 40;
}

/* The single-flight target: a run, or an environment of a repository. */
static char *
flight_target(const struct action_request *req)
{
	const struct action_def *d = action_def(req->id);
	char *t;

	if ((t = actissue_flight_target(req)) != NULL)
		return t;
	/* A review is of one run's environment: a batch's items are as
	 * many targets. */
	if (actworker_is_review(req->id))
		return xasprintf("%s run %" PRId64 " %s", req->repo != NULL ?
		    req->repo : "", req->run_id, req->environment != NULL ?
		    req->environment : "");
	if (d != NULL && d->env_scoped)
		return xasprintf("%s %s", req->repo != NULL ? req->repo : "",
		    req->environment != NULL ? req->environment : "");
	return xasprintf("%s run %" PRId64, req->repo != NULL ? req->repo :
	    "", req->run_id);
}

struct actworker *
actworker_new(struct store *store, struct ghclient *gc,
    const struct actworker_opts *o, char **cause)
{
	struct actworker *aw = xcalloc(1, sizeof *aw);

	aw->store = store;
	aw->gc = gc;
	aw->job = -1;
	aw->ctx.mode = o->mode;
	aw->ctx.readonly_flag = o->readonly_flag;
	aw->ctx.readonly_conf = o->readonly_conf;
	aw->cfg = o->cfg;
	aw->journal_path = xstrdup_null(o->journal_path);
	aw->journal_error = xstrdup_null(o->journal_error);
	pthread_mutex_init(&aw->mu, NULL);
	action_flight_init(&aw->flight);
	aw->target = deploytarget_new(store, gc, o->cfg);
	/* Read-only or unable to send: no journal is written at all. */
	if (gc == NULL || o->readonly_flag || o->readonly_conf ||
	    o->mode != ACTION_MODE_INTERACTIVE || o->journal_path == NULL)
		return aw;
	if (journal_open(&aw->journal, o->journal_path, o->secrets,
	    o->nsecrets, cause) != 0) {
		actworker_free(&aw);
		return NULL;
	}
	aw->follow = actfollow_new(store, gc, aw->journal, actworker_publish_follow, aw);
	return aw;
}

void
actworker_free(struct actworker **awp)
{
	struct actworker *aw = *awp;
	size_t i;

	if (aw == NULL)
		return;
	for (i = 0; i < aw->nq; i++)
		areq_done(&aw->q[i]);
	for (i = 0; i < aw->nhist; i++)
		actworker_result_done(&aw->hist[i]);
	actfollow_free(&aw->follow);
	deploytarget_free(&aw->target);
	journal_close(&aw->journal);
	action_flight_done(&aw->flight);
	pthread_mutex_destroy(&aw->mu);
	free(aw->journal_path);
	free(aw->journal_error);
	free(aw);
	*awp = NULL;
}

void
actworker_set_mode(struct actworker *aw, enum action_mode mode)
{
	aw->ctx.mode = mode;
}

void
actworker_ctx(const struct actworker *aw, struct action_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->mode = aw->ctx.mode;
	ctx->readonly_flag = aw->ctx.readonly_flag;
	ctx->readonly_conf = aw->ctx.readonly_conf;
}

bool
actworker_hidden(const struct actworker *aw, enum action_id id)
{
	return action_hidden(&aw->ctx, id);
}

int
actworker_request_path(const struct action_request *req,
    const char **method, char **path, char **json)
{
	const char *what;

	*json = NULL;
	*path = NULL;
	*method = "POST";
	switch (req->id) {
	case ACTION_ID_RERUN_FAILED:
		what = "rerun-failed-jobs";
		break;
	case ACTION_ID_CANCEL:
		what = "cancel";
		break;
	default:
		return -1;
	}
	if (req->repo == NULL || req->run_id <= 0)
		return -1;
	/* Both take no body (the OpenAPI description's rerun body is
	 * optional; its one field defaults to false). */
	*path = xasprintf("/repos/%s/actions/runs/%" PRId64 "/%s", req->repo,
	    req->run_id, what);
	return 0;
}

/* A workflow is an id or a file name: nothing that could leave the
 * path it goes into. */
static bool
workflow_ok(const char *w)
{
	size_t i;

	if (w == NULL || *w == '\0' || *w == '.' || strlen(w) > 200)
		return false;
	for (i = 0; w[i] != '\0'; i++)
		if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' &&
		    w[i] <= 'Z') || (w[i] >= '0' && w[i] <= '9') ||
		    w[i] == '.' || w[i] == '_' || w[i] == '-'))
			return false;
	return true;
}

int
actworker_dispatch(const char *repo, const char *workflow, const char *ref,
    const char *env, const char *sha, char **path, char **json, char **why)
{
	json_t *o;

	*path = *json = NULL;
	if (!workflow_ok(workflow)) {
		*why = xstrdup("[repo] deploy-workflow is not a workflow id or "
		    "file name");
		return -1;
	}
	if (ref == NULL || env == NULL || sha == NULL || *sha == '\0') {
		*why = xstrdup("no ref, environment or SHA to deploy");
		return -1;
	}
	/* return_run_details: the answer names the new run (200), so it
	 * need not be searched for among the runs. */
	o = json_pack("{s:s, s:{s:s, s:s}, s:b}", "ref", ref, "inputs",
	    "environment", env, "sha", sha, "return_run_details", 1);
	if (o == NULL) {
		*why = xstrdup("cannot encode the request");
		return -1;
	}
	*json = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	*path = xasprintf("/repos/%s/actions/workflows/%s/dispatches", repo,
	    workflow);
	return 0;
}

/* What the environments source last published of repo's env: the
 * policy's in-flight and rollback facts come from there, in the core. */
static void
env_facts(struct actworker *aw, const struct action_request *req,
    struct action_ctx *ctx, char **from, char **default_branch,
    bool *target_ok)
{
	struct snapset *set = store_acquire(aw->store, STORE_ENV);
	const struct repo_envs *re = snapset_find_data(set, req->repo);
	const struct env_row *row = re != NULL ?
	    repo_envs_find(re, req->environment) : NULL;
	struct deploy_candidate *c = NULL;
	size_t nc = 0, i;

	*target_ok = req->id == ACTION_ID_DEPLOY;
	if (row != NULL) {
		ctx->env_in_flight = env_row_in_flight(row);
		if (row->sha != NULL)
			*from = xstrdup(row->sha);
	}
	if (re != NULL && re->default_branch != NULL)
		*default_branch = xstrdup(re->default_branch);
	if (re != NULL && req->id == ACTION_ID_ROLLBACK) {
		deploy_rollback_candidates(re->deps, re->ndeps,
		    req->environment, &c, &nc);
		/* A rollback goes back to one of them, nowhere else. */
		for (i = 0; i < nc && req->to_sha != NULL; i++)
			if (strcmp(c[i].deployment->sha, req->to_sha) == 0)
				*target_ok = true;
		free(c);
	}
	ctx->rollback_candidates = nc;
	store_release(&set);
}

int
actworker_build(struct actworker *aw, const struct action_request *req,
    const char **method, char **path, char **json, char ***argv,
    char **from, char **why)
{
	struct deploycmd_vars vars;
	int argc;
	const struct action_def *d = action_def(req->id);
	const struct repo_conf *rc;
	struct env_policy pol;
	struct action_ctx ctx;
	char *branch = NULL;
	const char *ref;
	bool target_ok;
	int rv = -1;

	*path = *json = *from = NULL;
	*argv = NULL;
	*method = "POST";
	actworker_ctx(aw, &ctx);
	ctx.environment = req->environment;
	if (!d->env_scoped) {
		if (action_check(&ctx, req->id, why) != 0)
			return -1;
		if (actissue_is(req->id))
			return actissue_build(aw->cfg, req, method, path, json,
			    why);
		if (actworker_request_path(req, method, path, json) != 0) {
			*why = xasprintf("%s is not available here yet",
			    d->name);
			return -1;
		}
		return 0;
	}
	if (req->environment == NULL || req->repo == NULL) {
		*why = xasprintf("%s: select an environment first", d->name);
		return -1;
	}
	if (aw->cfg != NULL) {
		envconf_policy(aw->cfg, req->repo, req->environment, &pol);
		ctx.env_readonly = pol.readonly;
		ctx.env_protected = pol.is_protected;
	}
	env_facts(aw, req, &ctx, from, &branch, &target_ok);
	if (action_check(&ctx, req->id, why) != 0)
		goto out;
	if (actworker_is_review(req->id)) {
		rv = actreview_build(aw->store, req, path, json, why);
		goto out;
	}
	if (req->id != ACTION_ID_DEPLOY && req->id != ACTION_ID_ROLLBACK) {
		*why = xasprintf("%s is not available here yet", d->name);
		goto out;
	}
	if (!target_ok) {
		*why = xasprintf("rollback: %.12s is not an earlier good "
		    "deployment of %s", req->to_sha != NULL ? req->to_sha :
		    "(none)", req->environment);
		goto out;
	}
	/* A chosen target is resolved before it comes here: a name or a
	 * short SHA could mean another commit by the time it is run. */
	if (!full_sha(req->to_sha)) {
		*why = xasprintf("%s: the target is not a full SHA", d->name);
		goto out;
	}
	rc = aw->cfg != NULL ? envconf_repo(aw->cfg, req->repo) : NULL;
	if (rc == NULL || (rc->deploy_workflow == NULL &&
	    rc->deploy_command == NULL)) {
		*why = xasprintf("%s: %s has no [repo] deploy-workflow or "
		    "deploy-command", d->name, req->repo);
		goto out;
	}
	ref = rc->deploy_ref != NULL ? rc->deploy_ref : branch;
	if (ref == NULL) {
		*why = xasprintf("%s: %s's default branch is not known yet; "
		    "set [repo] deploy-ref", d->name, req->repo);
		goto out;
	}
	if (rc->deploy_workflow != NULL) {
		rv = actworker_dispatch(req->repo, rc->deploy_workflow, ref,
		    req->environment, req->to_sha, path, json, why);
		goto out;
	}
	/* The template's values are arguments, never a shell's words. */
	vars.repo = req->repo;
	vars.env = req->environment;
	vars.sha = req->to_sha;
	vars.ref = req->target_ref != NULL ? req->target_ref : ref;
	*method = "exec";
	rv = deploycmd_expand(rc->deploy_command, &vars, argv, &argc, why);
out:
	free(branch);
	if (rv != 0) {
		free(*from);
		*from = NULL;
	}
	return rv;
}

/* The policy, then what only the worker can say: nothing to send with,
 * no journal to write first. Under the lock. */
/* A deploy or roll back the user confirmed: the target's gates, which
 * a failure (or gates that cannot be evaluated) makes a refusal unless
 * the request carries a break-glass reason. */
static int
gates_refuse(struct actworker *aw, const struct action_request *req,
    char **why)
{
	const struct action_def *d = action_def(req->id);
	struct gatecheck gc;

	if (actworker_is_review(req->id) && (req->reason == NULL ||
	    *req->reason == '\0')) {
		*why = xasprintf("%s: a comment is required (GitHub records "
		    "it)", d->name);
		return -1;
	}
	if (!actworker_is_deploy(req->id) && req->id != ACTION_ID_APPROVE)
		return 0;
	gatecheck_eval(aw->store, aw->cfg, req->repo, req->environment,
	    req->to_sha, &gc);
	if (!gatecheck_blocks(&gc) || quality_break_glass_ok(req->reason))
		return 0;
	*why = xasprintf("%s refused: %s; break-glass needs a reason of at "
	    "least %d characters", d->name, gc.why, QUALITY_BREAK_GLASS_MIN);
	return -1;
}

int
actworker_check_locked(struct actworker *aw, const struct action_request *req,
    bool final, char **why)
{
	const struct action_def *d = action_def(req->id);
	const char *m;
	char *p = NULL, *j = NULL, *from = NULL, **argv = NULL;
	struct action_ctx ctx;

	*why = NULL;
	if (d == NULL) {
		*why = xstrdup("unknown action");
		return -1;
	}
	/* The issue actions: the shape only; the file is read once, by
	 * the job, when it sends. */
	actworker_ctx(aw, &ctx);
	if (actissue_is(req->id)) {
		if (actissue_check(&ctx, req, final, why) != 0)
			return -1;
	} else if (actworker_build(aw, req, &m, &p, &j, &argv, &from, why) != 0)
		return -1;
	free(p);
	free(j);
	free(from);
	deploycmd_free(&argv);
	if (final && gates_refuse(aw, req, why) != 0)
		return -1;
	if (aw->gc == NULL) {
		*why = xasprintf("%s: no GitHub client", d->name);
		return -1;
	}
	if (aw->journal == NULL) {
		*why = xasprintf("%s is refused: no audit journal (%s)",
		    d->name, aw->journal_error != NULL ? aw->journal_error :
		    "set --audit-log FILE");
		return -1;
	}
	return 0;
}

int
actworker_check(struct actworker *aw, const struct action_request *req,
    char **why)
{
	char *target = flight_target(req);
	int rc;

	pthread_mutex_lock(&aw->mu);
	rc = actworker_check_locked(aw, req, false, why);
	if (rc == 0 && action_flight_busy(&aw->flight, req->id, target))
		rc = 1;
	pthread_mutex_unlock(&aw->mu);
	free(target);
	return rc;
}

int
actworker_submit(struct actworker *aw, const struct action_request *req,
    char **why)
{
	struct areq *q;
	char *target = flight_target(req);
	int rc;

	pthread_mutex_lock(&aw->mu);
	if ((rc = actworker_check_locked(aw, req, true, why)) != 0)
		goto out;
	if (aw->nq == ACTWORKER_QUEUE) {
		*why = xstrdup("too many actions waiting");
		rc = -1;
		goto out;
	}
	if ((rc = action_flight_begin(&aw->flight, req->id, target)) != 0) {
		if (rc < 0)
			*why = xstrdup("too many actions in flight");
		goto out;
	}
	q = &aw->q[aw->nq++];
	q->id = req->id;
	q->repo = xstrdup_null(req->repo);
	q->environment = xstrdup_null(req->environment);
	q->from_sha = xstrdup_null(req->from_sha);
	q->to_sha = xstrdup_null(req->to_sha);
	q->reason = xstrdup_null(req->reason);
	q->target_ref = xstrdup_null(req->target_ref);
	q->run_id = req->run_id;
	q->number = req->number;
	q->file = xstrdup_null(req->file);
	q->label = xstrdup_null(req->label);
	q->label_remove = req->label_remove;
	q->what = actissue_is(req->id) ? actissue_target(req) : NULL;
	q->target = target;
	target = NULL;
out:
	pthread_mutex_unlock(&aw->mu);
	free(target);
	if (rc == 0 && aw->sched != NULL && aw->job >= 0)
		sched_kick(aw->sched, aw->job);
	return rc;
}

void
actworker_gates(struct actworker *aw, const char *repo, const char *env,
    const char *sha, struct gatecheck *out)
{
	gatecheck_eval(aw->store, aw->cfg, repo, env, sha, out);
}

uint64_t
actworker_resolve(struct actworker *aw, const char *repo, const char *env,
    const char *ref, const char *from)
{
	return deploytarget_want(aw->target, repo, env, ref, from);
}

void
actworker_want_audit(struct actworker *aw, size_t max)
{
	pthread_mutex_lock(&aw->mu);
	aw->audit_max = max > 0 ? max : 1;
	pthread_mutex_unlock(&aw->mu);
	if (aw->sched != NULL && aw->job >= 0)
		sched_kick(aw->sched, aw->job);
}

static int64_t
actworker_job(void *arg, void *wctx)
{
	struct actworker *aw = arg;
	struct worker_ctx *wc = wctx;
	const volatile int *stop = sched_stop_flag(aw->sched);
	struct areq q;
	size_t audit;

	for (;;) {
		pthread_mutex_lock(&aw->mu);
		audit = aw->audit_max;
		aw->audit_max = 0;
		if (aw->nq > 0) {
			q = aw->q[0];
			memmove(&aw->q[0], &aw->q[1], (aw->nq - 1) *
			    sizeof aw->q[0]);
			aw->nq--;
		} else
			q.target = NULL;
		pthread_mutex_unlock(&aw->mu);
		if (q.target == NULL && audit == 0)
			break;
		if (q.target != NULL) {
			actworker_perform(aw, &q, wc != NULL ? wc->tp : NULL, stop);
			areq_done(&q);
			/* The audit view, if open, shows it at once. */
			if (audit == 0)
				continue;
		}
		if (audit > 0)
			actworker_read_audit(aw, audit);
	}
	/* Following a run: due again at its next look, not in an hour. */
	return aw->follow != NULL ? actfollow_poll(aw->follow, wc != NULL ?
	    wc->tp : NULL, stop, ACTWORKER_IDLE_MS) : ACTWORKER_IDLE_MS;
}

int
actworker_schedule(struct actworker *aw, struct sched *s)
{
	aw->sched = s;
	aw->job = sched_add(s, "actions", actworker_job, aw,
	    ACTWORKER_IDLE_MS);
	return aw->job < 0 || deploytarget_schedule(aw->target, s) != 0 ?
	    -1 : 0;
}
