/* journal: the audit journal of mutating actions. JSON lines, append-only,
 * private (0600, owned by the user, never group/world-writable, never a
 * symlink), each record one write(2) and fsync'd: an intent record before
 * the request leaves, an outcome record with the same id after. Strings
 * are sanitised (text_sanitize) and capped; a record that would contain a
 * configured secret or anything that looks like a GitHub token is refused,
 * so no token can reach the file (the API never takes one).
 *
 * Disk I/O: never on the UI thread. A struct journal is used by one thread
 * at a time; several processes may append to the same file (O_APPEND keeps
 * each record whole). */
#ifndef OPSDECK_JOURNAL_H
#define OPSDECK_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct journal;

/* Each string field is cut at this many bytes (after sanitising). */
#define JOURNAL_FIELD_MAX	1024
/* Room for an id, NUL included. */
#define JOURNAL_ID_SIZE		48

/* What is about to be done. NULL fields are written as null. */
struct journal_intent {
	const char	*action;	/* "deploy", "rollback", "cancel", ... */
	const char	*repo;		/* owner/name */
	const char	*environment;
	const char	*from_sha;
	const char	*to_sha;
	const char	*target;	/* a run id, an issue number, ... */
	const char	*reason;	/* typed by the user */
	/* Break-glass: the gates that failed (or why they could not be
	 * evaluated) when the user forced the action past them; NULL. */
	const char	*break_glass;
};

/* What came of it. */
struct journal_outcome {
	long		 http_status;	/* 0: no answer (transport error) */
	const char	*request_id;	/* x-github-request-id */
	const char	*error;		/* NULL on success */
	/* A local command's output (deploy-command), NULL for none; cut
	 * at JOURNAL_FIELD_MAX like every field. */
	const char	*output;
};

/* Opens (creating with 0600, and its directory with 0700) the journal at
 * path. Refuses a symlink, a non-regular file, a file owned by another user
 * or writable by group or others, and a directory someone else could swap
 * the file in (another user's, or group/world-writable and not sticky),
 * saying which in *cause. secrets (may be
 * NULL) are values no record may contain (the token, ...); they are copied
 * and wiped on close. A file whose last line was torn (a crash mid-write)
 * gets a newline first, so the next record starts on a line of its own.
 * 0, or -1 with *cause (malloc'd). */
int	 journal_open(struct journal **, const char *path,
	    const char *const *secrets, size_t nsecrets, char **cause);
/* Closes and frees; NULL is fine; sets *j to NULL. */
void	 journal_close(struct journal **);

/* Writes and fsyncs the intent record; its new id goes to id (size
 * JOURNAL_ID_SIZE). 0, or -1 with *cause: then nothing durable was written
 * and the action must not be sent. */
int	 journal_intent(struct journal *, const struct journal_intent *,
	    char *id, char **cause);
/* Writes and fsyncs the outcome record of the intent with this id. */
int	 journal_outcome(struct journal *, const char *id,
	    const struct journal_outcome *, char **cause);

/* What came of the workflow run a deploy's dispatch started, followed
 * after the outcome: a record of its own ("phase": "run"), same id. */
struct journal_followup {
	int64_t		 run_id;	/* 0: no run was found */
	const char	*status;	/* the run's last status, NULL */
	const char	*conclusion;	/* NULL unless completed */
	const char	*error;		/* why it is not known, NULL */
};

/* Writes and fsyncs the run record of the intent with this id. */
int	 journal_followup(struct journal *, const char *id,
	    const struct journal_followup *, char **cause);

/* Whether s holds a secret or something shaped like a GitHub token
 * (ghp_, gho_, ghu_, ghs_, ghr_ followed by 30 or more of [A-Za-z0-9], or
 * github_pat_ followed by 22 or more of [A-Za-z0-9_]). */
bool	 journal_looks_secret(const char *s, const char *const *secrets,
	    size_t nsecrets);

/* One action as the audit view shows it: its intent and, once written,
 * its outcome. Strings are malloc'd (NULL when absent). */
struct journal_entry {
	char		*id;
	char		*time;		/* RFC 3339, UTC */
	char		*user, *ssh_client, *tty;
	char		*action, *repo, *environment;
	char		*from_sha, *to_sha, *target, *reason;
	char		*break_glass;	/* NULL: not forced past a gate */
	bool		 has_outcome;
	char		*outcome_time;
	long		 http_status;
	char		*request_id, *error;
	char		*output;	/* a local command's, or NULL */
	/* The followed run (journal_followup), when recorded. */
	bool		 has_run;
	int64_t		 run_id;
	char		*run_status, *run_conclusion, *run_error;
};

/* Reads the latest max actions (newest first) from the last 4 MiB of the
 * journal at path. Lines that do not parse (a torn last line after a
 * kill -9, garbage) are skipped and counted in *skipped (may be NULL).
 * A missing file is no entries. 0, or -1 with *cause. */
int	 journal_read_latest(const char *path, size_t max,
	    struct journal_entry **entries, size_t *n, size_t *skipped,
	    char **cause);
void	 journal_entries_free(struct journal_entry *, size_t n);

#endif
