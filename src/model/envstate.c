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

const char *
repo_envs_target(const struct repo_envs *re, const char *env)
{
	const struct env_row *prev = repo_envs_previous(re, env);

	if (repo_envs_find(re, env) == NULL)
		return NULL;
	return prev != NULL ? prev->sha : re->head_sha;
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

const struct env_delta *
repo_envs_delta(const struct repo_envs *re, const char *from, const char *to)
{
	size_t i;

	for (i = 0; re != NULL && from != NULL && to != NULL &&
	    i < re->ndeltas; i++) {
		if (strcmp(re->deltas[i].from, from) == 0 &&
		    strcmp(re->deltas[i].to, to) == 0)
			return &re->deltas[i];
	}
	return NULL;
}

const struct env_commit *
repo_envs_commit(const struct repo_envs *re, const char *sha)
{
	size_t i, j;

	for (i = 0; re != NULL && sha != NULL && i < re->ndeltas; i++) {
		for (j = 0; j < re->deltas[i].ncommits; j++) {
			if (strcmp(re->deltas[i].commits[j].sha, sha) == 0)
				return &re->deltas[i].commits[j];
		}
	}
	return NULL;
}

void
env_delta_done(struct env_delta *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->ncommits; i++) {
		free(d->commits[i].sha);
		free(d->commits[i].subject);
		free(d->commits[i].author);
	}
	free(d->commits);
	for (i = 0; i < d->nrisky; i++)
		free(d->risky[i]);
	free(d->risky);
	free(d->from);
	free(d->to);
	memset(d, 0, sizeof *d);
}

void
env_delta_copy(struct env_delta *dst, const struct env_delta *src)
{
	size_t i;

	*dst = *src;
	dst->from = xstrdup_null(src->from);
	dst->to = xstrdup_null(src->to);
	dst->commits = src->ncommits > 0 ? xcalloc(src->ncommits,
	    sizeof *dst->commits) : NULL;
	for (i = 0; i < src->ncommits; i++) {
		dst->commits[i].sha = xstrdup_null(src->commits[i].sha);
		dst->commits[i].subject = xstrdup_null(src->commits[i].subject);
		dst->commits[i].author = xstrdup_null(src->commits[i].author);
		dst->commits[i].time = src->commits[i].time;
	}
	dst->risky = src->nrisky > 0 ? xcalloc(src->nrisky,
	    sizeof *dst->risky) : NULL;
	for (i = 0; i < src->nrisky; i++)
		dst->risky[i] = xstrdup_null(src->risky[i]);
}

void
env_target_done(struct env_target *t)
{
	if (t == NULL)
		return;
	free(t->ref);
	free(t->sha);
	free(t->commit.sha);
	free(t->commit.subject);
	free(t->commit.author);
	env_delta_done(&t->out);
	env_delta_done(&t->back);
	memset(t, 0, sizeof *t);
}

void
env_target_copy(struct env_target *dst, const struct env_target *src)
{
	*dst = *src;
	dst->ref = xstrdup_null(src->ref);
	dst->sha = xstrdup_null(src->sha);
	dst->commit.sha = xstrdup_null(src->commit.sha);
	dst->commit.subject = xstrdup_null(src->commit.subject);
	dst->commit.author = xstrdup_null(src->commit.author);
	env_delta_copy(&dst->out, &src->out);
	env_delta_copy(&dst->back, &src->back);
}

struct repo_envs *
repo_envs_dup(const struct repo_envs *src)
{
	struct repo_envs *re = xcalloc(1, sizeof *re);
	struct env_row *r;
	size_t i;

	*re = *src;
	re->repo = xstrdup_null(src->repo);
	re->default_branch = xstrdup_null(src->default_branch);
	re->head_sha = xstrdup_null(src->head_sha);
	re->error = xstrdup_null(src->error);
	re->envs = src->nenvs > 0 ? xcalloc(src->nenvs, sizeof *re->envs) :
	    NULL;
	for (i = 0; i < src->nenvs; i++) {
		r = &re->envs[i];
		*r = src->envs[i];
		r->name = xstrdup_null(src->envs[i].name);
		r->sha = xstrdup_null(src->envs[i].sha);
		r->ref = xstrdup_null(src->envs[i].ref);
		r->creator = xstrdup_null(src->envs[i].creator);
		r->last_state = xstrdup_null(src->envs[i].last_state);
		r->color = xstrdup_null(src->envs[i].color);
	}
	re->deps = deployments_dup(src->deps, src->ndeps);
	re->deltas = src->ndeltas > 0 ? xcalloc(src->ndeltas,
	    sizeof *re->deltas) : NULL;
	for (i = 0; i < src->ndeltas; i++)
		env_delta_copy(&re->deltas[i], &src->deltas[i]);
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
	for (i = 0; i < re->ndeltas; i++)
		env_delta_done(&re->deltas[i]);
	free(re->deltas);
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
