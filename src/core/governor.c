/* governor: the arithmetic of the one GitHub request budget (stretched
 * intervals, a token bucket with reservations) and the shared, locked
 * state the pollers of every source report to. See governor.h. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/clock.h"
#include "opsdeck/governor.h"
#include "opsdeck/xalloc.h"

/* A reservation due within this is let through: the scheduler wakes a
 * job a little early or late, and a second wait of 1 ms is a waste. */
#define ADMIT_SLACK_MS	5

struct gov_slot {
	size_t		 repo;		/* index in repos */
	int64_t		 want_ms;
	double		 cost;		/* requests a poll sends (smoothed) */
	bool		 measured;	/* cost is from a poll, not a guess */
	double		 held;		/* reserved at admit, given back at done */
	int64_t		 turn_ms;	/* reserved for then; 0 = none */
};

struct governor {
	pthread_mutex_t	 lock;
	int		 max_rpm;
	struct gov_bucket bucket;
	double		 pending;	/* held by slots waiting for a turn */
	struct gov_slot	*slots;
	size_t		 nslots;
	char		**repos;
	size_t		 nrepos;
};

double
governor_target_rpm(int max_rpm)
{
	return max_rpm > 0 ? max_rpm - governor_burst(max_rpm) : 0;
}

/* Over any minute the bucket lets through at most its burst plus a
 * minute of refill: the two add up to max_rpm. Under 10 a minute there
 * is no burst, so that the refill is never 0 (which would be no limit). */
double
governor_burst(int max_rpm)
{
	return max_rpm <= 0 ? 0 : floor(max_rpm / 10.0);
}

double
governor_demand_rpm(const int64_t *want_ms, const double *cost, size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += cost[i] * 60000.0 / (double)(want_ms[i] > 0 ?
		    want_ms[i] : 1);
	return sum;
}

double
governor_factor(double demand_rpm, double target_rpm)
{
	if (target_rpm <= 0 || demand_rpm <= target_rpm)
		return 1.0;
	return demand_rpm / target_rpm;
}

int64_t
governor_stretch(int64_t want_ms, double factor)
{
	double v = ceil((double)want_ms * (factor > 1.0 ? factor : 1.0));

	return v > (double)INT64_MAX / 2 ? INT64_MAX / 2 : (int64_t)v;
}

void
gov_bucket_init(struct gov_bucket *b, int max_rpm, int64_t now_ms)
{
	b->cap = governor_burst(max_rpm);
	b->tokens = b->cap;
	b->per_ms = governor_target_rpm(max_rpm) / 60000.0;
	b->at_ms = now_ms;
}

void
gov_bucket_refill(struct gov_bucket *b, int64_t now_ms)
{
	if (now_ms <= b->at_ms)
		return;
	b->tokens += (double)(now_ms - b->at_ms) * b->per_ms;
	if (b->tokens > b->cap)
		b->tokens = b->cap;
	b->at_ms = now_ms;
}

int64_t
gov_bucket_reserve(struct gov_bucket *b, double cost, int64_t now_ms)
{
	gov_bucket_refill(b, now_ms);
	b->tokens -= cost;
	if (b->tokens >= 0 || b->per_ms <= 0)
		return 0;
	return (int64_t)ceil(-b->tokens / b->per_ms);
}

void
governor_describe(const struct governor_view *v, char *dst, size_t size)
{
	long long s = (long long)((v->interval_ms + 999) / 1000);

	if (size == 0)
		return;
	dst[0] = '\0';
	if (!v->stretched)
		return;
	if (s >= 120)
		snprintf(dst, size, "governor: %zu repos, interval %lldm%02llds",
		    v->repos, s / 60, s % 60);
	else
		snprintf(dst, size, "governor: %zu repos, interval %llds",
		    v->repos, s);
}

struct governor *
governor_new(int max_rpm)
{
	struct governor *g = xcalloc(1, sizeof *g);

	pthread_mutex_init(&g->lock, NULL);
	g->max_rpm = max_rpm > 0 ? max_rpm : 0;
	gov_bucket_init(&g->bucket, g->max_rpm, clock_mono_ms());
	return g;
}

void
governor_free(struct governor **gp)
{
	struct governor *g;
	size_t i;

	if (gp == NULL || (g = *gp) == NULL)
		return;
	for (i = 0; i < g->nrepos; i++)
		free(g->repos[i]);
	free(g->repos);
	free(g->slots);
	pthread_mutex_destroy(&g->lock);
	free(g);
	*gp = NULL;
}

int
governor_max_rpm(const struct governor *g)
{
	return g->max_rpm;
}

static size_t
repo_index(struct governor *g, const char *repo)
{
	size_t i;

	for (i = 0; i < g->nrepos; i++) {
		if (strcmp(g->repos[i], repo) == 0)
			return i;
	}
	g->repos = xreallocarray(g->repos, g->nrepos + 1, sizeof *g->repos);
	g->repos[g->nrepos] = xstrdup(repo);
	return g->nrepos++;
}

int
governor_slot(struct governor *g, const char *repo, int64_t want_ms)
{
	struct gov_slot *s;
	int id;

	pthread_mutex_lock(&g->lock);
	g->slots = xreallocarray(g->slots, g->nslots + 1, sizeof *g->slots);
	s = &g->slots[g->nslots];
	memset(s, 0, sizeof *s);
	s->repo = repo_index(g, repo != NULL ? repo : "");
	s->want_ms = want_ms > 0 ? want_ms : 1000;
	s->cost = 1;
	id = (int)g->nslots++;
	pthread_mutex_unlock(&g->lock);
	return id;
}

/* A poll whose turn has come goes unless the bucket is overdrawn by more
 * than the reservations queued behind it: polls that sent more than they
 * reserved (a first poll's cost is a guess) push the queue back. */
static int64_t
turn_wait(struct governor *g, struct gov_slot *s, int64_t now)
{
	double eff;

	gov_bucket_refill(&g->bucket, now);
	eff = g->bucket.tokens + g->pending - s->held;
	if (eff >= 0 || g->bucket.per_ms <= 0)
		return 0;
	return (int64_t)ceil(-eff / g->bucket.per_ms);
}

int64_t
governor_admit(struct governor *g, int slot)
{
	struct gov_slot *s;
	int64_t now = clock_mono_ms(), wait = 0;

	pthread_mutex_lock(&g->lock);
	if (g->max_rpm == 0 || slot < 0 || (size_t)slot >= g->nslots)
		goto out;
	s = &g->slots[slot];
	if (s->turn_ms != 0) {
		/* Its reservation was taken already: go at its turn. */
		if (s->turn_ms - now > ADMIT_SLACK_MS)
			wait = s->turn_ms - now;
		else if ((wait = turn_wait(g, s, now)) > ADMIT_SLACK_MS)
			s->turn_ms = now + wait;
		else {
			wait = 0;
			s->turn_ms = 0;
			g->pending -= s->held;
		}
		goto out;
	}
	s->held = s->cost;
	wait = gov_bucket_reserve(&g->bucket, s->cost, now);
	if (wait > ADMIT_SLACK_MS) {
		s->turn_ms = now + wait;
		g->pending += s->held;
	} else
		wait = 0;
out:
	pthread_mutex_unlock(&g->lock);
	return wait;
}

/* Called with the lock held. */
static double
factor_locked(struct governor *g)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < g->nslots; i++)
		sum += governor_demand_rpm(&g->slots[i].want_ms,
		    &g->slots[i].cost, 1);
	return governor_factor(sum, governor_target_rpm(g->max_rpm));
}

int64_t
governor_done(struct governor *g, int slot, int64_t want_ms, unsigned nreq)
{
	struct gov_slot *s;
	double f;

	if (want_ms <= 0)
		want_ms = 1000;
	pthread_mutex_lock(&g->lock);
	if (slot < 0 || (size_t)slot >= g->nslots) {
		pthread_mutex_unlock(&g->lock);
		return want_ms;
	}
	s = &g->slots[slot];
	/* The requests themselves were spent as they went out. */
	g->bucket.tokens += s->held;
	if (g->bucket.tokens > g->bucket.cap)
		g->bucket.tokens = g->bucket.cap;
	s->held = 0;
	/* A poll that sent nothing (a rate-limit wait) says nothing of
	 * what the next one costs. */
	if (nreq > 0)
		s->cost = s->measured ? (s->cost + (double)nreq) / 2 :
		    (double)nreq;
	s->measured = s->measured || nreq > 0;
	s->want_ms = want_ms;
	/* Nothing sent: a rate-limit wait, which is not stretched. */
	f = g->max_rpm > 0 && nreq > 0 ? factor_locked(g) : 1.0;
	pthread_mutex_unlock(&g->lock);
	return governor_stretch(want_ms, f);
}

void
governor_spend(struct governor *g, unsigned n)
{
	pthread_mutex_lock(&g->lock);
	if (g->max_rpm > 0) {
		gov_bucket_refill(&g->bucket, clock_mono_ms());
		g->bucket.tokens -= n;
	}
	pthread_mutex_unlock(&g->lock);
}

void
governor_view(struct governor *g, struct governor_view *v)
{
	double sum = 0;
	int64_t fastest = 0;
	size_t i;

	memset(v, 0, sizeof *v);
	pthread_mutex_lock(&g->lock);
	for (i = 0; i < g->nslots; i++) {
		sum += governor_demand_rpm(&g->slots[i].want_ms,
		    &g->slots[i].cost, 1);
		if (fastest == 0 || g->slots[i].want_ms < fastest)
			fastest = g->slots[i].want_ms;
	}
	v->max_rpm = g->max_rpm;
	v->repos = g->nrepos;
	v->demand_rpm = sum;
	v->factor = governor_factor(sum, governor_target_rpm(g->max_rpm));
	v->stretched = v->factor > 1.0;
	v->interval_ms = governor_stretch(fastest, v->factor);
	pthread_mutex_unlock(&g->lock);
}
