/* issuefile: the parsing and scanning of issues/NAME.md (issuefile.h). A
 * file is read whole up to ISSUEFILE_MAX_BYTES; what is past that cannot
 * change its title or link lines, which are searched line by line. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "opsdeck/issuefile.h"
#include "opsdeck/xalloc.h"

static void
malformed(struct issue_file *f, const char *why)
{
	free(f->title);
	f->title = NULL;
	free(f->reason);
	f->reason = xstrdup(why);
	f->state = ISSUEFILE_MALFORMED;
}

/* "#123" or "owner/repo#123" after "github:"; 0 ok. */
static int
parse_link(const char *s, size_t len, const char *repo, struct issue_file *f)
{
	char buf[256], *hash, *end;
	long long n;

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	while (len > 0 && isspace((unsigned char)*s))
		s++, len--;
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if ((hash = strrchr(buf, '#')) == NULL)
		return -1;
	errno = 0;
	n = strtoll(hash + 1, &end, 10);
	if (*end != '\0' || end == hash + 1 || n <= 0 || errno != 0)
		return -1;
	*hash = '\0';
	if (buf[0] != '\0' && (strchr(buf, '/') == NULL || strchr(buf, '/') !=
	    strrchr(buf, '/') || buf[0] == '/' || buf[strlen(buf) - 1] == '/' ||
	    strcspn(buf, " \t") != strlen(buf)))
		return -1;
	f->link_repo = xstrdup(buf[0] != '\0' ? buf : repo);
	f->link_number = (int64_t)n;
	return 0;
}

static void
parse_line(const char *s, size_t len, const char *repo, struct issue_file *f,
    int *links)
{
	size_t h = 0;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (f->title == NULL && len > 0 && s[0] == '#') {
		while (h < len && s[h] == '#')
			h++;
		while (h < len && s[h] == ' ')
			h++;
		if (h < len)
			f->title = xstrndup(s + h, len - h);
		return;
	}
	if (len >= 7 && strncasecmp(s, "github:", 7) == 0) {
		/* A second link, or any after a bad one, is malformed for
		 * good: never parsed (it would replace the first's) and
		 * never counted back up to a good state. */
		if (*links != 0 || parse_link(s + 7, len - 7, repo, f) != 0)
			*links = -1;
		else
			*links = 1;
		return;
	}
	if (len >= 7 && strncasecmp(s, "labels:", 7) == 0 &&
	    f->labels == NULL) {
		/* The line is not NUL-terminated: no strspn past its end. */
		for (h = 7; h < len && s[h] == ' '; h++)
			continue;
		f->labels = xstrndup(s + h, len - h);
	}
}

void
issuefile_parse(const char *name, const char *text, size_t len,
    const char *repo, struct issue_file *f)
{
	const char *p = text, *e, *end = text + len;
	int links = 0;

	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	f->state = ISSUEFILE_LOCAL;
	if (memchr(text, '\0', len) != NULL) {
		malformed(f, "not a text file (NUL byte)");
		return;
	}
	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		parse_line(p, (size_t)((e != NULL ? e : end) - p), repo, f,
		    &links);
		p = e != NULL ? e + 1 : end;
	}
	if (links < 0) {
		free(f->link_repo);
		f->link_repo = NULL;
		f->link_number = 0;
		malformed(f, "bad or second github: line (want github: #123 "
		    "or github: owner/repo#123)");
	} else if (f->title == NULL)
		malformed(f, "no heading (the first # line is the title)");
	else if (f->link_number > 0)
		f->state = ISSUEFILE_UNKNOWN;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct issue_file *)a)->name,
	    ((const struct issue_file *)b)->name);
}

static void
read_one(const char *dir, const char *file, const char *repo,
    struct issue_file *out)
{
	char *path = xasprintf("%s/issues/%s", dir, file), *name, *buf;
	ssize_t r;
	size_t len = 0;
	int fd;

	name = xasprintf("issues/%s", file);
	buf = xmalloc(ISSUEFILE_MAX_BYTES);
	/* O_NOFOLLOW: a symlink out of the clone is not read. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) >= 0) {
		while (len < ISSUEFILE_MAX_BYTES && (r = read(fd, buf + len,
		    ISSUEFILE_MAX_BYTES - len)) > 0)
			len += (size_t)r;
		close(fd);
		issuefile_parse(name, buf, len, repo, out);
	} else {
		memset(out, 0, sizeof *out);
		out->name = xstrdup(name);
		malformed(out, strerror(errno));
	}
	free(buf);
	free(name);
	free(path);
}

int
issuefile_scan(const char *dir, const char *repo, struct issue_file **v,
    size_t *n)
{
	char *path = xasprintf("%s/issues", dir);
	struct dirent *de;
	size_t len, start = *n;
	DIR *d;

	d = opendir(path);
	free(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL && *n - start < ISSUEFILE_MAX_FILES) {
		len = strlen(de->d_name);
		if (len < 4 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + len - 3, ".md") != 0)
			continue;
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		read_one(dir, de->d_name, repo, &(*v)[*n]);
		(*n)++;
	}
	closedir(d);
	if (*n - start > 1)
		qsort(*v + start, *n - start, sizeof **v, name_cmp);
	return 0;
}

const char *
issuefile_state_word(enum issuefile_state s)
{
	switch (s) {
	case ISSUEFILE_OPEN:
		return "open";
	case ISSUEFILE_CLOSED:
		return "closed on GitHub";
	case ISSUEFILE_LOCAL:
		return "not on GitHub";
	case ISSUEFILE_MALFORMED:
		return "malformed";
	default:
		return "linked";
	}
}

void
issuefile_done(struct issue_file *f)
{
	free(f->name);
	free(f->title);
	free(f->link_repo);
	free(f->labels);
	free(f->reason);
	memset(f, 0, sizeof *f);
}

void
issuefile_copy(struct issue_file *dst, const struct issue_file *src)
{
	*dst = *src;
	dst->name = xstrdup_null(src->name);
	dst->title = xstrdup_null(src->title);
	dst->link_repo = xstrdup_null(src->link_repo);
	dst->labels = xstrdup_null(src->labels);
	dst->reason = xstrdup_null(src->reason);
}
