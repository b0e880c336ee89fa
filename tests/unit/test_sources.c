/* test_sources: the tables of sources (app/sources.c) and their one life
 * cycle: the demo table alone, the live one with its GitHub client and the
 * token only for the right host, an origin host nobody named refused
 * before anything is made, and main.c naming no source. */
#include "config.h"

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <git2.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/appconf.h"
#include "opsdeck/conf.h"
#include "opsdeck/envconf.h"
#include "opsdeck/github.h"
#include "opsdeck/gitsrc.h"
#include "opsdeck/healthsrc.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/issuesrc.h"
#include "opsdeck/qualitysrc.h"
#include "opsdeck/sources.h"
#include "opsdeck/approvalsrc.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "../tap.h"

static char tmpdir[PATH_MAX];

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
test_tables(void)
{
	const struct conf_table *const *t;
	size_t n, i, app = 0, gh = 0, git = 0, q = 0, qe = 0, hs = 0, hc = 0;
	size_t ev = 0, ap = 0, is = 0;

	t = sources_conf_tables(&n);
	for (i = 0; i < n; i++) {
		app += t[i] == &app_conf_table;
		gh += t[i] == &github_conf_table;
		git += t[i] == &gitsrc_conf_table;
		q += t[i] == &quality_conf_table;
		qe += t[i] == &quality_env_conf_table;
		hs += t[i] == &healthsrc_conf_table;
		hc += t[i] == &healthsrc_check_table;
		ev += t[i] == &envconf_conf_table;
		ap += t[i] == &approvalsrc_conf_table;
		is += t[i] == &issuesrc_conf_table;
	}
	ok(n == 10 && ap == 1 && is == 1 && app == 1 && gh == 1 && git == 1 &&
	    q == 1 && qe == 1 && hs == 1 && hc == 1 && ev == 1, "config tables: "
	    "the app's, github's, gitsrc's, quality's two, health's two, "
	    "approvals' and the "
	    "environments' policy (their conf_more: [environment \"NAME\"] "
	    "twice and [check \"NAME\"]) and the issues', once each");
}

static void
test_demo(const struct conf *cfg)
{
	struct sources_opts so = { NULL, OD_SRCDIR "/data/demo", 1000 };
	struct store *store = store_new(-1);
	struct ui_sources us;
	struct sources *src;
	struct snapset *ss;
	const struct api_status *st;
	char *cause = NULL;

	src = sources_open(&sources_demo, cfg, store, &so, &cause);
	ok(src != NULL, "demo table opens (%s)", cause != NULL ? cause : "");
	if (src == NULL) {
		free(cause);
		store_free(&store);
		return;
	}
	ok(sources_github(src) == NULL, "  with no GitHub client");
	is_int(sources_workers(src, 4), 1, "  and one worker for its one job");
	sources_ui(src, &us);
	ok(us.want_jobs == NULL && us.want_log == NULL &&
	    us.stop_follow == NULL, "  and nothing the panes may ask");
	sources_publish_cached(src);
	ok(sources_poll_once(src) == 0, "  polled once");
	ss = store_acquire(store, STORE_PIPELINES);
	is_int(snapset_count(ss), 4, "  the demo's four repositories");
	store_release(&ss);
	ss = store_acquire(store, STORE_STATUS);
	st = snapset_find_data(ss, "github");
	ok(st != NULL && st->offline && !st->have_token &&
	    api_status_note(st) == NULL,
	    "  status: offline, so no claim about a token");
	store_release(&ss);
	sources_free(&src);
	ok(src == NULL, "sources_free sets NULL");
	store_free(&store);
}

static void
test_live(const struct conf *cfg)
{
	struct sources_opts so = { NULL, NULL, 1000 };
	struct store *store = store_new(-1);
	struct ui_sources us;
	struct sources *src;
	char *cause = NULL;

	setenv("GH_TOKEN", "ghp_githubcomtoken0123456789abcdefghijk", 1);
	src = sources_open(&sources_live, cfg, store, &so, &cause);
	ok(src != NULL && sources_github(src) != NULL,
	    "live table opens with a GitHub client (%s)",
	    cause != NULL ? cause : "");
	ok(src != NULL && !ghclient_has_token(sources_github(src)),
	    "  GH_TOKEN does not go to 127.0.0.1, not github.com");
	ok(src != NULL && sources_workers(src, 4) == 4,
	    "  as many workers as configured");
	if (src != NULL) {
		sources_ui(src, &us);
		ok(us.want_jobs != NULL && us.want_log != NULL &&
		    us.stop_follow != NULL && us.arg != NULL,
		    "  detail's row takes the panes' requests");
	}
	sources_free(&src);
	free(cause);
	cause = NULL;

	setenv("GH_ENTERPRISE_TOKEN", "ghe_enterprisetoken0123456789abcdefgh", 1);
	src = sources_open(&sources_live, cfg, store, &so, &cause);
	ok(src != NULL && ghclient_has_token(sources_github(src)),
	    "  GH_ENTERPRISE_TOKEN does");
	sources_free(&src);
	free(cause);
	cause = NULL;

	so.origin_host = "gitlab.com";
	src = sources_open(&sources_live, cfg, store, &so, &cause);
	ok(src == NULL && cause != NULL && strstr(cause, "gitlab.com") != NULL,
	    "an origin host api-url is not on: refused (%s)",
	    cause != NULL ? cause : "");
	free(cause);
	unsetenv("GH_TOKEN");
	unsetenv("GH_ENTERPRISE_TOKEN");
	store_free(&store);
}

/* main.c loops over the table: it calls no source by name. */
static void
test_main_names_none(void)
{
	static const char *const names[] = { "github_", "gitsrc_", "detail_",
	    "demo_", NULL };
	char line[1024];
	size_t i, hits = 0;
	FILE *fp;

	if ((fp = fopen(OD_SRCDIR "/src/app/main.c", "r")) == NULL) {
		ok(0, "src/app/main.c readable");
		return;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		for (i = 0; names[i] != NULL; i++) {
			if (strstr(line, names[i]) != NULL) {
				printf("# main.c: %s", line);
				hits++;
			}
		}
	}
	fclose(fp);
	is_int(hits, 0, "main.c names no source");
}

int
main(void)
{
	const struct conf_table *const *tables;
	const char *t = getenv("TMPDIR");
	char path[PATH_MAX + 32], *cause = NULL;
	struct conf cfg;
	size_t ntables;
	FILE *fp;

	snprintf(tmpdir, sizeof tmpdir, "%s/opsdeck-sources.XXXXXX",
	    t != NULL && *t == '/' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	setenv("HOME", tmpdir, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_CACHE_HOME");
	unsetenv("GITHUB_TOKEN");
	unsetenv("GITHUB_ENTERPRISE_TOKEN");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	git_libgit2_init();
	snprintf(path, sizeof path, "%s/config", tmpdir);
	if ((fp = fopen(path, "w")) == NULL)
		tap_skip_all("cannot write the config");
	fputs("[github]\n\tapi-url = http://127.0.0.1:9\n"
	    "[repo \"octo/hello\"]\n", fp);
	fclose(fp);
	tables = sources_conf_tables(&ntables);
	if (conf_load(&cfg, path, tables, ntables, &cause) != 0) {
		printf("# %s\n", cause);
		tap_skip_all("config did not load");
	}
	test_tables();
	test_demo(&cfg);
	test_live(&cfg);
	test_main_names_none();
	conf_done(&cfg);
	git_libgit2_shutdown();
	curl_global_cleanup();
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
