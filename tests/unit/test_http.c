#include "config.h"

#include <string.h>

#include "opsdeck/http.h"
#include "../tap.h"

static void
test_link(void)
{
	char next[512];

	is_int(http_link_next("<https://api.github.com/repositories/1/issues?"
	    "page=2>; rel=\"next\", <https://api.github.com/repositories/1/"
	    "issues?page=5>; rel=\"last\"", next, sizeof next), 0,
	    "rel=next found");
	is_str(next, "https://api.github.com/repositories/1/issues?page=2",
	    "the next URL is taken verbatim");
	is_int(http_link_next("<https://x/?page=1>; rel=\"prev\", <https://x/?"
	    "page=3>; rel=\"next\"", next, sizeof next), 0, "next after prev");
	is_str(next, "https://x/?page=3", "next after prev: URL");
	ok(http_link_next("<https://x/?page=1>; rel=\"prev\"", next,
	    sizeof next) != 0, "no next on the last page");
	ok(http_link_next("garbage <unterminated", next, sizeof next) != 0,
	    "malformed header");
	ok(http_link_next("<https://x/?page=3>; rel=\"next\"", next, 4) != 0,
	    "too long for the buffer");
	is_int(http_link_next("<https://x/n>; rel=next", next, sizeof next), 0,
	    "unquoted rel");
}

static void
test_origin(void)
{
	ok(http_same_origin("https://api.github.com/repos/a/b",
	    "https://api.github.com"), "same host");
	ok(http_same_origin("https://API.GitHub.com:443/x",
	    "https://api.github.com"), "case and default port");
	ok(!http_same_origin("https://pipelines.actions.githubusercontent.com"
	    "/x", "https://api.github.com"), "log host differs");
	ok(!http_same_origin("http://api.github.com/x",
	    "https://api.github.com"), "scheme differs");
	ok(!http_same_origin("http://localhost:8080/x",
	    "http://127.0.0.1:8080"), "localhost is not 127.0.0.1");
	ok(!http_same_origin("http://127.0.0.1:8081/x",
	    "http://127.0.0.1:8080"), "port differs");
	ok(!http_same_origin("https://api.github.com.evil.example/x",
	    "https://api.github.com"), "suffix trick");
	ok(!http_same_origin("not a url", "https://api.github.com"),
	    "garbage is never the same origin");
}

static void
classify(long status, long remaining, long retry_after, const char *body,
    enum http_class want, const char *what)
{
	struct http_response r;

	http_response_init(&r);
	r.status = status;
	r.rl_remaining = remaining;
	r.retry_after = retry_after;
	if (body != NULL)
		buf_puts(&r.body, body);
	is_int(http_classify(&r), want, "classify: %s", what);
	http_response_done(&r);
}

static void
test_classify(void)
{
	classify(200, 4999, -1, NULL, HTTP_OK, "200");
	classify(403, 0, -1, "{\"message\":\"API rate limit exceeded\"}",
	    HTTP_RATE_PRIMARY, "403 remaining 0");
	classify(429, 0, -1, NULL, HTTP_RATE_PRIMARY, "429 remaining 0");
	classify(403, 10, 30, NULL, HTTP_RATE_SECONDARY, "retry-after");
	classify(403, 4000, -1, "{\"message\":\"You have exceeded a secondary "
	    "rate limit\"}", HTTP_RATE_SECONDARY, "secondary message");
	classify(403, 4000, -1, "{\"message\":\"Resource not accessible by "
	    "personal access token\"}", HTTP_AUTH, "permission 403");
	classify(401, 60, -1, NULL, HTTP_AUTH, "401");
	classify(404, 4999, -1, NULL, HTTP_NOT_FOUND, "404");
	classify(502, -1, -1, NULL, HTTP_SERVER, "502");
	classify(422, 4999, -1, NULL, HTTP_CLIENT, "422");
	classify(0, -1, -1, NULL, HTTP_TRANSPORT, "no response");
}

int
main(void)
{
	test_link();
	test_origin();
	test_classify();
	return tap_done();
}
