/* conf_scan: where things are in git-config files, for file:line messages
 * and for what libgit2's API does not report (a [repo "o/n"] section with
 * no keys). libgit2 has already parsed and accepted the files; this reader
 * only finds lines. Internal to src/core/conf*.c; any thread. */
#ifndef OPSDECK_CONF_SCAN_H
#define OPSDECK_CONF_SCAN_H

/* The scanner reads only regular files of sane size: an include of
 * /dev/zero or a FIFO must not hang the console. */
#define CONFIG_SCAN_MAX_BYTES	(1 << 20)
/* As libgit2's, so that a cycle of includes ends the same way. */
#define CONFIG_SCAN_MAX_DEPTH	10

/* One section header or one key line, as the walk meets it. The strings
 * are borrowed for the duration of the callback. */
struct conf_site {
	const char	*file;		/* the user's path, or dir/include */
	int		 line;		/* 1-based */
	const char	*section;	/* lower case */
	const char	*sub;		/* "" when none; case kept ("a.B" form
					 * lower-cased, as git does) */
	const char	*key;		/* lower case; NULL for a header */
};

/* A positive value from the callback stops the walk and is returned. */
typedef int (*conf_site_cb)(const struct conf_site *, void *);

/* Walks path in order; with follow, descends into [include] path = FILE
 * where it appears (relative to the including file, ~/ from $HOME), which
 * is the order in which git and libgit2 apply values: the last site of a
 * key is the one in effect. Includes that cannot be read are skipped, as
 * libgit2 does. 0 at the end, -1 when path itself is unreadable. */
int	 conf_scan_walk(const char *path, int follow, conf_site_cb cb,
	    void *arg);

#endif
