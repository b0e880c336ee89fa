/* layout: where the header, the panes and the hint bar go for a terminal
 * size. Pure arithmetic, unit-tested. */
#ifndef OPSDECK_LAYOUT_H
#define OPSDECK_LAYOUT_H

/* Panes a layout places at most: one focus key each, 1 to 9. */
#define LAYOUT_PANES	9

/* GRID: rows from the cells, the top one taller (the built-in grid);
 * STACK: one column, equal shares; ROWS: rows from the cells sharing the
 * height equally (a layout written in [ui] layout). */
enum layout_kind { LAYOUT_GRID, LAYOUT_STACK, LAYOUT_ROWS };

/* Where a pane goes in the grid, from its row of the pane table: a grid
 * row (0 the top one, which gets the larger share of the height) and its
 * share of that row's width (weight over the row's total). */
struct layout_cell {
	int	 row;		/* -1 in the pane table: not in grid, stack */
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

/* A layout as [ui] layout and [ui] zoom give it: which of the known panes
 * (names[0..nnames), as pane[] indexes into them), in what cells, which
 * zoomed at start. */
struct layout_spec {
	enum layout_kind	 kind;
	int			 n;
	int			 pane[LAYOUT_PANES];
	struct layout_cell	 cell[LAYOUT_PANES];
	int			 zoom;	/* a place in pane[]; -1 none */
};

/* text "grid" or "stack": every known pane (at most LAYOUT_PANES) in
 * order, in its cell defaults[i], except those whose default row is -1
 * (placed only where a layout names them); else rows separated by '/', panes by
 * blanks, each NAME or NAME:WEIGHT (1..99, its share of the row's width),
 * "pipelines:2 quality / issues health". zoom NULL or "" for none, else a
 * pane of the layout. 0, or -1 with *why (malloc'd, the names in it are
 * the user's, unsanitised): "unknown pane 'pipelnes'; did you mean
 * 'pipelines'?". */
int	 layout_parse(struct layout_spec *, const char *text,
	    const char *zoom, const char *const *names,
	    const struct layout_cell *defaults, int nnames, char **why);

/* The smallest terminal the layout is drawn in: 40x10 at least, more when
 * its rows need it (three lines per grid row, a stacked pane or row, plus
 * header and hints; 12 columns per pane of a row plus gutters). Below it
 * the console says so instead (ui.c). */
void	 layout_min_size(const struct layout_spec *, int *lines, int *cols);

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
