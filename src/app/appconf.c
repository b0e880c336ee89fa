/* appconf: the app's own config keys: the worker pool, the cache
 * directory, what the UI is handed (theme, layout, secret patterns). */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/alerts.h"
#include "opsdeck/appconf.h"
#include "opsdeck/conf.h"
#include "opsdeck/element.h"
#include "opsdeck/envconf.h"
#include "opsdeck/pane.h"
#include "opsdeck/xalloc.h"

#define A(f) offsetof(struct app_conf, f)
static const struct conf_key app_keys[] = {
	{ "core", "workers", CONF_INT, 1, 16, A(workers), NULL,
	    "worker threads that poll" },
	{ "core", "cache-dir", CONF_PATH, 0, 0, A(cache_dir), NULL,
	    "the ETag and log cache" },
	{ "cache", "max-size", CONF_SIZE, 1, 0, A(cache_max_size), NULL,
	    "size cap of each disk cache (API answers, job logs)" },
	{ "cache", "max-age", CONF_DUR, 60, 3650 * 86400, A(cache_max_age_s),
	    NULL, "entries of either disk cache older than this go" },
	{ "ui", "theme", CONF_STR, 0, 0, A(theme), NULL,
	    "a theme name (themes/NAME.theme) or a path" },
	{ "ui", "layout", CONF_STR, 0, 0, A(layout), NULL,
	    "grid (2x2), stack, or the panes by row: \"pipelines quality / "
	    "issues health\" (NAME:WEIGHT widens one)" },
	{ "ui", "zoom", CONF_STR, 0, 0, A(zoom), NULL,
	    "the pane zoomed at start (a name of the layout)" },
	{ "ui", "ascii", CONF_BOOL, 0, 1, A(ascii), NULL,
	    "ASCII only on the screen and in --once (like --ascii)" },
	{ "ui", "readonly", CONF_BOOL, 0, 1, A(readonly), NULL,
	    "refuse every action that changes something (like --readonly)" },
	{ "wallboard", "rotate", CONF_DUR, 1, 3600, A(wb_rotate_s), NULL,
	    "how long the wallboard shows each page" },
	{ "wallboard", "stale-after", CONF_DUR, 1, 86400, A(wb_stale_s), NULL,
	    "a wallboard tile whose source failed this long reads STALE" },
	{ "wallboard", "quit-key", CONF_STR, 0, 0, A(wb_quit_key), NULL,
	    "one printable character that quits the wallboard (else Ctrl-C "
	    "only)" },
	{ "wallboard", "notify", CONF_BOOL, 0, 1, A(wb_notify), NULL,
	    "the [notify] bell and notifications on the wallboard too" },
	{ "notify", "events", CONF_STR, 0, 0, A(notify_events), NULL,
	    "what notifies: run-failed health-crit approval, or none" },
	{ "notify", "bell", CONF_BOOL, 0, 1, A(notify_bell), NULL,
	    "ring the terminal bell for those events" },
	{ "notify", "osc9", CONF_BOOL, 0, 1, A(notify_osc9), NULL,
	    "a desktop notification by OSC 9 for each" },
	{ "notify", "osc777", CONF_BOOL, 0, 1, A(notify_osc777), NULL,
	    "a desktop notification by OSC 777 (notify) for each" },
	{ "log", "mask", CONF_PATTERNS, 0, 0, A(mask), NULL,
	    "PCRE2 pattern of secrets to hide in job logs (several allowed)" },
};
#undef A

/* The cache directory is derived when not set: $XDG_CACHE_HOME/opsdeck,
 * else ~/.cache/opsdeck. */
static int
app_conf_finish(void *values, char **why)
{
	struct app_conf *ac = values;
	const char *xdg = getenv("XDG_CACHE_HOME");
	char *home, *msg = NULL;

	if (ac->theme == NULL || ac->layout == NULL) {
		*why = xstrdup("built-in defaults incomplete");
		return -1;
	}
	if (ac->wb_quit_key != NULL && (strlen(ac->wb_quit_key) != 1 ||
	    ac->wb_quit_key[0] <= ' ' || ac->wb_quit_key[0] > '~')) {
		*why = xstrdup("key 'wallboard.quit-key': one printable "
		    "character");
		return -1;
	}
	if (alerts_events_parse(ac->notify_events, &ac->notify_mask,
	    &msg) != 0) {
		*why = xasprintf("key 'notify.events': %s", msg);
		free(msg);
		return -1;
	}
	if (ac->cache_dir != NULL)
		return 0;
	if (xdg != NULL && *xdg == '/') {
		ac->cache_dir = xasprintf("%s/opsdeck", xdg);
		return 0;
	}
	if ((home = conf_home_dir()) == NULL) {
		*why = xstrdup("key 'core.cache-dir': no $XDG_CACHE_HOME or "
		    "home directory to derive it from");
		return -1;
	}
	ac->cache_dir = xasprintf("%s/.cache/opsdeck", home);
	free(home);
	return 0;
}

const struct conf_table app_conf_table = {
	.name = "app",
	.keys = app_keys,
	.nkeys = sizeof app_keys / sizeof app_keys[0],
	.size = sizeof (struct app_conf),
	.finish = app_conf_finish,
};

int
appconf_check_colours(const struct conf *cfg, char **cause)
{
	const struct conf_named *nv;
	const struct envconf_values *e;
	struct colour c;
	char *why = NULL;
	size_t i;
	int line;

	nv = conf_named_values(cfg, &envconf_conf_table);
	for (i = 0; nv != NULL && i < nv->n; i++) {
		e = nv->values[i];
		if (e->color == NULL || element_by_name(e->color) >= 0 ||
		    element_parse(e->color, &c, &why) == 0)
			continue;
		line = cfg->path != NULL ? conf_find_line(cfg->path,
		    "environment", nv->names[i], "color") : 0;
		*cause = xasprintf("%s:%d: key 'environment.%s.color': %s",
		    cfg->path != NULL ? cfg->path : "config", line,
		    nv->names[i], why != NULL ? why : "bad colour");
		free(why);
		return -1;
	}
	return 0;
}

/* One of layout or zoom names a pane the table has not: its FILE:LINE. */
static int
layout_error(const struct conf *cfg, const char *key, char *why,
    char **cause)
{
	int line = cfg->path != NULL ? conf_find_line(cfg->path, "ui", NULL,
	    key) : 0;

	*cause = xasprintf("%s:%d: key 'ui.%s': %s", cfg->path != NULL ?
	    cfg->path : "config", line, key, why != NULL ? why : "bad value");
	free(why);
	return -1;
}

int
appconf_check_layout(const struct conf *cfg, char **cause)
{
	const struct app_conf *ac = conf_values(cfg, &app_conf_table);
	struct layout_spec s;
	char *why = NULL;

	if (ac == NULL)
		return 0;
	if (pane_layout(&s, ac->layout, NULL, &why) != 0)
		return layout_error(cfg, "layout", why, cause);
	if (pane_layout(&s, ac->layout, ac->zoom, &why) != 0)
		return layout_error(cfg, "zoom", why, cause);
	return 0;
}
