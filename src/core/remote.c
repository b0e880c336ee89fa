#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/remote.h"

static int
copy_part(char *dst, size_t size, const char *s, size_t n)
{
	if (dst == NULL)
		return 0;
	if (n + 1 > size)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

/* "owner/name" (optionally ".git", a trailing slash) and nothing more. */
static int
parse_path(const char *p, char *slug, size_t size)
{
	const char *slash, *end;
	size_t n;

	while (*p == '/')
		p++;
	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n > 4 && strncmp(p + n - 4, ".git", 4) == 0)
		n -= 4;
	end = p + n;
	if ((slash = memchr(p, '/', n)) == NULL || slash == p ||
	    slash + 1 == end || memchr(slash + 1, '/',
	    (size_t)(end - slash - 1)) != NULL)
		return -1;
	for (const char *c = p; c < end; c++) {
		if (!isalnum((unsigned char)*c) && strchr("-_./", *c) == NULL)
			return -1;
	}
	return copy_part(slug, size, p, n);
}

int
remote_parse(const char *url, char *host, size_t hostsize, char *slug,
    size_t slugsize)
{
	const char *p, *h, *he, *at, *colon;

	if (url == NULL || *url == '\0' || url[0] == '/' || url[0] == '.')
		return -1;
	if ((p = strstr(url, "://")) != NULL) {
		if (strncasecmp(url, "https://", 8) != 0 &&
		    strncasecmp(url, "http://", 7) != 0 &&
		    strncasecmp(url, "ssh://", 6) != 0 &&
		    strncasecmp(url, "git://", 6) != 0)
			return -1;
		h = p + 3;
		he = h + strcspn(h, "/");
		if ((at = memchr(h, '@', (size_t)(he - h))) != NULL)
			h = at + 1;
		if ((colon = memchr(h, ':', (size_t)(he - h))) == NULL)
			colon = he;
		if (colon == h || *he != '/')
			return -1;
		if (copy_part(host, hostsize, h, (size_t)(colon - h)) != 0)
			return -1;
		return parse_path(he, slug, slugsize);
	}
	/* scp form: [user@]host:owner/name */
	h = url;
	if ((colon = strchr(url, ':')) == NULL)
		return -1;
	if ((at = memchr(url, '@', (size_t)(colon - url))) != NULL)
		h = at + 1;
	if (colon == h || memchr(h, '/', (size_t)(colon - h)) != NULL)
		return -1;
	if (copy_part(host, hostsize, h, (size_t)(colon - h)) != 0)
		return -1;
	return parse_path(colon + 1, slug, slugsize);
}

int
remote_api_url(const char *host, char *dst, size_t size)
{
	size_t n = strlen(host);
	int w;

	if (n == 0)
		return -1;
	if (strcasecmp(host, "github.com") == 0 ||
	    strcasecmp(host, "www.github.com") == 0)
		w = snprintf(dst, size, "https://api.github.com");
	else if (n > 8 && strcasecmp(host + n - 8, ".ghe.com") == 0)
		w = snprintf(dst, size, "https://api.%s", host);
	else
		w = snprintf(dst, size, "https://%s/api/v3", host);
	return w < 0 || (size_t)w >= size ? -1 : 0;
}
