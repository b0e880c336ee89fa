/* gitsrc: the local git source, one scheduled job per local repository. A job re-scans only
 * when the mtimes of HEAD, index, packed-refs or refs/ changed, since a
 * stat() walk is far cheaper than a libgit2 scan. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stddef.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "opsdeck/gitsrc.h"
#include "opsdeck/rx.h"
#include "opsdeck/sched.h"
#include "opsdeck/source.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"
#include "opsdeck/store.h"

#define GITWATCH_PERIOD_MS	2000
#define GITWATCH_MAX_REFS	100000	/* bounds the refs/ walk */

struct gitsrc_job {
	struct gitsrc	*gs;
	char		*slug;
	char		*path;
	char		*gitdir;	/* HEAD, index */
	char		*commondir;	/* refs, packed-refs */
	uint64_t	 stamp;
	time_t		 scanned_at;	/* 0: never */
	struct gitscan_memo *memo;
};

struct gitsrc {
	struct store	 *store;
	struct gitsrc_job **jobs;
	size_t		  njobs;
	int		  stale_days;
	struct rx	**risky;	/* defaults, then the config's */
	size_t		  nrisky;
	const volatile int *stop;	/* sched_stop_flag; NULL (--once) */
};

static void
gitwatch_stat(const char *path, uint64_t *h)
{
	struct stat	sb;

	if (stat(path, &sb) != 0)
		return;
	*h = *h * 1000003u + (uint64_t)sb.st_mtim.tv_sec * 1000000000u +
	    (uint64_t)sb.st_mtim.tv_nsec + (uint64_t)sb.st_ino;
}

static void
gitwatch_walk(const char *dir, uint64_t *h, int *budget, int depth)
{
	DIR		*d;
	struct dirent	*de;
	char		 sub[PATH_MAX];

	if (depth > 16 || (d = opendir(dir)) == NULL)
		return;
	gitwatch_stat(dir, h);
	while ((de = readdir(d)) != NULL && --*budget > 0) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name);
		if (de->d_type == DT_DIR)
			gitwatch_walk(sub, h, budget, depth + 1);
		else
			gitwatch_stat(sub, h);
	}
	closedir(d);
}

static uint64_t
gitwatch_stamp(const struct gitsrc_job *j)
{
	char		p[PATH_MAX];
	uint64_t	h = 1;
	int		budget = GITWATCH_MAX_REFS;

	snprintf(p, sizeof p, "%sHEAD", j->gitdir);
	gitwatch_stat(p, &h);
	snprintf(p, sizeof p, "%sindex", j->gitdir);
	gitwatch_stat(p, &h);
	snprintf(p, sizeof p, "%spacked-refs", j->commondir);
	gitwatch_stat(p, &h);
	snprintf(p, sizeof p, "%srefs", j->commondir);
	gitwatch_walk(p, &h, &budget, 0);
	return h;
}

static int
gitwatch_locate(struct gitsrc_job *j)
{
	git_repository	*repo = NULL;

	if (git_repository_open_ext(&repo, j->path, 0, NULL) != 0)
		return -1;
	j->gitdir = xstrdup(git_repository_path(repo));
	j->commondir = xstrdup(git_repository_commondir(repo));
	git_repository_free(repo);
	return 0;
}

/* What will ship on push: the files the outgoing commits touch. */
static void
gitwatch_outgoing_files(const struct gitsrc *gs, struct git_snapshot *s)
{
	struct git_range *r = NULL;

	if (s->ahead <= 0 || s->ahead > GIT_SNAPSHOT_MAX_RANGE ||
	    s->upstream_sha[0] == '\0' ||
	    gitscan_range(s->path, s->upstream_sha, s->head_sha,
	    (const struct rx *const *)gs->risky, gs->nrisky, &r, NULL) != 0)
		return;
	s->outgoing_files = r->files;
	s->noutgoing_files = r->nfiles;
	r->files = NULL;
	r->nfiles = 0;
	gitrepo_range_free(&r);
}

static void
gitwatch_scan(struct gitsrc_job *j)
{
	struct git_snapshot	*s = NULL;
	char			*cause = NULL;

	if (j->memo == NULL)
		j->memo = gitscan_memo_new();
	if (gitscan_repo_memo(j->path, j->gs->stale_days, time(NULL), j->memo,
	    j->gs->stop, &s, &cause) != 0) {
		/* Shutting down: nobody will look, and it is not an error. */
		if (j->gs->stop != NULL &&
		    __atomic_load_n(j->gs->stop, __ATOMIC_RELAXED)) {
			free(cause);
			return;
		}
		/* Publish the failure so the pane can say why. */
		s = xcalloc(1, sizeof *s);
		s->path = xstrdup(j->path);
		s->ahead = s->behind = -1;
		s->error = cause != NULL ? cause : xstrdup("scan failed");
	} else
		gitwatch_outgoing_files(j->gs, s);
	j->scanned_at = time(NULL);
	store_publish(j->gs->store, STORE_GIT,
	    snap_new(j->slug, s, gitrepo_snapshot_free_void));
}

static int64_t
gitwatch_run(void *arg, void *ctx)
{
	struct gitsrc_job	*j = arg;
	uint64_t		 stamp;

	(void)ctx;
	git_libgit2_init();
	if (j->gitdir == NULL)
		(void)gitwatch_locate(j);
	if (j->gitdir != NULL && j->commondir != NULL) {
		/* Stamped before the scan: a change during it rescans. */
		stamp = gitwatch_stamp(j);
		if (j->scanned_at != 0 && stamp == j->stamp &&
		    time(NULL) - j->scanned_at < GITSRC_RESCAN_S)
			goto out;
		j->stamp = stamp;
	}
	gitwatch_scan(j);
out:
	git_libgit2_shutdown();
	return GITWATCH_PERIOD_MS;
}

void
gitsrc_scan_all(struct gitsrc *gs)
{
	size_t	i;

	git_libgit2_init();
	for (i = 0; i < gs->njobs; i++)
		gitwatch_scan(gs->jobs[i]);
	git_libgit2_shutdown();
}

static int
gitsrc_compile(struct gitsrc *gs, const char *pattern, char **cause)
{
	struct rx	*rx;

	if ((rx = rx_new(pattern, 0, cause)) == NULL)
		return -1;
	gs->risky = xreallocarray(gs->risky, gs->nrisky + 1,
	    sizeof *gs->risky);
	gs->risky[gs->nrisky++] = rx;
	return 0;
}

struct gitsrc *
gitsrc_new(struct store *store, const struct gitsrc_opts *o, char **cause)
{
	struct gitsrc	*gs;
	size_t		 i;

	gs = xcalloc(1, sizeof *gs);
	gs->store = store;
	gs->stale_days = o != NULL && o->stale_days > 0 ? o->stale_days : 30;
	for (i = 0; gitscan_default_risky[i] != NULL; i++) {
		if (gitsrc_compile(gs, gitscan_default_risky[i], cause) != 0)
			goto fail;
	}
	for (i = 0; o != NULL && i < o->nrisky; i++) {
		if (gitsrc_compile(gs, o->risky[i], cause) != 0)
			goto fail;
	}
	return gs;
fail:
	gitsrc_free(&gs);
	return NULL;
}

int
gitsrc_add_repo(struct gitsrc *gs, const char *slug, const char *path)
{
	struct gitsrc_job	*j;

	j = xcalloc(1, sizeof *j);
	j->gs = gs;
	j->slug = xstrdup(slug);
	j->path = xstrdup(path);
	gs->jobs = xreallocarray(gs->jobs, gs->njobs + 1, sizeof *gs->jobs);
	gs->jobs[gs->njobs++] = j;
	return 0;
}

int
gitsrc_schedule(struct gitsrc *gs, struct sched *sc)
{
	char	*name;
	size_t	 i;
	int	 rc;

	gs->stop = sched_stop_flag(sc);
	for (i = 0; i < gs->njobs; i++) {
		name = xasprintf("git %s", gs->jobs[i]->slug);
		rc = sched_add(sc, name, gitwatch_run, gs->jobs[i], 0);
		free(name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void
gitsrc_free(struct gitsrc **gsp)
{
	struct gitsrc	*gs;
	size_t		 i;

	if (gsp == NULL || (gs = *gsp) == NULL)
		return;
	for (i = 0; i < gs->njobs; i++) {
		free(gs->jobs[i]->slug);
		free(gs->jobs[i]->path);
		free(gs->jobs[i]->gitdir);
		free(gs->jobs[i]->commondir);
		gitscan_memo_free(&gs->jobs[i]->memo);
		free(gs->jobs[i]);
	}
	free(gs->jobs);
	for (i = 0; i < gs->nrisky; i++)
		rx_free(&gs->risky[i]);
	free(gs->risky);
	free(gs);
	*gsp = NULL;
}

/* --- the source interface: the [repo] sections with a path --- */

#define S(f) offsetof(struct gitsrc_conf, f)
static const struct conf_key gitsrc_keys[] = {
	{ "git", "stale-days", CONF_INT, 1, 36500, S(stale_days), NULL,
	    "a branch with no commit for this many days is stale" },
	{ "git", "risky", CONF_PATTERNS, 0, 0, S(risky), NULL,
	    "PCRE2 pattern of paths that need care (several allowed)" },
};
#undef S

const struct conf_table gitsrc_conf_table = {
	.name = "git",
	.keys = gitsrc_keys,
	.nkeys = sizeof gitsrc_keys / sizeof gitsrc_keys[0],
	.size = sizeof (struct gitsrc_conf),
};

static void *
gitsrc_source_create(const struct source_env *env, char **cause)
{
	const struct gitsrc_conf *gc = conf_values(env->cfg,
	    &gitsrc_conf_table);
	const struct repo_conf *r;
	struct gitsrc_opts o;
	struct gitsrc *gs;
	size_t i;

	memset(&o, 0, sizeof o);
	o.stale_days = gc->stale_days;
	o.risky = (const char *const *)gc->risky.v;
	o.nrisky = gc->risky.n;
	if ((gs = gitsrc_new(env->store, &o, cause)) == NULL)
		return NULL;
	for (i = 0; i < env->cfg->nrepos; i++) {
		r = &env->cfg->repos[i];
		if (r->path != NULL)
			(void)gitsrc_add_repo(gs, r->name, r->path);
	}
	return gs;
}

static int
gitsrc_source_schedule(void *gs, struct sched *s)
{
	return gitsrc_schedule(gs, s);
}

static int
gitsrc_source_once(void *gs, struct worker_ctx *ctx)
{
	(void)ctx;
	gitsrc_scan_all(gs);
	return 0;
}

static void
gitsrc_source_free(void *gs)
{
	gitsrc_free((struct gitsrc **)&gs);
}

const struct source_ops gitsrc_source = {
	.name = "git",
	.conf = &gitsrc_conf_table,
	.create = gitsrc_source_create,
	.schedule = gitsrc_source_schedule,
	.poll_once = gitsrc_source_once,
	.free = gitsrc_source_free,
};
