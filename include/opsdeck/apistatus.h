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
	bool	 have_token;
};

struct api_status *api_status_dup(const struct api_status *);
void	 api_status_free(struct api_status **);
void	 api_status_free_void(void *);	/* for snap_new */

#endif
