/* pane_table: the panes of the console, one row each. The focus keys, the
 * titles' numbers, the grid and the header's data age all come from here:
 * a new pane is its own file and one row. */
#include "config.h"

#include "opsdeck/pane.h"

#ifdef OD_TEST_PANE
extern const struct pane_ops pane_sample_ops;
#endif

const struct pane_slot pane_table[] = {
	{ &pane_pipelines_ops,	{ 0, 2 } },
	{ &pane_quality_ops,	{ 0, 1 } },
	{ &pane_issues_ops,	{ 1, 2 } },
	{ &pane_health_ops,	{ 1, 1 } },
	/* Only where [ui] layout names it: A opens the same queue from any
	 * pane. */
	{ &pane_approvals_ops,	{ -1, 1 } },
#ifdef OD_TEST_PANE
	/* Built only into tests/screen/opsdeck-fifth, to show that the row
	 * above is all a pane needs outside its own file. */
	{ &pane_sample_ops,	{ 1, 1 } },
#endif
};
const size_t pane_table_len = sizeof pane_table / sizeof pane_table[0];
