/* apistatus: what the header bar shows about the GitHub API budget and the
 * health of the GitHub source. Published to STORE_STATUS under key "github". */
#ifndef OPSDECK_APISTATUS_H
#define OPSDECK_APISTATUS_H

#include <stdbool.h>
#include <time.h>

struct api_status {
	long	 limit;		/* x-ratelimit-limit; -1 = unknown (GHES) */
	long	 remaining;	/* -1 = unknown */
	long	 used;
	time_t	 reset;		/* epoch seconds; 0 = unknown */
	time_t	 wait_until;	/* rate limited until then; 0 = not waiting */
	char	*wait_reason;	/* e.g. "primary rate limit"; NULL */
	unsigned long requests;	/* sent since start */
	unsigned long not_modified; /* of which 304 */
	char	*governor;	/* "governor: 100 repos, interval 20s" while
				 * intervals are stretched; NULL */
	/* X-OAuth-Scopes of a classic token ("repo, workflow"); NULL when
	 * GitHub sent none (fine-grained tokens, GitHub Apps). */
	char	*scopes;
	bool	 have_token;
	bool	 offline;	/* no API behind it at all (the demo) */
};

/* What to tell the user about the token, or NULL: without one GitHub
 * answers 404 for a private repository, which reads as a typo'd name. */
#define API_STATUS_NO_TOKEN	"no token: private repositories answer 404"
const char *api_status_note(const struct api_status *);

struct api_status *api_status_dup(const struct api_status *);
/* Whether a and b show the same in the header (the request counters are
 * not shown, so they do not count). */
bool	 api_status_same(const struct api_status *a,
	    const struct api_status *b);
void	 api_status_free(struct api_status **);
void	 api_status_free_void(void *);	/* for snap_new */

#endif
