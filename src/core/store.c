/* store: immutable, refcounted snapshots, one sorted set per domain.
 *
 * Readers never wait on a publisher for long: a domain's mutex guards only
 * the swap of its current set pointer and the ref taken by store_acquire.
 * The copy of the pointer array happens under that mutex too, but it is a
 * few hundred pointers at most, so readers see no visible stall. Refcounts
 * use __atomic builtins so the last release may happen on any thread. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

struct snap {
	unsigned long	 refs;		/* __atomic only */
	char		*key;
	void		*data;
	void		(*free_fn)(void *);
};

struct snapset {
	unsigned long	 refs;		/* __atomic only */
	uint64_t	 generation;
	size_t		 n;
	struct snap	*items[];	/* sorted by key, each holds a ref */
};

struct domain {
	pthread_mutex_t	 lock;
	struct snapset	*current;	/* holds a ref; never NULL */
	uint64_t	 generation;
};

struct store {
	int		 wake_fd;
	struct snapset	*empty;		/* handed out for a bad domain */
	struct domain	 domains[STORE_DOMAINS];
};

struct snap *
snap_new(const char *key, void *data, void (*free_fn)(void *))
{
	struct snap *s;

	s = xcalloc(1, sizeof *s);
	s->key = xstrdup(key != NULL ? key : "");
	s->refs = 1;
	s->data = data;
	s->free_fn = free_fn;
	return s;
}

struct snap *
snap_ref(struct snap *s)
{
	/* Relaxed is enough: whoever hands us s already holds a ref. */
	if (s != NULL)
		__atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
	return s;
}

void
snap_unref(struct snap **sp)
{
	struct snap *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	*sp = NULL;
	/* acq_rel: the thread that frees must see every other thread's
	 * reads of the data finished before their unref. */
	if (__atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (s->free_fn != NULL)
		s->free_fn(s->data);
	free(s->key);
	free(s);
}

const char *
snap_key(const struct snap *s)
{
	return s->key;
}

const void *
snap_data(const struct snap *s)
{
	return s->data;
}

static struct snapset *
snapset_alloc(size_t n, uint64_t generation)
{
	struct snapset *set;

	set = xcalloc(1, sizeof *set + n * sizeof set->items[0]);
	set->refs = 1;
	set->generation = generation;
	set->n = n;
	return set;
}

static struct snapset *
snapset_ref(struct snapset *set)
{
	__atomic_add_fetch(&set->refs, 1, __ATOMIC_RELAXED);
	return set;
}

static void
snapset_unref(struct snapset **setp)
{
	struct snapset *set;
	size_t i;

	if (setp == NULL || (set = *setp) == NULL)
		return;
	*setp = NULL;
	if (__atomic_sub_fetch(&set->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (i = 0; i < set->n; i++)
		snap_unref(&set->items[i]);
	free(set);
}

size_t
snapset_count(const struct snapset *set)
{
	return set->n;
}

struct snap *
snapset_at(const struct snapset *set, size_t i)
{
	return i < set->n ? set->items[i] : NULL;
}

/* Index of key, or where it would be inserted (with *found = 0). */
static size_t
snapset_search(const struct snapset *set, const char *key, int *found)
{
	size_t lo = 0, hi = set->n, mid;
	int c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(set->items[mid]->key, key);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct snap *
snapset_find(const struct snapset *set, const char *key)
{
	size_t i;
	int found;

	if (key == NULL)
		return NULL;
	i = snapset_search(set, key, &found);
	return found ? set->items[i] : NULL;
}

const void *
snapset_find_data(const struct snapset *set, const char *key)
{
	struct snap *s = set != NULL ? snapset_find(set, key) : NULL;

	return s != NULL ? snap_data(s) : NULL;
}

uint64_t
snapset_generation(const struct snapset *set)
{
	return set->generation;
}

struct store *
store_new(int wake_fd)
{
	struct store *st;
	int d;

	st = xcalloc(1, sizeof *st);
	st->wake_fd = wake_fd;
	st->empty = snapset_alloc(0, 0);
	for (d = 0; d < STORE_DOMAINS; d++) {
		pthread_mutex_init(&st->domains[d].lock, NULL);
		st->domains[d].current = snapset_ref(st->empty);
	}
	return st;
}

void
store_free(struct store **stp)
{
	struct store *st;
	int d;

	if (stp == NULL || (st = *stp) == NULL)
		return;
	for (d = 0; d < STORE_DOMAINS; d++) {
		snapset_unref(&st->domains[d].current);
		pthread_mutex_destroy(&st->domains[d].lock);
	}
	snapset_unref(&st->empty);
	free(st);
	*stp = NULL;
}

/* A copy of old with s in place of (or beside) the entry of its key. */
static struct snapset *
snapset_with(const struct snapset *old, struct snap *s, uint64_t generation)
{
	struct snapset *set;
	size_t i, at, n;
	int found;

	at = snapset_search(old, s->key, &found);
	n = found ? old->n : old->n + 1;
	set = snapset_alloc(n, generation);
	for (i = 0; i < at; i++)
		set->items[i] = snap_ref(old->items[i]);
	set->items[at] = s;
	for (i = at + (found ? 1 : 0); i < old->n; i++)
		set->items[i + (found ? 0 : 1)] = snap_ref(old->items[i]);
	return set;
}

static int
store_domain_ok(enum store_domain d)
{
	return (int)d >= 0 && (int)d < STORE_DOMAINS;
}

/* Called with dom's lock held, which it releases: makes set current (its
 * ref passes to the domain) and wakes the UI thread. */
static void
store_swap(struct store *st, struct domain *dom, struct snapset *set)
{
	struct snapset *old;
	uint64_t one = 1;

	old = dom->current;
	dom->current = set;
	dom->generation++;
	pthread_mutex_unlock(&dom->lock);
	/* Outside the lock: this may run free_fn of replaced data. */
	snapset_unref(&old);
	/* Eight bytes, not one: an eventfd rejects any other size, and to a
	 * pipe it is still a single atomic write. The fd is non-blocking;
	 * EAGAIN means a wake is already pending. */
	if (st->wake_fd >= 0)
		(void)!write(st->wake_fd, &one, sizeof one);
}

void
store_publish(struct store *st, enum store_domain d, struct snap *s)
{
	struct domain *dom;
	struct snapset *set;

	if (s == NULL)
		return;
	if (!store_domain_ok(d)) {
		snap_unref(&s);
		return;
	}
	dom = &st->domains[d];
	pthread_mutex_lock(&dom->lock);
	set = snapset_with(dom->current, s, dom->generation + 1);
	store_swap(st, dom, set);
}

/* A copy of old without the entry at `at`. */
static struct snapset *
snapset_without(const struct snapset *old, size_t at, uint64_t generation)
{
	struct snapset *set;
	size_t i;

	set = snapset_alloc(old->n - 1, generation);
	for (i = 0; i < old->n; i++) {
		if (i != at)
			set->items[i - (i > at)] = snap_ref(old->items[i]);
	}
	return set;
}

int
store_remove(struct store *st, enum store_domain d, const char *key)
{
	struct domain *dom;
	struct snapset *set;
	size_t at;
	int found;

	if (!store_domain_ok(d) || key == NULL)
		return -1;
	dom = &st->domains[d];
	pthread_mutex_lock(&dom->lock);
	at = snapset_search(dom->current, key, &found);
	if (!found) {
		pthread_mutex_unlock(&dom->lock);
		return -1;
	}
	set = snapset_without(dom->current, at, dom->generation + 1);
	store_swap(st, dom, set);
	return 0;
}

struct snapset *
store_acquire(struct store *st, enum store_domain d)
{
	struct domain *dom;
	struct snapset *set;

	if (!store_domain_ok(d))
		return snapset_ref(st->empty);
	dom = &st->domains[d];
	pthread_mutex_lock(&dom->lock);
	set = snapset_ref(dom->current);
	pthread_mutex_unlock(&dom->lock);
	return set;
}

void
store_release(struct snapset **setp)
{
	snapset_unref(setp);
}

uint64_t
store_generation(struct store *st, enum store_domain d)
{
	struct domain *dom;
	uint64_t g;

	if (!store_domain_ok(d))
		return 0;
	dom = &st->domains[d];
	pthread_mutex_lock(&dom->lock);
	g = dom->generation;
	pthread_mutex_unlock(&dom->lock);
	return g;
}
