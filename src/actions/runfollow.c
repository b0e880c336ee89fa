/* runfollow: finds the workflow run a workflow_dispatch started and
 * follows it to its conclusion, as pure state fed with the answers of the
 * GETs the action worker makes (runfollow.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/ghparse.h"
#include "opsdeck/run.h"
#include "opsdeck/runfollow.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* A query value: a ref may hold '&', '#', '+' or spaces. */
static char *
query_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i, j = 0;
	char *out = xmalloc(n * 3 + 1);
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/') {
			out[j++] = (char)c;
			continue;
		}
		out[j++] = '%';
		out[j++] = hex[c >> 4];
		out[j++] = hex[c & 15];
	}
	out[j] = '\0';
	return out;
}

void
runfollow_init(struct runfollow *f, const char *repo, const char *workflow,
    const char *ref, const char *what, time_t dispatched)
{
	memset(f, 0, sizeof *f);
	f->repo = xstrdup(repo);
	f->workflow = xstrdup(workflow);
	f->ref = xstrdup(ref);
	f->what = xstrdup(what);
	f->dispatched = dispatched;
	/* The run is rarely listed at once; the first look waits a poll. */
	f->next = dispatched + RUNFOLLOW_POLL_S;
	f->state = RUNFOLLOW_FINDING;
}

void
runfollow_done(struct runfollow *f)
{
	free(f->repo);
	free(f->workflow);
	free(f->ref);
	free(f->what);
	free(f->status);
	free(f->conclusion);
	free(f->error);
	memset(f, 0, sizeof *f);
}

void
runfollow_know(struct runfollow *f, int64_t run_id)
{
	size_t i;

	for (i = 0; i < f->nknown; i++)
		if (f->known[i] == run_id)
			return;
	/* Past the cap the oldest make room: the newest are the ones the
	 * created_at window could still let through. */
	if (f->nknown == RUNFOLLOW_KNOWN_MAX) {
		memmove(&f->known[0], &f->known[1], (f->nknown - 1) *
		    sizeof f->known[0]);
		f->nknown--;
	}
	f->known[f->nknown++] = run_id;
}

void
runfollow_set_run(struct runfollow *f, int64_t run_id, time_t now)
{
	f->run_id = run_id;
	f->found = now;
	f->state = RUNFOLLOW_FOLLOWING;
}

static bool
known(const struct runfollow *f, int64_t id)
{
	size_t i;

	for (i = 0; i < f->nknown; i++)
		if (f->known[i] == id)
			return true;
	return false;
}

const struct run *
runfollow_pick(const struct runfollow *f, const struct run *runs, size_t n)
{
	const struct run *best = NULL, *r;
	size_t i;

	for (i = 0; i < n; i++) {
		r = &runs[i];
		if (r->id <= 0 || known(f, r->id) ||
		    !same(r->event, "workflow_dispatch") ||
		    r->head_branch == NULL || !same(r->head_branch, f->ref) ||
		    r->created_at == 0 ||
		    r->created_at < f->dispatched - RUNFOLLOW_SKEW_S)
			continue;
		if (best == NULL || r->created_at > best->created_at ||
		    (r->created_at == best->created_at && r->id > best->id))
			best = r;
	}
	return best;
}

char *
runfollow_path(const struct runfollow *f)
{
	char *ref, *p;

	if (f->state != RUNFOLLOW_FINDING)
		return xasprintf("/repos/%s/actions/runs/%" PRId64, f->repo,
		    f->run_id);
	ref = query_escape(f->ref);
	p = xasprintf("/repos/%s/actions/workflows/%s/runs?event="
	    "workflow_dispatch&branch=%s&per_page=20", f->repo, f->workflow,
	    ref);
	free(ref);
	return p;
}

/* Sets the error of the last GET; 1 when it is news. */
static int
set_error(struct runfollow *f, char *err)
{
	int news = !same(f->error, err);

	free(f->error);
	f->error = err;
	return news;
}

/* The run's state as GitHub said it; 1 when it changed. */
static int
take_state(struct runfollow *f, const struct run *r)
{
	int news = !same(f->status, r->status) ||
	    !same(f->conclusion, r->conclusion);

	free(f->status);
	free(f->conclusion);
	f->status = xstrdup_null(r->status);
	f->conclusion = xstrdup_null(r->conclusion);
	if (same(r->status, "completed"))
		f->state = RUNFOLLOW_COMPLETED;
	return news;
}

static int
feed_list(struct runfollow *f, const char *body, size_t len, time_t now)
{
	struct run *runs = NULL;
	const struct run *r;
	size_t n = 0, i;
	char *cause = NULL;
	int news = 0;

	if (ghparse_runs(body, len, &runs, &n, NULL, &cause) != 0) {
		news = set_error(f, xasprintf("the runs did not parse: %s",
		    cause != NULL ? cause : "?"));
		free(cause);
		return news;
	}
	news = set_error(f, NULL);
	if ((r = runfollow_pick(f, runs, n)) != NULL) {
		runfollow_set_run(f, r->id, now);
		take_state(f, r);
		news = 1;
	}
	for (i = 0; i < n; i++)
		run_done(&runs[i]);
	free(runs);
	return news;
}

static int
feed_run(struct runfollow *f, const char *body, size_t len)
{
	struct run r;
	char *cause = NULL;
	int news;

	if (ghparse_run(body, len, &r, &cause) != 0) {
		news = set_error(f, xasprintf("the run did not parse: %s",
		    cause != NULL ? cause : "?"));
		free(cause);
		return news;
	}
	if (r.id != f->run_id) {
		run_done(&r);
		return set_error(f, xstrdup("the answer is another run"));
	}
	news = set_error(f, NULL);
	news |= take_state(f, &r);
	run_done(&r);
	return news;
}

int
runfollow_feed(struct runfollow *f, long http_status, const char *body,
    size_t len, time_t now)
{
	if (runfollow_over(f))
		return 0;
	f->next = now + RUNFOLLOW_POLL_S;
	/* 304: the cached body, which is the same answer. */
	if (http_status != 200 && http_status != 304)
		return set_error(f, http_status > 0 ? xasprintf("HTTP %ld",
		    http_status) : xstrdup("no answer"));
	if (f->state == RUNFOLLOW_FINDING)
		return feed_list(f, body, len, now);
	return feed_run(f, body, len);
}

int
runfollow_tick(struct runfollow *f, time_t now)
{
	if (f->state == RUNFOLLOW_FINDING &&
	    now - f->dispatched >= RUNFOLLOW_FIND_S) {
		f->state = RUNFOLLOW_NOT_FOUND;
		return 1;
	}
	if (f->state == RUNFOLLOW_FOLLOWING &&
	    now - f->found >= RUNFOLLOW_FOLLOW_S) {
		f->state = RUNFOLLOW_GAVE_UP;
		return 1;
	}
	return 0;
}

bool
runfollow_over(const struct runfollow *f)
{
	return f->state == RUNFOLLOW_COMPLETED ||
	    f->state == RUNFOLLOW_NOT_FOUND || f->state == RUNFOLLOW_GAVE_UP;
}

bool
runfollow_succeeded(const struct runfollow *f)
{
	return f->state == RUNFOLLOW_COMPLETED &&
	    same(f->conclusion, "success");
}

void
runfollow_message(const struct runfollow *f, char *dst, size_t size)
{
	char *what = text_sanitize(f->what, strlen(f->what), 0);
	/* Named by the dispatch's answer, not looked at yet. */
	const char *status = f->status != NULL ? f->status : "started";
	char *st = text_sanitize(status, strlen(status), 0);
	char *co = text_sanitize(f->conclusion, f->conclusion != NULL ?
	    strlen(f->conclusion) : 0, 0);
	const char *err = f->error != NULL ? f->error : NULL;
	char *e = text_sanitize(err, err != NULL ? strlen(err) : 0, 0);

	switch (f->state) {
	case RUNFOLLOW_FINDING:
		snprintf(dst, size, "%s: finding the run of the dispatch%s%s",
		    what, err != NULL ? ": " : "", e);
		break;
	case RUNFOLLOW_FOLLOWING:
		snprintf(dst, size, "%s: run %" PRId64 " %s%s%s", what,
		    f->run_id, st, err != NULL ? "; last look: " : "", e);
		break;
	case RUNFOLLOW_COMPLETED:
		snprintf(dst, size, "%s: run %" PRId64 " completed, %s", what,
		    f->run_id, *co != '\0' ? co : "no conclusion");
		break;
	case RUNFOLLOW_NOT_FOUND:
		snprintf(dst, size, "%s: no run found for the dispatch after "
		    "%d min", what, RUNFOLLOW_FIND_S / 60);
		break;
	case RUNFOLLOW_GAVE_UP:
		snprintf(dst, size, "%s: run %" PRId64 " still %s after %d h; "
		    "no longer followed", what, f->run_id, st,
		    RUNFOLLOW_FOLLOW_S / 3600);
		break;
	}
	free(what);
	free(st);
	free(co);
	free(e);
}
