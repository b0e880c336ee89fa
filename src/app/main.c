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
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <curl/curl.h>
#include <git2.h>
#include <jansson.h>

#include "opsdeck/actworker.h"
#include "opsdeck/approvalsrc.h"
#include "opsdeck/appconf.h"
#include "opsdeck/conf.h"
#include "opsdeck/fsutil.h"
#include "opsdeck/transport.h"
#include "opsdeck/log.h"
#include "opsdeck/report.h"
#include "opsdeck/sched.h"
#include "opsdeck/sources.h"
#include "opsdeck/store.h"
#include "opsdeck/termcheck.h"
#include "opsdeck/text.h"
#include "opsdeck/ui.h"
#include "opsdeck/wake.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"

#define EXIT_USAGE	2

struct options {
	const char	*conf_path;
	const char	*log_path;
	const char	*audit_path;	/* --audit-log */
	int		 readonly;	/* --readonly */
	int		 verbose;
	int		 once;
	int		 json;
	int		 demo;
	int		 debug_core;
	int		 wallboard;	/* --wallboard */
	int		 require_ro;	/* --require-readonly-token */
	const char	*theme;		/* --theme, over [ui] theme */
	int		 ascii;		/* --ascii */
	int		 check_term;	/* --check-terminal */
	int		 check_config;	/* --check-config */
};

static void
usage(FILE *fp)
{
	fprintf(fp,
"usage: opsdeck [options]\n"
"\n"
"A terminal operations console: GitHub Actions runs of the repositories in\n"
"the config file (or of the git repository in the current directory), and\n"
"the health checks of its [check \"NAME\"] sections (http, tcp, command,\n"
"prometheus, alertmanager, host).\n"
"\n"
"  -c, --config FILE   read FILE instead of $XDG_CONFIG_HOME/opsdeck/config\n"
"      --check-config  validate the config (the built-in defaults, the file\n"
"                      and what it includes) and exit: 0 and \"config ok:\n"
"                      FILES\", or 2 and one FILE:LINE: message per problem\n"
"                      (an unknown section or key is only a warning\n"
"                      otherwise)\n"
"      --once          poll every source once, print a snapshot and exit:\n"
"                      0 all green, 1 something failing (a run, or a\n"
"                      quality gate your config sets, on a default\n"
"                      branch's head), 2 a source failed or a health\n"
"                      check is crit\n"
"      --json          with --once: print the snapshot as JSON (runs, git,\n"
"                      environments, quality scores and gates, health\n"
"                      checks, pending approvals)\n"
"      --demo          run on built-in demo data (no network, no token)\n"
"      --readonly      refuse every action that changes something (re-run,\n"
"                      cancel, deploy, approve); their keys are hidden\n"
"      --wallboard     a read-only screen for a wall display: big tiles\n"
"                      of environments, pipelines, health and approvals\n"
"                      waiting, pages rotating ([wallboard] rotate);\n"
"                      only Ctrl-C quits\n"
"                      (and [wallboard] quit-key)\n"
"      --require-readonly-token  with --wallboard: exit 2 once GitHub\n"
"                      shows the token has write scopes (X-OAuth-Scopes)\n"
"      --theme NAME    a theme (default, light, solarized-dark,\n"
"                      high-contrast, colorblind, mono, or a user theme in\n"
"                      $XDG_CONFIG_HOME/opsdeck/themes), or a path\n"
"      --ascii         ASCII only on the screen and in --once: lines, glyphs\n"
"                      and sparklines (automatic in a locale that is not\n"
"                      UTF-8; also [ui] ascii)\n"
"      --check-terminal print what opsdeck makes of the terminal (TERM,\n"
"                      colour depth, charset) and exit: 0, or 2 when the\n"
"                      console would refuse it (TERM=dumb, unknown)\n"
"      --audit-log FILE the audit journal of actions (default\n"
"                      $XDG_STATE_HOME/opsdeck/audit.jsonl)\n"
"      --debug-core    allow core dumps (off by default: a core would hold\n"
"                      the token)\n"
"  -v, --verbose       debug log to a file (repeat for more detail)\n"
"  -l, --log-file FILE the debug log file (default\n"
"                      $XDG_STATE_HOME/opsdeck/opsdeck.log)\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Token: for github.com GH_TOKEN, then GITHUB_TOKEN; for a GitHub Enterprise\n"
"host GH_ENTERPRISE_TOKEN, then GITHUB_ENTERPRISE_TOKEN; then [github]\n"
"token-command. Without a [repo] section, an origin remote that is not on\n"
"github.com needs [github] api-url or enterprise-hosts.\n"
"Keys: ? in the console lists them; : jumps to a pane, view or repository\n"
"by name; E opens the environments, A the pending approvals. See opsdeck(1).\n");
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
		{ "debug-core",	no_argument,		NULL, 'D' },
		{ "readonly",	no_argument,		NULL, 'R' },
		{ "audit-log",	required_argument,	NULL, 'A' },
		{ "wallboard",	no_argument,		NULL, 'W' },
		{ "require-readonly-token", no_argument, NULL, 'Q' },
		{ "theme",	required_argument,	NULL, 'T' },
		{ "ascii",	no_argument,		NULL, 'a' },
		{ "check-terminal", no_argument,	NULL, 'C' },
		{ "check-config", no_argument,		NULL, 'K' },
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
		case 'D':
			o->debug_core = 1;
			break;
		case 'R':
			o->readonly = 1;
			break;
		case 'A':
			o->audit_path = optarg;
			break;
		case 'W':
			o->wallboard = 1;
			break;
		case 'Q':
			o->require_ro = 1;
			break;
		case 'T':
			o->theme = optarg;
			break;
		case 'a':
			o->ascii = 1;
			break;
		case 'C':
			o->check_term = 1;
			break;
		case 'K':
			o->check_config = 1;
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
	if (o->require_ro && !o->wallboard) {
		text_fprintf(stderr, "opsdeck: --require-readonly-token needs "
		    "--wallboard\n");
		return -1;
	}
	return 0;
}

/* The debug log is private: never a shared path like /tmp, where another
 * user could have put a link or read it. */
static int
open_log(const struct options *o)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *path, *cause = NULL;
	int rc;

	if (o->verbose == 0 && o->log_path == NULL)
		return 0;
	if (o->log_path != NULL)
		path = xstrdup(o->log_path);
	else if (state != NULL && *state == '/')
		path = xasprintf("%s/opsdeck/opsdeck.log", state);
	else if (home != NULL && *home == '/')
		path = xasprintf("%s/.local/state/opsdeck/opsdeck.log", home);
	else {
		text_fprintf(stderr, "opsdeck: -v needs --log-file FILE: neither "
		    "XDG_STATE_HOME nor HOME is set\n");
		return -1;
	}
	/* A state directory others can write is refused; where a named
	 * --log-file goes is the user's choice. */
	if (fs_mkdir_private_cause(path, 0, &cause) != 0 && errno == EPERM &&
	    o->log_path == NULL) {
		text_fprintf(stderr, "opsdeck: log %s\n", cause);
		free(cause);
		free(path);
		return -1;
	}
	free(cause);	/* any other failure: log_open says why */
	cause = NULL;
	rc = log_open(path, o->verbose > 1 ? LOG_DEBUG : LOG_INFO, &cause);
	free(path);
	if (rc != 0) {
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

/* A user's theme NAME: $XDG_CONFIG_HOME/opsdeck/themes/NAME.theme (else
 * ~/.config/...), when that file exists. */
static int
user_theme(const char *theme, char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct stat sb;
	int n;

	if (xdg != NULL && *xdg == '/')
		n = snprintf(buf, size, "%s/opsdeck/themes/%s.theme", xdg,
		    theme);
	else if (home != NULL && *home == '/')
		n = snprintf(buf, size, "%s/.config/opsdeck/themes/%s.theme",
		    home, theme);
	else
		return 0;
	return n > 0 && (size_t)n < size && stat(buf, &sb) == 0;
}

/* ui.theme is a name (the user's themes first, then the installed ones),
 * or a path. */
static const char *
theme_path(const char *theme, char *buf, size_t size)
{
	char dir[PATH_MAX];

	if (theme == NULL)
		return NULL;
	if (strchr(theme, '/') != NULL)
		return theme;
	if (user_theme(theme, buf, size))
		return buf;
	if (strcmp(theme, "default") == 0)
		return NULL;
	data_path(dir, sizeof dir, "themes");
	if (snprintf(buf, size, "%s/%s.theme", dir, theme) >= (int)size)
		return theme;	/* too long to be a file: error later */
	return buf;
}

/* The audit journal: --audit-log, else under the state directory (never
 * a shared path like /tmp). *path NULL with *why when there is none. */
static void
audit_path(const struct options *o, char **path, char **why)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	*path = *why = NULL;
	if (o->audit_path != NULL)
		*path = xstrdup(o->audit_path);
	else if (state != NULL && *state == '/')
		*path = xasprintf("%s/opsdeck/audit.jsonl", state);
	else if (home != NULL && *home == '/')
		*path = xasprintf("%s/.local/state/opsdeck/audit.jsonl", home);
	else
		*why = xstrdup("neither XDG_STATE_HOME nor HOME is set: give "
		    "--audit-log FILE");
}

/* The UI's view of the action worker (ui_actions). */
static int
act_check(void *arg, const struct action_request *req, char **why)
{
	return actworker_check(arg, req, why);
}

static int
act_submit(void *arg, const struct action_request *req, char **why)
{
	return actworker_submit(arg, req, why);
}

static int
act_hidden(void *arg, int id)
{
	return actworker_hidden(arg, (enum action_id)id);
}

static void
act_audit(void *arg, size_t max)
{
	actworker_want_audit(arg, max);
}

static void
act_gates(void *arg, const char *repo, const char *env, const char *sha,
    struct gatecheck *out)
{
	actworker_gates(arg, repo, env, sha, out);
}

static uint64_t
act_resolve(void *arg, const char *repo, const char *env, const char *ref,
    const char *from)
{
	return actworker_resolve(arg, repo, env, ref, from);
}

/* The action worker of an interactive session: the journal is opened
 * now, so a bad --audit-log is an error before the screen starts. */
static struct actworker *
open_actions(const struct conf *cfg, const struct options *o,
    struct store *store, struct sources *src, char **cause)
{
	const struct app_conf *ac = conf_values(cfg, &app_conf_table);
	struct actworker_opts ao;
	struct actworker *aw;
	char *path, *why;

	audit_path(o, &path, &why);
	memset(&ao, 0, sizeof ao);
	ao.mode = o->demo ? ACTION_MODE_DEMO : ACTION_MODE_INTERACTIVE;
	ao.readonly_flag = o->readonly != 0;
	ao.readonly_conf = ac->readonly != 0;
	ao.journal_path = path;
	ao.journal_error = why;
	ao.cfg = cfg;
	aw = actworker_new(store, sources_github(src), &ao, cause);
	free(path);
	free(why);
	return aw;
}

static void
refresh_all(void *arg)
{
	sched_kick_all(arg);
}

/* The interactive console over whatever the sources publish into store. */
static int
run_ui(const struct conf *cfg, const struct options *o, const char *title,
    struct store *store, struct wake *wake, struct sched *sched,
    struct sources *src, struct actworker *aw)
{
	const struct app_conf *ac = conf_values(cfg, &app_conf_table);
	struct ui_opts uo;
	char tpath[PATH_MAX], *cause = NULL;
	int rc;

	memset(&uo, 0, sizeof uo);
	uo.theme_path = theme_path(o->theme != NULL ? o->theme : ac->theme,
	    tpath, sizeof tpath);
	uo.wallboard = o->wallboard;
	uo.wallboard_rotate_s = ac->wb_rotate_s;
	uo.wallboard_stale_s = ac->wb_stale_s;
	uo.wallboard_quit = ac->wb_quit_key != NULL ? ac->wb_quit_key[0] : 0;
	uo.require_readonly = o->require_ro;
	uo.notify.events = ac->notify_mask;
	uo.notify.bell = ac->notify_bell;
	uo.notify.osc9 = ac->notify_osc9;
	uo.notify.osc777 = ac->notify_osc777;
	uo.notify.wallboard = ac->wb_notify;
	uo.layout = ac->layout;
	uo.zoom = ac->zoom;
	uo.title = title;
	uo.keys = cfg->keys;
	uo.nkeys = cfg->nkeys;
	uo.mask = (const char *const *)ac->mask.v;
	uo.nmask = ac->mask.n;
	sources_ui(src, &uo.src);
	uo.act.check = act_check;
	uo.act.submit = act_submit;
	uo.act.hidden = act_hidden;
	uo.act.want_audit = act_audit;
	uo.act.gates = act_gates;
	uo.act.resolve = act_resolve;
	uo.act.arg = aw;
	{
		const struct approvals_conf *apc = conf_values(cfg,
		    &approvalsrc_conf_table);

		uo.notify.approvals_bell = apc == NULL || apc->bell;
	}
	/* Wallboard: the core refuses every mutating action, not the
	 * keymap alone. */
	if (uo.wallboard)
		actworker_set_mode(aw, ACTION_MODE_WALLBOARD);
	rc = ui_run(&uo, store, wake->rfd, refresh_all, sched, &cause);
	if (rc < 0 || rc == EXIT_USAGE) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		return rc < 0 ? 1 : rc;
	}
	return rc > 128 ? rc : 0;
}

/* One session over a table of sources (the live one or the demo's): made
 * before any thread starts, and the same paths for every source. */
static int
run_sources(const struct sources_table *table, const struct conf *cfg,
    const struct options *o, const char *origin_host, const char *title)
{
	const struct app_conf *ac = conf_values(cfg, &app_conf_table);
	struct sources_opts so;
	struct wake wake = { -1, -1 };
	struct store *store = NULL;
	struct sched *sched = NULL;
	struct sources *src = NULL;
	struct actworker *aw = NULL;
	char dir[PATH_MAX], *cause = NULL;
	int rc = o->demo ? 1 : o->once ? REPORT_ERROR : EXIT_USAGE;

	if (wake_open(&wake, &cause) != 0)
		goto out;
	store = store_new(wake.wfd);
	data_path(dir, sizeof dir, "demo");
	memset(&so, 0, sizeof so);
	so.origin_host = origin_host;
	so.datadir = dir;
	so.token_timeout_ms = 10000;
	if ((src = sources_open(table, cfg, store, &so, &cause)) == NULL)
		goto out;
	sched = sched_new(sources_workers(src, (unsigned)ac->workers),
	    worker_ctx_new, worker_ctx_free, sources_transport(src));
	if (sources_transport(src) != NULL)	/* transfers stop with workers */
		transport_shared_set_stop_flag(sources_transport(src),
		    sched_stop_flag(sched));
	/* The cache stands in for a source that fails now, marked stale. */
	sources_publish_cached(src);
	if (o->once) {
		sources_poll_once(src);
		rc = report_write(stdout, store, o->json ? REPORT_JSON :
		    REPORT_TEXT, time(NULL));
		rc = rc < 0 ? REPORT_ERROR : rc;
		goto out;
	}
	if ((aw = open_actions(cfg, o, store, src, &cause)) == NULL)
		goto out;
	if (sources_schedule(src, sched) != 0 ||
	    actworker_schedule(aw, sched) != 0 || sched_start(sched) != 0) {
		cause = xstrdup("cannot start the worker threads");
		goto out;
	}
	rc = run_ui(cfg, o, title, store, &wake, sched, src, aw);
out:
	if (cause != NULL) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
	}
	if (sched != NULL)
		sched_stop(sched);
	sched_free(&sched);	/* the workers' handles, before the client */
	actworker_free(&aw);
	sources_free(&src);
	store_free(&store);
	wake_close(&wake);
	return rc;
}

/* --ascii and [ui] ascii: the charset is taken as ASCII, exactly as in a
 * locale that is not UTF-8, so that everything deciding from the locale
 * (draw_ascii, text_out_flags, ncurses' own line drawing) follows one
 * switch. Before any thread starts; the name of the reason, or NULL. */
static const char *
ascii_mode(const struct conf *cfg, const struct options *o)
{
	const struct app_conf *ac = conf_values(cfg, &app_conf_table);
	const char *why = o->ascii ? "--ascii" : ac->ascii ? "[ui] ascii" :
	    NULL;

	if (why != NULL)
		setlocale(LC_CTYPE, "C");
	return why;
}

/* --check-terminal: what the console would make of this terminal; 2
 * where it would refuse to start (the UI refuses the same way). */
static int
check_terminal(const char *ascii_why)
{
	struct termcheck tc;
	int rc = termcheck_probe(&tc, getenv("TERM"));

	termcheck_print(stdout, &tc, ascii_why);
	return rc == 0 ? 0 : EXIT_USAGE;
}

/* A core file of a console holding a token would hold the token: none is
 * written, nor may another process of the user ptrace this one, unless
 * --debug-core asks for cores to debug a crash. */
static void
no_cores(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) != 0)
		text_fprintf(stderr, "opsdeck: cannot disable core files: %s\n",
		    strerror(errno));
#ifdef __linux__
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

/* --check-config: every problem on its own line, FILE:LINE first, like a
 * compiler's; an invalid value stops the load, so it is the last. */
static int
check_config(const struct conf_report *rep, int loaded, const char *cause)
{
	size_t i;

	for (i = 0; i < rep->nproblems; i++)
		text_fprintf(stderr, "%s\n", rep->problems[i]);
	if (!loaded)
		text_fprintf(stderr, "%s\n", cause);
	if (!loaded || rep->nproblems > 0)
		return EXIT_USAGE;
	printf("config ok:");
	for (i = 0; i < rep->nfiles; i++)
		text_fprintf(stdout, "%s %s", i > 0 ? "," : "",
		    rep->files[i]);
	printf("\n");
	return 0;
}

/* Unknown names do not stop the console: each is a warning on stderr
 * before the screen starts. */
static void
warn_names(const struct conf_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nproblems; i++)
		text_fprintf(stderr, "opsdeck: warning: %s\n",
		    rep->problems[i]);
}

/* The header's title, which keeps the first warning in sight. */
static char *
warn_config(const struct conf_report *rep, const struct conf *cfg,
    const struct options *o)
{
	const char *base = o->demo ? "demo" : cfg->path != NULL ? cfg->path :
	    "opsdeck";

	warn_names(rep);
	if (rep->nproblems == 0)
		return xstrdup(base);
	if (rep->nproblems == 1)
		return xasprintf("%s  config warning: %s", base,
		    rep->problems[0]);
	return xasprintf("%s  config warning: %s (+%zu more: opsdeck "
	    "--check-config)", base, rep->problems[0], rep->nproblems - 1);
}

int
main(int argc, char **argv)
{
	const struct conf_table *const *tables;
	struct options o;
	struct conf_report rep;
	struct conf cfg;
	char cwd[PATH_MAX], *cause = NULL, *host = NULL, *title;
	const char *ascii_why;
	size_t ntables;
	int rc, loaded;

	/* First: what is printed (--once text, stderr) and shown depends on
	 * whether the charset is UTF-8. */
	setlocale(LC_ALL, "");
#ifdef __GLIBC__
	/* One malloc arena for every thread: glibc gives each worker its own,
	 * and each kept ~420 KiB it had freed, 1.7 MiB of the idle RSS with
	 * 4 workers (bench/idle.sh). The workers mostly wait on the network,
	 * and small blocks come from per-thread caches without the lock. */
	mallopt(M_ARENA_MAX, 1);
#endif
	memset(&o, 0, sizeof o);
	if (parse_args(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (!o.debug_core)
		no_cores();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		text_fprintf(stderr, "opsdeck: cannot initialise libcurl\n");
		return EXIT_USAGE;
	}
	git_libgit2_init();
	json_object_seed(0);
	if (open_log(&o) != 0)
		return EXIT_USAGE;
	tables = sources_conf_tables(&ntables);
	loaded = conf_load_report(&cfg, o.conf_path, tables, ntables, &rep,
	    &cause) == 0;
	if (loaded && (appconf_check_colours(&cfg, &cause) != 0 ||
	    appconf_check_layout(&cfg, &cause) != 0)) {
		conf_done(&cfg);
		loaded = 0;
	}
	if (o.check_config || !loaded) {
		if (o.check_config)
			rc = check_config(&rep, loaded, cause);
		else {
			warn_names(&rep);
			text_fprintf(stderr, "opsdeck: %s\n", cause);
			rc = EXIT_USAGE;
		}
		free(cause);
		conf_report_done(&rep);
		if (loaded)
			conf_done(&cfg);
		return rc;
	}
	ascii_why = ascii_mode(&cfg, &o);
	if (o.check_term) {
		conf_report_done(&rep);
		rc = check_terminal(ascii_why);
		conf_done(&cfg);
		return rc;
	}
	title = warn_config(&rep, &cfg, &o);
	conf_report_done(&rep);
	if (!o.demo && getcwd(cwd, sizeof cwd) != NULL &&
	    conf_default_repo(&cfg, cwd, &host, &cause) != 0) {
		text_fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		conf_done(&cfg);
		free(title);
		return EXIT_USAGE;
	}
	if (o.demo)
		rc = run_sources(&sources_demo, &cfg, &o, NULL, title);
	else if (cfg.nrepos == 0 && !sources_watch(&cfg)) {
		text_fprintf(stderr, "opsdeck: nothing to watch: add a [repo "
		    "\"owner/name\"] or [check \"NAME\"] section to the config "
		    "file, or run opsdeck inside a clone of a GitHub "
		    "repository\n");
		rc = EXIT_USAGE;
	} else
		rc = run_sources(&sources_live, &cfg, &o, host, title);
	free(title);
	free(host);
	conf_done(&cfg);
	log_close();
	git_libgit2_shutdown();
	curl_global_cleanup();
	return rc;
}
