/* actissue: the requests of the issue actions (create from a local file,
 * comment, label) and the create's link line written back into the file
 * (actissue.h), for the action worker. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "opsdeck/action.h"
#include "opsdeck/actissue.h"
#include "opsdeck/actworker.h"
#include "opsdeck/conf.h"
#include "opsdeck/envconf.h"
#include "opsdeck/fsutil.h"
#include "opsdeck/issuefile.h"
#include "opsdeck/xalloc.h"

/* The labels a create sends at most. */
#define ACTISSUE_MAX_LABELS	32

bool
actissue_is(int id)
{
	return id == ACTION_ID_ISSUE_CREATE || id == ACTION_ID_ISSUE_COMMENT ||
	    id == ACTION_ID_ISSUE_LABEL;
}

/* One line of text: [s, s + len), its ending left out. */
struct line {
	const char	*s;
	size_t		 len;	/* without "\n" or "\r\n" */
	size_t		 full;	/* with it */
};

static bool
next_line(const char **p, const char *end, struct line *l)
{
	const char *e;

	if (*p >= end)
		return false;
	e = memchr(*p, '\n', (size_t)(end - *p));
	l->s = *p;
	l->full = (size_t)((e != NULL ? e + 1 : end) - *p);
	l->len = (size_t)((e != NULL ? e : end) - *p);
	if (l->len > 0 && l->s[l->len - 1] == '\r')
		l->len--;
	*p += l->full;
	return true;
}

static bool
is_heading(const struct line *l)
{
	size_t h = 0;

	if (l->len == 0 || l->s[0] != '#')
		return false;
	while (h < l->len && l->s[h] == '#')
		h++;
	while (h < l->len && l->s[h] == ' ')
		h++;
	return h < l->len;	/* as issuefile.c: "#" alone is no title */
}

static bool
has_prefix(const struct line *l, const char *word)
{
	size_t n = strlen(word);

	return l->len >= n && strncasecmp(l->s, word, n) == 0;
}

static bool
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* "a, b ,c" to ["a","b","c"] (empty names dropped). */
static json_t *
labels_json(const char *s, size_t len)
{
	json_t *a = json_array();
	size_t i = 0, j, k;

	while (i < len && json_array_size(a) < ACTISSUE_MAX_LABELS) {
		for (j = i; j < len && s[j] != ','; j++)
			;
		k = j;
		while (i < k && (s[i] == ' ' || s[i] == '\t'))
			i++;
		while (k > i && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		if (k > i)
			json_array_append_new(a, json_stringn(s + i, k - i));
		i = j + 1;
	}
	return a;
}

/* The body: the text without its heading and labels: lines, blank lines
 * at both ends trimmed. */
static char *
body_text(const char *text, size_t len, const struct line *head,
    const struct line *labels, size_t *blen)
{
	char *b = xmalloc(len + 1);
	const char *p = text, *end = text + len;
	struct line l;
	size_t n = 0, start = 0;

	while (next_line(&p, end, &l)) {
		if (l.s == head->s || (labels->s != NULL && l.s == labels->s))
			continue;
		memcpy(b + n, l.s, l.full);
		n += l.full;
	}
	while (start < n) {
		const char *e = memchr(b + start, '\n', n - start);
		size_t ll = e != NULL ? (size_t)(e - (b + start)) + 1 :
		    n - start;

		if (!blank(b + start, ll))
			break;
		start += ll;
	}
	while (n > start && blank(b + n - 1, 1))
		n--;
	memmove(b, b + start, n - start);
	*blen = n - start;
	b[*blen] = '\0';
	return b;
}

int
actissue_create_json(const char *text, size_t len, char **json, char **why)
{
	const char *p = text, *end = text + len;
	struct line l, head = { NULL, 0, 0 }, labels = { NULL, 0, 0 };
	json_t *o, *t, *b, *lab;
	char *body;
	size_t blen, h = 0;

	*json = NULL;
	if (memchr(text, '\0', len) != NULL) {
		*why = xstrdup("not a text file (NUL byte)");
		return -1;
	}
	while (next_line(&p, end, &l)) {
		if (head.s == NULL && is_heading(&l))
			head = l;
		else if (has_prefix(&l, "github:")) {
			*why = xstrdup("it has a github: line already (it is "
			    "on GitHub)");
			return -1;
		} else if (labels.s == NULL && has_prefix(&l, "labels:"))
			labels = l;
	}
	if (head.s == NULL) {
		*why = xstrdup("no heading (the first # line is the title)");
		return -1;
	}
	while (h < head.len && head.s[h] == '#')
		h++;
	while (h < head.len && head.s[h] == ' ')
		h++;
	body = body_text(text, len, &head, &labels, &blen);
	t = json_stringn(head.s + h, head.len - h);
	b = json_stringn(body, blen);
	lab = labels.s != NULL ? labels_json(labels.s + 7, labels.len - 7) :
	    json_array();
	free(body);
	if (t == NULL || b == NULL || lab == NULL) {
		json_decref(t);
		json_decref(b);
		json_decref(lab);
		*why = xstrdup("the file is not UTF-8 text");
		return -1;
	}
	o = json_object();
	json_object_set_new(o, "title", t);
	json_object_set_new(o, "body", b);
	if (json_array_size(lab) > 0)
		json_object_set_new(o, "labels", lab);
	else
		json_decref(lab);
	*json = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (*json == NULL) {
		*why = xstrdup("cannot encode the request");
		return -1;
	}
	return 0;
}

int
actissue_link_insert(const char *text, size_t len, int64_t number,
    char **out, size_t *outlen)
{
	const char *p = text, *end = text + len, *eol;
	struct line l = { NULL, 0, 0 };
	char link[64];
	size_t at, n, ll;

	while (next_line(&p, end, &l) && !is_heading(&l))
		;
	if (l.s == NULL || !is_heading(&l))
		return -1;
	at = (size_t)(l.s - text) + l.full;
	/* The heading's own ending: "\r\n" stays "\r\n". */
	eol = l.full == l.len + 2 ? "\r\n" : "\n";
	ll = (size_t)snprintf(link, sizeof link, "%sgithub: #%" PRId64 "%s",
	    l.full == l.len ? "\n" : "", number, eol);
	n = len + ll;
	*out = xmalloc(n + 1);
	memcpy(*out, text, at);
	memcpy(*out + at, link, ll);
	memcpy(*out + at + ll, text + at, len - at);
	(*out)[n] = '\0';
	*outlen = n;
	return 0;
}

int
actissue_write_atomic(const char *path, const char *data, size_t len,
    char **why)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	char *dir = xstrdup(path), *slash;
	struct stat sb;
	mode_t mode = 0644;
	int fd, dfd, rc = -1;

	/* The file keeps its mode (not the umask's). */
	if (stat(path, &sb) == 0)
		mode = sb.st_mode & 07777;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0) {
		*why = xasprintf("%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fs_write_all(fd, data, len) != 0 || fchmod(fd, mode) != 0 ||
	    fsync(fd) != 0) {
		*why = xasprintf("%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		*why = xasprintf("%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* The rename itself durable. */
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	free(tmp);
	free(dir);
	return rc;
}

char *
actissue_path_segment(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i, k = 0;
	char *o = xmalloc(n * 3 + 1);
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			o[k++] = (char)c;
		else {
			o[k++] = '%';
			o[k++] = hex[c >> 4];
			o[k++] = hex[c & 15];
		}
	}
	o[k] = '\0';
	return o;
}

/* A file name from the UI: issues/NAME.md, nothing that leaves the
 * directory. */
static bool
file_ok(const char *f)
{
	size_t n;

	if (f == NULL || strncmp(f, "issues/", 7) != 0)
		return false;
	n = strlen(f);
	return n > 10 && n < 300 && strcmp(f + n - 3, ".md") == 0 &&
	    strchr(f + 7, '/') == NULL && f[7] != '.';
}

/* The file of req in its clone, whole; -1 with *why. */
static int
read_file(const struct conf *cfg, const struct action_request *req,
    char **path, char **text, size_t *len, char **why)
{
	const struct repo_conf *rc = cfg != NULL ? envconf_repo(cfg,
	    req->repo) : NULL;
	ssize_t r;
	int fd;

	*path = *text = NULL;
	*len = 0;
	if (!file_ok(req->file)) {
		*why = xstrdup("issue-create: select a local issue file "
		    "(issues/NAME.md) first");
		return -1;
	}
	if (rc == NULL || rc->path == NULL) {
		*why = xasprintf("issue-create: %s has no [repo] path (the "
		    "clone the file is in)", req->repo);
		return -1;
	}
	*path = xasprintf("%s/%s", rc->path, req->file);
	if ((fd = open(*path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)) < 0) {
		*why = xasprintf("issue-create: %s: %s", req->file,
		    strerror(errno));
		free(*path);
		*path = NULL;
		return -1;
	}
	*text = xmalloc(ISSUEFILE_MAX_BYTES + 1);
	while (*len <= ISSUEFILE_MAX_BYTES && (r = read(fd, *text + *len,
	    ISSUEFILE_MAX_BYTES + 1 - *len)) > 0)
		*len += (size_t)r;
	close(fd);
	if (*len > ISSUEFILE_MAX_BYTES) {
		*why = xasprintf("issue-create: %s is larger than %d bytes",
		    req->file, ISSUEFILE_MAX_BYTES);
		free(*path);
		free(*text);
		*path = *text = NULL;
		return -1;
	}
	return 0;
}

char *
actissue_flight_target(const struct action_request *req)
{
	const char *repo = req->repo != NULL ? req->repo : "";

	if (req->id == ACTION_ID_ISSUE_CREATE)
		return xasprintf("%s %s", repo, req->file != NULL ? req->file :
		    "");
	if (actissue_is(req->id))
		return xasprintf("%s issue %" PRId64, repo, req->number);
	return NULL;
}

int
actissue_check(const struct action_ctx *ctx, const struct action_request *req,
    bool final, char **why)
{
	const struct action_def *d = action_def(req->id);
	const char *text = req->id == ACTION_ID_ISSUE_COMMENT ? req->reason :
	    req->label;

	if (action_check(ctx, req->id, why) != 0)
		return -1;
	if (req->repo == NULL)
		*why = xasprintf("%s: no repository", d->name);
	else if (req->id == ACTION_ID_ISSUE_CREATE && !file_ok(req->file))
		*why = xstrdup("issue-create: select a local issue file "
		    "(issues/NAME.md) first");
	else if (req->id != ACTION_ID_ISSUE_CREATE && req->number <= 0)
		*why = xasprintf("%s: select an issue first", d->name);
	else if (final && req->id != ACTION_ID_ISSUE_CREATE && (text == NULL ||
	    blank(text, strlen(text))))
		*why = xasprintf("%s: %s", d->name, req->id ==
		    ACTION_ID_ISSUE_COMMENT ? "the comment is empty" :
		    "no label named");
	else
		return 0;
	return -1;
}

static int
build_create(const struct conf *cfg, const struct action_request *req,
    char **path, char **json, char **why)
{
	char *fpath, *text, *cause = NULL;
	size_t len;

	if (read_file(cfg, req, &fpath, &text, &len, why) != 0)
		return -1;
	free(fpath);
	if (actissue_create_json(text, len, json, &cause) != 0) {
		*why = xasprintf("issue-create: %s: %s", req->file, cause);
		free(cause);
		free(text);
		return -1;
	}
	free(text);
	*path = xasprintf("/repos/%s/issues", req->repo);
	return 0;
}

int
actissue_build(const struct conf *cfg, const struct action_request *req,
    const char **method, char **path, char **json, char **why)
{
	const struct action_def *d = action_def(req->id);
	char *seg;
	json_t *o;

	*method = "POST";
	*path = *json = NULL;
	if (req->repo == NULL) {
		*why = xasprintf("%s: no repository", d->name);
		return -1;
	}
	if (req->id == ACTION_ID_ISSUE_CREATE)
		return build_create(cfg, req, path, json, why);
	if (req->number <= 0) {
		*why = xasprintf("%s: select an issue first", d->name);
		return -1;
	}
	if (req->id == ACTION_ID_ISSUE_COMMENT) {
		if (req->reason == NULL || blank(req->reason,
		    strlen(req->reason))) {
			*why = xstrdup("issue-comment: the comment is empty");
			return -1;
		}
		o = json_pack("{s:s}", "body", req->reason);
		*path = xasprintf("/repos/%s/issues/%" PRId64 "/comments",
		    req->repo, req->number);
	} else {
		if (req->label == NULL || blank(req->label,
		    strlen(req->label))) {
			*why = xstrdup("issue-label: no label named");
			return -1;
		}
		if (req->label_remove) {
			seg = actissue_path_segment(req->label);
			*method = "DELETE";
			*path = xasprintf("/repos/%s/issues/%" PRId64
			    "/labels/%s", req->repo, req->number, seg);
			free(seg);
			return 0;
		}
		o = json_pack("{s:[s]}", "labels", req->label);
		*path = xasprintf("/repos/%s/issues/%" PRId64 "/labels",
		    req->repo, req->number);
	}
	*json = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (*json == NULL) {
		free(*path);
		*path = NULL;
		*why = xasprintf("%s: the text is not UTF-8", d->name);
		return -1;
	}
	return 0;
}

static char *
link_back(const struct conf *cfg, const struct action_request *req,
    const char *body, size_t len)
{
	json_error_t err;
	json_t *o = json_loadb(body != NULL ? body : "", len, 0, &err);
	json_t *num = json_object_get(o, "number");
	char *fpath = NULL, *text = NULL, *out = NULL, *why = NULL, *msg;
	size_t tlen, olen;
	int64_t n = json_is_integer(num) ? (int64_t)json_integer_value(num) :
	    0, *number = &n;

	json_decref(o);
	if (*number <= 0)
		return xstrdup("; GitHub's answer names no issue number: "
		    "the file is unchanged");
	/* Read again: the file as it is now gets the line, nothing else. */
	if (read_file(cfg, req, &fpath, &text, &tlen, &why) != 0)
		msg = xasprintf("; #%" PRId64 " made, but the link was not "
		    "written: %s", *number, why);
	else if (actissue_link_insert(text, tlen, *number, &out, &olen) != 0)
		msg = xasprintf("; #%" PRId64 " made, but %s has no heading "
		    "now: the link was not written", *number, req->file);
	else if (actissue_write_atomic(fpath, out, olen, &why) != 0)
		msg = xasprintf("; #%" PRId64 " made, but the link was not "
		    "written: %s", *number, why);
	else
		msg = xasprintf("; #%" PRId64 ", %s linked", *number,
		    req->file);
	free(why);
	free(fpath);
	free(text);
	free(out);
	return msg;
}

/* A failure's "message" (and its first error's field and code), as
 * GitHub wrote it; the status line sanitises it. */
static char *
failure_text(const struct action_request *req, const char *body, size_t len)
{
	json_error_t err;
	json_t *o = json_loadb(body != NULL ? body : "", len, 0, &err);
	json_t *e = json_array_get(json_object_get(o, "errors"), 0);
	const char *m = json_string_value(json_object_get(o, "message"));
	const char *f = json_string_value(json_object_get(e, "field"));
	const char *c = json_string_value(json_object_get(e, "code"));
	char *s;

	s = xasprintf("%s%.200s%s%.60s%s%.60s%s%s", m != NULL ? ": " : "",
	    m != NULL ? m : "", f != NULL ? " (" : "", f != NULL ? f : "",
	    f != NULL && c != NULL ? " " : "", f != NULL && c != NULL ? c :
	    "", f != NULL ? ")" : "", req->id == ACTION_ID_ISSUE_CREATE ?
	    "; the file is unchanged" : "");
	json_decref(o);
	return s;
}

char *
actissue_answered(const struct conf *cfg, const struct action_request *req,
    bool ok, const char *body, size_t len, char *msg)
{
	char *more, *m;

	if (!ok)
		more = failure_text(req, body, len);
	else if (req->id == ACTION_ID_ISSUE_CREATE)
		more = link_back(cfg, req, body, len);
	else
		return msg;
	m = xasprintf("%s%s", msg, more);
	free(more);
	free(msg);
	return m;
}

char *
actissue_target(const struct action_request *req)
{
	if (req->id == ACTION_ID_ISSUE_CREATE)
		return xasprintf("file %s", req->file != NULL ? req->file :
		    "?");
	if (req->id == ACTION_ID_ISSUE_LABEL)
		return xasprintf("issue #%" PRId64 " label %c%s", req->number,
		    req->label_remove ? '-' : '+', req->label != NULL ?
		    req->label : "");
	return xasprintf("issue #%" PRId64, req->number);
}
