/* deployrun: runs a [repo] deploy-command (spawn: fork/execve, never a
 * shell) with its output shown live. While it runs, the lines it prints
 * (stdout and stderr) are published to STORE_ACTIONS under
 * DEPLOYRUN_KEY a few times a second at most (and at once for the first
 * output), raw as printed (the UI sanitises them when it draws them);
 * the last snapshot says how it ended. The caller (the action worker's
 * thread) keeps the journal's outcome from what it returns. */
#ifndef OPSDECK_DEPLOYRUN_H
#define OPSDECK_DEPLOYRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct spawn_result;
struct store;

#define DEPLOYRUN_KEY	"output"	/* struct deploy_output */
#define DEPLOYRUN_LINES	200		/* the last lines kept */
#define DEPLOYRUN_LINE_MAX 512		/* bytes of a line kept */

/* A command's output so far (immutable once published). */
struct deploy_output {
	char		*id;		/* the journal intent's id: one run */
	char		*repo, *environment, *sha, *program;
	char		**lines;	/* the last lines, oldest first; the
					 * last may be unfinished */
	size_t		 nlines;
	size_t		 dropped;	/* earlier lines not kept */
	bool		 running;
	bool		 ok;		/* ended with exit 0 */
	char		*status;	/* when ended: "exit 0", why not */
	time_t		 started;
};

/* What the command is for: copied into every snapshot. */
struct deployrun_what {
	const char	*id, *repo, *environment, *sha;
};

/* Runs argv for at most timeout_ms keeping cap bytes of output in *res
 * (spawn_result_init'd by the caller); publishes the output live to
 * store. Returns NULL when it exited 0, else why not (malloc'd:
 * "deploy-command 'x' failed (exit 3)", "... timed out after N s",
 * "deploy-command: cannot run x: ..."). A worker thread. */
char	*deployrun_run(struct store *, const struct deployrun_what *,
	    char **argv, long timeout_ms, size_t cap,
	    const volatile int *stop, struct spawn_result *res);
/* The last line of out[0..len) into dst (for the status line). */
void	 deployrun_last_line(const char *out, size_t len, char *dst,
	    size_t size);

#endif
