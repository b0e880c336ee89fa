/* source: what every source shares beyond its interface (source.h): the
 * one publisher of the API status that the header and --once show. */
#include "config.h"

#include <stdbool.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/http.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

void
source_publish_status(struct store *store, struct http_shared *github)
{
	struct api_status *st = xcalloc(1, sizeof *st);
	struct snap *s;

	if (github != NULL)
		http_shared_status(github, st);
	else {
		st->limit = -1;
		st->remaining = -1;
		st->offline = true;
	}
	if ((s = snap_new("github", st, api_status_free_void)) == NULL) {
		api_status_free(&st);
		return;
	}
	store_publish(store, STORE_STATUS, s);
}
