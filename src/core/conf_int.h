/* conf_int: what the conf*.c files share. Internal to src/core/conf*.c. */
#ifndef OPSDECK_CONF_INT_H
#define OPSDECK_CONF_INT_H

#include <stddef.h>

#include <git2.h>

#include "opsdeck/conf.h"

/* One conf_load in progress. */
struct conf_loader {
	git_config	*git;		/* snapshot of defaults + user file */
	const char	*user_path;	/* NULL: defaults only */
	const char	*defaults_path;	/* where libgit2 reads the defaults */
	struct conf	*cfg;
	char		*cause;
	/* Set: unknown names are noted here instead of failing. */
	struct conf_report *report;
};

/* The keys of a [repo "owner/name"] section (struct repo_conf). */
extern const struct conf_key	conf_repo_keys[];
extern const size_t		conf_nrepo_keys;

/* Set ld->cause to "FILE:LINE: message" (or "FILE: ", or "built-in
 * defaults: " when file is NULL); return -1. */
int	 conf_fail_at(struct conf_loader *, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same for a key, at the line (of the user's file or one it includes)
 * whose value is in effect: "FILE:LINE: key 'S[.SUB].K': message". */
int	 conf_fail_key(struct conf_loader *, const char *section,
	    const char *sub, const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* A malloc'd copy of a value fit for a message: short, terminal-inert. */
char	*conf_show(const char *);
/* Reads and checks section[.sub].key into base; absent keeps base's. */
int	 conf_load_key(struct conf_loader *, const struct conf_key *,
	    const char *sub, void *base);

/* conf_named.c: a named table's instances into *out (a struct
 * conf_named, set even on error, for conf_named_free). */
int	 conf_load_named(struct conf_loader *, const struct conf_table *,
	    void **out);
void	 conf_named_free(const struct conf_table *, struct conf_named *);
/* conf.c: frees the strings of one table's struct, and the struct. */
void	 conf_table_values_done(const struct conf_table *, void *values);

/* conf_lists.c: [repo "owner/name"] and [keys], in file order. */
int	 conf_load_repos(struct conf_loader *);
int	 conf_load_keys(struct conf_loader *);
/* conf_patterns.c: section.key as a list of checked PCRE2 patterns. */
int	 conf_load_patterns(struct conf_loader *, const char *section,
	    const char *key, struct conf_patterns *);
void	 conf_patterns_done(struct conf_patterns *);
/* conf_check.c: every section and key of the user's file (and what it
 * includes) and of the defaults is known to a table or to conf itself;
 * else -1 with "FILE:LINE: unknown key 'ui.themee'; did you mean
 * 'theme'?". */
int	 conf_check_names(struct conf_loader *);
/* Appends a malloc'd string to a list. */
void	 conf_list_add(char ***v, size_t *n, char *s);

#endif
