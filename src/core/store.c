#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdeck/store.h"

struct snap {
	unsigned long	 refs;		/* atomic */
	char		*key;
	void		*data;
	void		(*free_fn)(void *);
};

struct snapset {
	unsigned long	 refs;		/* atomic */
	uint64_t	 generation;
	size_t		 n;
	struct snap	*items[];	/* sorted by key */
};

struct domain {
	struct snapset	*current;
	uint64_t	 generation;
};

struct store {
	pthread_mutex_t	 lock;
	int		 wake_fd;
	struct domain	 domains[STORE_DOMAINS];
};

struct snap *
snap_new(const char *key, void *data, void (*free_fn)(void *))
{
	struct snap *s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if ((s->key = strdup(key != NULL ? key : "")) == NULL) {
		free(s);
		return NULL;
	}
	s->refs = 1;
	s->data = data;
	s->free_fn = free_fn;
	return s;
}

struct snap *
snap_ref(struct snap *s)
{
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

	set = calloc(1, sizeof *set + n * sizeof set->items[0]);
	if (set == NULL)
		return NULL;
	set->refs = 1;
	set->generation = generation;
	set->n = n;
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

/* Index of key, or of where it would be inserted (with *found = 0). */
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
	int found;
	size_t i = snapset_search(set, key, &found);

	return found ? set->items[i] : NULL;
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

	if ((st = calloc(1, sizeof *st)) == NULL)
		return NULL;
	pthread_mutex_init(&st->lock, NULL);
	st->wake_fd = wake_fd;
	for (d = 0; d < STORE_DOMAINS; d++) {
		if ((st->domains[d].current = snapset_alloc(0, 0)) == NULL) {
			store_free(&st);
			return NULL;
		}
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
	for (d = 0; d < STORE_DOMAINS; d++)
		snapset_unref(&st->domains[d].current);
	pthread_mutex_destroy(&st->lock);
	free(st);
	*stp = NULL;
}

/* A copy of old with s put in place of (or beside) the entry of its key. */
static struct snapset *
snapset_with(const struct snapset *old, struct snap *s, uint64_t generation)
{
	struct snapset *set;
	size_t i, at, n;
	int found;

	at = snapset_search(old, s->key, &found);
	n = found ? old->n : old->n + 1;
	if ((set = snapset_alloc(n, generation)) == NULL)
		return NULL;
	for (i = 0; i < at; i++)
		set->items[i] = snap_ref(old->items[i]);
	set->items[at] = s;
	for (i = at + (found ? 1 : 0); i < old->n; i++)
		set->items[i + (found ? 0 : 1)] = snap_ref(old->items[i]);
	return set;
}

void
store_publish(struct store *st, enum store_domain d, struct snap *s)
{
	struct snapset *set, *old;
	uint64_t one = 1;

	if (s == NULL || d < 0 || d >= STORE_DOMAINS)
		return;
	pthread_mutex_lock(&st->lock);
	set = snapset_with(st->domains[d].current, s,
	    st->domains[d].generation + 1);
	if (set == NULL) {
		pthread_mutex_unlock(&st->lock);
		snap_unref(&s);
		return;
	}
	old = st->domains[d].current;
	st->domains[d].current = set;
	st->domains[d].generation++;
	pthread_mutex_unlock(&st->lock);
	snapset_unref(&old);
	if (st->wake_fd >= 0)
		(void)!write(st->wake_fd, &one, sizeof one);
}

struct snapset *
store_acquire(struct store *st, enum store_domain d)
{
	struct snapset *set;

	pthread_mutex_lock(&st->lock);
	set = st->domains[d].current;
	__atomic_add_fetch(&set->refs, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&st->lock);
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
	uint64_t g;

	pthread_mutex_lock(&st->lock);
	g = st->domains[d].generation;
	pthread_mutex_unlock(&st->lock);
	return g;
}
