/* transport: one HTTP exchange over a worker's own CURL handle, for any
 * service: timeouts and body caps, conditional GETs against the disk cache
 * (httpcache), transfers stepped at STOP_POLL_MS so a stop or a cancel
 * lands fast, Link and delay headers, and error text naming the host.
 * Nothing here knows of tokens, GitHub or its budget (ghclient.c). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <netinet/in.h>

#include <curl/curl.h>

#include "opsdeck/httpcache.h"
#include "opsdeck/log.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"

#include "transport_int.h"

#define DEFAULT_BODY_LIMIT	(16u << 20)
#define DEFAULT_CACHE_SIZE	(200LL * 1000 * 1000)
#define DEFAULT_CACHE_AGE_S	(30L * 86400)

struct transport_shared {
	char		*user_agent;
	long		 connect_timeout_s;
	long		 timeout_s;
	size_t		 body_limit;
	const volatile int *stop_flag;
	struct httpcache *cache;
};

struct transport {
	struct transport_shared *sh;
	CURL		*curl;
	CURLM		*multi;		/* drives curl, so stop is seen fast */
	const volatile int *cancel;	/* of the request in flight */
	char		 errbuf[CURL_ERROR_SIZE];
	unsigned long	 sent;		/* exchanges begun, for the governor */
};

struct transport_shared *
transport_shared_new(const struct transport_opts *o, char **cause)
{
	struct transport_shared *sh;

	sh = xcalloc(1, sizeof *sh);
	sh->user_agent = xstrdup(PACKAGE_NAME "/" PACKAGE_VERSION);
	sh->connect_timeout_s = o->connect_timeout_s > 0 ?
	    o->connect_timeout_s : 5;
	sh->timeout_s = o->timeout_s > 0 ? o->timeout_s : 20;
	sh->body_limit = o->body_limit != 0 ? o->body_limit :
	    DEFAULT_BODY_LIMIT;
	sh->stop_flag = o->stop_flag;
	if (o->cache_dir != NULL &&
	    (sh->cache = httpcache_new(o->cache_dir, sh->body_limit,
	    o->cache_max_size > 0 ? o->cache_max_size : DEFAULT_CACHE_SIZE,
	    o->cache_max_age_s > 0 ? o->cache_max_age_s : DEFAULT_CACHE_AGE_S,
	    cause)) == NULL) {
		transport_shared_free(&sh);
		return NULL;
	}
	return sh;
}

void
transport_shared_free(struct transport_shared **shp)
{
	struct transport_shared *sh;

	if (shp == NULL || (sh = *shp) == NULL)
		return;
	free(sh->user_agent);
	httpcache_free(&sh->cache);
	free(sh);
	*shp = NULL;
}

void
transport_shared_set_stop_flag(struct transport_shared *sh,
    const volatile int *flag)
{
	sh->stop_flag = flag;
}

long
transport_shared_timeout(const struct transport_shared *sh)
{
	return sh->timeout_s;
}

int
transport_shared_cached(struct transport_shared *sh, const char *url,
    const char *ident, struct buf *body)
{
	struct httpcache_entry e;

	if (sh->cache == NULL || httpcache_get(sh->cache, url, ident, &e) != 0)
		return -1;
	*body = e.body;
	buf_init(&e.body, 0);
	httpcache_entry_done(&e);
	return 0;
}

unsigned long
transport_sent(const struct transport *tp)
{
	return tp->sent;
}

struct transport *
transport_new(struct transport_shared *sh)
{
	struct transport *tp;

	tp = xcalloc(1, sizeof *tp);
	tp->sh = sh;
	if ((tp->curl = curl_easy_init()) == NULL ||
	    (tp->multi = curl_multi_init()) == NULL) {
		curl_easy_cleanup(tp->curl);
		free(tp);
		return NULL;
	}
	return tp;
}

void
transport_free(struct transport **tpp)
{
	if (tpp == NULL || *tpp == NULL)
		return;
	curl_multi_cleanup((*tpp)->multi);
	curl_easy_cleanup((*tpp)->curl);
	free(*tpp);
	*tpp = NULL;
}

void
transport_response_init(struct transport_response *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body, 0);
	r->retry_after = -1;
}

static void
response_clear_headers(struct transport_response *r)
{
	free(r->etag);
	free(r->last_modified);
	free(r->next_url);
	free(r->location);
	free(r->content_type);
	r->etag = r->last_modified = r->next_url = r->location = NULL;
	r->content_type = NULL;
	r->retry_after = -1;
	r->reason[0] = '\0';
}

void
transport_response_done(struct transport_response *r)
{
	response_clear_headers(r);
	buf_done(&r->body);
}

bool
transport_same_origin(const char *a, const char *b)
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

static char *
url_part(const char *url, CURLUPart part)
{
	CURLU *u;
	char *v = NULL, *copy = NULL;

	if (url == NULL || (u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, part, &v, 0) == CURLUE_OK && v != NULL)
		copy = xstrdup(v);
	curl_free(v);
	curl_url_cleanup(u);
	return copy;
}

char *
transport_url_host(const char *url)
{
	return url_part(url, CURLUPART_HOST);
}

bool
transport_insecure_url(const char *url)
{
	char *scheme = url_part(url, CURLUPART_SCHEME), *host;
	struct in_addr in;
	bool insecure;

	if (scheme == NULL || strcasecmp(scheme, "http") != 0) {
		free(scheme);
		return false;
	}
	free(scheme);
	if ((host = transport_url_host(url)) == NULL)
		return true;
	/* An address literal in 127.0.0.0/8 (curl writes 127.1 as a dotted
	 * quad), ::1, or the name localhost: never a name that starts so. */
	insecure = !((inet_pton(AF_INET, host, &in) == 1 &&
	    (ntohl(in.s_addr) >> 24) == 127) ||
	    strcmp(host, "[::1]") == 0 || strcasecmp(host, "localhost") == 0);
	free(host);
	return insecure;
}

static const char *
skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A whole-number header value (optional '-', digits, nothing after but
 * spaces) as a long long, saturating; -1 when it is not one. */
static int
parse_integer(const char *s, long long *v)
{
	const char *p = skip_ows(s), *d;
	char *end;

	d = *p == '-' ? p + 1 : p;
	if (!isdigit((unsigned char)*d))
		return -1;
	errno = 0;
	*v = strtoll(p, &end, 10);	/* ERANGE saturates: that is wanted */
	if (*skip_ows(end) != '\0')
		return -1;
	return 0;
}

static long long
clamp(long long v, long long lo, long long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

long
transport_parse_delay(const char *value, time_t now)
{
	long long v;
	time_t t;

	if (value == NULL)
		return -1;
	if (parse_integer(value, &v) == 0)
		return (long)clamp(v, 0, TRANSPORT_MAX_DELAY_S);
	/* Retry-After may be an HTTP-date; so may nothing else here. */
	if (*skip_ows(value) == '\0' || (t = curl_getdate(value, NULL)) == -1)
		return -1;
	if (t <= now)
		return 0;
	return (long)clamp((long long)t - (long long)now, 0,
	    TRANSPORT_MAX_DELAY_S);
}

time_t
transport_parse_epoch(const char *value, time_t now)
{
	long long v;

	if (value == NULL || parse_integer(value, &v) != 0)
		return 0;
	return (time_t)clamp(v, (long long)now,
	    (long long)now + TRANSPORT_MAX_DELAY_S);
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
transport_link_next(const char *link, char **dst)
{
	const char *p = link, *u, *ue, *name, *ne, *v, *ve;
	bool next;

	*dst = NULL;
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
			if (ue == u)
				return -1;
			*dst = xstrndup(u, (size_t)(ue - u));
			return 0;
		}
	}
}

static void
parse_status_line(struct transport_response *r, const char *line, size_t len)
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

struct transfer {
	const struct transport_request *req;
	struct transport_response *r;
	struct transport *tp;
};

static void
set_header(char **field, const char *v, size_t n)
{
	free(*field);
	*field = xstrndup(v, n);
}

static size_t
on_header(char *line, size_t size, size_t n, void *arg)
{
	struct transfer *x = arg;
	struct transport_response *r = x->r;
	size_t len = size * n, nlen;
	const char *colon, *v, *e = line + len;
	char *s;

	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		parse_status_line(r, line, len);
		if (x->req->on_header != NULL)
			x->req->on_header(line, 0, "", 0, x->req->header_arg);
		return len;
	}
	if ((colon = memchr(line, ':', len)) == NULL)
		return len;
	nlen = (size_t)(colon - line);
	v = colon + 1;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' ||
	    e[-1] == '\t'))
		e--;
#define IS(h) (nlen == sizeof h - 1 && strncasecmp(line, h, nlen) == 0)
	if (IS("etag"))
		set_header(&r->etag, v, (size_t)(e - v));
	else if (IS("last-modified"))
		set_header(&r->last_modified, v, (size_t)(e - v));
	else if (IS("location"))
		set_header(&r->location, v, (size_t)(e - v));
	else if (IS("content-type"))
		set_header(&r->content_type, v, (size_t)(e - v));
	else if (IS("link") || IS("retry-after")) {
		s = xstrndup(v, (size_t)(e - v));
		if (IS("retry-after"))
			r->retry_after = transport_parse_delay(s, time(NULL));
		else {
			free(r->next_url);
			(void)transport_link_next(s, &r->next_url);
		}
		free(s);
	}
#undef IS
	if (x->req->on_header != NULL)
		x->req->on_header(line, nlen, v, (size_t)(e - v),
		    x->req->header_arg);
	return len;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct transport_response *r = arg;

	if (r->sink != NULL)
		return r->sink(p, size * n, r->sink_arg) == 0 ? size * n : 0;
	if (buf_append(&r->body, p, size * n) != 0)
		return 0;	/* over the cap: curl aborts the transfer */
	return size * n;
}

static bool
flag_set(const volatile int *f)
{
	return f != NULL && __atomic_load_n(f, __ATOMIC_RELAXED) != 0;
}

static bool
stopping(const struct transport *tp)
{
	return flag_set(tp->sh->stop_flag) || flag_set(tp->cancel);
}

static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	return stopping(arg) ? 1 : 0;
}

/* curl_easy_perform, but waiting at most STOP_POLL_MS at a time: the
 * progress callback alone runs only about once a second while a server
 * is silent, and shutdown must take well under a second. */
#define STOP_POLL_MS	100
static CURLcode
perform(struct transport *tp)
{
	CURLcode cc = CURLE_OK;
	CURLMsg *msg;
	int running = 1, left;

	if (curl_multi_add_handle(tp->multi, tp->curl) != CURLM_OK)
		return CURLE_FAILED_INIT;
	while (running) {
		if (curl_multi_perform(tp->multi, &running) != CURLM_OK) {
			cc = CURLE_FAILED_INIT;
			break;
		}
		if (running && stopping(tp)) {
			cc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (running && curl_multi_poll(tp->multi, NULL, 0, STOP_POLL_MS,
		    NULL) != CURLM_OK) {
			cc = CURLE_FAILED_INIT;
			break;
		}
	}
	while (!running && (msg = curl_multi_info_read(tp->multi, &left)) !=
	    NULL) {
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == tp->curl)
			cc = msg->data.result;
	}
	curl_multi_remove_handle(tp->multi, tp->curl);
	return cc;
}

/* The header lines may hold a credential of the caller's: wiped before
 * the list goes back to the allocator. */
static void
headers_free(struct curl_slist *h)
{
	struct curl_slist *p;

	for (p = h; p != NULL; p = p->next)
		explicit_bzero(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static struct curl_slist *
request_headers(const struct transport_request *req,
    const struct httpcache_entry *cached, bool json_body)
{
	struct curl_slist *h = NULL;
	const char *const *p;
	char *line = NULL;

	for (p = req->headers; p != NULL && *p != NULL; p++)
		h = curl_slist_append(h, *p);
	if (json_body)
		h = curl_slist_append(h, "Content-Type: application/json");
	if (cached != NULL && cached->etag != NULL)
		line = xasprintf("If-None-Match: %s", cached->etag);
	else if (cached != NULL && cached->last_modified != NULL)
		line = xasprintf("If-Modified-Since: %s",
		    cached->last_modified);
	if (line != NULL) {
		h = curl_slist_append(h, line);
		free(line);
	}
	/* No "Expect: 100-continue" round trip before a small body. */
	if (json_body)
		h = curl_slist_append(h, "Expect:");
	return h;
}

static long
deadline_of(const struct transport_shared *sh,
    const struct transport_request *req)
{
	if (req->deadline_s > 0)
		return req->deadline_s;
	return (req->flags & TRANSPORT_LONG) ? 0 : sh->timeout_s;
}

static void
setup(struct transport *tp, struct transfer *x, struct curl_slist *hdrs)
{
	struct transport_shared *sh = tp->sh;
	const struct transport_request *req = x->req;
	CURL *c = tp->curl;

	curl_easy_reset(c);
	tp->errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, tp->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_USERAGENT, sh->user_agent);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, sh->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, deadline_of(sh, req));
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, sh->timeout_s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x->r);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, tp);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	/* Never: an Authorization line stays on the first URL's origin. */
	curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);
	if (req->flags & TRANSPORT_FOLLOW) {
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	}
	if (req->flags & TRANSPORT_CERTINFO)
		curl_easy_setopt(c, CURLOPT_CERTINFO, 1L);
	if (req->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, req->ca_file);
}

time_t
transport_cert_date(const char *s)
{
	struct tm tm;
	const char *e;

	memset(&tm, 0, sizeof tm);
	if ((e = strptime(s, "%b %d %H:%M:%S %Y", &tm)) == NULL) {
		memset(&tm, 0, sizeof tm);
		if ((e = strptime(s, "%Y-%m-%d %H:%M:%S", &tm)) == NULL)
			return 0;
	}
	e += strspn(e, " ");
	if (*e != '\0' && strcmp(e, "GMT") != 0 && strcmp(e, "UTC") != 0)
		return 0;
	return timegm(&tm);
}

/* The first (the server's own) certificate's "Expire date". */
static time_t
cert_expiry(CURL *c)
{
	struct curl_certinfo *ci = NULL;
	struct curl_slist *l;

	if (curl_easy_getinfo(c, CURLINFO_CERTINFO, &ci) != CURLE_OK ||
	    ci == NULL || ci->num_of_certs < 1)
		return 0;
	for (l = ci->certinfo[0]; l != NULL; l = l->next) {
		if (strncmp(l->data, "Expire date:", 12) == 0)
			return transport_cert_date(l->data + 12);
	}
	return 0;
}

/* "host: why" for a failed transfer. curl's own text names what failed
 * ("Could not resolve host: ..."); one that quotes a URL (which may hold a
 * signed query) is replaced by the generic text. */
static void
describe_failure(struct transport *tp, const struct transport_request *req,
    CURLcode cc, size_t limit, struct transport_response *r)
{
	char *eff = NULL, *host, *msg, what[CURL_ERROR_SIZE + 64];
	size_t n;

	if (curl_easy_getinfo(tp->curl, CURLINFO_EFFECTIVE_URL, &eff) !=
	    CURLE_OK || eff == NULL)
		eff = (char *)req->url;
	host = transport_url_host(eff);
	n = strlen(tp->errbuf);
	while (n > 0 && strchr("\r\n", tp->errbuf[n - 1]) != NULL)
		tp->errbuf[--n] = '\0';
	if (cc == CURLE_WRITE_ERROR)
		snprintf(what, sizeof what, "response larger than %zu bytes",
		    limit);
	else if (cc == CURLE_OPERATION_TIMEDOUT &&
	    strstr(tp->errbuf, "onnect") == NULL)	/* not while connecting */
		snprintf(what, sizeof what, "timed out after %ld s",
		    deadline_of(tp->sh, req) > 0 ? deadline_of(tp->sh, req) :
		    tp->sh->timeout_s);
	else if (cc == CURLE_ABORTED_BY_CALLBACK)
		snprintf(what, sizeof what, "%s", flag_set(tp->sh->stop_flag) ?
		    "stopped" : "cancelled");
	else if (n > 0 && strchr(tp->errbuf, '?') == NULL &&
	    strstr(tp->errbuf, "://") == NULL)
		snprintf(what, sizeof what, "%s", tp->errbuf);
	else
		snprintf(what, sizeof what, "%s", curl_easy_strerror(cc));
	msg = host != NULL ? xasprintf("%s: %s", host, what) : xstrdup(what);
	snprintf(r->error, sizeof r->error, "%.*s", (int)sizeof r->error - 1,
	    msg);
	free(msg);
	free(host);
}

/* The path of url for the debug log: a query may be a signature. */
static void
log_request(const char *method, const char *url,
    const struct transport_response *r, int rc)
{
	int n = (int)strcspn(url, "?#");

	if (rc != 0)
		log_info("%s %.*s: %s", method, n, url, r->error);
	else
		log_debug("%s %.*s: %ld%s", method, n, url, r->status,
		    r->not_modified ? " (not modified)" : "");
}

static int
exchange(struct transport *tp, const struct transport_request *req,
    const char *method, const char *body, size_t blen,
    struct transport_response *r)
{
	struct transport_shared *sh = tp->sh;
	struct httpcache_entry cached, *have = NULL;
	struct curl_slist *hdrs;
	struct transfer x = { req, r, tp };
	unsigned flags = req->flags;
	size_t limit = req->limit != 0 ? req->limit : sh->body_limit;
	CURLcode cc;
	int rc = -1;

	tp->sent++;
	buf_done(&r->body);
	buf_init(&r->body, limit);
	if (method != NULL)
		flags = (flags & ~TRANSPORT_FOLLOW) | TRANSPORT_NO_CACHE;
	if (!(flags & TRANSPORT_NO_CACHE) && sh->cache != NULL &&
	    httpcache_get(sh->cache, req->url, req->cache_ident, &cached) == 0)
		have = &cached;
	hdrs = request_headers(req, have, method != NULL && body != NULL);
	tp->cancel = req->cancel;
	setup(tp, &x, hdrs);
	if (method != NULL) {
		curl_easy_setopt(tp->curl, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(tp->curl, CURLOPT_CUSTOMREQUEST, method);
		if (strcmp(method, "DELETE") != 0 || blen > 0) {
			curl_easy_setopt(tp->curl, CURLOPT_POSTFIELDS,
			    body != NULL ? body : "");
			curl_easy_setopt(tp->curl, CURLOPT_POSTFIELDSIZE_LARGE,
			    (curl_off_t)blen);
		}
	}
	cc = perform(tp);
	tp->cancel = NULL;
	r->curl_code = (int)cc;
	curl_easy_getinfo(tp->curl, CURLINFO_RESPONSE_CODE, &r->status);
	{
		curl_off_t us = 0;

		if (curl_easy_getinfo(tp->curl, CURLINFO_TOTAL_TIME_T, &us) ==
		    CURLE_OK)
			r->total_ms = (long)(us / 1000);
	}
	if (cc == CURLE_OK && (flags & TRANSPORT_CERTINFO))
		r->cert_expiry = cert_expiry(tp->curl);
	if (cc != CURLE_OK) {
		describe_failure(tp, req, cc, limit, r);
		r->status = 0;
		goto out;
	}
	rc = 0;
	if (r->status == 304 && have != NULL) {
		buf_reset(&r->body);
		(void)buf_append(&r->body, have->body.data, have->body.len);
		r->from_cache = r->not_modified = true;
		httpcache_touch(sh->cache, req->url, req->cache_ident, have);
	} else if (r->status == 200 && !(flags & TRANSPORT_NO_CACHE) &&
	    sh->cache != NULL && (r->etag != NULL || r->last_modified != NULL))
		(void)httpcache_put(sh->cache, req->url, req->cache_ident,
		    r->etag, r->last_modified, r->body.data, r->body.len);
out:
	log_request(method != NULL ? method : "GET", req->url, r, rc);
	if (have != NULL)
		httpcache_entry_done(have);
	headers_free(hdrs);
	return rc;
}

int
transport_get(struct transport *tp, const struct transport_request *req,
    struct transport_response *r)
{
	return exchange(tp, req, NULL, NULL, 0, r);
}

int
transport_send(struct transport *tp, const struct transport_request *req,
    const char *method, const char *body, size_t len,
    struct transport_response *r)
{
	static const char *const methods[] = { "POST", "PUT", "PATCH",
	    "DELETE" };
	size_t i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if (method != NULL && strcmp(method, methods[i]) == 0)
			return exchange(tp, req, methods[i], body, len, r);
	}
	snprintf(r->error, sizeof r->error, "method not allowed");
	r->curl_code = CURLE_UNSUPPORTED_PROTOCOL;
	return -1;
}
