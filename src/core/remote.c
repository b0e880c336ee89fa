#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/remote.h"

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
