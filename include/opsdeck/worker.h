/* worker: the per-worker-thread resources handed to every scheduled job as
 * its worker_ctx. Made on the worker thread by worker_ctx_new, so nothing in
 * it is shared between threads. */
#ifndef OPSDECK_WORKER_H
#define OPSDECK_WORKER_H

struct http;
struct http_shared;

struct worker_ctx {
	struct http	*http;	/* this worker's own CURL handle */
};

/* userdata is a struct http_shared *. For sched_new(). */
void	*worker_ctx_new(void *userdata);
void	 worker_ctx_free(void *ctx);

#endif
