/* appconf: the keys the app itself owns ([core] workers and cache-dir, [ui]
 * theme and layout, [log] mask), as a conf_table. Main thread. */
#ifndef OPSDECK_APPCONF_H
#define OPSDECK_APPCONF_H

#include "opsdeck/conf.h"

struct app_conf {
	int			 workers;
	char			*cache_dir;	/* default $XDG_CACHE_HOME/opsdeck */
	char			*theme;
	char			*layout;	/* "grid" (2x2) or "stack" */
	struct conf_patterns	 mask;		/* log.mask: secrets to hide */
};

extern const struct conf_table	app_conf_table;

#endif
