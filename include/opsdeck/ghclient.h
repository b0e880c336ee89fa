/* ghclient: the GitHub REST client, on top of the transport.
 *
 * struct ghclient is made once by main before any thread starts: the API
 * base, the token, the API version, the rate-limit budget and the shared
 * wait (under a mutex). Requests go through the calling worker's own
 * struct transport. The token is sent only to the API base's
 * scheme://host:port; a redirect, a Link or a *_url on another origin never
 * gets it. Every GET is conditional when the cache has the URL: a 304
 * hands back the cached body (from_cache) at no API cost. Only GET is sent
 * through this header (the one mutating call: ghclient_write.h). */
#ifndef OPSDECK_GHCLIENT_H
#define OPSDECK_GHCLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/transport.h"

struct api_status;
struct governor;
struct transport;
struct transport_shared;

struct ghclient_opts {
	const char	*api_url;	/* e.g. https://api.github.com */
	const char	*token;		/* copied; NULL = anonymous */
	const char	*api_version;	/* X-GitHub-Api-Version */
	size_t		 log_body_limit; /* GHCLIENT_FOLLOW (logs); 0 = 64 MiB */
	long		 log_timeout_s;	/* logs' total deadline; 0 = 300 */
	int		 max_requests_per_minute; /* the governor; 0 = off */
	int		 max_connections; /* in flight to the API; 0 = 4 */
};

#define GHCLIENT_FOLLOW		0x1	/* logs: follow redirects, log cap and
					 * deadline, no cache */
#define GHCLIENT_NO_CACHE	0x2	/* neither conditional nor stored */

enum ghclient_class {
	GHCLIENT_OK,
	GHCLIENT_NOT_MODIFIED,	/* 304: body is the cached one */
	GHCLIENT_RATE_PRIMARY,	/* 403/429 with x-ratelimit-remaining: 0 */
	GHCLIENT_RATE_SECONDARY, /* retry-after, or GitHub says so */
	GHCLIENT_AUTH,		/* 401, or a 403 that is a permission error */
	GHCLIENT_NOT_FOUND,
	GHCLIENT_SERVER,	/* 5xx */
	GHCLIENT_TRANSPORT,	/* DNS, connect, timeout, reset, too large */
	GHCLIENT_CLIENT,	/* other 4xx, or a redirect not followed */
};

struct ghclient_response {
	struct transport_response http;	/* status, body, etag, Link, ... */
	char	*accepted_permissions;	/* x-accepted-github-permissions */
	char	*rl_resource;	/* x-ratelimit-resource ("core"), NULL */
	long	 rl_limit;	/* -1 = header absent (GHES) */
	long	 rl_remaining;
	long	 rl_used;
	time_t	 rl_reset;	/* 0 = absent; else within [now, now + 1 h] */
	long	 poll_interval;	/* X-Poll-Interval, 0..3600 s; -1 = absent */
	/* x-github-request-id, for the audit journal; NULL when absent. */
	char	*request_id;
	/* X-OAuth-Scopes (a classic token's scopes); NULL when absent. */
	char	*oauth_scopes;
};

/* The transport (and its disk cache) is shared, not owned. NULL with
 * *cause (malloc'd) on failure. */
struct ghclient	*ghclient_new(struct transport_shared *,
		    const struct ghclient_opts *, char **cause);
/* Wipes the token. */
void		 ghclient_free(struct ghclient **);
const char	*ghclient_api_url(const struct ghclient *);
/* The request governor every GitHub source reports its polls to
 * (governor.h); every request sent through this client is spent from it. */
struct governor	*ghclient_governor(struct ghclient *);
bool		 ghclient_has_token(const struct ghclient *);
/* Current budget as the headers last said; wait fields come from
 * ghclient_set_wait. Fills a caller-owned struct (wait_reason malloc'd). */
void		 ghclient_status(struct ghclient *, struct api_status *);
/* Every request must wait until t (rate limited); reason is copied. t is
 * kept within TRANSPORT_MAX_DELAY_S from now. */
void		 ghclient_set_wait(struct ghclient *, time_t t,
		    const char *reason);
time_t		 ghclient_wait_until(struct ghclient *);
/* The cached body of url_or_path, if any (the last state at start). */
int		 ghclient_cached(struct ghclient *, const char *url_or_path,
		    struct buf *body);

void		 ghclient_response_init(struct ghclient_response *);
void		 ghclient_response_done(struct ghclient_response *);
/* url_or_path: an absolute URL, or a path appended to the API base.
 * cancel (may be NULL) aborts the transfer once non-zero. 0 when an HTTP
 * response arrived (any status), -1 on transport error. */
int		 ghclient_get(struct ghclient *, struct transport *,
		    const char *url_or_path, unsigned flags,
		    struct ghclient_response *);
/* ghclient_get, the final body streamed to fd (transport_get_file), at
 * most limit bytes. */
int		 ghclient_get_file(struct ghclient *, struct transport *,
		    const char *url_or_path, unsigned flags, int fd,
		    size_t limit, const volatile int *cancel,
		    struct ghclient_response *);
enum ghclient_class ghclient_classify(const struct ghclient_response *);
/* One line for the screen: "HTTP 500 Internal Server Error",
 * "api.github.com: timed out after 20 s", "HTTP 403: token lacks
 * permission actions=read". */
void		 ghclient_describe(const struct ghclient_response *, char *dst,
		    size_t size);
/* "rate limited until HH:MM:SS (what)" into dst. */
void		 ghclient_format_until(char *dst, size_t size, const char *what,
		    time_t t);

/* Whether api_url may be used: an http:// URL to a host other than
 * loopback is refused unless allow_insecure. -1 with *cause (malloc'd,
 * naming the URL and the setting) when refused. */
int		 ghclient_check_url(const char *api_url, bool allow_insecure,
		    char **cause);
#endif
