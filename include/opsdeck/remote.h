/* remote: owner/name and host from a git remote URL: https://host/o/n(.git),
 * ssh://git@host[:port]/o/n(.git), git@host:o/n(.git), GHES hosts too.
 * Pure, any thread. */
#ifndef OPSDECK_REMOTE_H
#define OPSDECK_REMOTE_H

#include <stddef.h>

/* 0 ok, -1 not a recognisable remote. host/slug are written NUL-terminated,
 * slug as "owner/name" without ".git". Either may be NULL. */
int	 remote_parse(const char *url, char *host, size_t hostsize,
	    char *slug, size_t slugsize);
/* Whether s[0..len) is "owner/name" in GitHub's characters (owner:
 * letters, digits, '-', '_'; name: those and '.', never "." or ".."; each
 * 1 to 100 long): nothing else may reach a URL path or a file name. */
int	 remote_slug_valid(const char *s, size_t len);
/* API base for a host: github.com -> https://api.github.com,
 * SUB.ghe.com -> https://api.SUB.ghe.com, else https://HOST/api/v3. */
int	 remote_api_url(const char *host, char *dst, size_t size);

/* The API base for a repository whose origin remote is on host, as the
 * config allows, so that no token goes to a host nobody named: github.com
 * takes https://api.github.com (or api_url when api_url_set); any other
 * host only api_url when api_url_set and api_url is on that host (or on
 * api.HOST), or https://HOST/api/v3 (https://api.HOST for *.ghe.com) when
 * the blank-separated list enterprise_hosts names it. 0 with *api
 * malloc'd, or -1 with *cause (malloc'd) naming the host and the setting. */
int	 remote_origin_api(const char *host, const char *api_url,
	    int api_url_set, const char *enterprise_hosts, char **api,
	    char **cause);

#endif
