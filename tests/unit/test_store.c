#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdeck/store.h"
#include "opsdeck/wake.h"
#include "../tap.h"

static int freed[16];

static void
free_slot(void *p)
{
	freed[(intptr_t)p]++;
}

static void
test_lifetimes(void)
{
	struct store *st = store_new(-1);
	struct snapset *old, *cur;

	memset(freed, 0, sizeof freed);
	store_publish(st, STORE_PIPELINES, snap_new("b/b", (void *)1,
	    free_slot));
	store_publish(st, STORE_PIPELINES, snap_new("a/a", (void *)2,
	    free_slot));
	old = store_acquire(st, STORE_PIPELINES);
	is_int(snapset_count(old), 2, "two keys");
	is_str(snap_key(snapset_at(old, 0)), "a/a", "sorted by key");
	store_publish(st, STORE_PIPELINES, snap_new("b/b", (void *)3,
	    free_slot));
	is_int(freed[1], 0, "a replaced snapshot lives while a reader holds it");
	cur = store_acquire(st, STORE_PIPELINES);
	is_int(snapset_count(cur), 2, "same key replaced, not added");
	ok(snap_data(snapset_find(cur, "b/b")) == (void *)3, "newest data");
	ok(snap_data(snapset_find(old, "b/b")) == (void *)1,
	    "the old set still sees the old data");
	ok(snapset_find(cur, "c/c") == NULL, "missing key");
	ok(snapset_generation(cur) > snapset_generation(old),
	    "generation grows");
	is_int((int)store_generation(st, STORE_PIPELINES), 3, "3 publishes");
	is_int((int)store_generation(st, STORE_HEALTH), 0, "other domain");
	store_release(&old);
	ok(old == NULL, "release sets NULL");
	is_int(freed[1], 1, "freed exactly once when the last ref goes");
	is_int(freed[2], 0, "still-current data not freed");
	store_release(&cur);
	store_free(&st);
	is_int(freed[2] + freed[3], 2, "store_free frees the current data");
	is_int(freed[1], 1, "nothing freed twice");
}

struct race {
	struct store	*st;
	int		 id;
	int		 rounds;
};

static void
free_heap(void *p)
{
	free(p);
}

static void *
publisher(void *arg)
{
	struct race *r = arg;
	char key[16];
	int i;

	snprintf(key, sizeof key, "k%d", r->id);
	for (i = 0; i < r->rounds; i++)
		store_publish(r->st, STORE_PIPELINES, snap_new(key,
		    malloc(8), free_heap));
	return NULL;
}

static void *
reader(void *arg)
{
	struct race *r = arg;
	struct snapset *set;
	size_t i, n;
	int bad = 0, k;

	for (k = 0; k < r->rounds; k++) {
		set = store_acquire(r->st, STORE_PIPELINES);
		n = snapset_count(set);
		for (i = 1; i < n; i++) {
			if (strcmp(snap_key(snapset_at(set, i - 1)),
			    snap_key(snapset_at(set, i))) >= 0)
				bad++;
		}
		store_release(&set);
	}
	return (void *)(intptr_t)bad;
}

static void
test_concurrency(void)
{
	struct wake w;
	struct race rs[6];
	pthread_t t[6];
	void *bad;
	int i, sum = 0;
	uint64_t n = 0;
	struct pollfd pfd;

	ok(wake_open(&w, NULL) == 0, "wake fd");
	rs[0].st = store_new(w.wfd);
	for (i = 0; i < 6; i++) {
		rs[i].st = rs[0].st;
		rs[i].id = i;
		rs[i].rounds = 2000;
		pthread_create(&t[i], NULL, i < 4 ? publisher : reader, &rs[i]);
	}
	for (i = 0; i < 6; i++) {
		pthread_join(t[i], &bad);
		if (i >= 4)
			sum += (int)(intptr_t)bad;
	}
	is_int(sum, 0, "readers always see a sorted, consistent set");
	is_int((int)store_generation(rs[0].st, STORE_PIPELINES), 8000,
	    "every publish counted");
	pfd.fd = w.rfd;
	pfd.events = POLLIN;
	ok(poll(&pfd, 1, 0) == 1, "the wake fd is readable after publishes");
	wake_drain(&w);
	ok(poll(&pfd, 1, 0) == 0, "drained");
	(void)n;
	store_free(&rs[0].st);
	wake_close(&w);
}

int
main(void)
{
	test_lifetimes();
	test_concurrency();
	return tap_done();
}
