/* test_envsrc: the environments source against fakehub: what it publishes
 * for the deploy scenario (order, current SHAs, commits behind, in flight,
 * policy, the rollback input), that a second poll is all 304s and
 * publishes nothing, the pagination bound, 5xx and malformed JSON (stale,
 * last data kept, the reason), hostile environment names (kept raw in the
 * model, percent-encoded in the request) and the configured order. */
#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <jansson.h>

#include "opsdeck/conf.h"
#include "opsdeck/deploy.h"
#include "opsdeck/envsrc.h"
#include "opsdeck/envstate.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/sources.h"
#include "opsdeck/store.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"
#include "../hub.h"
#include "../ghpair.h"

#define SHA1	"7bb8e1fde4954ba493b906b528298ae833200a2b"
#define SHA2	"d9f9be16d2f9d5fd043579e64975986727895711"
#define SHA4	"e8c6fe4e07bb82b4f82053ebf2cd6e9add897165"
#define SHA5	"c55732b606628ea6ff5aad846209704668e6cb93"
#define TOKEN	"ghp_FakeTokenForFakehubOnly0123456789ab"

static char	 tmpdir[64], base[64];
static pid_t	 hub_pid = -1;

static char *
hub_control(const char *path, const char *json)
{
	struct buf b;
	char p[128];

	snprintf(p, sizeof p, "/__control/%s", path);
	hub_fetch_url(base, p, json, 10, &b);
	return b.data != NULL ? b.data : xstrdup("");
}

static void
hub_post(const char *path, const char *json)
{
	free(hub_control(path, json));
}

static json_t *
hub_requests(void)
{
	char *body = hub_control("requests", NULL);
	json_t *j = json_loads(body, 0, NULL);

	free(body);
	return j != NULL ? j : json_array();
}

/* Requests logged from index from on whose path contains part; how many
 * of them were answered 304 into *n304. */
static size_t
count_from(json_t *reqs, size_t from, const char *part, size_t *n304)
{
	size_t i, n = 0;
	const char *p;
	json_t *e;

	if (n304 != NULL)
		*n304 = 0;
	for (i = from; i < json_array_size(reqs); i++) {
		e = json_array_get(reqs, i);
		p = json_string_value(json_object_get(e, "path"));
		if (p == NULL || strstr(p, part) == NULL)
			continue;
		n++;
		if (n304 != NULL && json_integer_value(json_object_get(e,
		    "status")) == 304)
			(*n304)++;
	}
	return n;
}

static void
scenario_file(const char *path)
{
	char *json = xasprintf("{\"path\": \"%s\"}", path);

	hub_post("scenario", json);
	free(json);
	hub_post("reset", "{}");
}

static void
scenario(const char *name)
{
	char *p = xasprintf("%s/tests/fakehub/scenarios/%s.json", OD_SRCDIR,
	    name);

	scenario_file(p);
	free(p);
}

/* A source over its own config, client, cache and store. */
struct env_t {
	struct conf	 cfg;
	struct ghpair	*gp;
	struct transport *tp;
	struct store	*st;
	struct envsrc	*es;
};

static int
env_open(struct env_t *e, const char *name, const char *body)
{
	struct transport_opts to;
	struct ghclient_opts go;
	const struct conf_table *const *tables;
	char *path, *text, *dir, *cause = NULL;
	size_t nt;
	FILE *fp;

	memset(e, 0, sizeof *e);
	path = xasprintf("%s/%s.conf", tmpdir, name);
	text = xasprintf("[github]\n\tapi-url = %s\n%s", base, body);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
	free(text);
	tables = sources_conf_tables(&nt);
	if (conf_load(&e->cfg, path, tables, nt, &cause) != 0) {
		printf("# config: %s\n", cause);
		free(cause);
		free(path);
		return -1;
	}
	free(path);
	dir = xasprintf("%s/cache-%s", tmpdir, name);
	memset(&to, 0, sizeof to);
	to.cache_dir = dir;
	to.connect_timeout_s = 2;
	to.timeout_s = 10;
	memset(&go, 0, sizeof go);
	go.api_url = base;
	go.token = TOKEN;
	e->gp = ghpair_new(&to, &go);
	free(dir);
	e->tp = transport_new(e->gp->ts);
	e->st = store_new(-1);
	e->es = envsrc_new(e->gp->gc, e->st, &e->cfg, &cause);
	return e->es != NULL ? 0 : -1;
}

static void
env_close(struct env_t *e)
{
	envsrc_free(&e->es);
	store_free(&e->st);
	transport_free(&e->tp);
	ghpair_free(&e->gp);
	conf_done(&e->cfg);
}

/* A copy of what the store shows for repo; NULL: nothing. */
static struct repo_envs *
shown(struct env_t *e, const char *repo)
{
	struct snapset *set = store_acquire(e->st, STORE_ENV);
	const struct repo_envs *re = snapset_find_data(set, repo);
	struct repo_envs *out = re != NULL ? repo_envs_dup(re) : NULL;

	store_release(&set);
	return out;
}

static void
test_model(void)
{
	struct env_t e;
	struct repo_envs *re;
	const struct env_row *r;
	struct deploy_candidate *c;
	size_t nc;

	scenario("envs");
	if (env_open(&e, "model", "[repo \"octo/svc\"]\n"
	    "\tdeploy-workflow = deploy.yml\n[repo \"octo/web\"]\n"
	    "[environment \"staging\"]\n\tcolor = bold cyan\n"
	    "[environment \"octo/web production\"]\n\treadonly = true\n") != 0) {
		ok(0, "source opens");
		return;
	}
	ok(envsrc_poll_once(e.es, e.tp) == 0, "one poll of both repositories");
	re = shown(&e, "octo/svc");
	ok(re != NULL && !re->stale && re->error == NULL,
	    "octo/svc published fresh");
	if (re == NULL)
		goto out;
	is_str(re->default_branch, "main", "  its default branch");
	is_str(re->head_sha, SHA5, "  and its head (combined status' sha)");
	ok(re->nenvs == 3 && strcmp(re->envs[0].name, "dev") == 0 &&
	    strcmp(re->envs[1].name, "staging") == 0 &&
	    strcmp(re->envs[2].name, "production") == 0,
	    "  GitHub's order: dev, staging, production");
	r = repo_envs_find(re, "production");
	ok(r != NULL && r->sha != NULL && strcmp(r->sha, SHA2) == 0 &&
	    r->creator != NULL && strcmp(r->creator, "hubot") == 0,
	    "  production runs d9f9be1 by hubot (the newer deploy failed)");
	ok(r != NULL && r->last_state != NULL &&
	    strcmp(r->last_state, "failure") == 0, "  its last deploy: failure");
	ok(r != NULL && r->is_protected && !r->readonly,
	    "  production is protected by its name");
	ok(r != NULL && r->in_flight_run == 40000001 && env_row_in_flight(r),
	    "  the deploy run waiting for production is in flight");
	ok(r != NULL && r->behind_prev == 2 && r->behind_default == 3,
	    "  2 commits behind staging, 3 behind main (compare)");
	r = repo_envs_find(re, "staging");
	ok(r != NULL && r->sha != NULL && strcmp(r->sha, SHA4) == 0 &&
	    r->behind_prev == 1 && r->behind_default == 1,
	    "  staging runs e8c6fe4, 1 behind dev and main");
	ok(r != NULL && r->color != NULL && strcmp(r->color, "bold cyan") == 0
	    && !r->is_protected, "  staging in its colour, not protected");
	r = repo_envs_find(re, "dev");
	ok(r != NULL && r->behind_default == 0 && r->behind_prev == -1 &&
	    !env_row_in_flight(r), "  dev runs the head; nothing before it");
	deploy_rollback_candidates(re->deps, re->ndeps, "production", &c, &nc);
	ok(nc == 1 && strcmp(c[0].deployment->sha, SHA1) == 0 &&
	    c[0].last_known_good,
	    "  the deployments published feed the rollback picker: 7bb8e1f");
	free(c);
	repo_envs_free(&re);

	re = shown(&e, "octo/web");
	ok(re != NULL && !re->stale, "octo/web published fresh");
	if (re == NULL)
		goto out;
	is_str(re->default_branch, "trunk", "  default branch trunk");
	ok(re->nenvs == 3 && strcmp(re->envs[0].name, "dev") == 0 &&
	    strcmp(re->envs[1].name, "production") == 0 &&
	    strcmp(re->envs[2].name, "qa") == 0 && !re->envs[2].known,
	    "  GitHub's environments, then qa, seen only in deployments");
	r = repo_envs_find(re, "dev");
	ok(r != NULL && r->in_flight_deployment == 503 && r->sha != NULL &&
	    strncmp(r->sha, "2222", 4) == 0 && r->behind_default == 1,
	    "  dev: a deployment in progress, runs 2222222, 1 behind trunk");
	r = repo_envs_find(re, "production");
	ok(r != NULL && r->run_id == 50000001,
	    "  production's run from its status' log_url (Enter opens it)");
	ok(r != NULL && r->readonly && r->is_protected,
	    "  [environment \"octo/web production\"] readonly applies");
	ok(r != NULL && r->behind_prev == 1, "  production 1 behind dev");
	repo_envs_free(&re);
out:
	env_close(&e);
}

/* The second poll: every request conditional and answered 304, nothing
 * published (the generation stays). */
static void
test_conditional(void)
{
	struct env_t e;
	json_t *reqs;
	size_t n1, n, n304;
	uint64_t gen;

	scenario("envs");
	if (env_open(&e, "etag", "[repo \"octo/svc\"]\n"
	    "\tdeploy-workflow = deploy.yml\n") != 0) {
		ok(0, "source opens");
		return;
	}
	envsrc_poll_once(e.es, e.tp);
	reqs = hub_requests();
	n1 = json_array_size(reqs);
	json_decref(reqs);
	gen = store_generation(e.st, STORE_ENV);
	ok(envsrc_poll_once(e.es, e.tp) == 0, "a second poll");
	reqs = hub_requests();
	n = count_from(reqs, n1, "/repos/octo/svc", &n304);
	json_decref(reqs);
	ok(n > 5 && n == n304, "  all %zu of its requests were 304s", n);
	is_int((int)(store_generation(e.st, STORE_ENV) - gen), 0,
	    "  and nothing was published");
	env_close(&e);
}

static void
test_faults(void)
{
	struct env_t e;
	struct repo_envs *re;

	scenario("envs");
	if (env_open(&e, "faults", "[repo \"octo/svc\"]\n"
	    "\tdeploy-command = ./ship {env} {sha}\n") != 0) {
		ok(0, "source opens");
		return;
	}
	envsrc_poll_once(e.es, e.tp);
	hub_post("fault", "{\"path\": \"octo/svc/environments$\", "
	    "\"kind\": \"500\", \"count\": 1}");
	ok(envsrc_poll_once(e.es, e.tp) != 0, "a 500 fails the poll");
	re = shown(&e, "octo/svc");
	ok(re != NULL && re->stale && re->error != NULL &&
	    strstr(re->error, "500") != NULL && re->nenvs == 3,
	    "  stale, the last data kept, the reason shown: %s",
	    re != NULL && re->error != NULL ? re->error : "(none)");
	repo_envs_free(&re);
	hub_post("fault", "{\"path\": \"octo/svc/deployments$\", "
	    "\"kind\": \"malformed\", \"count\": 1}");
	envsrc_poll_once(e.es, e.tp);
	re = shown(&e, "octo/svc");
	ok(re != NULL && re->stale && re->error != NULL &&
	    strstr(re->error, "bad JSON") != NULL && re->nenvs == 3,
	    "  malformed JSON: stale, \"bad JSON\": %s",
	    re != NULL && re->error != NULL ? re->error : "(none)");
	repo_envs_free(&re);
	ok(envsrc_poll_once(e.es, e.tp) == 0, "the next poll recovers");
	re = shown(&e, "octo/svc");
	ok(re != NULL && !re->stale && re->error == NULL, "  fresh again");
	repo_envs_free(&re);
	env_close(&e);
}

/* 350 environments: three pages of 100 read, 20 shown; deployments asked
 * for those 20 only. */
static void
test_bounds(void)
{
	struct env_t e;
	struct repo_envs *re;
	json_t *reqs;
	char *path;
	size_t i;
	FILE *fp;

	path = xasprintf("%s/many-envs.json", tmpdir);
	if ((fp = fopen(path, "w")) == NULL) {
		ok(0, "scenario written");
		free(path);
		return;
	}
	fputs("{\"repos\": [{\"name\": \"octo/many\", \"commits\": [{\"sha\": "
	    "\"0123456789012345678901234567890123456789\", \"message\": \"x\", "
	    "\"created\": -100, \"files\": [\"a\"]}], \"environments\": [", fp);
	for (i = 0; i < 350; i++)
		fprintf(fp, "%s{\"name\": \"env%03zu\", \"id\": %zu}",
		    i > 0 ? ", " : "", i, 1000 + i);
	fputs("]}]}\n", fp);
	fclose(fp);
	scenario_file(path);
	free(path);
	if (env_open(&e, "bounds", "[repo \"octo/many\"]\n"
	    "[environment \"octo/many env000\"]\n\tcolor = dim\n") != 0) {
		ok(0, "source opens");
		return;
	}
	ok(envsrc_poll_once(e.es, e.tp) == 0, "350 environments: one poll");
	reqs = hub_requests();
	is_int((int)count_from(reqs, 0, "/environments", NULL),
	    ENVSRC_ENV_PAGES, "  %d pages of environments read at most",
	    ENVSRC_ENV_PAGES);
	is_int((int)count_from(reqs, 0, "/deployments", NULL),
	    1 + ENVSRC_MAX_ENVS, "  deployments: all, then one per shown "
	    "environment");
	json_decref(reqs);
	re = shown(&e, "octo/many");
	ok(re != NULL && re->nenvs == ENVSRC_MAX_ENVS &&
	    strcmp(re->envs[0].name, "env000") == 0,
	    "  %d shown, in GitHub's order", ENVSRC_MAX_ENVS);
	repo_envs_free(&re);
	env_close(&e);
}

static void
test_hostile(void)
{
	struct env_t e;
	struct repo_envs *re;
	const struct env_row *r;
	json_t *reqs, *x;
	const char *p, *q;
	size_t i;
	int raw = 0, encoded = 0;

	scenario("envs-hostile");
	if (env_open(&e, "hostile", "[repo \"octo/evil\"]\n"
	    "[environment \"production\"]\n\treadonly = true\n") != 0) {
		ok(0, "source opens");
		return;
	}
	ok(envsrc_poll_once(e.es, e.tp) == 0, "hostile names: one poll");
	re = shown(&e, "octo/evil");
	ok(re != NULL && re->nenvs == 4, "  four environments");
	r = repo_envs_find(re, "\033[31mred\033[0m");
	ok(r != NULL && r->sha != NULL && r->sha[0] == 'a' && r->creator !=
	    NULL && strchr(r->creator, '\033') != NULL,
	    "  an escape in a name: kept raw in the model (the UI "
	    "sanitises), its deployment found through the filter");
	r = repo_envs_find(re, "a b/../c?d=e&f#g");
	ok(r != NULL && r->in_flight_deployment == 902,
	    "  '/../', '?', '&', '#' in a name: its in-flight deployment "
	    "found (the query escaped)");
	reqs = hub_requests();
	for (i = 0; i < json_array_size(reqs); i++) {
		x = json_array_get(reqs, i);
		p = json_string_value(json_object_get(x, "path"));
		q = json_string_value(json_object_get(x, "query"));
		if (p != NULL && (strchr(p, '\033') != NULL ||
		    strchr(p, ' ') != NULL || strstr(p, "/../") != NULL))
			raw++;
		if (q != NULL && strstr(q, "environment=%1B%5B31mred") != NULL)
			encoded++;
	}
	json_decref(reqs);
	ok(raw == 0 && encoded == 1, "  no raw name in a request path; the "
	    "filter percent-encoded");
	repo_envs_free(&re);
	env_close(&e);
}

static void
test_configured_order(void)
{
	struct env_t e;
	struct repo_envs *re;

	scenario("envs");
	if (env_open(&e, "order", "[repo \"octo/svc\"]\n"
	    "\tenvironments = production qa dev\n") != 0) {
		ok(0, "source opens");
		return;
	}
	envsrc_poll_once(e.es, e.tp);
	re = shown(&e, "octo/svc");
	ok(re != NULL && re->nenvs == 3 &&
	    strcmp(re->envs[0].name, "production") == 0 &&
	    strcmp(re->envs[1].name, "qa") == 0 &&
	    strcmp(re->envs[2].name, "dev") == 0 && re->envs[1].sha == NULL &&
	    re->envs[1].configured && !re->envs[1].known,
	    "[repo] environments: exactly that order, an unknown one empty");
	ok(re != NULL && re->envs[1].behind_prev == -1 &&
	    re->envs[2].behind_prev == -1,
	    "  behind an environment with nothing deployed: unknown");
	repo_envs_free(&re);
	env_close(&e);
}

/* A repository that says nothing of environments costs no request for
 * them, and has no snapshot. */
static void
test_not_wanted(void)
{
	struct env_t e;
	struct repo_envs *re;
	json_t *reqs;

	scenario("envs");
	if (env_open(&e, "quiet", "[repo \"octo/svc\"]\n"
	    "[repo \"octo/web\"]\n\tenvironments = dev\n") != 0) {
		ok(0, "source opens");
		return;
	}
	ok(envsrc_poll_once(e.es, e.tp) == 0, "a poll");
	reqs = hub_requests();
	is_int((int)count_from(reqs, 0, "/repos/octo/svc", NULL), 0,
	    "  octo/svc (no environments, deploy keys or [environment]): "
	    "no request");
	ok(count_from(reqs, 0, "/repos/octo/web/environments", NULL) == 1,
	    "  octo/web ([repo] environments): read");
	json_decref(reqs);
	re = shown(&e, "octo/svc");
	ok(re == NULL, "  nothing published for octo/svc");
	repo_envs_free(&re);
	env_close(&e);
}

static int
rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

int
main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/opsdeck-envsrc.XXXXXX",
	    t != NULL && *t == '/' && strlen(t) < 30 ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	setenv("HOME", tmpdir, 1);
	unsetenv("XDG_CONFIG_HOME");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	git_libgit2_init();
	hub_pid = hub_spawn(tmpdir, "envs", 180, 15.0, base, sizeof base);
	test_model();
	test_conditional();
	test_faults();
	test_bounds();
	test_hostile();
	test_configured_order();
	test_not_wanted();
	hub_kill(&hub_pid);
	git_libgit2_shutdown();
	curl_global_cleanup();
	nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
