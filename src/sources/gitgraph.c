/*
 * gitgraph: every commit reachable from the base or a tip gets a bitset of
 * the tips (and the base) it is reachable from, propagated from children
 * to parents in one topological pass; then ahead[i] counts the commits
 * with bit i and not the base's, behind[i] the base's without bit i.
 * Memory: one bit per tip per commit (6 MB for 1,000 branches over 50,000
 * commits), bounded by max_commits.
 *
 * Allocation here stays fallible (plain calloc, not xalloc): the sizes grow
 * with the clone (commits times branches, hundreds of MB for a big one),
 * and a failure is not fatal, the caller falls back to one merge-base walk
 * per branch.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/gitgraph.h"

struct graph {
	git_oid		*oid;		/* per node */
	uint32_t	*first;		/* per node: first edge in parent[] */
	uint32_t	*nparents;
	uint32_t	*parent;	/* edges, node order */
	size_t		 n, cap, nedges, edgecap, max;
	uint32_t	*slot;		/* hash: node index + 1; 0 = free */
	size_t		 nslots;
};

static size_t
hash_oid(const git_oid *o)
{
	size_t h;

	memcpy(&h, o->id, sizeof h);
	return h;
}

/* The node of oid, made (unparsed) when new; SIZE_MAX when full. */
static size_t
node_of(struct graph *g, const git_oid *o, int *made)
{
	size_t i = hash_oid(o) & (g->nslots - 1);

	*made = 0;
	for (; g->slot[i] != 0; i = (i + 1) & (g->nslots - 1))
		if (git_oid_equal(&g->oid[g->slot[i] - 1], o))
			return g->slot[i] - 1;
	if (g->n == g->max)
		return SIZE_MAX;
	git_oid_cpy(&g->oid[g->n], o);
	g->slot[i] = (uint32_t)(g->n + 1);
	*made = 1;
	return g->n++;
}

static int
add_edge(struct graph *g, uint32_t to)
{
	uint32_t *np;

	if (g->nedges == g->edgecap) {
		np = reallocarray(g->parent, g->edgecap * 2, sizeof *np);
		if (np == NULL)
			return -1;
		g->parent = np;
		g->edgecap *= 2;
	}
	g->parent[g->nedges++] = to;
	return 0;
}

static int
graph_init(struct graph *g, size_t max)
{
	memset(g, 0, sizeof *g);
	g->max = max;
	for (g->nslots = 1024; g->nslots < max * 2; g->nslots *= 2)
		;
	g->edgecap = 1024;
	g->oid = calloc(max, sizeof *g->oid);
	g->first = calloc(max, sizeof *g->first);
	g->nparents = calloc(max, sizeof *g->nparents);
	g->parent = calloc(g->edgecap, sizeof *g->parent);
	g->slot = calloc(g->nslots, sizeof *g->slot);
	return g->oid && g->first && g->nparents && g->parent && g->slot ?
	    0 : -1;
}

static void
graph_done(struct graph *g)
{
	free(g->oid);
	free(g->first);
	free(g->nparents);
	free(g->parent);
	free(g->slot);
}

/* Depth first from the roots, each commit read once. Edges are stored per
 * node in the order nodes are parsed, so a node's parents are contiguous. */
/* Whether the scan should give up: the console is shutting down. */
static int
stopping(const volatile int *stop, size_t n)
{
	return stop != NULL && n % GITGRAPH_STOP_EVERY == 0 &&
	    __atomic_load_n(stop, __ATOMIC_RELAXED) != 0;
}

static int
discover(git_repository *repo, struct graph *g, const git_oid *roots,
    size_t nroots, uint32_t *stack, const volatile int *stop)
{
	git_commit *c;
	size_t sp = 0, i, k, p, seen = 0;
	int made;

	for (i = 0; i < nroots; i++) {
		if ((k = node_of(g, &roots[i], &made)) == SIZE_MAX)
			return -1;
		if (made)
			stack[sp++] = (uint32_t)k;
	}
	while (sp > 0) {
		if (stopping(stop, ++seen))
			return -1;
		k = stack[--sp];
		if (git_commit_lookup(&c, repo, &g->oid[k]) != 0)
			return -1;
		g->first[k] = (uint32_t)g->nedges;
		g->nparents[k] = git_commit_parentcount(c);
		for (i = 0; i < g->nparents[k]; i++) {
			p = node_of(g, git_commit_parent_id(c, (unsigned)i),
			    &made);
			if (p == SIZE_MAX || add_edge(g, (uint32_t)p) != 0) {
				git_commit_free(c);
				return -1;
			}
			if (made)
				stack[sp++] = (uint32_t)p;
		}
		git_commit_free(c);
	}
	return 0;
}

/* Kahn's order, children before parents: order[] gets every node. */
static int
topo(const struct graph *g, uint32_t *order)
{
	uint32_t *kids = calloc(g->n + 1, sizeof *kids);
	size_t head = 0, tail = 0, i, e;

	if (kids == NULL)
		return -1;
	for (i = 0; i < g->nedges; i++)
		kids[g->parent[i]]++;
	for (i = 0; i < g->n; i++)
		if (kids[i] == 0)
			order[tail++] = (uint32_t)i;
	while (head < tail) {
		i = order[head++];
		for (e = g->first[i]; e < g->first[i] + g->nparents[i]; e++)
			if (--kids[g->parent[e]] == 0)
				order[tail++] = g->parent[e];
	}
	free(kids);
	return tail == g->n ? 0 : -1;	/* a cycle: not a commit graph */
}

static int
count(const struct graph *g, const uint64_t *bits, size_t words,
    size_t ntips, int *ahead, int *behind)
{
	size_t u, w, i, nbase = 0, *both = calloc(ntips + 1, sizeof *both);
	uint64_t x, bmask = 1ull << (ntips % 64);
	const uint64_t *b;
	int in_base;

	if (both == NULL)
		return -1;
	for (u = 0; u < g->n; u++) {
		b = bits + u * words;
		in_base = (b[ntips / 64] & bmask) != 0;
		nbase += in_base;
		for (w = 0; w < words; w++) {
			x = b[w];
			if (w == ntips / 64)
				x &= ~bmask;
			while (x != 0) {
				i = w * 64 + (size_t)__builtin_ctzll(x);
				x &= x - 1;
				if (in_base)
					both[i]++;
				else
					ahead[i]++;
			}
		}
	}
	for (i = 0; i < ntips; i++)
		behind[i] = (int)(nbase - both[i]);
	free(both);
	return 0;
}

int
gitgraph_ahead_behind_many(git_repository *repo, const git_oid *base,
    const git_oid *tips, size_t ntips, int *ahead, int *behind,
    size_t max_commits, const volatile int *stop)
{
	struct graph g;
	git_oid *roots = NULL;
	uint32_t *stack = NULL, *order = NULL;
	uint64_t *bits = NULL;
	size_t words = ntips / 64 + 1, i, k, e, u;
	int made, rc = -1;

	memset(&g, 0, sizeof g);
	if (max_commits > UINT32_MAX - 1 || graph_init(&g, max_commits) != 0)
		goto out;
	roots = calloc(ntips + 1, sizeof *roots);
	stack = calloc(max_commits, sizeof *stack);
	order = calloc(max_commits, sizeof *order);
	if (roots == NULL || stack == NULL || order == NULL)
		goto out;
	memcpy(roots, tips, ntips * sizeof *roots);
	git_oid_cpy(&roots[ntips], base);
	if (discover(repo, &g, roots, ntips + 1, stack, stop) != 0 ||
	    topo(&g, order) != 0 ||
	    (bits = calloc(g.n * words, sizeof *bits)) == NULL)
		goto out;
	for (i = 0; i <= ntips; i++) {	/* bit ntips is the base's */
		k = node_of(&g, &roots[i], &made);
		bits[k * words + i / 64] |= 1ull << (i % 64);
	}
	for (i = 0; i < g.n; i++) {
		if (stopping(stop, i + 1))
			goto out;
		u = order[i];
		for (e = g.first[u]; e < g.first[u] + g.nparents[u]; e++)
			for (k = 0; k < words; k++)
				bits[g.parent[e] * words + k] |=
				    bits[u * words + k];
	}
	memset(ahead, 0, ntips * sizeof *ahead);
	rc = count(&g, bits, words, ntips, ahead, behind);
out:
	free(bits);
	free(order);
	free(stack);
	free(roots);
	graph_done(&g);
	git_error_clear();
	return rc;
}
