/* mdtext: Markdown to readable lines (mdtext.h), line by line: a fence
 * toggles code, inside which nothing is touched; outside, the block
 * prefix (#, -, *, 1., >) picks the kind and the inline text loses its
 * HTML tags and emphasis markers. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/mdtext.h"
#include "opsdeck/xalloc.h"

static void
add(struct md_line **v, size_t *n, enum md_kind k, const char *s, size_t len)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].kind = k;
	(*v)[*n].text = xstrndup(s, len);
	(*n)++;
}

static const struct {
	const char	*name;
	char		 c;
} entities[] = {
	{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
	{ "&quot;", '"' }, { "&#39;", '\'' }, { "&nbsp;", ' ' },
};

/* An HTML tag or comment at s: its length, else 0. */
static size_t
tag_len(const char *s)
{
	const char *e;
	bool comment;

	if (s[0] != '<' || !(isalpha((unsigned char)s[1]) || s[1] == '/' ||
	    s[1] == '!'))
		return 0;
	/* Only a whole "<!--" ends at "-->": "<!->" is a tag to its '>',
	 * and skipping three there would step past the string's end. */
	comment = strncmp(s, "<!--", 4) == 0;
	e = comment ? strstr(s, "-->") : strchr(s, '>');
	if (e == NULL)
		return 0;
	return (size_t)(e - s) + (comment ? 3 : 1);
}

/* The inline text of a line: tags dropped, entities decoded, ** __ and
 * backticks removed. Malloc'd. */
static char *
inline_text(const char *s, size_t len)
{
	char *line = xstrndup(s, len), *out = xmalloc(len + 1), *p = line;
	size_t k = 0, t, i;

	while (*p != '\0') {
		if ((t = tag_len(p)) > 0) {
			p += t;
			continue;
		}
		for (i = 0; *p == '&' && i < sizeof entities /
		    sizeof entities[0]; i++) {
			t = strlen(entities[i].name);
			if (strncmp(p, entities[i].name, t) == 0)
				break;
		}
		if (*p == '&' && i < sizeof entities / sizeof entities[0]) {
			out[k++] = entities[i].c;
			p += strlen(entities[i].name);
		} else if ((p[0] == '*' && p[1] == '*') || (p[0] == '_' &&
		    p[1] == '_'))
			p += 2;
		else if (*p == '`')
			p++;
		else
			out[k++] = *p++;
	}
	out[k] = '\0';
	free(line);
	return out;
}

static void
add_inline(struct md_line **v, size_t *n, enum md_kind k, const char *pre,
    const char *s, size_t len)
{
	char *t = inline_text(s, len), *all;

	all = xasprintf("%s%s", pre, t);
	add(v, n, k, all, strlen(all));
	free(all);
	free(t);
}

static bool
is_rule(const char *s, size_t len)
{
	size_t i, marks = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '-' || s[i] == '*' || s[i] == '_')
			marks++;
		else if (s[i] != ' ')
			return false;
	}
	return marks >= 3;
}

/* One line outside code. */
static void
block_line(struct md_line **v, size_t *n, const char *s, size_t len)
{
	size_t ind = strspn(s, " "), h = 0, d;

	if (ind > len)
		ind = len;
	if (ind >= 4) {
		add(v, n, MD_CODE, s + 4, len - 4);
		return;
	}
	s += ind;
	len -= ind;
	while (h < len && h < 6 && s[h] == '#')
		h++;
	if (h > 0 && (h == len || s[h] == ' ')) {
		add_inline(v, n, MD_HEADING, "", s + h + (h < len),
		    len - h - (h < len));
		return;
	}
	if (len >= 3 && is_rule(s, len)) {
		add(v, n, MD_RULE, "", 0);
		return;
	}
	if (len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
	    s[1] == ' ') {
		add_inline(v, n, MD_LIST, ind >= 2 ? "    - " : "  - ", s + 2,
		    len - 2);
		return;
	}
	d = strspn(s, "0123456789");
	if (d > 0 && d < 10 && d + 1 < len && (s[d] == '.' || s[d] == ')') &&
	    s[d + 1] == ' ') {
		char pre[16];

		snprintf(pre, sizeof pre, "  %.*s. ", (int)d, s);
		add_inline(v, n, MD_LIST, pre, s + d + 2, len - d - 2);
		return;
	}
	if (len >= 1 && s[0] == '>') {
		d = len >= 2 && s[1] == ' ' ? 2 : 1;
		add_inline(v, n, MD_QUOTE, "| ", s + d, len - d);
		return;
	}
	add_inline(v, n, MD_TEXT, "", s, len);
}

void
mdtext_render(const char *md, struct md_line **v, size_t *n)
{
	const char *p = md, *e;
	size_t len, start = *n;
	bool code = false;

	while (p != NULL && *p != '\0') {
		if (*n - start >= MDTEXT_MAX_LINES) {
			add(v, n, MD_TEXT, "[...]", 5);
			return;
		}
		e = strchr(p, '\n');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (strncmp(p + strspn(p, " "), "```", 3) == 0 ||
		    strncmp(p + strspn(p, " "), "~~~", 3) == 0)
			code = !code;	/* the fence line itself is not shown */
		else if (code)
			add(v, n, MD_CODE, p, len);
		else
			block_line(v, n, p, len);
		p = e != NULL ? e + 1 : NULL;
	}
}

void
mdtext_free(struct md_line *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}
