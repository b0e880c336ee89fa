/* conf_int: what config.c shares with conf_lists.c. Internal. */
#ifndef OPSDECK_CONFIG_INT_H
#define OPSDECK_CONFIG_INT_H

#include <stddef.h>

#include <git2.h>

struct conf;

/* One conf_load in progress. */
struct conf_loader {
	git_config	*git;		/* snapshot of defaults + user file */
	const char	*user_path;	/* NULL: defaults only */
	struct conf	*cfg;
	char		*cause;
};

enum conf_kind { K_STR, K_CMD, K_URL, K_INT, K_DUR, K_PATH, K_ENUM, K_REF,
    K_BOOL, K_SIZE };

/* One known key: where its value goes (an offset into struct conf or
 * struct repo_conf) and how it is checked. Unknown keys are ignored so
 * that an older opsdeck reads a newer file. */
struct conf_key {
	const char		*section;
	const char		*key;
	enum conf_kind	 kind;
	int			 min, max;
	size_t			 off;
	const char *const	*choices;
};

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

/* conf_lists.c: [repo "owner/name"] and [keys], in file order. */
int	 conf_load_repos(struct conf_loader *);
int	 conf_load_keys(struct conf_loader *);
/* conf_patterns.c: section.key as a list of checked PCRE2 patterns. */
struct conf_patterns;
int	 conf_load_patterns(struct conf_loader *, const char *section,
	    const char *key, struct conf_patterns *);
void	 conf_patterns_done(struct conf_patterns *);

#endif
