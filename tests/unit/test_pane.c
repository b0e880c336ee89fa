/* The pane table and store changes: a pane declares the domains it reads,
 * and a publish to any other calls no on_data (fake panes, counted); the
 * table's rows are well formed and the real panes read what they show. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/pane.h"
#include "opsdeck/store.h"
#include "../tap.h"

static int calls_health, calls_both;

static int
health_on_data(void *priv, struct store *store)
{
	(void)priv;
	(void)store;
	calls_health++;
	return PANE_REDRAW;
}

static int
both_on_data(void *priv, struct store *store)
{
	(void)priv;
	(void)store;
	calls_both++;
	return PANE_REDRAW;
}

static const struct pane_ops fake_health = {
	.name = "fake-health",
	.domains = PANE_DOMAIN(STORE_HEALTH),
	.on_data = health_on_data,
};

static const struct pane_ops fake_both = {
	.name = "fake-both",
	.domains = PANE_DOMAIN(STORE_HEALTH) | PANE_DOMAIN(STORE_ISSUES),
	.on_data = both_on_data,
};

static void
free_int(void *p)
{
	free(p);
}

static void
publish(struct store *store, enum store_domain d, const char *key)
{
	store_publish(store, d, snap_new(key, calloc(1, sizeof(int)),
	    free_int));
}

/* What ui.c does on a wake: the domains that moved, then each pane. */
static unsigned
deliver_all(struct store *store, uint64_t *gen, int *redraw)
{
	unsigned changed = pane_changed_domains(store, gen);

	*redraw = 0;
	if (pane_deliver(&fake_health, NULL, store, changed) & PANE_REDRAW)
		*redraw |= 1;
	if (pane_deliver(&fake_both, NULL, store, changed) & PANE_REDRAW)
		*redraw |= 2;
	return changed;
}

static void
test_deliver(void)
{
	struct store *store = store_new(-1);
	uint64_t gen[STORE_DOMAINS];
	unsigned changed;
	int i, redraw;

	for (i = 0; i < STORE_DOMAINS; i++)
		gen[i] = UINT64_MAX;
	changed = deliver_all(store, gen, &redraw);
	ok(changed == (PANE_DOMAIN(STORE_DOMAINS) - 1),
	    "the first look: every domain is new (%#x)", changed);
	ok(calls_health == 1 && calls_both == 1 && redraw == 3,
	    "so each pane takes its first data");

	changed = deliver_all(store, gen, &redraw);
	ok(changed == 0 && calls_health == 1 && calls_both == 1 &&
	    redraw == 0, "nothing published: nothing called");

	publish(store, STORE_QUALITY, "q");
	changed = deliver_all(store, gen, &redraw);
	is_int((int)changed, (int)PANE_DOMAIN(STORE_QUALITY),
	    "a publish to quality moves quality only");
	ok(calls_health == 1 && calls_both == 1 && redraw == 0,
	    "a domain no pane reads calls no on_data (%d, %d)",
	    calls_health, calls_both);

	publish(store, STORE_DETAIL, "log:o/r:1");
	publish(store, STORE_STATUS, "github");
	deliver_all(store, gen, &redraw);
	ok(calls_health == 1 && calls_both == 1,
	    "nor do two others at once");

	publish(store, STORE_ISSUES, "i");
	deliver_all(store, gen, &redraw);
	ok(calls_health == 1 && calls_both == 2 && redraw == 2,
	    "issues: only the pane that reads issues");

	publish(store, STORE_HEALTH, "h");
	publish(store, STORE_HEALTH, "h2");
	deliver_all(store, gen, &redraw);
	ok(calls_health == 2 && calls_both == 3 && redraw == 3,
	    "health, twice before the wake: each reader once");
	store_free(&store);
}

static void
test_table(void)
{
	size_t i, j;
	int bad = 0, dup = 0;
	unsigned reads = 0;

	ok(pane_table_len >= 1 && pane_table_len <= LAYOUT_PANES,
	    "the table has 1 to %d panes (%zu)", LAYOUT_PANES, pane_table_len);
	for (i = 0; i < pane_table_len; i++) {
		bad += pane_table[i].ops == NULL ||
		    pane_table[i].ops->name == NULL ||
		    pane_table[i].ops->title == NULL ||
		    pane_table[i].cell.row < -1 ||	/* -1: by name only */
		    pane_table[i].cell.weight < 1;
		reads |= pane_table[i].ops->domains;
		for (j = 0; j < i; j++)
			dup += strcmp(pane_table[i].ops->name,
			    pane_table[j].ops->name) == 0;
	}
	is_int(bad, 0, "every row names a pane, a title and a grid cell");
	is_int(dup, 0, "names are unique: focus-NAME is one pane");
	is_str(pane_table[0].ops->name, "pipelines", "pipelines is pane 1");
	ok(pane_table[0].ops->domains & PANE_DOMAIN(STORE_PIPELINES) &&
	    pane_table[0].ops->domains & PANE_DOMAIN(STORE_DETAIL),
	    "it reads its runs and its views' jobs and logs");
	ok((reads & PANE_DOMAIN(STORE_STATUS)) == 0 &&
	    pane_table[2].ops->domains == (PANE_DOMAIN(STORE_ISSUES) |
	    PANE_DOMAIN(STORE_DETAIL)), "no pane reads the status; the "
	    "issues pane reads its issues and their comments");
	for (i = 0, j = 0; i < pane_table_len; i++) {
		if (pane_table[i].ops->domains & PANE_DOMAIN(STORE_QUALITY))
			j += strcmp(pane_table[i].ops->name, "quality") == 0 ?
			    1 : 100;
	}
	is_int(j, 1, "quality is read by the quality pane alone, which "
	    "reads nothing else");
	ok(pane_quality_ops.domains == PANE_DOMAIN(STORE_QUALITY),
	    "  (its domains: STORE_QUALITY)");
	ok(pane_health_ops.domains == (PANE_DOMAIN(STORE_HEALTH) |
	    PANE_DOMAIN(STORE_PIPELINES)), "the health pane reads the checks "
	    "and, for the deploys, the runs");
}

int
main(void)
{
	test_deliver();
	test_table();
	return tap_done();
}
