/* store: the newest immutable snapshot of each domain, refcounted.
 *
 * Workers publish; the UI thread acquires, reads, releases. A domain holds
 * one snapshot per key (e.g. per repository), so one repo's poll replaces
 * only its own entry. A published snapshot is never modified again.
 * Every publish bumps the domain's generation and writes one byte to the
 * wake fd so the UI thread's poll() returns. All functions are thread-safe. */
#ifndef OPSDECK_STORE_H
#define OPSDECK_STORE_H

#include <stddef.h>
#include <stdint.h>

enum store_domain {
	STORE_PIPELINES,	/* key "owner/name", data struct repo_runs */
	STORE_GIT,
	STORE_QUALITY,
	STORE_ISSUES,
	STORE_HEALTH,
	STORE_STATUS,		/* key "github", data struct api_status */
	/* On demand (detailmodel.h): key "jobs:owner/name:RUNID", data
	 * struct detailmodel_jobs; key "log:owner/name:JOBID", data struct
	 * detailmodel_log. */
	STORE_DETAIL,
	/* The action worker's (actworker.h): key "result", data struct
	 * action_result; key "audit", data struct action_audit; key
	 * "target", struct deploy_target_result (deploytarget.h); key
	 * "output", struct deploy_output (deployrun.h). */
	STORE_ACTIONS,
	/* Key "owner/name", data struct repo_envs (envstate.h). */
	STORE_ENV,
	/* Key "owner/name", data struct approval_queue (approvals.h). */
	STORE_APPROVALS,
	STORE_DOMAINS
};

struct snap;	/* refcounted { key, data, free_fn } */

/* Takes ownership of data; free_fn(data) runs when the last ref goes. */
struct snap	*snap_new(const char *key, void *data, void (*free_fn)(void *));
struct snap	*snap_ref(struct snap *);
void		 snap_unref(struct snap **);	/* accepts NULL, sets NULL */
const char	*snap_key(const struct snap *);
const void	*snap_data(const struct snap *);

/* An immutable, sorted-by-key set of snapshots of one domain. */
struct snapset;
size_t		 snapset_count(const struct snapset *);
struct snap	*snapset_at(const struct snapset *, size_t);	/* borrowed */
struct snap	*snapset_find(const struct snapset *, const char *key);
/* The data of the snapshot with that key; NULL when there is none (or
 * no set yet). Borrowed, valid while the set is held. */
const void	*snapset_find_data(const struct snapset *, const char *key);
uint64_t	 snapset_generation(const struct snapset *);

struct store;
/* wake_fd: write end of a pipe/eventfd, or -1 for none. Not owned. */
struct store	*store_new(int wake_fd);
void		 store_free(struct store **);
/* Replaces the domain's snapshot with the same key; takes the caller's ref. */
void		 store_publish(struct store *, enum store_domain, struct snap *);
/* Drops the domain's snapshot with that key (an evicted cache entry), as a
 * publish would replace it: a new generation and a wake. The snapshot
 * lives on while readers hold a set with it. 0 when removed, -1 when there
 * was none (nothing changes, nobody is woken). */
int		 store_remove(struct store *, enum store_domain,
		    const char *key);
/* Returns a ref the caller must give back with store_release. Never NULL. */
struct snapset	*store_acquire(struct store *, enum store_domain);
void		 store_release(struct snapset **);
uint64_t	 store_generation(struct store *, enum store_domain);

#endif
