/* fuzz_ghparse_issues: libFuzzer target for the issues and issue comments
 * parsers, the Markdown-to-text of the issue view and the issue file
 * parser (fuzz_mdtext and fuzz_issuefile take the last two further). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/ghparse_issues.h"
#include "opsdeck/issuefile.h"
#include "opsdeck/issues.h"
#include "opsdeck/mdtext.h"
#include "opsdeck/xalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Any bytes: the parser returns 0 or -1 with a cause and nothing appended,
 * keeps titles bounded; the model sorts and filters what it kept; the
 * Markdown and file parsers take anything. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct issue *v = NULL;
	struct md_line *md = NULL;
	struct issue_file f;
	struct issue_comments *c;
	char *cause = NULL, *text;
	size_t n = 0, nmd = 0, i;
	int rc;

	rc = ghparse_issues(b, size, &v, &n, NULL, &cause);
	if ((rc != 0 && (cause == NULL || n != 0)) || (rc == 0 &&
	    cause != NULL) || n > GHPARSE_ISSUES_MAX_ITEMS)
		abort();
	for (i = 0; i < n; i++)
		if (v[i].title == NULL || strlen(v[i].title) >
		    ISSUES_MAX_TITLE || v[i].nlabels > ISSUES_MAX_LABELS)
			abort();
	issues_filter(v, &n, ISSUES_DEFAULT_LABELS);
	issues_sort(v, n);
	for (i = 0; i < n; i++)
		issue_done(&v[i]);
	free(v);
	free(cause);
	cause = NULL;
	/* Comments: a failure says why; the newest kept, all counted. */
	c = xcalloc(1, sizeof *c);
	rc = ghparse_issue_comments(b, size, c, &cause);
	if ((rc != 0 && cause == NULL) || (rc == 0 && (cause != NULL ||
	    c->n > c->total)) || c->n > ISSUES_MAX_COMMENTS)
		abort();
	issue_comments_free(&c);
	free(cause);
	text = xstrndup(b, size);
	mdtext_render(text, &md, &nmd);
	if (nmd > MDTEXT_MAX_LINES + 1)
		abort();
	mdtext_free(md, nmd);
	free(text);
	issuefile_parse("issues/x.md", b, size, "octo/svc", &f);
	if (f.name == NULL || (f.state == ISSUEFILE_MALFORMED) !=
	    (f.reason != NULL))
		abort();
	issuefile_done(&f);
	return 0;
}
