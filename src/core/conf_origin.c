/* conf_origin: with no [repo] in the config, the repository of the
 * current directory, owner/name from its origin remote (url.insteadOf
 * applied as git does). Which API serves its host is the caller's call. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/remote.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"

/* url.<base>.insteadOf = <prefix>: the longest matching prefix is replaced,
 * as git does. Returns a malloc'd URL. Not git_remote_lookup(): libgit2
 * 1.5 leaks PCRE2 match data there, and only the URL is needed. */
static char *
origin_rewrite(git_config *rc, const char *url)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	const char *last;
	char *base = NULL, *out;
	size_t best = 0, n;

	if (git_config_iterator_new(&it, rc) == 0) {
		while (git_config_next(&e, it) == 0) {
			last = strrchr(e->name, '.');
			if (e->value == NULL || last == e->name + 3 ||
			    strncmp(e->name, "url.", 4) != 0 ||
			    strcmp(last, ".insteadof") != 0)
				continue;
			n = strlen(e->value);
			if (n <= best || strncmp(url, e->value, n) != 0)
				continue;
			free(base);
			n = (size_t)(last - e->name - 4);
			base = xstrndup(e->name + 4, n);
			best = strlen(e->value);
		}
		git_config_iterator_free(it);
	}
	if (base == NULL)
		return xstrdup(url);
	out = xasprintf("%s%s", base, url + best);
	free(base);
	return out;
}

/* The URL for a message: userinfo (which may hold a token) replaced, the
 * rest made inert on a terminal. */
static char *
origin_show(const char *url)
{
	const char *sep = strstr(url, "://"), *auth, *at, *end, *p;
	char *tmp = NULL, *out;

	if (sep != NULL) {
		auth = sep + 3;
		end = auth + strcspn(auth, "/");
		at = memchr(auth, '@', (size_t)(end - auth));
		for (p = at; p != NULL; p = memchr(at + 1, '@',
		    (size_t)(end - at - 1)))
			at = p;
		if (at != NULL)
			tmp = xasprintf("%.*s***%s", (int)(auth - url), url,
			    at);
	}
	out = text_sanitize(tmp != NULL ? tmp : url, strlen(tmp != NULL ?
	    tmp : url), 0);
	free(tmp);
	return out;
}

int
conf_default_repo(struct conf *cfg, const char *dir, char **hostp,
    char **cause)
{
	git_repository *repo = NULL;
	git_config *rcfg = NULL;
	git_buf urlbuf = { 0 };
	struct repo_conf *r;
	const char *where;
	char host[256], slug[256], *url = NULL, *shown;
	char *why = NULL;
	int rc = -1, err;

	*hostp = NULL;
	if (cfg->nrepos > 0)
		return 0;
	err = git_repository_open_ext(&repo, dir, 0, NULL);
	if (err == GIT_ENOTFOUND)
		return 0;	/* not in a repository: nothing to watch */
	if (err != 0) {
		*cause = xasprintf("%s: %s", dir, git_error_last() != NULL ?
		    git_error_last()->message : "cannot open the repository");
		return -1;
	}
	if (git_repository_config_snapshot(&rcfg, repo) != 0 ||
	    git_config_get_string_buf(&urlbuf, rcfg,
	    "remote.origin.url") != 0) {
		rc = 0;		/* no origin: nothing to watch */
		goto out;
	}
	url = origin_rewrite(rcfg, urlbuf.ptr);
	if (remote_parse(url, host, sizeof host, slug, sizeof slug) != 0) {
		shown = origin_show(url);
		why = xasprintf("the origin remote '%s' is not a GitHub "
		    "repository URL (owner/name)", shown != NULL ? shown : "");
		free(shown);
		goto out;
	}
	r = xcalloc(1, sizeof *r);
	where = git_repository_workdir(repo);
	if (where == NULL)
		where = git_repository_path(repo);	/* a bare repository */
	r->name = xstrdup(slug);
	r->path = xstrdup(where);
	r->interval_s = cfg->repo_interval_s > 0 ? cfg->repo_interval_s : 30;
	cfg->repos = r;
	cfg->nrepos = 1;
	*hostp = xstrdup(host);
	rc = 0;
out:
	if (rc != 0)
		*cause = why;
	free(url);
	git_buf_dispose(&urlbuf);
	git_config_free(rcfg);
	git_repository_free(repo);
	return rc;
}
