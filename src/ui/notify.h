/* notify: delivers what alerts.h finds to the engineer's terminal: the
 * bell (beep), OSC 9 ("ESC ] 9 ; text BEL") and OSC 777 ("ESC ] 777 ;
 * notify ; title ; body BEL") desktop notifications, each wrapped for tmux
 * passthrough ("ESC Ptmux; ... ESC \", every ESC doubled) when $TMUX is
 * set. Written straight to the terminal like OSC 52 (term.c), between
 * curses updates. UI thread only. */
#ifndef OPSDECK_UI_NOTIFY_H
#define OPSDECK_UI_NOTIFY_H

#include <stddef.h>

#include "opsdeck/ui.h"

struct alert;
struct store;

/* The longest text a notification carries (title or body), in bytes. */
#define NOTIFY_TEXT_MAX	200

/* s as notification text into dst: printable ASCII only. ';' (the OSC 777
 * separator) becomes ','; a tab or newline a blank; any other control
 * byte (ESC, BEL, C1) and each UTF-8 sequence one '?'. At most
 * NOTIFY_TEXT_MAX bytes and size - 1. Returns its length. */
size_t	 notify_clean(char *dst, size_t size, const char *s);
/* The OSC 9 / OSC 777 sequence for an alert into buf (its text cleaned),
 * wrapped for tmux when tmux is set; its length, or 0 when it does not
 * fit. */
size_t	 notify_osc9(char *buf, size_t size, const struct alert *, int tmux);
size_t	 notify_osc777(char *buf, size_t size, const struct alert *,
	    int tmux);
/* seq (n bytes) wrapped for tmux passthrough into buf; its length, 0
 * when it does not fit. */
size_t	 notify_tmux_wrap(char *buf, size_t size, const char *seq, size_t n);
/* Writes the OSC sequences conf asks for of n alerts to fd; returns
 * how many times the bell should ring for them (once per event that
 * rings: [notify] bell, and [approvals] bell for an approval). */
int	 notify_write(int fd, const struct ui_notify *conf,
	    const struct alert *, size_t n, int tmux);

/* Watches the store for news and delivers it. wallboard: the console is
 * the wallboard (nothing unless conf->wallboard). */
struct notifier;
struct notifier	*notifier_new(const struct ui_notify *conf, int wallboard);
/* Looks at what the store holds now (cheap when nothing it reads moved):
 * new events are written to the terminal, and the bell rung with beep(). */
void	 notifier_poll(struct notifier *, struct store *);
void	 notifier_free(struct notifier **);
/* Whether it can say anything at all (an event, and a way to say it). */
int	 notifier_active(const struct notifier *);

#endif
