#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <git2.h>

#include "opsdeck/buf.h"
#include "opsdeck/config.h"
#include "opsdeck/remote.h"

extern const char config_defaults[];	/* data/defaults.conf, generated */

struct loader {
	git_config	*git;
	const char	*user_path;	/* NULL: defaults only */
	char		**includes;	/* include.path of the user file */
	size_t		 nincludes;
	char		*cause;
};

/* The scanners below read only regular files of sane size: an include of
 * /dev/zero or a FIFO must not hang the console. */
#define CONFIG_MAX_BYTES	(1 << 20)

static FILE *
open_config_file(const char *path)
{
	struct stat sb;
	FILE *fp;

	if (path == NULL || (fp = fopen(path, "r")) == NULL)
		return NULL;
	if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > CONFIG_MAX_BYTES) {
		fclose(fp);
		return NULL;
	}
	return fp;
}

/* --- finding where a key was set, for file:line messages --- */

/* Parses "[section]" or "[section "sub"]" into lower-case section and
 * verbatim subsection. Returns 0 on a header line. */
static int
parse_header(const char *line, char *sec, size_t ssize, char *sub,
    size_t subsize)
{
	const char *p = line, *q;
	size_t n = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (*p++ != '[')
		return -1;
	while (*p != '\0' && *p != ']' && !isspace((unsigned char)*p) &&
	    *p != '"' && n + 1 < ssize)
		sec[n++] = (char)tolower((unsigned char)*p++);
	sec[n] = '\0';
	sub[0] = '\0';
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '"') {
		p++;
		n = 0;
		for (q = p; *q != '\0' && *q != '"' && n + 1 < subsize; q++) {
			if (*q == '\\' && q[1] != '\0')
				q++;
			sub[n++] = *q;
		}
		sub[n] = '\0';
	} else if (strchr(sec, '.') != NULL) {	/* [section.sub] form */
		q = strchr(sec, '.');
		snprintf(sub, subsize, "%s", q + 1);
		sec[q - sec] = '\0';
	}
	return 0;
}

/* The last line of path where section[.sub].key is set; 0 if none. */
int
config_find_line(const char *path, const char *section, const char *sub,
    const char *key)
{
	char line[4096], sec[128] = "", cur_sub[512] = "", name[128];
	FILE *fp;
	int lineno = 0, found = 0;
	size_t n;
	const char *p;

	if ((fp = open_config_file(path)) == NULL)
		return 0;
	while (fgets(line, sizeof line, fp) != NULL) {
		lineno++;
		p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '[') {
			parse_header(p, sec, sizeof sec, cur_sub,
			    sizeof cur_sub);
			p = strchr(p, ']');
			if (p == NULL)
				continue;
			p++;
			while (isspace((unsigned char)*p))
				p++;
		}
		if (*p == '#' || *p == ';' || *p == '\0')
			continue;
		for (n = 0; (isalnum((unsigned char)*p) || *p == '-') &&
		    n + 1 < sizeof name; p++)
			name[n++] = (char)tolower((unsigned char)*p);
		name[n] = '\0';
		if (strcmp(sec, section) == 0 && strcmp(name, key) == 0 &&
		    strcmp(cur_sub, sub != NULL ? sub : "") == 0)
			found = lineno;
	}
	fclose(fp);
	return found;
}

/* Sets ld->cause to "FILE:LINE: key 'K': message" (FILE:LINE when known). */
static int
fail(struct loader *ld, const char *section, const char *sub,
    const char *key, const char *fmt, ...)
{
	char msg[1024], where[PATH_MAX + 32] = "", full[256];
	const char *file = NULL;
	va_list ap;
	size_t i;
	int line = 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (i = ld->nincludes; i > 0 && line == 0; i--) {
		line = config_find_line(ld->includes[i - 1], section, sub, key);
		file = ld->includes[i - 1];
	}
	if (line == 0 && ld->user_path != NULL) {
		line = config_find_line(ld->user_path, section, sub, key);
		file = ld->user_path;
	}
	if (line > 0)
		snprintf(where, sizeof where, "%s:%d: ", file, line);
	else if (ld->user_path != NULL)
		snprintf(where, sizeof where, "%s: ", ld->user_path);
	if (sub != NULL && *sub != '\0')
		snprintf(full, sizeof full, "%s.%s.%s", section, sub, key);
	else
		snprintf(full, sizeof full, "%s.%s", section, key);
	free(ld->cause);
	if (asprintf(&ld->cause, "%skey '%s': %s", where, full, msg) < 0)
		ld->cause = NULL;
	return -1;
}

/* --- typed getters; absent keys leave *out as it is --- */

static int
get_str(struct loader *ld, const char *name, char **out)
{
	git_buf b = { 0 };
	int rc;

	rc = git_config_get_string_buf(&b, ld->git, name);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc != 0)
		return -1;
	free(*out);
	*out = strdup(b.ptr);
	git_buf_dispose(&b);
	return *out != NULL ? 0 : -1;
}

/* "30", "30s", "5m", "1h" to seconds within [min, max]. */
static int
get_duration(struct loader *ld, const char *section, const char *sub,
    const char *key, int min, int max, int *out)
{
	char name[600], *s = NULL, *end;
	long v;

	if (sub != NULL)
		snprintf(name, sizeof name, "%s.%s.%s", section, sub, key);
	else
		snprintf(name, sizeof name, "%s.%s", section, key);
	if (get_str(ld, name, &s) != 0)
		return fail(ld, section, sub, key, "cannot read");
	if (s == NULL)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno != 0)
		goto bad;
	if (*end == 'm' && end[1] == '\0')
		v *= 60;
	else if (*end == 'h' && end[1] == '\0')
		v *= 3600;
	else if (!(*end == '\0' || (*end == 's' && end[1] == '\0')))
		goto bad;
	if (v < min || v > max) {
		fail(ld, section, sub, key, "must be between %d and %d "
		    "seconds, got '%s'", min, max, s);
		free(s);
		return -1;
	}
	*out = (int)v;
	free(s);
	return 0;
bad:
	fail(ld, section, sub, key, "expected a duration like 30s or 5m, "
	    "got '%s'", s);
	free(s);
	return -1;
}

static int
get_int(struct loader *ld, const char *section, const char *key, int min,
    int max, int *out)
{
	char name[300], *s = NULL, *end;
	long v;

	snprintf(name, sizeof name, "%s.%s", section, key);
	if (get_str(ld, name, &s) != 0)
		return fail(ld, section, NULL, key, "cannot read");
	if (s == NULL)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < min || v > max) {
		fail(ld, section, NULL, key, "expected a number from %d to "
		    "%d, got '%s'", min, max, s);
		free(s);
		return -1;
	}
	*out = (int)v;
	free(s);
	return 0;
}

static int
check_api_url(struct loader *ld, const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL;
	int rc = -1;

	if (u == NULL)
		return fail(ld, "github", NULL, "api-url", "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		fail(ld, "github", NULL, "api-url", "not a URL: '%s'", url);
	else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0))
		fail(ld, "github", NULL, "api-url", "expected an http or "
		    "https URL, got '%s'", url);
	else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    *host == '\0')
		fail(ld, "github", NULL, "api-url", "no host in '%s'", url);
	else if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK)
		fail(ld, "github", NULL, "api-url", "credentials do not "
		    "belong in the URL; use GH_TOKEN or token-command");
	else
		rc = 0;
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_url_cleanup(u);
	return rc;
}

/* GitHub's owner and repository name characters; nothing else may reach
 * a URL path. */
static int
valid_slug(const char *s)
{
	const char *slash = strchr(s, '/'), *p;
	size_t olen, rlen;

	if (slash == NULL || strchr(slash + 1, '/') != NULL)
		return 0;
	olen = (size_t)(slash - s);
	rlen = strlen(slash + 1);
	if (olen == 0 || olen > 39 || rlen == 0 || rlen > 100)
		return 0;
	for (p = s; p < slash; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return 0;
	}
	for (p = slash + 1; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' &&
		    *p != '.')
			return 0;
	}
	return strcmp(slash + 1, ".") != 0 && strcmp(slash + 1, "..") != 0;
}

static struct repo_conf *
repo_find(struct config *cfg, const char *slug)
{
	size_t i;

	for (i = 0; i < cfg->nrepos; i++) {
		if (strcmp(cfg->repos[i].name, slug) == 0)
			return &cfg->repos[i];
	}
	return NULL;
}

static int
repo_add(struct loader *ld, struct config *cfg, const char *slug)
{
	struct repo_conf *repos;

	if (repo_find(cfg, slug) != NULL)
		return 0;
	if (!valid_slug(slug)) {
		free(ld->cause);
		if (asprintf(&ld->cause, "%s: [repo \"%s\"]: expected "
		    "owner/name", ld->user_path != NULL ? ld->user_path :
		    "config", slug) < 0)
			ld->cause = NULL;
		return -1;
	}
	repos = realloc(cfg->repos, (cfg->nrepos + 1) * sizeof *repos);
	if (repos == NULL)
		return -1;
	cfg->repos = repos;
	memset(&repos[cfg->nrepos], 0, sizeof *repos);
	if ((repos[cfg->nrepos].name = strdup(slug)) == NULL)
		return -1;
	repos[cfg->nrepos].interval_s = cfg->interval_s;
	cfg->nrepos++;
	return 0;
}

/* Sections are found by scanning the files: a bare [repo "o/n"] with no
 * keys is meaningful, and libgit2 only reports keys. */
static int
scan_repo_sections(struct loader *ld, struct config *cfg, const char *path)
{
	char line[4096], sec[128], sub[512];
	FILE *fp;
	int rc = 0;

	if ((fp = open_config_file(path)) == NULL)
		return 0;
	while (rc == 0 && fgets(line, sizeof line, fp) != NULL) {
		if (parse_header(line, sec, sizeof sec, sub, sizeof sub) == 0 &&
		    strcmp(sec, "repo") == 0)
			rc = repo_add(ld, cfg, sub);
	}
	fclose(fp);
	return rc;
}

static int
load_repo(struct loader *ld, struct config *cfg, struct repo_conf *r)
{
	char name[600];

	snprintf(name, sizeof name, "repo.%s.path", r->name);
	if (get_str(ld, name, &r->path) != 0)
		return -1;
	snprintf(name, sizeof name, "repo.%s.branch", r->name);
	if (get_str(ld, name, &r->branch) != 0)
		return -1;
	return get_duration(ld, "repo", r->name, "interval", 5, 86400,
	    &r->interval_s);
}

static int
expand_home(char **path)
{
	const char *home = getenv("HOME");
	char *p;

	if (*path == NULL || strncmp(*path, "~/", 2) != 0 || home == NULL)
		return 0;
	if (asprintf(&p, "%s/%s", home, *path + 2) < 0)
		return -1;
	free(*path);
	*path = p;
	return 0;
}

static int
keys_entry(const git_config_entry *e, void *arg)
{
	struct loader *ld = ((void **)arg)[0];
	struct config *cfg = ((void **)arg)[1];
	struct key_conf *keys, *k;
	const char *action = strchr(e->name, '.') + 1;
	int line;

	keys = realloc(cfg->keys, (cfg->nkeys + 1) * sizeof *keys);
	if (keys == NULL)
		return -1;
	cfg->keys = keys;
	k = &keys[cfg->nkeys];
	memset(k, 0, sizeof *k);
	line = config_find_line(ld->user_path, "keys", NULL, action);
	if ((k->action = strdup(action)) == NULL ||
	    (k->key = strdup(e->value != NULL ? e->value : "")) == NULL ||
	    asprintf(&k->where, "%s:%d", ld->user_path != NULL ?
	    ld->user_path : "config", line) < 0) {
		free(k->action);
		free(k->key);
		return -1;
	}
	cfg->nkeys++;
	return 0;
}

/* A plain iterator with a prefix compare: libgit2 1.5's
 * git_config_foreach_match leaks PCRE2 match data on every non-match. */
static int
load_keys(struct loader *ld, struct config *cfg)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	void *arg[2] = { ld, cfg };
	int rc = 0;

	if (git_config_iterator_new(&it, ld->git) != 0)
		return 0;
	while (rc == 0 && git_config_next(&e, it) == 0) {
		if (strncasecmp(e->name, "keys.", 5) == 0)
			rc = keys_entry(e, arg);
	}
	git_config_iterator_free(it);
	if (rc != 0) {
		free(ld->cause);
		ld->cause = strdup("out of memory reading [keys]");
		return -1;
	}
	return 0;
}

static int
load_values(struct loader *ld, struct config *cfg)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	size_t i;

	if (get_str(ld, "github.api-url", &cfg->api_url) != 0 ||
	    check_api_url(ld, cfg->api_url) != 0 ||
	    get_str(ld, "github.api-version", &cfg->api_version) != 0 ||
	    get_str(ld, "github.token-command", &cfg->token_command) != 0 ||
	    get_duration(ld, "github", NULL, "connect-timeout", 1, 300,
	    &cfg->connect_timeout_s) != 0 ||
	    get_duration(ld, "github", NULL, "timeout", 1, 600,
	    &cfg->timeout_s) != 0 ||
	    get_int(ld, "github", "per-page", 1, 100, &cfg->per_page) != 0 ||
	    get_int(ld, "core", "workers", 1, 16, &cfg->workers) != 0 ||
	    get_str(ld, "core.cache-dir", &cfg->cache_dir) != 0 ||
	    get_str(ld, "ui.theme", &cfg->theme) != 0 ||
	    get_str(ld, "ui.layout", &cfg->layout) != 0 ||
	    get_duration(ld, "ui", NULL, "interval", 5, 86400,
	    &cfg->interval_s) != 0 ||
	    get_duration(ld, "ui", NULL, "fast-interval", 1, 3600,
	    &cfg->fast_interval_s) != 0)
		return -1;
	if (strcmp(cfg->layout, "grid") != 0 &&
	    strcmp(cfg->layout, "stack") != 0)
		return fail(ld, "ui", NULL, "layout", "expected grid or stack, "
		    "got '%s'", cfg->layout);
	if (cfg->api_version[0] == '\0')
		return fail(ld, "github", NULL, "api-version", "is empty");
	if (cfg->cache_dir == NULL) {
		if (xdg != NULL && *xdg == '/')
			asprintf(&cfg->cache_dir, "%s/opsdeck", xdg);
		else
			asprintf(&cfg->cache_dir, "%s/.cache/opsdeck",
			    home != NULL ? home : "/tmp");
	}
	if (expand_home(&cfg->cache_dir) != 0)
		return -1;
	if (load_keys(ld, cfg) != 0)
		return -1;
	if (scan_repo_sections(ld, cfg, ld->user_path) != 0)
		return -1;
	for (i = 0; i < ld->nincludes; i++) {
		if (scan_repo_sections(ld, cfg, ld->includes[i]) != 0)
			return -1;
	}
	for (i = 0; i < cfg->nrepos; i++) {
		if (load_repo(ld, cfg, &cfg->repos[i]) != 0)
			return -1;
		if (expand_home(&cfg->repos[i].path) != 0)
			return -1;
	}
	return 0;
}

/* The compiled-in defaults go through libgit2 like any file: an
 * anonymous memory file (or an unlinked temporary one) read at once. */
static int
add_defaults(git_config *git)
{
	char path[64], tmpl[] = "/tmp/opsdeck-defaults.XXXXXX";
	size_t len = strlen(config_defaults);
	int fd = -1, rc, memfd = 0;

#ifdef HAVE_MEMFD_CREATE
	if ((fd = memfd_create("opsdeck-defaults", MFD_CLOEXEC)) >= 0)
		memfd = 1;
#endif
	if (fd < 0 && (fd = mkstemp(tmpl)) < 0)
		return -1;
	if (write(fd, config_defaults, len) != (ssize_t)len) {
		close(fd);
		if (!memfd)
			unlink(tmpl);
		return -1;
	}
	if (memfd)
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	else
		snprintf(path, sizeof path, "%s", tmpl);
	rc = git_config_add_file_ondisk(git, path, GIT_CONFIG_LEVEL_SYSTEM,
	    NULL, 0);
	if (!memfd)
		unlink(tmpl);
	close(fd);
	return rc;
}

static int
collect_includes(struct loader *ld)
{
	char line[4096], sec[128], sub[512], *p, *v, *e, dir[PATH_MAX], *slash;
	FILE *fp;
	char **inc;

	if ((fp = open_config_file(ld->user_path)) == NULL)
		return 0;
	snprintf(dir, sizeof dir, "%s", ld->user_path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	sec[0] = '\0';
	while (fgets(line, sizeof line, fp) != NULL) {
		if (parse_header(line, sec, sizeof sec, sub, sizeof sub) == 0)
			continue;
		p = line + strspn(line, " \t");
		if (strcmp(sec, "include") != 0 || strncasecmp(p, "path", 4))
			continue;
		if ((v = strchr(p, '=')) == NULL)
			continue;
		v += 1 + strspn(v + 1, " \t\"");
		e = v + strcspn(v, "\"\r\n#;");
		while (e > v && isspace((unsigned char)e[-1]))
			e--;
		*e = '\0';
		inc = realloc(ld->includes, (ld->nincludes + 1) * sizeof *inc);
		if (inc == NULL)
			break;
		ld->includes = inc;
		if (*v == '/')
			inc[ld->nincludes] = strdup(v);
		else if (asprintf(&inc[ld->nincludes], "%s/%s", dir, v) < 0)
			inc[ld->nincludes] = NULL;
		if (inc[ld->nincludes] != NULL)
			ld->nincludes++;
	}
	fclose(fp);
	return 0;
}

static int
default_path(char *dst, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		snprintf(dst, size, "%s/opsdeck/config", xdg);
	else if (home != NULL)
		snprintf(dst, size, "%s/.config/opsdeck/config", home);
	else
		return -1;
	return 0;
}

/* libgit2 says "failed to parse config file: X (in FILE:LINE)"; opsdeck's
 * errors lead with FILE:LINE like a compiler's. */
static void
set_git_cause(struct loader *ld, const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = e != NULL ? e->message : "unknown error", *in;
	size_t n;

	free(ld->cause);
	ld->cause = NULL;
	in = strstr(msg, " (in ");
	n = strlen(msg);
	if (in != NULL && n > 0 && msg[n - 1] == ')') {
		if (asprintf(&ld->cause, "%.*s: %.*s", (int)(msg + n - 1 -
		    (in + 5)), in + 5, (int)(in - msg), msg) < 0)
			ld->cause = NULL;
		return;
	}
	if (asprintf(&ld->cause, "%s: %s", what, msg) < 0)
		ld->cause = NULL;
}

int
config_load(struct config *cfg, const char *path, char **cause)
{
	struct loader ld;
	char defpath[PATH_MAX];
	struct stat sb;
	size_t i;
	int rc = -1;

	memset(cfg, 0, sizeof *cfg);
	memset(&ld, 0, sizeof ld);
	if (path == NULL && default_path(defpath, sizeof defpath) == 0 &&
	    stat(defpath, &sb) == 0)
		path = defpath;
	else if (path != NULL && stat(path, &sb) != 0) {
		asprintf(&ld.cause, "cannot read %s: %s", path,
		    strerror(errno));
		goto out;
	}
	ld.user_path = path;
	if (git_config_new(&ld.git) != 0 || add_defaults(ld.git) != 0) {
		set_git_cause(&ld, "built-in defaults");
		goto out;
	}
	if (path != NULL && git_config_add_file_ondisk(ld.git, path,
	    GIT_CONFIG_LEVEL_APP, NULL, 0) != 0) {
		set_git_cause(&ld, path);
		goto out;
	}
	collect_includes(&ld);
	if (load_values(&ld, cfg) != 0)
		goto out;
	if (path != NULL && (cfg->path = strdup(path)) == NULL)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		config_done(cfg);
		*cause = ld.cause != NULL ? ld.cause : strdup("out of memory");
		ld.cause = NULL;
	}
	for (i = 0; i < ld.nincludes; i++)
		free(ld.includes[i]);
	free(ld.includes);
	free(ld.cause);
	git_config_free(ld.git);
	return rc;
}

void
config_done(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nrepos; i++) {
		free(cfg->repos[i].name);
		free(cfg->repos[i].path);
		free(cfg->repos[i].branch);
	}
	free(cfg->repos);
	for (i = 0; i < cfg->nkeys; i++) {
		free(cfg->keys[i].action);
		free(cfg->keys[i].key);
		free(cfg->keys[i].where);
	}
	free(cfg->keys);
	free(cfg->path);
	free(cfg->api_url);
	free(cfg->api_version);
	free(cfg->token_command);
	free(cfg->cache_dir);
	free(cfg->theme);
	free(cfg->layout);
	memset(cfg, 0, sizeof *cfg);
}

int
config_default_repo(struct config *cfg, const char *dir, char **cause)
{
	git_repository *repo = NULL;
	git_config *rcfg = NULL;
	git_buf urlbuf = { 0 };
	const char *url, *workdir;
	char host[256], slug[256], api[512];
	struct repo_conf *repos;
	int rc = 0;

	if (cfg->nrepos > 0)
		return 0;
	if (git_repository_open_ext(&repo, dir, 0, NULL) != 0)
		return 0;	/* not in a repository: nothing to watch */
	/* Read the key, not git_remote_lookup(): libgit2 1.5 leaks PCRE2 match
	 * data there, and nothing else of the remote is needed. */
	if (git_repository_config_snapshot(&rcfg, repo) != 0 ||
	    git_config_get_string_buf(&urlbuf, rcfg, "remote.origin.url") != 0)
		goto out;
	url = urlbuf.ptr;
	if (remote_parse(url, host, sizeof host, slug, sizeof slug) != 0) {
		rc = -1;
		if (asprintf(cause, "origin remote '%s' is not a GitHub "
		    "owner/name URL", url) < 0)
			*cause = NULL;
		goto out;
	}
	repos = calloc(1, sizeof *repos);
	if (repos == NULL || (repos->name = strdup(slug)) == NULL) {
		free(repos);
		rc = -1;
		goto out;
	}
	workdir = git_repository_workdir(repo);
	repos->path = strdup(workdir != NULL ? workdir :
	    git_repository_path(repo));
	repos->interval_s = cfg->interval_s;
	cfg->repos = repos;
	cfg->nrepos = 1;
	if (strcasecmp(host, "github.com") != 0 &&
	    strcmp(cfg->api_url, "https://api.github.com") == 0 &&
	    remote_api_url(host, api, sizeof api) == 0) {
		free(cfg->api_url);
		cfg->api_url = strdup(api);
	}
out:
	git_buf_dispose(&urlbuf);
	git_config_free(rcfg);
	git_repository_free(repo);
	return rc;
}
