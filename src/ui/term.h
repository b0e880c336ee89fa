/* term: what the console does with a URL besides showing it: copy it to
 * the clipboard with OSC 52 (works over SSH and, with set-clipboard on,
 * through tmux), or hand it to a browser where there is one. Both take
 * remote text: only a plain http(s) URL of printable ASCII is accepted.
 * UI thread only. */
#ifndef OPSDECK_UI_TERM_H
#define OPSDECK_UI_TERM_H

#include <stddef.h>

#include "opsdeck/keymap.h"

/* Whether url is http(s):// followed by printable ASCII only. */
int	 term_url_ok(const char *url);
/* Writes OSC 52 for url to fd (the terminal). 0, or -1 with *why. */
int	 term_copy(int fd, const char *url, const char **why);
/* Starts $BROWSER, else xdg-open (open on macOS) with url as its one
 * argument, detached, with no terminal; never through a shell. Without a
 * graphical session (no DISPLAY or WAYLAND_DISPLAY) and no $BROWSER, says
 * so instead. 0, or -1 with *why. */
int	 term_open(const char *url, const char **why);
/* ACT_COPY or ACT_BROWSE on url (remote text, checked first), saying what
 * happened in msg: "copied URL", or why not. 0 or -1. */
int	 term_url_action(enum action, const char *url, char *msg,
	    size_t size);
/* The OSC 52 sequence for text into buf (base64); its length, or 0 when
 * it does not fit. For tests. */
size_t	 term_osc52(char *buf, size_t size, const char *text);

#endif
