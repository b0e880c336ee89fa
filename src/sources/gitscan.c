/* gitscan: snapshots and commit ranges of local repositories via libgit2.
 * Each call opens its own git_repository: libgit2 objects are not shared
 * between threads. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "opsdeck/gitgraph.h"
#include "opsdeck/gitscan.h"
#include "opsdeck/rx.h"
#include "opsdeck/xalloc.h"

const char *const gitscan_default_risky[] = {
	"(^|/)migrations?/",
	"\\.sql$",
	"^terraform/|\\.tf$|^helm/|^k8s/|(^|/)Dockerfile",
	"^\\.github/workflows/",
	"(^|/)(package-lock\\.json|yarn\\.lock|go\\.sum|Cargo\\.lock|"
	    "poetry\\.lock|Gemfile\\.lock)$",
	NULL
};

/* Whether the console is shutting down: a scan of a big repository gives
 * up between steps instead of holding sched_stop for seconds. */
static int
gitscan_stopping(const volatile int *stop)
{
	return stop != NULL && __atomic_load_n(stop, __ATOMIC_RELAXED) != 0;
}

static void
gitscan_cause(char **cause, const char *fmt, ...)
{
	va_list		 ap;
	char		 buf[512];
	const git_error	*e = git_error_last();

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (cause == NULL)
		return;
	if (e != NULL && e->message != NULL) {
		size_t	n = strlen(buf);

		snprintf(buf + n, sizeof buf - n, ": %s", e->message);
	}
	*cause = xstrdup(buf);
}

static char *
gitscan_subject(const git_commit *c)
{
	const char	*s = git_commit_summary((git_commit *)c);

	return xstrdup(s != NULL ? s : "");
}

static char *
gitscan_author(const git_commit *c)
{
	const git_signature	*sig = git_commit_author(c);

	return xstrdup(sig != NULL && sig->name != NULL ? sig->name : "");
}

/* The default branch: origin/HEAD's target, else main, else master. */
static char *
gitscan_default_branch(git_repository *repo)
{
	git_reference	*ref = NULL;
	const char	*t, *pfx = "refs/remotes/origin/";
	char		*name = NULL;

	if (git_reference_lookup(&ref, repo, "refs/remotes/origin/HEAD") == 0) {
		t = git_reference_symbolic_target(ref);
		if (t != NULL && strncmp(t, pfx, strlen(pfx)) == 0)
			name = xstrdup(t + strlen(pfx));
		git_reference_free(ref);
		if (name != NULL)
			return name;
	}
	if (git_reference_lookup(&ref, repo, "refs/heads/main") == 0) {
		git_reference_free(ref);
		return xstrdup("main");
	}
	if (git_reference_lookup(&ref, repo, "refs/heads/master") == 0) {
		git_reference_free(ref);
		return xstrdup("master");
	}
	return NULL;
}

/* The ref is allocated: the name comes from the remote (origin/HEAD),
 * and a truncated one could name another branch, its prefix. */
static int
gitscan_default_oid(git_repository *repo, const char *name, git_oid *oid)
{
	char	*ref;
	int	 rc;

	ref = xasprintf("refs/heads/%s", name);
	rc = git_reference_name_to_id(oid, repo, ref);
	free(ref);
	if (rc == 0)
		return 0;
	ref = xasprintf("refs/remotes/origin/%s", name);
	rc = git_reference_name_to_id(oid, repo, ref);
	free(ref);
	return rc == 0 ? 0 : -1;
}

/*
 * ahead/behind of a branch against the default branch walks back to their
 * merge base: thousands of commits for an old branch, every scan. The
 * answer only depends on the two tips, so a memo kept between scans of one
 * repository answers again for free; entries not asked for in a scan are
 * dropped after it, which bounds the memo by the number of branches.
 */
struct memo_entry {
	git_oid		 tip, base;
	int		 ahead, behind;
	unsigned	 used;		/* scan generation; 0 = free */
};

struct gitscan_memo {
	struct memo_entry *e;
	size_t		 cap, n;
	unsigned	 gen;
};

struct gitscan_memo *
gitscan_memo_new(void)
{
	return xcalloc(1, sizeof(struct gitscan_memo));
}

void
gitscan_memo_free(struct gitscan_memo **mp)
{
	if (mp == NULL || *mp == NULL)
		return;
	free((*mp)->e);
	free(*mp);
	*mp = NULL;
}

static size_t
memo_slot(const struct gitscan_memo *m, const git_oid *tip, const git_oid *base)
{
	size_t h, i;

	memcpy(&h, tip->id, sizeof h);
	h ^= (size_t)base->id[0] << 7 | base->id[1];
	for (i = h & (m->cap - 1); m->e[i].used != 0; i = (i + 1) & (m->cap - 1))
		if (git_oid_equal(&m->e[i].tip, tip) &&
		    git_oid_equal(&m->e[i].base, base))
			break;
	return i;
}

static void
memo_grow(struct gitscan_memo *m)
{
	struct gitscan_memo big = { NULL, m->cap ? m->cap * 2 : 256, 0, m->gen };
	size_t i, j;

	big.e = xcalloc(big.cap, sizeof *big.e);
	for (i = 0; i < m->cap; i++) {
		if (m->e[i].used == 0)
			continue;
		j = memo_slot(&big, &m->e[i].tip, &m->e[i].base);
		big.e[j] = m->e[i];
		big.n++;
	}
	free(m->e);
	*m = big;
}

/* The memo's answer for the pair, marking it used by this scan. */
static int
memo_get(struct gitscan_memo *m, const git_oid *tip, const git_oid *base,
    size_t *a, size_t *b)
{
	size_t i;

	if (m == NULL || m->cap == 0)
		return -1;
	i = memo_slot(m, tip, base);
	if (m->e[i].used == 0)
		return -1;
	m->e[i].used = m->gen;
	*a = (size_t)m->e[i].ahead;
	*b = (size_t)m->e[i].behind;
	return 0;
}

static void
memo_put(struct gitscan_memo *m, const git_oid *tip, const git_oid *base,
    size_t a, size_t b)
{
	struct memo_entry *e;

	if (m == NULL)
		return;		/* not remembered: still answered */
	if ((m->n + 1) * 2 > m->cap)
		memo_grow(m);
	e = &m->e[memo_slot(m, tip, base)];
	if (e->used == 0)
		m->n++;
	git_oid_cpy(&e->tip, tip);
	git_oid_cpy(&e->base, base);
	e->ahead = (int)a;
	e->behind = (int)b;
	e->used = m->gen;
}

/* The memo's answer, else libgit2's (remembered). */
static int
memo_ahead_behind(struct gitscan_memo *m, git_repository *repo,
    const git_oid *tip, const git_oid *base, size_t *a, size_t *b)
{
	if (memo_get(m, tip, base, a, b) == 0)
		return 0;
	if (git_graph_ahead_behind(a, b, repo, tip, base) != 0)
		return -1;
	memo_put(m, tip, base, *a, *b);
	return 0;
}

/* After a scan: keeps what it asked for, rebuilt without the rest. */
static void
memo_sweep(struct gitscan_memo *m)
{
	struct gitscan_memo keep = { NULL, m->cap, 0, m->gen };
	size_t i, j;

	if (m->cap == 0)
		return;
	keep.e = xcalloc(keep.cap, sizeof *keep.e);
	for (i = 0; i < m->cap; i++) {
		if (m->e[i].used != m->gen)
			continue;
		j = memo_slot(&keep, &m->e[i].tip, &m->e[i].base);
		keep.e[j] = m->e[i];
		keep.n++;
	}
	free(m->e);
	*m = keep;
}

/* Up to GIT_SNAPSHOT_MAX_COMMITS commits reachable from tip and not from
 * hide, newest first. */
static void
gitscan_list_commits(git_repository *repo, const git_oid *tip,
    const git_oid *hide, struct git_commit_info **out, size_t *n)
{
	git_revwalk		*walk = NULL;
	git_commit		*c;
	git_oid			 oid;
	struct git_commit_info	*ci;

	*out = NULL;
	*n = 0;
	if (git_revwalk_new(&walk, repo) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) != 0 ||
	    git_revwalk_push(walk, tip) != 0 ||
	    git_revwalk_hide(walk, hide) != 0)
		goto out;
	*out = xcalloc(GIT_SNAPSHOT_MAX_COMMITS, sizeof **out);
	while (*n < GIT_SNAPSHOT_MAX_COMMITS &&
	    git_revwalk_next(&oid, walk) == 0) {
		if (git_commit_lookup(&c, repo, &oid) != 0)
			break;
		ci = &(*out)[(*n)++];
		git_oid_tostr(ci->sha, sizeof ci->sha, &oid);
		ci->subject = gitscan_subject(c);
		ci->author = gitscan_author(c);
		ci->time = (time_t)git_commit_time(c);
		git_commit_free(c);
	}
out:
	git_revwalk_free(walk);
}

/*
 * The branch's upstream from branch.NAME.remote and branch.NAME.merge, as
 * git's default fetch refspec maps it (refs/heads/X of remote R is
 * refs/remotes/R/X; remote "." is a local branch). Not git_branch_upstream:
 * in libgit2 1.5 it goes through git_remote_lookup, which leaks PCRE2
 * match data (about 20 KB) on every call, every rescan of a console left
 * open for days.
 */
static int
gitscan_upstream(git_repository *repo, git_reference *head,
    git_reference **up)
{
	git_config	*cfg = NULL;
	git_buf		 remote = { NULL, 0, 0 }, merge = { NULL, 0, 0 };
	char		*key = NULL, *ref = NULL;
	const char	*name = git_reference_shorthand(head);
	int		 rc = -1;

	/* Branch names can be long (and fetched): allocated, not cut. */
	if (git_repository_config_snapshot(&cfg, repo) != 0)
		return -1;
	key = xasprintf("branch.%s.remote", name);
	if (git_config_get_string_buf(&remote, cfg, key) != 0)
		goto out;
	free(key);
	key = xasprintf("branch.%s.merge", name);
	if (git_config_get_string_buf(&merge, cfg, key) != 0 ||
	    strncmp(merge.ptr, "refs/heads/", 11) != 0)
		goto out;
	if (strcmp(remote.ptr, ".") == 0)
		ref = xstrdup(merge.ptr);
	else
		ref = xasprintf("refs/remotes/%s/%s", remote.ptr,
		    merge.ptr + 11);
	rc = git_reference_lookup(up, repo, ref);
out:
	free(ref);
	free(key);
	git_buf_dispose(&remote);
	git_buf_dispose(&merge);
	git_config_free(cfg);
	git_error_clear();
	return rc;
}

static int
gitscan_scan_head(git_repository *repo, struct git_snapshot *s,
    struct gitscan_memo *memo)
{
	git_reference	*head = NULL, *up = NULL;
	git_commit	*c = NULL;
	const git_oid	*oid;
	size_t		 a, b;

	s->ahead = s->behind = -1;
	if (git_repository_head(&head, repo) != 0)
		return 0;	/* unborn: nothing to say */
	s->detached = git_repository_head_detached(repo) == 1;
	if (!s->detached)
		s->branch = xstrdup(git_reference_shorthand(head));
	if ((oid = git_reference_target(head)) == NULL)
		goto out;
	git_oid_tostr(s->head_sha, sizeof s->head_sha, oid);
	if (git_commit_lookup(&c, repo, oid) == 0)
		s->head_subject = gitscan_subject(c);
	if (!s->detached && gitscan_upstream(repo, head, &up) == 0) {
		s->upstream = xstrdup(git_reference_shorthand(up));
		if (git_reference_target(up) != NULL)
			git_oid_tostr(s->upstream_sha, sizeof s->upstream_sha,
			    git_reference_target(up));
		if (git_reference_target(up) != NULL &&
		    memo_ahead_behind(memo, repo, oid,
		    git_reference_target(up), &a, &b) == 0) {
			s->ahead = (int)a;
			s->behind = (int)b;
			gitscan_list_commits(repo, oid, git_reference_target(up),
			    &s->outgoing, &s->noutgoing);
			gitscan_list_commits(repo, git_reference_target(up), oid,
			    &s->incoming, &s->nincoming);
		}
	}
out:
	git_commit_free(c);
	git_reference_free(up);
	git_reference_free(head);
	return 0;
}

static int
gitscan_scan_status(git_repository *repo, struct git_snapshot *s)
{
	git_status_options	 opts;
	git_status_list		*list = NULL;
	const git_status_entry	*e;
	size_t			 i, n;

	if (git_repository_is_bare(repo))
		return 0;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&list, repo, &opts) != 0)
		return -1;
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		e = git_status_byindex(list, i);
		if (e->status == GIT_STATUS_WT_NEW)
			s->untracked++;
		else if (e->status != GIT_STATUS_CURRENT &&
		    (e->status & GIT_STATUS_IGNORED) == 0)
			s->dirty++;
	}
	git_status_list_free(list);
	return 0;
}

/* Past this many branches the memo does not know, one pass over the
 * graph (gitgraph) beats one merge-base walk each. */
#define GITSRC_GRAPH_MIN	8
#define GITSRC_GRAPH_MAX	400000	/* commits; beyond, walk per branch */

static void
set_counts(struct git_branch *br, const char *def, size_t a, size_t b)
{
	br->ahead = (int)a;
	br->behind = (int)b;
	/* Merged: the default branch contains the tip (the default branch
	 * itself is not "merged"). */
	br->merged = a == 0 && strcmp(br->name != NULL ? br->name : "",
	    def) != 0;
}

/* ahead/behind of every branch against the default branch: from the memo,
 * then in one graph pass for the many it does not know, else per branch. */
static void
gitscan_count_branches(git_repository *repo, struct git_snapshot *s,
    const git_oid *def, struct gitscan_memo *memo, const volatile int *stop)
{
	git_oid *tips = xcalloc(s->nbranches + 1, sizeof *tips), oid;
	size_t *which = xcalloc(s->nbranches + 1, sizeof *which);
	int *ah = xcalloc(s->nbranches + 1, sizeof *ah);
	int *bh = xcalloc(s->nbranches + 1, sizeof *bh);
	size_t i, n = 0, a, b;

	for (i = 0; i < s->nbranches; i++) {
		if (git_oid_fromstr(&oid, s->branches[i].sha) != 0)
			continue;
		if (memo_get(memo, &oid, def, &a, &b) == 0)
			set_counts(&s->branches[i], s->default_branch, a, b);
		else {
			git_oid_cpy(&tips[n], &oid);
			which[n++] = i;
		}
	}
	if (n >= GITSRC_GRAPH_MIN &&
	    gitgraph_ahead_behind_many(repo, def, tips, n, ah, bh,
	    GITSRC_GRAPH_MAX, stop) == 0) {
		for (i = 0; i < n; i++) {
			set_counts(&s->branches[which[i]], s->default_branch,
			    (size_t)ah[i], (size_t)bh[i]);
			memo_put(memo, &tips[i], def, (size_t)ah[i],
			    (size_t)bh[i]);
		}
	} else {
		/* One merge-base walk each: the stop flag is looked at
		 * between them (a walk itself cannot be interrupted). */
		for (i = 0; i < n && !gitscan_stopping(stop); i++)
			if (memo_ahead_behind(memo, repo, &tips[i], def, &a,
			    &b) == 0)
				set_counts(&s->branches[which[i]],
				    s->default_branch, a, b);
	}
	free(bh);
	free(ah);
	free(which);
	free(tips);
}

static int
gitscan_scan_branches(git_repository *repo, struct git_snapshot *s,
    int stale_days, time_t now, struct gitscan_memo *memo,
    const volatile int *stop)
{
	git_branch_iterator	*it = NULL;
	git_reference		*ref;
	git_branch_t		 type;
	git_commit		*c;
	git_oid			 def;
	const git_oid		*oid;
	struct git_branch	*br;
	const char		*name;
	size_t			 cap = 0;

	if (git_branch_iterator_new(&it, repo, GIT_BRANCH_LOCAL) != 0)
		return -1;
	while (!gitscan_stopping(stop) && git_branch_next(&ref, &type,
	    it) == 0) {
		if ((oid = git_reference_target(ref)) == NULL ||
		    git_branch_name(&name, ref) != 0 ||
		    git_commit_lookup(&c, repo, oid) != 0) {
			git_reference_free(ref);
			continue;
		}
		if (s->nbranches == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			s->branches = xreallocarray(s->branches, cap,
			    sizeof *s->branches);
		}
		br = &s->branches[s->nbranches++];
		memset(br, 0, sizeof *br);
		br->name = xstrdup(name);
		git_oid_tostr(br->sha, sizeof br->sha, oid);
		br->time = (time_t)git_commit_time(c);
		br->author = gitscan_author(c);
		br->ahead = br->behind = -1;
		br->stale = now - br->time > (time_t)stale_days * 86400;
		git_commit_free(c);
		git_reference_free(ref);
	}
	git_branch_iterator_free(it);
	if (s->default_branch != NULL &&
	    gitscan_default_oid(repo, s->default_branch, &def) == 0)
		gitscan_count_branches(repo, s, &def, memo, stop);
	return 0;
}

struct gitscan_tagctx {
	git_repository	*repo;
	struct git_snapshot *s;
	size_t		 cap;
	const volatile int *stop;
};

static int
gitscan_tag_cb(const char *name, git_oid *oid, void *arg)
{
	struct gitscan_tagctx	*ctx = arg;
	struct git_snapshot	*s = ctx->s;
	git_object		*obj = NULL, *peeled = NULL;
	struct git_tag		*t;
	const git_signature	*sig;
	time_t			 when = 0;

	if (gitscan_stopping(ctx->stop))
		return GIT_EUSER;	/* ends git_tag_foreach */
	if (git_object_lookup(&obj, ctx->repo, oid, GIT_OBJECT_ANY) != 0)
		return 0;
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) != 0)
		goto out;
	when = (time_t)git_commit_time((git_commit *)peeled);
	if (git_object_type(obj) == GIT_OBJECT_TAG &&
	    (sig = git_tag_tagger((git_tag *)obj)) != NULL)
		when = (time_t)sig->when.time;
	if (s->ntags == ctx->cap) {
		ctx->cap = ctx->cap == 0 ? 16 : ctx->cap * 2;
		s->tags = xreallocarray(s->tags, ctx->cap, sizeof *s->tags);
	}
	t = &s->tags[s->ntags++];
	if (strncmp(name, "refs/tags/", 10) == 0)
		name += 10;
	t->name = xstrdup(name);
	git_oid_tostr(t->sha, sizeof t->sha, git_object_id(peeled));
	t->time = when;
out:
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

static int
gitscan_tag_cmp(const void *a, const void *b)
{
	const struct git_tag	*x = a, *y = b;

	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	return strcmp(x->name, y->name);
}

int
gitscan_repo(const char *path, int stale_days, time_t now,
    struct git_snapshot **out, char **cause)
{
	return gitscan_repo_memo(path, stale_days, now, NULL, NULL, out,
	    cause);
}

int
gitscan_repo_memo(const char *path, int stale_days, time_t now,
    struct gitscan_memo *memo, const volatile int *stop,
    struct git_snapshot **out, char **cause)
{
	git_repository		*repo = NULL;
	struct git_snapshot	*s;
	struct gitscan_tagctx	 tctx;
	int			 rc = -1;

	*out = NULL;
	if (stale_days <= 0)
		stale_days = 30;
	git_libgit2_init();
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	if (git_repository_open_ext(&repo, path, 0, NULL) != 0) {
		gitscan_cause(cause, "%s: not a git repository", path);
		goto out;
	}
	if (memo != NULL)
		memo->gen = memo->gen + 1 != 0 ? memo->gen + 1 : 1;
	gitscan_scan_head(repo, s, memo);
	if (gitscan_stopping(stop))
		goto stopped;
	if (gitscan_scan_status(repo, s) != 0) {
		gitscan_cause(cause, "%s: status failed", path);
		goto out;
	}
	s->default_branch = gitscan_default_branch(repo);
	if (gitscan_stopping(stop))
		goto stopped;
	if (gitscan_scan_branches(repo, s, stale_days, now, memo, stop) != 0) {
		gitscan_cause(cause, "%s: listing branches failed", path);
		goto out;
	}
	/* Half-counted branches are not an answer (nor a memo to sweep). */
	if (gitscan_stopping(stop))
		goto stopped;
	if (memo != NULL)
		memo_sweep(memo);
	tctx.repo = repo;
	tctx.s = s;
	tctx.cap = 0;
	tctx.stop = stop;
	git_tag_foreach(repo, gitscan_tag_cb, &tctx);
	if (gitscan_stopping(stop))
		goto stopped;
	if (s->ntags > 1)
		qsort(s->tags, s->ntags, sizeof *s->tags, gitscan_tag_cmp);
	*out = s;
	s = NULL;
	rc = 0;
	goto out;
stopped:
	gitscan_cause(cause, "%s: scan stopped", path);
out:
	gitrepo_snapshot_free(&s);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

struct gitscan_rangectx {
	struct git_range *r;
	size_t		 fcap;
};

static void
gitscan_file_add(struct gitscan_rangectx *ctx, const char *path)
{
	struct git_range	*r = ctx->r;
	size_t			 i;

	/* Linear: ranges are reviewed by a human, so they stay small. */
	for (i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].path, path) == 0)
			return;
	if (r->nfiles == ctx->fcap) {
		ctx->fcap = ctx->fcap == 0 ? 16 : ctx->fcap * 2;
		r->files = xreallocarray(r->files, ctx->fcap, sizeof *r->files);
	}
	r->files[r->nfiles].path = xstrdup(path);
	r->files[r->nfiles].risky = false;
	r->nfiles++;
}

static int
gitscan_commit_files(git_repository *repo, git_commit *c,
    struct gitscan_rangectx *ctx)
{
	git_commit		*parent = NULL;
	git_tree		*t = NULL, *pt = NULL;
	git_diff		*diff = NULL;
	const git_diff_delta	*d;
	size_t			 i, n;
	int			 rc = -1;

	if (git_commit_tree(&t, c) != 0)
		goto out;
	/* First parent only; the root commit diffs against the empty tree. */
	if (git_commit_parentcount(c) > 0) {
		if (git_commit_parent(&parent, c, 0) != 0 ||
		    git_commit_tree(&pt, parent) != 0)
			goto out;
	}
	if (git_diff_tree_to_tree(&diff, repo, pt, t, NULL) != 0)
		goto out;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		d = git_diff_get_delta(diff, i);
		if (d->new_file.path != NULL)
			gitscan_file_add(ctx, d->new_file.path);
		if (d->old_file.path != NULL && d->new_file.path != NULL &&
		    strcmp(d->old_file.path, d->new_file.path) != 0)
			gitscan_file_add(ctx, d->old_file.path);
	}
	rc = 0;
out:
	git_diff_free(diff);
	git_tree_free(pt);
	git_tree_free(t);
	git_commit_free(parent);
	return rc;
}

static int
gitscan_resolve(git_repository *repo, const char *sha, git_oid *oid,
    char **cause)
{
	git_object	*obj = NULL;

	if (git_revparse_single(&obj, repo, sha) != 0 ||
	    git_object_type(obj) != GIT_OBJECT_COMMIT) {
		git_object_free(obj);
		git_error_clear();
		if (cause != NULL)
			*cause = xasprintf(
			    "commit %.64s is not in the local clone", sha);
		return -1;
	}
	git_oid_cpy(oid, git_object_id(obj));
	git_object_free(obj);
	return 0;
}

static int
gitscan_file_cmp(const void *a, const void *b)
{
	const struct git_file_info	*x = a, *y = b;

	return strcmp(x->path, y->path);
}

int
gitscan_range(const char *path, const char *from_sha, const char *to_sha,
    const struct rx *const *risky, size_t nrisky, struct git_range **out,
    char **cause)
{
	git_repository		*repo = NULL;
	git_revwalk		*walk = NULL;
	git_commit		*c;
	git_oid			 from, to, oid;
	struct git_range	*r;
	struct git_commit_info	*ci;
	struct gitscan_rangectx	 ctx;
	size_t			 ccap = 0, i, j;
	int			 rc = -1;

	*out = NULL;
	git_libgit2_init();
	r = xcalloc(1, sizeof *r);
	ctx.r = r;
	ctx.fcap = 0;
	if (git_repository_open_ext(&repo, path, 0, NULL) != 0) {
		gitscan_cause(cause, "%s: not a git repository", path);
		goto out;
	}
	if (gitscan_resolve(repo, to_sha, &to, cause) != 0)
		goto out;
	if (from_sha != NULL && *from_sha != '\0' &&
	    gitscan_resolve(repo, from_sha, &from, cause) != 0)
		goto out;
	if (git_revwalk_new(&walk, repo) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) != 0 ||
	    git_revwalk_push(walk, &to) != 0 ||
	    (from_sha != NULL && *from_sha != '\0' &&
	    git_revwalk_hide(walk, &from) != 0)) {
		gitscan_cause(cause, "%s: revision walk failed", path);
		goto out;
	}
	while (git_revwalk_next(&oid, walk) == 0) {
		if (git_commit_lookup(&c, repo, &oid) != 0) {
			gitscan_cause(cause, "%s: reading commit failed", path);
			goto out;
		}
		if (r->ncommits == ccap) {
			ccap = ccap == 0 ? 16 : ccap * 2;
			r->commits = xreallocarray(r->commits, ccap,
			    sizeof *r->commits);
		}
		ci = &r->commits[r->ncommits++];
		git_oid_tostr(ci->sha, sizeof ci->sha, &oid);
		ci->subject = gitscan_subject(c);
		ci->author = gitscan_author(c);
		ci->time = (time_t)git_commit_time(c);
		if (gitscan_commit_files(repo, c, &ctx) != 0) {
			git_commit_free(c);
			gitscan_cause(cause, "%s: diff failed", path);
			goto out;
		}
		git_commit_free(c);
	}
	if (r->nfiles > 1)
		qsort(r->files, r->nfiles, sizeof *r->files, gitscan_file_cmp);
	for (i = 0; i < r->nfiles; i++) {
		for (j = 0; j < nrisky && !r->files[i].risky; j++)
			r->files[i].risky = rx_test(risky[j], r->files[i].path);
	}
	*out = r;
	r = NULL;
	rc = 0;
out:
	gitrepo_range_free(&r);
	git_revwalk_free(walk);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
