/* apistatus: copy and free the GitHub API budget snapshot. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/xalloc.h"

struct api_status *
api_status_dup(const struct api_status *src)
{
	struct api_status	*as;

	if (src == NULL)
		return (NULL);
	as = xmalloc(sizeof *as);
	*as = *src;
	if (src->wait_reason != NULL)
		as->wait_reason = xstrdup(src->wait_reason);
	if (src->governor != NULL)
		as->governor = xstrdup(src->governor);
	if (src->scopes != NULL)
		as->scopes = xstrdup(src->scopes);
	return (as);
}

void
api_status_free(struct api_status **asp)
{
	if (asp == NULL || *asp == NULL)
		return;
	free((*asp)->wait_reason);
	free((*asp)->governor);
	free((*asp)->scopes);
	free(*asp);
	*asp = NULL;
}

/* The store's free_fn takes a plain pointer. */
void
api_status_free_void(void *p)
{
	struct api_status	*as = p;

	api_status_free(&as);
}

const char *
api_status_note(const struct api_status *st)
{
	if (st == NULL || st->offline || st->have_token)
		return (NULL);
	return (API_STATUS_NO_TOKEN);
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool
api_status_same(const struct api_status *a, const struct api_status *b)
{
	return a != NULL && b != NULL && a->limit == b->limit &&
	    a->remaining == b->remaining && a->used == b->used &&
	    a->reset == b->reset && a->wait_until == b->wait_until &&
	    a->have_token == b->have_token && a->offline == b->offline &&
	    same_str(a->wait_reason, b->wait_reason) &&
	    same_str(a->governor, b->governor) &&
	    same_str(a->scopes, b->scopes);
}
