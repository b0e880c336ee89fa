/* opsdeck: command line, wiring of sources, store, scheduler and UI, and the
 * modes (interactive, --once, --demo). The only file with process-wide
 * state: library initialisation happens here before any thread starts. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <git2.h>
#include <jansson.h>

#include "opsdeck/conf.h"
#include "opsdeck/demo.h"
#include "opsdeck/detail.h"
#include "opsdeck/gitsrc.h"
#include "opsdeck/fsutil.h"
#include "opsdeck/github.h"
#include "opsdeck/http.h"
#include "opsdeck/log.h"
#include "opsdeck/report.h"
#include "opsdeck/sched.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "opsdeck/token.h"
#include "opsdeck/ui.h"
#include "opsdeck/wake.h"
#include "opsdeck/worker.h"

#define EXIT_USAGE	2

struct options {
	const char	*conf_path;
	const char	*log_path;
	int		 verbose;
	int		 once;
	int		 json;
	int		 demo;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: opsdeck [options]\n"
"\n"
"A terminal operations console: GitHub Actions runs of the repositories in\n"
"the config file (or of the git repository in the current directory).\n"
"\n"
"  -c, --config FILE   read FILE instead of $XDG_CONFIG_HOME/opsdeck/config\n"
"      --once          poll every source once, print a snapshot and exit:\n"
"                      0 all green, 1 something failing, 2 a source failed\n"
"      --json          with --once: print the snapshot as JSON\n"
"      --demo          run on built-in demo data (no network, no token)\n"
"  -v, --verbose       debug log to a file (repeat for more detail)\n"
"  -l, --log-file FILE the debug log file (default\n"
"                      $XDG_STATE_HOME/opsdeck/opsdeck.log)\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Token: GH_TOKEN, then GITHUB_TOKEN, then [github] token-command.\n"
"Keys: ? in the console lists them. See opsdeck(1).\n");
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, 'c' },
		{ "log-file",	required_argument,	NULL, 'l' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "once",	no_argument,		NULL, 'o' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "demo",	no_argument,		NULL, 'd' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "c:l:vhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->conf_path = optarg;
			break;
		case 'l':
			o->log_path = optarg;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'o':
			o->once = 1;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'd':
			o->demo = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("%s\n", PACKAGE_STRING);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		text_fprintf(stderr, "opsdeck: unexpected argument '%s'\n",
		    argv[optind]);
		return -1;
	}
	if (o->json && !o->once) {
		text_fprintf(stderr, "opsdeck: --json needs --once\n");
		return -1;
	}
	return 0;
}

static int
open_log(const struct options *o)
{
	char path[PATH_MAX];
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *cause = NULL;

	if (o->verbose == 0 && o->log_path == NULL)
		return 0;
	if (o->log_path != NULL)
		snprintf(path, sizeof path, "%s", o->log_path);
	else if (state != NULL && *state == '/')
		snprintf(path, sizeof path, "%s/opsdeck/opsdeck.log", state);
	else
		snprintf(path, sizeof path, "%s/.local/state/opsdeck/opsdeck.log",
		    home != NULL ? home : "/tmp");
	/* A state directory others can write is refused; where a named
	 * --log-file goes is the user's choice. */
	if (fs_mkdir_private_cause(path, 0, &cause) != 0 && errno == EPERM &&
	    o->log_path == NULL) {
		text_fprintf(stderr, "opsdeck: log %s\n", cause);
		free(cause);
		return -1;
	}
	free(cause);	/* any other failure: log_open says why */
	cause = NULL;
	if (log_open(path, o->verbose > 1 ? LOG_DEBUG : LOG_INFO, &cause) != 0) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		return -1;
	}
	log_info("%s starting", PACKAGE_STRING);
	return 0;
}

/* Installed data lives in $(pkgdatadir)/{demo,themes}; OPSDECK_DATADIR
 * overrides it, and an uninstalled build falls back to its source tree
 * (data/demo, themes) so that ./opsdeck --demo works right after make. */
static void
data_path(char *buf, size_t size, const char *what)
{
	const char *d = getenv("OPSDECK_DATADIR");
	struct stat sb;

	if (d != NULL && *d != '\0') {
		snprintf(buf, size, "%s/%s", d, what);
		return;
	}
	snprintf(buf, size, "%s/%s", OD_PKGDATADIR, what);
	if (stat(buf, &sb) == 0)
		return;
	if (strcmp(what, "demo") == 0)
		snprintf(buf, size, "%s/data/demo", OD_SRCDIR);
	else
		snprintf(buf, size, "%s/%s", OD_SRCDIR, what);
}

/* ui.theme is a name in the themes directory, or a path. */
static const char *
theme_path(const struct conf *cfg, char *buf, size_t size)
{
	char dir[PATH_MAX];

	if (cfg->theme == NULL || strcmp(cfg->theme, "default") == 0)
		return NULL;
	if (strchr(cfg->theme, '/') != NULL)
		return cfg->theme;
	data_path(dir, sizeof dir, "themes");
	if (snprintf(buf, size, "%s/%s.theme", dir, cfg->theme) >= (int)size)
		return cfg->theme;	/* too long to be a file: error later */
	return buf;
}

static void
refresh_all(void *arg)
{
	sched_kick_all(arg);
}

/* The interactive console over whatever the sources publish into store. */
/* What the panes may ask of the sources, as plain function pointers. */
static void
want_jobs(void *arg, const char *repo, int64_t run_id)
{
	detail_want_jobs(arg, repo, run_id);
}

static void
want_log(void *arg, const char *repo, int64_t job_id, int follow)
{
	detail_want_log(arg, repo, job_id, follow != 0);
}

static void
stop_follow(void *arg)
{
	detail_stop_follow(arg);
}

static int
run_ui(const struct conf *cfg, const char *title, struct store *store,
    struct wake *wake, struct sched *sched, struct detail *detail)
{
	struct ui_opts uo;
	char tpath[PATH_MAX], *cause = NULL;
	int rc;

	memset(&uo, 0, sizeof uo);
	uo.theme_path = theme_path(cfg, tpath, sizeof tpath);
	uo.layout = cfg->layout;
	uo.title = title;
	uo.keys = cfg->keys;
	uo.nkeys = cfg->nkeys;
	uo.mask = (const char *const *)cfg->mask.v;
	uo.nmask = cfg->mask.n;
	if (detail != NULL) {	/* the demo has no detail source */
		uo.src.want_jobs = want_jobs;
		uo.src.want_log = want_log;
		uo.src.stop_follow = stop_follow;
		uo.src.arg = detail;
	}
	rc = ui_run(&uo, store, wake->rfd, refresh_all, sched, &cause);
	if (rc < 0) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		return 1;
	}
	return rc > 128 ? rc : 0;
}

static int
run_demo(const struct conf *cfg, const struct options *o)
{
	struct wake wake;
	struct store *store = NULL;
	struct sched *sched = NULL;
	struct demo *demo = NULL;
	char dir[PATH_MAX], *cause = NULL;
	int rc = 1;

	if (wake_open(&wake, &cause) != 0)
		goto out;
	store = store_new(wake.wfd);
	sched = sched_new(1, NULL, NULL, NULL);
	data_path(dir, sizeof dir, "demo");
	if ((demo = demo_new(store, dir, &cause)) == NULL)
		goto out;
	if (demo_schedule(demo, sched) != 0 || sched_start(sched) != 0) {
		cause = strdup("cannot start the demo");
		goto out;
	}
	if (o->once) {
		/* demo_schedule published the first phase before returning. */
		rc = report_write(stdout, store, o->json ? REPORT_JSON :
		    REPORT_TEXT, time(NULL));
		rc = rc < 0 ? REPORT_ERROR : rc;
	} else
		rc = run_ui(cfg, "demo", store, &wake, sched, NULL);
out:
	if (cause != NULL) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
	}
	if (sched != NULL)
		sched_stop(sched);
	demo_free(&demo);
	sched_free(&sched);
	store_free(&store);
	wake_close(&wake);
	return rc;
}

/* Everything a live session needs, made before any thread starts. */
struct live {
	struct wake		 wake;
	struct store		*store;
	struct sched		*sched;
	struct http_shared	*http;
	struct github		*github;
	struct gitsrc		*git;	/* repos with a local clone */
	struct detail		*detail; /* jobs and logs on request */
};

static void
live_done(struct live *lv)
{
	if (lv->sched != NULL)
		sched_stop(lv->sched);
	github_free(&lv->github);
	gitsrc_free(&lv->git);
	detail_free(&lv->detail);
	sched_free(&lv->sched);
	http_shared_free(&lv->http);
	store_free(&lv->store);
	wake_close(&lv->wake);
}

/* The local clones: read with libgit2, free of any API budget. */
static int
live_init_git(struct live *lv, const struct conf *cfg, char **cause)
{
	struct gitsrc_opts o;
	size_t i;

	memset(&o, 0, sizeof o);
	o.stale_days = cfg->stale_days;
	o.risky = (const char *const *)cfg->risky.v;
	o.nrisky = cfg->risky.n;
	if ((lv->git = gitsrc_new(lv->store, &o, cause)) == NULL)
		return -1;
	for (i = 0; i < cfg->nrepos; i++) {
		if (cfg->repos[i].path != NULL && gitsrc_add_repo(lv->git,
		    cfg->repos[i].name, cfg->repos[i].path) != 0) {
			*cause = strdup("out of memory");
			return -1;
		}
	}
	return 0;
}

static int
live_init(struct live *lv, const struct conf *cfg, const char *token,
    char **cause)
{
	struct http_shared_opts ho;
	struct github_opts go;
	struct detail_opts dopt;
	size_t i;

	memset(lv, 0, sizeof *lv);
	lv->wake.rfd = lv->wake.wfd = -1;
	if (wake_open(&lv->wake, cause) != 0)
		return -1;
	memset(&ho, 0, sizeof ho);
	ho.api_url = cfg->api_url;
	ho.token = token;
	ho.api_version = cfg->api_version;
	ho.cache_dir = cfg->cache_dir;
	ho.connect_timeout_s = cfg->connect_timeout_s;
	ho.timeout_s = cfg->timeout_s;
	if ((lv->http = http_shared_new(&ho, cause)) == NULL)
		return -1;
	lv->store = store_new(lv->wake.wfd);
	lv->sched = sched_new((unsigned)cfg->workers, worker_ctx_new,
	    worker_ctx_free, lv->http);
	if (lv->store == NULL || lv->sched == NULL) {
		*cause = strdup("out of memory");
		return -1;
	}
	/* Transfers in flight abort when the workers are told to stop. */
	http_shared_set_stop_flag(lv->http, sched_stop_flag(lv->sched));
	memset(&go, 0, sizeof go);
	go.per_page = cfg->per_page;
	go.once_retries = 2;
	if ((lv->github = github_new(lv->http, lv->store, &go, cause)) == NULL)
		return -1;
	memset(&dopt, 0, sizeof dopt);
	dopt.cache_dir = cfg->cache_dir;
	if ((lv->detail = detail_new(lv->http, lv->store, &dopt,
	    cause)) == NULL)
		return -1;
	for (i = 0; i < cfg->nrepos; i++) {
		if (github_add_repo(lv->github, cfg->repos[i].name,
		    cfg->repos[i].interval_s, cfg->fast_interval_s) != 0) {
			*cause = strdup("out of memory");
			return -1;
		}
	}
	return live_init_git(lv, cfg, cause);
}

static int
run_once(struct live *lv, const struct options *o)
{
	struct http *h;
	int rc;

	if ((h = http_new(lv->http)) == NULL) {
		text_fprintf(stderr, "opsdeck: out of memory\n");
		return REPORT_ERROR;
	}
	/* The cache stands in for a source that fails now, marked stale. */
	github_publish_cached(lv->github);
	gitsrc_scan_all(lv->git);
	github_poll_once(lv->github, h);
	http_free(&h);
	rc = report_write(stdout, lv->store, o->json ? REPORT_JSON :
	    REPORT_TEXT, time(NULL));
	return rc < 0 ? REPORT_ERROR : rc;
}

static int
run_live(const struct conf *cfg, const struct options *o)
{
	struct live lv;
	char *token = NULL, *cause = NULL;
	const char *source;
	int rc = EXIT_USAGE;

	if (token_resolve(cfg->api_url, cfg->token_command, 10000, &token,
	    &source, &cause) != 0) {
		/* Without a token the console still works, on 60 req/h. */
		text_fprintf(stderr,
		    "opsdeck: %s; continuing without a token\n",
		    cause);
		free(cause);
		cause = NULL;
	}
	log_info("token: %s", token != NULL ? source : "none");
	if (live_init(&lv, cfg, token, &cause) != 0)
		goto out;
	token_free(&token);
	if (o->once) {
		rc = run_once(&lv, o);
		goto out;
	}
	github_publish_cached(lv.github);
	if (github_schedule(lv.github, lv.sched) != 0 ||
	    gitsrc_schedule(lv.git, lv.sched) != 0 ||
	    detail_schedule(lv.detail, lv.sched) != 0 ||
	    sched_start(lv.sched) != 0) {
		cause = strdup("cannot start the worker threads");
		goto out;
	}
	rc = run_ui(cfg, cfg->path != NULL ? cfg->path : "opsdeck", lv.store,
	    &lv.wake, lv.sched, lv.detail);
out:
	token_free(&token);
	if (cause != NULL) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		rc = o->once ? REPORT_ERROR : EXIT_USAGE;
	}
	live_done(&lv);
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct conf cfg;
	char cwd[PATH_MAX], *cause = NULL;
	int rc;

	/* First: what is printed (--once text, stderr) and shown depends on
	 * whether the charset is UTF-8. */
	setlocale(LC_ALL, "");
	memset(&o, 0, sizeof o);
	if (parse_args(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		text_fprintf(stderr, "opsdeck: cannot initialise libcurl\n");
		return EXIT_USAGE;
	}
	git_libgit2_init();
	json_object_seed(0);
	if (open_log(&o) != 0)
		return EXIT_USAGE;
	if (conf_load(&cfg, o.conf_path, &cause) != 0) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (!o.demo && getcwd(cwd, sizeof cwd) != NULL &&
	    conf_default_repo(&cfg, cwd, &cause) != 0) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		conf_done(&cfg);
		return EXIT_USAGE;
	}
	if (o.demo)
		rc = run_demo(&cfg, &o);
	else if (cfg.nrepos == 0) {
		text_fprintf(stderr, "opsdeck: nothing to watch: add a [repo "
		    "\"owner/name\"] section to the config file, or run "
		    "opsdeck inside a clone of a GitHub repository\n");
		rc = EXIT_USAGE;
	} else
		rc = run_live(&cfg, &o);
	conf_done(&cfg);
	log_close();
	git_libgit2_shutdown();
	curl_global_cleanup();
	return rc;
}
