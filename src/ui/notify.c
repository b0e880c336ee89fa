/* notify: the bell and OSC 9 / OSC 777 desktop notifications for what
 * alerts.h finds new in the store (a watched production run failed, a
 * check went crit, an approval waits for this user), written to the
 * terminal the way OSC 52 is (term.c): straight to the fd, between curses
 * updates, wrapped for tmux passthrough inside tmux. The text is remote
 * (repository names, run titles): only printable ASCII reaches the
 * terminal. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/alerts.h"
#include "opsdeck/fsutil.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"
#include "notify.h"

size_t
notify_clean(char *dst, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, max = size > 0 ? size - 1 : 0;

	if (max > NOTIFY_TEXT_MAX)
		max = NOTIFY_TEXT_MAX;
	for (; p != NULL && *p != '\0' && o < max; p++) {
		if (*p == ';')
			dst[o++] = ',';
		else if (*p == '\t' || *p == '\n' || *p == '\r')
			dst[o++] = ' ';
		else if (*p >= 0x20 && *p < 0x7f)
			dst[o++] = (char)*p;
		else if (*p < 0xc0 || *p >= 0xf8 || (p[1] & 0xc0) != 0x80)
			dst[o++] = '?';	/* a control or a stray byte */
		else {
			/* A UTF-8 sequence: one '?' for all of it. */
			while ((p[1] & 0xc0) == 0x80)
				p++;
			dst[o++] = '?';
		}
	}
	if (size > 0)
		dst[o] = '\0';
	return o;
}

size_t
notify_tmux_wrap(char *buf, size_t size, const char *seq, size_t n)
{
	size_t i, o = 7;

	if (size < 7 + 2 * n + 3)
		return 0;
	memcpy(buf, "\033Ptmux;", 7);
	for (i = 0; i < n; i++) {
		if (seq[i] == '\033')
			buf[o++] = '\033';
		buf[o++] = seq[i];
	}
	memcpy(buf + o, "\033\\", 2);
	o += 2;
	buf[o] = '\0';
	return o;
}

/* seq as it is, or wrapped for tmux, into buf. */
static size_t
finish(char *buf, size_t size, const char *seq, int n, int tmux)
{
	if (n < 0 || (size_t)n >= size)
		return 0;
	if (tmux)
		return notify_tmux_wrap(buf, size, seq, (size_t)n);
	memcpy(buf, seq, (size_t)n + 1);
	return (size_t)n;
}

size_t
notify_osc9(char *buf, size_t size, const struct alert *a, int tmux)
{
	char title[NOTIFY_TEXT_MAX + 1], body[NOTIFY_TEXT_MAX + 1];
	char seq[2 * NOTIFY_TEXT_MAX + 32];
	int n;

	notify_clean(title, sizeof title, a->title);
	notify_clean(body, sizeof body, a->body);
	n = snprintf(seq, sizeof seq, "\033]9;opsdeck: %s: %s\a", title,
	    body);
	return finish(buf, size, seq, n, tmux);
}

size_t
notify_osc777(char *buf, size_t size, const struct alert *a, int tmux)
{
	char title[NOTIFY_TEXT_MAX + 1], body[NOTIFY_TEXT_MAX + 1];
	char seq[2 * NOTIFY_TEXT_MAX + 32];
	int n;

	notify_clean(title, sizeof title, a->title);
	notify_clean(body, sizeof body, a->body);
	n = snprintf(seq, sizeof seq, "\033]777;notify;opsdeck: %s;%s\a",
	    title, body);
	return finish(buf, size, seq, n, tmux);
}

/* The bell for an event: [notify] bell, and for an approval also its old
 * spelling [approvals] bell (false there keeps it quiet). */
static int
rings(const struct ui_notify *conf, const struct alert *a)
{
	return conf->bell && (a->kind != ALERT_APPROVAL ||
	    conf->approvals_bell);
}

int
notify_write(int fd, const struct ui_notify *conf, const struct alert *v,
    size_t n, int tmux)
{
	char buf[5 * NOTIFY_TEXT_MAX + 64];
	size_t i, len;
	int bells = 0;

	for (i = 0; i < n; i++) {
		if (conf->osc9 && (len = notify_osc9(buf, sizeof buf, &v[i],
		    tmux)) > 0)
			(void)fs_write_all(fd, buf, len);
		if (conf->osc777 && (len = notify_osc777(buf, sizeof buf,
		    &v[i], tmux)) > 0)
			(void)fs_write_all(fd, buf, len);
		bells += rings(conf, &v[i]);
	}
	return bells;
}

static const enum store_domain watched[] = {
	STORE_PIPELINES, STORE_ENV, STORE_HEALTH, STORE_APPROVALS
};
#define NWATCHED	(sizeof watched / sizeof watched[0])

struct notifier {
	struct ui_notify	 conf;
	time_t			 since;
	bool			 primed;
	uint64_t		 gen[NWATCHED];
	struct snapset		*prev[NWATCHED];
};

struct notifier *
notifier_new(const struct ui_notify *conf, int wallboard)
{
	struct notifier *nt = xcalloc(1, sizeof *nt);

	nt->conf = *conf;
	/* The wall display notifies no one unless asked to. */
	if (wallboard && !conf->wallboard)
		nt->conf.events = 0;
	if (!nt->conf.bell && !nt->conf.osc9 && !nt->conf.osc777)
		nt->conf.events = 0;
	nt->since = time(NULL);
	return nt;
}

static void
view_of(struct snapset *const *sets, struct alerts_view *v)
{
	v->runs = sets[0];
	v->envs = sets[1];
	v->health = sets[2];
	v->approvals = sets[3];
}

void
notifier_poll(struct notifier *nt, struct store *store)
{
	struct snapset *cur[NWATCHED];
	struct alerts_view pv, cv;
	struct alert *ev = NULL;
	size_t i, n = 0;
	bool moved = false;
	int bells = 0;

	if (nt == NULL || nt->conf.events == 0)
		return;
	for (i = 0; i < NWATCHED; i++)
		moved |= store_generation(store, watched[i]) != nt->gen[i];
	if (nt->primed && !moved)
		return;
	for (i = 0; i < NWATCHED; i++) {
		cur[i] = store_acquire(store, watched[i]);
		nt->gen[i] = snapset_generation(cur[i]);
	}
	view_of(nt->prev, &pv);
	view_of(cur, &cv);
	/* The first look is the start-up state: no news. */
	if (nt->primed)
		n = alerts_diff(&pv, &cv, nt->since, nt->conf.events, &ev);
	nt->primed = true;
	if (n > 0)
		bells = notify_write(STDOUT_FILENO, &nt->conf, ev, n,
		    getenv("TMUX") != NULL);
	/* One bell per event: each is its own news. */
	while (bells-- > 0)
		beep();
	alerts_free(ev, n);
	for (i = 0; i < NWATCHED; i++) {
		if (nt->prev[i] != NULL)
			store_release(&nt->prev[i]);
		nt->prev[i] = cur[i];
	}
}

int
notifier_active(const struct notifier *nt)
{
	return nt != NULL && nt->conf.events != 0;
}

void
notifier_free(struct notifier **ntp)
{
	struct notifier *nt = *ntp;
	size_t i;

	if (nt == NULL)
		return;
	for (i = 0; i < NWATCHED; i++) {
		if (nt->prev[i] != NULL)
			store_release(&nt->prev[i]);
	}
	free(nt);
	*ntp = NULL;
}
