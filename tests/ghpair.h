/* ghpair.h: a transport and a GitHub client on it, made together, for C
 * tests (header-only, test code only). */
#ifndef OPSDECK_TEST_GHPAIR_H
#define OPSDECK_TEST_GHPAIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"

struct ghpair {
	struct transport_shared	*ts;
	struct ghclient		*gc;
};

/* Bails out of the whole test when either cannot be made. */
static inline struct ghpair *
ghpair_new(const struct transport_opts *to, const struct ghclient_opts *go)
{
	struct ghpair *p = xcalloc(1, sizeof *p);
	char *cause = NULL;

	if ((p->ts = transport_shared_new(to, &cause)) == NULL ||
	    (p->gc = ghclient_new(p->ts, go, &cause)) == NULL) {
		printf("Bail out! %s\n", cause != NULL ? cause : "ghpair");
		exit(1);
	}
	return p;
}

static inline void
ghpair_free(struct ghpair **pp)
{
	if (*pp == NULL)
		return;
	ghclient_free(&(*pp)->gc);
	transport_shared_free(&(*pp)->ts);
	free(*pp);
	*pp = NULL;
}

#endif
