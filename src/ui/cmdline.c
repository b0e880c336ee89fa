/* The ":" command line: candidates, prefix completion, resolution. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "draw.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"

void
cmdline_open(struct cmdline *c)
{
	cmdline_close(c);
	prompt_start(&c->p, ":", NULL);
}

void
cmdline_close(struct cmdline *c)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	c->names = NULL;
	c->nnames = 0;
	c->note[0] = '\0';
	c->p.active = 0;
}

int
cmdline_active(const struct cmdline *c)
{
	return c->p.active;
}

void
cmdline_add(struct cmdline *c, const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return;
	for (i = 0; i < c->nnames; i++) {
		if (strcmp(c->names[i], name) == 0)
			return;
	}
	c->names = xreallocarray(c->names, c->nnames + 1, sizeof *c->names);
	c->names[c->nnames++] = xstrdup(name);
}

/* The names that are an action of the keymap's. */
static const struct {
	const char	*name;
	enum action	 action;
} fixed[] = {
	{ "environments", ACT_ENVIRONMENTS }, { "approvals", ACT_APPROVALS },
	{ "audit", ACT_AUDIT }, { "help", ACT_HELP }, { "quit", ACT_QUIT },
};

enum action
cmdline_action(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (strcmp(fixed[i].name, name) == 0)
			return fixed[i].action;
	}
	return ACT_NONE;
}

void
cmdline_add_fixed(struct cmdline *c, struct store *store)
{
	struct snapset *set;
	const struct repo_runs *rr;
	size_t i;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		cmdline_add(c, fixed[i].name);
	if (store == NULL)
		return;
	set = store_acquire(store, STORE_PIPELINES);
	for (i = 0; i < snapset_count(set); i++) {
		if ((rr = snap_data(snapset_at(set, i))) != NULL)
			cmdline_add(c, rr->repo);
	}
	store_release(&set);
}

static int
has_prefix(const char *s, const char *prefix, size_t len)
{
	return strncmp(s, prefix, len) == 0;
}

/* The candidates listed after Tab, as many as fit the note. */
static void
list_matches(struct cmdline *c)
{
	size_t i, len = 0;
	int w;

	c->note[0] = '\0';
	for (i = 0; i < c->nnames; i++) {
		if (!has_prefix(c->names[i], c->p.buf, c->p.len))
			continue;
		w = snprintf(c->note + len, sizeof c->note - len, "%s%s",
		    len > 0 ? " " : "", c->names[i]);
		if (w < 0 || (size_t)w >= sizeof c->note - len) {
			c->note[len] = '\0';
			return;
		}
		len += (size_t)w;
	}
}

size_t
cmdline_complete(struct cmdline *c)
{
	const char *first = NULL;
	size_t i, n = 0, common = 0, k;

	for (i = 0; i < c->nnames; i++) {
		if (!has_prefix(c->names[i], c->p.buf, c->p.len))
			continue;
		if (n++ == 0) {
			first = c->names[i];
			common = strlen(first);
			continue;
		}
		for (k = 0; k < common && c->names[i][k] == first[k]; k++)
			;
		common = k;
	}
	if (n == 0) {
		snprintf(c->note, sizeof c->note, "no name starts with that");
		return 0;
	}
	/* Never cut a UTF-8 sequence: back to a lead byte. */
	while (common > c->p.len && common < strlen(first) &&
	    ((unsigned char)first[common] & 0xc0) == 0x80)
		common--;
	if (common >= sizeof c->p.buf)
		common = sizeof c->p.buf - 1;
	memcpy(c->p.buf, first, common);
	c->p.buf[common] = '\0';
	c->p.len = common;
	if (n == 1)
		c->note[0] = '\0';
	else
		list_matches(c);
	return n;
}

const char *
cmdline_resolve(struct cmdline *c)
{
	const char *found = NULL;
	size_t i, n = 0;

	for (i = 0; i < c->nnames; i++) {
		if (strcmp(c->names[i], c->p.buf) == 0)
			return c->names[i];
		if (c->p.len > 0 && has_prefix(c->names[i], c->p.buf,
		    c->p.len)) {
			found = c->names[i];
			n++;
		}
	}
	if (n == 1)
		return found;
	if (n == 0)
		snprintf(c->note, sizeof c->note, "unknown name: %s",
		    c->p.buf);
	else
		list_matches(c);
	return NULL;
}

enum cmdline_rc
cmdline_key(struct cmdline *c, int wc, int keycode)
{
	if (!c->p.active)
		return CMDLINE_IGNORED;
	if (!keycode && wc == '\t') {
		(void)cmdline_complete(c);
		return CMDLINE_EDITED;
	}
	switch (prompt_input(&c->p, wc, keycode)) {
	case PROMPT_ACCEPT:
		c->p.active = 1;	/* open until the UI has resolved it */
		return CMDLINE_ACCEPT;
	case PROMPT_CANCEL:
		cmdline_close(c);
		return CMDLINE_CANCEL;
	default:
		c->note[0] = '\0';	/* it was about the old text */
		return CMDLINE_EDITED;
	}
}

void
cmdline_draw(const struct cmdline *c, WINDOW *w)
{
	char line[PROMPT_MAX + 4];
	int cols, x;

	if (w == NULL)
		return;
	cols = getmaxx(w);
	wbkgdset(w, (chtype)element_attr(EL_HINT));
	werase(w);
	snprintf(line, sizeof line, "%s_", c->p.buf);
	x = draw_text(w, 0, 0, c->p.label, (int)strlen(c->p.label),
	    EL_HINT_KEY);
	x += draw_text(w, 0, x, line, (int)strlen(line) + 2, EL_NORMAL);
	if (c->note[0] != '\0' && x < cols)
		draw_text(w, 0, x, c->note, cols - x, EL_HINT);
	wnoutrefresh(w);
}
