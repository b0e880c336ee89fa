/* fuzz_values: the small parsers of single values that come from outside:
 * a git remote URL (remote_parse, from a clone's config), Retry-After and
 * X-RateLimit-Reset headers (transport_parse_delay and _epoch, from any
 * server), health thresholds (health_limit_parse) and theme colours
 * (element_parse, from a theme file). Each returns in its documented
 * range, writes NUL-terminated results within their buffers, and says why
 * when it refuses. The first input byte picks the time flag of
 * health_limit_parse; the rest is the value, cut at its first NUL. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/element.h"
#include "opsdeck/health.h"
#include "opsdeck/remote.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

/* A fixed now, so that a failure replays the same. */
#define NOW	((time_t)1700000000)

static void
check_remote(const char *v)
{
	char host[64], slug[128];

	memset(host, 'x', sizeof host);
	memset(slug, 'x', sizeof slug);
	if (remote_parse(v, host, sizeof host, slug, sizeof slug) == 0) {
		CHECK(memchr(host, '\0', sizeof host) != NULL);
		CHECK(memchr(slug, '\0', sizeof slug) != NULL);
		CHECK(strchr(slug, '/') != NULL);
	}
	(void)remote_parse(v, NULL, 0, NULL, 0);
}

static void
check_headers(const char *v)
{
	long d = transport_parse_delay(v, NOW);
	time_t t = transport_parse_epoch(v, NOW);

	CHECK(d == -1 || (d >= 0 && d <= TRANSPORT_MAX_DELAY_S));
	CHECK(t == 0 || (t >= NOW && t <= NOW + TRANSPORT_MAX_DELAY_S));
}

static void
check_limits(const char *v, bool time)
{
	struct health_limit l;
	const char *why = NULL;

	if (health_limit_parse(v, time, &l, &why) != 0)
		CHECK(why != NULL);
}

static void
check_colour(const char *v)
{
	struct colour c;
	char *cause = NULL;

	if (element_parse(v, &c, &cause) != 0)
		CHECK(cause != NULL);
	free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool time = size > 0 && (data[0] & 1);
	char *v;

	v = size > 0 ? xstrndup((const char *)data + 1, size - 1) :
	    xstrdup("");
	check_remote(v);
	check_headers(v);
	check_limits(v, time);
	check_colour(v);
	free(v);
	return 0;
}
