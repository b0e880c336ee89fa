/* pane: which panes a store change concerns. A pane declares the domains
 * it reads, so a publish elsewhere (a log arriving, the API budget) costs
 * it nothing: no snapshot taken, no list rebuilt, no repaint. And which
 * panes of the table [ui] layout places. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

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

int
pane_layout(struct layout_spec *s, const char *layout, const char *zoom,
    char **why)
{
	const char *names[LAYOUT_PANES];
	struct layout_cell cells[LAYOUT_PANES];
	int i, n = pane_table_len < LAYOUT_PANES ? (int)pane_table_len :
	    LAYOUT_PANES;

	for (i = 0; i < n; i++) {
		names[i] = pane_table[i].ops->name;
		cells[i] = pane_table[i].cell;
	}
	return layout_parse(s, layout, zoom, names, cells, n, why);
}

bool
pane_known(const char *name)
{
	size_t i;

	for (i = 0; i < pane_table_len; i++)
		if (strcmp(pane_table[i].ops->name, name) == 0)
			return true;
	return false;
}
