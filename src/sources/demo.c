/* demo: GitHub-shaped fixture files replayed in phases, no network. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/clock.h"
#include "opsdeck/demo.h"
/* XXX a comment in ghparse.h trips -Wcomment (a slash-star inside it);
 * drop this pragma once the header is fixed. */
#include "opsdeck/ghparse.h"
#include "opsdeck/run.h"
#include "opsdeck/sched.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

#define DEMO_MAX_REPOS		64
#define DEMO_MAX_FILE		(8 * 1024 * 1024)
#define DEMO_STEP_DEFAULT	4000
#define DEMO_STEP_MIN		10
#define DEMO_STEP_MAX		600000

struct demo_repo {
	char			*name;		/* "owner/name" */
	char			 prefix[256];	/* "owner-name" */
	/* The full state at each phase, jobs attached, times shifted. */
	struct repo_runs	*phase[DEMO_MAX_PHASES];
};

struct demo {
	struct store		*store;
	char			*dir;
	struct demo_repo	*repos;
	size_t			 nrepos;
	int			 nphases;
	int			 next;		/* phase demo_step publishes */
	int64_t			 step_ms;
	time_t			 shift;		/* file time + shift = shown */
	int			 scheduled;	/* one job at most */
};

/* Reads a whole file; 1 if it does not exist, 0 ok, -1 error. */
static int
demo_read(const char *path, char **data, size_t *len, char **cause)
{
	FILE	*f;
	char	*d = NULL;
	long	 size;
	int	 rc = -1;

	*data = NULL;
	if ((f = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT)
			return (1);
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		*cause = xasprintf("%s: cannot size", path);
		goto out;
	}
	if (size > DEMO_MAX_FILE) {
		*cause = xasprintf("%s: too large", path);
		goto out;
	}
	d = xmalloc((size_t)size + 1);	/* capped by DEMO_MAX_FILE above */
	if (fread(d, 1, (size_t)size, f) != (size_t)size) {
		*cause = xasprintf("%s: read failed", path);
		goto out;
	}
	d[size] = '\0';
	*data = d;
	*len = (size_t)size;
	d = NULL;
	rc = 0;
out:
	free(d);
	fclose(f);
	return (rc);
}

static void
demo_shift(time_t *t, time_t shift)
{
	if (*t != 0)
		*t += shift;
}

static void
demo_shift_run(struct run *r, time_t shift)
{
	size_t	i, k;

	demo_shift(&r->created_at, shift);
	demo_shift(&r->updated_at, shift);
	demo_shift(&r->run_started_at, shift);
	for (i = 0; i < r->njobs; i++) {
		demo_shift(&r->jobs[i].started_at, shift);
		demo_shift(&r->jobs[i].completed_at, shift);
		for (k = 0; k < r->jobs[i].nsteps; k++) {
			demo_shift(&r->jobs[i].steps[k].started_at, shift);
			demo_shift(&r->jobs[i].steps[k].completed_at, shift);
		}
	}
}

/* Parses PREFIX.runs.N.json; 1 when absent. */
static int
demo_load_runs(struct demo *d, struct demo_repo *dr, int phase,
    struct repo_runs **out, char **cause)
{
	struct repo_runs	*rr;
	char			 path[1024], *data, *why = NULL;
	size_t			 len;
	int			 rc;

	*out = NULL;
	snprintf(path, sizeof path, "%s/%s.runs.%d.json", d->dir, dr->prefix,
	    phase);
	if ((rc = demo_read(path, &data, &len, cause)) != 0)
		return (rc);
	rr = xcalloc(1, sizeof *rr);
	rr->repo = xstrdup(dr->name);
	if (ghparse_runs(data, len, &rr->runs, &rr->nruns, NULL, &why) != 0) {
		*cause = xasprintf("%s: %s", path, why ? why : "?");
		free(why);
		free(data);
		repo_runs_free(&rr);
		return (-1);
	}
	free(data);
	*out = rr;
	return (0);
}

/* Attaches the newest jobs file at or before phase to run r. */
static int
demo_load_jobs(struct demo *d, struct demo_repo *dr, int phase,
    struct run *r, char **cause)
{
	char	 path[1024], *data = NULL, *why = NULL;
	size_t	 len, i;
	long	 total = -1;
	int	 rc = 1;

	for (; phase >= 0 && rc == 1; phase--) {
		snprintf(path, sizeof path, "%s/%s.jobs.%lld.%d.json", d->dir,
		    dr->prefix, (long long)r->id, phase);
		if ((rc = demo_read(path, &data, &len, cause)) < 0)
			return (-1);
	}
	if (rc == 1)
		return (0);	/* no jobs for this run: njobs_total stays -1 */
	rc = ghparse_jobs(data, len, &r->jobs, &r->njobs, &total, &why);
	free(data);
	if (rc != 0) {
		*cause = xasprintf("%s: %s", path, why ? why : "?");
		free(why);
		return (-1);
	}
	r->njobs_total = total >= 0 && total <= 1000000 ? (int)total :
	    (int)r->njobs;
	r->njobs_done = 0;
	for (i = 0; i < r->njobs; i++) {
		if (r->jobs[i].status != NULL &&
		    strcmp(r->jobs[i].status, "completed") == 0)
			r->njobs_done++;
	}
	return (0);
}

/*
 * Builds dr->phase[] from the newest runs file at or before each phase plus
 * that phase's jobs; returns the last phase that had a runs file, or -1.
 */
static int
demo_load_repo(struct demo *d, struct demo_repo *dr, char **cause)
{
	struct repo_runs	*raw = NULL, *rr;
	int			 phase, last = -1, rc;
	size_t			 i;

	for (phase = 0; phase < DEMO_MAX_PHASES; phase++) {
		if ((rc = demo_load_runs(d, dr, phase, &rr, cause)) < 0)
			goto fail;
		if (rc == 1 && phase == 0) {
			*cause = xasprintf("%s/%s.runs.0.json: missing",
			    d->dir, dr->prefix);
			goto fail;
		}
		if (rc == 0) {
			repo_runs_free(&raw);
			raw = rr;
			last = phase;
		}
		rr = repo_runs_dup(raw);
		dr->phase[phase] = rr;
		for (i = 0; i < rr->nruns; i++) {
			if (demo_load_jobs(d, dr, phase, &rr->runs[i],
			    cause) != 0)
				goto fail;
			demo_shift_run(&rr->runs[i], d->shift);
		}
	}
	repo_runs_free(&raw);
	return (last);
fail:
	repo_runs_free(&raw);
	return (-1);
}

/* "owner/name" with GitHub's characters only, so it is safe in a path. */
static int
demo_valid_repo(const char *s)
{
	const char	*p;
	int		 slashes = 0;

	if (*s == '\0' || *s == '/' || *s == '.')
		return (0);
	for (p = s; *p != '\0'; p++) {
		if (*p == '/') {
			if (++slashes > 1 || p[1] == '\0' || p[1] == '.')
				return (0);
		} else if (!isalnum((unsigned char)*p) && *p != '-' &&
		    *p != '_' && *p != '.')
			return (0);
	}
	return (slashes == 1 && p - s < 200);
}

/* Reads DIR/repos: one "owner/name" per line, '#' comments. */
static int
demo_load_list(struct demo *d, char **cause)
{
	char		 path[1024], *data = NULL, *line, *save = NULL, *p;
	size_t		 len, n;
	int		 rc;
	struct demo_repo *dr;

	snprintf(path, sizeof path, "%s/repos", d->dir);
	if ((rc = demo_read(path, &data, &len, cause)) != 0) {
		if (rc == 1)
			*cause = xasprintf("%s: missing", path);
		return (-1);
	}
	d->repos = xcalloc(DEMO_MAX_REPOS, sizeof *d->repos);
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		while (isspace((unsigned char)*line))
			line++;
		n = strlen(line);
		while (n > 0 && isspace((unsigned char)line[n - 1]))
			line[--n] = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		if (!demo_valid_repo(line)) {
			*cause = xasprintf("%s: bad repository \"%.60s\"",
			    path, line);
			goto fail;
		}
		if (d->nrepos == DEMO_MAX_REPOS) {
			*cause = xasprintf("%s: more than %d repositories",
			    path, DEMO_MAX_REPOS);
			goto fail;
		}
		dr = &d->repos[d->nrepos];
		dr->name = xstrdup(line);
		d->nrepos++;
		snprintf(dr->prefix, sizeof dr->prefix, "%s", line);
		if ((p = strchr(dr->prefix, '/')) != NULL)
			*p = '-';
	}
	free(data);
	if (d->nrepos == 0) {
		*cause = xasprintf("%s: no repositories", path);
		return (-1);
	}
	return (0);
fail:
	free(data);
	return (-1);
}

static int
demo_step_env(int64_t *out, char **cause)
{
	const char	*s = getenv("OPSDECK_DEMO_STEP_MS");
	char		*end;
	long long	 v;

	*out = DEMO_STEP_DEFAULT;
	if (s == NULL || *s == '\0')
		return (0);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < DEMO_STEP_MIN ||
	    v > DEMO_STEP_MAX) {
		*cause = xasprintf("OPSDECK_DEMO_STEP_MS: expected %d..%d "
		    "milliseconds", DEMO_STEP_MIN, DEMO_STEP_MAX);
		return (-1);
	}
	*out = v;
	return (0);
}

struct demo *
demo_new(struct store *store, const char *datadir, char **cause)
{
	struct demo	*d;
	time_t		 base;
	size_t		 i;
	int		 last;

	*cause = NULL;
	d = xcalloc(1, sizeof *d);
	d->dir = xstrdup(datadir);
	d->store = store;
	if (demo_step_env(&d->step_ms, cause) != 0)
		goto fail;
	if (clock_parse_rfc3339(DEMO_BASE_TIME, &base) != 0) {
		*cause = xstrdup("demo: cannot parse " DEMO_BASE_TIME);
		goto fail;
	}
	d->shift = time(NULL) - base;
	if (demo_load_list(d, cause) != 0)
		goto fail;
	for (i = 0; i < d->nrepos; i++) {
		if ((last = demo_load_repo(d, &d->repos[i], cause)) < 0)
			goto fail;
		if (last + 1 > d->nphases)
			d->nphases = last + 1;
	}
	return (d);
fail:
	demo_free(&d);
	return (NULL);
}

/* Nothing shown may lie in the future, whatever the step. */
static void
demo_clamp(time_t *t, time_t now)
{
	if (*t > now)
		*t = now;
}

static void
demo_clamp_runs(struct repo_runs *rr, time_t now)
{
	struct run	*r;
	size_t		 i, j, k;

	for (i = 0; i < rr->nruns; i++) {
		r = &rr->runs[i];
		demo_clamp(&r->created_at, now);
		demo_clamp(&r->updated_at, now);
		demo_clamp(&r->run_started_at, now);
		for (j = 0; j < r->njobs; j++) {
			demo_clamp(&r->jobs[j].started_at, now);
			demo_clamp(&r->jobs[j].completed_at, now);
			for (k = 0; k < r->jobs[j].nsteps; k++) {
				demo_clamp(&r->jobs[j].steps[k].started_at,
				    now);
				demo_clamp(&r->jobs[j].steps[k].completed_at,
				    now);
			}
		}
	}
}

int
demo_step(struct demo *d)
{
	struct repo_runs	*rr;
	struct snap		*snap;
	time_t			 now = time(NULL);
	size_t			 i;
	int			 phase;

	if (d == NULL || d->next >= d->nphases)
		return (-1);
	phase = d->next++;
	for (i = 0; i < d->nrepos; i++) {
		if ((rr = repo_runs_dup(d->repos[i].phase[phase])) == NULL)
			continue;
		demo_clamp_runs(rr, now);
		repo_runs_sort(rr);
		rr->fetched_at = now;
		snap = snap_new(rr->repo, rr, repo_runs_free_void);
		store_publish(d->store, STORE_PIPELINES, snap);
	}
	if (phase == 0)
		source_publish_status(d->store, NULL, false);
	return (phase);
}

int
demo_phases(const struct demo *d)
{
	return (d != NULL ? d->nphases : 0);
}

/* Publishes the next phase; removed after the last one, so the console
 * then shows the final state for as long as it runs. */
static int64_t
demo_job(void *arg, void *worker_ctx)
{
	struct demo	*d = arg;

	if (demo_step(d) < 0 || d->next >= d->nphases)
		return (-1);
	return (d->step_ms);
}

int
demo_schedule(struct demo *d, struct sched *sched)
{
	if (d == NULL || sched == NULL || d->scheduled)
		return (-1);
	if (d->next == 0 && demo_step(d) < 0)
		return (-1);
	if (d->next >= d->nphases)
		return (0);
	if (sched_add(sched, "demo", demo_job, d, d->step_ms) < 0)
		return (-1);
	d->scheduled = 1;
	return (0);
}

void
demo_free(struct demo **dp)
{
	struct demo	*d;
	size_t		 i;
	int		 p;

	if (dp == NULL || (d = *dp) == NULL)
		return;
	for (i = 0; i < d->nrepos; i++) {
		for (p = 0; p < DEMO_MAX_PHASES; p++)
			repo_runs_free(&d->repos[i].phase[p]);
		free(d->repos[i].name);
	}
	free(d->repos);
	free(d->dir);
	free(d);
	*dp = NULL;
}

/* --- the source interface: the whole table in --demo --- */

static void *
demo_source_create(const struct source_env *env, char **cause)
{
	return demo_new(env->store, env->datadir, cause);
}

static int
demo_source_schedule(void *d, struct sched *s)
{
	return demo_schedule(d, s);
}

/* --once: the first phase, as demo_schedule would publish it. */
static int
demo_source_once(void *arg, struct worker_ctx *ctx)
{
	struct demo *d = arg;

	(void)ctx;
	if (d->next == 0 && demo_step(d) < 0)
		return -1;
	return 0;
}

static void
demo_source_free(void *d)
{
	demo_free((struct demo **)&d);
}

const struct source_ops demo_source = {
	.name = "demo",
	.create = demo_source_create,
	.schedule = demo_source_schedule,
	.poll_once = demo_source_once,
	.free = demo_source_free,
};
