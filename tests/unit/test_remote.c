#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/remote.h"
#include "../tap.h"

static const struct {
	const char *url, *host, *slug;
} good[] = {
	{ "https://github.com/octo/hello.git", "github.com", "octo/hello" },
	{ "https://github.com/octo/hello", "github.com", "octo/hello" },
	{ "https://github.com/octo/hello/", "github.com", "octo/hello" },
	{ "https://github.com/octo/hello.git/", "github.com", "octo/hello" },
	{ "HTTPS://GitHub.COM/Octo/Hello", "github.com", "Octo/Hello" },
	{ "http://github.com/octo/hello", "github.com", "octo/hello" },
	{ "https://user@github.com/octo/hello", "github.com", "octo/hello" },
	{ "https://x-access-token:ghp_abc@github.com/o/n.git", "github.com",
	    "o/n" },
	{ "https://a@b@github.com/o/n", "github.com", "o/n" },
	{ "ssh://git@github.com/octo/hello.git", "github.com", "octo/hello" },
	{ "ssh://git@ghe.example:2222/o/n.git", "ghe.example", "o/n" },
	{ "ssh://ghe.example/o/n", "ghe.example", "o/n" },
	{ "ssh://git@ssh.github.com:443/o/n.git", "ssh.github.com", "o/n" },
	{ "git+ssh://git@github.com/o/n.git", "github.com", "o/n" },
	{ "git://github.com/o/n.git", "github.com", "o/n" },
	{ "ssh://git@[::1]:22/o/n.git", "[::1]", "o/n" },
	{ "https://ghe.corp.example:8443/team/svc", "ghe.corp.example:8443",
	    "team/svc" },
	{ "https://10.0.0.5/team/svc.git", "10.0.0.5", "team/svc" },
	{ "git@github.com:octo/hello.git", "github.com", "octo/hello" },
	{ "git@github.com:octo/hello", "github.com", "octo/hello" },
	{ "git@github.com:/octo/hello.git", "github.com", "octo/hello" },
	{ "github.com:octo/hello", "github.com", "octo/hello" },
	{ "git@ghe.corp:team/my.repo.git", "ghe.corp", "team/my.repo" },
	{ "org-123@github.com:my-org/my_repo", "github.com",
	    "my-org/my_repo" },
	{ "git@acme.ghe.com:acme/api.git", "acme.ghe.com", "acme/api" },
	{ "https://github.com/o/.github", "github.com", "o/.github" },
	{ "https://github.com/o/n.git.git", "github.com", "o/n.git" },
};

static const char *const bad[] = {
	"", "/srv/git/repo.git", "./relative", "../up/repo", "relative/path",
	"file:///srv/x.git", "ftp://github.com/o/n", "https://github.com",
	"https://github.com/", "https://github.com/onlyowner",
	"https://github.com/onlyowner/", "https://github.com/a/b/c",
	"https://github.com//a/b", "https://github.com/o/..",
	"https://github.com/o/.", "https://github.com/../etc",
	"https://github.com/a b/c", "https://github.com/a%20b/c",
	"https://github.com/o/n?x=1", "https://github.com/o/n#frag",
	"https://github.com/o.x/n", "https:///o/n", "https://@/o/n",
	"https://git hub.com/o/n", "https://github.com:/o/n",
	"https://github.com:abc/o/n", "ssh://git@[zz]:22/o/n",
	"git@github.com:", "git@github.com:o", "git@:o/n", ":o/n",
	"host/x:o/n", "git@github.com:o/n/x", "git@github.com:o/n\n",
	"git@github.com:o/\x1b[31mn", "C:\\repos\\x",
	"https://github.com/o/n\r\nHost: evil",
};

static void
test_parse(void)
{
	char host[128], slug[128];
	size_t i;
	int rc;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		rc = remote_parse(good[i].url, host, sizeof host, slug,
		    sizeof slug);
		ok(rc == 0 && strcmp(host, good[i].host) == 0 &&
		    strcmp(slug, good[i].slug) == 0, "'%s' -> %s %s",
		    good[i].url, good[i].host, good[i].slug);
		if (rc == 0 && (strcmp(host, good[i].host) != 0 ||
		    strcmp(slug, good[i].slug) != 0))
			printf("#   got %s %s\n", host, slug);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(remote_parse(bad[i], host, sizeof host, slug, sizeof slug) !=
		    0, "rejected: bad[%zu]", i);
}

static void
test_buffers(void)
{
	char host[8], slug[8];

	ok(remote_parse("git@github.com:o/n", NULL, 0, NULL, 0) == 0,
	    "host and slug may be NULL");
	ok(remote_parse("git@github.com:o/n", host, sizeof host, slug,
	    sizeof slug) != 0, "a host that does not fit is an error");
	ok(remote_parse("git@gh.io:owner/name", host, sizeof host, slug,
	    sizeof slug) != 0, "a slug that does not fit is an error");
	ok(remote_parse("git@gh.io:o/name", host, sizeof host, slug,
	    sizeof slug) == 0 && strcmp(slug, "o/name") == 0,
	    "an exact fit is fine");
}

static void
test_api_url(void)
{
	static const struct {
		const char *host, *api;
	} t[] = {
		{ "github.com", "https://api.github.com" },
		{ "GitHub.com", "https://api.github.com" },
		{ "www.github.com", "https://api.github.com" },
		{ "ssh.github.com", "https://api.github.com" },
		{ "acme.ghe.com", "https://api.acme.ghe.com" },
		{ "git.corp", "https://git.corp/api/v3" },
		{ "ghe.corp.example:8443", "https://ghe.corp.example:8443/api/v3" },
	};
	char api[256], small[16];
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ok(remote_api_url(t[i].host, api, sizeof api) == 0,
		    "API base for %s", t[i].host);
		is_str(api, t[i].api, "  is %s", t[i].api);
	}
	ok(remote_api_url("", api, sizeof api) != 0, "no host, no API");
	ok(remote_api_url("a/b", api, sizeof api) != 0, "not a host");
	ok(remote_api_url("very.long.example", small, sizeof small) != 0,
	    "truncation is an error");
}

/* The one owner/name check config, remotes and sources/detail share. */
static void
test_slug_valid(void)
{
	static const char *const ok_slugs[] = { "octo/hello", "a-b_c/x.y-z_1",
	    "octo/.github", "o/..x", NULL };
	static const char *const bad_slugs[] = { "", "octo", "/x", "octo/",
	    "octo/x/y", "oc.to/x", "octo/.", "octo/..", "octo/a b",
	    "octo/\xc3\xa9", "octo/x\033[2J", "../x", NULL };
	char owner[200];
	size_t i;
	int all = 1;

	for (i = 0; ok_slugs[i] != NULL; i++)
		all &= remote_slug_valid(ok_slugs[i], strlen(ok_slugs[i]));
	ok(all, "owner/name forms GitHub allows");
	for (i = 0, all = 1; bad_slugs[i] != NULL; i++)
		if (remote_slug_valid(bad_slugs[i], strlen(bad_slugs[i]))) {
			printf("# accepted: %s\n", bad_slugs[i]);
			all = 0;
		}
	ok(all, "and nothing else (dots in an owner, . and .., separators, "
	    "blanks, non-ASCII, escapes)");
	memset(owner, 'a', 100);
	memcpy(owner + 100, "/n", 3);
	ok(remote_slug_valid(owner, strlen(owner)), "an owner of 100");
	memset(owner, 'a', 101);
	memcpy(owner + 101, "/n", 3);
	ok(!remote_slug_valid(owner, strlen(owner)), "not 101");
	ok(remote_slug_valid("octo/hello/extra", 10),
	    "only the length given counts");
}

/* Which API may serve an origin host: only github.com is assumed. */
static void
test_origin_api(void)
{
	static const struct {
		const char	*host, *api_url;
		int		 set;
		const char	*hosts, *want;	/* want NULL: an error */
		const char	*what;
	} cases[] = {
		{ "github.com", "https://api.github.com", 0, NULL,
		    "https://api.github.com", "github.com is assumed" },
		{ "ssh.github.com", "https://api.github.com", 0, NULL,
		    "https://api.github.com", "so is ssh.github.com" },
		{ "github.com", "http://127.0.0.1:9/api", 1, NULL,
		    "http://127.0.0.1:9/api", "github.com with an explicit "
		    "api-url: that one" },
		{ "gitlab.com", "https://api.github.com", 0, NULL, NULL,
		    "gitlab.com: never an API base by itself" },
		{ "ghe.corp.example", "https://api.github.com", 0, NULL, NULL,
		    "an Enterprise host nobody named: refused" },
		{ "acme.ghe.com", "https://api.github.com", 0, NULL, NULL,
		    "nor a GHE.com tenancy nobody named" },
		{ "ghe.corp.example", "https://api.github.com", 0,
		    "other.example  GHE.corp.example", "https://ghe.corp."
		    "example/api/v3", "enterprise-hosts names it (any case)" },
		{ "acme.ghe.com", "https://api.github.com", 0, "acme.ghe.com",
		    "https://api.acme.ghe.com", "a named GHE.com tenancy" },
		{ "ghe.corp.example", "https://api.github.com", 0,
		    "ghe.corp.example.evil", NULL, "a longer name is not it" },
		{ "ghe.corp.example", "https://ghe.corp.example/api/v3", 1,
		    NULL, "https://ghe.corp.example/api/v3", "api-url on the "
		    "origin's host" },
		{ "acme.ghe.com", "https://api.acme.ghe.com", 1, NULL,
		    "https://api.acme.ghe.com", "api-url on api.HOST" },
		{ "127.0.0.1:8080", "http://127.0.0.1:9999", 1, NULL,
		    "http://127.0.0.1:9999", "ports aside" },
		{ "gitlab.com", "https://ghe.corp.example/api/v3", 1,
		    "gitlab.com", NULL, "api-url on another host wins over "
		    "the list: refused" },
		{ "gitlab.com", "https://gitlab.com.evil/api/v3", 1, NULL,
		    NULL, "api-url on a look-alike host: refused" },
	};
	char *api, *cause;
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		api = cause = NULL;
		rc = remote_origin_api(cases[i].host, cases[i].api_url,
		    cases[i].set, cases[i].hosts, &api, &cause);
		if (cases[i].want != NULL)
			ok(rc == 0 && api != NULL &&
			    strcmp(api, cases[i].want) == 0 && cause == NULL,
			    "%s (%s)", cases[i].what, api != NULL ? api : cause);
		else
			ok(rc == -1 && api == NULL && cause != NULL &&
			    strstr(cause, cases[i].host) != NULL &&
			    strstr(cause, "api-url") != NULL,
			    "%s: names the host and api-url (%s)",
			    cases[i].what, cause != NULL ? cause : "");
		free(api);
		free(cause);
	}
}

int
main(void)
{
	test_origin_api();
	test_slug_valid();
	test_parse();
	test_buffers();
	test_api_url();
	return tap_done();
}
