/* worker: what each worker thread owns for its jobs (its transport). */
#include "config.h"

#include <stdlib.h>

#include "opsdeck/transport.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"

void *
worker_ctx_new(void *userdata)
{
	struct worker_ctx *w;

	w = xcalloc(1, sizeof *w);
	if (userdata != NULL)
		w->tp = transport_new(userdata);
	return w;
}

void
worker_ctx_free(void *ctx)
{
	struct worker_ctx *w = ctx;

	if (w == NULL)
		return;
	transport_free(&w->tp);
	free(w);
}
