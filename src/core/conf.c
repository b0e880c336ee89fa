#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/remote.h"
#include "opsdeck/text.h"
#include "conf_int.h"
#include "conf_scan.h"

extern const char conf_defaults[];	/* data/defaults.conf, generated */

static const char *const layouts[] = { "grid", "stack", NULL };

#define C(f) offsetof(struct conf, f)
static const struct conf_key conf_keys[] = {
	{ "github", "api-url", K_URL, 0, 0, C(api_url), NULL },
	{ "github", "api-version", K_STR, 0, 0, C(api_version), NULL },
	{ "github", "token-command", K_CMD, 0, 0, C(token_command), NULL },
	{ "github", "connect-timeout", K_DUR, 1, 300, C(connect_timeout_s),
	    NULL },
	{ "github", "timeout", K_DUR, 1, 600, C(timeout_s), NULL },
	{ "github", "per-page", K_INT, 1, 100, C(per_page), NULL },
	{ "github", "allow-insecure", K_BOOL, 0, 1, C(allow_insecure), NULL },
	{ "github", "log-timeout", K_DUR, 5, 86400, C(log_timeout_s), NULL },
	{ "cache", "max-size", K_SIZE, 1, 0, C(cache_max_size), NULL },
	{ "cache", "max-age", K_DUR, 60, 3650 * 86400, C(cache_max_age_s),
	    NULL },
	{ "core", "workers", K_INT, 1, 16, C(workers), NULL },
	{ "core", "cache-dir", K_PATH, 0, 0, C(cache_dir), NULL },
	{ "ui", "theme", K_STR, 0, 0, C(theme), NULL },
	{ "ui", "layout", K_ENUM, 0, 0, C(layout), layouts },
	{ "ui", "interval", K_DUR, 5, 3600, C(interval_s), NULL },
	{ "ui", "fast-interval", K_DUR, 1, 3600, C(fast_interval_s), NULL },
	{ "git", "stale-days", K_INT, 1, 36500, C(stale_days), NULL },
};
#undef C
#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* --- messages --- */

/* A value fit to quote in a message: short, and inert on a terminal. */
char *
conf_show(const char *v)
{
	size_t n = strlen(v);

	return text_sanitize(v, n > 120 ? 120 : n, 0);
}

int
conf_fail_at(struct conf_loader *ld, const char *file, int line,
    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	free(ld->cause);
	if (file != NULL && line > 0)
		n = asprintf(&ld->cause, "%s:%d: %s", file, line, msg);
	else if (file != NULL)
		n = asprintf(&ld->cause, "%s: %s", file, msg);
	else
		n = asprintf(&ld->cause, "built-in defaults: %s", msg);
	if (n < 0)
		ld->cause = NULL;
	return -1;
}

struct locate {
	const char	*section, *sub, *key;
	char		*file;
	int		 line;
};

static int
locate_site(const struct conf_site *s, void *arg)
{
	struct locate *l = arg;

	if (s->key == NULL || strcasecmp(s->section, l->section) != 0 ||
	    strcmp(s->sub, l->sub) != 0 || strcasecmp(s->key, l->key) != 0)
		return 0;
	if (l->file == NULL || strcmp(l->file, s->file) != 0) {
		free(l->file);
		l->file = strdup(s->file);
	}
	l->line = s->line;
	return 0;
}

/* "FILE:LINE: key 'S[.SUB].K': message", naming the file (the user's or
 * one it includes) whose line is in effect. */
int
conf_fail_key(struct conf_loader *ld, const char *section,
    const char *sub, const char *key, const char *fmt, ...)
{
	struct locate l = { section, sub != NULL ? sub : "", key, NULL, 0 };
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ld->user_path != NULL)
		conf_scan_walk(ld->user_path, 1, locate_site, &l);
	conf_fail_at(ld, l.file != NULL ? l.file : ld->user_path, l.line,
	    "key '%s%s%s.%s': %s", section, *l.sub != '\0' ? "." : "", l.sub,
	    key, msg);
	free(l.file);
	return -1;
}

int
conf_find_line(const char *path, const char *section, const char *sub,
    const char *key)
{
	struct locate l = { section, sub != NULL ? sub : "", key, NULL, 0 };

	conf_scan_walk(path, 0, locate_site, &l);
	free(l.file);
	return l.line;
}

/* --- values --- */

static int
has_controls(const char *s, int allow_tab)
{
	for (; *s != '\0'; s++) {
		if ((iscntrl((unsigned char)*s) && !(allow_tab && *s == '\t')))
			return 1;
	}
	return 0;
}

/* "30", "30s", "5m", "1h" in seconds; -1 if not a duration. */
static long
parse_duration(const char *s)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || v > 1000000)
		return -1;
	if (strcmp(end, "m") == 0)
		return v * 60;
	if (strcmp(end, "h") == 0)
		return v * 3600;
	if (strcmp(end, "d") == 0)
		return v * 86400;
	return *end == '\0' || strcmp(end, "s") == 0 ? v : -1;
}

/* git's boolean spellings. */
static int
parse_bool(const char *s)
{
	static const char *const yes[] = { "true", "yes", "on", "1", NULL };
	static const char *const no[] = { "false", "no", "off", "0", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Bytes, or k/M/G (decimal, as du --si and the man page say), optionally
 * followed by B; at least 1 MB, at most 1 TB. -1 for anything else. */
static long long
parse_size(const char *s)
{
	long long v, mul = 1;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || v > 1000000000000LL)
		return -1;
	if (*end == 'k' || *end == 'K')
		mul = 1000;
	else if (*end == 'M')
		mul = 1000 * 1000;
	else if (*end == 'G')
		mul = 1000 * 1000 * 1000;
	if (mul != 1)
		end++;
	if (*end == 'B')
		end++;
	if (*end != '\0' || v > 1000000000000LL / mul)
		return -1;
	v *= mul;
	return v < 1000000 || v > 1000000000000LL ? -1 : v;
}

static char *
home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home == NULL || *home != '/')
		home = (pw = getpwuid(getuid())) != NULL ? pw->pw_dir : NULL;
	return home != NULL ? strdup(home) : NULL;
}

/* ~/x to $HOME/x; NULL for anything that is not then absolute. */
static char *
expand_path(const char *v)
{
	char *home, *p = NULL;

	if (strncmp(v, "~/", 2) == 0) {
		if ((home = home_dir()) != NULL &&
		    asprintf(&p, "%s/%s", home, v + 2) < 0)
			p = NULL;
		free(home);
		return p;
	}
	return *v == '/' ? strdup(v) : NULL;
}

static int
url_has(CURLU *u, CURLUPart what)
{
	char *part = NULL;
	int has;

	has = curl_url_get(u, what, &part, 0) == CURLUE_OK && part != NULL &&
	    *part != '\0';
	curl_free(part);
	return has;
}

/* The API base: http(s), a host, no credentials, query or fragment. */
static const char *
check_url(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL;
	const char *why = NULL;

	if (u == NULL)
		return "out of memory";
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0))
		why = "expected an http or https URL";
	else if (!url_has(u, CURLUPART_HOST))
		why = "expected a URL with a host";
	else if (url_has(u, CURLUPART_USER) || url_has(u, CURLUPART_PASSWORD))
		why = "credentials do not belong in the URL; use GH_TOKEN or "
		    "token-command";
	else if (strpbrk(url, "?#") != NULL)
		why = "expected a base URL without '?' or '#'";
	curl_free(scheme);
	curl_url_cleanup(u);
	return why;
}

/* "expected a or b" / "expected a, b or c". */
static void
expect_choices(char *dst, size_t size, const char *const *choices)
{
	size_t i, n;

	snprintf(dst, size, "expected");
	for (i = 0; choices[i] != NULL; i++) {
		n = strlen(dst);
		snprintf(dst + n, size - n, "%s%s", i == 0 ? " " :
		    choices[i + 1] == NULL ? " or " : ", ", choices[i]);
	}
}

/* Checks one value and stores it at base + spec->off. */
static int
store_value(struct conf_loader *ld, const struct conf_key *ks,
    const char *sub, const char *v, void *base)
{
	char **sp = (char **)(void *)((char *)base + ks->off), *copy = NULL;
	int *ip = (int *)(void *)((char *)base + ks->off);
	char buf[256], *end, *shown;
	const char *why = NULL;
	long long size = 0;
	long n = 0;
	size_t i, len;
	int rc;

	switch (ks->kind) {
	case K_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || n < ks->min ||
		    n > ks->max) {
			snprintf(buf, sizeof buf, "expected a number from %d "
			    "to %d", ks->min, ks->max);
			why = buf;
		}
		break;
	case K_DUR:
		if ((n = parse_duration(v)) < 0)
			why = "expected a duration like 30, 30s or 5m";
		else if (n < ks->min || n > ks->max) {
			snprintf(buf, sizeof buf, "expected %ds to %ds",
			    ks->min, ks->max);
			why = buf;
		}
		break;
	case K_BOOL:
		if ((n = parse_bool(v)) < 0)
			why = "expected true or false";
		break;
	case K_SIZE:
		if ((size = parse_size(v)) < 0)
			why = "expected a size from 1M to 1000G, like 200M";
		break;
	case K_ENUM:
		for (i = 0; ks->choices[i] != NULL; i++) {
			if (strcmp(v, ks->choices[i]) == 0)
				break;
		}
		if (ks->choices[i] == NULL) {
			expect_choices(buf, sizeof buf, ks->choices);
			why = buf;
		}
		break;
	case K_URL:
		why = check_url(v);
		break;
	case K_PATH:
		if (has_controls(v, 0))
			why = "control characters in a path";
		else if ((copy = expand_path(v)) == NULL)
			why = "expected an absolute path or ~/...";
		break;
	case K_REF:
		if (*v == '\0' || *v == '-' || strstr(v, "..") != NULL ||
		    strpbrk(v, " ~^:?*[\\") != NULL || has_controls(v, 0))
			why = "expected a branch name";
		break;
	case K_CMD:
	case K_STR:
		if (has_controls(v, ks->kind == K_CMD))
			why = "control characters in the value";
		else if (ks->kind == K_STR && *v == '\0')
			why = "expected a value";
		break;
	}
	if (why != NULL) {
		free(copy);
		/* A URL may carry credentials: never quote it back. */
		if (ks->kind == K_URL && strchr(v, '@') != NULL)
			return conf_fail_key(ld, ks->section, sub, ks->key,
			    "%s", why);
		shown = conf_show(v);
		rc = conf_fail_key(ld, ks->section, sub, ks->key,
		    "%s, got '%s'", why, shown != NULL ? shown : "");
		free(shown);
		return rc;
	}
	if (ks->kind == K_INT || ks->kind == K_DUR || ks->kind == K_BOOL) {
		*ip = (int)n;
		return 0;
	}
	if (ks->kind == K_SIZE) {
		*(long long *)(void *)((char *)base + ks->off) = size;
		return 0;
	}
	if (copy == NULL && (ks->kind != K_CMD || *v != '\0') &&
	    (copy = strdup(v)) == NULL)
		return -1;
	if (ks->kind == K_URL) {	/* paths are appended with a '/' */
		len = strlen(copy);
		while (len > 0 && copy[len - 1] == '/')
			copy[--len] = '\0';
	}
	free(*sp);
	*sp = copy;
	return 0;
}

/* Reads section[.sub].key from the snapshot; absent keys keep the value
 * already in base. A key written without '=' reads as "". */
int
conf_load_key(struct conf_loader *ld, const struct conf_key *ks,
    const char *sub, void *base)
{
	git_config_entry *e = NULL;
	char name[1200];
	int rc;

	if (sub != NULL)
		snprintf(name, sizeof name, "%s.%s.%s", ks->section, sub,
		    ks->key);
	else
		snprintf(name, sizeof name, "%s.%s", ks->section, ks->key);
	rc = git_config_get_entry(&e, ld->git, name);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc != 0)
		return conf_fail_key(ld, ks->section, sub, ks->key, "%s",
		    git_error_last() != NULL ? git_error_last()->message :
		    "cannot read");
	rc = store_value(ld, ks, sub, e->value != NULL ? e->value : "", base);
	git_config_entry_free(e);
	return rc;
}

/* --- loading --- */

static int
default_cache_dir(struct conf *cfg)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	char *home;
	int n;

	if (cfg->cache_dir != NULL)
		return 0;
	if (xdg != NULL && *xdg == '/')
		n = asprintf(&cfg->cache_dir, "%s/opsdeck", xdg);
	else if ((home = home_dir()) != NULL) {
		n = asprintf(&cfg->cache_dir, "%s/.cache/opsdeck", home);
		free(home);
	} else
		return -1;
	if (n < 0)
		cfg->cache_dir = NULL;
	return n < 0 ? -1 : 0;
}

static int
load_values(struct conf_loader *ld)
{
	size_t i;

	for (i = 0; i < NITEMS(conf_keys); i++) {
		if (conf_load_key(ld, &conf_keys[i], NULL, ld->cfg) != 0)
			return -1;
	}
	if (ld->cfg->api_url == NULL || ld->cfg->layout == NULL ||
	    ld->cfg->api_version == NULL || ld->cfg->theme == NULL)
		return conf_fail_at(ld, NULL, 0, "incomplete");
	if (default_cache_dir(ld->cfg) != 0)
		return conf_fail_at(ld, ld->user_path, 0,
		    "key 'core.cache-dir': no $XDG_CACHE_HOME or home "
		    "directory to derive it from");
	if (conf_load_repos(ld) != 0 || conf_load_keys(ld) != 0 ||
	    conf_load_patterns(ld, "git", "risky", &ld->cfg->risky) != 0 ||
	    conf_load_patterns(ld, "log", "mask", &ld->cfg->mask) != 0)
		return -1;
	return 0;
}

/* libgit2 says "failed to parse config file: X (in FILE:LINE)"; opsdeck's
 * errors lead with FILE:LINE like a compiler's. */
static void
set_git_cause(struct conf_loader *ld, const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = e != NULL ? e->message : "unknown error", *in;
	size_t n = strlen(msg);
	char *safe;
	int w;

	free(ld->cause);
	in = strstr(msg, " (in ");
	if (in != NULL && n > 0 && msg[n - 1] == ')')
		w = asprintf(&ld->cause, "%.*s: %.*s", (int)(msg + n - 1 -
		    (in + 5)), in + 5, (int)(in - msg), msg);
	else
		w = asprintf(&ld->cause, "%s: %s", what, msg);
	if (w < 0)
		ld->cause = NULL;
	else if ((safe = text_sanitize(ld->cause, strlen(ld->cause), 0)) !=
	    NULL) {
		free(ld->cause);	/* libgit2 quotes the file's bytes */
		ld->cause = safe;
	}
}

/* The compiled-in defaults go through libgit2 like any file: an anonymous
 * memory file, else a temporary file tmpl. libgit2 may stat the file again
 * until the caller has taken a snapshot; then it closes *fd and removes
 * tmpl, and no file is left behind. */
static int
add_defaults(git_config *git, int *fd, char *tmpl, size_t size)
{
	char path[PATH_MAX];
	const char *tmp = getenv("TMPDIR");
	size_t len = strlen(conf_defaults);
	int rc = -1;

	*fd = -1;
	tmpl[0] = '\0';
#ifdef HAVE_MEMFD_CREATE
	if ((*fd = memfd_create("opsdeck-defaults", MFD_CLOEXEC)) >= 0) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", *fd);
		if (access(path, R_OK) != 0) {	/* no /proc */
			close(*fd);
			*fd = -1;
		}
	}
#endif
	if (*fd < 0) {
		snprintf(tmpl, size, "%s/opsdeck-defaults.XXXXXX",
		    tmp != NULL && *tmp == '/' ? tmp : "/tmp");
		if ((*fd = mkstemp(tmpl)) < 0) {
			tmpl[0] = '\0';
			return -1;
		}
		snprintf(path, sizeof path, "%s", tmpl);
	}
	if (write(*fd, conf_defaults, len) == (ssize_t)len)
		rc = git_config_add_file_ondisk(git, path,
		    GIT_CONFIG_LEVEL_PROGRAMDATA, NULL, 0);
	return rc;
}

static int
default_path(char *dst, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	char *home;

	if (xdg != NULL && *xdg == '/') {
		snprintf(dst, size, "%s/opsdeck/config", xdg);
		return 0;
	}
	if ((home = home_dir()) == NULL)
		return -1;
	snprintf(dst, size, "%s/.config/opsdeck/config", home);
	free(home);
	return 0;
}

/* An explicit file must be there; the default one may be absent. */
static int
check_readable(struct conf_loader *ld, const char *path, int must_exist)
{
	struct stat sb;
	int fd, err = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		err = errno;
	else if (fstat(fd, &sb) != 0)
		err = errno;
	else if (S_ISDIR(sb.st_mode))
		err = EISDIR;
	if (fd >= 0)
		close(fd);
	if (err == 0)
		return 1;
	if (!must_exist && (err == ENOENT || err == ENOTDIR))
		return 0;
	if (asprintf(&ld->cause, "cannot read %s: %s", path,
	    strerror(err)) < 0)
		ld->cause = NULL;
	return -1;
}

int
conf_load(struct conf *cfg, const char *path, char **cause)
{
	struct conf_loader ld;
	git_config *git = NULL;
	char defpath[PATH_MAX], tmpl[PATH_MAX] = "";
	int rc = -1, fd = -1, found;

	memset(cfg, 0, sizeof *cfg);
	memset(&ld, 0, sizeof ld);
	ld.cfg = cfg;
	if (path == NULL && default_path(defpath, sizeof defpath) == 0) {
		if ((found = check_readable(&ld, defpath, 0)) < 0)
			goto out;
		path = found ? defpath : NULL;
	} else if (path != NULL && check_readable(&ld, path, 1) < 0)
		goto out;
	ld.user_path = path;
	if (git_config_new(&git) != 0 ||
	    add_defaults(git, &fd, tmpl, sizeof tmpl) != 0) {
		set_git_cause(&ld, "built-in defaults");
		goto out;
	}
	if (path != NULL && git_config_add_file_ondisk(git, path,
	    GIT_CONFIG_LEVEL_APP, NULL, 0) != 0) {
		set_git_cause(&ld, path);
		goto out;
	}
	if (git_config_snapshot(&ld.git, git) != 0) {
		set_git_cause(&ld, path != NULL ? path : "built-in defaults");
		goto out;
	}
	if (load_values(&ld) != 0)
		goto out;
	if (path != NULL && (cfg->path = strdup(path)) == NULL)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		conf_done(cfg);
		*cause = ld.cause != NULL ? ld.cause : strdup("out of memory");
		ld.cause = NULL;
	}
	free(ld.cause);
	git_config_free(ld.git);
	git_config_free(git);
	if (fd >= 0)
		close(fd);
	if (tmpl[0] != '\0')
		unlink(tmpl);
	return rc;
}

void
conf_done(struct conf *cfg)
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
	conf_patterns_done(&cfg->risky);
	conf_patterns_done(&cfg->mask);
	free(cfg->path);
	free(cfg->api_url);
	free(cfg->api_version);
	free(cfg->token_command);
	free(cfg->cache_dir);
	free(cfg->theme);
	free(cfg->layout);
	memset(cfg, 0, sizeof *cfg);
}
