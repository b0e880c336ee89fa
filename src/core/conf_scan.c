/* conf_scan: a line scanner of git-config files that finds where a section
 * or key is set (file:line for messages libgit2 cannot give), following
 * [include] paths. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "opsdeck/xalloc.h"

#include "conf_scan.h"

struct walk {
	conf_site_cb	 cb;
	void		*arg;
	int		 follow;
};

static int	walk_file(struct walk *, const char *, int);

static FILE *
scan_open(const char *path)
{
	struct stat sb;
	FILE *fp;

	if (path == NULL || (fp = fopen(path, "re")) == NULL)
		return NULL;
	if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > CONFIG_SCAN_MAX_BYTES) {
		fclose(fp);
		return NULL;
	}
	return fp;
}

/* "[section]", "[section "sub"]" or the old "[section.sub]". Returns what
 * follows the ']' (git allows a key on the same line), NULL if malformed. */
static const char *
scan_header(const char *p, char *sec, size_t secsize, char *sub,
    size_t subsize)
{
	char *dot;
	size_t n = 0;

	for (p++; isalnum((unsigned char)*p) || *p == '-' || *p == '.'; p++) {
		if (n + 1 < secsize)
			sec[n++] = (char)tolower((unsigned char)*p);
	}
	sec[n] = '\0';
	sub[0] = '\0';
	if (*p == ']') {
		if ((dot = strchr(sec, '.')) != NULL) {
			*dot = '\0';
			snprintf(sub, subsize, "%s", dot + 1);
		}
		return p + 1;
	}
	p += strspn(p, " \t");
	if (*p++ != '"')
		return NULL;
	for (n = 0; *p != '"'; p++) {
		if (*p == '\\')
			p++;
		if (*p == '\0' || *p == '\n')
			return NULL;
		if (n + 1 < subsize)
			sub[n++] = *p;
	}
	sub[n] = '\0';
	return p[1] == ']' ? p + 2 : NULL;
}

static void
put_char(char *out, size_t size, size_t *n, char c)
{
	if (out != NULL && *n + 1 < size)
		out[(*n)++] = c;
}

/* A value as git reads it: quotes removed, escapes decoded, inner blanks
 * kept, comments and outer blanks dropped. Returns 1 when the line ends in
 * a backslash: the value goes on on the next line. */
static int
scan_value(const char *p, char *out, size_t size)
{
	size_t n = 0, space = 0;
	int quote = 0, cont = 0;
	char c;

	for (; *p != '\0' && *p != '\n'; p++) {
		c = *p;
		if (!quote && isspace((unsigned char)c)) {
			if (n > 0)
				space++;
			continue;
		}
		if (!quote && (c == '#' || c == ';'))
			break;
		for (; space > 0; space--)
			put_char(out, size, &n, ' ');
		if (c == '"') {
			quote = !quote;
			continue;
		}
		if (c == '\\') {
			c = *++p;
			if (c == '\0' || c == '\n' ||
			    (c == '\r' && p[1] == '\n')) {
				cont = 1;
				break;
			}
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'b')
				c = '\b';
		}
		put_char(out, size, &n, c);
	}
	if (out != NULL && size > 0)
		out[n] = '\0';
	return cont;
}

static int
walk_include(struct walk *w, const char *from, const char *value, int depth)
{
	const char *home = getenv("HOME"), *slash = strrchr(from, '/');
	char *path;
	int rc;

	if (depth >= CONFIG_SCAN_MAX_DEPTH || *value == '\0')
		return 0;
	if (strncmp(value, "~/", 2) == 0) {
		if (home == NULL)
			return 0;
		path = xasprintf("%s/%s", home, value + 2);
	} else if (*value == '/' || slash == NULL)
		path = xstrdup(value);
	else
		path = xasprintf("%.*s/%s", (int)(slash - from), from, value);
	rc = walk_file(w, path, depth + 1);
	free(path);
	return rc > 0 ? rc : 0;
}

static int
walk_file(struct walk *w, const char *path, int depth)
{
	char sec[128] = "", sub[1024] = "", key[128], value[4096], *line = NULL;
	struct conf_site site = { .file = path, .section = sec, .sub = sub };
	const char *p;
	size_t cap = 0, n;
	int rc = 0, cont = 0;
	FILE *fp;

	if ((fp = scan_open(path)) == NULL)
		return -1;
	while (rc == 0 && getline(&line, &cap, fp) != -1) {
		site.line++;
		if (cont) {
			cont = scan_value(line, NULL, 0);
			continue;
		}
		p = line + strspn(line, " \t\r");
		if (*p == '[') {
			if ((p = scan_header(p, sec, sizeof sec, sub,
			    sizeof sub)) == NULL) {
				sec[0] = '\0';	/* libgit2 refused it already */
				continue;
			}
			site.key = NULL;
			if ((rc = w->cb(&site, w->arg)) != 0)
				break;
			p += strspn(p, " \t\r");
		}
		if (!isalpha((unsigned char)*p) || sec[0] == '\0')
			continue;	/* blank, comment, or no section */
		for (n = 0; isalnum((unsigned char)*p) || *p == '-'; p++) {
			if (n + 1 < sizeof key)
				key[n++] = (char)tolower((unsigned char)*p);
		}
		key[n] = '\0';
		p += strspn(p, " \t\r");
		value[0] = '\0';
		if (*p == '=')
			cont = scan_value(p + 1, value, sizeof value);
		else if (*p != '\0' && *p != '\n' && *p != '#' && *p != ';')
			continue;
		site.key = key;
		if ((rc = w->cb(&site, w->arg)) != 0)
			break;
		if (w->follow && strcmp(sec, "include") == 0 &&
		    sub[0] == '\0' && strcmp(key, "path") == 0)
			rc = walk_include(w, path, value, depth);
	}
	free(line);
	fclose(fp);
	return rc;
}

int
conf_scan_walk(const char *path, int follow, conf_site_cb cb, void *arg)
{
	struct walk w = { .cb = cb, .arg = arg, .follow = follow };

	return walk_file(&w, path, 0);
}
