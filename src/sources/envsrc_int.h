/* envsrc_int: what envsrc.c and envsrc_build.c share.
 * Internal to src/sources/envsrc*.c. */
#ifndef OPSDECK_ENVSRC_INT_H
#define OPSDECK_ENVSRC_INT_H

#include <stdbool.h>
#include <time.h>

#include "opsdeck/ghclient.h"

struct conf;
struct repo_conf;
struct repo_envs;
struct transport;

/* One poll's requests: through the transport, or (tp NULL) from the
 * disk cache alone. */
struct rx;

struct env_fetch {
	struct ghclient		*gc;
	struct transport	*tp;	/* NULL: cache only */
	const struct conf	*cfg;
	bool			 changed;	/* a 200 (not a 304) */
	/* The first failure that ends the poll: its class, what to show,
	 * and for a rate limit when it ends. */
	bool			 failed;
	enum ghclient_class	 k;
	char			 why[256];
	time_t			 rl_reset;
	long			 retry_after;
	/* Risky path patterns (borrowed), and the last good snapshot whose
	 * deltas are reused: a delta between two SHAs never changes. */
	const struct rx *const *risky;
	size_t			 nrisky;
	const struct repo_envs	*last;
	/* A part that failed without ending the poll (a compare). */
	char			 note[256];
	int			 requests;
};

/* Builds the snapshot of one repository; NULL when the poll failed
 * (f->failed, f->why). */
struct repo_envs *envsrc_build(struct env_fetch *f,
	    const struct repo_conf *rc);
/* A path segment percent-encoded (RFC 3986 unreserved kept; '/' kept
 * when keep_slash, for branch names). Malloc'd. */
char	*envsrc_escape(const char *s, bool keep_slash);

#endif
