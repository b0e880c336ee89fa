/* Tests for store: refcount lifetimes, sorted keys, generations, the wake
 * fd, and publishers racing readers (run it under --enable-tsan too). */
#include "config.h"

#include <fcntl.h>
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
test_snap_refs(void)
{
	struct snap *a, *b;

	memset(freed, 0, sizeof freed);
	a = snap_new("k", (void *)4, free_slot);
	is_str(snap_key(a), "k", "key copied");
	ok(snap_data(a) == (void *)4, "data kept");
	b = snap_ref(a);
	ok(b == a, "ref returns the same snap");
	snap_unref(&a);
	ok(a == NULL, "unref sets NULL");
	is_int(freed[4], 0, "alive while a ref remains");
	snap_unref(&b);
	is_int(freed[4], 1, "free_fn once at the last unref");
	snap_unref(&b);
	snap_unref(NULL);
	is_int(freed[4], 1, "unref of NULL is a no-op");
	a = snap_new(NULL, NULL, NULL);
	is_str(snap_key(a), "", "NULL key becomes empty");
	snap_unref(&a);
}

static void
test_lifetimes(void)
{
	struct store *st = store_new(-1);
	struct snapset *old, *cur, *empty;

	memset(freed, 0, sizeof freed);
	empty = store_acquire(st, STORE_PIPELINES);
	ok(empty != NULL && snapset_count(empty) == 0,
	    "an unpublished domain gives an empty set, not NULL");
	is_int((int)snapset_generation(empty), 0, "at generation 0");
	ok(snapset_find(empty, "a/a") == NULL && snapset_at(empty, 0) == NULL,
	    "lookups in the empty set");

	store_publish(st, STORE_PIPELINES, snap_new("b/b", (void *)1,
	    free_slot));
	store_publish(st, STORE_PIPELINES, snap_new("a/a", (void *)2,
	    free_slot));
	is_int(snapset_count(empty), 0, "a held set never changes");
	store_release(&empty);
	old = store_acquire(st, STORE_PIPELINES);
	is_int(snapset_count(old), 2, "two keys");
	is_str(snap_key(snapset_at(old, 0)), "a/a", "sorted by key");
	is_int((int)snapset_generation(old), 2, "set made at generation 2");
	store_publish(st, STORE_PIPELINES, snap_new("b/b", (void *)3,
	    free_slot));
	is_int(freed[1], 0, "a replaced snapshot lives while a reader holds it");
	cur = store_acquire(st, STORE_PIPELINES);
	is_int(snapset_count(cur), 2, "same key replaced, not added");
	ok(snap_data(snapset_find(cur, "b/b")) == (void *)3, "newest data");
	ok(snap_data(snapset_find(old, "b/b")) == (void *)1,
	    "the old set still sees the old data");
	ok(snapset_find(cur, "a/a") == snapset_find(old, "a/a"),
	    "an untouched key is shared, not copied");
	ok(snapset_find(cur, "c/c") == NULL && snapset_find(cur, NULL) ==
	    NULL, "missing and NULL keys");
	is_int((int)snapset_generation(cur), 3, "set made at generation 3");
	is_int((int)snapset_generation(old), 2, "old set keeps its generation");
	is_int((int)store_generation(st, STORE_PIPELINES), 3, "3 publishes");
	is_int((int)store_generation(st, STORE_HEALTH), 0,
	    "generations are per domain");
	store_release(&old);
	ok(old == NULL, "release sets NULL");
	is_int(freed[1], 1, "freed exactly once when the last reader releases");
	is_int(freed[2], 0, "still-current data not freed");
	store_release(&cur);
	store_release(&cur);
	is_int(freed[2] + freed[3], 0, "current data outlives every reader");

	cur = store_acquire(st, STORE_DOMAINS);
	ok(cur != NULL && snapset_count(cur) == 0,
	    "a bad domain gives an empty set");
	store_release(&cur);
	store_publish(st, STORE_DOMAINS, snap_new("x", (void *)5, free_slot));
	is_int(freed[5], 1, "publishing to a bad domain drops the snap");
	is_int((int)store_generation(st, STORE_DOMAINS), 0, "bad domain gen");

	/* A reader outliving the store still owns its snapshots. */
	cur = store_acquire(st, STORE_PIPELINES);
	store_free(&st);
	ok(st == NULL, "store_free sets NULL");
	is_int(freed[2] + freed[3], 0, "a held set outlives the store");
	store_release(&cur);
	is_int(freed[2] + freed[3], 2, "then frees when released");
	is_int(freed[1], 1, "nothing freed twice");
	store_free(&st);
}

static void
test_sorted(void)
{
	struct store *st = store_new(-1);
	struct snapset *set;
	char key[32];
	size_t i, n = 200;
	unsigned k, idx;
	int sorted = 1, found = 1;

	/* A fixed permutation (37 is coprime to 200), each key twice. */
	for (k = 0; k < 2 * n; k++) {
		idx = (k * 37) % n;
		snprintf(key, sizeof key, "owner%03u/repo", idx);
		store_publish(st, STORE_GIT, snap_new(key,
		    (void *)(uintptr_t)(k + 1), NULL));
	}
	set = store_acquire(st, STORE_GIT);
	is_int(snapset_count(set), n, "each key once after replacements");
	for (i = 1; i < snapset_count(set); i++) {
		if (strcmp(snap_key(snapset_at(set, i - 1)),
		    snap_key(snapset_at(set, i))) >= 0)
			sorted = 0;
	}
	ok(sorted, "strictly sorted by key");
	for (k = 0; k < n; k++) {
		snprintf(key, sizeof key, "owner%03u/repo", k);
		/* The second round (k + n) published the newest value. */
		idx = 0;
		while ((idx * 37) % n != k)
			idx++;
		if (snapset_find(set, key) == NULL ||
		    snap_data(snapset_find(set, key)) !=
		    (void *)(uintptr_t)(idx + n + 1))
			found = 0;
	}
	ok(found, "binary search finds every key with its newest data");
	ok(snapset_find(set, "owner") == NULL &&
	    snapset_find(set, "zzz") == NULL &&
	    snapset_find(set, "") == NULL, "keys before, after, empty");
	is_int((int)snapset_generation(set), 2 * n, "generation counts all");
	store_release(&set);
	store_free(&st);
}

static void
test_wake_fd(void)
{
	struct store *st;
	struct pollfd pfd;
	int fds[2], i;
	char buf[64];
	ssize_t got;

	ok(pipe(fds) == 0, "pipe");
	fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
	st = store_new(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	ok(poll(&pfd, 1, 0) == 0, "quiet before any publish");
	store_publish(st, STORE_HEALTH, snap_new("api", NULL, NULL));
	ok(poll(&pfd, 1, 0) == 1, "readable after a publish");
	got = read(fds[0], buf, sizeof buf);
	ok(got > 0, "the wake fd received bytes (%zd)", got);
	ok(poll(&pfd, 1, 0) == 0, "one publish, one write");
	/* More publishes than the pipe holds: EAGAIN, never a block. */
	for (i = 0; i < 20000; i++)
		store_publish(st, STORE_HEALTH, snap_new("api", NULL, NULL));
	is_int((int)store_generation(st, STORE_HEALTH), 20001,
	    "publishing into a full pipe does not block");
	store_free(&st);
	close(fds[0]);
	close(fds[1]);
}

/* store_remove: the entry leaves the newest set (a new generation and a
 * wake), lives on in a set a reader holds, and is freed at its last ref;
 * removing what is not there changes nothing. */
static void
test_remove(void)
{
	struct store *st;
	struct snapset *held, *cur;
	struct pollfd pfd;
	char junk[64];
	int fds[2];

	memset(freed, 0, sizeof freed);
	ok(pipe(fds) == 0, "remove: pipe");
	fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
	st = store_new(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	store_publish(st, STORE_DETAIL, snap_new("a", (void *)5, free_slot));
	store_publish(st, STORE_DETAIL, snap_new("b", (void *)6, free_slot));
	store_publish(st, STORE_DETAIL, snap_new("c", (void *)7, free_slot));
	(void)!read(fds[0], junk, sizeof junk);
	held = store_acquire(st, STORE_DETAIL);
	is_int(store_remove(st, STORE_DETAIL, "b"), 0, "remove: present: 0");
	cur = store_acquire(st, STORE_DETAIL);
	is_int((int)snapset_count(cur), 2, "remove: one entry fewer");
	ok(snapset_find(cur, "b") == NULL && snapset_find(cur, "a") != NULL &&
	    snapset_find(cur, "c") != NULL, "remove: only that key went");
	is_str(snap_key(snapset_at(cur, 1)), "c", "remove: still sorted");
	is_int((int)snapset_generation(cur), 4, "remove: a new generation");
	ok(poll(&pfd, 1, 0) == 1, "remove: the UI is woken");
	(void)!read(fds[0], junk, sizeof junk);
	is_int(freed[6], 0, "remove: alive while a reader holds the old set");
	ok(snapset_find(held, "b") != NULL, "remove: a held set never changes");
	store_release(&held);
	is_int(freed[6], 1, "remove: freed at the last ref");
	is_int(store_remove(st, STORE_DETAIL, "b"), -1, "remove: absent: -1");
	is_int(store_remove(st, STORE_DETAIL, "zz"), -1, "remove: unknown: -1");
	is_int(store_remove(st, STORE_DOMAINS, "a"), -1, "remove: bad domain");
	is_int(store_remove(st, STORE_DETAIL, NULL), -1, "remove: NULL key");
	is_int((int)store_generation(st, STORE_DETAIL), 4,
	    "remove: nothing removed, no new generation");
	ok(poll(&pfd, 1, 0) == 0, "remove: nothing removed, nobody woken");
	store_release(&cur);
	is_int(store_remove(st, STORE_DETAIL, "a"), 0, "remove: a");
	is_int(store_remove(st, STORE_DETAIL, "c"), 0, "remove: c");
	cur = store_acquire(st, STORE_DETAIL);
	is_int((int)snapset_count(cur), 0, "remove: down to empty");
	store_release(&cur);
	is_int(freed[5] + freed[7], 2, "remove: both freed");
	store_free(&st);
	close(fds[0]);
	close(fds[1]);
}

struct race {
	struct store	*st;
	int		 id;
	int		 rounds;
	int		 bad;
};

#define RACE_MAGIC	0x5eed5eedU
static unsigned long race_freed;	/* __atomic only */

struct payload {
	unsigned	 magic;
	int		 id;
};

static void
free_payload(void *p)
{
	struct payload *pl = p;

	pl->magic = 0;
	free(pl);
	__atomic_add_fetch(&race_freed, 1, __ATOMIC_RELAXED);
}

static void *
publisher(void *arg)
{
	struct race *r = arg;
	struct payload *pl;
	char key[16];
	int i;

	snprintf(key, sizeof key, "k%d", r->id);
	for (i = 0; i < r->rounds; i++) {
		if ((pl = malloc(sizeof *pl)) == NULL)
			abort();
		pl->magic = RACE_MAGIC;
		pl->id = r->id;
		store_publish(r->st, STORE_PIPELINES,
		    snap_new(key, pl, free_payload));
	}
	return NULL;
}

static void *
reader(void *arg)
{
	struct race *r = arg;
	struct snapset *set;
	const struct payload *pl;
	uint64_t last = 0;
	size_t i, n;
	int k;

	for (k = 0; k < r->rounds; k++) {
		set = store_acquire(r->st, STORE_PIPELINES);
		if (snapset_generation(set) < last)
			r->bad++;
		last = snapset_generation(set);
		n = snapset_count(set);
		for (i = 0; i < n; i++) {
			pl = snap_data(snapset_at(set, i));
			if (pl->magic != RACE_MAGIC ||
			    snap_key(snapset_at(set, i))[1] != '0' + pl->id)
				r->bad++;
			if (i > 0 && strcmp(snap_key(snapset_at(set, i - 1)),
			    snap_key(snapset_at(set, i))) >= 0)
				r->bad++;
		}
		store_release(&set);
	}
	return NULL;
}

static void
test_concurrency(void)
{
	struct wake w = WAKE_CLOSED;
	struct store *st;
	struct pollfd pfd;
	struct race rs[7];
	pthread_t t[7];
	int i, bad = 0, rounds = 3000;

	ok(wake_open(&w, NULL) == 0, "wake fd");
	st = store_new(w.wfd);
	for (i = 0; i < 7; i++) {
		rs[i].st = st;
		rs[i].id = i;
		rs[i].rounds = rounds;
		rs[i].bad = 0;
		pthread_create(&t[i], NULL, i < 4 ? publisher : reader, &rs[i]);
	}
	for (i = 0; i < 7; i++) {
		pthread_join(t[i], NULL);
		bad += rs[i].bad;
	}
	is_int(bad, 0, "readers always see sorted, live data and "
	    "generations that never go back");
	is_int((int)store_generation(st, STORE_PIPELINES), 4 * rounds,
	    "every publish counted");
	is_int((int)__atomic_load_n(&race_freed, __ATOMIC_RELAXED),
	    4 * rounds - 4, "every replaced snapshot freed once");
	pfd.fd = w.rfd;
	pfd.events = POLLIN;
	ok(poll(&pfd, 1, 0) == 1, "the wake fd is readable");
	wake_drain(&w);
	ok(poll(&pfd, 1, 0) == 0, "drained");
	store_free(&st);
	is_int((int)__atomic_load_n(&race_freed, __ATOMIC_RELAXED),
	    4 * rounds, "store_free frees the four current ones");
	wake_close(&w);
}

int
main(void)
{
	test_snap_refs();
	test_lifetimes();
	test_sorted();
	test_wake_fd();
	test_remove();
	test_concurrency();
	return tap_done();
}
