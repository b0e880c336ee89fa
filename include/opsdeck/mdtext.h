/* mdtext: GitHub-flavoured Markdown (an issue's body, a comment) as
 * readable plain lines for a terminal: headings without their #s, list
 * items with a bullet, fenced and indented code kept verbatim, quotes
 * marked, HTML tags dropped (entities decoded) and emphasis markers
 * removed. Not a renderer: enough to read an issue. Pure functions, any
 * thread; the output is still remote text (the UI sanitises it). */
#ifndef OPSDECK_MDTEXT_H
#define OPSDECK_MDTEXT_H

#include <stddef.h>

/* At most this many lines out of one body (the rest is dropped and a
 * last line says so). */
#define MDTEXT_MAX_LINES	2000

enum md_kind {
	MD_TEXT,
	MD_HEADING,
	MD_LIST,
	MD_CODE,
	MD_QUOTE,
	MD_RULE,
};

struct md_line {
	enum md_kind	 kind;
	char		*text;
};

/* Appends the lines of md (NULL: none) to *v, *n. */
void	 mdtext_render(const char *md, struct md_line **v, size_t *n);
void	 mdtext_free(struct md_line *v, size_t n);

#endif
