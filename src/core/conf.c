/* conf: loading a configuration: the compiled-in defaults and the user's
 * file through libgit2, the values of every registered table checked and
 * stored, errors at FILE:LINE. The [repo] and [keys] lists are in
 * conf_lists.c, pattern keys in conf_patterns.c, unknown names in
 * conf_check.c, the repository of the current directory in conf_origin.c. */
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
#include "opsdeck/xalloc.h"
#include "conf_int.h"
#include "conf_scan.h"

extern const char conf_defaults[];	/* data/defaults.conf, generated */


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
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	free(ld->cause);
	if (file != NULL && line > 0)
		ld->cause = xasprintf("%s:%d: %s", file, line, msg);
	else if (file != NULL)
		ld->cause = xasprintf("%s: %s", file, msg);
	else
		ld->cause = xasprintf("built-in defaults: %s", msg);
	free(msg);
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
		l->file = xstrdup(s->file);
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
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (ld->user_path != NULL)
		conf_scan_walk(ld->user_path, 1, locate_site, &l);
	conf_fail_at(ld, l.file != NULL ? l.file : ld->user_path, l.line,
	    "key '%s%s%s.%s': %s", section, *l.sub != '\0' ? "." : "", l.sub,
	    key, msg);
	free(msg);
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

char *
conf_home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home == NULL || *home != '/')
		home = (pw = getpwuid(getuid())) != NULL ? pw->pw_dir : NULL;
	return home != NULL ? xstrdup(home) : NULL;
}

/* ~/x to $HOME/x; NULL for anything that is not then absolute. */
static char *
expand_path(const char *v)
{
	char *home, *p = NULL;

	if (strncmp(v, "~/", 2) == 0) {
		if ((home = conf_home_dir()) != NULL)
			p = xasprintf("%s/%s", home, v + 2);
		free(home);
		return p;
	}
	return *v == '/' ? xstrdup(v) : NULL;
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
	case CONF_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || n < ks->min ||
		    n > ks->max) {
			snprintf(buf, sizeof buf, "expected a number from %d "
			    "to %d", ks->min, ks->max);
			why = buf;
		}
		break;
	case CONF_DUR:
		if ((n = parse_duration(v)) < 0)
			why = "expected a duration like 30, 30s or 5m";
		else if (n < ks->min || n > ks->max) {
			snprintf(buf, sizeof buf, "expected %ds to %ds",
			    ks->min, ks->max);
			why = buf;
		}
		break;
	case CONF_BOOL:
		if ((n = parse_bool(v)) < 0)
			why = "expected true or false";
		break;
	case CONF_SIZE:
		if ((size = parse_size(v)) < 0)
			why = "expected a size from 1M to 1000G, like 200M";
		break;
	case CONF_ENUM:
		for (i = 0; ks->choices[i] != NULL; i++) {
			if (strcmp(v, ks->choices[i]) == 0)
				break;
		}
		if (ks->choices[i] == NULL) {
			expect_choices(buf, sizeof buf, ks->choices);
			why = buf;
		}
		break;
	case CONF_URL:
		why = check_url(v);
		break;
	case CONF_PATH:
		if (has_controls(v, 0))
			why = "control characters in a path";
		else if ((copy = expand_path(v)) == NULL)
			why = "expected an absolute path or ~/...";
		break;
	case CONF_REF:
		if (*v == '\0' || *v == '-' || strstr(v, "..") != NULL ||
		    strpbrk(v, " ~^:?*[\\") != NULL || has_controls(v, 0))
			why = "expected a branch name";
		break;
	case CONF_HOSTS:
		for (i = 0; v[i] != '\0'; i++) {
			if (!isalnum((unsigned char)v[i]) && v[i] != '-' &&
			    v[i] != '.' && v[i] != ':' && v[i] != ' ' &&
			    v[i] != '\t')
				break;
		}
		if (v[i] != '\0')
			why = "expected host names separated by blanks";
		break;
	case CONF_PATTERNS:	/* conf_load_patterns reads these */
		break;
	case CONF_CMD:
	case CONF_STR:
		if (has_controls(v, ks->kind == CONF_CMD))
			why = "control characters in the value";
		else if (ks->kind == CONF_STR && *v == '\0')
			why = "expected a value";
		break;
	}
	if (why != NULL) {
		free(copy);
		/* A URL may carry credentials: never quote it back. */
		if (ks->kind == CONF_URL && strchr(v, '@') != NULL)
			return conf_fail_key(ld, ks->section, sub, ks->key,
			    "%s", why);
		shown = conf_show(v);
		rc = conf_fail_key(ld, ks->section, sub, ks->key,
		    "%s, got '%s'", why, shown != NULL ? shown : "");
		free(shown);
		return rc;
	}
	if (ks->kind == CONF_INT || ks->kind == CONF_DUR ||
	    ks->kind == CONF_BOOL) {
		*ip = (int)n;
		return 0;
	}
	if (ks->kind == CONF_SIZE) {
		*(long long *)(void *)((char *)base + ks->off) = size;
		return 0;
	}
	if (copy == NULL && ((ks->kind != CONF_CMD &&
	    ks->kind != CONF_HOSTS) || v[strspn(v, " \t")] != '\0'))
		copy = xstrdup(v);
	if (copy == NULL) {
		free(*sp);
		*sp = NULL;
		return 0;
	}
	if (ks->kind == CONF_URL) {	/* paths are appended with a '/' */
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
	char *name;
	int rc;

	if (ks->kind == CONF_PATTERNS)
		return conf_load_patterns(ld, ks->section, ks->key,
		    (struct conf_patterns *)(void *)((char *)base + ks->off));
	if (sub != NULL)
		name = xasprintf("%s.%s.%s", ks->section, sub, ks->key);
	else
		name = xasprintf("%s.%s", ks->section, ks->key);
	rc = git_config_get_entry(&e, ld->git, name);
	free(name);
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
finish_one(struct conf_loader *ld, const struct conf_table *t, void *values)
{
	char *why = NULL;

	if (t->finish == NULL || t->finish(values, &why) == 0)
		return 0;
	conf_fail_at(ld, ld->user_path, 0, "%s", why != NULL ? why :
	    "incomplete");
	free(why);
	return -1;
}

/* Every registered table's keys into its own zeroed struct (a named
 * table's: one per name, conf_named.c), then its finish; then the generic
 * lists. */
static int
load_values(struct conf_loader *ld)
{
	struct conf *cfg = ld->cfg;
	const struct conf_table *t;
	size_t i, j;

	/* A typo'd name first: it is why a value seems not to apply. */
	if (conf_check_names(ld) != 0)
		return -1;
	cfg->values = xcalloc(cfg->ntables + 1, sizeof *cfg->values);
	for (i = 0; i < cfg->ntables; i++) {
		t = cfg->tables[i];
		if (t->named) {
			if (conf_load_named(ld, t, &cfg->values[i]) != 0)
				return -1;
			continue;
		}
		cfg->values[i] = xcalloc(1, t->size > 0 ? t->size : 1);
		for (j = 0; j < t->nkeys; j++) {
			if (conf_load_key(ld, &t->keys[j], NULL,
			    cfg->values[i]) != 0)
				return -1;
		}
		if (finish_one(ld, t, cfg->values[i]) != 0)
			return -1;
	}
	if (conf_load_repos(ld) != 0 || conf_load_keys(ld) != 0)
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

	free(ld->cause);
	in = strstr(msg, " (in ");
	if (in != NULL && n > 0 && msg[n - 1] == ')')
		ld->cause = xasprintf("%.*s: %.*s", (int)(msg + n - 1 -
		    (in + 5)), in + 5, (int)(in - msg), msg);
	else
		ld->cause = xasprintf("%s: %s", what, msg);
	if ((safe = text_sanitize(ld->cause, strlen(ld->cause), 0)) !=
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
add_defaults(git_config *git, int *fd, char *tmpl, size_t size, char *path,
    size_t pathsize)
{
	const char *tmp = getenv("TMPDIR");
	size_t len = strlen(conf_defaults);
	int rc = -1;

	*fd = -1;
	tmpl[0] = '\0';
#ifdef HAVE_MEMFD_CREATE
	if ((*fd = memfd_create("opsdeck-defaults", MFD_CLOEXEC)) >= 0) {
		snprintf(path, pathsize, "/proc/self/fd/%d", *fd);
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
		snprintf(path, pathsize, "%s", tmpl);
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
	if ((home = conf_home_dir()) == NULL)
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
	ld->cause = xasprintf("cannot read %s: %s", path, strerror(err));
	return -1;
}

void
conf_list_add(char ***v, size_t *n, char *str)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = str;
}

static int
load_with(struct conf *cfg, const char *path,
    const struct conf_table *const *tables, size_t ntables,
    struct conf_report *report, char **cause)
{
	struct conf_loader ld;
	git_config *git = NULL;
	char defpath[PATH_MAX], tmpl[PATH_MAX] = "", dpath[PATH_MAX] = "";
	int rc = -1, fd = -1, found;

	memset(cfg, 0, sizeof *cfg);
	memset(&ld, 0, sizeof ld);
	ld.cfg = cfg;
	cfg->tables = tables;
	cfg->ntables = ntables;
	if (path == NULL && default_path(defpath, sizeof defpath) == 0) {
		if ((found = check_readable(&ld, defpath, 0)) < 0)
			goto out;
		path = found ? defpath : NULL;
	} else if (path != NULL && check_readable(&ld, path, 1) < 0)
		goto out;
	ld.user_path = path;
	ld.defaults_path = dpath;
	ld.report = report;
	if (report != NULL && path != NULL)
		conf_list_add(&report->files, &report->nfiles, xstrdup(path));
	if (git_config_new(&git) != 0 ||
	    add_defaults(git, &fd, tmpl, sizeof tmpl, dpath,
	    sizeof dpath) != 0) {
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
	if (path != NULL)
		cfg->path = xstrdup(path);
	rc = 0;
out:
	if (rc != 0) {
		conf_done(cfg);
		*cause = ld.cause != NULL ? ld.cause : xstrdup("cannot load");
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

int
conf_load(struct conf *cfg, const char *path,
    const struct conf_table *const *tables, size_t ntables, char **cause)
{
	return load_with(cfg, path, tables, ntables, NULL, cause);
}

int
conf_load_report(struct conf *cfg, const char *path,
    const struct conf_table *const *tables, size_t ntables,
    struct conf_report *report, char **cause)
{
	memset(report, 0, sizeof *report);
	conf_list_add(&report->files, &report->nfiles,
	    xstrdup("built-in defaults"));
	return load_with(cfg, path, tables, ntables, report, cause);
}

void
conf_report_done(struct conf_report *r)
{
	size_t i;

	for (i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	for (i = 0; i < r->nproblems; i++)
		free(r->problems[i]);
	free(r->files);
	free(r->problems);
	memset(r, 0, sizeof *r);
}

/* The strings and pattern lists of one table's struct. */
void
conf_table_values_done(const struct conf_table *t, void *values)
{
	const struct conf_key *k;
	size_t j;

	for (j = 0; j < t->nkeys; j++) {
		k = &t->keys[j];
		if (k->kind == CONF_PATTERNS)
			conf_patterns_done((struct conf_patterns *)(void *)
			    ((char *)values + k->off));
		else if (k->kind != CONF_INT && k->kind != CONF_DUR &&
		    k->kind != CONF_BOOL && k->kind != CONF_SIZE)
			free(*(char **)(void *)((char *)values + k->off));
	}
	free(values);
}

void
conf_done(struct conf *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nrepos; i++) {
		free(cfg->repos[i].name);
		free(cfg->repos[i].path);
		free(cfg->repos[i].branch);
		free(cfg->repos[i].environments);
		free(cfg->repos[i].deploy_workflow);
		free(cfg->repos[i].deploy_ref);
		free(cfg->repos[i].deploy_command);
	}
	free(cfg->repos);
	for (i = 0; i < cfg->nkeys; i++) {
		free(cfg->keys[i].action);
		free(cfg->keys[i].key);
		free(cfg->keys[i].where);
	}
	free(cfg->keys);
	for (i = 0; cfg->values != NULL && i < cfg->ntables; i++) {
		if (cfg->values[i] != NULL && cfg->tables[i]->named)
			conf_named_free(cfg->tables[i], cfg->values[i]);
		else if (cfg->values[i] != NULL)
			conf_table_values_done(cfg->tables[i],
			    cfg->values[i]);
	}
	free(cfg->values);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

const void *
conf_values(const struct conf *cfg, const struct conf_table *t)
{
	size_t i;

	for (i = 0; cfg->values != NULL && i < cfg->ntables; i++) {
		if (cfg->tables[i] == t)
			return cfg->values[i];
	}
	return NULL;
}

int
conf_user_sets(const struct conf *cfg, const char *section, const char *key)
{
	return conf_user_sets_named(cfg, section, "", key);
}

int
conf_user_sets_named(const struct conf *cfg, const char *section,
    const char *sub, const char *key)
{
	struct locate l = { section, sub, key, NULL, 0 };

	if (cfg->path == NULL)
		return 0;
	conf_scan_walk(cfg->path, 1, locate_site, &l);
	free(l.file);
	return l.line > 0;
}
