/* pane_sample: a fifth pane showing a static table, built only into
 * tests/screen/opsdeck-fifth. It is the whole of what a new pane needs
 * besides its row in src/ui/pane_table.c: no change to the loop, the
 * layout, the keymap or the header. */
#include "config.h"

#include "draw.h"
#include "opsdeck/pane.h"

static const char *const sample_rows[][3] = {
	{ "Service", "Owner", "Runbook" },
	{ "api", "team-core", "https://runbooks.example/api" },
	{ "web", "team-front", "https://runbooks.example/web" },
	{ "billing", "team-pay", "https://runbooks.example/billing" },
};

static void
sample_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	size_t i;
	int x;

	(void)priv;
	(void)focused;
	(void)now;
	for (i = 0; i < sizeof sample_rows / sizeof sample_rows[0] &&
	    (int)i < getmaxy(w); i++) {
		x = 1;
		x += draw_text(w, (int)i, x, sample_rows[i][0], 10, i == 0 ?
		    EL_HELP_TITLE : EL_NORMAL);
		x += draw_text(w, (int)i, x, sample_rows[i][1], 12, i == 0 ?
		    EL_HELP_TITLE : EL_DIM);
		draw_text(w, (int)i, x, sample_rows[i][2], getmaxx(w) - x,
		    i == 0 ? EL_HELP_TITLE : EL_NORMAL);
	}
}

static const char *
sample_status(void *priv)
{
	(void)priv;
	return "3 services";
}

const struct pane_ops pane_sample_ops = {
	.name = "sample",
	.title = "Sample",
	.draw = sample_draw,
	.status = sample_status,
};
