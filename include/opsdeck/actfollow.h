/* actfollow: the action worker's side of following the run a deploy's
 * workflow_dispatch started (the matching rules: runfollow.h). Before the
 * dispatch leaves, the runs the pipelines source already knows are noted
 * (none of them is the new one); after its answer the follow starts;
 * actfollow_poll, called from the action worker's job (never the UI
 * thread), GETs through ghclient's read path every few seconds, publishes
 * each change as an action result (through the worker's callback) and
 * writes a "run" record to the audit journal when it is over (the run's
 * id and conclusion, or why none is known; never the token).
 *
 * One thread at a time: the action worker's job. */
#ifndef OPSDECK_ACTFOLLOW_H
#define OPSDECK_ACTFOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "opsdeck/action.h"
#include "opsdeck/runfollow.h"

struct ghclient;
struct journal;
struct store;
struct transport;

/* Runs followed at once; a dispatch past it is not followed. */
#define ACTFOLLOW_MAX	8

/* Publishes one line for the status bar (message is taken). */
typedef void	(*actfollow_publish_fn)(void *arg, enum action_id,
		    const char *repo, int64_t run_id, bool ok, char *message);

struct actfollow;

/* store (STORE_PIPELINES: the runs known before), gc (the GETs) and
 * journal (may be NULL) are borrowed. */
struct actfollow *actfollow_new(struct store *, struct ghclient *,
		    struct journal *, actfollow_publish_fn, void *arg);
/* A run still followed gets its journal record (it was not seen to
 * the end). NULL is fine; sets NULL. */
void		 actfollow_free(struct actfollow **);

/* Before a dispatch of workflow with this JSON body (its "ref" is what
 * is followed) leaves: sets up *rf, the dispatch time now. false (*rf
 * untouched) when it will not be followed: too many followed, no ref. */
bool		 actfollow_prepare(struct actfollow *, enum action_id,
		    const char *repo, const char *environment,
		    const char *workflow, const char *json, struct runfollow *rf);
/* After the dispatch's answer: a 2xx (ok) starts following *rf (taken,
 * whatever ok is) of action id under the journal record jid; run_id is the run the
 * answer named (0: none, find it). Returns what to add to the result's
 * message (malloc'd, "; finding its run"), or NULL. */
char		*actfollow_begin(struct actfollow *, enum action_id,
		    struct runfollow *rf, bool ok, int64_t run_id,
		    const char *jid);
/* Does the GETs that are due (stop: give up at once when set) and
 * returns the milliseconds until the next one, or idle_ms when nothing is
 * followed. */
int64_t		 actfollow_poll(struct actfollow *, struct transport *,
		    const volatile int *stop, int64_t idle_ms);
/* How many runs are being followed. */
size_t		 actfollow_count(const struct actfollow *);

#endif
