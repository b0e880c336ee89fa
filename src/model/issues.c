/* issues: the model of the issues pane (issues.h): which labels are
 * watched, how severe an issue is, the order the pane shows, and the
 * copying and freeing of the snapshots. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/issues.h"
#include "opsdeck/xalloc.h"

static bool
pattern_matches(const char *pat, size_t plen, const char *label)
{
	if (plen > 0 && pat[plen - 1] == '*')
		return strncasecmp(pat, label, plen - 1) == 0;
	return strlen(label) == plen && strncasecmp(pat, label, plen) == 0;
}

bool
issues_label_matches(const char *patterns, const char *label)
{
	const char *p = patterns;
	size_t len;

	if (p == NULL || label == NULL)
		return false;
	while (*p != '\0') {
		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (len > 0 && pattern_matches(p, len, label))
			return true;
		p += len;
	}
	return false;
}

bool
issue_wanted(const struct issue *is, const char *patterns)
{
	size_t i;

	if (patterns == NULL || patterns[strspn(patterns, " \t,")] == '\0')
		return true;
	for (i = 0; i < is->nlabels; i++) {
		if (issues_label_matches(patterns, is->labels[i].name))
			return true;
	}
	return false;
}

/* One label's rank; "sev" then digits only counts as a severity. */
static int
label_rank(const char *name)
{
	char *end;
	long n;

	if (strncasecmp(name, "sev", 3) == 0 && name[3] >= '0' &&
	    name[3] <= '9') {
		n = strtol(name + 3, &end, 10);
		if (*end == '\0' && n >= 0 && n < 100)
			return (int)n;
	}
	if (strcasecmp(name, "release-blocker") == 0)
		return 100;
	if (strcasecmp(name, "incident") == 0)
		return 101;
	if (strcasecmp(name, "bug") == 0)
		return 102;
	return 1000;
}

int
issue_severity(const struct issue *is)
{
	int best = 1000, r;
	size_t i;

	for (i = 0; i < is->nlabels; i++) {
		if (is->labels[i].name != NULL &&
		    (r = label_rank(is->labels[i].name)) < best)
			best = r;
	}
	return best;
}

static int
issue_cmp(const void *a, const void *b)
{
	const struct issue *x = a, *y = b;
	int sx = issue_severity(x), sy = issue_severity(y);

	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (x->created_at != y->created_at)
		return x->created_at < y->created_at ? -1 : 1;
	return x->number < y->number ? -1 : x->number > y->number;
}

void
issues_sort(struct issue *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, issue_cmp);
}

void
issues_filter(struct issue *v, size_t *n, const char *patterns)
{
	size_t i, k = 0;

	for (i = 0; i < *n; i++) {
		if (issue_wanted(&v[i], patterns))
			v[k++] = v[i];
		else
			issue_done(&v[i]);
	}
	*n = k;
}

/* One channel 0..255 to the xterm cube's 0..5 steps (0, 95, 135, ...). */
static int
cube_step(int v)
{
	return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40;
}

int
issue_label_xterm256(const char *hex)
{
	unsigned long v;
	char *end;

	if (hex == NULL || strlen(hex) != 6 || strspn(hex,
	    "0123456789abcdefABCDEF") != 6)
		return -1;
	v = strtoul(hex, &end, 16);
	return 16 + 36 * cube_step((int)(v >> 16 & 0xff)) +
	    6 * cube_step((int)(v >> 8 & 0xff)) + cube_step((int)(v & 0xff));
}

void
issues_resolve_files(struct issue_file *files, size_t nfiles,
    const char *repo, const struct issue *v, size_t n, bool complete)
{
	size_t i, j;

	for (i = 0; i < nfiles; i++) {
		if (files[i].state == ISSUEFILE_MALFORMED ||
		    files[i].link_number == 0 || files[i].link_repo == NULL ||
		    strcasecmp(files[i].link_repo, repo) != 0)
			continue;
		for (j = 0; j < n && v[j].number != files[i].link_number; j++)
			;
		files[i].state = j < n ? ISSUEFILE_OPEN : complete ?
		    ISSUEFILE_CLOSED : ISSUEFILE_UNKNOWN;
	}
}

void
issue_done(struct issue *is)
{
	size_t i;

	free(is->title);
	free(is->state);
	free(is->html_url);
	free(is->body);
	for (i = 0; i < is->nlabels; i++) {
		free(is->labels[i].name);
		free(is->labels[i].color);
	}
	free(is->labels);
	for (i = 0; i < is->nassignees; i++)
		free(is->assignees[i]);
	free(is->assignees);
	memset(is, 0, sizeof *is);
}

void
issue_copy(struct issue *dst, const struct issue *src)
{
	size_t i;

	*dst = *src;
	dst->title = xstrdup_null(src->title);
	dst->state = xstrdup_null(src->state);
	dst->html_url = xstrdup_null(src->html_url);
	dst->body = xstrdup_null(src->body);
	dst->labels = src->nlabels > 0 ? xcalloc(src->nlabels,
	    sizeof *dst->labels) : NULL;
	for (i = 0; i < src->nlabels; i++) {
		dst->labels[i].name = xstrdup_null(src->labels[i].name);
		dst->labels[i].color = xstrdup_null(src->labels[i].color);
	}
	dst->assignees = src->nassignees > 0 ? xcalloc(src->nassignees,
	    sizeof *dst->assignees) : NULL;
	for (i = 0; i < src->nassignees; i++)
		dst->assignees[i] = xstrdup_null(src->assignees[i]);
}

int
issues_open_labelled(const struct repo_issues *ri, const char *label)
{
	size_t i, j;
	int n = 0;

	if (ri->disabled)
		return 0;
	if (ri->patterns != NULL && *ri->patterns != '\0' &&
	    !issues_label_matches(ri->patterns, label))
		return -2;
	for (i = 0; i < ri->n; i++) {
		for (j = 0; j < ri->items[i].nlabels; j++) {
			if (ri->items[i].labels[j].name != NULL &&
			    strcasecmp(ri->items[i].labels[j].name,
			    label) == 0) {
				n++;
				break;
			}
		}
	}
	return n == 0 && (ri->stale || ri->truncated) ? -1 : n;
}

struct repo_issues *
repo_issues_dup(const struct repo_issues *ri)
{
	struct repo_issues *d = xcalloc(1, sizeof *d);
	size_t i;

	*d = *ri;
	d->repo = xstrdup_null(ri->repo);
	d->error = xstrdup_null(ri->error);
	d->patterns = xstrdup_null(ri->patterns);
	d->items = ri->n > 0 ? xcalloc(ri->n, sizeof *d->items) : NULL;
	for (i = 0; i < ri->n; i++)
		issue_copy(&d->items[i], &ri->items[i]);
	d->files = ri->nfiles > 0 ? xcalloc(ri->nfiles, sizeof *d->files) :
	    NULL;
	for (i = 0; i < ri->nfiles; i++)
		issuefile_copy(&d->files[i], &ri->files[i]);
	return d;
}

void
repo_issues_free(struct repo_issues **rp)
{
	struct repo_issues *ri;
	size_t i;

	if (rp == NULL || (ri = *rp) == NULL)
		return;
	for (i = 0; i < ri->n; i++)
		issue_done(&ri->items[i]);
	free(ri->items);
	for (i = 0; i < ri->nfiles; i++)
		issuefile_done(&ri->files[i]);
	free(ri->files);
	free(ri->repo);
	free(ri->error);
	free(ri->patterns);
	free(ri);
	*rp = NULL;
}

void
repo_issues_free_void(void *p)
{
	struct repo_issues *ri = p;

	repo_issues_free(&ri);
}

void
issue_comments_free(struct issue_comments **cp)
{
	struct issue_comments *c;
	size_t i;

	if (cp == NULL || (c = *cp) == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->items[i].author);
		free(c->items[i].body);
	}
	free(c->items);
	free(c->repo);
	free(c->error);
	free(c);
	*cp = NULL;
}

void
issue_comments_free_void(void *p)
{
	struct issue_comments *c = p;

	issue_comments_free(&c);
}
