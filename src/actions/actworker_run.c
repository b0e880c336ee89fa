/* actworker_run: one confirmed action performed on the job's thread: the
 * policy again, the journal's intent on disk, exactly one request (never
 * retried) or the deploy-command, the outcome journaled and published as
 * the action's result; and the journal read back for the audit view. */
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

void
actworker_result_done(struct action_result *r)
{
	free(r->repo);
	free(r->environment);
	free(r->request_id);
	free(r->message);
}

static void
result_free(void *p)
{
	actworker_result_done(p);
	free(p);
}

static void
history_free(void *p)
{
	struct action_history *h = p;
	size_t i;

	for (i = 0; i < h->n; i++)
		actworker_result_done(&h->v[i]);
	free(h->v);
	free(h);
}

static void
result_copy(struct action_result *dst, const struct action_result *src)
{
	*dst = *src;
	dst->repo = xstrdup_null(src->repo);
	dst->environment = xstrdup_null(src->environment);
	dst->request_id = xstrdup_null(src->request_id);
	dst->message = xstrdup_null(src->message);
}

/* The ring of the latest results, published whole. Under aw->mu. */
static struct action_history *
history_add(struct actworker *aw, const struct action_result *r)
{
	struct action_history *h = xcalloc(1, sizeof *h);
	size_t i;

	if (aw->nhist == ACTWORKER_HISTORY) {
		actworker_result_done(&aw->hist[0]);
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
	r->repo = xstrdup_null(q->repo);
	r->run_id = q->run_id;
	r->environment = xstrdup_null(q->environment);
	r->ok = ok;
	r->http_status = status;
	r->request_id = xstrdup_null(request_id);
	r->message = message;
	publish(aw, q, r);
	/* What the action changed (a run approved, cancelled, a deployment
	 * made) is read again now, not at the repository's next interval:
	 * after an approval the queue must not show the item for a minute. */
	if (ok && q->repo != NULL && aw->sched != NULL)
		(void)sched_kick_repo(aw->sched, q->repo);
}

/* A followed run's news: a result of its own, its flight long over. */
void
actworker_publish_follow(void *arg, enum action_id id, const char *repo,
    int64_t run_id, bool ok, char *message)
{
	struct action_result *r = xcalloc(1, sizeof *r);

	r->id = id;
	r->repo = xstrdup_null(repo);
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
	else if (actworker_is_review(q->id))
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
void
actworker_perform(struct actworker *aw, struct areq *q, struct transport *tp,
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
	if (actworker_check_locked(aw, &req, true, &why) != 0) {
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
	if (actworker_build(aw, &req, &method, &path, &json, &argv, &from, &why) != 0) {
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
	in.target = q->what != NULL ? q->what : actworker_is_deploy(q->id) ?
	    (argv != NULL ? "deploy-command" : NULL) : target;
	in.reason = q->reason;
	if (actworker_is_deploy(q->id) || q->id == ACTION_ID_APPROVE) {
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
	follow = actworker_is_deploy(q->id) && follow_prepare(aw, q, json, &rf);
	ghclient_response_init(&r);
	/* Once, whatever comes back: a mutating request is never retried. */
	(void)ghclient_write(aw->gc, tp, method, path, json, &r);
	ok = r.http.status >= 200 && r.http.status < 300;
	msg = describe(q, &r, ok);
	if (ok && actworker_is_deploy(q->id))
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

void
actworker_read_audit(struct actworker *aw, size_t max)
{
	struct action_audit *a = xcalloc(1, sizeof *a);
	char *cause = NULL;

	a->path = xstrdup_null(aw->journal_path);
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
