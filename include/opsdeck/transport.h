/* transport: HTTP GET over libcurl for any service, GitHub or not.
 *
 * struct transport_shared is made once by main before any thread starts
 * (timeouts, body caps, the ETag/Last-Modified disk cache, the stop flag).
 * Each worker thread owns one struct transport (its own CURL handle). The
 * transport knows nothing of tokens, GitHub headers or the API budget:
 * whoever builds on it passes its own header lines per request, and they
 * are forgotten when the request ends (the handle is reset each time).
 * Prometheus, Alertmanager and health probes use this alone; the GitHub
 * client (ghclient.h) sits on top. Only GET is sent through this header;
 * the one mutating call is reserved to src/actions/ (ghclient_write.h). */
#ifndef OPSDECK_TRANSPORT_H
#define OPSDECK_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "opsdeck/buf.h"

struct transport_opts {
	long		 connect_timeout_s; /* 0 = 5 */
	long		 timeout_s;	/* total, and the stall guard; 0 = 20 */
	size_t		 body_limit;	/* 0 = 16 MiB */
	const char	*cache_dir;	/* NULL = no disk cache */
	long long	 cache_max_size; /* bytes; 0 = 200 MB */
	long		 cache_max_age_s; /* 0 = 30 days */
	const volatile int *stop_flag;	/* aborts transfers; may be NULL */
};

#define TRANSPORT_FOLLOW	0x1	/* follow redirects (at most 5) */
#define TRANSPORT_NO_CACHE	0x2	/* neither conditional nor stored */
#define TRANSPORT_LONG		0x4	/* no timeout_s total: only the stall
					 * guard and the request's deadline */
#define TRANSPORT_CERTINFO	0x8	/* https: the server certificate's
					 * expiry into cert_expiry */

/* Longest delay a server may ask for (Retry-After and the like): a value
 * past it, or a date past it, waits this long. */
#define TRANSPORT_MAX_DELAY_S	3600

struct transport_request {
	const char	*url;		/* absolute http(s) URL */
	unsigned	 flags;
	/* Extra request header lines ("Name: value"), NULL-terminated. A
	 * redirect to another origin never gets an Authorization line (curl,
	 * without CURLOPT_UNRESTRICTED_AUTH); the others it does get. */
	const char *const *headers;
	const char	*cache_ident;	/* what else varies the answer (a hash) */
	size_t		 limit;		/* body cap; 0 = opts body_limit */
	long		 deadline_s;	/* total time; 0 = timeout_s or none
					 * with TRANSPORT_LONG */
	const volatile int *cancel;	/* aborts this transfer; may be NULL */
	const char	*ca_file;	/* CA bundle to verify with; NULL =
					 * the system's */
	/* Each response header as it arrives (name without the colon, value
	 * trimmed), for a client that reads headers of its own; nlen 0 for
	 * the status line of a new response (after a redirect). */
	void		(*on_header)(const char *name, size_t nlen,
			    const char *value, size_t vlen, void *arg);
	void		*header_arg;
};

struct transport_response {
	long	 status;	/* 0 when no HTTP response */
	char	 reason[64];	/* "Internal Server Error" */
	struct buf body;
	char	*etag;
	char	*last_modified;
	char	*next_url;	/* Link rel="next", NULL */
	char	*location;
	char	*content_type;
	long	 retry_after;	/* seconds from now, 0..TRANSPORT_MAX_DELAY_S;
				 * -1 absent or garbage */
	bool	 from_cache;
	bool	 not_modified;
	int	 curl_code;	/* CURLE_OK or the transfer error */
	long	 total_ms;	/* the transfer's wall time */
	time_t	 cert_expiry;	/* TRANSPORT_CERTINFO: notAfter; 0 */
	char	 error[256];	/* "host: what failed"; never a URL */
	/* Streaming (transport_get_file): body bytes go to sink instead of
	 * body; non-zero aborts. */
	int	(*sink)(const char *, size_t, void *);
	void	*sink_arg;
};

struct transport_shared *transport_shared_new(const struct transport_opts *,
	    char **cause);
void	 transport_shared_free(struct transport_shared **);
/* Before threads start: transfers abort once *flag is non-zero. */
void	 transport_shared_set_stop_flag(struct transport_shared *,
	    const volatile int *flag);
long	 transport_shared_timeout(const struct transport_shared *);
/* The cached body of url under ident, if any (the last state at start). */
int	 transport_shared_cached(struct transport_shared *, const char *url,
	    const char *ident, struct buf *body);

/* One per worker thread. NULL on out of memory. */
struct transport *transport_new(struct transport_shared *);
void	 transport_free(struct transport **);
/* Requests this handle has begun (a poll's cost, for the governor). */
unsigned long transport_sent(const struct transport *);

void	 transport_response_init(struct transport_response *);
void	 transport_response_done(struct transport_response *);
/* Conditional when the cache has the URL (a 304 hands back the cached body,
 * from_cache). 0 when an HTTP response arrived (any status), -1 on
 * transport error (curl_code and error set). */
int	 transport_get(struct transport *, const struct transport_request *,
	    struct transport_response *);
/* transport_get, streaming the final response's body to fd (from its
 * current offset) instead of memory, at most limit bytes (0 = no cap).
 * Implies TRANSPORT_LONG and TRANSPORT_NO_CACHE. Redirect bodies are
 * skipped; body holds the first 64 KiB of the final body (for messages).
 * Unless the status is 2xx, what was written is truncated away again. In
 * transport_file.c. */
int	 transport_get_file(struct transport *, const struct transport_request *,
	    int fd, size_t limit, struct transport_response *);

/* A certificate date as curl's certinfo gives it ("Mar 10 12:00:00 2027
 * GMT" or "2027-03-10 12:00:00 GMT") to an epoch second; 0 for garbage. */
time_t	 transport_cert_date(const char *s);

/* Pure helpers, exported for tests. The URL of the Link header's
 * rel="next" (RFC 8288: several links, several rels, quoted or not, any
 * spacing), malloc'd into *dst; -1 when there is none or it is malformed. */
int	 transport_link_next(const char *link, char **dst);
bool	 transport_same_origin(const char *a, const char *b);
/* The host of url ("api.github.com", "[::1]"), malloc'd; NULL if none. */
char	*transport_url_host(const char *url);
/* Whether url is http:// to a host other than loopback (127.0.0.0/8, ::1,
 * localhost): such a URL would carry whatever it sends in clear. */
bool	 transport_insecure_url(const char *url);
/* A delay in whole seconds ("120") or an HTTP-date (RFC 9110), as seconds
 * from now, clamped to [0, TRANSPORT_MAX_DELAY_S]; -1 for garbage. */
long	 transport_parse_delay(const char *value, time_t now);
/* An absolute epoch second from a header ("1700000000"), clamped to
 * [now, now + TRANSPORT_MAX_DELAY_S]; 0 for garbage. */
time_t	 transport_parse_epoch(const char *value, time_t now);

#endif
