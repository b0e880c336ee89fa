/* Navigation without a screen: the ":" command line's completion and
 * resolution, and the help's lines built from the keymap (sections,
 * hidden actions, the case-insensitive filter). */
#include "config.h"

#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "helpview.h"
#include "opsdeck/keymap.h"
#include "opsdeck/pane.h"
#include "../tap.h"

static void
type(struct cmdline *c, const char *s)
{
	for (; *s != '\0'; s++)
		cmdline_key(c, (unsigned char)*s, 0);
}

static void
test_complete(void)
{
	struct cmdline c;
	const char *r;

	memset(&c, 0, sizeof c);
	cmdline_open(&c);
	cmdline_add(&c, "pipelines");
	cmdline_add(&c, "quality");
	cmdline_add_fixed(&c, NULL);
	cmdline_add(&c, "acme/api");
	cmdline_add(&c, "acme/infra");
	cmdline_add(&c, "acme/api");
	is_int((int)c.nnames, 9, "names: duplicates left out");
	type(&c, "pi");
	is_int(cmdline_key(&c, '\t', 0), CMDLINE_EDITED, "Tab edits");
	is_str(c.p.buf, "pipelines", "a unique prefix completes");
	is_str(c.note, "", "and lists nothing");
	cmdline_key(&c, 21, 0);	/* C-u */
	type(&c, "a");
	is_int((int)cmdline_complete(&c), 4, "four names start with a");
	is_str(c.p.buf, "a", "no common prefix beyond what was typed");
	is_str(c.note, "approvals audit acme/api acme/infra",
	    "the candidates are listed");
	type(&c, "c");
	cmdline_complete(&c);
	is_str(c.p.buf, "acme/", "several: their common prefix");
	type(&c, "zz");
	is_int((int)cmdline_complete(&c), 0, "no match");
	ok(strstr(c.note, "no name") != NULL, "says so: %s", c.note);
	ok(cmdline_resolve(&c) == NULL, "an unknown name resolves to none");
	ok(strstr(c.note, "unknown name: acme/zz") != NULL, "and says so: %s",
	    c.note);
	cmdline_key(&c, 21, 0);
	type(&c, "env");
	r = cmdline_resolve(&c);
	ok(r != NULL && strcmp(r, "environments") == 0,
	    "Enter on a unique prefix takes the name");
	cmdline_key(&c, 21, 0);
	type(&c, "a");
	ok(cmdline_resolve(&c) == NULL, "an ambiguous prefix takes none");
	cmdline_key(&c, 21, 0);
	type(&c, "\x01\x02q");
	cmdline_key(&c, 0x9b, 0);	/* C1 CSI */
	is_str(c.p.buf, "q", "control characters are never taken");
	is_int(cmdline_action("quit"), ACT_QUIT, "quit is the quit action");
	is_int(cmdline_action("environments"), ACT_ENVIRONMENTS,
	    "environments opens the view as E does");
	is_int(cmdline_action("acme/api"), ACT_NONE, "a repository: none");
	is_int(cmdline_key(&c, 27, 0), CMDLINE_CANCEL, "Esc cancels");
	ok(!cmdline_active(&c) && c.nnames == 0, "and closes");
	is_int(cmdline_key(&c, 'x', 0), CMDLINE_IGNORED, "closed: ignored");
}

static const char *
hide_rerun(enum action a, void *arg)
{
	(void)arg;
	return a == ACT_RERUN_FAILED ? NULL : action_help(a);
}

static int
has_text(const struct help_line *l, size_t n, const char *text)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(l[i].text, text) == 0)
			return 1;
	}
	return 0;
}

static void
test_help(void)
{
	static const enum action acts[] = { OD_MOTION_ACTS, ACT_OPEN,
	    ACT_RERUN_FAILED };
	static const struct keybind pane[] = { { '\r', ACT_OPEN } };
	struct help_line l[ACT_COUNT + 4];
	struct keymap global, km;
	struct keyctx c;
	size_t n;

	keymap_init(&global, keymap_global_defaults, keymap_global_ndefaults,
	    NULL);
	keymap_init(&km, pane, 1, &global);
	memset(&c, 0, sizeof c);
	c.km = &km;
	snprintf(c.where, sizeof c.where, "test pane");
	c.acts = acts;
	c.nacts = sizeof acts / sizeof acts[0];
	n = help_lines(&c, NULL, l, sizeof l / sizeof l[0]);
	is_str(l[0].text, "test pane", "the context's heading first");
	is_str(l[1].keys, "j Down", "then its bindings, keys from the map");
	ok(has_text(l, n, "Re-run the failed jobs of the selected run "
	    "(asks first)"), "its actions");
	ok(has_text(l, n, "everywhere") && has_text(l, n, "Quit opsdeck"),
	    "and the global ones under their heading");
	ok(!has_text(l, n, "Sort runs by status, age, duration"),
	    "not what does not work here");
	c.describe = hide_rerun;
	n = help_lines(&c, NULL, l, sizeof l / sizeof l[0]);
	ok(!has_text(l, n, "Re-run the failed jobs of the selected run "
	    "(asks first)"), "a hidden action is not listed");
	n = help_lines(&c, "QUIT", l, sizeof l / sizeof l[0]);
	is_int((int)n, 2, "filter: case-insensitive, one heading, one line");
	is_str(l[1].text, "Quit opsdeck", "the line that matches");
	n = help_lines(&c, "HOME", l, sizeof l / sizeof l[0]);
	ok(n == 2 && strcmp(l[0].text, "test pane") == 0 &&
	    strcmp(l[1].keys, "g Home") == 0,
	    "filter on a key name: the pane's section only");
	is_int((int)help_lines(&c, "no such thing", l, 8), 0,
	    "nothing matches: no lines");
	keymap_done(&km);
	keymap_done(&global);
}

/* j k and the arrows move in every list: globally bound, and no pane's
 * own keys take them for something else. Each pane says what it answers,
 * the movements among them. */
static void
test_jk(void)
{
	static const int keys[] = { 'j', 'k', KEY_DOWN, KEY_UP };
	static const enum action want[] = { ACT_DOWN, ACT_UP, ACT_DOWN,
	    ACT_UP };
	struct keymap global, km;
	size_t i, k, bad = 0, nomove = 0;

	keymap_init(&global, keymap_global_defaults, keymap_global_ndefaults,
	    NULL);
	for (i = 0; i < pane_table_len; i++) {
		keymap_init(&km, pane_table[i].ops->keys,
		    pane_table[i].ops->nkeys, &global);
		for (k = 0; k < 4; k++)
			bad += keymap_lookup(&km, keys[k]) != want[k];
		for (k = 0; k < pane_table[i].ops->nacts &&
		    pane_table[i].ops->acts[k] != ACT_DOWN; k++)
			;
		nomove += k == pane_table[i].ops->nacts;
		keymap_done(&km);
	}
	is_int((int)bad, 0, "j k Down Up move in every pane of the table");
	is_int((int)nomove, 0, "every pane lists the movements it answers");
	keymap_done(&global);
}

int
main(void)
{
	test_jk();
	test_complete();
	test_help();
	return tap_done();
}
