/* keymap: the action table from the X-macro, the global default keys,
 * key names, lookup through a pane's map and its parents. */
#include "config.h"

#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "opsdeck/keymap.h"
#include "opsdeck/xalloc.h"

#define KEY_ESC		27
#define KEY_TAB		'\t'
#define KEY_ENTER_CR	'\r'

static const struct {
	const char *name;
	const char *help;
} actions[] = {
#define X(id, name, help) { name, help },
	OD_ACTIONS
#undef X
};

const struct keybind keymap_global_defaults[] = {
	{ 'q', ACT_QUIT },
	{ '?', ACT_HELP },
	{ ':', ACT_COMMAND },
	{ 'j', ACT_DOWN },
	{ KEY_DOWN, ACT_DOWN },
	{ 'k', ACT_UP },
	{ KEY_UP, ACT_UP },
	{ KEY_NPAGE, ACT_PAGE_DOWN },
	{ ' ', ACT_PAGE_DOWN },
	{ KEY_PPAGE, ACT_PAGE_UP },
	{ 'g', ACT_TOP },
	{ KEY_HOME, ACT_TOP },
	{ 'G', ACT_BOTTOM },
	{ KEY_END, ACT_BOTTOM },
	{ KEY_TAB, ACT_FOCUS_NEXT },
	{ KEY_BTAB, ACT_FOCUS_PREV },
	{ '1', ACT_FOCUS_1 },
	{ '2', ACT_FOCUS_2 },
	{ '3', ACT_FOCUS_3 },
	{ '4', ACT_FOCUS_4 },
	{ '5', ACT_FOCUS_5 },
	{ '6', ACT_FOCUS_6 },
	{ '7', ACT_FOCUS_7 },
	{ '8', ACT_FOCUS_8 },
	{ '9', ACT_FOCUS_9 },
	{ KEY_ENTER_CR, ACT_ZOOM },
	{ '\n', ACT_ZOOM },
	{ KEY_ENTER, ACT_ZOOM },
	{ 'z', ACT_ZOOM },
	{ KEY_ESC, ACT_BACK },
	{ KEY_LEFT, ACT_BACK },
	{ 'r', ACT_REFRESH },
	{ KEY_F(5), ACT_REFRESH },
	/* Upper case: a slip of the finger on a list key is not an action,
	 * and each opens a dialog that no single key confirms. */
	{ 'F', ACT_RERUN_FAILED },
	{ 'X', ACT_CANCEL_RUN },
	{ 'L', ACT_AUDIT },
	{ 'D', ACT_DEPLOY },
	{ 'B', ACT_ROLLBACK },
	{ 'E', ACT_ENVIRONMENTS },
	{ 'A', ACT_APPROVALS },
	/* Lower case, as the contract has them: only the approvals
	 * view gives them a target, and each opens a dialog. */
	{ 'a', ACT_APPROVE },
	{ 'x', ACT_REJECT },
	{ 'l', ACT_NEXT_COLUMN },
	{ KEY_RIGHT, ACT_NEXT_COLUMN },
	{ 'h', ACT_PREV_COLUMN },
};
const size_t keymap_global_ndefaults = sizeof keymap_global_defaults /
    sizeof keymap_global_defaults[0];

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Enter", KEY_ENTER_CR }, { "Tab", KEY_TAB }, { "S-Tab", KEY_BTAB },
	{ "BTab", KEY_BTAB }, { "Esc", KEY_ESC }, { "Space", ' ' },
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT },
	{ "Right", KEY_RIGHT }, { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE },
	{ "Home", KEY_HOME }, { "End", KEY_END }, { "Backspace", KEY_BACKSPACE },
	{ "Delete", KEY_DC }, { "LF", '\n' }, { "KEnter", KEY_ENTER },
};

const char *
action_name(enum action a)
{
	return a < ACT_COUNT ? actions[a].name : "?";
}

const char *
action_help(enum action a)
{
	return a < ACT_COUNT ? actions[a].help : "?";
}

int
action_by_name(const char *name)
{
	int i;

	for (i = 0; i < ACT_COUNT; i++) {
		if (strcmp(actions[i].name, name) == 0)
			return i;
	}
	return -1;
}

int
keymap_init(struct keymap *km, const struct keybind *defs, size_t n,
    const struct keymap *parent)
{
	km->parent = parent;
	km->nbinds = 0;
	km->binds = NULL;
	if (n == 0)
		return 0;
	km->binds = xcalloc(n, sizeof *km->binds);
	memcpy(km->binds, defs, n * sizeof *defs);
	km->nbinds = n;
	return 0;
}

void
keymap_done(struct keymap *km)
{
	free(km->binds);
	km->binds = NULL;
	km->nbinds = 0;
}

/* The binding keymap_lookup uses for key, so each key is listed once. */
static const struct keybind *
keymap_find(const struct keymap *km, int key)
{
	size_t i;

	for (; km != NULL; km = km->parent) {
		for (i = 0; i < km->nbinds; i++) {
			if (km->binds[i].key == key)
				return &km->binds[i];
		}
	}
	return NULL;
}

enum action
keymap_lookup(const struct keymap *km, int key)
{
	const struct keybind *b = keymap_find(km, key);

	return b != NULL ? b->action : ACT_NONE;
}

int
keymap_key_from_name(const char *name)
{
	size_t i;
	char *end;
	long n;

	if (name[0] != '\0' && name[1] == '\0')
		return (unsigned char)name[0];
	if (strncmp(name, "C-", 2) == 0 && name[2] != '\0' && name[3] == '\0')
		return name[2] & 0x1f;
	if ((name[0] == 'F' || name[0] == 'f') && name[1] != '\0') {
		n = strtol(name + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 12)
			return KEY_F((int)n);
	}
	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (strcasecmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	}
	return -1;
}

const char *
keymap_key_name(int key, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key)
			return key_names[i].name;
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, size, "F%d", key - KEY_F(0));
	else if (key > 0 && key < 32)
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	else if (key >= 32 && key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "?");
	return buf;
}

int
keymap_keys_for(const struct keymap *km, enum action a, int max, char *buf,
    size_t size)
{
	const struct keymap *m;
	char name[16];
	size_t i, len = 0;
	int n = 0, w;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	for (m = km; m != NULL && n < max; m = m->parent) {
		for (i = 0; i < m->nbinds && n < max; i++) {
			if (m->binds[i].action != a ||
			    keymap_find(km, m->binds[i].key) != &m->binds[i])
				continue;
			w = snprintf(buf + len, size - len, "%s%s",
			    n > 0 ? " " : "", keymap_key_name(m->binds[i].key,
			    name, sizeof name));
			if (w < 0 || (size_t)w >= size - len) {
				buf[len] = '\0';	/* no half names */
				return n;
			}
			len += (size_t)w;
			n++;
		}
	}
	return n;
}

int
keymap_bind(struct keymap *km, const char *keyname, const char *actionname,
    char **cause)
{
	int act = action_by_name(actionname);

	if (act < 0 && keymap_key_from_name(keyname) >= 0) {
		*cause = xasprintf("unknown action '%s'", actionname);
		return -1;
	}
	return keymap_bind_action(km, keyname, act < 0 ? ACT_NONE :
	    (enum action)act, cause);
}

int
keymap_bind_action(struct keymap *km, const char *keyname, enum action act,
    char **cause)
{
	int key = keymap_key_from_name(keyname);
	size_t i;

	if (key < 0) {
		*cause = xasprintf("unknown key '%s'", keyname);
		return -1;
	}
	for (i = 0; i < km->nbinds; i++) {
		if (km->binds[i].key == key) {
			km->binds[i].action = act;
			return 0;
		}
	}
	km->binds = xreallocarray(km->binds, km->nbinds + 1, sizeof *km->binds);
	km->binds[km->nbinds].key = key;
	km->binds[km->nbinds].action = act;
	km->nbinds++;
	return 0;
}
