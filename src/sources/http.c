#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/http.h"
#include "opsdeck/httpcache.h"
#include "opsdeck/log.h"

#define DEFAULT_BODY_LIMIT	(16u << 20)
#define DEFAULT_LOG_LIMIT	(64u << 20)
#define ACCEPT			"application/vnd.github+json"

struct http_shared {
	char		*api_url;	/* without a trailing slash */
	char		*auth_header;	/* "Authorization: Bearer ..." */
	char		 ident[17];	/* hash of the token, for cache keys */
	char		*version_header;
	char		*user_agent;
	long		 connect_timeout_s;
	long		 timeout_s;
	size_t		 body_limit;
	size_t		 log_body_limit;
	const volatile int *stop_flag;
	struct httpcache *cache;

	pthread_mutex_t	 lock;		/* guards the fields below */
	long		 limit, remaining, used;
	time_t		 reset;
	time_t		 wait_until;
	char		*wait_reason;
	unsigned long	 requests, not_modified;
};

struct http {
	struct http_shared *sh;
	CURL		*curl;
	CURLM		*multi;		/* drives curl, so stop is seen fast */
};

static char *
join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s;

	if ((s = malloc(n)) != NULL)
		snprintf(s, n, "%s%s", a, b);
	return s;
}

struct http_shared *
http_shared_new(const struct http_shared_opts *o, char **cause)
{
	struct http_shared *sh;
	size_t n;

	if ((sh = calloc(1, sizeof *sh)) == NULL)
		goto oom;
	pthread_mutex_init(&sh->lock, NULL);
	sh->limit = sh->remaining = sh->used = -1;
	if ((sh->api_url = strdup(o->api_url)) == NULL)
		goto oom;
	n = strlen(sh->api_url);
	while (n > 0 && sh->api_url[n - 1] == '/')
		sh->api_url[--n] = '\0';
	if (o->token != NULL && *o->token != '\0') {
		if ((sh->auth_header = join("Authorization: Bearer ",
		    o->token)) == NULL)
			goto oom;
	}
	/* GitHub varies responses on Accept and Authorization: both are part
	 * of the cache key, the token only as a hash. */
	httpcache_key(o->token != NULL ? o->token : "", ACCEPT, sh->ident);
	sh->version_header = join("X-GitHub-Api-Version: ",
	    o->api_version != NULL ? o->api_version : "2022-11-28");
	sh->user_agent = strdup(PACKAGE_NAME "/" PACKAGE_VERSION);
	if (sh->version_header == NULL || sh->user_agent == NULL)
		goto oom;
	sh->connect_timeout_s = o->connect_timeout_s > 0 ?
	    o->connect_timeout_s : 5;
	sh->timeout_s = o->timeout_s > 0 ? o->timeout_s : 20;
	sh->body_limit = o->body_limit != 0 ? o->body_limit :
	    DEFAULT_BODY_LIMIT;
	sh->log_body_limit = o->log_body_limit != 0 ? o->log_body_limit :
	    DEFAULT_LOG_LIMIT;
	sh->stop_flag = o->stop_flag;
	if (o->cache_dir != NULL &&
	    (sh->cache = httpcache_new(o->cache_dir, sh->body_limit,
	    cause)) == NULL) {
		http_shared_free(&sh);
		return NULL;
	}
	return sh;
oom:
	http_shared_free(&sh);
	*cause = strdup("out of memory");
	return NULL;
}

void
http_shared_free(struct http_shared **shp)
{
	struct http_shared *sh;

	if (shp == NULL || (sh = *shp) == NULL)
		return;
	if (sh->auth_header != NULL)
		explicit_bzero(sh->auth_header, strlen(sh->auth_header));
	free(sh->auth_header);
	free(sh->api_url);
	free(sh->version_header);
	free(sh->user_agent);
	free(sh->wait_reason);
	httpcache_free(&sh->cache);
	pthread_mutex_destroy(&sh->lock);
	free(sh);
	*shp = NULL;
}

void
http_shared_set_stop_flag(struct http_shared *sh, const volatile int *flag)
{
	sh->stop_flag = flag;
}

const char *
http_shared_api_url(const struct http_shared *sh)
{
	return sh->api_url;
}

bool
http_shared_has_token(const struct http_shared *sh)
{
	return sh->auth_header != NULL;
}

void
http_shared_status(struct http_shared *sh, struct api_status *st)
{
	memset(st, 0, sizeof *st);
	pthread_mutex_lock(&sh->lock);
	st->limit = sh->limit;
	st->remaining = sh->remaining;
	st->used = sh->used;
	st->reset = sh->reset;
	if (sh->wait_until > time(NULL)) {
		st->wait_until = sh->wait_until;
		if (sh->wait_reason != NULL)
			st->wait_reason = strdup(sh->wait_reason);
	}
	st->requests = sh->requests;
	st->not_modified = sh->not_modified;
	pthread_mutex_unlock(&sh->lock);
	st->have_token = sh->auth_header != NULL;
}

void
http_shared_set_wait(struct http_shared *sh, time_t t, const char *reason)
{
	pthread_mutex_lock(&sh->lock);
	if (t > sh->wait_until) {
		sh->wait_until = t;
		free(sh->wait_reason);
		sh->wait_reason = reason != NULL ? strdup(reason) : NULL;
	}
	pthread_mutex_unlock(&sh->lock);
}

time_t
http_shared_wait_until(struct http_shared *sh)
{
	time_t t;

	pthread_mutex_lock(&sh->lock);
	t = sh->wait_until;
	pthread_mutex_unlock(&sh->lock);
	return t;
}

static char *
absolute_url(const struct http_shared *sh, const char *url_or_path)
{
	if (url_or_path[0] == '/')
		return join(sh->api_url, url_or_path);
	return strdup(url_or_path);
}

int
http_shared_cached(struct http_shared *sh, const char *url, struct buf *body)
{
	struct httpcache_entry e;
	char *abs;
	int rc = -1;

	if (sh->cache == NULL || (abs = absolute_url(sh, url)) == NULL)
		return -1;
	if (httpcache_get(sh->cache, abs, sh->ident, &e) == 0) {
		*body = e.body;
		buf_init(&e.body, 0);
		httpcache_entry_done(&e);
		rc = 0;
	}
	free(abs);
	return rc;
}

/* A success that spent the last request of the core budget: every request
 * until the reset would get a 403, so all pollers wait now instead of
 * learning it one failure at a time. Called with the lock held. */
static void
budget_spent(struct http_shared *sh, const struct http_response *r)
{
	struct tm tm;
	char hms[16], why[80];

	if (r->rl_remaining != 0 || r->rl_limit <= 0 ||
	    r->rl_reset <= time(NULL) || r->rl_reset <= sh->wait_until ||
	    r->status < 200 || r->status >= 400 ||
	    (r->rl_resource != NULL && strcmp(r->rl_resource, "core") != 0))
		return;
	localtime_r(&r->rl_reset, &tm);
	strftime(hms, sizeof hms, "%H:%M:%S", &tm);
	snprintf(why, sizeof why, "rate limited until %s (budget spent)", hms);
	sh->wait_until = r->rl_reset;
	free(sh->wait_reason);
	sh->wait_reason = strdup(why);
}

/* Newest reset wins: responses of several workers arrive out of order. */
static void
account(struct http_shared *sh, const struct http_response *r)
{
	pthread_mutex_lock(&sh->lock);
	sh->requests++;
	if (r->not_modified)
		sh->not_modified++;
	if (r->rl_limit >= 0 && r->rl_reset >= sh->reset) {
		if (r->rl_reset > sh->reset || r->rl_remaining < sh->remaining ||
		    sh->remaining < 0) {
			sh->limit = r->rl_limit;
			sh->remaining = r->rl_remaining;
			sh->used = r->rl_used;
		}
		sh->reset = r->rl_reset;
	}
	budget_spent(sh, r);
	pthread_mutex_unlock(&sh->lock);
}

struct http *
http_new(struct http_shared *sh)
{
	struct http *h;

	if ((h = calloc(1, sizeof *h)) == NULL)
		return NULL;
	h->sh = sh;
	if ((h->curl = curl_easy_init()) == NULL ||
	    (h->multi = curl_multi_init()) == NULL) {
		curl_easy_cleanup(h->curl);
		free(h);
		return NULL;
	}
	return h;
}

void
http_free(struct http **hp)
{
	if (hp == NULL || *hp == NULL)
		return;
	curl_multi_cleanup((*hp)->multi);
	curl_easy_cleanup((*hp)->curl);
	free(*hp);
	*hp = NULL;
}

void
http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body, 0);
	r->rl_limit = r->rl_remaining = r->rl_used = -1;
	r->retry_after = r->poll_interval = -1;
}

static void
response_clear_headers(struct http_response *r)
{
	free(r->etag);
	free(r->last_modified);
	free(r->next_url);
	free(r->location);
	free(r->accepted_permissions);
	free(r->content_type);
	free(r->rl_resource);
	r->etag = r->last_modified = r->next_url = r->location = NULL;
	r->accepted_permissions = r->content_type = r->rl_resource = NULL;
	r->rl_limit = r->rl_remaining = r->rl_used = -1;
	r->rl_reset = 0;
	r->retry_after = r->poll_interval = -1;
	r->reason[0] = '\0';
}

void
http_response_done(struct http_response *r)
{
	response_clear_headers(r);
	buf_done(&r->body);
}

bool
http_same_origin(const char *a, const char *b)
{
	CURLU *ua = curl_url(), *ub = curl_url();
	const CURLUPart parts[] = { CURLUPART_SCHEME, CURLUPART_HOST,
	    CURLUPART_PORT };
	char *pa, *pb;
	bool same = ua != NULL && ub != NULL;
	size_t i;

	if (same && (curl_url_set(ua, CURLUPART_URL, a, 0) != CURLUE_OK ||
	    curl_url_set(ub, CURLUPART_URL, b, 0) != CURLUE_OK))
		same = false;
	for (i = 0; same && i < sizeof parts / sizeof parts[0]; i++) {
		pa = pb = NULL;
		if (curl_url_get(ua, parts[i], &pa, CURLU_DEFAULT_PORT) !=
		    CURLUE_OK || curl_url_get(ub, parts[i], &pb,
		    CURLU_DEFAULT_PORT) != CURLUE_OK || strcasecmp(pa, pb) != 0)
			same = false;
		curl_free(pa);
		curl_free(pb);
	}
	curl_url_cleanup(ua);
	curl_url_cleanup(ub);
	return same;
}

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Whether a rel value (space-separated relation types) holds "next". */
static bool
rel_has_next(const char *v, const char *ve)
{
	const char *w;

	while (v < ve) {
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		for (w = v; w < ve && *w != ' ' && *w != '\t'; w++)
			/* nothing */;
		if (w - v == 4 && strncasecmp(v, "next", 4) == 0)
			return true;
		v = w;
	}
	return false;
}

/* RFC 8288: link-value *( "," link-value ), where a link-value is
 * "<" URI ">" *( ";" name [ "=" ( token / quoted-string ) ] ). A quoted
 * string may hold ',', ';' and '<', so this is a scanner, not strchr. */
int
http_link_next(const char *link, char *dst, size_t size)
{
	const char *p = link, *u, *ue, *name, *ne, *v, *ve;
	bool next;
	size_t n;

	for (;;) {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (*p != '<')
			return -1;	/* the end, or not a link-value */
		u = p + 1;
		if ((ue = strchr(u, '>')) == NULL)
			return -1;
		p = ue + 1;
		next = false;
		for (;;) {
			p = skip_ows(p);
			if (*p != ';')
				break;
			name = p = skip_ows(p + 1);
			while (*p != '\0' && strchr(" \t=;,", *p) == NULL)
				p++;
			ne = p;
			p = skip_ows(p);
			v = ve = p;
			if (*p == '=') {
				p = skip_ows(p + 1);
				if (*p == '"') {
					v = ++p;
					while (*p != '\0' && *p != '"')
						p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
					if (*p != '"')
						return -1;
					ve = p++;
				} else {
					v = p;
					while (*p != '\0' &&
					    strchr(" \t;,", *p) == NULL)
						p++;
					ve = p;
				}
			}
			if (ne - name == 3 && strncasecmp(name, "rel", 3) == 0 &&
			    rel_has_next(v, ve))
				next = true;
		}
		if (*p != ',' && *p != '\0')
			return -1;
		if (next) {
			n = (size_t)(ue - u);
			if (n == 0 || n + 1 > size)
				return -1;
			memcpy(dst, u, n);
			dst[n] = '\0';
			return 0;
		}
	}
}

static char *
header_value(const char *line, size_t len, const char *name)
{
	size_t nlen = strlen(name);
	const char *v, *e = line + len;

	if (len <= nlen || strncasecmp(line, name, nlen) != 0 ||
	    line[nlen] != ':')
		return NULL;
	v = line + nlen + 1;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
		e--;
	return strndup(v, (size_t)(e - v));
}

static long
to_long(const char *s)
{
	char *end;
	long v;

	if (s == NULL)
		return -1;
	v = strtol(s, &end, 10);
	return end == s || v < 0 ? -1 : v;
}

static void
parse_status_line(struct http_response *r, const char *line, size_t len)
{
	const char *p = memchr(line, ' ', len), *e = line + len;

	response_clear_headers(r);	/* a new response (after a redirect) */
	if (p == NULL)
		return;
	while (p < e && *p == ' ')
		p++;
	while (p < e && isdigit((unsigned char)*p))
		p++;
	while (p < e && *p == ' ')
		p++;
	while (e > p && (e[-1] == '\r' || e[-1] == '\n'))
		e--;
	snprintf(r->reason, sizeof r->reason, "%.*s", (int)(e - p), p);
}

static size_t
on_header(char *line, size_t size, size_t n, void *arg)
{
	struct http_response *r = arg;
	size_t len = size * n;
	char *v, link[4096];

	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		parse_status_line(r, line, len);
		return len;
	}
	if ((v = header_value(line, len, "etag")) != NULL) {
		free(r->etag);
		r->etag = v;
	} else if ((v = header_value(line, len, "last-modified")) != NULL) {
		free(r->last_modified);
		r->last_modified = v;
	} else if ((v = header_value(line, len, "location")) != NULL) {
		free(r->location);
		r->location = v;
	} else if ((v = header_value(line, len, "content-type")) != NULL) {
		free(r->content_type);
		r->content_type = v;
	} else if ((v = header_value(line, len, "x-ratelimit-resource")) !=
	    NULL) {
		free(r->rl_resource);
		r->rl_resource = v;
	} else if ((v = header_value(line, len,
	    "x-accepted-github-permissions")) != NULL) {
		free(r->accepted_permissions);
		r->accepted_permissions = v;
	} else if ((v = header_value(line, len, "link")) != NULL) {
		if (http_link_next(v, link, sizeof link) == 0) {
			free(r->next_url);
			r->next_url = strdup(link);
		}
		free(v);
	} else {
		static const struct {
			const char *name;
			size_t off;
		} nums[] = {
			{ "x-ratelimit-limit", offsetof(struct http_response, rl_limit) },
			{ "x-ratelimit-remaining", offsetof(struct http_response, rl_remaining) },
			{ "x-ratelimit-used", offsetof(struct http_response, rl_used) },
			{ "retry-after", offsetof(struct http_response, retry_after) },
			{ "x-poll-interval", offsetof(struct http_response, poll_interval) },
		};
		size_t i;

		for (i = 0; i < sizeof nums / sizeof nums[0]; i++) {
			if ((v = header_value(line, len, nums[i].name)) != NULL) {
				*(long *)((char *)r + nums[i].off) = to_long(v);
				free(v);
				return len;
			}
		}
		if ((v = header_value(line, len, "x-ratelimit-reset")) != NULL) {
			r->rl_reset = (time_t)to_long(v);
			free(v);
		}
	}
	return len;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_response *r = arg;

	if (r->sink != NULL)
		return r->sink(p, size * n, r->sink_arg) == 0 ? size * n : 0;
	if (buf_append(&r->body, p, size * n) != 0)
		return 0;	/* over the cap: curl aborts the transfer */
	return size * n;
}

static bool
stopping(const struct http_shared *sh)
{
	return sh->stop_flag != NULL &&
	    __atomic_load_n(sh->stop_flag, __ATOMIC_RELAXED) != 0;
}

static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	return stopping(arg) ? 1 : 0;
}

static struct curl_slist *
request_headers(struct http_shared *sh, const char *url,
    const struct httpcache_entry *cached)
{
	struct curl_slist *h = NULL;
	char line[1024];

	h = curl_slist_append(h, "Accept: " ACCEPT);
	h = curl_slist_append(h, sh->version_header);
	if (sh->auth_header != NULL && http_same_origin(url, sh->api_url))
		h = curl_slist_append(h, sh->auth_header);
	if (cached != NULL && cached->etag != NULL) {
		snprintf(line, sizeof line, "If-None-Match: %s", cached->etag);
		h = curl_slist_append(h, line);
	} else if (cached != NULL && cached->last_modified != NULL) {
		snprintf(line, sizeof line, "If-Modified-Since: %s",
		    cached->last_modified);
		h = curl_slist_append(h, line);
	}
	return h;
}

static void
setup(struct http *h, const char *url, unsigned flags,
    struct curl_slist *hdrs, struct http_response *r)
{
	struct http_shared *sh = h->sh;
	CURL *c = h->curl;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_USERAGENT, sh->user_agent);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, sh->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (flags & HTTP_LONG) ? 0L :
	    sh->timeout_s);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, sh->timeout_s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, sh);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	/* Never: the Authorization header stays on the API origin. */
	curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);
	if (flags & HTTP_FOLLOW) {
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	}
}

/* curl_easy_perform, but waiting at most STOP_POLL_MS at a time: the
 * progress callback alone runs only about once a second while a server
 * is silent, and shutdown must take well under a second. */
#define STOP_POLL_MS	100
static CURLcode
perform(struct http *h)
{
	CURLcode cc = CURLE_OK;
	CURLMcode mc;
	CURLMsg *msg;
	int running = 1, left;

	if (curl_multi_add_handle(h->multi, h->curl) != CURLM_OK)
		return CURLE_FAILED_INIT;
	while (running) {
		if ((mc = curl_multi_perform(h->multi, &running)) != CURLM_OK) {
			cc = CURLE_FAILED_INIT;
			break;
		}
		if (running && stopping(h->sh)) {
			cc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (running && curl_multi_poll(h->multi, NULL, 0, STOP_POLL_MS,
		    NULL) != CURLM_OK) {
			cc = CURLE_FAILED_INIT;
			break;
		}
	}
	while (!running && (msg = curl_multi_info_read(h->multi, &left)) !=
	    NULL) {
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == h->curl)
			cc = msg->data.result;
	}
	curl_multi_remove_handle(h->multi, h->curl);
	return cc;
}

int
http_get(struct http *h, const char *url_or_path, unsigned flags,
    struct http_response *r)
{
	struct http_shared *sh = h->sh;
	struct httpcache_entry cached, *have = NULL;
	struct curl_slist *hdrs = NULL;
	CURLcode cc;
	char *url;
	size_t limit = (flags & HTTP_FOLLOW) ? sh->log_body_limit :
	    sh->body_limit;
	int rc = -1;

	buf_done(&r->body);
	buf_init(&r->body, limit);
	if ((url = absolute_url(sh, url_or_path)) == NULL) {
		snprintf(r->error, sizeof r->error, "out of memory");
		r->curl_code = CURLE_OUT_OF_MEMORY;
		return -1;
	}
	/* Logs come from a signed URL that expires: never cached. */
	if (flags & HTTP_FOLLOW)
		flags |= HTTP_NO_CACHE;
	if (!(flags & HTTP_NO_CACHE) && sh->cache != NULL &&
	    httpcache_get(sh->cache, url, sh->ident, &cached) == 0)
		have = &cached;
	hdrs = request_headers(sh, url, have);
	setup(h, url, flags, hdrs, r);
	cc = perform(h);
	r->curl_code = (int)cc;
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &r->status);
	if (cc != CURLE_OK) {
		if (cc == CURLE_WRITE_ERROR)
			snprintf(r->error, sizeof r->error,
			    "response larger than %zu bytes", limit);
		else if (cc == CURLE_OPERATION_TIMEDOUT)
			snprintf(r->error, sizeof r->error,
			    "timed out after %ld s", sh->timeout_s);
		else if (cc == CURLE_ABORTED_BY_CALLBACK)
			snprintf(r->error, sizeof r->error, "stopped");
		else
			snprintf(r->error, sizeof r->error, "%s",
			    curl_easy_strerror(cc));
		r->status = 0;
		log_info("GET %s: %s", url, r->error);
		goto out;
	}
	rc = 0;
	if (r->status == 304 && have != NULL) {
		buf_reset(&r->body);
		buf_append(&r->body, have->body.data, have->body.len);
		r->from_cache = r->not_modified = true;
	} else if (r->status == 200 && !(flags & HTTP_NO_CACHE) &&
	    sh->cache != NULL && (r->etag != NULL || r->last_modified != NULL))
		httpcache_put(sh->cache, url, sh->ident, r->etag,
		    r->last_modified, r->body.data, r->body.len);
	account(sh, r);
	log_debug("GET %s: %ld%s remaining %ld", url, r->status,
	    r->not_modified ? " (not modified)" : "", r->rl_remaining);
out:
	if (have != NULL)
		httpcache_entry_done(have);
	curl_slist_free_all(hdrs);
	free(url);
	return rc;
}

static bool
body_says(const struct http_response *r, const char *what)
{
	return r->body.data != NULL && strcasestr(r->body.data, what) != NULL;
}

enum http_class
http_classify(const struct http_response *r)
{
	if (r->curl_code != CURLE_OK || r->status == 0)
		return HTTP_TRANSPORT;
	if (r->status == 304)
		return r->from_cache ? HTTP_NOT_MODIFIED : HTTP_CLIENT;
	if (r->status >= 200 && r->status < 300)
		return HTTP_OK;
	if (r->status == 403 || r->status == 429) {
		if (r->retry_after >= 0)
			return HTTP_RATE_SECONDARY;
		if (r->rl_remaining == 0)
			return HTTP_RATE_PRIMARY;
		if (body_says(r, "secondary rate limit") ||
		    body_says(r, "abuse") || r->status == 429)
			return HTTP_RATE_SECONDARY;
		return HTTP_AUTH;
	}
	if (r->status == 401)
		return HTTP_AUTH;
	if (r->status == 404 || r->status == 410)
		return HTTP_NOT_FOUND;
	if (r->status >= 500)
		return HTTP_SERVER;
	return HTTP_CLIENT;
}

void
http_describe(const struct http_response *r, char *dst, size_t size)
{
	enum http_class k = http_classify(r);

	if (k == HTTP_TRANSPORT)
		snprintf(dst, size, "%s", r->error[0] != '\0' ? r->error :
		    "no response");
	else if (k == HTTP_AUTH && r->status == 403 &&
	    r->accepted_permissions != NULL)
		snprintf(dst, size, "HTTP 403: token lacks permission %s",
		    r->accepted_permissions);
	else if (k == HTTP_AUTH && r->status == 401)
		snprintf(dst, size, "HTTP 401: bad credentials");
	else if (r->reason[0] != '\0')
		snprintf(dst, size, "HTTP %ld %s", r->status, r->reason);
	else
		snprintf(dst, size, "HTTP %ld", r->status);
}
