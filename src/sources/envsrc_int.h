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
struct env_delta;
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
/* One conditional GET into body (caller's buf_done): 0 with the body;
 * -1 when it failed: f->failed set (the poll ends), or with soft only
 * f->note (that part is missing). Rate limits always end the poll. Also
 * the approvals source's. */
int	 envsrc_get(struct env_fetch *f, const char *path, struct buf *body,
	    bool soft);
/* What a deploy from -> to ships, into *out (caller's env_delta_done):
 * the local clone's history when rc has a path, else the compare API
 * (f->last's delta when it has one). 0, or -1 when not known. */
int	 envsrc_delta(struct env_fetch *f, const struct repo_conf *rc,
	    const char *repo, const char *from, const char *to,
	    struct env_delta *out);
/* A string member (under 256 bytes) of a JSON object body, malloc'd;
 * NULL when absent or not a string. */
char	*envsrc_json_member(const struct buf *b, const char *key);
/* The risky path patterns: gitscan's defaults, then [git] risky. */
int	 envsrc_risky_new(const struct conf *, struct rx ***v, size_t *n,
	    char **cause);
void	 envsrc_risky_free(struct rx **v, size_t n);
/* A path segment percent-encoded (RFC 3986 unreserved kept; '/' kept
 * when keep_slash, for branch names). Malloc'd. */
char	*envsrc_escape(const char *s, bool keep_slash);

#endif
