/* layout: where the header, the panes and the hint bar go for a terminal
 * size. Pure arithmetic, unit-tested. */
#ifndef OPSDECK_LAYOUT_H
#define OPSDECK_LAYOUT_H

/* Panes a layout places at most: one focus key each, 1 to 9. */
#define LAYOUT_PANES	9

enum layout_kind { LAYOUT_GRID, LAYOUT_STACK };

/* Where a pane goes in the grid, from its row of the pane table: a grid
 * row (0 the top one, which gets the larger share of the height) and its
 * share of that row's width (weight over the row's total). */
struct layout_cell {
	int	 row;
	int	 weight;
};

struct rect {
	int	 y, x, h, w;	/* h or w 0 = not shown */
};

struct layout {
	struct rect	 header;
	struct rect	 hints;
	struct rect	 pane[LAYOUT_PANES];	/* the first npanes used */
	int		 npanes;
};

/* Places n panes (at most LAYOUT_PANES) whose grid cells are cells[0..n).
 * zoomed >= 0: that pane takes the whole body; stack: one column of equal
 * shares. Tiny terminals get what fits: the header first, then the
 * focused pane. */
void	 layout_compute(struct layout *, int lines, int cols,
	    enum layout_kind, int zoomed, int focus,
	    const struct layout_cell *cells, int n);
enum layout_kind layout_kind_from_name(const char *);	/* grid default */

/* Table columns that drop out as a pane narrows: while the minimum widths
 * (plus one gap between shown columns) exceed width, the shown column with
 * the lowest prio goes; the spare columns then go to the shown ones in
 * descending prio, each up to its want. Sets width[i] (0 = dropped) and
 * returns the columns used, gaps included. */
struct column_spec {
	int	 min;
	int	 want;
	int	 prio;	/* higher stays longer */
};
int	 layout_columns(const struct column_spec *, int n, int width,
	    int *widths);

#endif
