/* http: GitHub REST over libcurl.
 *
 * struct http_shared is made once by main before any thread starts (API
 * base, token, cache, rate-limit accounting under a mutex). Each worker
 * thread owns one struct http (its own CURL handle). The token is sent only
 * to the API base's scheme://host:port; a redirect, a Link or a *_url on
 * another origin never gets it. Every GET is conditional when the cache has
 * the URL: a 304 hands back the cached body (from_cache) at no API cost. */
#ifndef OPSDECK_HTTP_H
#define OPSDECK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/buf.h"

struct api_status;

struct http_shared_opts {
	const char	*api_url;	/* e.g. https://api.github.com */
	const char	*token;		/* copied; NULL = anonymous */
	const char	*api_version;	/* X-GitHub-Api-Version */
	const char	*cache_dir;	/* NULL = no disk cache */
	long		 connect_timeout_s;
	long		 timeout_s;
	size_t		 body_limit;	/* API bodies; 0 = 16 MiB */
	size_t		 log_body_limit; /* HTTP_FOLLOW (logs); 0 = 64 MiB */
	const volatile int *stop_flag;	/* aborts transfers; may be NULL */
};

#define HTTP_FOLLOW	0x1	/* logs: follow redirects, log cap, no cache */
#define HTTP_NO_CACHE	0x2	/* neither conditional nor stored */
#define HTTP_LONG	0x4	/* big bodies: no total timeout, only the
				 * low-speed one (stalled for timeout_s) */

enum http_class {
	HTTP_OK,
	HTTP_NOT_MODIFIED,	/* 304: body is the cached one */
	HTTP_RATE_PRIMARY,	/* 403/429 with x-ratelimit-remaining: 0 */
	HTTP_RATE_SECONDARY,	/* retry-after, or GitHub says so */
	HTTP_AUTH,		/* 401, or a 403 that is a permission error */
	HTTP_NOT_FOUND,
	HTTP_SERVER,		/* 5xx */
	HTTP_TRANSPORT,		/* DNS, connect, timeout, reset, too large */
	HTTP_CLIENT,		/* other 4xx, or a redirect not followed */
};

struct http_response {
	long	 status;	/* 0 when no HTTP response */
	char	 reason[64];	/* "Internal Server Error" */
	struct buf body;
	char	*etag;
	char	*last_modified;
	char	*next_url;	/* Link rel="next", NULL */
	char	*location;
	char	*accepted_permissions; /* x-accepted-github-permissions */
	char	*content_type;
	char	*rl_resource;	/* x-ratelimit-resource ("core"), NULL */
	long	 rl_limit;	/* -1 = header absent (GHES) */
	long	 rl_remaining;
	long	 rl_used;
	time_t	 rl_reset;	/* 0 = absent */
	long	 retry_after;	/* seconds, -1 = absent */
	long	 poll_interval;	/* X-Poll-Interval seconds, -1 = absent */
	bool	 from_cache;
	bool	 not_modified;
	int	 curl_code;	/* CURLE_OK or the transfer error */
	char	 error[256];	/* transport error text */
	/* Streaming, for http_get_file: when set (after http_response_init)
	 * body bytes go to sink instead of body; non-zero aborts. */
	int	(*sink)(const char *, size_t, void *);
	void	*sink_arg;
};

struct http_shared *http_shared_new(const struct http_shared_opts *,
	    char **cause);
void	 http_shared_free(struct http_shared **);
/* Before threads start: transfers abort once *flag is non-zero. */
void	 http_shared_set_stop_flag(struct http_shared *,
	    const volatile int *flag);
const char *http_shared_api_url(const struct http_shared *);
bool	 http_shared_has_token(const struct http_shared *);
/* Current budget as the headers last said; wait fields come from
 * http_shared_set_wait. Fills a caller-owned struct (wait_reason malloc'd). */
void	 http_shared_status(struct http_shared *, struct api_status *);
/* Every request must wait until t (rate limited); reason is copied. */
void	 http_shared_set_wait(struct http_shared *, time_t t,
	    const char *reason);
time_t	 http_shared_wait_until(struct http_shared *);
/* The cached body of url, if any (for painting the last state at start). */
int	 http_shared_cached(struct http_shared *, const char *url,
	    struct buf *body);

struct http *http_new(struct http_shared *);
void	 http_free(struct http **);

void	 http_response_init(struct http_response *);
void	 http_response_done(struct http_response *);
/* url_or_path: an absolute URL, or a path appended to the API base.
 * 0 when an HTTP response arrived (any status), -1 on transport error
 * (curl_code/error set). */
int	 http_get(struct http *, const char *url_or_path, unsigned flags,
	    struct http_response *);
/* http_get, streaming the final response's body to fd (from its current
 * offset) instead of memory, at most limit bytes (0 = no cap): a 100 MB job
 * log never sits in memory. Implies HTTP_LONG: a big body may take longer
 * than timeout_s, a stalled one may not. Redirect bodies are skipped;
 * r->body holds the first 64 KiB of the final body (for http_classify and
 * messages). Unless the status is 2xx, what was written is truncated away
 * again. Returns like http_get; r->error says why a write failed. In
 * http_file.c. */
int	 http_get_file(struct http *, const char *url_or_path, unsigned flags,
	    int fd, size_t limit, struct http_response *);
enum http_class http_classify(const struct http_response *);
/* One line for the screen: "HTTP 500 Internal Server Error",
 * "timed out after 20 s", "403 permission: needs actions=read". */
void	 http_describe(const struct http_response *, char *dst, size_t size);

/* Pure helpers, exported for tests. The URL of the Link header's
 * rel="next" (RFC 8288: several links, several rels, quoted or not, any
 * spacing) into dst; -1 when there is none, it is malformed or too long. */
int	 http_link_next(const char *link, char *dst, size_t size);
bool	 http_same_origin(const char *a, const char *b);

#endif
