/* deployrun: a deploy-command run with its output handed to the UI as it
 * arrives: lines split as they come, the last DEPLOYRUN_LINES kept, a
 * snapshot published when new output is there and 100 ms have passed
 * since the last one (the first output at once), and a last one when it
 * ends. The action worker's thread runs it; the UI only reads the store. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/buf.h"
#include "opsdeck/clock.h"
#include "opsdeck/deployrun.h"
#include "opsdeck/spawn.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

/* At most this often while it runs. */
#define DEPLOYRUN_PUBLISH_MS	100

struct runout {
	struct store		*store;
	const struct deployrun_what *what;
	const char		*program;
	char			*lines[DEPLOYRUN_LINES];	/* a ring */
	size_t			 first, n, dropped;
	bool			 open;	/* the newest line is unfinished */
	bool			 dirty;
	int64_t			 last_ms;	/* 0: nothing published */
	time_t			 started;
};

static char **
newest(struct runout *ro)
{
	return &ro->lines[(ro->first + ro->n - 1) % DEPLOYRUN_LINES];
}

static void
new_line(struct runout *ro)
{
	if (ro->n == DEPLOYRUN_LINES) {
		free(ro->lines[ro->first]);
		ro->lines[ro->first] = NULL;
		ro->first = (ro->first + 1) % DEPLOYRUN_LINES;
		ro->n--;
		ro->dropped++;
	}
	ro->n++;
	*newest(ro) = xstrdup("");
	ro->open = true;
}

/* Appends s[0..len) (no newline in it) to the newest line, capped. */
static void
line_append(struct runout *ro, const char *s, size_t len)
{
	char **l;
	size_t have;

	if (!ro->open)
		new_line(ro);
	l = newest(ro);
	have = strlen(*l);
	if (have + len > DEPLOYRUN_LINE_MAX)
		len = have < DEPLOYRUN_LINE_MAX ? DEPLOYRUN_LINE_MAX - have : 0;
	if (len == 0)
		return;
	*l = xreallocarray(*l, have + len + 1, 1);
	memcpy(*l + have, s, len);
	(*l)[have + len] = '\0';
}

static void
output_free(void *p)
{
	struct deploy_output *o = p;
	size_t i;

	for (i = 0; i < o->nlines; i++)
		free(o->lines[i]);
	free(o->lines);
	free(o->id);
	free(o->repo);
	free(o->environment);
	free(o->sha);
	free(o->program);
	free(o->status);
	free(o);
}

static void
publish(struct runout *ro, bool running, const char *status)
{
	struct deploy_output *o = xcalloc(1, sizeof *o);
	size_t i;

	o->id = xstrdup_null(ro->what->id);
	o->repo = xstrdup_null(ro->what->repo);
	o->environment = xstrdup_null(ro->what->environment);
	o->sha = xstrdup_null(ro->what->sha);
	o->program = xstrdup_null(ro->program);
	o->lines = ro->n > 0 ? xcalloc(ro->n, sizeof *o->lines) : NULL;
	for (i = 0; i < ro->n; i++)
		o->lines[i] = xstrdup(ro->lines[(ro->first + i) %
		    DEPLOYRUN_LINES]);
	o->nlines = ro->n;
	o->dropped = ro->dropped;
	o->running = running;
	o->ok = !running && status == NULL;
	o->status = running ? NULL : xstrdup(status != NULL ? status :
	    "exit 0");
	o->started = ro->started;
	ro->dirty = false;
	ro->last_ms = clock_mono_ms();
	store_publish(ro->store, STORE_ACTIONS, snap_new(DEPLOYRUN_KEY, o,
	    output_free));
}

/* spawn's callback: lines as they come; a tick publishes what is new. */
static void
on_output(void *arg, const char *data, size_t len)
{
	struct runout *ro = arg;
	const char *nl;
	size_t n;

	while (data != NULL && len > 0) {
		nl = memchr(data, '\n', len);
		n = nl != NULL ? (size_t)(nl - data) : len;
		line_append(ro, data, n > 0 && nl != NULL && data[n - 1] ==
		    '\r' ? n - 1 : n);
		if (nl != NULL) {
			ro->open = false;
			n++;
		}
		data += n;
		len -= n;
		ro->dirty = true;
	}
	if (ro->dirty && (ro->last_ms == 0 || clock_mono_ms() -
	    ro->last_ms >= DEPLOYRUN_PUBLISH_MS))
		publish(ro, true, NULL);
}

char *
deployrun_run(struct store *store, const struct deployrun_what *what,
    char **argv, long timeout_ms, size_t cap, const volatile int *stop,
    struct spawn_result *res)
{
	struct runout ro;
	char *cause = NULL, *err = NULL;
	size_t i;

	memset(&ro, 0, sizeof ro);
	ro.store = store;
	ro.what = what;
	ro.program = argv[0];
	ro.started = time(NULL);
	publish(&ro, true, NULL);	/* it started: nothing printed yet */
	ro.last_ms = 0;
	if (spawn_run_stream(argv, SPAWN_STDERR, timeout_ms, cap, stop,
	    on_output, &ro, res, &cause) != 0) {
		err = xasprintf("deploy-command: %s", cause);
		free(cause);
	} else if (res->timed_out)
		err = xasprintf("deploy-command '%s' timed out after %ld s",
		    argv[0], timeout_ms / 1000);
	else if (!res->exited || res->code != 0)
		err = xasprintf("deploy-command '%s' failed (%s %d)", argv[0],
		    res->exited ? "exit" : "signal",
		    res->exited ? res->code : res->sig);
	publish(&ro, false, err);
	for (i = 0; i < DEPLOYRUN_LINES; i++)
		free(ro.lines[i]);
	return err;
}

void
deployrun_last_line(const char *out, size_t len, char *dst, size_t size)
{
	size_t end = len, start;

	while (end > 0 && (out[end - 1] == '\n' || out[end - 1] == '\r'))
		end--;
	start = end;
	while (start > 0 && out[start - 1] != '\n')
		start--;
	snprintf(dst, size, "%.*s", (int)(end - start), out + start);
}
