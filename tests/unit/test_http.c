#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

static const struct {
	const char *header;
	const char *want;	/* NULL: no next */
	const char *what;
} links[] = {
	{ "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", "
	  "<https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"",
	  "https://api.github.com/repositories/1/issues?page=2", "GitHub's form" },
	{ "<https://x/?page=1>; rel=\"prev\", <https://x/?page=3>; rel=\"next\"",
	  "https://x/?page=3", "next after prev" },
	{ "<https://x/?page=1>; rel=\"prev\", <https://x/?page=1>; rel=\"first\"",
	  NULL, "no next on the last page" },
	{ "<https://x/n>; rel=next", "https://x/n", "unquoted rel" },
	{ "<https://x/n>;rel=\"NEXT\"", "https://x/n", "rel is case-insensitive" },
	{ "<https://x/a>; rel=\"prev next\"", "https://x/a",
	  "several relation types in one rel" },
	{ "<https://x/a>; rel=\"nextish\", <https://x/b>; rel=\"next\"",
	  "https://x/b", "a longer word is not next" },
	{ "  <https://x/a> ; rel = \"last\" ,\t<https://x/b> ;\trel = next  ",
	  "https://x/b", "spaces and tabs everywhere" },
	{ "<https://x/a>; title=\"a, <b>; rel=next\"; rel=\"last\", "
	  "<https://x/b>; rel=\"next\"", "https://x/b",
	  "a quoted title holding , ; < and rel=next" },
	{ "<https://x/a>; type=\"text/html\"; rel=\"next\"", "https://x/a",
	  "rel after another parameter" },
	{ "<https://x/a>; anchor=\"#x\"; nextrel=\"next\"", NULL,
	  "a parameter whose name ends in rel" },
	{ "", NULL, "empty header" },
	{ "garbage <unterminated; rel=next", NULL, "garbage" },
	{ "<https://x/a; rel=\"next\"", NULL, "unterminated URL" },
	{ "<https://x/a>; rel=\"next", NULL, "unterminated quote" },
	{ "<>; rel=\"next\"", NULL, "empty URL" },
	{ "<https://x/a>; rel=\"last\" junk, <https://x/b>; rel=next", NULL,
	  "junk after a link-value" },
};

static void
test_link(void)
{
	char *next, *longer;
	size_t i;
	int rc;

	for (i = 0; i < sizeof links / sizeof links[0]; i++) {
		rc = transport_link_next(links[i].header, &next);
		if (links[i].want == NULL)
			ok(rc != 0 && next == NULL, "link: %s", links[i].what);
		else {
			is_int(rc, 0, "link: %s", links[i].what);
			is_str(next != NULL ? next : "", links[i].want,
			    "link: %s: URL", links[i].what);
		}
		free(next);
	}
	/* No buffer to outgrow: a 10 kB URL comes back whole. */
	longer = xmalloc(10020);
	memcpy(longer, "<https://x/", 11);
	memset(longer + 11, 'a', 10000);
	memcpy(longer + 10011, ">; rel=next", 12);
	is_int(transport_link_next(longer, &next), 0, "link: a 10 kB URL");
	ok(next != NULL && strlen(next) == 10010, "link: all of it");
	free(next);
	free(longer);
}

static void
test_origin(void)
{
	ok(transport_same_origin("https://api.github.com/repos/a/b",
	    "https://api.github.com"), "same host");
	ok(transport_same_origin("https://API.GitHub.com:443/x",
	    "https://api.github.com"), "case and default port");
	ok(!transport_same_origin("https://pipelines.actions.githubusercontent.com"
	    "/x", "https://api.github.com"), "log host differs");
	ok(!transport_same_origin("http://api.github.com/x",
	    "https://api.github.com"), "scheme differs");
	ok(!transport_same_origin("http://localhost:8080/x",
	    "http://127.0.0.1:8080"), "localhost is not 127.0.0.1");
	ok(!transport_same_origin("http://127.0.0.1:8081/x",
	    "http://127.0.0.1:8080"), "port differs");
	ok(!transport_same_origin("https://api.github.com.evil.example/x",
	    "https://api.github.com"), "suffix trick");
	ok(!transport_same_origin("not a url", "https://api.github.com"),
	    "garbage is never the same origin");
}

static void
classify(long status, long remaining, long retry_after, const char *body,
    enum ghclient_class want, const char *what)
{
	struct ghclient_response r;

	ghclient_response_init(&r);
	r.http.status = status;
	r.rl_remaining = remaining;
	r.http.retry_after = retry_after;
	if (body != NULL)
		buf_puts(&r.http.body, body);
	is_int(ghclient_classify(&r), want, "classify: %s", what);
	ghclient_response_done(&r);
}

static void
test_classify(void)
{
	classify(200, 4999, -1, NULL, GHCLIENT_OK, "200");
	classify(403, 0, -1, "{\"message\":\"API rate limit exceeded\"}",
	    GHCLIENT_RATE_PRIMARY, "403 remaining 0");
	classify(429, 0, -1, NULL, GHCLIENT_RATE_PRIMARY, "429 remaining 0");
	classify(403, 10, 30, NULL, GHCLIENT_RATE_SECONDARY, "retry-after");
	classify(403, 4000, -1, "{\"message\":\"You have exceeded a secondary "
	    "rate limit\"}", GHCLIENT_RATE_SECONDARY, "secondary message");
	classify(403, 4000, -1, "{\"message\":\"Resource not accessible by "
	    "personal access token\"}", GHCLIENT_AUTH, "permission 403");
	classify(401, 60, -1, NULL, GHCLIENT_AUTH, "401");
	classify(404, 4999, -1, NULL, GHCLIENT_NOT_FOUND, "404");
	classify(502, -1, -1, NULL, GHCLIENT_SERVER, "502");
	classify(422, 4999, -1, NULL, GHCLIENT_CLIENT, "422");
	classify(0, -1, -1, NULL, GHCLIENT_TRANSPORT, "no response");
	classify(429, 10, -1, NULL, GHCLIENT_RATE_SECONDARY, "bare 429");
	classify(429, 0, 60, NULL, GHCLIENT_RATE_SECONDARY,
	    "retry-after wins over remaining 0");
	classify(403, 4000, -1, "{\"message\":\"You have triggered an abuse "
	    "detection mechanism\"}", GHCLIENT_RATE_SECONDARY, "abuse message");
	classify(403, -1, -1, "{\"message\":\"Must have admin rights\"}",
	    GHCLIENT_AUTH, "403 without rate headers (GHES)");
	classify(410, 4999, -1, NULL, GHCLIENT_NOT_FOUND, "410 gone");
	classify(500, 4999, -1, "<html>Unicorn</html>", GHCLIENT_SERVER, "500 HTML");
	classify(503, -1, -1, NULL, GHCLIENT_SERVER, "503");
	classify(302, 4999, -1, NULL, GHCLIENT_CLIENT, "redirect not followed");
	classify(304, 4999, -1, NULL, GHCLIENT_CLIENT, "304 without a cached body");
	classify(204, 4999, -1, NULL, GHCLIENT_OK, "204");
}

static void
test_describe(void)
{
	struct ghclient_response r;
	char s[256];

	ghclient_response_init(&r);
	r.http.status = 500;
	snprintf(r.http.reason, sizeof r.http.reason, "Internal Server Error");
	ghclient_describe(&r, s, sizeof s);
	is_str(s, "HTTP 500 Internal Server Error", "describe: 500");
	r.http.status = 403;
	r.rl_remaining = 10;
	r.accepted_permissions = strdup("actions=read");
	ghclient_describe(&r, s, sizeof s);
	ok(strstr(s, "actions=read") != NULL, "describe: permission (%s)", s);
	ghclient_response_done(&r);
	ghclient_response_init(&r);
	r.http.curl_code = 28;
	snprintf(r.http.error, sizeof r.http.error, "timed out after 20 s");
	ghclient_describe(&r, s, sizeof s);
	is_str(s, "timed out after 20 s", "describe: transport error");
	r.http.curl_code = 0;
	r.http.status = 418;
	ghclient_describe(&r, s, sizeof s);
	is_str(s, "HTTP 418", "describe: no reason phrase (HTTP/2)");
	ghclient_response_done(&r);
}

int
main(void)
{
	test_link();
	test_origin();
	test_classify();
	test_describe();
	return tap_done();
}
