/* deploytarget: resolving the target the user chose in the deploy dialog
 * (Ctrl-T: a full or short SHA, a branch or a tag) off the UI thread. The
 * UI asks (deploytarget_want, no I/O); a scheduler job resolves it with
 * envsrc_target (the local clone, else GET .../commits/REF/status; GETs
 * only) and publishes the answer to STORE_ACTIONS under
 * DEPLOYTARGET_KEY, which the dialog reads. Nothing is ever sent from
 * here: the deploy itself goes through actworker_submit with the
 * resolved SHA. */
#ifndef OPSDECK_DEPLOYTARGET_H
#define OPSDECK_DEPLOYTARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "opsdeck/envstate.h"

struct conf;
struct ghclient;
struct sched;
struct store;

#define DEPLOYTARGET_KEY	"target"	/* struct deploy_target_result */

/* A resolution, as published (immutable). */
struct deploy_target_result {
	uint64_t	 seq;		/* deploytarget_want's answer */
	char		*repo, *environment;
	bool		 ok;
	char		*why;		/* !ok: why it is refused */
	struct env_target t;		/* ok: the target */
};

struct deploytarget;

/* gc NULL (--demo): every request is answered with a refusal. cfg is
 * borrowed. Main thread. */
struct deploytarget *deploytarget_new(struct store *, struct ghclient *,
		    const struct conf *cfg);
void		 deploytarget_free(struct deploytarget **);
int		 deploytarget_schedule(struct deploytarget *, struct sched *);
/* Asks for ref of repo, for a deploy to env over from (what runs there,
 * may be NULL); a request still waiting is replaced. Returns the seq its
 * answer will carry. UI thread; no I/O. */
uint64_t	 deploytarget_want(struct deploytarget *, const char *repo,
		    const char *env, const char *ref, const char *from);

#endif
