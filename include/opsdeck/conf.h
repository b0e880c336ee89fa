/* config: opsdeck's configuration, in git-config syntax, read with libgit2's
 * config API (comments, quoting, [include] and multivars for free). The
 * defaults are a config file compiled into the binary and read by the same
 * code. Errors name file:line and the key. Call from main before threads. */
#ifndef OPSDECK_CONF_H
#define OPSDECK_CONF_H

#include <stddef.h>

struct repo_conf {
	char	*name;		/* "owner/name" */
	char	*path;		/* local clone; NULL */
	char	*branch;	/* NULL = all branches */
	int	 interval_s;	/* poll interval, seconds */
};

/* Extra PCRE2 patterns from a multivar key, added to the built-in ones. */
struct conf_patterns {
	char	**v;
	size_t	  n;
};

struct conf {
	char	*path;		/* the file read; NULL if none (defaults only) */
	/* [github] */
	char	*api_url;	/* default https://api.github.com */
	char	*api_version;	/* default 2022-11-28 */
	char	*token_command;	/* argv as one string, split on spaces, no shell */
	int	 connect_timeout_s;
	int	 timeout_s;
	int	 per_page;
	int	 allow_insecure;	/* http:// to a non-loopback host */
	int	 log_timeout_s;	/* a job log's total download time */
	/* [cache] */
	long long cache_max_size;	/* bytes, each of the two caches */
	int	 cache_max_age_s;	/* entries older than this go */
	/* [core] */
	int	 workers;
	char	*cache_dir;	/* default $XDG_CACHE_HOME/opsdeck */
	/* [ui] */
	char	*theme;
	char	*layout;	/* "grid" (2x2) or "stack" */
	int	 interval_s;	/* default poll interval */
	int	 fast_interval_s; /* while a run is in progress */
	/* [git] */
	int	 stale_days;	/* a branch with no commit for this long */
	struct conf_patterns risky;	/* git.risky: paths that need care */
	/* [log] */
	struct conf_patterns mask;	/* log.mask: secrets to hide */
	/* [repo "owner/name"] */
	struct repo_conf *repos;
	size_t	 nrepos;
	/* [keys] ACTION = KEY (a multivar: several keys per action), in file
	 * order; checked by the UI, which knows the actions and key names. */
	struct key_conf *keys;
	size_t	 nkeys;
};

struct key_conf {
	char	*action;	/* "refresh" */
	char	*key;		/* "C-r" */
	char	*where;		/* "FILE:LINE" for messages */
};

/* path NULL: $XDG_CONFIG_HOME/opsdeck/config (or ~/.config/...), which may
 * be absent. An explicit path must exist. On error returns -1 with *cause
 * "FILE:LINE: key 'ui.layout': ..." and leaves *cfg zeroed. */
int	 conf_load(struct conf *cfg, const char *path, char **cause);
void	 conf_done(struct conf *);
/* Adds the repo of the git repository at dir (owner/name from its origin
 * remote) when cfg has no [repo]. 0 ok or nothing to add, -1 with cause. */
int	 conf_default_repo(struct conf *cfg, const char *dir, char **cause);

/* The last line of a git-config file where section[."sub"].key is set (0 if
 * none, or the file is not a regular file under 1 MiB); for file:line
 * messages about values libgit2 parsed but opsdeck rejects. */
int	 conf_find_line(const char *path, const char *section,
	    const char *sub, const char *key);

#endif
