/* envstate: the environments snapshot (struct repo_envs): lookups, copies
 * and freeing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/envstate.h"
#include "opsdeck/xalloc.h"

const struct env_row *
repo_envs_find(const struct repo_envs *re, const char *env)
{
	size_t i;

	for (i = 0; re != NULL && env != NULL && i < re->nenvs; i++) {
		if (strcmp(re->envs[i].name, env) == 0)
			return &re->envs[i];
	}
	return NULL;
}

const struct env_row *
repo_envs_previous(const struct repo_envs *re, const char *env)
{
	size_t i;

	for (i = 1; re != NULL && env != NULL && i < re->nenvs; i++) {
		if (strcmp(re->envs[i].name, env) == 0)
			return &re->envs[i - 1];
	}
	return NULL;
}

bool
env_row_in_flight(const struct env_row *r)
{
	return r != NULL && (r->in_flight_deployment != 0 ||
	    r->in_flight_run != 0);
}

int64_t
envstate_run_from_url(const char *url)
{
	const char *p;
	int64_t v = 0;

	if (url == NULL || (p = strstr(url, "/actions/runs/")) == NULL)
		return 0;
	for (p += 14; *p >= '0' && *p <= '9'; p++) {
		if (v > (INT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*p - '0');
	}
	if (*p != '\0' && *p != '/' && *p != '?' && *p != '#')
		return 0;
	return v;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct repo_envs *
repo_envs_dup(const struct repo_envs *src)
{
	struct repo_envs *re = xcalloc(1, sizeof *re);
	struct env_row *r;
	size_t i;

	*re = *src;
	re->repo = dup_or_null(src->repo);
	re->default_branch = dup_or_null(src->default_branch);
	re->head_sha = dup_or_null(src->head_sha);
	re->error = dup_or_null(src->error);
	re->envs = src->nenvs > 0 ? xcalloc(src->nenvs, sizeof *re->envs) :
	    NULL;
	for (i = 0; i < src->nenvs; i++) {
		r = &re->envs[i];
		*r = src->envs[i];
		r->name = dup_or_null(src->envs[i].name);
		r->sha = dup_or_null(src->envs[i].sha);
		r->ref = dup_or_null(src->envs[i].ref);
		r->creator = dup_or_null(src->envs[i].creator);
		r->last_state = dup_or_null(src->envs[i].last_state);
		r->color = dup_or_null(src->envs[i].color);
	}
	re->deps = deployments_dup(src->deps, src->ndeps);
	return re;
}

void
env_row_done(struct env_row *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->sha);
	free(r->ref);
	free(r->creator);
	free(r->last_state);
	free(r->color);
	memset(r, 0, sizeof *r);
}

void
repo_envs_free(struct repo_envs **rep)
{
	struct repo_envs *re;
	size_t i;

	if (rep == NULL || (re = *rep) == NULL)
		return;
	for (i = 0; i < re->nenvs; i++)
		env_row_done(&re->envs[i]);
	free(re->envs);
	deployments_free(re->deps, re->ndeps);
	free(re->repo);
	free(re->default_branch);
	free(re->head_sha);
	free(re->error);
	free(re);
	*rep = NULL;
}

void
repo_envs_free_void(void *p)
{
	struct repo_envs *re = p;

	repo_envs_free(&re);
}
