/* worker: the per-worker-thread resources handed to every scheduled job as
 * its worker_ctx. Made on the worker thread by worker_ctx_new, so nothing in
 * it is shared between threads. */
#ifndef OPSDECK_WORKER_H
#define OPSDECK_WORKER_H

struct transport;

struct worker_ctx {
	/* This worker's own CURL handle, for any service: GitHub requests
	 * go through it with the ghclient, others use it alone. */
	struct transport *tp;
};

/* userdata is a struct transport_shared *. For sched_new(). */
void	*worker_ctx_new(void *userdata);
void	 worker_ctx_free(void *ctx);

#endif
