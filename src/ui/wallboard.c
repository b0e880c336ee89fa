/* wallboard: the always-on screen. It reads the store like the panes do
 * but draws its own tiles, one per repository x environment, per
 * repository's pipelines and for health, each with its worst state as
 * glyph, word and colour block, its data age and a STALE mark once its
 * source has been failing longer than [wallboard] stale-after. Pages
 * (overview, pipelines, health, approvals waiting) rotate every
 * [wallboard] rotate, each only when it has data. Nothing here can act: the action core is in wallboard
 * mode, and no key but the quit key is even looked at. */
#include "config.h"

#include <errno.h>
#include <ncurses.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "draw.h"
#include "opsdeck/apistatus.h"
#include "opsdeck/approvals.h"
#include "opsdeck/clock.h"
#include "opsdeck/element.h"
#include "opsdeck/envstate.h"
#include "opsdeck/health.h"
#include "opsdeck/resize.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/xalloc.h"
#include "notify.h"
#include "wallboard.h"

enum wb_page { WB_OVERVIEW, WB_PIPELINES, WB_HEALTH, WB_APPROVALS, WB_PAGES };
static const char *const wb_page_names[WB_PAGES] = {
	"overview", "pipelines", "health", "approvals"
};

/* Tiles wider than this carry nothing more; narrower than the minimum the
 * words no longer fit. */
#define WB_TILE_MIN_W	24
#define WB_TILE_MAX_W	48
#define WB_TILE_MAX_H	11
/* Rows a tile needs for the big word: bar, title, state, 5 of font, age. */
#define WB_BIG_H	9
#define WB_FONT_H	5
#define WB_MAX_TILES	256

struct wb_tile {
	char		 title[96];
	const char	*glyph;
	const char	*word;
	enum element	 el;
	int		 rank;		/* badness, for the overview order */
	time_t		 at;		/* data time; 0 unknown */
	int		 stale;
	char		 why[96];	/* the source's error; raw */
};

struct wallboard {
	const struct ui_opts	*o;
	struct store		*store;
	int			 page;
	time_t			 page_at;	/* when the page was shown */
	struct wb_tile		 tiles[WB_MAX_TILES];
	size_t			 ntiles;
	size_t			 total;		/* before the cap */
	struct notifier		*notify;	/* [wallboard] notify */
};

bool
wallboard_scopes_write(const char *s)
{
	size_t n;

	while (s != NULL && *s != '\0') {
		s += strspn(s, " ,");
		n = strcspn(s, " ,");
		if (n == 0)
			break;
		/* Reading scopes and the e-mail one cannot change anything
		 * a wallboard shows; everything else can. */
		if (!(n > 5 && strncmp(s, "read:", 5) == 0) &&
		    !(n == 10 && strncmp(s, "user:email", 10) == 0) &&
		    !(n == 13 && strncmp(s, "notifications", 13) == 0))
			return true;
		s += n;
	}
	return false;
}

static struct wb_tile *
wb_add(struct wallboard *wb)
{
	wb->total++;
	if (wb->ntiles >= WB_MAX_TILES)
		return NULL;
	memset(&wb->tiles[wb->ntiles], 0, sizeof wb->tiles[0]);
	return &wb->tiles[wb->ntiles++];
}

static int
verdict_rank(enum verdict v)
{
	switch (v) {
	case VERDICT_FAILED:	return 4;
	case VERDICT_ACTION:	return 3;
	case VERDICT_RUNNING:
	case VERDICT_QUEUED:	return 2;
	case VERDICT_UNKNOWN:	return 1;
	default:		return 0;
	}
}

static void
wb_set_verdict(struct wb_tile *t, enum verdict v)
{
	t->glyph = verdict_glyph(v);
	t->word = verdict_word(v);
	t->el = draw_verdict_element(v);
	t->rank = verdict_rank(v);
}

/* A source failing for longer than the threshold: its last good data is
 * at, and it is marked stale now. */
static void
wb_set_age(struct wb_tile *t, time_t at, bool failing, const char *error,
    long stale_s, time_t now)
{
	t->at = at;
	if (failing && (at == 0 || now - at > stale_s)) {
		t->stale = 1;
		t->el = EL_STALE;
	}
	if (error != NULL)
		snprintf(t->why, sizeof t->why, "%s", error);
}

static void
wb_env_state(struct wb_tile *t, const struct env_row *e)
{
	if (e->last_kind == DEPLOY_STATE_FAILURE ||
	    e->last_kind == DEPLOY_STATE_ERROR)
		wb_set_verdict(t, VERDICT_FAILED);
	else if (env_row_in_flight(e) || deploy_state_active(e->last_kind)) {
		wb_set_verdict(t, VERDICT_RUNNING);
		t->word = "deploying";
	} else if (e->sha != NULL)
		wb_set_verdict(t, VERDICT_SUCCEEDED);
	else {
		wb_set_verdict(t, VERDICT_UNKNOWN);
		t->word = "none";
	}
}

static void
wb_envs(struct wallboard *wb, long stale_s, time_t now)
{
	struct snapset *set = store_acquire(wb->store, STORE_ENV);
	const struct repo_envs *re;
	struct wb_tile *t;
	size_t i, j;

	for (i = 0; i < snapset_count(set); i++) {
		re = snap_data(snapset_at(set, i));
		for (j = 0; j < re->nenvs; j++) {
			if ((t = wb_add(wb)) == NULL)
				break;
			snprintf(t->title, sizeof t->title, "%s %s", re->repo,
			    re->envs[j].name);
			wb_env_state(t, &re->envs[j]);
			wb_set_age(t, re->fetched_at, re->stale, re->error,
			    stale_s, now);
		}
	}
	store_release(&set);
}

static void
wb_pipelines(struct wallboard *wb, long stale_s, time_t now)
{
	struct snapset *set = store_acquire(wb->store, STORE_PIPELINES);
	const struct repo_runs *rr;
	struct wb_tile *t;
	size_t i;

	for (i = 0; i < snapset_count(set); i++) {
		rr = snap_data(snapset_at(set, i));
		if ((t = wb_add(wb)) == NULL)
			break;
		snprintf(t->title, sizeof t->title, "%s pipelines", rr->repo);
		wb_set_verdict(t, rr->nruns > 0 ? repo_runs_verdict(rr) :
		    VERDICT_UNKNOWN);
		wb_set_age(t, rr->fetched_at, rr->stale, rr->error, stale_s,
		    now);
	}
	store_release(&set);
}

/* One tile per run x environment waiting for a reviewer, oldest first. */
static void
wb_approvals(struct wallboard *wb, long stale_s, time_t now)
{
	struct snapset *set = store_acquire(wb->store, STORE_APPROVALS);
	const struct approval_queue *q;
	const struct approval_item *it;
	struct wb_tile *t;
	char since[32];
	size_t i, j;

	for (i = 0; i < snapset_count(set); i++) {
		q = snap_data(snapset_at(set, i));
		for (j = 0; j < q->n; j++) {
			if ((t = wb_add(wb)) == NULL)
				break;
			it = &q->items[j];
			clock_format_span(since, sizeof since, it->waiting_since
			    != 0 ? now - it->waiting_since : 0);
			snprintf(t->title, sizeof t->title, "%s %s #%d %s",
			    it->repo, it->environment, it->run_number, since);
			wb_set_verdict(t, VERDICT_ACTION);
			t->word = "waiting";
			wb_set_age(t, q->fetched_at, q->stale, q->error,
			    stale_s, now);
		}
	}
	store_release(&set);
}

static void
wb_health_tile(struct wb_tile *t, enum health_state st)
{
	t->glyph = health_glyph(st, draw_ascii());
	t->word = health_word(st);
	t->el = draw_health_element(st);
	t->rank = health_rank(st) + 1;
}

/* A check is stale when its probe is overdue by more than the threshold
 * (the health source stopped answering). */
static void
wb_checks(struct wallboard *wb, bool each, long stale_s, time_t now)
{
	struct snapset *set = store_acquire(wb->store, STORE_HEALTH);
	const struct health_check *c;
	enum health_state worst = HEALTH_OK;
	struct wb_tile *t;
	time_t oldest = 0;
	size_t i, n = snapset_count(set);

	for (i = 0; i < n; i++) {
		c = snap_data(snapset_at(set, i));
		worst = health_worst(worst, c->state);
		if (oldest == 0 || c->checked_at < oldest)
			oldest = c->checked_at;
		if (!each || (t = wb_add(wb)) == NULL)
			continue;
		snprintf(t->title, sizeof t->title, "%s", c->name);
		wb_health_tile(t, c->state);
		wb_set_age(t, c->checked_at, c->next_at != 0 &&
		    now - c->next_at > stale_s, c->reason, stale_s, now);
	}
	if (!each && n > 0 && (t = wb_add(wb)) != NULL) {
		snprintf(t->title, sizeof t->title, "health (%zu checks)", n);
		wb_health_tile(t, worst);
		t->at = oldest;
	}
	store_release(&set);
}

/* Worst first, so what needs someone is never on a cut-off row. */
static int
wb_cmp(const void *a, const void *b)
{
	const struct wb_tile *x = a, *y = b;

	if (x->stale != y->stale)
		return y->stale - x->stale;
	return y->rank - x->rank;
}

static void
wb_collect(struct wallboard *wb, int page, time_t now)
{
	long stale_s = wb->o->wallboard_stale_s > 0 ?
	    wb->o->wallboard_stale_s : 120;

	wb->ntiles = wb->total = 0;
	if (page == WB_OVERVIEW) {
		wb_envs(wb, stale_s, now);
		wb_pipelines(wb, stale_s, now);
		wb_checks(wb, false, stale_s, now);
		qsort(wb->tiles, wb->ntiles, sizeof wb->tiles[0], wb_cmp);
	} else if (page == WB_PIPELINES)
		wb_pipelines(wb, stale_s, now);
	else if (page == WB_HEALTH)
		wb_checks(wb, true, stale_s, now);
	else
		wb_approvals(wb, stale_s, now);
}

/* The next page after the current one that has data; the current one
 * when no other has. */
static int
wb_next_page(struct wallboard *wb, time_t now)
{
	int i, p;

	for (i = 1; i <= WB_PAGES; i++) {
		p = (wb->page + i) % WB_PAGES;
		wb_collect(wb, p, now);
		if (wb->ntiles > 0)
			return p;
	}
	return wb->page;
}

static void
wb_fill(int y, int x, int h, int w, unsigned long attr)
{
	int r;

	attrset((attr_t)attr);
	for (r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	attrset(A_NORMAL);
}

/* A 3x5 font of the letters the state words use, '#' for a block. */
static const struct {
	char		 c;
	const char	*rows[WB_FONT_H];
} wb_font[] = {
	{ 'A', { ".#.", "#.#", "###", "#.#", "#.#" } },
	{ 'C', { "###", "#..", "#..", "#..", "###" } },
	{ 'D', { "##.", "#.#", "#.#", "#.#", "##." } },
	{ 'E', { "###", "#..", "##.", "#..", "###" } },
	{ 'F', { "###", "#..", "##.", "#..", "#.." } },
	{ 'G', { "###", "#..", "#.#", "#.#", "###" } },
	{ 'I', { "###", ".#.", ".#.", ".#.", "###" } },
	{ 'K', { "#.#", "#.#", "##.", "#.#", "#.#" } },
	{ 'L', { "#..", "#..", "#..", "#..", "###" } },
	{ 'N', { "##.", "#.#", "#.#", "#.#", "#.#" } },
	{ 'O', { "###", "#.#", "#.#", "#.#", "###" } },
	{ 'P', { "###", "#.#", "###", "#..", "#.." } },
	{ 'Q', { "###", "#.#", "#.#", "###", "..#" } },
	{ 'R', { "##.", "#.#", "##.", "#.#", "#.#" } },
	{ 'S', { "###", "#..", "###", "..#", "###" } },
	{ 'T', { "###", ".#.", ".#.", ".#.", ".#." } },
	{ 'U', { "#.#", "#.#", "#.#", "#.#", "###" } },
	{ 'W', { "#.#", "#.#", "###", "###", "#.#" } },
	{ 'Y', { "#.#", "#.#", ".#.", ".#.", ".#." } },
};

static const char *
wb_glyph_row(char c, int row)
{
	size_t i;

	for (i = 0; i < sizeof wb_font / sizeof wb_font[0]; i++)
		if (wb_font[i].c == c)
			return wb_font[i].rows[row];
	return "...";
}

/* The word in the big font, 4 columns a letter, when it fits in w. */
static int
wb_big_word(const char *word, int y, int x, int w, unsigned long attr)
{
	const char *blk = draw_ascii() ? "#" : "\xe2\x96\x88", *g;
	size_t i, n = strlen(word);
	int r, k;

	if ((int)n * 4 > w)
		return -1;
	attrset((attr_t)attr);
	for (r = 0; r < WB_FONT_H; r++)
		for (i = 0; i < n; i++) {
			g = wb_glyph_row((char)(word[i] >= 'a' && word[i] <=
			    'z' ? word[i] - 'a' + 'A' : word[i]), r);
			for (k = 0; k < 3; k++)
				if (g[k] == '#')
					mvaddstr(y + r, x + (int)i * 4 + k,
					    blk);
		}
	attrset(A_NORMAL);
	return 0;
}

/* The state line in capitals: what reads from across the room. */
static void
wb_state_line(const struct wb_tile *t, char *buf, size_t size)
{
	size_t i, n;

	n = (size_t)snprintf(buf, size, "%s %s%s", t->glyph, t->word,
	    t->stale ? " STALE" : "");
	for (i = 0; i < n && i < size; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] = (char)(buf[i] - 'a' + 'A');
}

static void
wb_draw_tile(const struct wb_tile *t, int y, int x, int h, int w,
    time_t now)
{
	unsigned long attr = element_attr(t->el) | A_REVERSE | A_BOLD;
	const char *bar = draw_ascii() ? "#" : "\xe2\x96\x88";	/* █ */
	char line[160], age[32];
	int i, mid = h / 2;

	/* A bar of block characters in the state's colour, then the tile as
	 * one solid block: even in mono the tiles stand apart. */
	attrset((attr_t)element_attr(t->el));
	for (i = 0; i < w; i++)
		mvaddstr(y, x + i, bar);
	attrset(A_NORMAL);
	wb_fill(y + 1, x, h - 1, w, attr);
	draw_text_attr(stdscr, y + 1, x + 1, t->title, w - 2, attr);
	wb_state_line(t, line, sizeof line);
	/* Room for it: the word in big letters below the state line. */
	if (h >= WB_BIG_H && wb_big_word(t->word, y + 3, x + 2, w - 3,
	    attr) == 0)
		mid = 2;
	draw_text_attr(stdscr, y + (mid > 2 ? mid : 2), x + 2, line, w - 3,
	    attr);
	if (h < 4)
		return;
	if (t->at != 0)
		clock_format_span(age, sizeof age, now - t->at);
	snprintf(line, sizeof line, "%s %s%s%s", t->stale ? "STALE" : "age",
	    t->at != 0 ? age : "?", t->stale && t->why[0] != '\0' ? ": " : "",
	    t->stale ? t->why : "");
	draw_text_attr(stdscr, y + h - 1, x + 1, line, w - 2, attr);
}

/* The grid that gives each tile the most room while every tile fits. */
static int
wb_columns(size_t n, int avail)
{
	int cols, best = 1, rows, w, h, area, best_area = -1;

	for (cols = 1; cols <= COLS / WB_TILE_MIN_W || cols == 1; cols++) {
		rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
		w = COLS / cols > WB_TILE_MAX_W ? WB_TILE_MAX_W : COLS / cols;
		h = avail / rows > WB_TILE_MAX_H ? WB_TILE_MAX_H :
		    avail / rows;
		area = h < 3 ? 0 : w * h;
		if (area >= best_area) {	/* ties: fewer rows */
			best_area = area;
			best = cols;
		}
		if ((size_t)cols >= n)
			break;
	}
	return best;
}

static void
wb_draw_tiles(struct wallboard *wb, int top, time_t now, size_t *shown)
{
	int cols, rows, w, h, avail = LINES - top, r, c;
	size_t i;

	*shown = 0;
	if (wb->ntiles == 0 || avail < 3)
		return;
	cols = wb_columns(wb->ntiles, avail);
	w = COLS / cols;
	if (w > WB_TILE_MAX_W)
		w = WB_TILE_MAX_W;
	rows = (int)((wb->ntiles + (size_t)cols - 1) / (size_t)cols);
	h = avail / rows;
	if (h < 3)
		h = 3;
	if (h > WB_TILE_MAX_H)
		h = WB_TILE_MAX_H;
	for (i = 0; i < wb->ntiles; i++) {
		r = (int)i / cols;
		c = (int)i % cols;
		if (top + (r + 1) * h > LINES)
			break;
		/* One column apart: tiles of the same colour stay two. */
		wb_draw_tile(&wb->tiles[i], top + r * h, c * w, h - 1,
		    w - 1, now);
		(*shown)++;
	}
}

/* The top line: page, clock, what is not shown, and the token warnings. */
static void
wb_draw_header(struct wallboard *wb, size_t shown, time_t now)
{
	struct snapset *set = store_acquire(wb->store, STORE_STATUS);
	const struct api_status *st = snapset_find_data(set, "github");
	enum element el = EL_HEADER;
	char line[512], more[32] = "", clock[16];
	const char *note = api_status_note(st);
	struct tm tm;

	if (st != NULL && wallboard_scopes_write(st->scopes)) {
		note = "token can write: use a read-only token";
		el = EL_HEADER_WARN;
	} else if (note != NULL)
		el = EL_HEADER_WARN;
	localtime_r(&now, &tm);
	strftime(clock, sizeof clock, "%H:%M:%S", &tm);
	if (wb->total > shown)
		snprintf(more, sizeof more, "  +%zu more", wb->total - shown);
	snprintf(line, sizeof line, " opsdeck wallboard  %s  %s%s%s%s",
	    wb_page_names[wb->page], clock, more, note != NULL ? "  " : "",
	    note != NULL ? note : "");
	draw_text_attr(stdscr, 0, 0, line, COLS, element_attr(el));
	store_release(&set);
}

static void
wb_draw(struct wallboard *wb, time_t now)
{
	size_t shown;

	erase();
	wb_collect(wb, wb->page, now);
	wb_draw_tiles(wb, 2, now, &shown);
	wb_draw_header(wb, shown, now);
	if (wb->ntiles == 0)
		draw_text_attr(stdscr, LINES / 2, 2, "waiting for data ...",
		    COLS - 4, element_attr(EL_DIM));
	wnoutrefresh(stdscr);
	doupdate();
}

/* Rotates when the page has been up for the interval. */
static void
wb_rotate(struct wallboard *wb, time_t now)
{
	long every = wb->o->wallboard_rotate_s > 0 ?
	    wb->o->wallboard_rotate_s : 15;

	if (now - wb->page_at < every)
		return;
	wb->page = wb_next_page(wb, now);
	wb->page_at = now;
}

/* Only the quit key counts; everything else, including every action
 * key, is read and dropped. 1 to quit. */
static int
wb_keys(const struct wallboard *wb)
{
	int ch, i;

	for (i = 0; i < 64 && (ch = getch()) != ERR; i++)
		if (wb->o->wallboard_quit != 0 && ch == wb->o->wallboard_quit)
			return 1;
	return 0;
}

static int
wb_token_refused(struct wallboard *wb)
{
	struct snapset *set = store_acquire(wb->store, STORE_STATUS);
	const struct api_status *st = snapset_find_data(set, "github");
	int bad = st != NULL && wallboard_scopes_write(st->scopes);

	store_release(&set);
	return wb->o->require_readonly && bad;
}

static void
wb_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

/* Readable yet nothing there: the terminal went away without SIGHUP. */
static int
wb_stdin_gone(void)
{
	int n = 0;

	return ioctl(STDIN_FILENO, FIONREAD, &n) == 0 && n == 0;
}

static int
wb_drain(int fd)
{
	char junk[64];
	int i;

	for (i = 0; i < 64 && read(fd, junk, sizeof junk) > 0; i++)
		;
	return 0;
}

int
wallboard_run(const struct ui_opts *o, struct store *store, int wake_rfd,
    int sig_rfd, char **cause)
{
	struct wallboard *wb = xcalloc(1, sizeof *wb);
	struct resize_gate gate = { false, 0, 0 };	/* one repaint a storm */
	struct pollfd pfd[3];
	unsigned char sig;
	int rc = 0, i;

	wb->o = o;
	wb->store = store;
	wb->page_at = time(NULL);
	wb->notify = notifier_new(&o->notify, 1);
	pfd[0].fd = STDIN_FILENO;
	pfd[1].fd = wake_rfd;
	pfd[2].fd = sig_rfd;
	for (i = 0; i < 3; i++)
		pfd[i].events = POLLIN;
	for (;;) {
		wb_rotate(wb, time(NULL));
		if (!resize_pending(&gate))
			wb_draw(wb, time(NULL));
		if (wb_token_refused(wb)) {
			*cause = xstrdup("--require-readonly-token: the token "
			    "has write scopes (X-OAuth-Scopes)");
			rc = 2;
			break;
		}
		/* Ages and the clock change every second. */
		if (poll(pfd, 3, resize_pending(&gate) ? resize_timeout(&gate,
		    clock_mono_ms()) : 1000) < 0) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("poll: %s", strerror(errno));
			rc = -1;
			break;
		}
		if (pfd[2].revents & POLLIN) {
			sig = SIGWINCH;
			while (read(sig_rfd, &sig, 1) == 1 && sig == SIGWINCH)
				resize_note(&gate, clock_mono_ms());
			if (sig != SIGWINCH) {
				rc = 128 + sig;
				break;
			}
		}
		if (pfd[0].revents & (POLLHUP | POLLERR)) {
			rc = 128 + SIGHUP;
			break;
		}
		if ((pfd[0].revents & POLLIN) && wb_stdin_gone()) {
			rc = 128 + SIGHUP;	/* readable yet empty: gone */
			break;
		}
		if ((pfd[0].revents & POLLIN) && wb_keys(wb))
			break;
		if (pfd[1].revents & POLLIN) {
			wb_drain(wake_rfd);
			/* Only with [wallboard] notify = true. */
			notifier_poll(wb->notify, store);
		}
		if (resize_due(&gate, clock_mono_ms()))
			wb_resize();
	}
	notifier_free(&wb->notify);
	free(wb);
	return rc;
}
