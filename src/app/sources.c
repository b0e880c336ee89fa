/* sources: the table of sources (one row each: the source's ops and, for
 * a source the panes ask things of, how to hand those requests over) and
 * their common life cycle; the GitHub client (token for the right host
 * only) the live sources share. Adding a source is one row here. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/appconf.h"
#include "opsdeck/conf.h"
#include "opsdeck/demo.h"
#include "opsdeck/detail.h"
#include "opsdeck/github.h"
#include "opsdeck/gitsrc.h"
#include "opsdeck/healthsrc.h"
#include "opsdeck/issuesrc.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/log.h"
#include "opsdeck/qualitysrc.h"
#include "opsdeck/approvalsrc.h"
#include "opsdeck/remote.h"
#include "opsdeck/envsrc.h"
#include "opsdeck/source.h"
#include "opsdeck/sources.h"
#include "opsdeck/text.h"
#include "opsdeck/token.h"
#include "opsdeck/transport.h"
#include "opsdeck/ui.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"

struct source_row {
	const struct source_ops	*ops;
	/* Fills what the panes may ask of this source; NULL: nothing. */
	void			(*ui)(void *priv, struct ui_sources *);
};

struct sources_table {
	const char		*name;
	const struct source_row	*rows;
	size_t			 nrows;
	int			 github;	/* needs the GitHub client */
	unsigned		 max_workers;	/* 0: as configured */
};

static void
detail_ui_want_jobs(void *arg, const char *repo, int64_t run_id)
{
	detail_want_jobs(arg, repo, run_id);
}

static void
detail_ui_want_log(void *arg, const char *repo, int64_t job_id, int follow)
{
	detail_want_log(arg, repo, job_id, follow != 0);
}

static void
detail_ui_stop_follow(void *arg)
{
	detail_stop_follow(arg);
}

static void
detail_ui(void *priv, struct ui_sources *us)
{
	us->want_jobs = detail_ui_want_jobs;
	us->want_log = detail_ui_want_log;
	us->stop_follow = detail_ui_stop_follow;
	us->arg = priv;
}

static void
issues_ui(void *priv, struct ui_sources *us)
{
	us->want_comments = issuesrc_want_comments;
	us->issues_arg = priv;
}

static const struct source_row live_rows[] = {
	{ &github_source, NULL },
	{ &gitsrc_source, NULL },	/* local clones: no API budget */
	{ &detail_source, detail_ui },	/* jobs and logs on request */
	/* Before quality: --once scores the SHAs it publishes. */
	{ &envsrc_source, NULL },	/* environments and deployments */
	{ &quality_source, NULL },	/* checks, scores and gates */
	/* After environments: an item's delta starts at what runs there. */
	{ &approvalsrc_source, NULL },	/* runs waiting for a review */
	{ &healthsrc_source, NULL },	/* checks: the transport alone */
	{ &issuesrc_source, issues_ui },	/* open issues; comments asked */
};

static const struct source_row demo_rows[] = {
	{ &demo_source, NULL },
};

const struct sources_table sources_live = {
	"live", live_rows, sizeof live_rows / sizeof live_rows[0], 1, 0
};
const struct sources_table sources_demo = {
	"demo", demo_rows, sizeof demo_rows / sizeof demo_rows[0], 0, 1
};

#define MAX_TABLES	16

static void
table_add(const struct conf_table **tables, size_t *n,
    const struct conf_table *t)
{
	size_t k;

	for (k = 0; t != NULL && k < *n && tables[k] != t; k++)
		;
	if (t != NULL && k == *n && *n < MAX_TABLES)
		tables[(*n)++] = t;
}

const struct conf_table *const *
sources_conf_tables(size_t *n)
{
	static const struct sources_table *const all[] = { &sources_live,
	    &sources_demo };
	static const struct conf_table *tables[MAX_TABLES];
	static size_t ntables;
	const struct source_ops *ops;
	size_t i, j, m;

	if (ntables == 0) {
		tables[ntables++] = &app_conf_table;
		for (i = 0; i < sizeof all / sizeof all[0]; i++) {
			for (j = 0; j < all[i]->nrows; j++) {
				ops = all[i]->rows[j].ops;
				table_add(tables, &ntables, ops->conf);
				for (m = 0; ops->conf_more != NULL &&
				    ops->conf_more[m] != NULL; m++)
					table_add(tables, &ntables,
					    ops->conf_more[m]);
			}
		}
	}
	*n = ntables;
	return tables;
}

int
sources_watch(const struct conf *cfg)
{
	size_t j;

	for (j = 0; j < sources_live.nrows; j++) {
		if (sources_live.rows[j].ops->watches != NULL &&
		    sources_live.rows[j].ops->watches(cfg))
			return 1;
	}
	return 0;
}

struct sources {
	const struct sources_table	*t;
	struct source_env		 env;
	struct transport_shared		*transport;
	struct ghclient			*github;
	void				**priv;
};

/* The API base for the repositories: the configured one, or for the repo
 * of the current directory the one its host allows. */
static char *
github_api(const struct conf *cfg, const struct github_conf *gc,
    const char *origin_host, char **cause)
{
	char *api = NULL;

	if (origin_host == NULL)
		return xstrdup(gc->api_url);
	if (remote_origin_api(origin_host, gc->api_url,
	    conf_user_sets(cfg, "github", "api-url"), gc->enterprise_hosts,
	    &api, cause) != 0)
		return NULL;
	return api;
}

/* The transport (curl, timeouts, the disk cache: no token, no budget) that
 * every network source shares. */
static struct transport_shared *
transport_make(const struct conf *cfg, char **cause)
{
	const struct github_conf *gc = conf_values(cfg, &github_conf_table);
	const struct app_conf *ac = conf_values(cfg, &app_conf_table);
	struct transport_opts to;

	memset(&to, 0, sizeof to);
	to.cache_dir = ac->cache_dir;
	to.cache_max_size = ac->cache_max_size;
	to.cache_max_age_s = ac->cache_max_age_s;
	to.connect_timeout_s = gc->connect_timeout_s;
	to.timeout_s = gc->timeout_s;
	return transport_shared_new(&to, cause);
}

static int
github_client(struct sources *src, const struct conf *cfg,
    const struct sources_opts *o, char **cause)
{
	const struct github_conf *gc = conf_values(cfg, &github_conf_table);
	struct ghclient_opts ho;
	char *api, *token = NULL, *why = NULL;
	const char *from = "none";

	if ((api = github_api(cfg, gc, o->origin_host, cause)) == NULL)
		return -1;
	/* Before the token is even looked for: nothing goes out in clear. */
	if (ghclient_check_url(api, gc->allow_insecure != 0, cause) != 0) {
		free(api);
		return -1;
	}
	if (token_resolve(api, gc->token_command, o->token_timeout_ms, &token,
	    &from, &why) != 0) {
		/* Without a token the console still works, on 60 req/h. */
		text_fprintf(stderr, "opsdeck: %s; continuing without a token\n",
		    why);
		free(why);
	} else if (token == NULL && gc->token_command != NULL)
		text_fprintf(stderr, "opsdeck: token-command printed no token; "
		    "continuing without one\n");
	log_info("token: %s", token != NULL ? from : "none");
	if ((src->transport = transport_make(cfg, cause)) == NULL) {
		token_free(&token);
		free(api);
		return -1;
	}
	memset(&ho, 0, sizeof ho);
	ho.api_url = api;
	ho.token = token;
	ho.api_version = gc->api_version;
	ho.log_timeout_s = gc->log_timeout_s;
	ho.max_requests_per_minute = gc->max_requests_per_minute;
	ho.max_connections = gc->max_connections;
	src->github = ghclient_new(src->transport, &ho, cause);
	token_free(&token);
	free(api);
	return src->github != NULL ? 0 : -1;
}

struct sources *
sources_open(const struct sources_table *t, const struct conf *cfg,
    struct store *store, const struct sources_opts *o, char **cause)
{
	const struct app_conf *ac = conf_values(cfg, &app_conf_table);
	struct sources *src = xcalloc(1, sizeof *src);
	size_t i;

	src->t = t;
	src->priv = xcalloc(t->nrows, sizeof *src->priv);
	if (t->github && github_client(src, cfg, o, cause) != 0)
		goto fail;
	src->env.cfg = cfg;
	src->env.store = store;
	src->env.transport = src->transport;
	src->env.github = src->github;
	src->env.cache_dir = ac != NULL ? ac->cache_dir : NULL;
	src->env.cache_max_size = ac != NULL ? ac->cache_max_size : 0;
	src->env.cache_max_age_s = ac != NULL ? ac->cache_max_age_s : 0;
	src->env.datadir = o->datadir;
	for (i = 0; i < t->nrows; i++) {
		if ((src->priv[i] = t->rows[i].ops->create(&src->env,
		    cause)) == NULL)
			goto fail;
	}
	return src;
fail:
	sources_free(&src);
	return NULL;
}

unsigned
sources_workers(const struct sources *src, unsigned configured)
{
	if (src->t->max_workers > 0 && configured > src->t->max_workers)
		return src->t->max_workers;
	return configured > 0 ? configured : 1;
}

struct ghclient *
sources_github(struct sources *src)
{
	return src->github;
}

struct transport_shared *
sources_transport(struct sources *src)
{
	return src->transport;
}

void
sources_publish_cached(struct sources *src)
{
	size_t i;

	for (i = 0; i < src->t->nrows; i++) {
		if (src->t->rows[i].ops->publish_cached != NULL)
			src->t->rows[i].ops->publish_cached(src->priv[i]);
	}
}

int
sources_poll_once(struct sources *src)
{
	struct worker_ctx *ctx;
	size_t i;
	int rc = 0;

	/* The calling thread's resources, as a worker's. */
	ctx = worker_ctx_new(src->transport);
	for (i = 0; i < src->t->nrows; i++) {
		if (src->t->rows[i].ops->poll_once != NULL &&
		    src->t->rows[i].ops->poll_once(src->priv[i], ctx) != 0)
			rc = -1;
	}
	worker_ctx_free(ctx);
	return rc;
}

int
sources_schedule(struct sources *src, struct sched *s)
{
	size_t i;

	for (i = 0; i < src->t->nrows; i++) {
		if (src->t->rows[i].ops->schedule(src->priv[i], s) != 0)
			return -1;
	}
	return 0;
}

void
sources_ui(struct sources *src, struct ui_sources *us)
{
	size_t i;

	memset(us, 0, sizeof *us);
	for (i = 0; i < src->t->nrows; i++) {
		if (src->t->rows[i].ui != NULL)
			src->t->rows[i].ui(src->priv[i], us);
	}
}

void
sources_free(struct sources **sp)
{
	struct sources *src;
	size_t i;

	if (sp == NULL || (src = *sp) == NULL)
		return;
	for (i = src->t->nrows; i-- > 0;) {
		if (src->priv[i] != NULL)
			src->t->rows[i].ops->free(src->priv[i]);
	}
	free(src->priv);
	ghclient_free(&src->github);
	transport_shared_free(&src->transport);
	free(src);
	*sp = NULL;
}
