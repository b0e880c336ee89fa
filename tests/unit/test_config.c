#include "config.h"

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "opsdeck/appconf.h"
#include "opsdeck/conf.h"
#include "opsdeck/envconf.h"
#include "opsdeck/github.h"
#include "opsdeck/gitsrc.h"
#include "opsdeck/quality.h"
#include "opsdeck/qualitysrc.h"
#include "opsdeck/remote.h"
#include "opsdeck/sources.h"
#include "../tap.h"

/* The registered tables' values; zeroes when the load failed. */
static const struct github_conf gh_zero;
static const struct app_conf ap_zero;
static const struct gitsrc_conf gs_zero;
static const void *
or_zero(const void *v, const void *zero)
{
	return v != NULL ? v : zero;
}
#define GH(c)	((const struct github_conf *)or_zero(conf_values(&(c), \
		    &github_conf_table), &gh_zero))
#define AP(c)	((const struct app_conf *)or_zero(conf_values(&(c), \
		    &app_conf_table), &ap_zero))
#define GS(c)	((const struct gitsrc_conf *)or_zero(conf_values(&(c), \
		    &gitsrc_conf_table), &gs_zero))
static const struct conf_table *const *tables;
static size_t ntables;
#define TABLES	tables, ntables

static char tmpdir[PATH_MAX];
static char cfgpath[PATH_MAX + 32];	/* tmpdir/config */
static const char *datadir = OD_SRCDIR "/tests/data/config";

static const char *
write_file(const char *name, const char *text)
{
	static char path[PATH_MAX + 64];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return NULL;
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Loads text as tmpdir/config; returns the cause (malloc'd) or NULL. */
static char *
load(const char *text, struct conf *cfg)
{
	char *cause = NULL;

	write_file("config", text);
	if (conf_load(cfg, cfgpath, TABLES, &cause) == 0)
		return NULL;
	return cause;
}

static int
is_zero(const struct conf *cfg)
{
	static const struct conf zero;

	return memcmp(cfg, &zero, sizeof zero) == 0;
}

static void
test_defaults(void)
{
	struct conf cfg;
	char *cause, want[PATH_MAX + 64];

	cause = load("# nothing\n", &cfg);
	ok(cause == NULL, "a file of comments loads");
	is_str(cfg.path, cfgpath, "path is the file read");
	is_str(GH(cfg)->api_url, "https://api.github.com", "default api-url");
	is_str(GH(cfg)->api_version, "2022-11-28", "default api-version");
	ok(GH(cfg)->token_command == NULL, "no default token-command");
	is_int(GH(cfg)->connect_timeout_s, 5, "default connect-timeout");
	is_int(GH(cfg)->timeout_s, 20, "default timeout");
	is_int(GH(cfg)->per_page, 30, "default per-page");
	is_int(AP(cfg)->workers, 4, "default workers");
	snprintf(want, sizeof want, "%s/.cache/opsdeck", tmpdir);
	is_str(AP(cfg)->cache_dir, want, "cache dir under $HOME/.cache");
	is_str(AP(cfg)->theme, "default", "default theme");
	is_str(AP(cfg)->layout, "grid", "default layout");
	is_int(GH(cfg)->interval_s, 30, "default interval");
	is_int(GH(cfg)->fast_interval_s, 5, "default fast interval");
	is_int((int)cfg.nrepos, 0, "no repositories");
	is_int((int)cfg.nkeys, 0, "no keys");
	conf_done(&cfg);
	ok(is_zero(&cfg), "conf_done zeroes");
	free(cause);

	/* data/defaults.conf read as a user file gives the same values: the
	 * compiled-in copy is that file. */
	{
		struct conf d;
		char path[PATH_MAX];

		free(load("", &cfg));
		snprintf(path, sizeof path, "%s/data/defaults.conf", OD_SRCDIR);
		ok(conf_load(&d, path, TABLES, &cause) == 0, "defaults.conf loads");
		ok(GH(d)->connect_timeout_s == GH(cfg)->connect_timeout_s &&
		    GH(d)->timeout_s == GH(cfg)->timeout_s && GH(d)->per_page == GH(cfg)->per_page &&
		    AP(d)->workers == AP(cfg)->workers && GH(d)->interval_s == GH(cfg)->interval_s &&
		    GH(d)->fast_interval_s == GH(cfg)->fast_interval_s &&
		    strcmp(GH(d)->api_url, GH(cfg)->api_url) == 0 &&
		    strcmp(GH(d)->api_version, GH(cfg)->api_version) == 0 &&
		    strcmp(AP(d)->layout, AP(cfg)->layout) == 0 &&
		    strcmp(AP(d)->theme, AP(cfg)->theme) == 0,
		    "  and equals the compiled-in defaults");
		conf_done(&d);
		conf_done(&cfg);
	}

	setenv("XDG_CACHE_HOME", "/var/cache/x", 1);
	cause = load("", &cfg);
	is_str(AP(cfg)->cache_dir, "/var/cache/x/opsdeck", "$XDG_CACHE_HOME");
	conf_done(&cfg);
	setenv("XDG_CACHE_HOME", "relative", 1);
	cause = load("", &cfg);
	snprintf(want, sizeof want, "%s/.cache/opsdeck", tmpdir);
	is_str(AP(cfg)->cache_dir, want, "a relative $XDG_CACHE_HOME is ignored");
	conf_done(&cfg);
	unsetenv("XDG_CACHE_HOME");
}

static void
test_default_path(void)
{
	struct conf cfg;
	char dir[PATH_MAX + 32], want[PATH_MAX + 64], *cause = NULL;

	snprintf(dir, sizeof dir, "%s/xdg", tmpdir);
	setenv("XDG_CONFIG_HOME", dir, 1);
	ok(conf_load(&cfg, NULL, TABLES, &cause) == 0 && cfg.path == NULL,
	    "no file at the default path: defaults only");
	is_str(AP(cfg)->layout, "grid", "  with the defaults");
	conf_done(&cfg);
	mkdir(dir, 0700);
	snprintf(dir, sizeof dir, "%s/xdg/opsdeck", tmpdir);
	mkdir(dir, 0700);
	write_file("xdg/opsdeck/config", "[ui]\n\tlayout = stack\n");
	snprintf(want, sizeof want, "%s/xdg/opsdeck/config", tmpdir);
	ok(conf_load(&cfg, NULL, TABLES, &cause) == 0, "the default path is read");
	is_str(cfg.path, want, "  $XDG_CONFIG_HOME/opsdeck/config");
	is_str(AP(cfg)->layout, "stack", "  and applied");
	conf_done(&cfg);
	unsetenv("XDG_CONFIG_HOME");
	write_file(".config", "");	/* a file where a directory should be */
	ok(conf_load(&cfg, NULL, TABLES, &cause) == 0 && cfg.path == NULL,
	    "an unusable ~/.config is no config file");
	conf_done(&cfg);
	snprintf(want, sizeof want, "%s/.config", tmpdir);
	unlink(want);
}

static void
test_fixture_full(void)
{
	struct conf cfg;
	char path[PATH_MAX], want[PATH_MAX + 64], *cause = NULL;

	snprintf(path, sizeof path, "%s/full.conf", datadir);
	ok(conf_load(&cfg, path, TABLES, &cause) == 0, "full.conf loads (%s)",
	    cause != NULL ? cause : "");
	is_str(GH(cfg)->api_url, "https://ghe.example.com/api/v3",
	    "api-url, trailing slash and comment dropped");
	is_str(GH(cfg)->token_command, "gh auth token --hostname ghe.example.com",
	    "quoted token-command");
	is_int(GH(cfg)->connect_timeout_s, 3, "connect-timeout 3s");
	is_int(GH(cfg)->timeout_s, 60, "timeout 1m");
	is_int(GH(cfg)->per_page, 100, "per-page");
	is_str(GH(cfg)->enterprise_hosts, "ghe.example.com  other.example.com",
	    "enterprise-hosts");
	is_int(GS(cfg)->stale_days, 10, "git.stale-days");
	ok(GS(cfg)->risky.n == 1 && AP(cfg)->mask.n == 1,
	    "git.risky and log.mask");
	is_int(AP(cfg)->workers, 8, "workers");
	snprintf(want, sizeof want, "%s/cache dir/opsdeck", tmpdir);
	is_str(AP(cfg)->cache_dir, want, "quoted cache-dir with ~/ expanded");
	is_str(AP(cfg)->theme, "mono", "theme");
	is_str(AP(cfg)->layout, "stack", "layout");
	is_int(GH(cfg)->interval_s, 120, "interval 2m");
	is_int(GH(cfg)->fast_interval_s, 10, "fast-interval");
	is_int((int)cfg.nrepos, 2, "two repositories, one section split");
	if (cfg.nrepos == 2) {
		is_str(cfg.repos[0].name, "acme/api", "first in file order");
		ok(cfg.repos[0].path == NULL, "  no path");
		is_str(cfg.repos[0].branch, "release/v2",
		    "  branch from the second [Repo] section");
		is_int(cfg.repos[0].interval_s, 120, "  inherits ui.interval");
		is_str(cfg.repos[1].name, "acme/web", "second");
		is_str(cfg.repos[1].branch, "main", "  branch");
		is_int(cfg.repos[1].interval_s, 90, "  own interval");
		snprintf(want, sizeof want, "%s/src/web", tmpdir);
		is_str(cfg.repos[1].path, want, "  ~ expanded in path");
	}
	is_int((int)cfg.nkeys, 3, "three [keys] entries (a multivar)");
	if (cfg.nkeys == 3) {
		is_str(cfg.keys[0].action, "refresh", "keys in file order");
		is_str(cfg.keys[0].key, "r", "  first value");
		is_str(cfg.keys[1].key, "C-r", "  second value");
		snprintf(want, sizeof want, "%s:27", path);
		is_str(cfg.keys[1].where, want, "  where is file:line");
		is_str(cfg.keys[2].action, "quit", "  then quit");
	}
	conf_done(&cfg);
}

static void
test_fixture_include(void)
{
	struct conf cfg;
	char path[PATH_MAX], want[PATH_MAX + 128], *cause = NULL;

	snprintf(path, sizeof path, "%s/main.conf", datadir);
	ok(conf_load(&cfg, path, TABLES, &cause) == 0, "main.conf with nested "
	    "includes loads (%s)", cause != NULL ? cause : "");
	is_str(AP(cfg)->layout, "stack", "a value of the including file");
	is_str(AP(cfg)->theme, "included", "a value of the included file");
	is_int((int)cfg.nrepos, 2, "a repo from each");
	if (cfg.nrepos == 2) {
		is_str(cfg.repos[0].name, "nested/repo",
		    "the include's repo comes where the include is");
		is_int(cfg.repos[0].interval_s, 45, "  with its interval");
		is_str(cfg.repos[1].name, "top/level", "then the rest");
	}
	if (cfg.nkeys == 1) {
		snprintf(want, sizeof want, "%s/include/more.conf:7", datadir);
		is_str(cfg.keys[0].where, want, "a key's where names the "
		    "included file");
	} else
		ok(0, "one key from the include");
	conf_done(&cfg);

	snprintf(path, sizeof path, "%s/bad-include.conf", datadir);
	snprintf(want, sizeof want, "%s/include/bad-layout.conf:4: key "
	    "'ui.layout': expected a value, got ''", datadir);
	ok(conf_load(&cfg, path, TABLES, &cause) != 0, "a bad included value fails");
	is_str(cause, want, "the error names the included file and line");
	ok(is_zero(&cfg), "nothing half-applied");
	free(cause);
}

/* text as tmpdir/config must fail with exactly want, where each "@"
 * stands for tmpdir. */
static void
expect_error(const char *text, const char *want, const char *what)
{
	struct conf cfg;
	char exp[2 * PATH_MAX], *cause;
	const char *p;
	size_t n = 0;

	for (p = want; *p != '\0' && n + sizeof tmpdir + 1 < sizeof exp; p++) {
		if (*p == '@') {
			snprintf(exp + n, sizeof exp - n, "%s", tmpdir);
			n += strlen(exp + n);
		} else
			exp[n++] = *p;
	}
	exp[n] = '\0';
	memset(&cfg, 0xa5, sizeof cfg);
	cause = load(text, &cfg);
	is_str(cause, exp, "%s", what);
	ok(is_zero(&cfg), "  %s: *cfg left zeroed", what);
	free(cause);
}

/* The same for [ui] layout and zoom, which load but name no pane of the
 * table: appconf_check_layout's error. */
static void
expect_layout_error(const char *text, const char *want, const char *what)
{
	struct conf cfg;
	char exp[2 * PATH_MAX], *cause;
	const char *p;
	size_t n = 0;

	for (p = want; *p != '\0' && n + sizeof tmpdir + 1 < sizeof exp; p++) {
		if (*p == '@') {
			snprintf(exp + n, sizeof exp - n, "%s", tmpdir);
			n += strlen(exp + n);
		} else
			exp[n++] = *p;
	}
	exp[n] = '\0';
	cause = load(text, &cfg);
	if (cause == NULL) {
		ok(appconf_check_layout(&cfg, &cause) == -1, "%s: refused",
		    what);
		conf_done(&cfg);
	} else
		ok(0, "%s: loads (%s)", what, cause);
	is_str(cause, exp, "  %s: the message", what);
	free(cause);
}

/* Unknown sections and keys: an error at their own FILE:LINE with the
 * nearest known name, never ignored. */
static void
test_unknown(void)
{
	struct conf cfg;
	char inc[PATH_MAX + 64], *cause, want[2 * PATH_MAX];

	expect_error("[ui]\n\ttheme = mono\n\tthemee = x\n", "@/config:3: "
	    "unknown key 'ui.themee'; did you mean 'theme'?", "a typo'd key");
	expect_error("# x\n[githbu]\n\tapi-url = https://x\n", "@/config:2: "
	    "unknown section [githbu]; did you mean 'github'?",
	    "a typo'd section");
	expect_error("[ui]\n\tenvironmentz = 1\n", "@/config:2: unknown key "
	    "'ui.environmentz'", "a key far from any: no suggestion");
	/* [environment "NAME"] is known now (the quality gates' keys): an
	 * unknown key of it is still an error at its line. */
	expect_error("[environment \"production\"]\n\turl = x\n",
	    "@/config:2: unknown key 'environment.production.url'",
	    "an unknown key of a named section is an error at its line");
	expect_error("[environment]\n\tmin-coverage = 80\n",
	    "@/config:2: key 'environment.min-coverage' belongs in a "
	    "[environment \"NAME\"] section",
	    "a named section's key without a name");
	expect_error("[environment]\n\tmin-coverag = 80\n",
	    "@/config:2: unknown key 'environment.min-coverag'; did you mean "
	    "'min-coverage'?", "an unknown key without a name: the nearest");
	expect_error("[grafana]\n", "@/config:1: unknown section "
	    "[grafana]", "an empty unknown section too");
	expect_error("[github \"ghe\"]\n\tapi-url = https://x\n",
	    "@/config:1: section [github \"ghe\"] takes no name: write "
	    "[github]", "a name on a section that takes none");
	expect_error("[ui.x]\n\ttheme = mono\n", "@/config:1: section "
	    "[ui \"x\"] takes no name: write [ui]", "  the old [a.b] form too");
	expect_error("[repo \"a/b\"]\n\tpath = /x\n\tbrnch = main\n",
	    "@/config:3: unknown key 'repo.a/b.brnch'; did you mean 'branch'?",
	    "a typo'd key of a [repo]");
	expect_error("[include]\n\tpaht = x\n", "@/config:2: unknown key "
	    "'include.paht'; did you mean 'path'?", "a typo'd include");
	expect_error("[core]\n\tworkers = 0\n[ui]\n\tlayot = grid\n",
	    "@/config:4: unknown key 'ui.layot'; did you mean 'layout'?",
	    "a typo'd name is reported before a bad value");
	expect_error("[github]\n\tinterval = 30\n", "@/config:2: unknown key "
	    "'github.interval'", "a key of another section is not this one's");

	/* An include's typo: its own file and line. */
	snprintf(inc, sizeof inc, "%s", write_file("inc.conf",
	    "[ui]\n\tlayout = grid\n\n\tintervall = 30s\n"));
	snprintf(want, sizeof want, "%s:4: unknown key 'ui.intervall'; did "
	    "you mean 'interval'?", inc);
	cause = load("[core]\n\tworkers = 2\n[include]\n\tpath = inc.conf\n",
	    &cfg);
	is_str(cause, want, "a typo in an included file: its file:line");
	ok(is_zero(&cfg), "  *cfg left zeroed");
	free(cause);

	cause = load("[UI]\n\tTheme = mono\n\tinterval = 1m\n[Keys]\n"
	    "\tanything-at-all = x\n[keys \"pipelines\"]\n\tquit = q\n"
	    "[includeIf \"gitdir:/nowhere/\"]\n\tpath = /nowhere\n"
	    "[github]\n\tenterprise-hosts = a.example b.example\n", &cfg);
	ok(cause == NULL, "names in any case, two tables' keys in one section, "
	    "any [keys], includeIf: load (%s)", cause != NULL ? cause : "");
	is_str(AP(cfg)->theme, "mono", "  and apply");
	free(cause);
	conf_done(&cfg);

	is_int((int)conf_distance("environmentz", "environments"), 1,
	    "distance: one substitution");
	is_int((int)conf_distance("layot", "layout"), 1, "  one insertion");
	is_int((int)conf_distance("Theme", "theme"), 0, "  case aside");
	is_int((int)conf_distance("", "abc"), 3, "  from nothing");
	is_int((int)conf_distance("kitten", "sitting"), 3, "  kitten/sitting");
}

/* Every key of every table is in data/defaults.conf (set there, or a
 * "# key:" comment saying how its default is derived), in its section;
 * and the defaults set no key no table knows (conf_load would refuse). */
/* Issue 10: [repo] environments and deploy keys, [environment "NAME"]
 * and [environment "o/n NAME"], and what unset means. */
static void
test_environments(void)
{
	struct env_policy pol;
	const struct repo_conf *rc;
	struct conf cfg;
	char *cause, **names;
	size_t n;

	cause = load("[repo \"octo/svc\"]\n"
	    "\tenvironments = dev  staging production dev\n"
	    "\tdeploy-workflow = deploy.yml\n\tdeploy-ref = release/v2\n"
	    "\tdeploy-command = ./ship {repo} {env} {sha}\n"
	    "[environment \"staging\"]\n\tcolor = bold cyan\n"
	    "\tprotected = true\n"
	    "[environment \"production\"]\n\treadonly = true\n"
	    "[environment \"octo/svc production\"]\n\treadonly = false\n"
	    "\tcolor = run-failed\n"
	    "[environment \"prod-eu\"]\n\tprotected = false\n", &cfg);
	is_str(cause, NULL, "[repo] deploy keys and [environment] sections load");
	free(cause);
	rc = envconf_repo(&cfg, "octo/svc");
	ok(rc != NULL, "envconf_repo finds the [repo]");
	if (rc != NULL) {
		is_str(rc->deploy_workflow, "deploy.yml", "  deploy-workflow");
		is_str(rc->deploy_ref, "release/v2", "  deploy-ref");
		is_str(rc->deploy_command, "./ship {repo} {env} {sha}",
		    "  deploy-command");
		n = envconf_order(rc, &names);
		ok(n == 3 && strcmp(names[0], "dev") == 0 &&
		    strcmp(names[1], "staging") == 0 &&
		    strcmp(names[2], "production") == 0,
		    "  environments: the promotion order, blanks and repeats "
		    "dropped");
		envconf_names_free(names, n);
	}
	ok(conf_named_values(&cfg, &envconf_conf_table) != NULL &&
	    conf_named_values(&cfg, &envconf_conf_table)->n == 4,
	    "four [environment] sections");
	envconf_policy(&cfg, "octo/svc", "dev", &pol);
	ok(!pol.is_protected && !pol.readonly && pol.color == NULL,
	    "dev: nothing set, not protected");
	envconf_policy(&cfg, "octo/svc", "staging", &pol);
	ok(pol.is_protected && !pol.readonly && pol.color != NULL &&
	    strcmp(pol.color, "bold cyan") == 0,
	    "staging: protected as set, its colour");
	envconf_policy(&cfg, "octo/svc", "production", &pol);
	ok(pol.is_protected && !pol.readonly && pol.color != NULL &&
	    strcmp(pol.color, "run-failed") == 0,
	    "production in octo/svc: the repository's section wins key by "
	    "key; protected by its name");
	envconf_policy(&cfg, "octo/web", "production", &pol);
	ok(pol.is_protected && pol.readonly && pol.color == NULL,
	    "production elsewhere: the generic section (readonly)");
	envconf_policy(&cfg, "octo/web", "prod-eu", &pol);
	ok(!pol.is_protected, "prod-eu: protected = false is obeyed");
	envconf_policy(&cfg, NULL, "Preprod", &pol);
	ok(pol.is_protected, "a name with \"prod\" in any case is protected "
	    "by default");
	envconf_policy(&cfg, NULL, "staging-2", &pol);
	ok(!pol.is_protected && !pol.readonly, "other names are not");
	conf_done(&cfg);

	expect_error("[environment \"production\"]\n\tprotectd = true\n",
	    "@/config:2: unknown key 'environment.production.protectd'; did "
	    "you mean 'protected'?", "a typo'd [environment] key");
	expect_error("[environment]\n\treadonly = true\n",
	    "@/config:2: key 'environment.readonly' belongs in a "
	    "[environment \"NAME\"] section",
	    "[environment] without a name");
	expect_error("[environment \"a/b/c prod\"]\n\treadonly = true\n",
	    "@/config:1: [environment \"a/b/c prod\"]: expected "
	    "\"NAME\" or \"owner/name NAME\"", "a bad repository in the name");
	expect_error("[environment \"a/b/c prod\"]\n\tmin-score = 50\n",
	    "@/config:1: [environment \"a/b/c prod\"]: expected "
	    "\"NAME\" or \"owner/name NAME\"",
	    "  whichever keys the section holds (the gates' too)");
	expect_error("[environment \"prod\"]\n\treadonly = maybe\n",
	    "@/config:2: key 'environment.prod.readonly': expected true or "
	    "false, got 'maybe'", "a bad boolean");
	expect_error("[repo \"a/b\"]\n\tdeploy-workflw = x\n",
	    "@/config:2: unknown key 'repo.a/b.deploy-workflw'; did you mean "
	    "'deploy-workflow'?", "a typo'd deploy key of a [repo]");
}

static void
test_defaults_documented(void)
{
	char path[PATH_MAX], line[512], sec[64] = "", *p, *e;
	const struct conf_key *k;
	size_t i, j, nkeys = 0, found = 0, missing = 0;
	char seen[256][160];
	size_t nseen = 0;
	FILE *fp;

	snprintf(path, sizeof path, "%s/data/defaults.conf", OD_SRCDIR);
	if ((fp = fopen(path, "r")) == NULL) {
		ok(0, "data/defaults.conf readable");
		return;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		p = line + strspn(line, " \t");
		if (*p == '[' && (e = strchr(p, ']')) != NULL) {
			snprintf(sec, sizeof sec, "%.*s", (int)(e - p - 1), p + 1);
			continue;
		}
		if (*p == '#')
			p += 1 + strspn(p + 1, " ");
		e = p + strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
		if (e == p || (*e != ':' && *e != ' ') || nseen == 256)
			continue;
		if (*e == ' ' && e[strspn(e, " ")] != '=')
			continue;
		snprintf(seen[nseen++], sizeof seen[0], "%s.%.*s", sec,
		    (int)(e - p), p);
	}
	fclose(fp);
	for (i = 0; i < ntables; i++) {
		for (j = 0; j < tables[i]->nkeys; j++) {
			k = &tables[i]->keys[j];
			snprintf(line, sizeof line, "%s.%s", k->section, k->key);
			nkeys++;
			for (found = 0; found < nseen; found++) {
				if (strcmp(seen[found], line) == 0)
					break;
			}
			if (found == nseen) {
				printf("# not in defaults.conf: %s\n", line);
				missing++;
			}
			if (k->help == NULL || *k->help == '\0') {
				printf("# no help text: %s\n", line);
				missing++;
			}
		}
	}
	ok(nkeys > 10 && missing == 0, "every registered key (%zu) is in "
	    "data/defaults.conf and has a help text", nkeys);
}

static void
test_errors(void)
{
	char big[9000];

	expect_layout_error("[ui]\n\ttheme = x\n\tlayout = diagonal\n",
	    "@/config:3: key 'ui.layout': unknown pane 'diagonal' (the "
	    "panes: pipelines, quality, issues, health, approvals)",
	    "bad layout");
	expect_layout_error("[ui]\n\tlayout = grid\n\tlayout = diagonal\n",
	    "@/config:3: key 'ui.layout': unknown pane 'diagonal' (the "
	    "panes: pipelines, quality, issues, health, approvals)",
	    "the last of two values is the one checked");
	expect_layout_error("[ui]\n\tlayout = \"pipelnes quality / "
	    "issues\"\n", "@/config:2: key 'ui.layout': unknown pane "
	    "'pipelnes'; did you mean 'pipelines'?", "a typo'd pane: the "
	    "nearest name");
	expect_layout_error("[ui]\n\tlayout = pipelines issues\n\tzoom = "
	    "health\n", "@/config:3: key 'ui.zoom': pane 'health' is not in "
	    "the layout", "zoom on a pane the layout leaves out");
	expect_layout_error("[ui]\n\tzoom = helth\n", "@/config:2: key "
	    "'ui.zoom': unknown pane 'helth'; did you mean 'health'?",
	    "a typo'd zoom");
	expect_layout_error("[ui]\n\tlayout = \"health / health\"\n",
	    "@/config:2: key 'ui.layout': pane 'health' is placed twice",
	    "a pane placed twice");
	expect_error("[ui]\n\tlayout\n", "@/config:2: key 'ui.layout': "
	    "expected a value, got ''", "a key without a value");
	expect_error("[github]\n\tper-page = 500\n[repo \"a/b\"]\n",
	    "@/config:2: key 'github.per-page': expected a number from 1 to "
	    "100, got '500'", "per-page 500");
	expect_error("[github]\n\tper-page = 0x10\n", "@/config:2: key "
	    "'github.per-page': expected a number from 1 to 100, got '0x10'",
	    "per-page not decimal");
	expect_error("[core]\n\tworkers = 0\n", "@/config:2: key "
	    "'core.workers': expected a number from 1 to 16, got '0'",
	    "workers 0");
	expect_error("[core]\n\tworkers = 99999999999999999999\n", "@/config:2:"
	    " key 'core.workers': expected a number from 1 to 16, got "
	    "'99999999999999999999'", "workers overflow");
	expect_error("[ui]\n\tinterval = soon\n", "@/config:2: key "
	    "'ui.interval': expected a duration like 30, 30s or 5m, got "
	    "'soon'", "bad duration");
	expect_error("[ui]\n\tinterval = -5\n", "@/config:2: key "
	    "'ui.interval': expected a duration like 30, 30s or 5m, got "
	    "'-5'", "negative duration");
	expect_error("[ui]\n\tinterval = \"30 s\"\n", "@/config:2: key "
	    "'ui.interval': expected a duration like 30, 30s or 5m, got "
	    "'30 s'", "a blank inside a duration");
	expect_error("[ui]\n\tinterval = 2h\n", "@/config:2: key "
	    "'ui.interval': expected 5s to 3600s, got '2h'",
	    "interval over an hour");
	expect_error("[ui]\n\tinterval = 4\n", "@/config:2: key "
	    "'ui.interval': expected 5s to 3600s, got '4'",
	    "interval under 5 s");
	expect_error("[github]\n\ttimeout = 9999999999m\n", "@/config:2: key "
	    "'github.timeout': expected a duration like 30, 30s or 5m, got "
	    "'9999999999m'", "duration overflow");
	expect_error("[github]\n\tapi-url = ftp://x/\n", "@/config:2: key "
	    "'github.api-url': expected an http or https URL, got 'ftp://x/'",
	    "api-url scheme");
	expect_error("[github]\n\tapi-url = api.github.com\n", "@/config:2: "
	    "key 'github.api-url': expected an http or https URL, got "
	    "'api.github.com'", "api-url without a scheme");
	expect_error("[github]\n\tapi-url = https://user:s3cret@x/\n",
	    "@/config:2: key 'github.api-url': credentials do not belong in "
	    "the URL; use GH_TOKEN or token-command",
	    "credentials in api-url, not echoed");
	expect_error("[github]\n\tapi-url = https://x/api?y=1\n", "@/config:2:"
	    " key 'github.api-url': expected a base URL without '?' or '#', "
	    "got 'https://x/api?y=1'", "api-url with a query");
	expect_error("[github]\n\tapi-version =\n", "@/config:2: key "
	    "'github.api-version': expected a value, got ''",
	    "empty api-version");
	expect_error("[core]\n\tcache-dir = cache\n", "@/config:2: key "
	    "'core.cache-dir': expected an absolute path or ~/..., got "
	    "'cache'", "relative cache-dir");
	expect_error("[ui]\n\tlayout = \"\x1b[2J\"\n", "@/config:2: key "
	    "'ui.layout': control characters in the value, got '^[[2J'",
	    "an escape sequence is shown inert");
	memset(big, 'x', sizeof big);
	memcpy(big, "[ui]\n\tlayout = ", 15);
	memcpy(big + sizeof big - 2, "\n", 2);
	{
		struct conf cfg;
		char *cause = load(big, &cfg);

		if (cause == NULL) {
			(void)appconf_check_layout(&cfg, &cause);
			conf_done(&cfg);
		}
		ok(cause != NULL && strlen(cause) < 400 &&
		    strstr(cause, "config:2: key 'ui.layout'") != NULL,
		    "a huge value is cut short in the message");
		free(cause);
	}

	expect_error("[repo \"a/b/c\"]\n", "@/config:1: section [repo "
	    "\"a/b/c\"]: expected owner/name (letters, digits, '-', '_'; '.' "
	    "in the name)", "repo name with two slashes");
	expect_error("# c\n[repo \"a/b\"]\n[repo \"../etc\"]\n", "@/config:3: "
	    "section [repo \"../etc\"]: expected owner/name (letters, digits, "
	    "'-', '_'; '.' in the name)", "path traversal in a repo name");
	expect_error("[repo \"o/..\"]\n", "@/config:1: section [repo "
	    "\"o/..\"]: expected owner/name (letters, digits, '-', '_'; '.' "
	    "in the name)", "'..' as the name");
	expect_error("[repo \"a b/c\"]\n", "@/config:1: section [repo "
	    "\"a b/c\"]: expected owner/name (letters, digits, '-', '_'; '.' "
	    "in the name)", "a space in a repo name");
	expect_error("[repo \"owner\"]\n\tpath = /x\n", "@/config:1: section "
	    "[repo \"owner\"]: expected owner/name (letters, digits, '-', '_';"
	    " '.' in the name)", "no slash");
	expect_error("[repo \"a/\x01\"]\n", "@/config:1: section [repo "
	    "\"a/^A\"]: expected owner/name (letters, digits, '-', '_'; '.' "
	    "in the name)", "a control character in a repo name");
	expect_error("[repo]\n\tpath = /x\n", "@/config:1: section [repo] "
	    "needs a name: [repo \"owner/name\"]", "a repo without a name");
	expect_error("[repo \"Acme/API\"]\n[repo \"acme/api\"]\n", "@/config:2: "
	    "section [repo \"acme/api\"]: the same repository as [repo "
	    "\"Acme/API\"]", "the same repository twice in other case");
	expect_error("[repo \"a/b\"]\n\tbranch = main\n\tinterval = 1\n",
	    "@/config:3: key 'repo.a/b.interval': expected 5s to 3600s, got "
	    "'1'", "repo interval");
	expect_error("[repo \"a/b\"]\n\tpath = src/b\n", "@/config:2: key "
	    "'repo.a/b.path': expected an absolute path or ~/..., got 'src/b'",
	    "relative repo path");
	expect_error("[repo \"a/b\"]\n\tbranch = a..b\n", "@/config:2: key "
	    "'repo.a/b.branch': expected a branch name, got 'a..b'",
	    "bad branch");
	expect_layout_error("[ui]\n\ttheme = a \\\n layout = x\n\tlayout = "
	    "diagonal\n", "@/config:4: key 'ui.layout': unknown pane "
	    "'diagonal' (the panes: pipelines, quality, issues, health, "
	    "approvals)",
	    "a continued value is not a key line");
	expect_error("[ui\n\tlayout = grid\n", "@/config:1: failed to parse "
	    "config file: missing ']' in section header",
	    "a syntax error comes from libgit2 with file:line");
	expect_error("[ui]\n\tlay out = x\n", "@/config:2: failed to parse "
	    "config file: invalid configuration key", "a bad key name");
	write_file("inc-bad", "\n\n[ui\n");
	expect_error("[include]\n\tpath = inc-bad\n", "@/inc-bad:3: failed to "
	    "parse config file: missing ']' in section header",
	    "a syntax error in an included file names it");
}

static void
test_overrides(void)
{
	struct conf cfg;
	char *cause;

	cause = load("[ui]\n\tlayout = diagonal\n[ui]\n\tlayout = stack\n",
	    &cfg);
	ok(cause == NULL && strcmp(AP(cfg)->layout, "stack") == 0,
	    "a bad value overridden later is fine");
	conf_done(&cfg);
	free(cause);
	write_file("inc", "[ui]\n\tlayout = stack\n\ttheme = inc\n");
	cause = load("[ui]\n\tlayout = grid\n[include]\n\tpath = inc\n"
	    "[ui]\n\ttheme = after\n", &cfg);
	ok(cause == NULL, "include then override loads");
	is_str(AP(cfg)->layout, "stack", "the include overrides what comes before");
	is_str(AP(cfg)->theme, "after", "what comes after overrides the include");
	conf_done(&cfg);
	free(cause);
	write_file("inc", "[ui]\n\tlayout = diagonal\n");
	cause = load("[include]\n\tpath = inc\n[ui]\n\tlayout = grid\n", &cfg);
	ok(cause == NULL && strcmp(AP(cfg)->layout, "grid") == 0,
	    "a bad included value overridden later is fine");
	conf_done(&cfg);
	free(cause);
	write_file("inc", "[include]\n\tpath = config\n");
	cause = load("[include]\n\tpath = inc\n[ui]\n\tlayout = nope\n", &cfg);
	ok(cause != NULL, "an include cycle ends (%s)", cause);
	conf_done(&cfg);
	free(cause);
	cause = load("[include]\n\tpath = /nonexistent/x\n[ui]\n\tlayout = "
	    "stack\n", &cfg);
	ok(cause == NULL && strcmp(AP(cfg)->layout, "stack") == 0,
	    "a missing include is skipped, as git does");
	conf_done(&cfg);
	free(cause);
}

static void
test_quoting(void)
{
	struct conf cfg;
	char *cause;

	cause = load("; comment\n# comment\n[UI]\n\tTHEME = \"a;b#c\" ; c\n"
	    "[github]\n\ttoken-command = \"tok \\\"q\\\"\\tx\" # c\n"
	    "\tapi-version = 2022-11-28 # trailing\n"
	    "[core] workers = 2\n[github]\n\ttoken-command =\n", &cfg);
	ok(cause == NULL, "comments and quoting load (%s)", cause ? cause : "");
	is_str(AP(cfg)->theme, "a;b#c", "comment characters inside quotes");
	is_str(GH(cfg)->api_version, "2022-11-28", "trailing comment dropped");
	is_int(AP(cfg)->workers, 2, "a key on the header's line");
	ok(GH(cfg)->token_command == NULL, "an empty token-command clears it");
	conf_done(&cfg);
	free(cause);
	cause = load("[github]\n\ttoken-command = \"tok \\\"q\\\"\\tx\"\n",
	    &cfg);
	is_str(GH(cfg)->token_command, "tok \"q\"\tx", "escapes decoded");
	conf_done(&cfg);
	free(cause);
}

static void
test_missing(void)
{
	struct conf cfg;
	char *cause = NULL;

	memset(&cfg, 0xa5, sizeof cfg);
	ok(conf_load(&cfg, "/nonexistent/opsdeck.conf", TABLES, &cause) != 0,
	    "an explicit missing file is an error");
	is_str(cause, "cannot read /nonexistent/opsdeck.conf: No such file "
	    "or directory", "  saying so");
	ok(is_zero(&cfg), "  *cfg zeroed");
	free(cause);
	ok(conf_load(&cfg, tmpdir, TABLES, &cause) != 0 && strstr(cause,
	    "Is a directory") != NULL, "a directory is not a config file");
	free(cause);
}

static void
test_find_line(void)
{
	char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/full.conf", datadir);
	is_int(conf_find_line(path, "ui", NULL, "layout"), 15,
	    "conf_find_line: a key");
	is_int(conf_find_line(path, "repo", "acme/api", "branch"), 24,
	    "  a key in a subsection");
	is_int(conf_find_line(path, "keys", NULL, "refresh"), 27,
	    "  the last of a multivar");
	is_int(conf_find_line(path, "ui", NULL, "nope"), 0, "  absent: 0");
	is_int(conf_find_line("/dev/null", "ui", NULL, "layout"), 0,
	    "  not a regular file: 0");
	is_int(conf_find_line("/nonexistent", "ui", NULL, "layout"), 0,
	    "  no file: 0");
}

/* git with args in dir through fork/execvp; its exit status, 127 when
 * git is missing. Tests only: the git CLI builds fixtures. */
static int
git(const char *dir, ...)
{
	char *argv[16];
	va_list ap;
	pid_t pid;
	int argc = 0, status, fd;

	argv[argc++] = "git";
	argv[argc++] = "-C";
	argv[argc++] = (char *)dir;
	va_start(ap, dir);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp("git", argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The API for the origin's host, as the app decides it. */
static int
origin_api(const struct conf *cfg, const char *host, char **api)
{
	char *cause = NULL;
	int rc;

	rc = remote_origin_api(host, GH(*cfg)->api_url,
	    conf_user_sets(cfg, "github", "api-url"),
	    GH(*cfg)->enterprise_hosts, api, &cause);
	if (rc != 0 && (cause == NULL || strstr(cause, host) == NULL ||
	    strstr(cause, "api-url") == NULL))
		rc = -2;	/* the message must name both */
	free(cause);
	return rc;
}

static void
test_default_repo(void)
{
	struct conf cfg;
	char dir[PATH_MAX + 16], sub[PATH_MAX + 32], want[PATH_MAX + 64];
	char *cause = NULL, *host = NULL, *api = NULL;
	git_repository *r;

	snprintf(dir, sizeof dir, "%s/clone", tmpdir);
	mkdir(dir, 0700);
	if (git(dir, "init", "-q", NULL) != 0) {
		ok(1, "# SKIP git CLI missing");
		return;
	}
	git(dir, "remote", "add", "origin",
	    "git@ghe.corp.example:platform/deploy.git", NULL);
	snprintf(sub, sizeof sub, "%s/a", dir);
	mkdir(sub, 0700);
	free(load("", &cfg));
	ok(conf_default_repo(&cfg, sub, &host, &cause) == 0 && cfg.nrepos == 1,
	    "the repository of a subdirectory is found");
	if (cfg.nrepos == 1) {
		is_str(cfg.repos[0].name, "platform/deploy", "  owner/name");
		snprintf(want, sizeof want, "%s/", dir);
		is_str(cfg.repos[0].path, want, "  path is the work tree");
		is_int(cfg.repos[0].interval_s, 30, "  default interval");
	}
	is_str(host, "ghe.corp.example", "  and the remote's host");
	ok(origin_api(&cfg, host, &api) == -1 && api == NULL,
	    "a host other than github.com is not assumed to be GitHub");
	free(host);
	ok(conf_default_repo(&cfg, sub, &host, &cause) == 0 &&
	    cfg.nrepos == 1 && host == NULL,
	    "with a repo already there nothing is added");
	conf_done(&cfg);

	free(load("[github]\n\tenterprise-hosts = other.example "
	    "GHE.corp.example\n", &cfg));
	ok(conf_default_repo(&cfg, dir, &host, &cause) == 0 &&
	    origin_api(&cfg, host, &api) == 0, "enterprise-hosts names it");
	is_str(api, "https://ghe.corp.example/api/v3",
	    "  GHES API base from the remote host");
	free(api);
	free(host);
	conf_done(&cfg);

	free(load("[github]\n\tapi-url = https://ghe.corp.example/api/v3\n",
	    &cfg));
	ok(conf_default_repo(&cfg, dir, &host, &cause) == 0 &&
	    origin_api(&cfg, host, &api) == 0, "api-url on the same host");
	is_str(api, "https://ghe.corp.example/api/v3",
	    "  an explicit api-url is kept");
	free(api);
	free(host);
	conf_done(&cfg);

	free(load("[github]\n\tapi-url = https://api.github.com\n", &cfg));
	ok(conf_default_repo(&cfg, dir, &host, &cause) == 0 &&
	    origin_api(&cfg, host, &api) == -1,
	    "api-url on another host than the origin's: an error");
	free(host);
	conf_done(&cfg);

	git(dir, "remote", "set-url", "origin",
	    "https://x-access-token:ghp_s3cret@github.com/octo/hello.git", NULL);
	free(load("", &cfg));
	ok(conf_default_repo(&cfg, dir, &host, &cause) == 0 &&
	    cfg.nrepos == 1 && strcmp(cfg.repos[0].name, "octo/hello") == 0,
	    "an https remote with credentials");
	ok(origin_api(&cfg, host, &api) == 0, "  github.com is assumed");
	is_str(api, "https://api.github.com", "  github.com's API");
	free(api);
	free(host);
	conf_done(&cfg);

	git(dir, "remote", "set-url", "origin",
	    "https://bob:ghp_s3cret@example.com/only", NULL);
	free(load("", &cfg));
	cause = NULL;
	ok(conf_default_repo(&cfg, dir, &host, &cause) != 0 && cfg.nrepos == 0,
	    "a remote that is not owner/name is an error");
	ok(cause != NULL && strstr(cause, "ghp_s3cret") == NULL &&
	    strstr(cause, "https://***@example.com/only") != NULL,
	    "  naming the URL without its credentials (%s)", cause);
	free(cause);
	conf_done(&cfg);

	git(dir, "config", "url.git@github.com:.insteadOf", "gh:", NULL);
	git(dir, "remote", "set-url", "origin", "gh:octo/short", NULL);
	free(load("", &cfg));
	ok(conf_default_repo(&cfg, dir, &host, &cause) == 0 && cfg.nrepos == 1 &&
	    strcmp(cfg.repos[0].name, "octo/short") == 0,
	    "url.<base>.insteadOf is applied");
	free(host);
	conf_done(&cfg);

	git(dir, "remote", "remove", "origin", NULL);
	free(load("", &cfg));
	ok(conf_default_repo(&cfg, dir, &host, &cause) == 0 && cfg.nrepos == 0,
	    "no origin remote: nothing added, no error");
	conf_done(&cfg);

	snprintf(sub, sizeof sub, "%s/norepo", tmpdir);
	mkdir(sub, 0700);
	if (git_repository_open_ext(&r, sub, 0, NULL) == 0) {
		git_repository_free(r);
		ok(1, "# SKIP the temp dir is inside a repository");
		return;
	}
	free(load("", &cfg));
	ok(conf_default_repo(&cfg, sub, &host, &cause) == 0 && cfg.nrepos == 0,
	    "outside a repository nothing is added");
	conf_done(&cfg);
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* [git] risky and [log] mask: several values each, every one compiled at
 * load, a bad one named with its own file and line. */
static void
test_patterns(void)
{
	struct conf cfg;
	char *cause;

	cause = load("[git]\n\tstale-days = 14\n\trisky = ^db/\n"
	    "\trisky = \"\\\\.tfvars$\"\n[log]\n\tmask = corp-[0-9]{6}\n",
	    &cfg);
	ok(cause == NULL, "patterns load (%s)", cause != NULL ? cause : "");
	free(cause);
	is_int(GS(cfg)->stale_days, 14, "git.stale-days");
	ok(GS(cfg)->risky.n == 2 && strcmp(GS(cfg)->risky.v[0], "^db/") == 0 &&
	    strcmp(GS(cfg)->risky.v[1], "\\.tfvars$") == 0,
	    "git.risky: both values, in file order");
	ok(AP(cfg)->mask.n == 1 && strcmp(AP(cfg)->mask.v[0], "corp-[0-9]{6}") == 0,
	    "log.mask: the value");
	conf_done(&cfg);
	cause = load("[git]\n", &cfg);
	ok(cause == NULL && GS(cfg)->stale_days == 30 && GS(cfg)->risky.n == 0 &&
	    AP(cfg)->mask.n == 0, "defaults: 30 days, no extra patterns");
	free(cause);
	conf_done(&cfg);
	expect_error("[git]\n\trisky = ok\n\trisky = \"(unclosed\"\n"
	    "\trisky = fine\n", "@/config:3: key 'git.risky': bad pattern "
	    "'(unclosed': offset 9: missing closing parenthesis",
	    "a bad pattern: its own line, PCRE2's reason");
	expect_error("[log]\n\tmask = \"a\\\\\"\n", "@/config:2: key "
	    "'log.mask': bad pattern 'a\\': offset 2: \\ at end of pattern",
	    "a trailing backslash in a mask");
	expect_error("[git]\n\tstale-days = 0\n", "@/config:2: key "
	    "'git.stale-days': expected a number from 1 to 36500, got '0'",
	    "stale-days 0");
}

/* A named table ([environment "NAME"]): one struct per name, the name's
 * defaults from init, the user's keys over them, errors at their line. */
static void
test_named(void)
{
	const struct quality_env_conf *ec;
	const struct conf_named *cn;
	struct quality_gates g;
	struct conf cfg;
	char *cause;

	cause = load("[environment \"production\"]\n\tmin-coverage = 70\n"
	    "\tmin-score = 90\n\tchecks = required\n"
	    "[environment \"staging\"]\n"
	    "[environment \"QA.eu\"]\n\tmax-security = 0\n"
	    "\tno-open-issues-labelled = release-blocker\n"
	    "[environment \"production\"]\n\tmax-security = 2\n", &cfg);
	ok(cause == NULL, "named sections load (%s)", cause ? cause : "");
	free(cause);
	cn = conf_values(&cfg, &quality_env_conf_table);
	ok(cn != NULL && cn->n == 3, "one struct per name, a split section "
	    "merged (%zu)", cn != NULL ? cn->n : 0);
	ec = conf_values_named(&cfg, &quality_env_conf_table, "production");
	ok(ec != NULL && ec->min_coverage == 70 && ec->min_score == 90 &&
	    ec->max_security == 2 && ec->checks != NULL &&
	    strcmp(ec->checks, "required") == 0,
	    "production: the user's keys, both parts of the section");
	ec = conf_values_named(&cfg, &quality_env_conf_table, "staging");
	ok(ec != NULL && ec->min_coverage == 80 && ec->min_score == -1 &&
	    ec->max_security == -1 && ec->checks == NULL,
	    "a bare [environment \"staging\"]: its defaults (coverage 80)");
	ec = conf_values_named(&cfg, &quality_env_conf_table, "QA.eu");
	ok(ec != NULL && ec->min_coverage == -1 && ec->max_security == 0 &&
	    ec->no_open_issues_labelled != NULL,
	    "a name with a dot and capitals is kept as written");
	ok(conf_values_named(&cfg, &quality_env_conf_table, "qa.eu") == NULL &&
	    conf_values_named(&cfg, &quality_env_conf_table, "dev") == NULL,
	    "names are exact; an absent name has no values");
	ok(qualitysrc_gates(&cfg, NULL, "production", &g) == 0 && g.configured &&
	    g.min_coverage == 70 && g.checks == QUALITY_CHECKS_REQUIRED &&
	    g.set_by_user == (QUALITY_GATE_COVERAGE | QUALITY_GATE_SCORE |
	    QUALITY_GATE_CHECKS | QUALITY_GATE_SECURITY),
	    "gates of production, and which keys the user set");
	quality_gates_done(&g);
	ok(qualitysrc_gates(&cfg, NULL, "staging", &g) == 0 && g.min_coverage == 80 &&
	    g.set_by_user == 0, "staging: the default threshold, not the "
	    "user's");
	quality_gates_done(&g);
	ok(qualitysrc_gates(&cfg, "o/r", "nowhere", &g) == 1 && !g.configured &&
	    g.min_coverage == QUALITY_GATE_OFF && g.min_score ==
	    QUALITY_GATE_OFF, "an environment no config names: no gate");
	quality_gates_done(&g);
	conf_done(&cfg);

	/* [environment "owner/name ENV"]: that repository's, over ENV's. */
	cause = load("[environment \"production\"]\n\tmin-coverage = 70\n"
	    "\tmin-score = 90\n[environment \"octo/svc production\"]\n"
	    "\tmin-score = 60\n[environment \"octo/svc canary\"]\n"
	    "\tchecks = required\n", &cfg);
	ok(cause == NULL, "per-repository sections load (%s)", cause ? cause :
	    "");
	free(cause);
	ok(qualitysrc_gates(&cfg, "octo/svc", "production", &g) == 0 &&
	    g.min_coverage == 70 && g.min_score == 60 && g.set_by_user ==
	    (QUALITY_GATE_COVERAGE | QUALITY_GATE_SCORE),
	    "octo/svc's min-score over production's, its min-coverage kept");
	quality_gates_done(&g);
	ok(qualitysrc_gates(&cfg, "octo/web", "production", &g) == 0 &&
	    g.min_score == 90, "another repository: production's own");
	quality_gates_done(&g);
	ok(qualitysrc_gates(&cfg, "octo/svc", "canary", &g) == 0 &&
	    g.checks == QUALITY_CHECKS_REQUIRED && g.min_coverage ==
	    QUALITY_GATE_OFF, "an environment only one repository names");
	quality_gates_done(&g);
	{
		const char *names[8];
		size_t n;

		n = qualitysrc_envs(&cfg, "octo/svc", names, 8);
		ok(n == 3 && strcmp(names[0], "production") == 0 &&
		    strcmp(names[1], "canary") == 0 && strcmp(names[2],
		    "staging") == 0, "octo/svc's environments: production, "
		    "canary, then staging (%zu)", n);
		n = qualitysrc_envs(&cfg, "octo/web", names, 8);
		ok(n == 2 && strcmp(names[0], "production") == 0 &&
		    strcmp(names[1], "staging") == 0,
		    "octo/web's: production and staging, not octo/svc's canary");
	}
	conf_done(&cfg);

	cause = load("[repo \"o/r\"]\n", &cfg);
	cn = conf_values(&cfg, &quality_env_conf_table);
	ok(cause == NULL && cn != NULL && cn->n == 0 &&
	    qualitysrc_gates(&cfg, NULL, "production", &g) == 1 &&
	    g.min_coverage == 95, "no section: production's default 95 %%");
	quality_gates_done(&g);
	free(cause);
	conf_done(&cfg);

	expect_error("[environment \"production\"]\n\tmin-score = 101\n",
	    "@/config:2: key 'environment.production.min-score': expected a "
	    "number from -1 to 100, got '101'", "a bad value names the "
	    "section's name and its line");
	expect_error("[environment \"production\"]\n\tmin-coverag = 80\n",
	    "@/config:2: unknown key 'environment.production.min-coverag'; "
	    "did you mean 'min-coverage'?", "a typo'd gate key: the nearest");
	expect_error("[environment \"production\"]\n\tchecks = all\n",
	    "@/config:2: key 'environment.production.checks': expected none "
	    "or required, got 'all'", "checks takes none or required");
}

int
main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/opsdeck-config.XXXXXX",
	    t != NULL && *t == '/' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	snprintf(cfgpath, sizeof cfgpath, "%s/config", tmpdir);
	tables = sources_conf_tables(&ntables);
	/* The test's own home: no real config, and git writes nothing
	 * outside the temp dir. */
	setenv("HOME", tmpdir, 1);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("XDG_CONFIG_HOME");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "t", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example.com", 1);
	git_libgit2_init();
	test_defaults();
	test_default_path();
	test_fixture_full();
	test_fixture_include();
	test_errors();
	test_unknown();
	test_environments();
	test_defaults_documented();
	test_overrides();
	test_quoting();
	test_missing();
	test_find_line();
	test_default_repo();
	test_patterns();
	test_named();
	git_libgit2_shutdown();
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
