/* test_deploy_hub: the deploy foundations together against fakehub's
 * deploy scenario: what the fake serves parses into the model, whose
 * answers (current SHA, rollback target, commits going out, pending
 * reviews) match the scenario; and an intent journalled before a POST is
 * on disk when fakehub receives it (its snoop), the outcome after. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#include "opsdeck/buf.h"
#include "opsdeck/deploy.h"
#include "opsdeck/ghparse_deploy.h"
#include "opsdeck/journal.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"
#include "../hub.h"

#define SVC	"/repos/octo/svc"
#define SHA1	"7bb8e1fde4954ba493b906b528298ae833200a2b"
#define SHA2	"d9f9be16d2f9d5fd043579e64975986727895711"
#define SHA4	"e8c6fe4e07bb82b4f82053ebf2cd6e9add897165"
#define SHA5	"c55732b606628ea6ff5aad846209704668e6cb93"
#define TOKEN	"ghp_FakeTokenForFakehubOnly0123456789ab"

static char	 tmpdir[64], base[64];
static pid_t	 hub_pid = -1;

static struct buf
get(const char *path)
{
	struct buf	b;

	hub_fetch_url(base, path, NULL, 10, &b);
	return (b);
}

/* An environment's deployments with their statuses, as a client would
 * fetch them. */
static struct deployment *
fetch_env(const char *env, size_t *n)
{
	struct deployment	*d = NULL;
	struct deployment_status *s;
	struct buf		 b;
	char			*path, *cause = NULL;
	size_t			 i, ns;

	*n = 0;
	path = xasprintf(SVC "/deployments?environment=%s", env);
	b = get(path);
	free(path);
	if (ghparse_deployments(b.data, b.len, &d, n, &cause) != 0)
		printf("# deployments of %s: %s\n", env, cause);
	free(cause);
	buf_done(&b);
	for (i = 0; i < *n; i++) {
		path = xasprintf(SVC "/deployments/%lld/statuses",
		    (long long)d[i].id);
		b = get(path);
		free(path);
		s = NULL;
		ns = 0;
		cause = NULL;
		if (ghparse_deployment_statuses(b.data, b.len, &s, &ns,
		    &cause) != 0)
			printf("# statuses: %s\n", cause);
		deployment_set_statuses(&d[i], s, ns);
		free(cause);
		buf_done(&b);
	}
	deploy_sort(d, *n);
	return (d);
}

static void
test_model(void)
{
	struct environment	*envs = NULL;
	struct deployment	*d;
	struct deploy_candidate	*c;
	struct deploy_compare	 cmp;
	struct pending_deployment *pd = NULL;
	const struct deployment	*cur;
	struct buf		 b;
	char			*cause = NULL, *path;
	size_t			 n, nc, i;
	long			 total;
	int			 risky = 0;

	b = get(SVC "/environments");
	n = 0;
	ok(ghparse_environments(b.data, b.len, &envs, &n, &total, &cause) == 0 &&
	    n == 3 && total == 3 && strcmp(envs[2].name, "production") == 0 &&
	    envs[2].required_reviewers && envs[2].wait_timer == 30,
	    "fakehub's environments parse: dev, staging, production (protected)");
	environments_free(envs, n);
	buf_done(&b);

	d = fetch_env("production", &n);
	cur = deploy_current(d, n, "production");
	ok(n == 3 && cur != NULL && strcmp(cur->sha, SHA2) == 0 &&
	    strcmp(cur->creator, "hubot") == 0,
	    "production runs d9f9be1 (by hubot): the newer deploy failed");
	deploy_rollback_candidates(d, n, "production", &c, &nc);
	ok(nc == 1 && strcmp(c[0].deployment->sha, SHA1) == 0 &&
	    c[0].last_known_good, "its rollback target: 7bb8e1f, last known good");
	free(c);
	ok(deploy_in_flight(d, n, "production") == NULL, "nothing in flight");
	deployments_free(d, n);

	d = fetch_env("staging", &n);
	cur = deploy_current(d, n, "staging");
	deploy_rollback_candidates(d, n, "staging", &c, &nc);
	ok(cur != NULL && strcmp(cur->sha, SHA4) == 0 && nc == 1 &&
	    c[0].last_known_good && c[0].deployment->id == 201,
	    "staging runs e8c6fe4; the superseded (inactive) 201 is last known "
	    "good");
	free(c);
	deployments_free(d, n);
	d = fetch_env("dev", &n);
	ok(deploy_rollback_candidates(d, n, "dev", &c, &nc) == 0,
	    "dev: nothing earlier to roll back to");
	deployments_free(d, n);

	/* What a promotion of staging to production sends out. */
	path = xasprintf(SVC "/compare/%s...%s", SHA2, SHA4);
	b = get(path);
	free(path);
	memset(&cmp, 0, sizeof cmp);
	ok(ghparse_compare(b.data, b.len, &cmp, &cause) == 0 &&
	    strcmp(cmp.status, "ahead") == 0 && cmp.ncommits == 2 &&
	    strcmp(cmp.commits[0].subject, "Add the orders table") == 0 &&
	    strcmp(cmp.commits[1].sha, SHA4) == 0,
	    "compare d9f9be1...e8c6fe4: two commits going out, oldest first");
	for (i = 0; i < cmp.nfiles; i++)
		if (strncmp(cmp.files[i], "migrations/", 11) == 0)
			risky++;
	ok(risky == 1, "and the migration among their files");
	deploy_compare_done(&cmp);
	buf_done(&b);

	b = get(SVC "/actions/runs/40000001/pending_deployments");
	n = 0;
	ok(ghparse_pending_deployments(b.data, b.len, &pd, &n, &cause) == 0 &&
	    n == 1 && strcmp(pd[0].environment, "production") == 0 &&
	    pd[0].environment_id == 161171787 && pd[0].wait_timer == 30,
	    "the deploy run waits for a review of production");
	pending_deployments_free(pd, n);
	buf_done(&b);
}

/* Headers of the answer: x-github-request-id is kept for the journal. */
static size_t
header_cb(char *p, size_t size, size_t n, void *arg)
{
	char	*rid = arg;
	size_t	 len = size * n, k = strlen("x-github-request-id:");

	if (len > k && strncasecmp(p, "x-github-request-id:", k) == 0) {
		snprintf(rid, 64, "%.*s", (int)(len - k), p + k);
		rid[strcspn(rid, "\r\n")] = '\0';
		memmove(rid, rid + strspn(rid, " "), strlen(rid) + 1);
	}
	return (len);
}

/* A POST with a token, as the action worker will send it. */
static long
post(const char *path, const char *json, struct buf *body, char *rid)
{
	struct curl_slist	*h = NULL;
	char			*url = xasprintf("%s%s", base, path);
	long			 status = 0;
	CURL			*c = curl_easy_init();

	buf_init(body, 0);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Authorization: Bearer " TOKEN);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, hub_sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, rid);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	free(url);
	return (status);
}

static void
test_journal_before_request(void)
{
	const char		*secrets[] = { TOKEN };
	struct journal_intent	 in = { "deploy", "octo/svc", "production",
				    SHA2, SHA4, NULL, "promote staging", NULL };
	struct journal_outcome	 out = { 0, NULL, NULL, NULL };
	struct journal_entry	*e;
	struct journal		*j;
	struct buf		 b, log;
	json_t			*reqs, *last, *snoop;
	const char		*content, *sent;
	char			*path, *ctl, *cause = NULL, id[JOURNAL_ID_SIZE];
	char			 rid[64] = "";
	const char		*body = "{\"ref\": \"main\", \"inputs\": "
				    "{\"environment\": \"production\", \"sha\": \""
				    SHA4 "\"}}";
	long			 st;
	int64_t			 run_id = -1;
	size_t			 n, skipped;

	path = xasprintf("%s/state/audit.jsonl", tmpdir);
	ctl = xasprintf("{\"path\": \"%s\"}", path);
	hub_fetch_url(base, "/__control/snoop", ctl, 10, &b);
	buf_done(&b);
	free(ctl);
	hub_fetch_url(base, "/__control/scenario", "{\"path\": \"" OD_SRCDIR
	    "/tests/fakehub/scenarios/deploy.json\", \"set\": {\"writes\": "
	    "true}}", 10, &b);
	buf_done(&b);

	ok(journal_open(&j, path, secrets, 1, &cause) == 0, "journal opened");
	ok(journal_intent(j, &in, id, &cause) == 0, "intent on disk");
	st = post(SVC "/actions/workflows/deploy.yml/dispatches", body, &b, rid);
	ok(st == 204 && ghparse_dispatch(b.data, b.len, &run_id, &cause) == 0 &&
	    run_id == 0, "dispatch: 204, no run id in the answer");
	buf_done(&b);
	out.http_status = st;
	out.request_id = rid;
	ok(journal_outcome(j, id, &out, &cause) == 0 && *rid != '\0',
	    "outcome on disk (request id %s)", rid);
	journal_close(&j);

	hub_fetch_url(base, "/__control/requests", NULL, 10, &log);
	reqs = json_loadb(log.data, log.len, 0, NULL);
	last = json_array_get(reqs, json_array_size(reqs) - 1);
	snoop = json_object_get(last, "snoop");
	content = json_string_value(json_object_get(snoop, "content"));
	sent = json_string_value(json_object_get(last, "body"));
	ok(last != NULL && strcmp(json_string_value(json_object_get(last,
	    "method")), "POST") == 0 && sent != NULL && strcmp(sent, body) == 0,
	    "fakehub got the POST with this exact body");
	ok(content != NULL && strstr(content, id) != NULL &&
	    strstr(content, "\"phase\":\"intent\"") != NULL &&
	    strstr(content, "\"phase\":\"outcome\"") == NULL,
	    "when it arrived the intent was on disk, the outcome not yet");
	ok(log.data != NULL && strstr(log.data, TOKEN) == NULL,
	    "the token is not in fakehub's log");
	json_decref(reqs);
	buf_done(&log);

	ok(journal_read_latest(path, 10, &e, &n, &skipped, &cause) == 0 &&
	    n == 1 && e[0].has_outcome && e[0].http_status == 204 &&
	    strcmp(e[0].request_id, rid) == 0 &&
	    strcmp(e[0].to_sha, SHA4) == 0, "the audit view's entry");
	journal_entries_free(e, n);
	b = get(SVC "/actions/runs?event=workflow_dispatch");
	ok(b.data != NULL && strstr(b.data, "\"head_branch\": \"main\"") != NULL &&
	    strstr(b.data, "\"status\": \"queued\"") != NULL,
	    "and the dispatched run is in the runs list, queued");
	buf_done(&b);
	free(path);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return (remove(path) != 0 && errno != ENOENT ? -1 : 0);
}

int
main(void)
{
	signal(SIGPIPE, SIG_IGN);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/opsdeck-deploy.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	hub_pid = hub_spawn(tmpdir, "deploy", 120, 15.0, base, sizeof base);
	test_model();
	test_journal_before_request();
	hub_kill(&hub_pid);
	curl_global_cleanup();
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return (tap_done());
}
