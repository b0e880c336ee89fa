/* source: what every source shares beyond its interface (source.h): the
 * one publisher of the API status that the header and --once show. */
#include "config.h"

#include <stdbool.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

/* Whether the store already shows st: then publishing would only wake the
 * UI to draw the same header (a 304 changes the request counters alone). */
static bool
status_shown(struct store *store, const struct api_status *st)
{
	struct snapset *ss = store_acquire(store, STORE_STATUS);
	const struct api_status *shown;
	bool same;

	shown = ss != NULL ? snapset_find_data(ss, "github") : NULL;
	same = shown != NULL && api_status_same(st, shown);
	store_release(&ss);
	return same;
}

void
source_publish_status(struct store *store, struct ghclient *github,
    bool force)
{
	struct api_status *st = xcalloc(1, sizeof *st);
	struct snap *s;

	if (github != NULL)
		ghclient_status(github, st);
	else {
		st->limit = -1;
		st->remaining = -1;
		st->offline = true;
	}
	if (!force && status_shown(store, st)) {
		api_status_free(&st);
		return;
	}
	s = snap_new("github", st, api_status_free_void);
	store_publish(store, STORE_STATUS, s);
}
