/* fuzz_mdtext: Markdown to plain lines (an issue's body, a comment) for
 * any bytes. The line count is bounded (MDTEXT_MAX_LINES and the line that
 * says the rest was dropped), every line has text and a kind in range,
 * and no line holds a line break: the view draws one row per line. The
 * first input byte picks whether the body is rendered once or appended to
 * lines already there (as a comment thread is). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/mdtext.h"
#include "opsdeck/xalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static void
check_lines(const struct md_line *v, size_t from, size_t n)
{
	size_t i;

	for (i = from; i < n; i++) {
		CHECK(v[i].text != NULL);
		CHECK(v[i].kind >= MD_TEXT && v[i].kind <= MD_RULE);
		CHECK(strchr(v[i].text, '\n') == NULL);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_line *v = NULL;
	size_t n = 0, first;
	char *md;
	int twice = size > 0 && (data[0] & 1);

	md = xstrndup((const char *)data, size);
	mdtext_render(md, &v, &n);
	CHECK(n <= MDTEXT_MAX_LINES + 1);
	check_lines(v, 0, n);
	first = n;
	if (twice) {
		mdtext_render(md, &v, &n);
		CHECK(n >= first && n - first <= MDTEXT_MAX_LINES + 1);
		check_lines(v, first, n);
	}
	mdtext_render(NULL, &v, &n);	/* NULL: nothing appended */
	CHECK(n >= first);
	mdtext_free(v, n);
	free(md);
	return 0;
}
