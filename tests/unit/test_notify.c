/* notify: the exact bytes of OSC 9 and OSC 777, plain and wrapped for tmux
 * passthrough, hostile text neutralised, and what notify_write sends for
 * each [notify] setting (and whether it asks for the bell). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdeck/alerts.h"
#include "notify.h"
#include "../tap.h"

static void
test_clean(void)
{
	char buf[NOTIFY_TEXT_MAX + 50], big[400];

	notify_clean(buf, sizeof buf, "octo/web: Deploy #3");
	is_str(buf, "octo/web: Deploy #3", "plain ASCII stays");
	notify_clean(buf, sizeof buf, "a;b\033]0;x\a\x9b" "c\x7f");
	is_str(buf, "a,b?]0,x??c?", "; becomes ,; ESC, BEL, C1 and DEL are ?");
	notify_clean(buf, sizeof buf, "caf\xc3\xa9 \xe2\x80\xae" "evil\tx\ny");
	is_str(buf, "caf? ?evil x y", "each UTF-8 sequence (a bidi override "
	    "too) one ?; tab and newline a blank");
	notify_clean(buf, sizeof buf, "\xe2\x80");
	is_str(buf, "?", "a cut sequence: one ?");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	is_int((int)notify_clean(buf, sizeof buf, big), NOTIFY_TEXT_MAX,
	    "cut at NOTIFY_TEXT_MAX");
	is_int((int)notify_clean(buf, 5, "abcdef"), 4, "and at the buffer");
	is_str(buf, "abcd", "  terminated");
}

static const struct alert hostile = {
	ALERT_RUN_FAILED, "run failed",
	"o/r: CI #2 failure on main: x\033]52;c;AAAA\a;\033\\y"
};

static void
test_sequences(void)
{
	char buf[1024];
	struct alert a = { ALERT_APPROVAL, "approval waiting", "o/r: ok" };

	notify_osc9(buf, sizeof buf, &a, 0);
	is_str(buf, "\033]9;opsdeck: approval waiting: o/r: ok\a", "OSC 9");
	notify_osc777(buf, sizeof buf, &a, 0);
	is_str(buf, "\033]777;notify;opsdeck: approval waiting;o/r: ok\a",
	    "OSC 777: notify, title, body");
	notify_osc9(buf, sizeof buf, &a, 1);
	is_str(buf, "\033Ptmux;\033\033]9;opsdeck: approval waiting: o/r: ok"
	    "\a\033\\", "OSC 9 for tmux: wrapped, its ESC doubled");
	notify_osc777(buf, sizeof buf, &a, 1);
	is_str(buf, "\033Ptmux;\033\033]777;notify;opsdeck: approval waiting;"
	    "o/r: ok\a\033\\", "OSC 777 for tmux");
	notify_osc9(buf, sizeof buf, &hostile, 0);
	is_str(buf, "\033]9;opsdeck: run failed: o/r: CI #2 failure on main: "
	    "x?]52,c,AAAA?,?\\y\a", "hostile text: no ESC, BEL or ; of its "
	    "own");
	notify_osc777(buf, sizeof buf, &hostile, 1);
	is_str(buf, "\033Ptmux;\033\033]777;notify;opsdeck: run failed;o/r: CI "
	    "#2 failure on main: x?]52,c,AAAA?,?\\y\a\033\\", "  nor wrapped");
	is_int((int)notify_osc9(buf, 20, &a, 0), 0, "too small: 0");
	is_int((int)notify_osc9(buf, 44, &a, 1), 0, "too small wrapped: 0");
	is_int((int)notify_tmux_wrap(buf, sizeof buf, "\033[m", 3), 13,
	    "wrap: 7 + 4 + 2");
	ok(memcmp(buf, "\033Ptmux;\033\033[m\033\\", 14) == 0,
	    "  its bytes, terminated");
}

/* What notify_write sends to a pipe; *bell whether it asks to ring. */
static char *
written(const struct ui_notify *c, const struct alert *v, size_t n,
    int tmux, int *bell)
{
	static char got[4096];
	int fds[2];
	ssize_t r;

	got[0] = '\0';
	if (pipe(fds) != 0)
		return got;
	*bell = notify_write(fds[1], c, v, n, tmux);
	close(fds[1]);
	r = read(fds[0], got, sizeof got - 1);
	close(fds[0]);
	got[r > 0 ? r : 0] = '\0';
	return got;
}

static void
test_write(void)
{
	struct ui_notify c;
	struct alert v[2] = {
		{ ALERT_HEALTH_CRIT, "check crit", "api: crit" },
		{ ALERT_APPROVAL, "approval waiting", "o/r" },
	};
	int bell;

	memset(&c, 0, sizeof c);
	c.events = ALERT_ALL;
	c.bell = 1;
	c.approvals_bell = 1;
	is_str(written(&c, v, 2, 0, &bell), "", "bell only: no OSC");
	is_int(bell, 2, "  the bell, once per event");
	c.osc9 = 1;
	is_str(written(&c, v, 1, 0, &bell), "\033]9;opsdeck: check crit: api: "
	    "crit\a", "osc9: one OSC 9 per event");
	c.osc9 = 0;
	c.osc777 = 1;
	c.bell = 0;
	is_str(written(&c, v, 2, 0, &bell), "\033]777;notify;opsdeck: check "
	    "crit;api: crit\a\033]777;notify;opsdeck: approval waiting;o/r\a",
	    "osc777: one OSC 777 per event, in order");
	ok(!bell, "  bell off: no bell");
	c.bell = 1;
	c.approvals_bell = 0;
	written(&c, v + 1, 1, 0, &bell);
	ok(!bell, "[approvals] bell = false: no bell for an approval");
	written(&c, v, 1, 0, &bell);
	ok(bell, "  but for a crit check");
}

static void
test_notifier(void)
{
	struct ui_notify c;
	struct notifier *nt;

	memset(&c, 0, sizeof c);
	c.events = ALERT_ALL;
	c.bell = 1;
	nt = notifier_new(&c, 0);
	ok(notifier_active(nt), "the console: on");
	notifier_free(&nt);
	ok(nt == NULL, "freed");
	nt = notifier_new(&c, 1);
	ok(!notifier_active(nt), "the wallboard: off");
	notifier_free(&nt);
	c.wallboard = 1;
	nt = notifier_new(&c, 1);
	ok(notifier_active(nt), "  unless [wallboard] notify");
	notifier_free(&nt);
	c.bell = 0;
	nt = notifier_new(&c, 0);
	ok(!notifier_active(nt), "no bell, no OSC: off");
	notifier_free(&nt);
	c.osc777 = 1;
	c.events = 0;
	nt = notifier_new(&c, 0);
	ok(!notifier_active(nt), "no events: off");
	notifier_free(&nt);
}

int
main(void)
{
	test_clean();
	test_sequences();
	test_write();
	test_notifier();
	return tap_done();
}
