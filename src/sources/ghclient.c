/* ghclient: GitHub's side of a request on top of the transport: the token
 * and its origin rule, Accept and X-GitHub-Api-Version, the budget headers
 * and the shared rate-limit wait, GitHub's error classes and their one-line
 * descriptions. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/governor.h"
#include "opsdeck/httpcache.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"

#include "ghclient_int.h"

#define DEFAULT_LOG_LIMIT	(64u << 20)
#define DEFAULT_LOG_TIMEOUT_S	300
#define ACCEPT			"application/vnd.github+json"
#define DEFAULT_MAX_CONN	4

struct ghclient {
	struct transport_shared *tp;
	char		*api_url;	/* without a trailing slash */
	char		*auth_header;	/* "Authorization: Bearer ..." */
	char		 ident[17];	/* hash of the token, for cache keys */
	char		*version_header;
	size_t		 log_body_limit;
	long		 log_timeout_s;
	struct governor	*gov;		/* the one budget; own lock */

	/* Requests in flight to the API host, at most max_conn. */
	pthread_mutex_t	 conn_lock;
	pthread_cond_t	 conn_cond;
	unsigned	 inflight, max_conn;

	pthread_mutex_t	 lock;		/* guards the fields below */
	long		 limit, remaining, used;
	time_t		 reset;
	time_t		 wait_until;
	char		*wait_reason;
	char		*scopes;	/* X-OAuth-Scopes last sent */
	unsigned long	 requests, not_modified;
};

struct ghclient *
ghclient_new(struct transport_shared *tp, const struct ghclient_opts *o,
    char **cause)
{
	struct ghclient *gc;
	size_t n;

	if (o->api_url == NULL || *o->api_url == '\0') {
		*cause = xstrdup("no API URL");
		return NULL;
	}
	gc = xcalloc(1, sizeof *gc);
	pthread_mutex_init(&gc->lock, NULL);
	pthread_mutex_init(&gc->conn_lock, NULL);
	pthread_cond_init(&gc->conn_cond, NULL);
	gc->max_conn = o->max_connections > 0 ? (unsigned)o->max_connections :
	    DEFAULT_MAX_CONN;
	gc->gov = governor_new(o->max_requests_per_minute);
	gc->tp = tp;
	gc->limit = gc->remaining = gc->used = -1;
	gc->api_url = xstrdup(o->api_url);
	n = strlen(gc->api_url);
	while (n > 0 && gc->api_url[n - 1] == '/')
		gc->api_url[--n] = '\0';
	if (o->token != NULL && *o->token != '\0')
		gc->auth_header = xasprintf("Authorization: Bearer %s",
		    o->token);
	/* GitHub varies responses on Accept and Authorization: both are part
	 * of the cache key, the token only as a hash. */
	httpcache_key(o->token != NULL ? o->token : "", ACCEPT, gc->ident);
	gc->version_header = xasprintf("X-GitHub-Api-Version: %s",
	    o->api_version != NULL ? o->api_version : "2022-11-28");
	gc->log_body_limit = o->log_body_limit != 0 ? o->log_body_limit :
	    DEFAULT_LOG_LIMIT;
	gc->log_timeout_s = o->log_timeout_s > 0 ? o->log_timeout_s :
	    DEFAULT_LOG_TIMEOUT_S;
	return gc;
}

void
ghclient_free(struct ghclient **gcp)
{
	struct ghclient *gc;

	if (gcp == NULL || (gc = *gcp) == NULL)
		return;
	if (gc->auth_header != NULL)
		explicit_bzero(gc->auth_header, strlen(gc->auth_header));
	free(gc->auth_header);
	free(gc->api_url);
	free(gc->version_header);
	free(gc->wait_reason);
	free(gc->scopes);
	governor_free(&gc->gov);
	pthread_cond_destroy(&gc->conn_cond);
	pthread_mutex_destroy(&gc->conn_lock);
	pthread_mutex_destroy(&gc->lock);
	free(gc);
	*gcp = NULL;
}

const char *
ghclient_api_url(const struct ghclient *gc)
{
	return gc->api_url;
}

struct governor *
ghclient_governor(struct ghclient *gc)
{
	return gc->gov;
}

bool
ghclient_has_token(const struct ghclient *gc)
{
	return gc->auth_header != NULL;
}

const char *
ghclient_ident(const struct ghclient *gc)
{
	return gc->ident;
}

int
ghclient_check_url(const char *api_url, bool allow_insecure, char **cause)
{
	char *host;

	if (api_url == NULL || allow_insecure ||
	    !transport_insecure_url(api_url))
		return 0;
	/* A URL with user:password@ is never quoted back whole. */
	host = strchr(api_url, '@') != NULL ? transport_url_host(api_url) :
	    NULL;
	*cause = xasprintf("API URL %s%s is plain http:// to a host that is "
	    "not loopback: the token would cross the network in clear; use "
	    "https:// or set [github] allow-insecure = true",
	    host != NULL ? "http://" : "", host != NULL ? host : api_url);
	free(host);
	return -1;
}

void
ghclient_status(struct ghclient *gc, struct api_status *st)
{
	struct governor_view gv;
	char line[128];

	memset(st, 0, sizeof *st);
	pthread_mutex_lock(&gc->lock);
	st->limit = gc->limit;
	st->remaining = gc->remaining;
	st->used = gc->used;
	st->reset = gc->reset;
	if (gc->wait_until > time(NULL)) {
		st->wait_until = gc->wait_until;
		if (gc->wait_reason != NULL)
			st->wait_reason = xstrdup(gc->wait_reason);
	}
	st->requests = gc->requests;
	st->not_modified = gc->not_modified;
	if (gc->scopes != NULL)
		st->scopes = xstrdup(gc->scopes);
	pthread_mutex_unlock(&gc->lock);
	st->have_token = gc->auth_header != NULL;
	governor_view(gc->gov, &gv);
	governor_describe(&gv, line, sizeof line);
	if (line[0] != '\0')
		st->governor = xstrdup(line);
}

void
ghclient_set_wait(struct ghclient *gc, time_t t, const char *reason)
{
	time_t cap = time(NULL) + TRANSPORT_MAX_DELAY_S;

	if (t > cap)
		t = cap;
	pthread_mutex_lock(&gc->lock);
	if (t > gc->wait_until) {
		gc->wait_until = t;
		free(gc->wait_reason);
		gc->wait_reason = reason != NULL ? xstrdup(reason) : NULL;
	}
	pthread_mutex_unlock(&gc->lock);
}

time_t
ghclient_wait_until(struct ghclient *gc)
{
	time_t t;

	pthread_mutex_lock(&gc->lock);
	t = gc->wait_until;
	pthread_mutex_unlock(&gc->lock);
	return t;
}

void
ghclient_format_until(char *dst, size_t size, const char *what, time_t t)
{
	struct tm tm;
	char hms[48];

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(hms, sizeof hms, "%H:%M:%S", &tm) == 0)
		snprintf(hms, sizeof hms, "%llds from now",
		    (long long)(t - time(NULL)));
	snprintf(dst, size, "rate limited until %s (%s)", hms, what);
}

char *
ghclient_absolute_url(const struct ghclient *gc, const char *url_or_path)
{
	if (url_or_path[0] == '/')
		return xasprintf("%s%s", gc->api_url, url_or_path);
	return xstrdup(url_or_path);
}

int
ghclient_cached(struct ghclient *gc, const char *url_or_path,
    struct buf *body)
{
	char *url = ghclient_absolute_url(gc, url_or_path);
	int rc;

	rc = transport_shared_cached(gc->tp, url, gc->ident, body);
	free(url);
	return rc;
}

/* A success that spent the last request of the core budget: every request
 * until the reset would get a 403, so all pollers wait now instead of
 * learning it one failure at a time. Called with the lock held. */
static void
budget_spent(struct ghclient *gc, const struct ghclient_response *r)
{
	char why[80];

	if (r->rl_remaining != 0 || r->rl_limit <= 0 ||
	    r->rl_reset <= time(NULL) || r->rl_reset <= gc->wait_until ||
	    r->http.status < 200 || r->http.status >= 400 ||
	    (r->rl_resource != NULL && strcmp(r->rl_resource, "core") != 0))
		return;
	ghclient_format_until(why, sizeof why, "budget spent", r->rl_reset);
	gc->wait_until = r->rl_reset;
	free(gc->wait_reason);
	gc->wait_reason = xstrdup(why);
}

/* Newest reset wins: responses of several workers arrive out of order. */
void
ghclient_account(struct ghclient *gc, const struct ghclient_response *r)
{
	pthread_mutex_lock(&gc->lock);
	gc->requests++;
	if (r->http.not_modified)
		gc->not_modified++;
	if (r->rl_limit >= 0 && r->rl_reset >= gc->reset) {
		if (r->rl_reset > gc->reset || r->rl_remaining < gc->remaining ||
		    gc->remaining < 0) {
			gc->limit = r->rl_limit;
			gc->remaining = r->rl_remaining;
			gc->used = r->rl_used;
		}
		gc->reset = r->rl_reset;
	}
	budget_spent(gc, r);
	/* Whether the token could write, for the wallboard's warning. */
	if (r->oauth_scopes != NULL && (gc->scopes == NULL ||
	    strcmp(gc->scopes, r->oauth_scopes) != 0)) {
		free(gc->scopes);
		gc->scopes = xstrdup(r->oauth_scopes);
	}
	pthread_mutex_unlock(&gc->lock);
}

void
ghclient_response_init(struct ghclient_response *r)
{
	memset(r, 0, sizeof *r);
	transport_response_init(&r->http);
	r->rl_limit = r->rl_remaining = r->rl_used = -1;
	r->poll_interval = -1;
}

static void
gh_clear(struct ghclient_response *r)
{
	free(r->accepted_permissions);
	free(r->rl_resource);
	free(r->request_id);
	free(r->oauth_scopes);
	r->accepted_permissions = r->rl_resource = r->request_id = NULL;
	r->oauth_scopes = NULL;
	r->rl_limit = r->rl_remaining = r->rl_used = -1;
	r->rl_reset = 0;
	r->poll_interval = -1;
}

void
ghclient_response_done(struct ghclient_response *r)
{
	gh_clear(r);
	transport_response_done(&r->http);
}

/* A count header: digits only, else absent (-1). */
static long
count_value(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	return *end != '\0' || v < 0 ? -1 : v;
}

void
ghclient_on_header(const char *name, size_t nlen, const char *value,
    size_t vlen, void *arg)
{
	struct ghclient_response *r = arg;
	char *v;

#define IS(h) (nlen == sizeof h - 1 && strncasecmp(name, h, nlen) == 0)
	if (nlen == 0) {
		gh_clear(r);	/* a new response, after a redirect */
		return;
	}
	if (nlen < 6 || (strncasecmp(name, "x-", 2) != 0))
		return;
	v = xstrndup(value, vlen);
	if (IS("x-ratelimit-limit"))
		r->rl_limit = count_value(v);
	else if (IS("x-ratelimit-remaining"))
		r->rl_remaining = count_value(v);
	else if (IS("x-ratelimit-used"))
		r->rl_used = count_value(v);
	else if (IS("x-ratelimit-reset"))
		r->rl_reset = transport_parse_epoch(v, time(NULL));
	else if (IS("x-poll-interval"))
		r->poll_interval = transport_parse_delay(v, time(NULL));
	else if (IS("x-ratelimit-resource")) {
		free(r->rl_resource);
		r->rl_resource = v;
		v = NULL;
	} else if (IS("x-github-request-id")) {
		free(r->request_id);
		r->request_id = v;
		v = NULL;
	} else if (IS("x-oauth-scopes")) {
		free(r->oauth_scopes);
		r->oauth_scopes = v;
		v = NULL;
	} else if (IS("x-accepted-github-permissions")) {
		free(r->accepted_permissions);
		r->accepted_permissions = v;
		v = NULL;
	}
#undef IS
	free(v);
}

void
ghclient_request_headers(const struct ghclient *gc, const char *url,
    const char *lines[4])
{
	size_t n = 0;

	lines[n++] = "Accept: " ACCEPT;
	lines[n++] = gc->version_header;
	if (gc->auth_header != NULL && transport_same_origin(url, gc->api_url))
		lines[n++] = gc->auth_header;
	lines[n] = NULL;
}

/* Workers may outnumber the connections GitHub should see from one
 * console: the extra ones wait here (a request is bounded by its
 * timeouts, so the wait is too). */
static void
conn_enter(struct ghclient *gc)
{
	pthread_mutex_lock(&gc->conn_lock);
	while (gc->inflight >= gc->max_conn)
		pthread_cond_wait(&gc->conn_cond, &gc->conn_lock);
	gc->inflight++;
	pthread_mutex_unlock(&gc->conn_lock);
}

static void
conn_leave(struct ghclient *gc)
{
	pthread_mutex_lock(&gc->conn_lock);
	gc->inflight--;
	pthread_cond_signal(&gc->conn_cond);
	pthread_mutex_unlock(&gc->conn_lock);
}

static int
gh_request(struct ghclient *gc, struct transport *tp, const char *url_or_path,
    unsigned flags, int fd, size_t limit, const volatile int *cancel,
    struct ghclient_response *r)
{
	struct transport_request req;
	const char *lines[4];
	char *url;
	int rc;

	url = ghclient_absolute_url(gc, url_or_path);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.cache_ident = gc->ident;
	req.on_header = ghclient_on_header;
	req.header_arg = r;
	req.cancel = cancel;
	if (flags & GHCLIENT_NO_CACHE)
		req.flags |= TRANSPORT_NO_CACHE;
	/* Logs come from a signed URL that expires: never cached. */
	if (flags & GHCLIENT_FOLLOW) {
		req.flags |= TRANSPORT_FOLLOW | TRANSPORT_NO_CACHE |
		    TRANSPORT_LONG;
		req.limit = gc->log_body_limit;
		req.deadline_s = gc->log_timeout_s;
	}
	ghclient_request_headers(gc, url, lines);
	req.headers = lines;
	gh_clear(r);
	conn_enter(gc);
	/* Sent is spent, whatever comes back: GitHub counts it. */
	governor_spend(gc->gov, 1);
	if (fd >= 0)
		rc = transport_get_file(tp, &req, fd, limit, &r->http);
	else
		rc = transport_get(tp, &req, &r->http);
	conn_leave(gc);
	if (rc == 0)
		ghclient_account(gc, r);
	free(url);
	return rc;
}

int
ghclient_get(struct ghclient *gc, struct transport *tp,
    const char *url_or_path, unsigned flags, struct ghclient_response *r)
{
	return gh_request(gc, tp, url_or_path, flags, -1, 0, NULL, r);
}

int
ghclient_get_file(struct ghclient *gc, struct transport *tp,
    const char *url_or_path, unsigned flags, int fd, size_t limit,
    const volatile int *cancel, struct ghclient_response *r)
{
	return gh_request(gc, tp, url_or_path, flags, fd, limit, cancel, r);
}

static bool
body_says(const struct ghclient_response *r, const char *what)
{
	return r->http.body.data != NULL &&
	    strcasestr(r->http.body.data, what) != NULL;
}

enum ghclient_class
ghclient_classify(const struct ghclient_response *r)
{
	long status = r->http.status;

	if (r->http.curl_code != 0 || status == 0)
		return GHCLIENT_TRANSPORT;
	if (status == 304)
		return r->http.from_cache ? GHCLIENT_NOT_MODIFIED :
		    GHCLIENT_CLIENT;
	if (status >= 200 && status < 300)
		return GHCLIENT_OK;
	if (status == 403 || status == 429) {
		if (r->http.retry_after >= 0)
			return GHCLIENT_RATE_SECONDARY;
		if (r->rl_remaining == 0)
			return GHCLIENT_RATE_PRIMARY;
		if (body_says(r, "secondary rate limit") ||
		    body_says(r, "abuse") || status == 429)
			return GHCLIENT_RATE_SECONDARY;
		return GHCLIENT_AUTH;
	}
	if (status == 401)
		return GHCLIENT_AUTH;
	if (status == 404 || status == 410)
		return GHCLIENT_NOT_FOUND;
	if (status >= 500)
		return GHCLIENT_SERVER;
	return GHCLIENT_CLIENT;
}

void
ghclient_describe(const struct ghclient_response *r, char *dst, size_t size)
{
	enum ghclient_class k = ghclient_classify(r);
	const struct transport_response *h = &r->http;

	if (k == GHCLIENT_TRANSPORT)
		snprintf(dst, size, "%s", h->error[0] != '\0' ? h->error :
		    "no response");
	else if (k == GHCLIENT_AUTH && h->status == 403 &&
	    r->accepted_permissions != NULL)
		snprintf(dst, size, "HTTP 403: token lacks permission %s",
		    r->accepted_permissions);
	else if (k == GHCLIENT_AUTH && h->status == 401)
		snprintf(dst, size, "HTTP 401: bad credentials");
	else if (h->reason[0] != '\0')
		snprintf(dst, size, "HTTP %ld %s", h->status, h->reason);
	else
		snprintf(dst, size, "HTTP %ld", h->status);
}
