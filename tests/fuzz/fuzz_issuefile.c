/* fuzz_issuefile: a repository's issues/NAME.md for any bytes. Parsing
 * always fills the struct: a name; malformed exactly when there is a
 * reason, and then no title; otherwise a title; a link has a positive
 * number and a repository; a copy is equal. The first input byte picks
 * the default repository (a "#123" link's), so cross-repository links and
 * the default both get exercised. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/issuefile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const repos[] = { "octo/svc", "o/r", "a-b/c.d" };
	struct issue_file f, g;
	const char *repo = repos[size > 0 ? data[0] % 3 : 0];

	issuefile_parse("issues/fuzz.md", (const char *)data, size, repo, &f);
	CHECK(f.name != NULL && strcmp(f.name, "issues/fuzz.md") == 0);
	CHECK((f.state == ISSUEFILE_MALFORMED) == (f.reason != NULL));
	if (f.state == ISSUEFILE_MALFORMED)
		CHECK(f.title == NULL);
	else
		CHECK(f.title != NULL);
	if (f.state != ISSUEFILE_MALFORMED) {
		CHECK((f.link_repo != NULL) == (f.link_number > 0));
		CHECK(f.state == (f.link_repo != NULL ? ISSUEFILE_UNKNOWN :
		    ISSUEFILE_LOCAL));
	}
	CHECK(issuefile_state_word(f.state) != NULL);
	issuefile_copy(&g, &f);
	CHECK(same(f.name, g.name) && same(f.title, g.title) &&
	    same(f.link_repo, g.link_repo) && same(f.labels, g.labels) &&
	    same(f.reason, g.reason) && f.link_number == g.link_number &&
	    f.state == g.state);
	issuefile_done(&g);
	issuefile_done(&f);
	return 0;
}
