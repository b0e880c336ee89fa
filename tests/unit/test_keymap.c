/* Keymaps: the action table, lookup with fallback to the global map,
 * key names, and rebinding as a config file would. */
#include "config.h"

#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/keymap.h"
#include "../tap.h"

static void
test_actions(void)
{
	int i;

	is_str(action_name(ACT_QUIT), "quit", "action name");
	is_str(action_help(ACT_ZOOM), "Zoom the focused pane / back",
	    "action help from the same table");
	is_int(action_by_name("focus-next"), ACT_FOCUS_NEXT, "by name");
	is_int(action_by_name("launch-missiles"), -1, "unknown action");
	for (i = 0; i < ACT_COUNT; i++) {
		if (action_by_name(action_name((enum action)i)) != i)
			break;
	}
	is_int(i, ACT_COUNT, "every action name round-trips");
}

static void
test_names(void)
{
	char buf[16];
	const char *names[] = { "q", "Enter", "Tab", "S-Tab", "Esc", "Space",
	    "Up", "PgDn", "F5", "C-r", "G" };
	size_t i;
	int k;

	is_int(keymap_key_from_name("q"), 'q', "a character");
	is_int(keymap_key_from_name("C-r"), 'r' & 0x1f, "C-r");
	is_int(keymap_key_from_name("S-Tab"), KEY_BTAB, "S-Tab");
	is_int(keymap_key_from_name("pgdn"), KEY_NPAGE, "names ignore case");
	is_int(keymap_key_from_name("F5"), KEY_F(5), "F5");
	is_int(keymap_key_from_name("F13"), -1, "F13 unknown");
	is_int(keymap_key_from_name("Hyper-x"), -1, "unknown name");
	is_int(keymap_key_from_name(""), -1, "empty name");
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		k = keymap_key_from_name(names[i]);
		if (strcmp(keymap_key_name(k, buf, sizeof buf), names[i]) != 0)
			break;
	}
	is_int(i, sizeof names / sizeof names[0], "key names round-trip");
}

static void
test_lookup(void)
{
	static const struct keybind pane_defs[] = {
		{ 'j', ACT_PAGE_DOWN },	/* a pane may shadow a global key */
		{ 'x', ACT_REFRESH },
	};
	struct keymap global, pane;
	char *cause = NULL;

	is_int(keymap_init(&global, keymap_global_defaults,
	    keymap_global_ndefaults, NULL), 0, "global map");
	is_int(keymap_init(&pane, pane_defs, 2, &global), 0, "pane map");
	is_int(keymap_lookup(&global, 'q'), ACT_QUIT, "q quits");
	is_int(keymap_lookup(&global, '?'), ACT_HELP, "? is help");
	is_int(keymap_lookup(&global, '\t'), ACT_FOCUS_NEXT, "Tab");
	is_int(keymap_lookup(&global, KEY_BTAB), ACT_FOCUS_PREV, "S-Tab");
	is_int(keymap_lookup(&global, '\r'), ACT_ZOOM, "Enter zooms");
	is_int(keymap_lookup(&global, 27), ACT_BACK, "Esc goes back");
	is_int(keymap_lookup(&global, 'r'), ACT_REFRESH, "r refreshes");
	is_int(keymap_lookup(&global, '3'), ACT_FOCUS_3, "3 jumps to pane 3");
	is_int(keymap_lookup(&global, 'G'), ACT_BOTTOM, "G");
	is_int(keymap_lookup(&global, 'Z'), ACT_NONE, "unbound key");
	is_int(keymap_lookup(&pane, 'x'), ACT_REFRESH, "pane's own key");
	is_int(keymap_lookup(&pane, 'j'), ACT_PAGE_DOWN,
	    "pane key shadows the global one");
	is_int(keymap_lookup(&global, 'j'), ACT_DOWN,
	    "the global map is not changed by it");
	is_int(keymap_lookup(&pane, 'q'), ACT_QUIT,
	    "pane falls back to the global map");

	is_int(keymap_bind(&global, "C-r", "refresh", &cause), 0, "bind C-r");
	is_int(keymap_lookup(&global, 'r' & 0x1f), ACT_REFRESH, "C-r bound");
	is_int(keymap_lookup(&pane, 'r' & 0x1f), ACT_REFRESH,
	    "and seen through the pane's fallback");
	is_int(keymap_bind(&global, "q", "none", &cause), 0, "unbind q");
	is_int(keymap_lookup(&global, 'q'), ACT_NONE, "q no longer quits");
	is_int(keymap_bind(&global, "Q", "quit", &cause), 0, "rebind Q");
	is_int(keymap_lookup(&pane, 'Q'), ACT_QUIT, "Q quits");
	is_int(keymap_bind(&pane, "F5", "zoom", &cause), 0, "pane bind");
	is_int(keymap_lookup(&pane, KEY_F(5)), ACT_ZOOM, "pane F5 zooms");
	is_int(keymap_lookup(&global, KEY_F(5)), ACT_REFRESH,
	    "global F5 still refreshes");

	/* What the hint bar and the help overlay list. */
	{
		char buf[64];

		is_int(keymap_keys_for(&global, ACT_ZOOM, 8, buf, sizeof buf),
		    4, "four keys zoom");
		is_str(buf, "Enter LF KEnter z", "named in table order");
		is_int(keymap_keys_for(&global, ACT_ZOOM, 1, buf, sizeof buf),
		    1, "max 1: the first key only");
		is_str(buf, "Enter", "the hint bar's key");
		keymap_keys_for(&pane, ACT_DOWN, 8, buf, sizeof buf);
		is_str(buf, "Down", "a key the pane rebinds is not listed for "
		    "the global action");
		keymap_keys_for(&pane, ACT_PAGE_DOWN, 8, buf, sizeof buf);
		is_str(buf, "j PgDn Space",
		    "the pane's own key first, then the fallbacks");
		is_int(keymap_keys_for(&global, ACT_QUIT, 8, buf, sizeof buf),
		    1, "Q quits");
		is_str(buf, "Q", "q, rebound to none, is not listed");
		is_int(keymap_keys_for(&global, ACT_ZOOM, 8, buf, 9), 2,
		    "a short buffer holds whole names only");
		is_str(buf, "Enter LF", "cut between names");
		is_int(keymap_keys_for(&global, ACT_NONE, 8, buf, sizeof buf), 1,
		    "none: the key rebound to nothing");
	}

	is_int(keymap_bind(&global, "Hyper-x", "quit", &cause), -1,
	    "unknown key refused");
	ok(cause != NULL && strstr(cause, "Hyper-x") != NULL, "cause: %s",
	    cause ? cause : "(null)");
	free(cause);
	cause = NULL;
	is_int(keymap_bind(&global, "x", "explode", &cause), -1,
	    "unknown action refused");
	ok(cause != NULL && strstr(cause, "explode") != NULL, "cause: %s",
	    cause ? cause : "(null)");
	free(cause);
	keymap_done(&pane);
	keymap_done(&global);
	ok(global.binds == NULL && global.nbinds == 0, "done empties");
	keymap_done(&global);	/* twice is harmless */
}

int
main(void)
{
	test_actions();
	test_names();
	test_lookup();
	return tap_done();
}
