/* appconf: the keys the app itself owns ([core] workers and cache-dir, [cache]
 * max-size and max-age, [ui]
 * theme and layout, [log] mask), as a conf_table. Main thread. */
#ifndef OPSDECK_APPCONF_H
#define OPSDECK_APPCONF_H

#include "opsdeck/conf.h"

struct app_conf {
	int			 workers;
	char			*cache_dir;	/* default $XDG_CACHE_HOME/opsdeck */
	long long		 cache_max_size; /* [cache] max-size: each cache */
	int			 cache_max_age_s; /* [cache] max-age */
	char			*theme;
	char			*layout;	/* [ui] layout: grid, stack, rows */
	char			*zoom;		/* [ui] zoom: a pane; NULL none */
	int			 readonly;	/* [ui] readonly: no actions */
	int			 ascii;		/* [ui] ascii: like --ascii */
	int			 wb_rotate_s;	/* [wallboard] rotate */
	int			 wb_stale_s;	/* [wallboard] stale-after */
	char			*wb_quit_key;	/* [wallboard] quit-key; NULL */
	int			 wb_notify;	/* [wallboard] notify */
	/* [notify]: events (parsed into notify_mask, ALERT_BIT), bell,
	 * osc9, osc777. */
	char			*notify_events;
	unsigned		 notify_mask;
	int			 notify_bell, notify_osc9, notify_osc777;
	struct conf_patterns	 mask;		/* log.mask: secrets to hide */
};

extern const struct conf_table	app_conf_table;

/* Every [environment] color is a theme element's name or a git colour
 * spec: else -1 with *cause "FILE:LINE: key 'environment.NAME.color':
 * ...". conf keeps it a string (the colour syntax is the UI's); checked
 * here, after conf_load, before anything starts. */
int	 appconf_check_colours(const struct conf *, char **cause);
/* [ui] layout and [ui] zoom name panes the console has (pane_layout): else
 * -1 with *cause "FILE:LINE: key 'ui.layout': unknown pane 'pipelnes';
 * did you mean 'pipelines'?". After conf_load, before anything starts. */
int	 appconf_check_layout(const struct conf *, char **cause);

#endif
