/* conf: opsdeck's configuration, in git-config syntax, read with libgit2's
 * config API (comments, quoting, [include] and multivars for free). The
 * defaults are a config file compiled into the binary and read by the same
 * code. Errors name file:line and the key.
 *
 * conf itself knows only the generic parts: files and includes, the
 * [repo "owner/name"] list and [keys]. Every other key belongs to a table
 * (struct conf_table) that its owner (a source, the app) registers: one row
 * per key says where the value goes in the owner's struct, how it is
 * checked, and its help text. A section or key that no table (nor the
 * generic part) knows is an error at its FILE:LINE naming the nearest known
 * name. Call from main before threads. */
#ifndef OPSDECK_CONF_H
#define OPSDECK_CONF_H

#include <stddef.h>

struct repo_conf {
	char	*name;		/* "owner/name" */
	char	*path;		/* local clone; NULL */
	char	*branch;	/* NULL = all branches */
	int	 interval_s;	/* poll interval, seconds; default ui.interval */
	/* Issue 10 (envconf.h reads them): the promotion order, blank
	 * separated ("dev staging production"; NULL: GitHub's order), and
	 * how a deploy is made: a workflow to dispatch (id or file name) on
	 * deploy_ref (NULL: the default branch), or an argv template. */
	char	*environments;
	char	*deploy_workflow;
	char	*deploy_ref;
	char	*deploy_command;
};

/* Extra PCRE2 patterns from a multivar key, added to the built-in ones. */
struct conf_patterns {
	char	**v;
	size_t	  n;
};

enum conf_kind {
	CONF_STR,	/* char *, not empty, no control characters */
	CONF_CMD,	/* char *, an argv as one string; "" = NULL */
	CONF_URL,	/* char *, http(s) base URL, trailing '/' dropped */
	CONF_INT,	/* int in [min, max] */
	CONF_DUR,	/* int seconds: 30, 30s, 5m, 1h; in [min, max] */
	CONF_PATH,	/* char *, absolute or ~/..., expanded */
	CONF_ENUM,	/* char *, one of choices */
	CONF_REF,	/* char *, a branch name */
	CONF_BOOL,	/* int 0 or 1: true/false, yes/no, on/off, 1/0 */
	CONF_SIZE,	/* long long bytes: 200M, 1G (decimal), 1M..1000G */
	CONF_HOSTS,	/* char *, host names separated by blanks; "" = NULL */
	CONF_PATTERNS	/* struct conf_patterns, a multivar of PCRE2 patterns */
};

/* One key of a table: [section] key, stored at off in the table's struct.
 * The default is in data/defaults.conf (set there, or a comment saying how
 * it is derived); help is one line saying what it does (test_config holds
 * every registered key to both). */
struct conf_key {
	const char		*section;
	const char		*key;
	enum conf_kind		 kind;
	int			 min, max;
	size_t			 off;
	const char *const	*choices;	/* CONF_ENUM */
	const char		*help;
};

/* The keys one owner registers, and the struct (of size bytes, zeroed
 * before loading) their values go into. finish, if set, runs after the
 * values are read (derived defaults, cross-key checks); on error it
 * returns -1 with *why (malloc'd) naming the key.
 *
 * A named table (named != CONF_UNNAMED, conf_named.c) is for sections that
 * take a name, [environment "production"], [check "api"]: every name the
 * files give that section (in a key or a bare header) gets its own struct
 * (struct conf_named), which init, if set, fills with that name's defaults
 * before its keys are read; finish then runs on each, its error naming the
 * section and name. Several tables may share a section (each reads its own
 * keys of it: the quality gates and the environments' keys of
 * [environment "NAME"]); a section is named if any table of it is.
 * CONF_PATTERNS keys are not read in named sections. */
enum conf_naming {
	CONF_UNNAMED = 0,	/* [quality]: one struct */
	/* [environment "NAME"]: a key written without a name is an error
	 * saying where it belongs (defaults by name come from init). */
	CONF_NAMED,
	/* [check "NAME"]: a key of the section without a name ([check]
	 * interval, as data/defaults.conf writes it, or the user's) is the
	 * default of every name, read after init, before the name's own. */
	CONF_NAMED_DEFAULTS,
};

struct conf_table {
	const char		*name;
	const struct conf_key	*keys;
	size_t			 nkeys;
	size_t			 size;
	int			(*finish)(void *values, char **why);
	enum conf_naming	 named;
	void			(*init)(void *values, const char *name);
};

/* The values of a named table: one struct per section name, in the order
 * the names first appear (the defaults', then the user's). */
struct conf_named {
	size_t	  n;
	char	**names;	/* "api", "production", "octo/web staging" */
	void	**values;	/* a struct of the table's size, each */
};

struct key_conf {
	char	*action;	/* "refresh" */
	char	*key;		/* "C-r" */
	char	*where;		/* "FILE:LINE" for messages */
};

struct conf {
	char	*path;		/* the file read; NULL if none (defaults only) */
	/* [repo "owner/name"] */
	struct repo_conf *repos;
	size_t	 nrepos;
	int	 repo_interval_s; /* [ui] interval: a repo's default */
	/* [keys] ACTION = KEY (a multivar: several keys per action), in file
	 * order; checked by the UI, which knows the actions and key names. */
	struct key_conf *keys;
	size_t	 nkeys;
	/* The registered tables and their values, in the same order. */
	const struct conf_table *const *tables;
	size_t	 ntables;
	void	**values;
};

/* path NULL: $XDG_CONFIG_HOME/opsdeck/config (or ~/.config/...), which may
 * be absent. An explicit path must exist. tables: what the keys of every
 * section other than [repo], [keys] and [include] mean (borrowed; they must
 * outlive cfg). On error returns -1 with *cause "FILE:LINE: key
 * 'ui.layout': ..." and leaves *cfg zeroed. */
int	 conf_load(struct conf *cfg, const char *path,
	    const struct conf_table *const *tables, size_t ntables,
	    char **cause);

/* What a lenient load found beside the values: the files read (in order:
 * "built-in defaults", the user's file, what it includes) and every
 * unknown section or key, "FILE:LINE: unknown key 'ui.themee'; did you
 * mean 'theme'?" (all malloc'd, sanitised). A typo must not keep the
 * console from starting at the worst moment, so at start they are warnings
 * and --check-config makes them errors. */
struct conf_report {
	char	**files;
	size_t	  nfiles;
	char	**problems;
	size_t	  nproblems;
};

/* conf_load, except that unknown names go to *report (zeroed first) and do
 * not fail the load; an invalid value still does (with *cause). *report
 * is filled on failure too; free it with conf_report_done. */
int	 conf_load_report(struct conf *cfg, const char *path,
	    const struct conf_table *const *tables, size_t ntables,
	    struct conf_report *report, char **cause);
void	 conf_report_done(struct conf_report *);
void	 conf_done(struct conf *);
/* The values of a registered table (borrowed); NULL if t is not one. For
 * a named table, a const struct conf_named *. */
const void *conf_values(const struct conf *, const struct conf_table *t);
/* The values of a named table (borrowed, never NULL for a registered
 * named table: n may be 0); NULL if t is not a registered named table. */
const struct conf_named *conf_named_values(const struct conf *,
	    const struct conf_table *t);
/* The values of a named table's section NAME (borrowed); NULL if there is
 * no such section (or t is not a registered named table). Exact name. */
const void *conf_values_named(const struct conf *, const struct conf_table *t,
	    const char *name);
/* Whether the user's file (or one it includes) sets section.key. */
int	 conf_user_sets(const struct conf *, const char *section,
	    const char *key);
/* The same for section "sub" key (a named section). */
int	 conf_user_sets_named(const struct conf *, const char *section,
	    const char *sub, const char *key);
/* When cfg has no [repo]: adds the repository of the git repository at dir
 * (owner/name from its origin remote) and sets *host (malloc'd, lower
 * case) to the remote's host, for the caller to decide which API serves
 * it. 0 ok or nothing to add (*host NULL), -1 with cause. */
int	 conf_default_repo(struct conf *cfg, const char *dir, char **host,
	    char **cause);

/* The last line of a git-config file where section[."sub"].key is set (0 if
 * none, or the file is not a regular file under 1 MiB); for file:line
 * messages about values libgit2 parsed but opsdeck rejects. */
int	 conf_find_line(const char *path, const char *section,
	    const char *sub, const char *key);

/* $HOME, else the home directory of the user's passwd entry; malloc'd,
 * NULL when there is neither. */
char	*conf_home_dir(void);
/* Levenshtein distance of a and b (case-insensitive), for "did you mean". */
size_t	 conf_distance(const char *a, const char *b);

#endif
