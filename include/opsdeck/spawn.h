/* spawn: running a local command without a shell (token-command, a
 * deploy-command): fork and execvp of an argument vector, the child in its
 * own process group with default signals, stdin on /dev/null, every other
 * descriptor of the console closed; its output read into the caller's
 * buffer until end of file or a deadline, after which its whole group is
 * killed. Any thread (a worker's, or main before the threads start). */
#ifndef OPSDECK_SPAWN_H
#define OPSDECK_SPAWN_H

#include <stddef.h>

#define SPAWN_STDERR	0x1	/* stderr into the output too (else
				 * /dev/null) */
#define SPAWN_DRAIN	0x2	/* output past the buffer: read on and drop
				 * it (else stop and kill: too_long) */

struct spawn_result {
	int	 status;	/* waitpid's */
	int	 timed_out;	/* killed at the deadline */
	int	 too_long;	/* more output than the buffer holds */
	size_t	 len;		/* bytes in out (NUL-terminated) */
};

/* Runs argv (argv[0] looked up in PATH) for at most timeout_ms; out (size
 * bytes, size >= 1) gets the first size - 1 bytes of output and a NUL.
 * 0 when the child ran and was reaped (see *res), -1 with *cause (malloc'd)
 * when it could not be started. */
int	 spawn_run(char *const argv[], unsigned flags, int timeout_ms,
	    char *out, size_t size, struct spawn_result *res, char **cause);

#endif
