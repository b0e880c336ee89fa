/* test_actworker: the action worker against tests/fakehub (deploy
 * scenario, writes on): the exact method, path and body of a re-run and a
 * cancel; the intent on disk when the request arrives (fakehub's snoop),
 * the outcome with x-github-request-id after, no token in the journal; a
 * repeat while one is in flight sends nothing; an error answer is not
 * retried; read-only (--readonly, [ui] readonly, wallboard, demo, no
 * journal) refuses in the core with the reason and sends nothing. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <git2.h>
#include <jansson.h>

#include "opsdeck/actworker.h"
#include "opsdeck/approvals.h"
#include "opsdeck/buf.h"
#include "opsdeck/conf.h"
#include "opsdeck/envstate.h"
#include "opsdeck/sources.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/journal.h"
#include "opsdeck/sched.h"
#include "opsdeck/store.h"
#include "opsdeck/transport.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"
#include "../ghpair.h"
#include "../hub.h"

#define TOKEN	"ghp_TESTtoken0123456789abcdefghijklmnopq"
#define RUNS	"/repos/octo/svc/actions/runs/"
#define OLD_SHA	"e8c6fe4e07bb82b4f82053ebf2cd6e9add897165"
#define NEW_SHA	"c55732b606628ea6ff5aad846209704668e6cb93"

static char	 tmpdir[64], base[64];

static void
control(const char *path, const char *json)
{
	struct buf b;

	hub_fetch_url(base, path, json, 10, &b);
	buf_done(&b);
}

/* fakehub's log of the mutating requests. */
static json_t *
writes(void)
{
	struct buf b;
	json_t *j, *out = json_array(), *e;
	size_t i;

	hub_fetch_url(base, "/__control/requests", NULL, 10, &b);
	j = json_loadb(b.data != NULL ? b.data : "", b.len, 0, NULL);
	buf_done(&b);
	json_array_foreach(j, i, e) {
		if (strcmp(json_string_value(json_object_get(e, "method")),
		    "GET") != 0)
			json_array_append(out, e);
	}
	json_decref(j);
	return out;
}

static const char *
str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : "(null)";
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;

	buf_init(&b, 0);
	if (f == NULL)
		return xstrdup("");
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_append(&b, "", 1);
	return b.data;
}

/* The newest result once its seq reaches seq; at most 15 s. A copy of
 * the fields the tests read. */
static int
wait_result(struct store *st, uint64_t seq, long *status, int *okp,
    char *msg, size_t msize, char *rid, size_t rsize)
{
	const struct action_result *r;
	struct snapset *set;
	double end = now_s() + 15;
	int found = 0;

	while (!found && now_s() < end) {
		set = store_acquire(st, STORE_ACTIONS);
		r = snapset_find_data(set, ACTWORKER_KEY_RESULT);
		if (r != NULL && r->seq >= seq) {
			*status = r->http_status;
			*okp = r->ok;
			snprintf(msg, msize, "%s", r->message);
			snprintf(rid, rsize, "%s", r->request_id != NULL ?
			    r->request_id : "");
			found = 1;
		}
		store_release(&set);
		if (!found)
			nap_ms(20);
	}
	return found ? 0 : -1;
}

static struct actworker *
worker(struct store *st, struct ghclient *gc, const char *path,
    bool ro_flag, bool ro_conf, enum action_mode mode)
{
	const char *secrets[] = { TOKEN };
	struct actworker_opts o;
	struct actworker *aw;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.mode = mode;
	o.readonly_flag = ro_flag;
	o.readonly_conf = ro_conf;
	o.journal_path = path;
	o.journal_error = path == NULL ? "no state directory" : NULL;
	o.secrets = secrets;
	o.nsecrets = 1;
	aw = actworker_new(st, gc, &o, &cause);
	if (aw == NULL) {
		printf("Bail out! actworker_new: %s\n", cause);
		exit(1);
	}
	return aw;
}

static void
test_paths(void)
{
	struct action_request req = { ACTION_ID_RERUN_FAILED, "octo/svc", 7,
	    NULL, NULL, NULL, NULL };
	static const char *const bad[] = { "", "../x", "a/b", "x?y", "x#y",
	    "a b", ".hidden", "x%2f" };
	const char *m;
	char *p, *j, *why;
	size_t i;

	ok(actworker_request_path(&req, &m, &p, &j) == 0 &&
	    strcmp(m, "POST") == 0 && strcmp(p, RUNS "7/rerun-failed-jobs") ==
	    0 && j == NULL, "rerun-failed: POST .../runs/7/rerun-failed-jobs, "
	    "no body");
	free(p);
	req.id = ACTION_ID_CANCEL;
	ok(actworker_request_path(&req, &m, &p, &j) == 0 &&
	    strcmp(p, RUNS "7/cancel") == 0 && j == NULL,
	    "cancel: POST .../runs/7/cancel, no body");
	free(p);
	req.run_id = 0;
	ok(actworker_request_path(&req, &m, &p, &j) == -1, "no run: nothing");
	req.run_id = 7;
	req.id = ACTION_ID_APPROVE;
	ok(actworker_request_path(&req, &m, &p, &j) == -1,
	    "an action this worker does not send: nothing");

	ok(actworker_dispatch("octo/svc", "deploy.yml", "main", "prod \"x\"",
	    "abc", &p, &j, &why) == 0 && strcmp(p, "/repos/octo/svc/actions/"
	    "workflows/deploy.yml/dispatches") == 0 && strcmp(j, "{\"ref\":"
	    "\"main\",\"inputs\":{\"environment\":\"prod \\\"x\\\"\","
	    "\"sha\":\"abc\"},\"return_run_details\":true}") == 0,
	    "dispatch: the path and the exact body, values JSON-escaped");
	free(p);
	free(j);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		ok(actworker_dispatch("octo/svc", bad[i], "main", "dev", "abc",
		    &p, &j, &why) == -1 && p == NULL && why != NULL,
		    "a workflow '%s' is refused", bad[i]);
		free(why);
	}
	why = NULL;
	ok(actworker_dispatch("octo/svc", "7", "main", "dev", "", &p, &j,
	    &why) == -1, "no SHA: refused");
	free(why);
}

/* Each refusing console: check and submit say why, nothing is sent, no
 * journal is created. */
static void
test_refusals(struct store *st, struct ghclient *gc)
{
	static const struct {
		bool ro_flag, ro_conf, gc, journal;
		enum action_mode mode;
		const char *why;
	} c[] = {
		{ true, false, true, true, ACTION_MODE_INTERACTIVE,
		    "read-only (--readonly)" },
		{ false, true, true, true, ACTION_MODE_INTERACTIVE,
		    "[ui] readonly = true" },
		{ false, false, true, true, ACTION_MODE_WALLBOARD,
		    "wallboard mode" },
		{ false, false, false, true, ACTION_MODE_DEMO, "demo mode" },
		{ false, false, true, false, ACTION_MODE_INTERACTIVE,
		    "no audit journal (no state directory)" },
	};
	struct action_request req = { ACTION_ID_CANCEL, "octo/svc", 40000004,
	    NULL, NULL, NULL, NULL };
	struct actworker *aw;
	struct stat sb;
	json_t *w;
	char *why, *path;
	size_t i;
	int rc1, rc2;

	control("/__control/reset", "{}");
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		path = xasprintf("%s/ro%zu/audit.jsonl", tmpdir, i);
		aw = worker(st, c[i].gc ? gc : NULL, c[i].journal ? path :
		    NULL, c[i].ro_flag, c[i].ro_conf, c[i].mode);
		why = NULL;
		rc1 = actworker_check(aw, &req, &why);
		ok(rc1 == -1 && why != NULL && strstr(why, c[i].why) != NULL,
		    "%s: refused before any request (%s)", c[i].why,
		    why != NULL ? why : "-");
		free(why);
		why = NULL;
		rc2 = actworker_submit(aw, &req, &why);
		ok(rc2 == -1 && why != NULL, "%s: a submit is refused too",
		    c[i].why);
		free(why);
		ok(c[i].journal == false || actworker_hidden(aw,
		    ACTION_ID_CANCEL) == (c[i].ro_flag || c[i].ro_conf ||
		    c[i].mode != ACTION_MODE_INTERACTIVE),
		    "%s: the key is hidden exactly when every target is "
		    "refused", c[i].why);
		ok(stat(path, &sb) != 0 && errno == ENOENT,
		    "%s: no journal written", c[i].why);
		actworker_free(&aw);
		free(path);
	}
	w = writes();
	is_int((int)json_array_size(w), 0, "fakehub received no mutating "
	    "request from any refusing console");
	json_decref(w);
}

/* What the environments source would publish for octo/svc: staging
 * running OLD, nothing in flight, default branch branch. */
static void
publish_envs(struct store *st, const char *branch)
{
	struct repo_envs *re = xcalloc(1, sizeof *re);

	re->repo = xstrdup("octo/svc");
	re->default_branch = xstrdup(branch);
	re->head_sha = xstrdup(NEW_SHA);
	re->envs = xcalloc(1, sizeof *re->envs);
	re->nenvs = 1;
	re->envs[0].name = xstrdup("staging");
	re->envs[0].sha = xstrdup(OLD_SHA);
	re->envs[0].behind_prev = re->envs[0].behind_default = -1;
	store_publish(st, STORE_ENV, snap_new("octo/svc", re,
	    repo_envs_free_void));
}

/* Deploys through [repo] deploy-command: each hostile default branch
 * reaches the command as one argument, never through a shell. */
static struct conf cfg;	/* outlives the worker that reads it */

static struct actworker *
test_command(struct sched *s, struct store *st, struct ghclient *gc,
    uint64_t *seq)
{
	static const char *const refs[] = { "main; touch PWNED", "$(touch PWNED)",
	    "`touch PWNED`", "two words", "quo'te\"s", "new\nline",
	    "a|b&c>d<e", "*", "x=$HOME --" };
	struct action_request req = { ACTION_ID_DEPLOY, "octo/svc", 0,
	    "staging", NULL, NEW_SHA, "hostile refs" };
	const struct conf_table *const *tables;
	struct actworker *aw;
	struct stat sb;
	FILE *f;
	char *cpath, *script, *outp, *jpath, *cause = NULL, *why = NULL;
	char *text, msg[512], rid[64], want[512];
	size_t ntables, i, n, len;
	long status;
	int okr;

	script = xasprintf("%s/argv.sh", tmpdir);
	outp = xasprintf("%s/argv.out", tmpdir);
	f = fopen(script, "w");
	fprintf(f, "#!/bin/sh\nfor a; do printf '%%s\\0' \"$a\"; done >%s\n"
	    "echo deployed to \"$2\"\n", outp);
	fclose(f);
	chmod(script, 0700);
	cpath = xasprintf("%s/cmd.conf", tmpdir);
	f = fopen(cpath, "w");
	fprintf(f, "[repo \"octo/svc\"]\n\tdeploy-command = %s {repo} "
	    "{env} {sha} {ref}\n", script);
	fclose(f);
	tables = sources_conf_tables(&ntables);
	if (conf_load(&cfg, cpath, tables, ntables, &cause) != 0) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	jpath = xasprintf("%s/cmd/audit.jsonl", tmpdir);
	{
		struct actworker_opts o;

		memset(&o, 0, sizeof o);
		o.mode = ACTION_MODE_INTERACTIVE;
		o.journal_path = jpath;
		o.cfg = &cfg;
		aw = actworker_new(st, gc, &o, &cause);
	}
	ok(aw != NULL && actworker_schedule(aw, s) == 0, "a worker with "
	    "deploy-command");
	control("/__control/reset", "{}");
	/* staging's default gate (min-coverage 80) on a commit whose
	 * quality nobody published: unknown, which is no pass. */
	publish_envs(st, "main");
	req.reason = "short";
	ok(actworker_submit(aw, &req, &why) == -1 && why != NULL &&
	    strstr(why, "not known") != NULL && strstr(why, "break-glass") !=
	    NULL, "the core refuses a deploy past an unknown gate without a "
	    "break-glass reason (%s)", why != NULL ? why : "");
	free(why);
	why = NULL;
	req.reason = "hostile refs";
	for (i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		publish_envs(st, refs[i]);
		unlink(outp);
		is_int(actworker_submit(aw, &req, &why), 0, "deploy queued "
		    "(default branch %zu)", i);
		ok(wait_result(st, ++*seq, &status, &okr, msg, sizeof msg, rid,
		    sizeof rid) == 0 && okr && strstr(msg, "deployed to "
		    "staging") != NULL, "the command ran: %s", msg);
		text = NULL;
		len = 0;
		if ((f = fopen(outp, "rb")) != NULL) {
			text = xmalloc(4096);
			len = fread(text, 1, 4095, f);
			fclose(f);
		}
		n = snprintf(want, sizeof want, "octo/svc%cstaging%c%s%c%s%c",
		    0, 0, NEW_SHA, 0, refs[i], 0);
		ok(text != NULL && len == n && memcmp(text, want, n) == 0,
		    "four arguments, hostile ref %zu one of them as it is", i);
		free(text);
	}
	ok(stat("PWNED", &sb) != 0, "nothing ran a shell over a ref");
	publish_envs(st, "-rf");
	ok(actworker_submit(aw, &req, &why) == -1 && why != NULL &&
	    strstr(why, "-") != NULL, "a ref that reads as an option is "
	    "refused before anything runs (%s)", why);
	free(why);
	why = NULL;
	{
		json_t *w = writes();

		is_int((int)json_array_size(w), 0, "a command deploy sends no "
		    "request");
		json_decref(w);
	}
	text = slurp(jpath);
	ok(strstr(text, "\"target\":\"deploy-command\"") != NULL &&
	    strstr(text, "\"output\":\"deployed to staging") != NULL &&
	    strstr(text, "\"reason\":\"hostile refs\"") != NULL,
	    "the journal keeps the command's output with the outcome");
	ok(strstr(text, "\"break_glass\":\"the quality of octo/svc is not "
	    "known yet\"") != NULL, "and the break-glass: why the gates "
	    "could not pass");
	free(text);
	free(cpath);
	free(script);
	free(outp);
	free(jpath);
	free(cause);
	return aw;
}

/* Approvals: the core refuses, before anything is sent, a review with
 * no comment, of an item this token cannot review, or of a run GitHub
 * no longer lists as waiting; the body is exactly GitHub's. */
static void
test_reviews(struct actworker *aw, struct store *st)
{
	struct approval_queue *q = xcalloc(1, sizeof *q);
	struct action_request req = { ACTION_ID_APPROVE, "octo/svc",
	    70000001, "staging", NULL, NEW_SHA, NULL };
	char *why = NULL, *path = NULL, *json = NULL;
	json_t *w;

	q->repo = xstrdup("octo/svc");
	q->items = xcalloc(2, sizeof *q->items);
	q->n = 2;
	q->items[0].repo = xstrdup("octo/svc");
	q->items[0].run_id = 70000001;
	q->items[0].environment = xstrdup("staging");
	q->items[0].environment_id = 161088068;
	q->items[0].head_sha = xstrdup(NEW_SHA);
	q->items[0].can_approve = true;
	q->items[0].delta.count = -1;
	q->items[1] = q->items[0];
	q->items[1].repo = xstrdup("octo/svc");
	q->items[1].environment = xstrdup("production");
	q->items[1].environment_id = 161171787;
	q->items[1].head_sha = xstrdup(NEW_SHA);
	q->items[1].can_approve = false;
	store_publish(st, STORE_APPROVALS, snap_new("octo/svc", q,
	    approval_queue_free_void));
	control("/__control/reset", "{}");
	ok(actworker_submit(aw, &req, &why) == -1 && why != NULL &&
	    strstr(why, "a comment is required") != NULL,
	    "approve without a comment: refused by the core (%s)", why);
	free(why);
	why = NULL;
	req.reason = "ship it";
	req.environment = "production";
	ok(actworker_submit(aw, &req, &why) == -1 && why != NULL &&
	    strstr(why, "not a required reviewer") != NULL,
	    "approve what this token may not review: refused (%s)", why);
	free(why);
	why = NULL;
	req.run_id = 70000009;
	req.environment = "staging";
	req.id = ACTION_ID_REJECT;
	ok(actworker_submit(aw, &req, &why) == -1 && why != NULL &&
	    strstr(why, "is not waiting for staging") != NULL,
	    "reject a run GitHub no longer lists as waiting: refused (%s)",
	    why);
	free(why);
	w = writes();
	is_int((int)json_array_size(w), 0, "  and nothing was sent");
	json_decref(w);
	ok(actworker_review("octo/svc", 70000001, 161088068, true,
	    "Ship \"it\"", &path, &json) == 0 && strcmp(path,
	    "/repos/octo/svc/actions/runs/70000001/pending_deployments") == 0 &&
	    strcmp(json, "{\"environment_ids\":[161088068],\"state\":"
	    "\"approved\",\"comment\":\"Ship \\\"it\\\"\"}") == 0,
	    "the review's path and exact body (%s)", json);
	free(path);
	free(json);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

int
main(void)
{
	struct transport_opts to;
	struct ghclient_opts go;
	struct action_request req = { ACTION_ID_RERUN_FAILED, "octo/svc",
	    40000003, NULL, NULL, "e8c6fe4e07bb82b4f82053ebf2cd6e9add897165",
	    NULL };
	struct journal_entry *e = NULL;
	struct ghpair *p;
	struct store *st;
	struct sched *s;
	struct actworker *aw;
	json_t *w, *last;
	char *jpath, *ctl, *why = NULL, *text, *cause = NULL;
	char msg[512], rid[64];
	const char *content;
	long status;
	int okr;
	size_t n, skipped;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/od-actw.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	git_libgit2_init();
	pid = hub_spawn(tmpdir, "deploy", 120, 15.0, base, sizeof base);
	control("/__control/scenario", "{\"path\": \"" OD_SRCDIR
	    "/tests/fakehub/scenarios/deploy.json\", \"set\": {\"writes\": "
	    "true}}");
	jpath = xasprintf("%s/state/audit.jsonl", tmpdir);
	ctl = xasprintf("{\"path\": \"%s\"}", jpath);
	control("/__control/snoop", ctl);
	free(ctl);

	memset(&to, 0, sizeof to);
	to.connect_timeout_s = 2;
	to.timeout_s = 10;
	memset(&go, 0, sizeof go);
	go.api_url = base;
	go.token = TOKEN;
	p = ghpair_new(&to, &go);
	st = store_new(-1);
	s = sched_new(2, worker_ctx_new, worker_ctx_free, p->ts);

	test_paths();
	aw = worker(st, p->gc, jpath, false, false, ACTION_MODE_INTERACTIVE);
	ok(actworker_schedule(aw, s) == 0 && sched_start(s) == 0, "started");
	test_refusals(st, p->gc);
	test_reviews(aw, st);
	control("/__control/reset", "{}");

	/* A re-run: one POST, its exact path and (empty) body, the intent
	 * on disk as it arrived. */
	ok(actworker_check(aw, &req, &why) == 0, "re-run allowed");
	is_int(actworker_submit(aw, &req, &why), 0, "re-run queued");
	ok(wait_result(st, 1, &status, &okr, msg, sizeof msg, rid,
	    sizeof rid) == 0 && okr && status == 201 && rid[0] != '\0',
	    "re-run: 201, request id %s (%s)", rid, msg);
	w = writes();
	last = json_array_get(w, 0);
	ok(json_array_size(w) == 1 && strcmp(str(last, "method"), "POST") ==
	    0 && strcmp(str(last, "path"), RUNS "40000003/rerun-failed-jobs")
	    == 0 && strcmp(str(last, "body"), "") == 0,
	    "fakehub got exactly POST %s with an empty body", str(last, "path"));
	content = json_string_value(json_object_get(json_object_get(last,
	    "snoop"), "content"));
	ok(content != NULL && strstr(content, "\"phase\":\"intent\"") != NULL &&
	    strstr(content, "\"rerun-failed\"") != NULL &&
	    strstr(content, "\"phase\":\"outcome\"") == NULL,
	    "when it arrived the intent was on disk, the outcome not yet");
	json_decref(w);
	ok(journal_read_latest(jpath, 10, &e, &n, &skipped, &cause) == 0 &&
	    n == 1 && e[0].has_outcome && e[0].http_status == 201 &&
	    e[0].request_id != NULL && strcmp(e[0].request_id, rid) == 0 &&
	    strcmp(e[0].target, "run 40000003") == 0 && skipped == 0,
	    "the journal pairs the intent with its outcome and request id");
	journal_entries_free(e, n);
	text = slurp(jpath);
	ok(strstr(text, TOKEN) == NULL && strstr(text, "ghp_") == NULL,
	    "no token in the journal");
	free(text);

	/* A repeat while the first is in flight: nothing more is sent. */
	control("/__control/reset", "{}");
	control("/__control/fault", "{\"path\": \"/cancel$\", \"kind\": "
	    "\"slow\", \"seconds\": 2, \"count\": 1}");
	req.id = ACTION_ID_CANCEL;
	req.run_id = 40000004;
	is_int(actworker_submit(aw, &req, &why), 0, "cancel queued");
	is_int(actworker_submit(aw, &req, &why), 1, "the same again while "
	    "in flight: a repeat, nothing queued");
	is_int(actworker_check(aw, &req, &why), 1, "check says in flight");
	req.id = ACTION_ID_RERUN_FAILED;
	is_int(actworker_check(aw, &req, &why), 1, "a re-run of that run "
	    "shares the flight");
	req.id = ACTION_ID_CANCEL;
	ok(wait_result(st, 2, &status, &okr, msg, sizeof msg, rid,
	    sizeof rid) == 0 && okr && status == 202, "cancel: 202 (%s)", msg);
	w = writes();
	ok(json_array_size(w) == 1 && strcmp(str(json_array_get(w, 0),
	    "path"), RUNS "40000004/cancel") == 0,
	    "fakehub got one cancel, not two");
	json_decref(w);
	is_int(actworker_check(aw, &req, &why), 0, "once answered, the run "
	    "may be acted on again");

	/* An error is reported and journalled, never retried. */
	control("/__control/reset", "{}");
	control("/__control/fault", "{\"path\": \"rerun-failed-jobs$\", "
	    "\"kind\": \"502\", \"count\": 3}");
	req.id = ACTION_ID_RERUN_FAILED;
	req.run_id = 40000003;
	is_int(actworker_submit(aw, &req, &why), 0, "re-run queued");
	ok(wait_result(st, 3, &status, &okr, msg, sizeof msg, rid,
	    sizeof rid) == 0 && !okr && status == 502 &&
	    strstr(msg, "failed") != NULL, "a 502 is a failure: %s", msg);
	w = writes();
	is_int((int)json_array_size(w), 1, "sent once: not retried");
	json_decref(w);
	e = NULL;
	ok(journal_read_latest(jpath, 10, &e, &n, &skipped, &cause) == 0 &&
	    n == 3 && e[0].has_outcome && e[0].http_status == 502 &&
	    e[0].error != NULL, "the journal has the 502 and its error");
	journal_entries_free(e, n);

	/* The audit view's read. */
	actworker_want_audit(aw, 10);
	{
		const struct action_audit *au = NULL;
		struct snapset *set = NULL;
		double end = now_s() + 10;

		while (now_s() < end) {
			set = store_acquire(st, STORE_ACTIONS);
			if ((au = snapset_find_data(set, ACTWORKER_KEY_AUDIT))
			    != NULL)
				break;
			store_release(&set);
			nap_ms(20);
		}
		ok(au != NULL && au->n == 3 && au->error == NULL &&
		    strcmp(au->entries[2].action, "rerun-failed") == 0,
		    "the audit entries, newest first, published for the view");
		store_release(&set);
	}

	{
		/* A store of its own: a new worker counts from 1. */
		struct store *st2 = store_new(-1);
		struct actworker *aw2;
		uint64_t seq = 0;

		aw2 = test_command(s, st2, p->gc, &seq);
		sched_stop(s);	/* before the workers' jobs go */
		actworker_free(&aw2);
		conf_done(&cfg);
		store_free(&st2);
	}
	actworker_free(&aw);	/* the workers stopped above */
	sched_free(&s);
	store_free(&st);
	ghpair_free(&p);
	hub_kill(&pid);
	free(jpath);
	free(why);
	free(cause);
	git_libgit2_shutdown();
	curl_global_cleanup();
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
