#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
	longer = xmalloc(10030);
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

/* Issue 8: delays and resets from a server are clamped to [0, 1 h] from
 * now, garbage is absent, and nothing overflows. */
static void
test_delays(void)
{
	time_t now = 1700000000;
	char date[64];
	struct tm tm;
	time_t t;

	is_int(transport_parse_delay("0", now), 0, "delay: 0");
	is_int(transport_parse_delay("120", now), 120, "delay: 120");
	is_int(transport_parse_delay(" 30 ", now), 30, "delay: spaces");
	is_int(transport_parse_delay("-5", now), 0, "delay: negative is 0");
	is_int(transport_parse_delay("-9223372036854775808", now), 0,
	    "delay: -2^63 is 0");
	is_int(transport_parse_delay("9223372036854775807", now),
	    TRANSPORT_MAX_DELAY_S, "delay: 2^63-1 is an hour");
	is_int(transport_parse_delay("99999999999999999999999", now),
	    TRANSPORT_MAX_DELAY_S, "delay: past 2^64 is an hour");
	is_int(transport_parse_delay("3601", now), TRANSPORT_MAX_DELAY_S,
	    "delay: 3601 is an hour");
	is_int(transport_parse_delay("soon", now), -1, "delay: garbage");
	is_int(transport_parse_delay("12abc", now), -1, "delay: trailing junk");
	is_int(transport_parse_delay("", now), -1, "delay: empty");
	is_int(transport_parse_delay("1.5", now), -1, "delay: a fraction");
	t = now + 90;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	is_int(transport_parse_delay(date, now), 90, "delay: HTTP-date (%s)",
	    date);
	t = now - 90;
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	is_int(transport_parse_delay(date, now), 0,
	    "delay: an HTTP-date in the past is 0");
	is_int(transport_parse_delay("Fri, 31 Dec 9999 23:59:59 GMT", now),
	    TRANSPORT_MAX_DELAY_S, "delay: an HTTP-date in 9999 is an hour");

	is_int((long)transport_parse_epoch("1700000600", now),
	    (long)(now + 600), "reset: ten minutes on");
	is_int((long)transport_parse_epoch("1600000000", now), (long)now,
	    "reset: in the past is now");
	is_int((long)transport_parse_epoch("0", now), (long)now,
	    "reset: 0 is now");
	is_int((long)transport_parse_epoch("-1", now), (long)now,
	    "reset: negative is now");
	is_int((long)transport_parse_epoch("9223372036854775807", now),
	    (long)(now + TRANSPORT_MAX_DELAY_S), "reset: 2^63-1 is an hour on");
	is_int((long)transport_parse_epoch("tomorrow", now), 0,
	    "reset: garbage is absent");
}

static void
test_hosts(void)
{
	char *h;

	ok(transport_insecure_url("http://api.example.com/api/v3"),
	    "insecure: http to a remote host");
	ok(transport_insecure_url("HTTP://10.0.0.1:8080"),
	    "insecure: http to a private address");
	ok(!transport_insecure_url("https://api.example.com"),
	    "insecure: https is not");
	ok(!transport_insecure_url("http://127.0.0.1:8080"),
	    "insecure: 127.0.0.1 is loopback");
	ok(!transport_insecure_url("http://127.3.4.5/"),
	    "insecure: all of 127.0.0.0/8 is loopback");
	ok(!transport_insecure_url("http://[::1]:9000/"),
	    "insecure: ::1 is loopback");
	ok(!transport_insecure_url("http://LocalHost:1/"),
	    "insecure: localhost is loopback");
	ok(transport_insecure_url("http://127.0.0.1.evil.example/"),
	    "insecure: a name starting with 127.0.0.1. is not loopback");
	ok(transport_insecure_url("http://localhost.evil.example/"),
	    "insecure: localhost.evil.example is not loopback");
	h = transport_url_host("https://api.example.com:8443/x?token=secret");
	is_str(h != NULL ? h : "", "api.example.com", "host of a URL");
	free(h);
	ok(transport_url_host("not a url") == NULL, "no host in garbage");
}

static void
test_check_url(void)
{
	char *cause = NULL;

	is_int(ghclient_check_url("https://api.github.com", false, &cause), 0,
	    "check: https");
	is_int(ghclient_check_url("http://127.0.0.1:8080", false, &cause), 0,
	    "check: http to loopback");
	is_int(ghclient_check_url("http://ghe.example.com/api/v3", true,
	    &cause), 0, "check: allow-insecure lets http through");
	is_int(ghclient_check_url("http://ghe.example.com/api/v3", false,
	    &cause), -1, "check: http to a remote host refused");
	ok(cause != NULL && strstr(cause, "http://ghe.example.com/api/v3") !=
	    NULL && strstr(cause, "allow-insecure") != NULL,
	    "check: names the URL and the setting");
	free(cause);
	cause = NULL;
	is_int(ghclient_check_url("http://u:hunter2@ghe.example.com", false,
	    &cause), -1, "check: with credentials, refused");
	ok(cause != NULL && strstr(cause, "hunter2") == NULL &&
	    strstr(cause, "ghe.example.com") != NULL,
	    "check: credentials never quoted back");
	free(cause);
}

/* Issue 8: a time localtime_r cannot convert still gives a sane line. */
static void
test_format_until(void)
{
	char s[128];
	time_t t = time(NULL) + 90;
	struct tm tm;
	char hms[16];

	localtime_r(&t, &tm);
	strftime(hms, sizeof hms, "%H:%M:%S", &tm);
	ghclient_format_until(s, sizeof s, "primary", t);
	ok(strstr(s, hms) != NULL && strstr(s, "(primary)") != NULL,
	    "until: the local time (%s)", s);
	ghclient_format_until(s, sizeof s, "secondary", (time_t)INT64_MAX);
	ok(strncmp(s, "rate limited until ", 19) == 0 &&
	    strstr(s, "s from now (secondary)") != NULL,
	    "until: past localtime_r's range, seconds from now (%s)", s);
}

int
main(void)
{
	test_delays();
	test_hosts();
	test_check_url();
	test_format_until();
	test_link();
	test_origin();
	test_classify();
	test_describe();
	return tap_done();
}
