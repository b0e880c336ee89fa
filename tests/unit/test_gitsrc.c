/* test_gitsrc: scans and ranges of real repositories built with the git
 * CLI (test only) in a temp dir, with fixed dates so figures are exact. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "opsdeck/gitgraph.h"
#include "opsdeck/gitsrc.h"
#include "opsdeck/clock.h"
#include "opsdeck/rx.h"
#include "opsdeck/sched.h"
#include "opsdeck/store.h"
#include "../tap.h"

#define NOW	1780000000L
#define T(n)	(1779000000L + (n) * 1000L)

static char tmpdir[256];

static void
t_diag_ms(const char *what, double ms)
{
	printf("# %s: %.0f ms\n", what, ms);
}

/* libgit2 1.5 leaks PCRE2 match data in git_remote_lookup's config regex
 * (reached through git_branch_upstream); not ours, so LeakSanitizer is
 * told to skip that call only. Unused without ASan. */
const char	*__lsan_default_suppressions(void);
const char	*__asan_default_options(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:git_remote_lookup\n";
}

/* Slow unwinding, so the stack reaches past PCRE2 into libgit2. */
const char *
__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

/* Runs a shell command in tmpdir/dir with both dates set to when. */
static int
sh(const char *dir, long when, const char *cmd)
{
	char	buf[PATH_MAX * 2], date[64];

	snprintf(date, sizeof date, "%ld +0000", when);
	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
	snprintf(buf, sizeof buf, "cd '%s/%s' && { %s; } >/dev/null 2>&1",
	    tmpdir, dir, cmd);
	return system(buf);	/* test only: the git CLI builds fixtures */
}

static void
rev(const char *dir, const char *what, char out[41])
{
	char	cmd[PATH_MAX], path[PATH_MAX];
	FILE	*fp;

	snprintf(cmd, sizeof cmd, "git rev-parse %s > '%s/rev.out'", what,
	    tmpdir);
	sh(dir, 0, cmd);
	snprintf(path, sizeof path, "%s/rev.out", tmpdir);
	out[0] = '\0';
	if ((fp = fopen(path, "r")) != NULL) {
		if (fgets(out, 41, fp) == NULL)
			out[0] = '\0';
		fclose(fp);
	}
}

static const struct git_branch *
find_branch(const struct git_snapshot *s, const char *name)
{
	size_t	i;

	for (i = 0; i < s->nbranches; i++)
		if (strcmp(s->branches[i].name, name) == 0)
			return &s->branches[i];
	return NULL;
}

static char sha_merge[41];

static void
build_origin(void)
{
	if (sh(".", T(0), "git -c init.defaultBranch=main init -q o") != 0)
		return;
	sh("o", T(1), "echo 1 > a.txt && git add a.txt && "
	    "git commit -q -m one");
	sh("o", T(2), "mkdir -p db/migrations && echo x > "
	    "db/migrations/001.sql && git add db && git commit -q -m two");
	sh("o", 1700000000L, "git checkout -q -b old HEAD~1 && echo o > "
	    "old.txt && git add old.txt && git commit -q -m 'old work' && "
	    "git checkout -q main");
	sh("o", T(3), "git checkout -q -b feature && mkdir -p "
	    ".github/workflows && echo y > .github/workflows/ci.yml && "
	    "git add .github && git commit -q -m feat && "
	    "git checkout -q main");
	sh("o", T(4), "echo b > b.txt && git add b.txt && "
	    "git commit -q -m three");
	sh("o", T(5), "git merge -q --no-ff -m 'merge feature' feature");
	sh("o", T(5), "git tag v1 main~2");
	sh("o", T(6), "git tag -a -m release v2");
	rev("o", "main", sha_merge);
}

static void
test_origin(void)
{
	struct git_snapshot	*s = NULL;
	const struct git_branch	*b;
	char			 path[PATH_MAX], two[41], *cause = NULL;

	snprintf(path, sizeof path, "%s/o", tmpdir);
	rev("o", "main~2", two);	/* first parent chain: three, two */
	ok(gitscan_repo(path, 30, NOW, &s, &cause) == 0, "scan origin: %s",
	    cause ? cause : "ok");
	if (s == NULL)
		return;
	is_str(s->branch, "main", "branch main");
	ok(!s->detached, "not detached");
	is_str(s->head_sha, sha_merge, "head sha");
	is_str(s->head_subject, "merge feature", "head subject");
	is_int(s->dirty, 0, "clean");
	is_int(s->untracked, 0, "no untracked");
	is_int(s->ahead, -1, "no upstream: ahead -1");
	is_int(s->behind, -1, "no upstream: behind -1");
	ok(s->upstream == NULL, "no upstream");
	is_str(s->default_branch, "main", "default branch main");
	is_int(s->nbranches, 3, "three branches");
	if ((b = find_branch(s, "feature")) != NULL) {
		ok(b->merged, "feature merged");
		ok(!b->stale, "feature fresh");
		is_int(b->ahead, 0, "feature ahead 0");
		is_int(b->behind, 2, "feature behind 2");
		is_int(b->time, T(3), "feature time");
		is_str(b->author, "Test User", "feature author");
	} else
		ok(0, "feature listed");
	if ((b = find_branch(s, "old")) != NULL) {
		ok(!b->merged, "old not merged");
		ok(b->stale, "old stale");
		is_int(b->ahead, 1, "old ahead 1");
		is_int(b->behind, 4, "old behind 4");
	} else
		ok(0, "old listed");
	if ((b = find_branch(s, "main")) != NULL)
		ok(!b->merged && b->ahead == 0 && b->behind == 0, "main even, and the default branch is not \"merged\"");
	else
		ok(0, "main listed");
	is_int(s->ntags, 2, "two tags");
	if (s->ntags == 2) {
		is_str(s->tags[0].name, "v2", "newest tag first");
		is_int(s->tags[0].time, T(6), "annotated: tagger time");
		is_str(s->tags[0].sha, sha_merge, "annotated peeled to commit");
		is_str(s->tags[1].name, "v1", "lightweight tag");
		is_int(s->tags[1].time, T(2), "lightweight: commit time");
		is_str(s->tags[1].sha, two, "lightweight sha");
	}
	gitrepo_snapshot_free(&s);
	ok(s == NULL, "free sets NULL");
}

static void
test_range(void)
{
	struct git_range	*r = NULL;
	struct rx		*rx[8];
	size_t			 n = 0, i, nrisky = 0;
	char			 path[PATH_MAX], one[41], *cause = NULL;

	for (i = 0; gitscan_default_risky[i] != NULL; i++) {
		if ((rx[n] = rx_new(gitscan_default_risky[i], 0, &cause)) ==
		    NULL) {
			ok(0, "risky pattern %zu: %s", i, cause);
			free(cause);
			cause = NULL;
		} else
			n++;
	}
	snprintf(path, sizeof path, "%s/o", tmpdir);
	rev("o", "main~3", one);
	ok(gitscan_range(path, one, sha_merge, (const struct rx *const *)rx,
	    n, &r, &cause) == 0, "range one..merge: %s", cause ? cause : "ok");
	if (r != NULL) {
		is_int(r->ncommits, 4, "two, feat, three, merge");
		if (r->ncommits > 0) {
			is_str(r->commits[0].sha, sha_merge, "newest first");
			is_str(r->commits[0].subject, "merge feature",
			    "subject");
		}
		is_int(r->nfiles, 3, "three files");
		for (i = 0; i < r->nfiles; i++)
			if (r->files[i].risky)
				nrisky++;
		is_int(nrisky, 2, "migration and workflow risky");
		if (r->nfiles == 3) {
			is_str(r->files[0].path, ".github/workflows/ci.yml",
			    "sorted files");
			ok(r->files[0].risky, "workflow risky");
			is_str(r->files[1].path, "b.txt", "b.txt");
			ok(!r->files[1].risky, "b.txt not risky");
			is_str(r->files[2].path, "db/migrations/001.sql",
			    "migration");
		}
		gitrepo_range_free(&r);
	}
	ok(gitscan_range(path, sha_merge, sha_merge, NULL, 0, &r, &cause) ==
	    0 && r != NULL && r->ncommits == 0 && r->nfiles == 0,
	    "empty range");
	gitrepo_range_free(&r);
	ok(gitscan_range(path, NULL, one, NULL, 0, &r, &cause) == 0 &&
	    r != NULL && r->ncommits == 1 && r->nfiles == 1,
	    "root commit against the empty tree");
	gitrepo_range_free(&r);
	ok(gitscan_range(path, one, "0123456789012345678901234567890123456789",
	    NULL, 0, &r, &cause) == -1 && r == NULL, "unknown sha fails");
	is_str(cause, "commit 0123456789012345678901234567890123456789 is "
	    "not in the local clone", "unknown sha cause");
	free(cause);
	for (i = 0; i < n; i++)
		rx_free(&rx[i]);
}

static void
test_others(void)
{
	struct git_snapshot	*s = NULL;
	char			 path[PATH_MAX], one[41], *cause = NULL;

	rev("o", "main~3", one);
	sh("o", T(7), "git worktree add -q --detach ../wt main~3");
	sh(".", T(7), "git clone -q --bare o bare.git && git clone -q o c");
	sh("o", T(8), "echo u > up.txt && git add up.txt && "
	    "git commit -q -m up");
	sh("c", T(9), "echo 1 > c1 && git add c1 && git commit -q -m c1 && "
	    "echo 2 > c2 && git add c2 && git commit -q -m c2 && "
	    "git fetch -q");

	snprintf(path, sizeof path, "%s/wt", tmpdir);
	ok(gitscan_repo(path, 0, NOW, &s, &cause) == 0 && s != NULL,
	    "scan worktree");
	if (s != NULL) {
		ok(s->detached && s->branch == NULL, "worktree detached");
		is_str(s->head_sha, one, "worktree head");
		is_str(s->head_subject, "one", "worktree subject");
		is_int(s->dirty + s->untracked, 0, "worktree clean");
	}
	gitrepo_snapshot_free(&s);

	snprintf(path, sizeof path, "%s/bare.git", tmpdir);
	ok(gitscan_repo(path, 0, NOW, &s, &cause) == 0 && s != NULL,
	    "scan bare");
	if (s != NULL) {
		is_int(s->nbranches, 3, "bare branches");
		is_int(s->ntags, 2, "bare tags");
		is_str(s->default_branch, "main", "bare default");
		is_int(s->dirty, 0, "bare not dirty");
	}
	gitrepo_snapshot_free(&s);

	snprintf(path, sizeof path, "%s/c", tmpdir);
	sh("c", T(9), "echo z >> a.txt && echo n > n.txt && git add n.txt && "
	    "echo u > u.txt");
	ok(gitscan_repo(path, 0, NOW, &s, &cause) == 0 && s != NULL,
	    "scan clone");
	if (s != NULL) {
		is_str(s->branch, "main", "clone branch");
		is_str(s->upstream, "origin/main", "upstream");
		is_int(s->ahead, 2, "ahead 2");
		is_int(s->behind, 1, "behind 1");
		is_int(s->dirty, 2, "modified + staged");
		is_int(s->untracked, 1, "one untracked");
		is_str(s->default_branch, "main", "origin/HEAD default");
		is_int(s->nbranches, 1, "one local branch");
		ok(s->noutgoing == 2 && s->outgoing != NULL,
		    "two outgoing commits listed");
		if (s->noutgoing == 2) {
			is_str(s->outgoing[0].subject, "c2", "newest first");
			is_str(s->outgoing[1].subject, "c1", "then c1");
		}
		ok(s->nincoming == 1 && s->incoming != NULL &&
		    strcmp(s->incoming[0].subject, "up") == 0,
		    "one incoming commit: up");
	}
	gitrepo_snapshot_free(&s);

	snprintf(path, sizeof path, "%s/nowhere", tmpdir);
	ok(gitscan_repo(path, 0, NOW, &s, &cause) == -1 && s == NULL &&
	    cause != NULL, "missing repo fails");
	free(cause);
}

/* --once: every repository scanned on the spot; what a push would ship
 * is listed with the risky files flagged by the defaults and the config. */
static void
test_scan_all(void)
{
	static const char *const extra[] = { "\\.tfvars$" };
	struct gitsrc_opts	 o = { 7, extra, 1 };
	struct store		*st = store_new(-1);
	struct gitsrc		*gs = gitsrc_new(st, &o, NULL);
	struct snapset		*set;
	struct snap		*sn;
	const struct git_snapshot *s;
	char			 path[PATH_MAX];

	sh("c", T(10), "mkdir -p db/migrations deploy && "
	    "echo m > db/migrations/001.sql && echo v > deploy/prod.tfvars && "
	    "git add db deploy && git commit -q -m risky -- db deploy");
	snprintf(path, sizeof path, "%s/c", tmpdir);
	ok(gs != NULL && gitsrc_add_repo(gs, "local/c", path) == 0,
	    "scan_all: repo added");
	gitsrc_scan_all(gs);
	set = store_acquire(st, STORE_GIT);
	sn = snapset_find(set, "local/c");
	s = sn != NULL ? snap_data(sn) : NULL;
	ok(s != NULL && s->error == NULL && s->ahead == 3,
	    "scan_all published c, 3 ahead");
	ok(s != NULL && s->noutgoing_files == 4, "four files would ship");
	if (s != NULL && s->noutgoing_files == 4) {
		ok(strcmp(s->outgoing_files[0].path, "c1") == 0 &&
		    !s->outgoing_files[0].risky, "c1, not risky");
		ok(strcmp(s->outgoing_files[2].path,
		    "db/migrations/001.sql") == 0 && s->outgoing_files[2].risky,
		    "a migration is risky (default pattern)");
		ok(strcmp(s->outgoing_files[3].path,
		    "deploy/prod.tfvars") == 0 && s->outgoing_files[3].risky,
		    "a .tfvars is risky (pattern from the config)");
	}
	store_release(&set);
	ok(gitsrc_new(st, &(struct gitsrc_opts){ 0, (const char *const[]){
	    "(" }, 1 }, NULL) == NULL, "a bad extra pattern fails gitsrc_new");
	gitsrc_free(&gs);
	store_free(&st);
}

/* Waits (bounded) until STORE_GIT moves past gen; returns the new one. */
static uint64_t
wait_gen(struct store *st, uint64_t gen)
{
	int64_t	end = clock_mono_ms() + 10000;
	struct timespec	ts = { 0, 5 * 1000 * 1000 };

	while (store_generation(st, STORE_GIT) == gen &&
	    clock_mono_ms() < end)
		nanosleep(&ts, NULL);
	return store_generation(st, STORE_GIT);
}

static void
test_watch(void)
{
	struct store		*st = store_new(-1);
	struct sched		*sc = sched_new(1, NULL, NULL, NULL);
	struct gitsrc		*gs = gitsrc_new(st, NULL, NULL);
	struct snapset		*set;
	struct snap		*sn;
	const struct git_snapshot *s;
	char			 path[PATH_MAX], head[41];
	uint64_t		 gen;
	int			 tries, same = 0;

	snprintf(path, sizeof path, "%s/o", tmpdir);
	ok(gs != NULL && gitsrc_add_repo(gs, "local/o", path) == 0 &&
	    gitsrc_add_repo(gs, "local/none", "/nonexistent/x") == 0 &&
	    gitsrc_schedule(gs, sc) == 0 && sched_start(sc) == 0,
	    "watcher scheduled");
	gen = wait_gen(st, 0);
	gen = wait_gen(st, gen);
	ok(gen >= 2, "both repos published");
	set = store_acquire(st, STORE_GIT);
	is_int(snapset_count(set), 2, "two snapshots");
	sn = snapset_find(set, "local/o");
	s = sn != NULL ? snap_data(sn) : NULL;
	ok(s != NULL && s->error == NULL && s->nbranches == 3,
	    "o published with its branches");
	sn = snapset_find(set, "local/none");
	s = sn != NULL ? snap_data(sn) : NULL;
	ok(s != NULL && s->error != NULL, "missing repo publishes an error");
	store_release(&set);

	sh("o", T(10), "echo w > w.txt && git add w.txt && "
	    "git commit -q -m watched");
	rev("o", "main", head);
	/* local/none republishes its error each run, so wait on o's head. */
	for (tries = 0; tries < 100; tries++) {
		sched_kick_all(sc);
		gen = wait_gen(st, gen);
		set = store_acquire(st, STORE_GIT);
		sn = snapset_find(set, "local/o");
		s = sn != NULL ? snap_data(sn) : NULL;
		same = s != NULL && strcmp(s->head_sha, head) == 0;
		store_release(&set);
		if (same)
			break;
	}
	ok(same, "commit triggers rescan");
	sched_stop(sc);
	sched_free(&sc);
	gitsrc_free(&gs);
	ok(gs == NULL, "gitsrc_free sets NULL");
	store_free(&st);
}

/* Every branch's ahead/behind in a equals b's. */
/* A default branch name longer than a fixed ref buffer: truncated, its
 * ref would name another branch (the prefix), and every count would be
 * against that one. Components of 100 keep each file name legal. */
static void
test_long_default(void)
{
	struct git_snapshot	*s = NULL;
	const struct git_branch	*b;
	char			 path[PATH_MAX], cmd[4096], *cause = NULL;
	char			 def[700], prefix[520];
	size_t			 i, n = 0;

	for (i = 0; i < 6; i++) {
		if (i > 0)
			def[n++] = '/';
		memset(def + n, 'a', 100);
		n += 100;
	}
	def[n] = '\0';
	/* What "refs/heads/%s" kept in 512 bytes: 500 bytes of the name. */
	snprintf(prefix, sizeof prefix, "%.500s", def);
	if (sh(".", T(0), "git -c init.defaultBranch=main init -q ld") != 0)
		return;
	snprintf(cmd, sizeof cmd, "echo 1 > a.txt && git add a.txt && "
	    "git commit -q -m one && git branch '%s' && "
	    "echo 2 > b.txt && git add b.txt && git commit -q -m two && "
	    "git branch '%s' && git branch topic && "
	    "git update-ref 'refs/remotes/origin/%s' HEAD && "
	    "git symbolic-ref refs/remotes/origin/HEAD "
	    "'refs/remotes/origin/%s'", prefix, def, def, def);
	ok(sh("ld", T(1), cmd) == 0, "long default branch repo built");
	snprintf(path, sizeof path, "%s/ld", tmpdir);
	ok(gitscan_repo(path, 30, NOW, &s, &cause) == 0, "scan: %s",
	    cause ? cause : "ok");
	if (s == NULL)
		return;
	is_str(s->default_branch, def, "the 605-byte default branch");
	b = find_branch(s, "topic");
	ok(b != NULL && b->ahead == 0 && b->behind == 0,
	    "topic counted against the long default itself (ahead %d)",
	    b != NULL ? b->ahead : -9);
	b = find_branch(s, prefix);
	ok(b != NULL && b->ahead == 0 && b->behind == 1 && b->merged,
	    "its 500-byte prefix is another branch, one behind");
	gitrepo_snapshot_free(&s);
	free(cause);
}

static int
same_counts(const struct git_snapshot *a, const struct git_snapshot *b)
{
	const struct git_branch *x;
	size_t i;

	if (a == NULL || b == NULL || a->nbranches != b->nbranches)
		return 0;
	for (i = 0; i < a->nbranches; i++) {
		x = find_branch(b, a->branches[i].name);
		if (x == NULL || x->ahead != a->branches[i].ahead ||
		    x->behind != a->branches[i].behind)
			return 0;
	}
	return 1;
}

/* The memo answers rescans; a moved branch or a moved default branch is
 * counted afresh, never from a stale entry. */
static void
test_memo(void)
{
	struct gitscan_memo	*memo = gitscan_memo_new();
	struct git_snapshot	*m = NULL, *t = NULL;
	const struct git_branch	*b;
	char			 path[PATH_MAX], *cause = NULL;
	int			 old_ahead = -1, old_behind = -1;

	snprintf(path, sizeof path, "%s/o", tmpdir);
	ok(memo != NULL && gitscan_repo_memo(path, 30, NOW, memo, NULL, &m,
	    &cause) == 0, "memo: first scan");
	gitrepo_snapshot_free(&m);
	gitscan_repo_memo(path, 30, NOW, memo, NULL, &m, &cause);
	gitscan_repo(path, 30, NOW, &t, &cause);
	ok(same_counts(m, t), "memo: a rescan gives the counts of a full scan");
	if ((b = m != NULL ? find_branch(m, "old") : NULL) != NULL) {
		old_ahead = b->ahead;
		old_behind = b->behind;
	}
	gitrepo_snapshot_free(&m);
	gitrepo_snapshot_free(&t);
	sh("o", T(11), "git checkout -q old && echo m > memo.txt && "
	    "git add memo.txt && git commit -q -m memo && git checkout -q main");
	gitscan_repo_memo(path, 30, NOW, memo, NULL, &m, &cause);
	gitscan_repo(path, 30, NOW, &t, &cause);
	b = m != NULL ? find_branch(m, "old") : NULL;
	ok(b != NULL && b->ahead == old_ahead + 1 && b->behind == old_behind &&
	    same_counts(m, t), "memo: a branch that moved is counted again");
	gitrepo_snapshot_free(&m);
	gitrepo_snapshot_free(&t);
	sh("o", T(12), "echo n > main2.txt && git add main2.txt && "
	    "git commit -q -m main-moved");
	gitscan_repo_memo(path, 30, NOW, memo, NULL, &m, &cause);
	gitscan_repo(path, 30, NOW, &t, &cause);
	b = m != NULL ? find_branch(m, "old") : NULL;
	ok(b != NULL && b->behind == old_behind + 1 && same_counts(m, t),
	    "memo: the default branch moved: every branch counted again");
	gitrepo_snapshot_free(&m);
	gitrepo_snapshot_free(&t);
	gitscan_memo_free(&memo);
	ok(memo == NULL, "gitscan_memo_free sets NULL");
}

/* The one-pass count agrees with libgit2's merge-base walk for every
 * tip (branches forked here and there, a merge, a tip that is the base, a
 * tip behind only); a scan with many branches takes that path. */
static void
test_graph(void)
{
	static const char *const names[] = { "b1", "b2", "b3", "b4", "b5",
	    "b6", "b7", "b8", "b9", "side", "merged", "main", NULL };
	git_repository	*repo = NULL;
	git_oid		 base, tips[16];
	int		 ah[16], bh[16], same = 1, i, n = 0;
	size_t		 a, b;
	struct git_snapshot *s = NULL;
	const struct git_branch *br;
	char		 path[PATH_MAX], ref[64], *cause = NULL;

	sh(".", T(13), "git clone -q o g");
	sh("g", T(13), "for i in 1 2 3 4 5 6 7 8 9; do "
	    "git checkout -q -b b$i main~$((i % 4)) && echo $i > f$i && "
	    "git add f$i && git commit -q -m b$i; done; "
	    "git checkout -q -b side main~3 && echo s > s && git add s && "
	    "git commit -q -m s && git checkout -q -b merged main && "
	    "git merge -q --no-ff -m m side && git checkout -q main && "
	    "echo x > x && git add x && git commit -q -m on-main");
	snprintf(path, sizeof path, "%s/g", tmpdir);
	git_libgit2_init();	/* the calls below are the test's own */
	if (git_repository_open(&repo, path) != 0) {
		ok(0, "graph: open the test repository");
		git_libgit2_shutdown();
		return;
	}
	git_reference_name_to_id(&base, repo, "refs/heads/main");
	for (i = 0; names[i] != NULL; i++) {
		snprintf(ref, sizeof ref, "refs/heads/%s", names[i]);
		if (git_reference_name_to_id(&tips[n], repo, ref) == 0)
			n++;
	}
	ok(n == 12 && gitgraph_ahead_behind_many(repo, &base, tips,
	    (size_t)n, ah, bh, 100000, NULL) == 0,
	    "graph: one pass over 12 tips");
	for (i = 0; i < n; i++) {
		if (git_graph_ahead_behind(&a, &b, repo, &tips[i], &base) != 0 ||
		    (int)a != ah[i] || (int)b != bh[i]) {
			printf("# tip %d: graph %d/%d, libgit2 %zu/%zu\n", i,
			    ah[i], bh[i], a, b);
			same = 0;
		}
	}
	ok(same, "graph: every tip's ahead/behind is libgit2's");
	ok(ah[10] == 2 && bh[10] == 1 && ah[11] == 0 && bh[11] == 0,
	    "graph: merged 2/1 (side's commit and the merge; on-main), "
	    "main 0/0");
	ok(gitgraph_ahead_behind_many(repo, &base, tips, (size_t)n, ah, bh,
	    3, NULL) == -1, "graph: past max_commits it gives up");
	git_repository_free(repo);
	git_libgit2_shutdown();
	ok(gitscan_repo(path, 30, NOW, &s, &cause) == 0 && s != NULL &&
	    s->nbranches == 12, "graph: a scan of 12 branches");
	br = s != NULL ? find_branch(s, "b5") : NULL;
	ok(br != NULL && br->ahead == 1 && br->behind == 2,
	    "graph: b5 (off main~1): 1 ahead, 2 behind");
	br = s != NULL ? find_branch(s, "side") : NULL;
	ok(br != NULL && !br->merged && br->ahead == 1,
	    "graph: side is merged into 'merged', not into main");
	gitrepo_snapshot_free(&s);
}

/* A repository big enough that its first scan takes a while: a main line
 * of NBIG commits and 8 branches forked at its root (made with fast-import,
 * the git CLI being test-only). */
#define NBIG	100000

static int
build_big(void)
{
	char	path[PATH_MAX];
	FILE	*fp;
	int	i;

	if (sh(".", T(0), "git -c init.defaultBranch=main init -q big") != 0)
		return -1;
	snprintf(path, sizeof path, "%s/big.stream", tmpdir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	for (i = 1; i <= NBIG; i++) {
		fprintf(fp, "commit refs/heads/main\nmark :%d\ncommitter T "
		    "<t@example.com> %ld +0000\ndata 2\nc\n", i, T(0) + i);
		if (i > 1)
			fprintf(fp, "from :%d\n", i - 1);
		fputc('\n', fp);
	}
	for (i = 0; i < 8; i++)
		fprintf(fp, "commit refs/heads/b%d\ncommitter T <t@example.com>"
		    " %ld +0000\ndata 2\nb\nfrom :1\n\n", i, T(0) + NBIG + i);
	fclose(fp);
	return sh("big", T(0), "git fast-import --quiet < ../big.stream && "
	    "git checkout -q main");
}

static double
cpu_ms(clockid_t which)
{
	struct timespec ts;

	clock_gettime(which, &ts);
	return (double)ts.tv_sec * 1000 + (double)ts.tv_nsec / 1e6;
}

static double
ms_since(int64_t t0)
{
	return (double)(clock_mono_ms() - t0);
}

/* Shutdown does not wait for a big scan: with the stop flag set the scan
 * gives up at once, and a sched_stop with the scan in flight returns well
 * before the scan would have ended, publishing nothing. The scan's own
 * length is measured first and the bounds are fractions of it, so a slow
 * or loaded machine scales both. */
static void
test_stop(void)
{
	struct git_snapshot	*s = NULL;
	struct store		*st;
	struct sched		*sc;
	struct gitsrc		*gs;
	struct snapset		*set;
	struct timespec		 nap = { 0, 5 * 1000 * 1000 };
	char			 path[PATH_MAX], *cause = NULL;
	int64_t			 t0;
	double			 full, cpu_full, cpu0, stop_ms;
	int			 one = 1, rc, naps;

	if (build_big() != 0) {
		ok(0, "stop: the big repository was built");
		return;
	}
	snprintf(path, sizeof path, "%s/big", tmpdir);
	t0 = clock_mono_ms();
	cpu0 = cpu_ms(CLOCK_THREAD_CPUTIME_ID);
	ok(gitscan_repo(path, 30, NOW, &s, &cause) == 0 && s != NULL &&
	    s->nbranches == 9, "stop: full scan of %d commits, 9 branches",
	    NBIG);
	full = ms_since(t0);
	cpu_full = cpu_ms(CLOCK_THREAD_CPUTIME_ID) - cpu0;
	t_diag_ms("full scan", full);
	gitrepo_snapshot_free(&s);

	t0 = clock_mono_ms();
	rc = gitscan_repo_memo(path, 30, NOW, NULL, &one, &s, &cause);
	ok(rc == -1 && s == NULL && cause != NULL &&
	    strstr(cause, "stopped") != NULL,
	    "stop: with the flag set the scan gives up: %s",
	    cause != NULL ? cause : "(no cause)");
	ok(ms_since(t0) < full / 4, "stop: at once (%.0f ms, full %.0f ms)",
	    ms_since(t0), full);
	free(cause);
	cause = NULL;

	st = store_new(-1);
	sc = sched_new(1, NULL, NULL, NULL);
	gs = gitsrc_new(st, NULL, NULL);
	ok(gs != NULL && gitsrc_add_repo(gs, "local/big", path) == 0 &&
	    gitsrc_schedule(gs, sc) == 0 && sched_start(sc) == 0,
	    "stop: watcher started on the big repository");
	/* Stopped once the worker has spent a third of the scan's CPU time
	 * (this thread only naps meanwhile), so the scan is surely in flight
	 * however loaded the machine; what is measured is how long sched_stop
	 * then takes. Bounded: 60 s of naps at most. */
	cpu0 = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
	for (naps = 0; naps < 12000 && cpu_ms(CLOCK_PROCESS_CPUTIME_ID) -
	    cpu0 < cpu_full / 3; naps++)
		nanosleep(&nap, NULL);
	ok(cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - cpu0 >= cpu_full / 3,
	    "stop: the scan in flight, a third of its CPU time spent");
	t0 = clock_mono_ms();
	sched_stop(sc);
	stop_ms = ms_since(t0);
	set = store_acquire(st, STORE_GIT);
	is_int((int)snapset_count(set), 0,
	    "stop: the scan in flight gave up, publishing nothing");
	store_release(&set);
	/* Relative, not absolute: under ASan freeing libgit2's object cache
	 * of 100,000 commits alone takes seconds (64 ms in a normal build). */
	ok(stop_ms < full / 4,
	    "stop: sched_stop returned in %.0f ms, under a quarter of the "
	    "scan's %.0f ms", stop_ms, full);
	sched_free(&sc);
	gitsrc_free(&gs);
	store_free(&st);
}

int
main(void)
{
	const char	*t = getenv("TMPDIR");
	char		 cmd[PATH_MAX];

	snprintf(tmpdir, sizeof tmpdir, "%s/test_gitsrc.XXXXXX",
	    t != NULL ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("mkdtemp failed");
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_AUTHOR_NAME", "Test User", 1);
	setenv("GIT_AUTHOR_EMAIL", "test@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Test User", 1);
	setenv("GIT_COMMITTER_EMAIL", "test@example.com", 1);
	if (system("git --version >/dev/null 2>&1") != 0)
		tap_skip_all("git CLI missing");
	build_origin();
	test_origin();
	test_range();
	test_others();
	test_scan_all();
	test_watch();
	test_memo();
	test_graph();
	test_stop();
	test_long_default();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		ok(0, "cleanup");
	return tap_done();
}
