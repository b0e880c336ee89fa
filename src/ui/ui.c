/* ui: the loop. poll() on stdin, the store's wake fd and a signal pipe;
 * redraw only when data changed, a key came, the terminal resized, or a
 * visible age ticks; one doupdate per frame. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <ncurses.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cmdline.h"
#include "draw.h"
#include "frame.h"
#include "helpview.h"
#include "opsdeck/buf.h"
#include "opsdeck/clock.h"
#include "opsdeck/conf.h"
#include "opsdeck/crash.h"
#include "opsdeck/element.h"
#include "opsdeck/keymap.h"
#include "opsdeck/layout.h"
#include "opsdeck/listnav.h"
#include "opsdeck/pane.h"
#include "opsdeck/resize.h"
#include "opsdeck/store.h"
#include "opsdeck/termcheck.h"
#include "opsdeck/ui.h"
#include "opsdeck/view.h"
#include "opsdeck/xalloc.h"
#include "notify.h"
#include "uiact.h"
#include "ui_int.h"
#include "wallboard.h"

/* What the header shows besides the panes' data age: the budget and the
 * number of repositories. */
#define UI_HEADER_DOMAINS	(PANE_DOMAIN(STORE_STATUS) | \
    PANE_DOMAIN(STORE_PIPELINES))

/* The self-pipe is the one piece of state a signal handler can reach;
 * it is set once before the handlers are installed. */
static int ui_signal_wfd = -1;
static int ui_curses_active;

static void
on_signal(int sig)
{
	unsigned char c = (unsigned char)sig;
	int saved = errno;

	if (ui_signal_wfd >= 0)
		(void)!write(ui_signal_wfd, &c, 1);
	errno = saved;
}

static void
restore_terminal(void)
{
	if (ui_curses_active) {
		ui_curses_active = 0;
		crash_disarm();
		endwin();
	}
}

/* A terminfo string without its padding ("$<5>"): delays are for real
 * teletypes, and tputs lives in term.h, whose macros clash with ours. */
static void
crash_cap(struct buf *b, const char *name)
{
	const char *s = tigetstr(name), *e;

	if (s == NULL || s == (char *)-1)
		return;
	while (*s != '\0') {
		if (s[0] == '$' && s[1] == '<' &&
		    (e = strchr(s, '>')) != NULL) {
			s = e + 1;
			continue;
		}
		(void)buf_append(b, s++, 1);
	}
}

/* A crash, on any thread, must not leave the SSH session raw on the
 * alternate screen; endwin() cannot run in a signal handler, so what it
 * would write is worked out now and the crash module only writes it:
 * attributes off, cursor shown, mouse reports off, keypad and alternate
 * screen left, and the terminal modes saved before initscr. */
static void
arm_crash_restore(const struct termios *saved)
{
	struct buf b;

	buf_init(&b, CRASH_RESTORE_MAX);
	crash_cap(&b, "sgr0");
	if (element_palette_changed())	/* a theme's #rrggbb colours */
		crash_cap(&b, "oc");
	crash_cap(&b, "cnorm");
	(void)buf_puts(&b, "\033[?1000l\033[?1002l\033[?1003l\033[?1006l");
	crash_cap(&b, "rmkx");
	crash_cap(&b, "rmcup");
	(void)buf_puts(&b, "\r\n");
	(void)crash_arm(STDOUT_FILENO, b.data, b.len, STDIN_FILENO, saved);
	buf_done(&b);
}

static const int ui_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH };
#define UI_NSIGNALS (sizeof ui_signals / sizeof ui_signals[0])
static struct sigaction ui_signals_saved[UI_NSIGNALS];

static int
install_signals(int fds[2])
{
	struct sigaction sa;
	size_t i;

	if (pipe(fds) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	ui_signal_wfd = fds[1];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < UI_NSIGNALS; i++)
		sigaction(ui_signals[i], &sa, &ui_signals_saved[i]);
	return 0;
}

/* After the loop, main still joins its workers: a second ^C or a SIGTERM
 * must act again instead of going into a pipe nobody reads. */
static void
restore_signals(void)
{
	size_t i;

	for (i = 0; i < UI_NSIGNALS; i++)
		sigaction(ui_signals[i], &ui_signals_saved[i], NULL);
	ui_signal_wfd = -1;
}

static WINDOW *
window_at(WINDOW *old, int h, int w, int y, int x)
{
	WINDOW *win;

	if (old != NULL)
		delwin(old);
	if (h <= 0 || w <= 0 || (win = newwin(h, w, y, x)) == NULL)
		return NULL;
	/* The cursor is hidden: never spend bytes moving it. */
	leaveok(win, TRUE);
	return win;
}

void
ui_place_panes(struct ui *ui)
{
	struct pane *p;
	struct rect r;
	int i;

	layout_compute(&ui->layout, LINES, COLS, ui->kind, ui->zoomed,
	    ui->focus, ui->cells, ui->npanes);
	ui->too_small = LINES < ui->need_lines || COLS < ui->need_cols;
	r = ui->layout.header;
	ui->header = window_at(ui->header, r.h, r.w, r.y, r.x);
	r = ui->layout.hints;
	ui->hints = window_at(ui->hints, r.h, r.w, r.y, r.x);
	for (i = 0; i < ui->npanes; i++) {
		p = &ui->panes[i];
		p->at = ui->layout.pane[i];
		p->title = window_at(p->title, p->at.h > 0 ? 1 : 0, p->at.w,
		    p->at.y, p->at.x);
		p->win = window_at(p->win, p->at.h - 1, p->at.w, p->at.y + 1,
		    p->at.x);
	}
	/* Whatever the windows do not cover (gutters) must be blank. */
	erase();
	wnoutrefresh(stdscr);
	ui->dirty = UI_DIRTY_ALL;
}

static void
draw_pane(struct ui *ui, int i, time_t now)
{
	struct pane *p = &ui->panes[i];
	char title[128];
	const char *st;
	int focused = i == ui->focus, t;
	enum element el = focused ? EL_PANE_TITLE_FOCUS : EL_PANE_TITLE;

	p->tick_at = 0;
	if (p->title == NULL)
		return;
	st = p->ops->status != NULL ? p->ops->status(p->priv) : NULL;
	/* Focus shows as a mark too, not by colour alone. */
	snprintf(title, sizeof title, "%c%d %s%s%s%s", focused ? '*' : ' ',
	    i + 1, p->ops->title, st != NULL ? "  " : "", st != NULL ? st : "",
	    ui->zoomed == i ? "  [zoom]" : "");
	wbkgdset(p->title, (chtype)element_attr(el));
	werase(p->title);
	draw_text(p->title, 0, 0, title, getmaxx(p->title), el);
	wnoutrefresh(p->title);
	if (p->win == NULL)
		return;
	werase(p->win);
	if (p->ops->draw != NULL)
		p->ops->draw(p->priv, p->win, focused, now);
	wnoutrefresh(p->win);
	if (p->ops->tick != NULL && (t = p->ops->tick(p->priv, now)) > 0)
		p->tick_at = now + t;
}

/* The oldest data on screen, as the panes say: the header's data age. */
static time_t
oldest_data(struct ui *ui)
{
	time_t oldest = 0, t;
	int i;

	for (i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].ops->data_time == NULL)
			continue;
		t = ui->panes[i].ops->data_time(ui->panes[i].priv);
		if (t != 0 && (oldest == 0 || t < oldest))
			oldest = t;
	}
	return oldest;
}

/* The help's text for an action: focus keys name their pane, and those
 * past the last pane are left out. */
static const char *
describe_action(enum action a, void *arg)
{
	struct ui *ui = arg;
	int i = (int)a - ACT_FOCUS_1;

	/* Read-only: the keys of refused actions are not offered. */
	if (uiact_hidden(&ui->act, a))
		return NULL;
	if (a < ACT_FOCUS_1 || a > ACT_FOCUS_9)
		return action_help(a);
	return i < ui->npanes ? ui->focus_help[i] : NULL;
}

/* What the keys do where the focus is: the view on top of the focused
 * pane's stack, else the pane itself. */
static void
key_context(struct ui *ui, struct keyctx *c)
{
	struct pane *p = &ui->panes[ui->focus];
	const struct view_ops *v = p->ops->top_view != NULL ?
	    p->ops->top_view(p->priv) : NULL;

	c->km = &p->keys;
	c->describe = describe_action;
	c->arg = ui;
	c->acts = v != NULL ? v->acts : p->ops->acts;
	c->nacts = v != NULL ? v->nacts : p->ops->nacts;
	snprintf(c->where, sizeof c->where, "%s %s", v != NULL ? v->name :
	    p->ops->name, v != NULL ? "view" : "pane");
}

/* Paints the dirty parts only, then one doupdate. */
static void
redraw(struct ui *ui)
{
	time_t now = time(NULL);
	struct keyctx ctx;
	int i;

	if (ui->too_small) {	/* the message replaces everything */
		resize_draw_too_small(stdscr, ui->need_lines, ui->need_cols);
		doupdate();
		ui->dirty = 0;
		return;
	}
	key_context(ui, &ctx);
	if (ui->dirty & UI_DIRTY_HEADER)
		ui->header_tick_at = frame_header(ui->header, ui->store,
		    ui->opts->title, ui->opts->wallboard, oldest_data(ui), now);
	for (i = 0; i < ui->npanes; i++) {
		if (ui->dirty & UI_DIRTY_PANE(i))
			draw_pane(ui, i, now);
	}
	if ((ui->dirty & UI_DIRTY_HINTS) && cmdline_active(&ui->cmd))
		cmdline_draw(&ui->cmd, ui->hints);
	else if ((ui->dirty & UI_DIRTY_HINTS) && uiact_message(&ui->act) !=
	    NULL)
		frame_message(ui->hints, uiact_message(&ui->act));
	else if (ui->dirty & UI_DIRTY_HINTS)
		hints_draw(ui->hints, &ctx);
	if (ui->help.open)
		helpview_draw(&ui->help, &ctx);
	else if (uiact_modal(&ui->act))
		uiact_draw(&ui->act);
	doupdate();
	ui->dirty = 0;
}

/* The store changed: only the panes that read a domain that moved take
 * new snapshots. */
static void
check_data(struct ui *ui)
{
	unsigned changed = pane_changed_domains(ui->store, ui->gen);
	int i;

	if (changed == 0)
		return;
	for (i = 0; i < ui->npanes; i++) {
		if (pane_deliver(ui->panes[i].ops, ui->panes[i].priv,
		    ui->store, changed) & PANE_REDRAW)
			ui->dirty |= UI_DIRTY_PANE(i) | UI_DIRTY_HEADER;
	}
	if (changed & UI_HEADER_DOMAINS)
		ui->dirty |= UI_DIRTY_HEADER;
	/* A failed production run, a check gone crit, a new approval for
	 * this user: the bell and desktop notifications ([notify]). */
	notifier_poll(ui->notify, ui->store);
	if ((changed & PANE_DOMAIN(STORE_ACTIONS)) &&
	    uiact_on_data(&ui->act, ui->store))
		ui->dirty |= uiact_modal(&ui->act) ? UI_DIRTY_ALL :
		    UI_DIRTY_HINTS;
}

/* Milliseconds until something visible changes with time; -1 = never.
 * Marks what is due now dirty. */
static int
next_tick_ms(struct ui *ui)
{
	time_t now = time(NULL), next = ui->header_tick_at;
	struct timespec ts;
	int64_t ms;
	int i;

	if (next != 0 && next <= now)
		ui->dirty |= UI_DIRTY_HEADER;
	for (i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].tick_at == 0)
			continue;
		if (ui->panes[i].tick_at <= now)
			ui->dirty |= UI_DIRTY_PANE(i);
		else if (next == 0 || ui->panes[i].tick_at < next)
			next = ui->panes[i].tick_at;
	}
	if (ui->dirty != 0)
		return 0;
	if (next == 0)
		return -1;
	if (next > now + 3600)
		return 3600 * 1000;
	/* To the second boundary itself, not a whole second after it. */
	clock_gettime(CLOCK_REALTIME, &ts);
	ms = ((int64_t)next - ts.tv_sec) * 1000 - ts.tv_nsec / 1000000;
	return ms > 0 ? (int)ms + 5 : 0;
}

/* Panes with work in hand (a search) get a slice per loop turn; returns
 * whether any has more, so that poll() does not wait. */
static int
do_work(struct ui *ui)
{
	int i, r, busy = 0;

	for (i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].ops->work == NULL)
			continue;
		r = ui->panes[i].ops->work(ui->panes[i].priv);
		if (r & PANE_REDRAW)
			ui->dirty |= UI_DIRTY_PANE(i);
		busy |= (r & PANE_BUSY) != 0;
	}
	return busy;
}

/* poll() says stdin is readable but nothing is there: end of file, a
 * terminal that went away without SIGHUP. Spinning on it would burn a
 * core for ever. */
static int
stdin_at_eof(void)
{
	int n = 0;

	return ioctl(STDIN_FILENO, FIONREAD, &n) == 0 && n == 0;
}

static void
resize(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_place_panes(ui);
}

/* "focus-health": the focus action of the pane of that name. */
static enum action
focus_by_name(const struct ui *ui, const char *name)
{
	int i;

	if (strncmp(name, "focus-", 6) != 0)
		return ACT_NONE;
	for (i = 0; i < ui->npanes; i++)
		if (strcmp(name + 6, ui->panes[i].ops->name) == 0)
			return (enum action)(ACT_FOCUS_1 + i);
	return ACT_NONE;
}

/* [keys] from the config file, before the screen starts, so a bad one is
 * a plain error message naming the file and line. */
static int
apply_keys(struct ui *ui, const struct ui_opts *o, char **cause)
{
	enum action focus;
	char *why = NULL;
	size_t i;

	for (i = 0; i < o->nkeys; i++) {
		focus = focus_by_name(ui, o->keys[i].action);
		if ((focus != ACT_NONE ? keymap_bind_action(&ui->global,
		    o->keys[i].key, focus, &why) : keymap_bind(&ui->global,
		    o->keys[i].key, o->keys[i].action, &why)) == 0)
			continue;
		if (strncmp(o->keys[i].action, "focus-", 6) == 0 &&
		    pane_known(o->keys[i].action + 6)) {
			free(why);
			why = xasprintf("the %s pane is not in [ui] layout",
			    o->keys[i].action + 6);
		}
		*cause = xasprintf("%s: key 'keys.%s': %s", o->keys[i].where,
		    o->keys[i].action, why != NULL ? why : "cannot bind");
		free(why);
		return -1;
	}
	return 0;
}

static int
ui_setup(struct ui *ui, const struct ui_opts *o, char **cause)
{
	struct theme theme;
	struct termcheck tc;
	struct termios modes;
	int i, have_modes;

	theme_defaults(&theme);
	if (o->theme_path != NULL && theme_load(&theme, o->theme_path,
	    cause) != 0)
		return -1;
	if (pane_layout(&ui->spec, o->layout, o->zoom, cause) != 0)
		return -1;
	ui->npanes = ui->spec.n;
	layout_min_size(&ui->spec, &ui->need_lines, &ui->need_cols);
	ui->kind = ui->spec.kind;
	ui->focus = ui->spec.zoom >= 0 ? ui->spec.zoom : 0;
	ui->zoomed = ui->spec.zoom;
	for (i = 0; i < ui->npanes; i++) {
		ui->panes[i].ops = pane_table[ui->spec.pane[i]].ops;
		ui->cells[i] = ui->spec.cell[i];
		snprintf(ui->focus_help[i], sizeof ui->focus_help[i],
		    "Focus the %s pane", ui->panes[i].ops->name);
	}
	if (keymap_init(&ui->global, keymap_global_defaults,
	    keymap_global_ndefaults, NULL) != 0 || apply_keys(ui, o, cause) != 0)
		return -1;
	for (i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].ops->create != NULL && (ui->panes[i].priv =
		    ui->panes[i].ops->create(o, ui->store)) == NULL)
			return -1;
		keymap_init(&ui->panes[i].keys, ui->panes[i].ops->keys,
		    ui->panes[i].ops->nkeys, &ui->global);
	}
	/* Checked after the theme and keys so that their errors come first. */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup("the console needs a terminal on stdin and "
		    "stdout; use --once for scripts");
		return -1;
	}
	/* Before initscr, which would exit with its own words (unknown
	 * TERM) or draw garbage (dumb): nothing is written to it yet. */
	if (termcheck_probe(&tc, getenv("TERM")) != 0) {
		*cause = xstrdup(tc.why);
		return 2;
	}
	have_modes = tcgetattr(STDIN_FILENO, &modes) == 0;
	crash_install();
	if (initscr() == NULL) {
		*cause = xstrdup("cannot initialise the terminal");
		return -1;
	}
	ui_curses_active = 1;
	atexit(restore_terminal);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	element_apply(&theme);
	arm_crash_restore(have_modes ? &modes : NULL);
	return 0;
}

static void
ui_teardown(struct ui *ui)
{
	int i;

	for (i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].win != NULL)
			delwin(ui->panes[i].win);
		if (ui->panes[i].title != NULL)
			delwin(ui->panes[i].title);
		if (ui->panes[i].ops != NULL && ui->panes[i].ops->destroy !=
		    NULL && ui->panes[i].priv != NULL)
			ui->panes[i].ops->destroy(ui->panes[i].priv);
		keymap_done(&ui->panes[i].keys);
	}
	keymap_done(&ui->global);
	cmdline_close(&ui->cmd);
	uiact_done(&ui->act);
	if (ui->header != NULL)
		delwin(ui->header);
	if (ui->hints != NULL)
		delwin(ui->hints);
	restore_terminal();
}

static void
drain(int fd)
{
	char junk[64];
	int i;

	for (i = 0; i < 64 && read(fd, junk, sizeof junk) > 0; i++)
		;
}

int
ui_run(const struct ui_opts *o, struct store *store, int wake_rfd,
    void (*on_refresh)(void *), void *arg, char **cause)
{
	struct ui ui;
	struct pollfd pfd[3];
	unsigned char sig;
	int sigfds[2] = { -1, -1 }, rc = 0, i, busy;

	memset(&ui, 0, sizeof ui);
	ui.opts = o;
	ui.store = store;
	ui.zoomed = -1;
	ui.on_refresh = on_refresh;
	ui.arg = arg;
	uiact_init(&ui.act, &o->act, store);
	for (i = 0; i < STORE_DOMAINS; i++)
		ui.gen[i] = UINT64_MAX;
	if (install_signals(sigfds) != 0 || (rc = ui_setup(&ui, o,
	    cause)) != 0) {
		if (*cause == NULL)
			*cause = xstrdup("cannot start the screen");
		rc = rc == 2 ? 2 : -1;	/* 2: a terminal it cannot draw on */
		goto out;
	}
	if (o->wallboard) {	/* its own screen, not the panes */
		rc = wallboard_run(o, store, wake_rfd, sigfds[0], cause);
		goto out;
	}
	ui.notify = notifier_new(&o->notify, 0);
	ui_place_panes(&ui);
	check_data(&ui);
	pfd[0].fd = STDIN_FILENO;
	pfd[1].fd = wake_rfd;
	pfd[2].fd = sigfds[0];
	for (i = 0; i < 3; i++)
		pfd[i].events = POLLIN;
	for (;;) {
		busy = do_work(&ui);
		/* Nothing is painted for a size about to change. */
		if (ui.dirty && !resize_pending(&ui.resize))
			redraw(&ui);
		if (poll(pfd, 3, busy ? 0 : resize_pending(&ui.resize) ?
		    resize_timeout(&ui.resize, clock_mono_ms()) :
		    next_tick_ms(&ui)) < 0) {
			if (errno == EINTR)
				continue;
			*cause = xasprintf("poll: %s", strerror(errno));
			rc = -1;
			goto out;
		}
		if (pfd[2].revents & POLLIN) {
			while (read(sigfds[0], &sig, 1) == 1) {
				if (sig == SIGWINCH)
					resize_note(&ui.resize,
					    clock_mono_ms());
				else {
					rc = 128 + sig;
					goto out;
				}
			}
		}
		if (pfd[0].revents & (POLLHUP | POLLERR)) {
			rc = 128 + SIGHUP;	/* the terminal went away */
			goto out;
		}
		if ((pfd[0].revents & POLLIN) && stdin_at_eof()) {
			rc = 128 + SIGHUP;	/* readable yet empty: gone */
			goto out;
		}
		if ((pfd[0].revents & POLLIN) && ui_read_keys(&ui) < 0)
			goto out;
		if (pfd[1].revents & POLLIN) {
			drain(wake_rfd);
			check_data(&ui);
		}
		/* The size held still for the quiet time: one repaint. */
		if (resize_due(&ui.resize, clock_mono_ms()))
			resize(&ui);
	}
out:
	notifier_free(&ui.notify);
	ui_teardown(&ui);
	if (sigfds[0] >= 0) {
		restore_signals();
		close(sigfds[0]);
		close(sigfds[1]);
	}
	return rc;
}
