/* journal: owns the audit journal file: opening it safely, writing intent
 * and outcome records (one write(2) each, fsync'd, sanitised, never with a
 * token), and reading the latest entries back for the audit view. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "opsdeck/fsutil.h"
#include "opsdeck/journal.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"

/* How much of the file's end journal_read_latest looks at. */
#define JOURNAL_TAIL	(4u << 20)

struct journal {
	int		 fd;
	char		*path;
	char		**secrets;
	size_t		 nsecrets;
	/* Who and where, read once at open (getenv is not thread-safe). */
	char		*user;
	char		*ssh_client;
	char		*tty;
	unsigned	 seq;
};

static char *
journal_user(void)
{
	struct passwd	 pw, *res = NULL;
	char		 buf[4096];

	if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &res) == 0 &&
	    res != NULL && pw.pw_name != NULL)
		return (xstrdup(pw.pw_name));
	return (xasprintf("uid %lu", (unsigned long)geteuid()));
}

static char *
journal_tty(void)
{
	char	buf[256];
	int	fd;

	for (fd = 0; fd <= 2; fd++)
		if (isatty(fd) && ttyname_r(fd, buf, sizeof buf) == 0)
			return (xstrdup(buf));
	return (NULL);
}

/* The file is ours alone: a regular file, our uid, no group/other write. */
static int
journal_check(int fd, const char *path, char **cause)
{
	struct stat	sb;

	if (fstat(fd, &sb) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	if (!S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s: not a regular file", path);
		return (-1);
	}
	if (sb.st_uid != geteuid()) {
		*cause = xasprintf("%s: owned by uid %lu, not by you (uid %lu)",
		    path, (unsigned long)sb.st_uid, (unsigned long)geteuid());
		return (-1);
	}
	if ((sb.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		*cause = xasprintf("%s: writable by %s (mode %04o); "
		    "chmod 600 it", path, (sb.st_mode & S_IWOTH) ? "others" :
		    "the group", (unsigned)(sb.st_mode & 07777));
		return (-1);
	}
	return (0);
}

/* The directory holding the journal: no one else may swap the file in it
 * (ours or root's, and not group/world-writable unless sticky, as /tmp). */
static int
journal_check_dir(const char *path, char **cause)
{
	struct stat	 sb;
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 rc = 0;

	if (slash == NULL)
		dir = xstrdup(".");
	else if (slash == path)
		dir = xstrdup("/");
	else
		dir = xstrndup(path, (size_t)(slash - path));
	if (stat(dir, &sb) != 0) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		rc = -1;
	} else if (sb.st_uid != geteuid() && sb.st_uid != 0) {
		*cause = xasprintf("%s: the journal's directory is owned by "
		    "uid %lu, not by you", dir, (unsigned long)sb.st_uid);
		rc = -1;
	} else if ((sb.st_mode & (S_IWGRP | S_IWOTH)) != 0 &&
	    (sb.st_mode & S_ISVTX) == 0) {
		*cause = xasprintf("%s: the journal's directory is writable by "
		    "%s (mode %04o)", dir, (sb.st_mode & S_IWOTH) ? "others" :
		    "the group", (unsigned)(sb.st_mode & 07777));
		rc = -1;
	}
	free(dir);
	return (rc);
}

static bool
journal_dir_exists(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	struct stat	 sb;
	bool		 yes;

	if (slash == NULL)
		return (true);	/* the current directory */
	dir = xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	yes = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
	free(dir);
	return (yes);
}

/* A torn last line (kill -9 mid-write, a full disk) gets its newline. */
static int
journal_repair(int fd, const char *path, char **cause)
{
	struct stat	sb;
	char		last;

	if (fstat(fd, &sb) != 0 || sb.st_size == 0)
		return (0);
	if (pread(fd, &last, 1, sb.st_size - 1) != 1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	if (last != '\n' && fs_write_all(fd, "\n", 1) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	return (0);
}

int
journal_open(struct journal **out, const char *path,
    const char *const *secrets, size_t nsecrets, char **cause)
{
	struct journal	*j;
	const char	*ssh;
	size_t		 i;
	int		 fd;

	*out = NULL;
	*cause = NULL;
	if (path == NULL || *path == '\0') {
		*cause = xstrdup("no audit journal path");
		return (-1);
	}
	/* A missing directory is made private; an existing one is judged
	 * by journal_check_dir, which (unlike a cache directory's check)
	 * accepts a sticky one like /tmp: the journal is one file of ours,
	 * opened without following links and checked for its owner. */
	if (!journal_dir_exists(path) && fs_mkdir_private(path, 0) != 0) {
		*cause = xasprintf("%s: cannot create its directory: %s", path,
		    strerror(errno));
		return (-1);
	}
	if (journal_check_dir(path, cause) != 0)
		return (-1);
	/* Read too: journal_repair looks at the last byte. */
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", path, errno == ELOOP ?
		    "is a symbolic link" : strerror(errno));
		return (-1);
	}
	if (journal_check(fd, path, cause) != 0 ||
	    journal_repair(fd, path, cause) != 0) {
		close(fd);
		return (-1);
	}
	j = xcalloc(1, sizeof *j);
	j->fd = fd;
	j->path = xstrdup(path);
	if (nsecrets > 0)
		j->secrets = xcalloc(nsecrets, sizeof *j->secrets);
	for (i = 0; i < nsecrets; i++)
		if (secrets[i] != NULL && *secrets[i] != '\0')
			j->secrets[j->nsecrets++] = xstrdup(secrets[i]);
	j->user = journal_user();
	if ((ssh = getenv("SSH_CLIENT")) != NULL)
		j->ssh_client = xstrdup(ssh);
	j->tty = journal_tty();
	*out = j;
	return (0);
}

static void
journal_wipe_free(char *s)
{
	volatile char	*p = s;

	if (s == NULL)
		return;
	while (*p != '\0')
		*p++ = '\0';
	free(s);
}

void
journal_close(struct journal **jp)
{
	struct journal	*j;
	size_t		 i;

	if (jp == NULL || (j = *jp) == NULL)
		return;
	close(j->fd);
	for (i = 0; i < j->nsecrets; i++)
		journal_wipe_free(j->secrets[i]);
	free(j->secrets);
	free(j->path);
	free(j->user);
	free(j->ssh_client);
	free(j->tty);
	free(j);
	*jp = NULL;
}

static size_t
journal_run(const char *s, const char *set)
{
	size_t	n = 0;

	while (s[n] != '\0' && strchr(set, s[n]) != NULL)
		n++;
	return (n);
}

bool
journal_looks_secret(const char *s, const char *const *secrets,
    size_t nsecrets)
{
	static const char	*alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789";
	static const char	*pat = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789_";
	const char		*p;
	size_t			 i;

	if (s == NULL)
		return (false);
	for (i = 0; i < nsecrets; i++)
		if (secrets[i] != NULL && *secrets[i] != '\0' &&
		    strstr(s, secrets[i]) != NULL)
			return (true);
	for (p = s; (p = strstr(p, "gh")) != NULL; p++)
		if (p[2] != '\0' && strchr("pousr", p[2]) != NULL &&
		    p[3] == '_' && journal_run(p + 4, alnum) >= 30)
			return (true);
	for (p = s; (p = strstr(p, "github_pat_")) != NULL; p++)
		if (journal_run(p + 11, pat) >= 22)
			return (true);
	return (false);
}

/* A sanitised, capped JSON string, or null. */
static json_t *
journal_str(const char *s)
{
	json_t	*v;
	char	*clean;
	size_t	 cut;

	if (s == NULL)
		return (json_null());
	if ((clean = text_sanitize(s, strlen(s), 0)) == NULL) {
		fprintf(stderr, "opsdeck: out of memory\n");
		abort();
	}
	if (strlen(clean) > JOURNAL_FIELD_MAX) {
		/* Cut on a code point boundary: the result stays UTF-8. */
		cut = JOURNAL_FIELD_MAX;
		while (cut > 0 && ((unsigned char)clean[cut] & 0xc0) == 0x80)
			cut--;
		clean[cut] = '\0';
	}
	v = json_string(clean);
	free(clean);
	return (v != NULL ? v : json_null());
}

static void
journal_now(char *dst, size_t size)
{
	struct timespec	 ts;
	struct tm	 tm;
	char		 base[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	if (gmtime_r(&ts.tv_sec, &tm) == NULL ||
	    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(base, sizeof base, "1970-01-01T00:00:00");
	snprintf(dst, size, "%s.%03ldZ", base, ts.tv_nsec / 1000000);
}

/* Serialises obj as one line and appends it with a single write(2), then
 * fsyncs. One write, not fs_write_all's loop: with O_APPEND a record lands
 * whole even when two consoles share the file; a short write (a full disk)
 * is an error, and its torn line is closed so the next record parses. */
static int
journal_append(struct journal *j, json_t *obj, const char *what,
    char **cause)
{
	char	*line, *nl;
	size_t	 len;
	ssize_t	 w;
	int	 rc = -1;

	*cause = NULL;
	line = json_dumps(obj, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (line == NULL) {
		*cause = xasprintf("%s record: cannot encode", what);
		return (-1);
	}
	if (journal_looks_secret(line, (const char *const *)j->secrets,
	    j->nsecrets)) {
		*cause = xasprintf("%s record refused: it would contain a "
		    "token or secret", what);
		goto out;
	}
	len = strlen(line);
	nl = xmalloc(len + 2);
	memcpy(nl, line, len);
	nl[len] = '\n';
	nl[len + 1] = '\0';
	do
		w = write(j->fd, nl, len + 1);
	while (w == -1 && errno == EINTR);
	if (w != (ssize_t)(len + 1)) {
		*cause = xasprintf("%s: %s record not written: %s", j->path,
		    what, w == -1 ? strerror(errno) : "short write");
		if (w > 0)
			(void)fs_write_all(j->fd, "\n", 1);
		free(nl);
		goto out;
	}
	free(nl);
	if (fsync(j->fd) != 0) {
		*cause = xasprintf("%s: fsync: %s", j->path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(line);
	return (rc);
}

/* Refuses raw fields holding a secret before anything is built. */
static int
journal_guard(struct journal *j, const char *const *fields, size_t n,
    const char *what, char **cause)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (journal_looks_secret(fields[i],
		    (const char *const *)j->secrets, j->nsecrets)) {
			*cause = xasprintf("%s record refused: a field would "
			    "contain a token or secret", what);
			return (-1);
		}
	return (0);
}

static void
journal_new_id(struct journal *j, char *id)
{
	uint32_t	rnd = 0;

	if (getentropy(&rnd, sizeof rnd) != 0)
		rnd = (uint32_t)clock();
	snprintf(id, JOURNAL_ID_SIZE, "%lld-%ld-%u-%08x",
	    (long long)time(NULL), (long)getpid(), ++j->seq, rnd);
}

int
journal_intent(struct journal *j, const struct journal_intent *in, char *id,
    char **cause)
{
	const char	*fields[] = { in->action, in->repo, in->environment,
			    in->from_sha, in->to_sha, in->target, in->reason,
			    in->break_glass };
	char		 now[48];
	json_t		*o;
	int		 rc;

	*cause = NULL;
	*id = '\0';
	if (in->action == NULL) {
		*cause = xstrdup("intent record without an action");
		return (-1);
	}
	if (journal_guard(j, fields, sizeof fields / sizeof fields[0],
	    "intent", cause) != 0)
		return (-1);
	journal_new_id(j, id);
	journal_now(now, sizeof now);
	o = json_object();
	json_object_set_new(o, "time", json_string(now));
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "phase", json_string("intent"));
	json_object_set_new(o, "user", journal_str(j->user));
	json_object_set_new(o, "ssh_client", journal_str(j->ssh_client));
	json_object_set_new(o, "tty", journal_str(j->tty));
	json_object_set_new(o, "pid", json_integer((json_int_t)getpid()));
	json_object_set_new(o, "action", journal_str(in->action));
	json_object_set_new(o, "repo", journal_str(in->repo));
	json_object_set_new(o, "environment", journal_str(in->environment));
	json_object_set_new(o, "from_sha", journal_str(in->from_sha));
	json_object_set_new(o, "to_sha", journal_str(in->to_sha));
	json_object_set_new(o, "target", journal_str(in->target));
	json_object_set_new(o, "reason", journal_str(in->reason));
	if (in->break_glass != NULL)
		json_object_set_new(o, "break_glass",
		    journal_str(in->break_glass));
	rc = journal_append(j, o, "intent", cause);
	json_decref(o);
	if (rc != 0)
		*id = '\0';
	return (rc);
}

int
journal_outcome(struct journal *j, const char *id,
    const struct journal_outcome *out, char **cause)
{
	const char	*fields[] = { out->request_id, out->error,
			    out->output };
	char		 now[48];
	json_t		*o;
	int		 rc;

	*cause = NULL;
	if (id == NULL || *id == '\0') {
		*cause = xstrdup("outcome record without an id");
		return (-1);
	}
	if (journal_guard(j, fields, 3, "outcome", cause) != 0)
		return (-1);
	journal_now(now, sizeof now);
	o = json_object();
	json_object_set_new(o, "time", json_string(now));
	json_object_set_new(o, "id", journal_str(id));
	json_object_set_new(o, "phase", json_string("outcome"));
	json_object_set_new(o, "http_status", out->http_status > 0 ?
	    json_integer(out->http_status) : json_null());
	json_object_set_new(o, "request_id", journal_str(out->request_id));
	json_object_set_new(o, "error", journal_str(out->error));
	if (out->output != NULL)
		json_object_set_new(o, "output", journal_str(out->output));
	rc = journal_append(j, o, "outcome", cause);
	json_decref(o);
	return (rc);
}

int
journal_followup(struct journal *j, const char *id,
    const struct journal_followup *fu, char **cause)
{
	const char	*fields[] = { fu->status, fu->conclusion, fu->error };
	char		 now[48];
	json_t		*o;
	int		 rc;

	*cause = NULL;
	if (id == NULL || *id == '\0') {
		*cause = xstrdup("run record without an id");
		return (-1);
	}
	if (journal_guard(j, fields, 3, "run", cause) != 0)
		return (-1);
	journal_now(now, sizeof now);
	o = json_object();
	json_object_set_new(o, "time", json_string(now));
	json_object_set_new(o, "id", journal_str(id));
	json_object_set_new(o, "phase", json_string("run"));
	json_object_set_new(o, "run_id", fu->run_id > 0 ?
	    json_integer((json_int_t)fu->run_id) : json_null());
	json_object_set_new(o, "status", journal_str(fu->status));
	json_object_set_new(o, "conclusion", journal_str(fu->conclusion));
	json_object_set_new(o, "error", journal_str(fu->error));
	rc = journal_append(j, o, "run", cause);
	json_decref(o);
	return (rc);
}

/* --- reading back ------------------------------------------------------ */

static char *
journal_get(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return (json_is_string(v) ? xstrdup(json_string_value(v)) : NULL);
}

static void
journal_entry_done(struct journal_entry *e)
{
	free(e->id);
	free(e->time);
	free(e->user);
	free(e->ssh_client);
	free(e->tty);
	free(e->action);
	free(e->repo);
	free(e->environment);
	free(e->from_sha);
	free(e->to_sha);
	free(e->target);
	free(e->reason);
	free(e->break_glass);
	free(e->outcome_time);
	free(e->request_id);
	free(e->output);
	free(e->error);
	free(e->run_status);
	free(e->run_conclusion);
	free(e->run_error);
	memset(e, 0, sizeof *e);
}

void
journal_entries_free(struct journal_entry *e, size_t n)
{
	size_t	i;

	for (i = 0; e != NULL && i < n; i++)
		journal_entry_done(&e[i]);
	free(e);
}

/* A run record: the followed run of the latest entry with its id. */
static int
journal_take_run(json_t *o, const char *id, struct journal_entry *all,
    size_t n)
{
	struct journal_entry	*e;
	json_t			*rid;
	size_t			 i;

	for (i = n; i-- > 0;) {
		e = &all[i];
		if (strcmp(e->id, id) != 0 || e->has_run)
			continue;
		e->has_run = true;
		rid = json_object_get(o, "run_id");
		e->run_id = json_is_integer(rid) ?
		    (int64_t)json_integer_value(rid) : 0;
		e->run_status = journal_get(o, "status");
		e->run_conclusion = journal_get(o, "conclusion");
		e->run_error = journal_get(o, "error");
		break;
	}
	return (0);
}

/* Adds one parsed line: an intent is a new entry, an outcome completes
 * the latest entry with its id. Returns -1 for a line that is neither. */
static int
journal_take(json_t *o, struct journal_entry **all, size_t *n)
{
	struct journal_entry	*e;
	const char		*phase, *id;
	json_t			*st;
	size_t			 i;

	phase = json_string_value(json_object_get(o, "phase"));
	id = json_string_value(json_object_get(o, "id"));
	if (phase == NULL || id == NULL)
		return (-1);
	if (strcmp(phase, "intent") == 0) {
		*all = xreallocarray(*all, *n + 1, sizeof **all);
		e = &(*all)[(*n)++];
		memset(e, 0, sizeof *e);
		e->id = xstrdup(id);
		e->time = journal_get(o, "time");
		e->user = journal_get(o, "user");
		e->ssh_client = journal_get(o, "ssh_client");
		e->tty = journal_get(o, "tty");
		e->action = journal_get(o, "action");
		e->repo = journal_get(o, "repo");
		e->environment = journal_get(o, "environment");
		e->from_sha = journal_get(o, "from_sha");
		e->to_sha = journal_get(o, "to_sha");
		e->target = journal_get(o, "target");
		e->reason = journal_get(o, "reason");
		e->break_glass = journal_get(o, "break_glass");
		return (0);
	}
	if (strcmp(phase, "run") == 0)
		return (journal_take_run(o, id, *all, *n));
	if (strcmp(phase, "outcome") != 0)
		return (-1);
	for (i = *n; i-- > 0;) {
		e = &(*all)[i];
		if (strcmp(e->id, id) != 0 || e->has_outcome)
			continue;
		e->has_outcome = true;
		e->outcome_time = journal_get(o, "time");
		st = json_object_get(o, "http_status");
		e->http_status = json_is_integer(st) ?
		    (long)json_integer_value(st) : 0;
		e->request_id = journal_get(o, "request_id");
		free(e->output);
		e->output = journal_get(o, "output");
		e->error = journal_get(o, "error");
		break;
	}
	return (0);	/* an outcome whose intent is out of the window */
}

int
journal_read_latest(const char *path, size_t max,
    struct journal_entry **entries, size_t *n, size_t *skipped,
    char **cause)
{
	struct journal_entry	*all = NULL;
	struct stat		 sb;
	json_t			*o;
	char			*buf = NULL, *p, *end, *nl;
	size_t			 nall = 0, bad = 0, len, i, keep;
	off_t			 off;
	ssize_t			 r;
	int			 fd, rc = -1;

	*entries = NULL;
	*n = 0;
	*cause = NULL;
	if (skipped != NULL)
		*skipped = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT)
			return (0);
		*cause = xasprintf("%s: %s", path, errno == ELOOP ?
		    "is a symbolic link" : strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*cause = xasprintf("%s: not a regular file", path);
		goto out;
	}
	len = (size_t)sb.st_size > JOURNAL_TAIL ? JOURNAL_TAIL :
	    (size_t)sb.st_size;
	off = sb.st_size - (off_t)len;
	buf = xmalloc(len + 1);
	for (i = 0; i < len; i += (size_t)r) {
		r = pread(fd, buf + i, len - i, off + (off_t)i);
		if (r == -1 && errno == EINTR) {
			r = 0;
			continue;
		}
		if (r <= 0)
			break;
	}
	len = i;
	buf[len] = '\0';
	p = buf;
	end = buf + len;
	/* Started mid-file: the first line is a fragment. */
	if (off > 0 && (p = memchr(buf, '\n', len)) != NULL)
		p++;
	for (; p != NULL && p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == p)
			continue;
		o = json_loadb(p, (size_t)(nl - p), 0, NULL);
		if (o == NULL || !json_is_object(o) ||
		    journal_take(o, &all, &nall) != 0)
			bad++;
		json_decref(o);
	}
	/* Newest first, at most max. */
	keep = nall < max ? nall : max;
	if (keep > 0) {
		*entries = xcalloc(keep, sizeof **entries);
		for (i = 0; i < keep; i++)
			(*entries)[i] = all[nall - 1 - i];
	}
	/* The older ones are not handed out. */
	for (i = 0; i + keep < nall; i++)
		journal_entry_done(&all[i]);
	free(all);
	*n = keep;
	if (skipped != NULL)
		*skipped = bad;
	rc = 0;
out:
	free(buf);
	close(fd);
	return (rc);
}
