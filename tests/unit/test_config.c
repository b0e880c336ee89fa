#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "opsdeck/config.h"
#include "opsdeck/remote.h"
#include "../tap.h"

static char tmpdir[256];

static const char *
write_file(const char *name, const char *text)
{
	static char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return NULL;
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Loads text as a config file; returns the cause on failure (malloc'd). */
static char *
load(const char *text, struct config *cfg)
{
	char *cause = NULL;
	const char *path = write_file("config", text);

	if (config_load(cfg, path, &cause) == 0)
		return NULL;
	return cause;
}

static void
test_defaults(void)
{
	struct config cfg;
	char *cause;

	cause = load("# nothing\n", &cfg);
	ok(cause == NULL, "an empty file loads");
	is_str(cfg.api_url, "https://api.github.com", "default api-url");
	is_str(cfg.api_version, "2022-11-28", "default api-version");
	is_int(cfg.per_page, 30, "default per-page");
	is_int(cfg.workers, 4, "default workers");
	is_int(cfg.interval_s, 30, "default interval");
	is_int(cfg.fast_interval_s, 5, "default fast interval");
	is_int(cfg.timeout_s, 20, "default timeout");
	is_str(cfg.layout, "grid", "default layout");
	is_int((int)cfg.nrepos, 0, "no repositories");
	ok(cfg.cache_dir != NULL && strstr(cfg.cache_dir, "opsdeck") != NULL,
	    "a cache dir is derived");
	config_done(&cfg);
}

static void
test_values(void)
{
	struct config cfg;
	char *cause;

	cause = load("[github]\n\tapi-url = https://ghe.example.com/api/v3\n"
	    "\ttoken-command = gh auth token\n\tper-page = 100\n"
	    "[ui]\n\tlayout = stack\n\tinterval = 2m ; comment\n"
	    "[core]\n\tcache-dir = \"/tmp/x y\"\n"
	    "[repo \"acme/api\"]\n"
	    "[repo \"acme/web\"]\n\tbranch = main\n\tinterval = 90s\n"
	    "\tpath = ~/src/web\n", &cfg);
	ok(cause == NULL, "a full file loads (%s)", cause ? cause : "");
	is_str(cfg.api_url, "https://ghe.example.com/api/v3", "api-url");
	is_str(cfg.token_command, "gh auth token", "token-command");
	is_int(cfg.per_page, 100, "per-page");
	is_str(cfg.layout, "stack", "layout");
	is_int(cfg.interval_s, 120, "interval in minutes");
	is_str(cfg.cache_dir, "/tmp/x y", "quoted value");
	is_int((int)cfg.nrepos, 2, "two repositories, one with no keys");
	if (cfg.nrepos == 2) {
		is_str(cfg.repos[0].name, "acme/api", "first repo");
		is_int(cfg.repos[0].interval_s, 120, "inherits the interval");
		is_str(cfg.repos[1].branch, "main", "branch");
		is_int(cfg.repos[1].interval_s, 90, "own interval");
		ok(cfg.repos[1].path != NULL && cfg.repos[1].path[0] == '/',
		    "~ expanded in path");
	}
	config_done(&cfg);
	free(cause);
}

static void
expect_error(const char *text, const char *want, const char *what)
{
	struct config cfg;
	char *cause = load(text, &cfg);

	ok(cause != NULL && strstr(cause, want) != NULL, "%s: \"%s\"", what,
	    cause != NULL ? cause : "(no error)");
	ok(cfg.nrepos == 0 && cfg.api_url == NULL, "%s: nothing half-applied",
	    what);
	free(cause);
}

static void
test_errors(void)
{
	char want[PATH_MAX + 64];

	snprintf(want, sizeof want, "%s/config:3: key 'ui.layout': expected "
	    "grid or stack, got 'diagonal'", tmpdir);
	expect_error("[ui]\n\ttheme = x\n\tlayout = diagonal\n", want,
	    "bad layout names file:line");
	snprintf(want, sizeof want, "%s/config:2: key 'github.per-page'",
	    tmpdir);
	expect_error("[github]\n\tper-page = 500\n[repo \"a/b\"]\n", want,
	    "per-page out of range");
	expect_error("[ui]\n\tinterval = soon\n", "expected a duration",
	    "bad duration");
	expect_error("[github]\n\tapi-url = ftp://x/\n", "http or https",
	    "bad scheme");
	expect_error("[github]\n\tapi-url = https://user:pw@x/\n",
	    "credentials", "credentials in the URL");
	expect_error("[repo \"a/b/c\"]\n", "expected owner/name",
	    "bad repo name");
	expect_error("[repo \"../etc\"]\n", "expected owner/name",
	    "path traversal in repo name");
	snprintf(want, sizeof want, "%s/config:1: failed to parse config "
	    "file: missing ']'", tmpdir);
	expect_error("[ui\n\tlayout = grid\n", want,
	    "syntax error from libgit2 leads with file:line");
	expect_error("[core]\n\tworkers = 0\n", "key 'core.workers'",
	    "workers out of range");
}

static void
test_include(void)
{
	struct config cfg;
	char *cause, want[PATH_MAX + 64];

	write_file("extra", "[ui]\n\n\tlayout = sideways\n");
	cause = load("[include]\n\tpath = extra\n", &cfg);
	snprintf(want, sizeof want, "%s/extra:3: key 'ui.layout'", tmpdir);
	ok(cause != NULL && strstr(cause, want) != NULL,
	    "an error in an included file names that file (%s)",
	    cause ? cause : "");
	free(cause);
	write_file("extra", "[repo \"inc/luded\"]\n");
	cause = load("[include]\n\tpath = extra\n", &cfg);
	ok(cause == NULL && cfg.nrepos == 1 &&
	    strcmp(cfg.repos[0].name, "inc/luded") == 0,
	    "repos from an included file");
	config_done(&cfg);
	free(cause);
}

static void
test_missing(void)
{
	struct config cfg;
	char *cause = NULL;

	ok(config_load(&cfg, "/nonexistent/opsdeck.conf", &cause) != 0 &&
	    strstr(cause, "cannot read /nonexistent/opsdeck.conf") != NULL,
	    "an explicit missing file is an error");
	free(cause);
}

static int
git(const char *dir, const char *args)
{
	char cmd[PATH_MAX * 2];

	snprintf(cmd, sizeof cmd, "cd '%s' && git %s >/dev/null 2>&1", dir,
	    args);
	return system(cmd);	/* test only: the git CLI builds fixtures */
}

static void
test_default_repo(void)
{
	struct config cfg;
	char dir[PATH_MAX + 16], sub[PATH_MAX + 32], *cause = NULL;

	snprintf(dir, sizeof dir, "%s/clone", tmpdir);
	mkdir(dir, 0700);
	if (git(dir, "init -q") != 0) {
		ok(1, "# SKIP git CLI missing");
		return;
	}
	git(dir, "remote add origin git@ghe.corp.example:platform/deploy.git");
	snprintf(sub, sizeof sub, "%s/a/b", dir);
	snprintf(sub, sizeof sub, "%s/a", dir);
	mkdir(sub, 0700);
	load("", &cfg);
	ok(config_default_repo(&cfg, sub, &cause) == 0 && cfg.nrepos == 1,
	    "the repository of a subdirectory is found");
	if (cfg.nrepos == 1)
		is_str(cfg.repos[0].name, "platform/deploy", "owner/name");
	is_str(cfg.api_url, "https://ghe.corp.example/api/v3",
	    "GHES API base from the remote host");
	config_done(&cfg);
	load("", &cfg);
	ok(config_default_repo(&cfg, "/", &cause) == 0 && cfg.nrepos == 0,
	    "outside a repository nothing is added");
	config_done(&cfg);
}

static void
test_remote(void)
{
	static const struct {
		const char *url, *host, *slug;
	} good[] = {
		{ "https://github.com/octo/hello.git", "github.com",
		    "octo/hello" },
		{ "https://github.com/octo/hello", "github.com", "octo/hello" },
		{ "https://github.com/octo/hello/", "github.com", "octo/hello" },
		{ "http://user@github.com/octo/hello", "github.com",
		    "octo/hello" },
		{ "ssh://git@github.com/octo/hello.git", "github.com",
		    "octo/hello" },
		{ "ssh://git@ghe.example:2222/o/n.git", "ghe.example", "o/n" },
		{ "git@github.com:octo/hello.git", "github.com", "octo/hello" },
		{ "github.com:octo/hello", "github.com", "octo/hello" },
		{ "git@ghe.corp:team/my.repo.git", "ghe.corp", "team/my.repo" },
	};
	static const char *const bad[] = { "/srv/git/repo.git",
	    "./relative", "file:///srv/x.git", "https://github.com/onlyowner",
	    "https://github.com/a/b/c", "git@github.com:", "", "https://github.com/a b/c" };
	char host[128], slug[128], api[256];
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		ok(remote_parse(good[i].url, host, sizeof host, slug,
		    sizeof slug) == 0 && strcmp(host, good[i].host) == 0 &&
		    strcmp(slug, good[i].slug) == 0, "remote %s -> %s %s",
		    good[i].url, good[i].host, good[i].slug);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(remote_parse(bad[i], host, sizeof host, slug, sizeof slug) !=
		    0, "not a GitHub remote: '%s'", bad[i]);
	remote_api_url("github.com", api, sizeof api);
	is_str(api, "https://api.github.com", "github.com API");
	remote_api_url("acme.ghe.com", api, sizeof api);
	is_str(api, "https://api.acme.ghe.com", "ghe.com API");
	remote_api_url("git.corp", api, sizeof api);
	is_str(api, "https://git.corp/api/v3", "GHES API");
}

int
main(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(tmpdir, sizeof tmpdir, "%s/opsdeck-config.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	setenv("HOME", tmpdir, 1);
	unsetenv("XDG_CACHE_HOME");
	git_libgit2_init();
	test_defaults();
	test_values();
	test_errors();
	test_include();
	test_missing();
	test_default_repo();
	test_remote();
	git_libgit2_shutdown();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	system(cmd);
	return tap_done();
}
