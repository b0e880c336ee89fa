/* pane: which panes a store change concerns. A pane declares the domains
 * it reads, so a publish elsewhere (a log arriving, the API budget) costs
 * it nothing: no snapshot taken, no list rebuilt, no repaint. */
#include "config.h"

#include "opsdeck/pane.h"

unsigned
pane_changed_domains(struct store *store, uint64_t *gen)
{
	unsigned changed = 0;
	uint64_t g;
	int d;

	for (d = 0; d < STORE_DOMAINS; d++) {
		g = store_generation(store, (enum store_domain)d);
		if (g != gen[d]) {
			gen[d] = g;
			changed |= PANE_DOMAIN(d);
		}
	}
	return changed;
}

int
pane_deliver(const struct pane_ops *ops, void *priv, struct store *store,
    unsigned changed)
{
	if (ops->on_data == NULL || (ops->domains & changed) == 0)
		return 0;
	return ops->on_data(priv, store);
}
