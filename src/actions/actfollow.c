/* actfollow: the action worker follows the runs its dispatches started:
 * the GETs (ghclient's read path only), the status-bar lines and the
 * journal's run record of each (actfollow.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/actfollow.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/journal.h"
#include "opsdeck/log.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

/* Never poll tighter than this, whatever the clock says. */
#define ACTFOLLOW_MIN_MS	200

struct item {
	struct runfollow rf;
	enum action_id	 id;
	char		 jid[JOURNAL_ID_SIZE];
};

struct actfollow {
	struct store		*store;
	struct ghclient		*gc;
	struct journal		*journal;
	actfollow_publish_fn	 publish;
	void			*arg;
	struct item		 items[ACTFOLLOW_MAX];
	size_t			 n;
};

static void	record(struct actfollow *, const struct item *, const char *);

struct actfollow *
actfollow_new(struct store *store, struct ghclient *gc,
    struct journal *journal, actfollow_publish_fn publish, void *arg)
{
	struct actfollow *af = xcalloc(1, sizeof *af);

	af->store = store;
	af->gc = gc;
	af->journal = journal;
	af->publish = publish;
	af->arg = arg;
	return af;
}

void
actfollow_free(struct actfollow **afp)
{
	struct actfollow *af = *afp;
	size_t i;

	if (af == NULL)
		return;
	/* What is known of a run still followed at exit is kept too. */
	for (i = 0; i < af->n; i++) {
		record(af, &af->items[i], "opsdeck quit while following it");
		runfollow_done(&af->items[i].rf);
	}
	free(af);
	*afp = NULL;
}

size_t
actfollow_count(const struct actfollow *af)
{
	return af->n;
}

/* The ref the dispatch's body names (malloc'd), NULL if none. */
static char *
body_ref(const char *json)
{
	json_t *o = json != NULL ? json_loads(json, 0, NULL) : NULL;
	const char *ref = json_string_value(json_object_get(o, "ref"));
	char *out = ref != NULL ? xstrdup(ref) : NULL;

	json_decref(o);
	return out;
}

/* The dispatched runs the pipelines source has seen on that ref: they
 * were there before this dispatch, so none of them is its run. */
static void
note_known(struct actfollow *af, struct runfollow *rf)
{
	struct snapset *set = store_acquire(af->store, STORE_PIPELINES);
	const struct repo_runs *rr = snapset_find_data(set, rf->repo);
	size_t i;

	for (i = 0; rr != NULL && i < rr->nruns; i++)
		if (rr->runs[i].event != NULL && strcmp(rr->runs[i].event,
		    "workflow_dispatch") == 0)
			runfollow_know(rf, rr->runs[i].id);
	store_release(&set);
}

bool
actfollow_prepare(struct actfollow *af, enum action_id id, const char *repo,
    const char *environment, const char *workflow, const char *json,
    struct runfollow *rf)
{
	const struct action_def *d = action_def(id);
	char *ref, *what;

	if (af->n == ACTFOLLOW_MAX || repo == NULL || workflow == NULL ||
	    (ref = body_ref(json)) == NULL)
		return false;
	what = xasprintf("%s of %s", d != NULL ? d->name : "action",
	    environment != NULL ? environment : repo);
	runfollow_init(rf, repo, workflow, ref, what, time(NULL));
	free(ref);
	free(what);
	note_known(af, rf);
	return true;
}

char *
actfollow_begin(struct actfollow *af, enum action_id id,
    struct runfollow *rf, bool ok, int64_t run_id, const char *jid)
{
	struct item *it;

	if (!ok || af->n == ACTFOLLOW_MAX) {
		runfollow_done(rf);
		return NULL;
	}
	it = &af->items[af->n++];
	it->rf = *rf;
	it->id = id;
	snprintf(it->jid, sizeof it->jid, "%s", jid != NULL ? jid : "");
	memset(rf, 0, sizeof *rf);
	if (run_id > 0) {
		runfollow_set_run(&it->rf, run_id, time(NULL));
		return xstrdup(", following it");
	}
	return xstrdup("; finding its run");
}

/* A change, on the status bar (and in the log). */
static void
report(struct actfollow *af, const struct item *it)
{
	char msg[512];
	bool ok = !runfollow_over(&it->rf) || runfollow_succeeded(&it->rf);

	runfollow_message(&it->rf, msg, sizeof msg);
	log_info("action %s", msg);
	af->publish(af->arg, it->id, it->rf.repo, it->rf.run_id, ok,
	    xstrdup(msg));
}

/* One GET of the runs list or of the run. */
static void
look(struct actfollow *af, struct item *it, struct transport *tp)
{
	struct ghclient_response r;
	char *path = runfollow_path(&it->rf);
	long status;

	ghclient_response_init(&r);
	status = ghclient_get(af->gc, tp, path, 0, &r) == 0 ?
	    r.http.status : 0;
	if (runfollow_feed(&it->rf, status, r.http.body.data,
	    r.http.body.len, time(NULL)) != 0)
		report(af, it);
	ghclient_response_done(&r);
	free(path);
}

/* The journal's run record: what came of the dispatch; why (may be
 * NULL) when it is not over. */
static void
record(struct actfollow *af, const struct item *it, const char *why)
{
	struct journal_followup fu;
	char *cause = NULL;

	if (af->journal == NULL || it->jid[0] == '\0')
		return;
	memset(&fu, 0, sizeof fu);
	fu.run_id = it->rf.run_id;
	fu.status = it->rf.status;
	fu.conclusion = it->rf.conclusion;
	if (it->rf.state == RUNFOLLOW_NOT_FOUND)
		fu.error = "no run found for the dispatch";
	else if (it->rf.state == RUNFOLLOW_GAVE_UP)
		fu.error = "not completed in time; no longer followed";
	else if (!runfollow_over(&it->rf))
		fu.error = why;
	if (journal_followup(af->journal, it->jid, &fu, &cause) != 0) {
		log_error("audit journal: run of %s: %s", it->jid,
		    cause != NULL ? cause : "?");
		free(cause);
	}
}

int64_t
actfollow_poll(struct actfollow *af, struct transport *tp,
    const volatile int *stop, int64_t idle_ms)
{
	struct item *it;
	int64_t wait = idle_ms, ms;
	size_t i = 0;

	while (i < af->n) {
		it = &af->items[i];
		if (runfollow_tick(&it->rf, time(NULL)))
			report(af, it);
		else if (time(NULL) >= it->rf.next && !*stop)
			look(af, it, tp);
		if (runfollow_over(&it->rf)) {
			record(af, it, NULL);
			runfollow_done(&it->rf);
			memmove(it, it + 1, (af->n - i - 1) * sizeof *it);
			af->n--;
			continue;
		}
		ms = ((int64_t)it->rf.next - (int64_t)time(NULL)) * 1000;
		if (ms < ACTFOLLOW_MIN_MS)
			ms = ACTFOLLOW_MIN_MS;
		if (ms < wait)
			wait = ms;
		i++;
	}
	return wait;
}
