/* The panes whose sources are not built yet say so plainly (issues;
 * quality is pane_quality.c, health pane_health.c). */
#include "config.h"

#include "draw.h"
#include "opsdeck/pane.h"

static void
draw_lines(WINDOW *w, const char *const *lines)
{
	int i, cols = getmaxx(w);

	for (i = 0; lines[i] != NULL && i < getmaxy(w); i++)
		draw_text(w, i, 1, lines[i], cols - 2, i == 0 ? EL_NORMAL :
		    EL_DIM);
}

static void
issues_draw(void *priv, WINDOW *w, int focused, time_t now)
{
	static const char *const lines[] = {
		"Issues: not built yet (no source configured).",
		"GitHub issues (incidents, release blockers) and local",
		"issues/*.md files will show here.", NULL };

	draw_lines(w, lines);
}

const struct pane_ops pane_issues_ops = {
	.name = "issues",
	.title = "Issues",
	.draw = issues_draw,
};
