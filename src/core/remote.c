/* remote: owner/name and host from a git remote URL, and which API base
 * (if any) serves a host. Pure. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "opsdeck/remote.h"
#include "opsdeck/xalloc.h"

#define REMOTE_PART_MAX	100	/* GitHub's longest owner or name is 100 */

static int
remote_copy(char *dst, size_t size, const char *s, size_t n, int lower)
{
	size_t i;

	if (dst == NULL)
		return 0;
	if (n + 1 > size)
		return -1;
	for (i = 0; i < n; i++)
		dst[i] = lower ? (char)tolower((unsigned char)s[i]) : s[i];
	dst[n] = '\0';
	return 0;
}

/* A DNS name or an IPv4 address, an [IPv6] one, and an optional :port. */
static int
remote_check_host(const char *h, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return -1;
	if (h[0] == '[') {
		for (i = 1; i < n && h[i] != ']'; i++) {
			if (!isxdigit((unsigned char)h[i]) && h[i] != ':' &&
			    h[i] != '.')
				return -1;
		}
		if (i == n || i == 1)
			return -1;
		i++;
	}
	for (; i < n && h[i] != ':'; i++) {
		if (!isalnum((unsigned char)h[i]) && h[i] != '-' && h[i] != '.')
			return -1;
	}
	if (i < n && h[i] == ':') {
		if (++i == n)
			return -1;
		for (; i < n; i++) {
			if (!isdigit((unsigned char)h[i]))
				return -1;
		}
	}
	return h[0] == ':' ? -1 : 0;
}

int
remote_slug_valid(const char *s, size_t n)
{
	const char *slash, *c;

	if (s == NULL || (slash = memchr(s, '/', n)) == NULL)
		return 0;
	if (slash == s || slash - s > REMOTE_PART_MAX ||
	    (size_t)(slash - s) + 1 == n ||
	    n - (size_t)(slash - s) - 1 > REMOTE_PART_MAX)
		return 0;
	for (c = s; c < s + n; c++) {
		if (c == slash)
			continue;
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' &&
		    !(*c == '.' && c > slash))
			return 0;
	}
	return !((s + n - slash == 2 && slash[1] == '.') ||
	    (s + n - slash == 3 && slash[1] == '.' && slash[2] == '.'));
}

/* "owner/name", optional ".git" and trailing slashes, and nothing more. */
static int
remote_check_path(const char *p, char *slug, size_t size)
{
	size_t n;

	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n > 4 && strncmp(p + n - 4, ".git", 4) == 0)
		n -= 4;
	if (!remote_slug_valid(p, n))
		return -1;
	return remote_copy(slug, size, p, n, 0);
}

int
remote_parse(const char *url, char *host, size_t hostsize, char *slug,
    size_t slugsize)
{
	static const char *const schemes[] = { "https://", "http://",
	    "ssh://", "git+ssh://", "ssh+git://", "git://", NULL };
	const char *p, *h, *he, *at, *port;
	size_t i, n;
	int web = 0;

	if (url == NULL || *url == '\0')
		return -1;
	for (p = url; *p != '\0'; p++) {
		if (iscntrl((unsigned char)*p) || *p == ' ')
			return -1;
	}
	if (strstr(url, "://") != NULL) {
		for (i = 0; schemes[i] != NULL; i++) {
			n = strlen(schemes[i]);
			if (strncasecmp(url, schemes[i], n) == 0)
				break;
		}
		if (schemes[i] == NULL)
			return -1;	/* file://, ftp://, ... */
		web = i < 2;
		h = url + n;
		he = h + strcspn(h, "/");
		if (*he != '/')
			return -1;
		/* The last '@' ends the userinfo, which may hold a token. */
		for (at = h; (p = memchr(at, '@', (size_t)(he - at))) != NULL;
		    at = p + 1)
			h = p + 1;
		/* An ssh port is not the web server's: only http(s) keep it. */
		port = h[0] == '[' ? memchr(h, ']', (size_t)(he - h)) : h;
		port = port != NULL ? memchr(port, ':', (size_t)(he - port)) :
		    NULL;
		if (port == NULL || web)
			port = he;
		if (remote_check_host(h, (size_t)(he - h)) != 0 ||
		    remote_copy(host, hostsize, h, (size_t)(port - h), 1) != 0)
			return -1;
		return remote_check_path(he + 1, slug, slugsize);
	}
	/* scp-like [user@]host:owner/name; a '/' before the ':' makes it a
	 * local path, as git decides. */
	if ((p = strchr(url, ':')) == NULL || memchr(url, '/',
	    (size_t)(p - url)) != NULL)
		return -1;
	for (h = at = url; (at = memchr(at, '@', (size_t)(p - at))) != NULL;
	    at++)
		h = at + 1;
	if (remote_check_host(h, (size_t)(p - h)) != 0 ||
	    memchr(h, ':', (size_t)(p - h)) != NULL ||
	    remote_copy(host, hostsize, h, (size_t)(p - h), 1) != 0)
		return -1;
	if (p[1] == '/')
		p++;
	return remote_check_path(p + 1, slug, slugsize);
}

int
remote_api_url(const char *host, char *dst, size_t size)
{
	size_t n = strlen(host);
	int w;

	if (n == 0 || remote_check_host(host, n) != 0)
		return -1;
	if (strcasecmp(host, "github.com") == 0 ||
	    strcasecmp(host, "www.github.com") == 0 ||
	    strcasecmp(host, "ssh.github.com") == 0)
		w = snprintf(dst, size, "https://api.github.com");
	else if (n > 8 && strcasecmp(host + n - 8, ".ghe.com") == 0)
		w = snprintf(dst, size, "https://api.%s", host);
	else
		w = snprintf(dst, size, "https://%s/api/v3", host);
	return w < 0 || (size_t)w >= size ? -1 : 0;
}

static int
remote_is_github(const char *host)
{
	return strcasecmp(host, "github.com") == 0 ||
	    strcasecmp(host, "www.github.com") == 0 ||
	    strcasecmp(host, "ssh.github.com") == 0;
}

/* Whether the blank-separated list names host. */
static int
remote_listed(const char *list, const char *host)
{
	size_t n = strlen(host), w;
	const char *p;

	for (p = list; p != NULL && *p != '\0'; p += w) {
		p += strspn(p, " \t");
		w = strcspn(p, " \t");
		if (w == n && strncasecmp(p, host, n) == 0)
			return 1;
	}
	return 0;
}

/* The length of host without its ":port". */
static size_t
remote_host_len(const char *host)
{
	const char *end = host[0] == '[' ? strchr(host, ']') : host;
	const char *colon = end != NULL ? strchr(end, ':') : NULL;

	return colon != NULL ? (size_t)(colon - host) : strlen(host);
}

/* Whether url's host is host or api.host (ports aside: a remote's port
 * is its web or ssh server's, not necessarily the API's). */
static int
remote_url_on(const char *url, const char *host)
{
	CURLU *u = curl_url();
	size_t n = remote_host_len(host);
	char *h = NULL;
	int on = 0;

	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
		on = (strlen(h) == n && strncasecmp(h, host, n) == 0) ||
		    (strncasecmp(h, "api.", 4) == 0 && strlen(h + 4) == n &&
		    strncasecmp(h + 4, host, n) == 0);
	curl_free(h);
	curl_url_cleanup(u);
	return on;
}

int
remote_origin_api(const char *host, const char *api_url, int api_url_set,
    const char *enterprise_hosts, char **api, char **cause)
{
	char buf[512];

	*api = NULL;
	*cause = NULL;
	if (remote_is_github(host)) {
		*api = xstrdup(api_url_set && api_url != NULL ? api_url :
		    "https://api.github.com");
		return 0;
	}
	if (remote_check_host(host, strlen(host)) != 0) {
		*cause = xstrdup("the origin remote's host is not a host name");
		return -1;
	}
	if (api_url_set && api_url != NULL) {
		if (remote_url_on(api_url, host)) {
			*api = xstrdup(api_url);
			return 0;
		}
		*cause = xasprintf("the origin remote is on %s, but [github] "
		    "api-url is on another host: add a [repo \"owner/name\"] "
		    "section, or set api-url to %s's API", host, host);
		return -1;
	}
	if (remote_listed(enterprise_hosts, host) &&
	    remote_api_url(host, buf, sizeof buf) == 0) {
		*api = xstrdup(buf);
		return 0;
	}
	if (remote_api_url(host, buf, sizeof buf) != 0)
		snprintf(buf, sizeof buf, "https://HOST/api/v3");
	*cause = xasprintf("the origin remote is on %s, not github.com: if it "
	    "is a GitHub Enterprise server, set [github] api-url = %s (or "
	    "name it in [github] enterprise-hosts)", host, buf);
	return -1;
}
