#include "config.h"

#include <stdlib.h>

#include "opsdeck/http.h"
#include "opsdeck/worker.h"

void *
worker_ctx_new(void *userdata)
{
	struct worker_ctx *w;

	if ((w = calloc(1, sizeof *w)) == NULL)
		return NULL;
	if (userdata != NULL)
		w->http = http_new(userdata);
	return w;
}

void
worker_ctx_free(void *ctx)
{
	struct worker_ctx *w = ctx;

	if (w == NULL)
		return;
	http_free(&w->http);
	free(w);
}
