/* spawn: runs a local program as an argument vector by fork/execve (never
 * a shell), with a deadline: health command checks, token-command and
 * deploy-command alike, so none grows its own copy. The child gets stdin
 * on /dev/null, stdout (and stderr, or /dev/null) on one pipe, its own
 * process group (a timeout kills the group, grandchildren too), every
 * signal unblocked and at its default, and no other descriptor. Any
 * thread. */
#ifndef OPSDECK_SPAWN_H
#define OPSDECK_SPAWN_H

#include <stdbool.h>
#include <stddef.h>

#include "opsdeck/buf.h"

#define SPAWN_MAX_ARGS	64

#define SPAWN_STDERR	0x1	/* stderr into the output too (else
				 * /dev/null: a token-command's warnings
				 * are not its token) */

struct spawn_result {
	bool	 exited;	/* exited (code), else killed (sig) */
	int	 code;
	int	 sig;
	bool	 timed_out;	/* killed at the deadline */
	bool	 stopped;	/* killed because *stop was set */
	bool	 truncated;	/* output past cap was read and dropped */
	long	 ms;		/* wall time from fork to reaping */
	struct buf out;		/* stdout + stderr, the first cap bytes */
};

void	 spawn_result_init(struct spawn_result *);
void	 spawn_result_done(struct spawn_result *);

/* Runs argv (argv[0] looked up on PATH when it has no '/'), waits at most
 * timeout_ms (then SIGKILL to its group), keeps at most cap bytes of its
 * output (the rest is read and dropped so it never blocks, truncated
 * set); flags SPAWN_STDERR or 0. stop, when
 * not NULL, is polled every 50 ms. 0 when the program ran (whatever its
 * exit), -1 with *cause (malloc'd: "cannot run foo: No such file or
 * directory") when it could not be started. */
int	 spawn_run(char *const argv[], unsigned flags, long timeout_ms,
	    size_t cap, const volatile int *stop, struct spawn_result *,
	    char **cause);

/* spawn_run, handing every chunk of output to fn as it is read (all of
 * it, past cap too: data, len), and calling fn(arg, NULL, 0) every 50 ms
 * or so while the program runs, so a caller can show output live
 * (deploy-command). fn runs on the calling thread and must not block. */
typedef void	(*spawn_output_fn)(void *arg, const char *data, size_t len);
int	 spawn_run_stream(char *const argv[], unsigned flags, long timeout_ms,
	    size_t cap, const volatile int *stop, spawn_output_fn fn,
	    void *arg, struct spawn_result *, char **cause);

/* A command line split on blanks into a NULL-terminated malloc'd vector
 * (no quoting, no expansion: what the words say is what runs); -1 with
 * *cause for an empty line or more than SPAWN_MAX_ARGS words. */
int	 spawn_split(const char *line, char ***argv, char **cause);
void	 spawn_argv_free(char ***argv);

#endif
