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

/* Requests wait here between the UI's submit and the job. */
#define ACTWORKER_QUEUE	8
/* A deploy-command: its deadline and the output kept of it. */
#define ACTWORKER_CMD_MS	(10 * 60 * 1000)
#define ACTWORKER_CMD_OUT	(64 * 1024)
/* The job sleeps this long between kicks. */
#define ACTWORKER_IDLE_MS	(3600 * 1000)

struct areq {
	enum action_id	 id;
	char		*repo, *environment, *from_sha, *to_sha, *reason;
	int64_t		 run_id, number;
	char		*file, *label;	/* the issue actions */
	char		*what;		/* theirs: actissue_target */
	bool		 label_remove;
	char		*target_ref;
	char		*target;	/* single-flight target */
};

struct actworker {
	struct store		*store;
	struct ghclient		*gc;
	struct journal		*journal;
	char			*journal_path;
	char			*journal_error;
	struct action_ctx	 ctx;	/* mode and read-only flags */
	const struct conf	*cfg;
	struct sched		*sched;
	int			 job;
	pthread_mutex_t		 mu;	/* the fields below */
	struct action_flight	 flight;
	struct areq		 q[ACTWORKER_QUEUE];
	size_t			 nq;
	uint64_t		 seq;
	size_t			 audit_max;	/* 0: not wanted */
	struct action_result	 hist[ACTWORKER_HISTORY];
	size_t			 nhist;
	/* The runs dispatches started: the job's alone. */
	struct actfollow	*follow;
	/* The deploy dialog's chosen targets, resolved (GETs only). */
	struct deploytarget	*target;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

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

static bool
is_review(enum action_id id)
{
	return id == ACTION_ID_APPROVE || id == ACTION_ID_REJECT;
}

static bool
is_deploy(enum action_id id)
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
	if (is_review(req->id))
		return xasprintf("%s run %" PRId64 " %s", req->repo != NULL ?
		    req->repo : "", req->run_id, req->environment != NULL ?
		    req->environment : "");
	if (d != NULL && d->env_scoped)
		return xasprintf("%s %s", req->repo != NULL ? req->repo : "",
		    req->environment != NULL ? req->environment : "");
	return xasprintf("%s run %" PRId64, req->repo != NULL ? req->repo :
	    "", req->run_id);
}

static void result_done(struct action_result *);
static void publish_follow(void *, enum action_id, const char *, int64_t,
    bool, char *);

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
	aw->journal_path = dup_or_null(o->journal_path);
	aw->journal_error = dup_or_null(o->journal_error);
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
	aw->follow = actfollow_new(store, gc, aw->journal, publish_follow, aw);
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
		result_done(&aw->hist[i]);
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

/* The request an action sends: method, path, body; or for a
 * deploy-command the argv to run (*argv, deploycmd_free). -1 with *why. */
static int
build(struct actworker *aw, const struct action_request *req,
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
	if (is_review(req->id)) {
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

	if (is_review(req->id) && (req->reason == NULL ||
	    *req->reason == '\0')) {
		*why = xasprintf("%s: a comment is required (GitHub records "
		    "it)", d->name);
		return -1;
	}
	if (!is_deploy(req->id) && req->id != ACTION_ID_APPROVE)
		return 0;
	gatecheck_eval(aw->store, aw->cfg, req->repo, req->environment,
	    req->to_sha, &gc);
	if (!gatecheck_blocks(&gc) || quality_break_glass_ok(req->reason))
		return 0;
	*why = xasprintf("%s refused: %s; break-glass needs a reason of at "
	    "least %d characters", d->name, gc.why, QUALITY_BREAK_GLASS_MIN);
	return -1;
}

static int
check_locked(struct actworker *aw, const struct action_request *req,
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
	} else if (build(aw, req, &m, &p, &j, &argv, &from, why) != 0)
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
	rc = check_locked(aw, req, false, why);
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
	if ((rc = check_locked(aw, req, true, why)) != 0)
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
	q->repo = dup_or_null(req->repo);
	q->environment = dup_or_null(req->environment);
	q->from_sha = dup_or_null(req->from_sha);
	q->to_sha = dup_or_null(req->to_sha);
	q->reason = dup_or_null(req->reason);
	q->target_ref = dup_or_null(req->target_ref);
	q->run_id = req->run_id;
	q->number = req->number;
	q->file = dup_or_null(req->file);
	q->label = dup_or_null(req->label);
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

static void
result_done(struct action_result *r)
{
	free(r->repo);
	free(r->environment);
	free(r->request_id);
	free(r->message);
}

static void
result_free(void *p)
{
	result_done(p);
	free(p);
}

static void
history_free(void *p)
{
	struct action_history *h = p;
	size_t i;

	for (i = 0; i < h->n; i++)
		result_done(&h->v[i]);
	free(h->v);
	free(h);
}

static void
result_copy(struct action_result *dst, const struct action_result *src)
{
	*dst = *src;
	dst->repo = dup_or_null(src->repo);
	dst->environment = dup_or_null(src->environment);
	dst->request_id = dup_or_null(src->request_id);
	dst->message = dup_or_null(src->message);
}

/* The ring of the latest results, published whole. Under aw->mu. */
static struct action_history *
history_add(struct actworker *aw, const struct action_result *r)
{
	struct action_history *h = xcalloc(1, sizeof *h);
	size_t i;

	if (aw->nhist == ACTWORKER_HISTORY) {
		result_done(&aw->hist[0]);
		memmove(&aw->hist[0], &aw->hist[1],
		    (ACTWORKER_HISTORY - 1) * sizeof aw->hist[0]);
		aw->nhist--;
	}
	result_copy(&aw->hist[aw->nhist++], r);
	h->v = xcalloc(aw->nhist, sizeof *h->v);
	for (i = 0; i < aw->nhist; i++)
		result_copy(&h->v[i], &aw->hist[i]);
	h->n = aw->nhist;
	return h;
}

/* r to the store, the next in sequence. The flight (NULL: none) ends
 * before the UI can see the result, so a key pressed once it shows is a
 * new action. */
static void
publish(struct actworker *aw, const struct areq *flight,
    struct action_result *r)
{
	struct action_history *h;

	pthread_mutex_lock(&aw->mu);
	if (flight != NULL)
		action_flight_end(&aw->flight, flight->id, flight->target);
	r->seq = ++aw->seq;
	r->at = time(NULL);
	h = history_add(aw, r);
	pthread_mutex_unlock(&aw->mu);
	store_publish(aw->store, STORE_ACTIONS, snap_new(ACTWORKER_KEY_HISTORY,
	    h, history_free));
	store_publish(aw->store, STORE_ACTIONS, snap_new(ACTWORKER_KEY_RESULT,
	    r, result_free));
}

static void
publish_result(struct actworker *aw, const struct areq *q, bool ok,
    long status, const char *request_id, char *message)
{
	struct action_result *r = xcalloc(1, sizeof *r);

	r->id = q->id;
	r->repo = dup_or_null(q->repo);
	r->run_id = q->run_id;
	r->environment = dup_or_null(q->environment);
	r->ok = ok;
	r->http_status = status;
	r->request_id = dup_or_null(request_id);
	r->message = message;
	publish(aw, q, r);
	/* What the action changed (a run approved, cancelled, a deployment
	 * made) is read again now, not at the repository's next interval:
	 * after an approval the queue must not show the item for a minute. */
	if (ok && q->repo != NULL && aw->sched != NULL)
		(void)sched_kick_repo(aw->sched, q->repo);
}

/* A followed run's news: a result of its own, its flight long over. */
static void
publish_follow(void *arg, enum action_id id, const char *repo,
    int64_t run_id, bool ok, char *message)
{
	struct action_result *r = xcalloc(1, sizeof *r);

	r->id = id;
	r->repo = dup_or_null(repo);
	r->run_id = run_id;
	r->ok = ok;
	r->message = message;
	publish(arg, NULL, r);
}

/* What the user reads after an action: what, where, and the answer. */
static char *
describe(const struct areq *q, const struct ghclient_response *r, bool ok)
{
	const struct action_def *d = action_def(q->id);
	char what[300], where[300];

	if (ok)
		snprintf(what, sizeof what, "HTTP %ld", r->http.status);
	else
		ghclient_describe(r, what, sizeof what);
	if (q->what != NULL)
		snprintf(where, sizeof where, "%s", q->what);
	else if (is_review(q->id))
		snprintf(where, sizeof where, "run %" PRId64 " %s", q->run_id,
		    q->environment);
	else if (d->env_scoped)
		snprintf(where, sizeof where, "%s %.12s", q->environment,
		    q->to_sha != NULL ? q->to_sha : "");
	else
		snprintf(where, sizeof where, "run %" PRId64, q->run_id);
	return xasprintf("%s %s %s: %s%s%s%s", d->name, q->repo, where,
	    ok ? "done, " : "failed: ", what,
	    r->request_id != NULL ? ", request " : "",
	    r->request_id != NULL ? r->request_id : "");
}

/* A deploy-command, run once (fork/execve, no shell) after the intent,
 * its output shown live (deployrun): its exit status and the tail of its
 * output (stdout and stderr) go into the outcome. */
static void
run_command(struct actworker *aw, struct areq *q, char **argv,
    const char *id)
{
	const struct action_def *d = action_def(q->id);
	struct deployrun_what what = { id, q->repo, q->environment, q->to_sha };
	struct journal_outcome out;
	struct spawn_result res;
	char *cause = NULL, *err;
	char line[200], *msg;
	const char *tail, *buf;
	size_t len;
	bool ok;

	memset(&out, 0, sizeof out);
	spawn_result_init(&res);
	err = deployrun_run(aw->store, &what, argv, ACTWORKER_CMD_MS,
	    ACTWORKER_CMD_OUT, NULL, &res);
	ok = err == NULL;
	buf = res.out.data != NULL ? res.out.data : "";
	len = res.out.len;
	/* The end of the output says what happened; the journal keeps
	 * its last KiB. */
	tail = len > JOURNAL_FIELD_MAX - 16 ?
	    buf + len - (JOURNAL_FIELD_MAX - 16) : buf;
	out.error = err;
	out.output = tail;
	if (journal_outcome(aw->journal, id, &out, &cause) != 0) {
		/* A token-shaped word in the output: the outcome without
		 * it rather than none. */
		free(cause);
		out.output = "(output withheld: it looked like a secret)";
		if (journal_outcome(aw->journal, id, &out, &cause) != 0)
			log_error("audit journal: outcome of %s: %s", id,
			    cause != NULL ? cause : "?");
		free(cause);
	}
	deployrun_last_line(buf, len, line, sizeof line);
	msg = xasprintf("%s %s %s %.12s: %s%s%s%s", d->name, q->repo,
	    q->environment, q->to_sha != NULL ? q->to_sha : "",
	    ok ? "done, command exit 0" : "failed: ", ok ? "" : err,
	    line[0] != '\0' ? ": " : "", line);
	log_info("action %s", msg);
	publish_result(aw, q, ok, 0, NULL, msg);
	free(err);
	spawn_result_done(&res);
}

/* A dispatch's answer: the new run when GitHub named it (200); a 204
 * names none, and the follow (rf, NULL: not followed) finds it. */
static char *
dispatched(struct actworker *aw, struct areq *q,
    const struct ghclient_response *r, char *msg, struct runfollow *rf,
    const char *jid)
{
	int64_t run = 0;
	char *cause = NULL, *m, *more = NULL;

	if (ghparse_dispatch(r->http.body.data, r->http.body.len, &run,
	    &cause) != 0 || run <= 0) {
		free(cause);
		run = 0;
	} else
		q->run_id = run;
	if (rf != NULL)
		more = actfollow_begin(aw->follow, q->id, rf, true, run, jid);
	if (run > 0)
		m = xasprintf("%s; run %" PRId64 " started%s", msg, run,
		    more != NULL ? more : "");
	else
		m = xasprintf("%s%s", msg, more != NULL ? more :
		    "; the run shows in the list once it starts");
	free(more);
	free(msg);
	return m;
}

/* Before a dispatch leaves: whether its run will be followed (*rf). */
static bool
follow_prepare(struct actworker *aw, const struct areq *q,
    const char *json, struct runfollow *rf)
{
	const struct repo_conf *rc = aw->cfg != NULL ?
	    envconf_repo(aw->cfg, q->repo) : NULL;

	return aw->follow != NULL && rc != NULL &&
	    rc->deploy_workflow != NULL && actfollow_prepare(aw->follow,
	    q->id, q->repo, q->environment, rc->deploy_workflow, json, rf);
}

/* One request: the policy again, the intent, ONE send, the outcome. */
static void
perform(struct actworker *aw, struct areq *q, struct transport *tp,
    const volatile int *stop)
{
	const struct action_def *d = action_def(q->id);
	struct action_request req = { .id = q->id, .repo = q->repo,
	    .run_id = q->run_id, .environment = q->environment,
	    .from_sha = q->from_sha, .to_sha = q->to_sha,
	    .reason = q->reason, .number = q->number, .file = q->file,
	    .label = q->label, .label_remove = q->label_remove,
	    .target_ref = q->target_ref };
	struct journal_intent in;
	struct journal_outcome out;
	struct ghclient_response r;
	struct gatecheck gc;
	char id[JOURNAL_ID_SIZE], target[32], *why = NULL, *path = NULL;
	char *json = NULL, *msg, *jerr = NULL, *from = NULL, **argv = NULL;
	const char *method;
	struct runfollow rf;
	bool ok, follow;

	pthread_mutex_lock(&aw->mu);
	if (check_locked(aw, &req, true, &why) != 0) {
		pthread_mutex_unlock(&aw->mu);
		publish_result(aw, q, false, 0, NULL, why);
		return;
	}
	pthread_mutex_unlock(&aw->mu);
	if (*stop) {
		publish_result(aw, q, false, 0, NULL, xasprintf("%s: not sent "
		    "(shutting down)", d->name));
		return;
	}
	if (build(aw, &req, &method, &path, &json, &argv, &from, &why) != 0) {
		publish_result(aw, q, false, 0, NULL, why);
		return;
	}
	snprintf(target, sizeof target, "run %" PRId64, q->run_id);
	memset(&in, 0, sizeof in);
	in.action = d->name;
	in.repo = q->repo;
	in.environment = q->environment;
	/* What runs there now, as the core knows it, over the UI's. */
	in.from_sha = from != NULL ? from : q->from_sha;
	in.to_sha = q->to_sha;
	in.target = q->what != NULL ? q->what : is_deploy(q->id) ?
	    (argv != NULL ? "deploy-command" : NULL) : target;
	in.reason = q->reason;
	if (is_deploy(q->id) || q->id == ACTION_ID_APPROVE) {
		gatecheck_eval(aw->store, aw->cfg, q->repo, q->environment,
		    q->to_sha, &gc);
		in.break_glass = gatecheck_blocks(&gc) ? gc.why : NULL;
	}
	/* The intent is on disk (fsync'd) before anything leaves. */
	if (journal_intent(aw->journal, &in, id, &jerr) != 0) {
		publish_result(aw, q, false, 0, NULL, xasprintf("%s not sent: "
		    "audit journal: %s", d->name, jerr != NULL ? jerr : "?"));
		free(jerr);
		free(path);
		free(json);
		free(from);
		deploycmd_free(&argv);
		return;
	}
	if (argv != NULL) {
		run_command(aw, q, argv, id);
		deploycmd_free(&argv);
		free(from);
		return;
	}
	/* The runs known before it leaves are not the one it starts. */
	follow = is_deploy(q->id) && follow_prepare(aw, q, json, &rf);
	ghclient_response_init(&r);
	/* Once, whatever comes back: a mutating request is never retried. */
	(void)ghclient_write(aw->gc, tp, method, path, json, &r);
	ok = r.http.status >= 200 && r.http.status < 300;
	msg = describe(q, &r, ok);
	if (ok && is_deploy(q->id))
		msg = dispatched(aw, q, &r, msg, follow ? &rf : NULL, id);
	else if (actissue_is(q->id))
		msg = actissue_answered(aw->cfg, &req, ok, r.http.body.data,
		    r.http.body.len, msg);
	else if (follow)
		(void)actfollow_begin(aw->follow, q->id, &rf, false, 0, id);
	memset(&out, 0, sizeof out);
	out.http_status = r.http.status;
	out.request_id = r.request_id;
	out.error = ok ? NULL : msg;
	if (journal_outcome(aw->journal, id, &out, &jerr) != 0) {
		log_error("audit journal: outcome of %s: %s", id,
		    jerr != NULL ? jerr : "?");
		free(jerr);
	}
	log_info("action %s", msg);
	publish_result(aw, q, ok, r.http.status, r.request_id, msg);
	ghclient_response_done(&r);
	free(path);
	free(json);
	free(from);
}

static void
audit_free(void *p)
{
	struct action_audit *a = p;

	journal_entries_free(a->entries, a->n);
	free(a->path);
	free(a->error);
	free(a);
}

static void
read_audit(struct actworker *aw, size_t max)
{
	struct action_audit *a = xcalloc(1, sizeof *a);
	char *cause = NULL;

	a->path = dup_or_null(aw->journal_path);
	if (aw->journal_path == NULL)
		a->error = xstrdup(aw->journal_error != NULL ?
		    aw->journal_error : "no audit journal");
	else if (journal_read_latest(aw->journal_path, max, &a->entries,
	    &a->n, &a->skipped, &cause) != 0) {
		a->error = cause != NULL ? cause : xstrdup("cannot read it");
		a->entries = NULL;
		a->n = 0;
	}
	store_publish(aw->store, STORE_ACTIONS, snap_new(ACTWORKER_KEY_AUDIT,
	    a, audit_free));
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
			perform(aw, &q, wc != NULL ? wc->tp : NULL, stop);
			areq_done(&q);
			/* The audit view, if open, shows it at once. */
			if (audit == 0)
				continue;
		}
		if (audit > 0)
			read_audit(aw, audit);
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
