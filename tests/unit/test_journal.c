/* test_journal: the audit journal: private file checks, intent and outcome
 * records as JSON lines, sanitising, the token guard, torn lines, reading
 * back, and a writer killed with SIGKILL mid-sequence. */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "opsdeck/journal.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

static char	*tmp;

static char *
slurp(const char *path, size_t *len)
{
	FILE	*f = fopen(path, "rb");
	char	*data;
	long	 size;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		return (NULL);
	data = xmalloc((size_t)size + 1);
	if (fread(data, 1, (size_t)size, f) != (size_t)size)
		size = 0;
	fclose(f);
	data[size] = '\0';
	if (len != NULL)
		*len = (size_t)size;
	return (data);
}

/* Counts complete lines and those that are valid JSON objects; *torn is
 * set when the file ends without a newline. */
static void
lines(const char *path, size_t *total, size_t *valid, int *torn)
{
	char	*data, *p, *nl;
	size_t	 len;
	json_t	*o;

	*total = *valid = 0;
	*torn = 0;
	if ((data = slurp(path, &len)) == NULL)
		return;
	for (p = data; p < data + len; p = nl + 1) {
		if ((nl = memchr(p, '\n', len - (size_t)(p - data))) == NULL) {
			*torn = 1;
			break;
		}
		(*total)++;
		o = json_loadb(p, (size_t)(nl - p), 0, NULL);
		if (json_is_object(o))
			(*valid)++;
		json_decref(o);
	}
	free(data);
}

static json_t *
line_n(const char *path, size_t want)
{
	char	*data = slurp(path, NULL), *p, *nl;
	json_t	*o = NULL;
	size_t	 i = 0;

	for (p = data; p != NULL && *p != '\0'; p = nl + 1, i++) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		if (i == want) {
			o = json_loadb(p, (size_t)(nl - p), 0, NULL);
			break;
		}
	}
	free(data);
	return (o);
}

static const char *
str(json_t *o, const char *k)
{
	return (json_string_value(json_object_get(o, k)));
}

static void
test_records(void)
{
	struct journal_intent	 in = { "deploy", "octo/svc", "production",
				    "d9f9be1", "e8c6fe4", NULL, "hotfix",
				    "min-coverage: coverage 72.50% < 95%" };
	struct journal_outcome	 out = { 201, "ABCD:1234", NULL, NULL };
	struct journal		*j;
	struct stat		 sb;
	char			*path, *dir, *cause = NULL, id[JOURNAL_ID_SIZE];
	json_t			*a, *b;
	size_t			 total, valid;
	int			 torn, rc;

	dir = xasprintf("%s/state/opsdeck", tmp);
	path = xasprintf("%s/audit.jsonl", dir);
	setenv("SSH_CLIENT", "10.0.0.1 5555 22", 1);
	rc = journal_open(&j, path, NULL, 0, &cause);
	ok(rc == 0, "open creates the journal (%s)", cause ? cause : "ok");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600,
	    "the file is 0600");
	ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700,
	    "its directory is 0700");
	ok(journal_intent(j, &in, id, &cause) == 0 && *id != '\0',
	    "intent written, id %s", id);
	ok(journal_outcome(j, id, &out, &cause) == 0, "outcome written");
	lines(path, &total, &valid, &torn);
	ok(total == 2 && valid == 2 && !torn, "two JSON lines");
	a = line_n(path, 0);
	b = line_n(path, 1);
	ok(a != NULL && strcmp(str(a, "phase"), "intent") == 0 &&
	    strcmp(str(a, "id"), id) == 0 &&
	    strcmp(str(a, "action"), "deploy") == 0 &&
	    strcmp(str(a, "repo"), "octo/svc") == 0 &&
	    strcmp(str(a, "environment"), "production") == 0 &&
	    strcmp(str(a, "from_sha"), "d9f9be1") == 0 &&
	    strcmp(str(a, "to_sha"), "e8c6fe4") == 0 &&
	    strcmp(str(a, "reason"), "hotfix") == 0 &&
	    json_is_null(json_object_get(a, "target")),
	    "intent: action, repo, environment, SHAs, reason; null target");
	ok(a != NULL && str(a, "break_glass") != NULL &&
	    strcmp(str(a, "break_glass"),
	    "min-coverage: coverage 72.50% < 95%") == 0,
	    "intent: the break-glass, the gates that failed");
	ok(a != NULL && str(a, "user") != NULL &&
	    strcmp(str(a, "ssh_client"), "10.0.0.1 5555 22") == 0 &&
	    json_object_get(a, "tty") != NULL && str(a, "time") != NULL &&
	    strlen(str(a, "time")) == 24 && str(a, "time")[23] == 'Z',
	    "intent: user, SSH_CLIENT, tty, RFC 3339 time (%s)",
	    a ? str(a, "time") : "");
	ok(b != NULL && strcmp(str(b, "phase"), "outcome") == 0 &&
	    strcmp(str(b, "id"), id) == 0 &&
	    json_integer_value(json_object_get(b, "http_status")) == 201 &&
	    strcmp(str(b, "request_id"), "ABCD:1234") == 0 &&
	    json_is_null(json_object_get(b, "error")),
	    "outcome: same id, status, request id, null error");
	json_decref(a);
	json_decref(b);
	{
		char	id2[JOURNAL_ID_SIZE];

		journal_intent(j, &in, id2, &cause);
		ok(strcmp(id, id2) != 0, "ids are unique");
	}
	ok(journal_outcome(j, "", &out, &cause) == -1 && cause != NULL,
	    "an outcome without an id is refused");
	free(cause);
	cause = NULL;
	journal_close(&j);
	ok(j == NULL, "close sets NULL");
	journal_close(&j);
	free(path);
	free(dir);
}

static void
test_sanitise_and_guard(void)
{
	const char		*secrets[] = { "s3cr3t-pr0m-passw0rd", "" };
	struct journal_intent	 in = { "deploy", "octo/svc", NULL, NULL, NULL,
				    NULL, NULL, NULL };
	struct journal_outcome	 out = { 0, NULL, NULL, NULL };
	struct journal		*j;
	char			*path, *cause = NULL, *data, *reason, *tok;
	char			 id[JOURNAL_ID_SIZE];
	size_t			 before, after, i;
	json_t			*o;
	int			 clean = 1, rc;

	path = xasprintf("%s/guard.jsonl", tmp);
	ok(journal_open(&j, path, secrets, 2, &cause) == 0, "open with secrets");
	in.reason = "a\033[31mred\033[0m\nnext\xe2\x80\xae line\x07";
	ok(journal_intent(j, &in, id, &cause) == 0, "hostile reason written");
	data = slurp(path, &before);
	for (i = 0; i < before; i++)
		if (((unsigned char)data[i] < 0x20 && data[i] != '\n') ||
		    (unsigned char)data[i] >= 0x7f)
			clean = 0;
	ok(clean, "the file holds no control bytes and is ASCII");
	free(data);
	o = line_n(path, 0);
	ok(o != NULL && strstr(str(o, "reason"), "^[[31mred") != NULL &&
	    strchr(str(o, "reason"), '\n') == NULL &&
	    strstr(str(o, "reason"), "<U+202E>") != NULL,
	    "controls made visible and inert (%s)", o ? str(o, "reason") : "");
	json_decref(o);

	reason = xmalloc(5001);
	memset(reason, 'r', 5000);
	reason[5000] = '\0';
	in.reason = reason;
	journal_intent(j, &in, id, &cause);
	o = line_n(path, 1);
	ok(o != NULL && strlen(str(o, "reason")) == JOURNAL_FIELD_MAX,
	    "a 5,000-byte reason is cut to %d", JOURNAL_FIELD_MAX);
	json_decref(o);
	free(reason);

	free(slurp(path, &before));
	tok = xasprintf("token ghp_%s", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8");
	in.reason = tok;
	rc = journal_intent(j, &in, id, &cause);
	ok(rc == -1 && cause != NULL &&
	    strstr(cause, "ghp_") == NULL && *id == '\0',
	    "a ghp_ token in the reason: refused, not echoed (%s)", cause);
	free(cause);
	cause = NULL;
	free(tok);
	in.reason = NULL;
	in.to_sha = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
	ok(journal_intent(j, &in, id, &cause) == -1, "github_pat_: refused");
	free(cause);
	cause = NULL;
	in.to_sha = NULL;
	in.environment = "prod s3cr3t-pr0m-passw0rd";
	ok(journal_intent(j, &in, id, &cause) == -1,
	    "a configured secret: refused");
	free(cause);
	cause = NULL;
	in.environment = NULL;
	out.error = "bad credentials for gho_0123456789abcdefghijABCDEFGHIJ0123";
	ok(journal_outcome(j, "x-1", &out, &cause) == -1,
	    "gho_ in an outcome's error: refused");
	free(cause);
	cause = NULL;
	free(slurp(path, &after));
	ok(after == before, "nothing was written by the refused records");
	in.reason = "ghp_ is a prefix; github_pat_x is short";
	ok(journal_intent(j, &in, id, &cause) == 0,
	    "words that only start like a token are fine");
	journal_close(&j);

	ok(journal_looks_secret("xghs_0123456789012345678901234567890y", NULL,
	    0) && journal_looks_secret("ghu_012345678901234567890123456789",
	    NULL, 0) && !journal_looks_secret("ghx_01234567890123456789012345"
	    "67890", NULL, 0) && !journal_looks_secret(NULL, NULL, 0) &&
	    !journal_looks_secret("gh", NULL, 0) &&
	    !journal_looks_secret("ghp_0123456789012345678901234567-89", NULL, 0),
	    "token shapes: ghs_ ghu_ yes; ghx_, too short, NULL no");
	free(path);
}

static void
test_refusals(void)
{
	struct journal	*j = NULL;
	char		*path, *link, *cause = NULL;
	int		 fd, rc;

	path = xasprintf("%s/refuse.jsonl", tmp);
	link = xasprintf("%s/link.jsonl", tmp);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	close(fd);
	rc = symlink(path, link) == 0 ? journal_open(&j, link, NULL, 0,
	    &cause) : 0;
	ok(rc == -1 && strstr(cause, "symbolic link") != NULL && j == NULL,
	    "a symlink is refused (%s)", cause);
	free(cause);
	cause = NULL;
	chmod(path, 0620);
	rc = journal_open(&j, path, NULL, 0, &cause);
	ok(rc == -1 &&
	    strstr(cause, "writable by the group") != NULL,
	    "a group-writable file is refused (%s)", cause);
	free(cause);
	cause = NULL;
	chmod(path, 0602);
	ok(journal_open(&j, path, NULL, 0, &cause) == -1 &&
	    strstr(cause, "writable by others") != NULL,
	    "a world-writable file is refused");
	free(cause);
	cause = NULL;
	chmod(path, 0600);
	if (geteuid() == 0) {
		rc = chown(path, 65534, 65534) == 0 ?
		    journal_open(&j, path, NULL, 0, &cause) : 0;
		ok(rc == -1 && strstr(cause, "owned by uid 65534") != NULL,
		    "a file owned by another user is refused (%s)", cause);
		free(cause);
		cause = NULL;
		chown(path, 0, 0);
	} else
		ok(1, "# SKIP another owner needs root to set up");
	{
		char	*dir = xasprintf("%s/shared", tmp);
		char	*in = xasprintf("%s/audit.jsonl", dir);

		mkdir(dir, 0700);
		chmod(dir, 0770);
		rc = journal_open(&j, in, NULL, 0, &cause);
		ok(rc == -1 && strstr(cause, "directory is writable by the "
		    "group") != NULL && access(in, F_OK) != 0,
		    "a group-writable directory is refused, nothing created "
		    "(%s)", cause);
		free(cause);
		cause = NULL;
		chmod(dir, 01777);
		ok(journal_open(&j, in, NULL, 0, &cause) == 0,
		    "a sticky world-writable directory (like /tmp) is fine");
		journal_close(&j);
		free(in);
		free(dir);
	}
	ok(journal_open(&j, tmp, NULL, 0, &cause) == -1 && cause != NULL,
	    "a directory is refused");
	free(cause);
	cause = NULL;
	ok(journal_open(&j, "", NULL, 0, &cause) == -1, "an empty path");
	free(cause);
	free(path);
	free(link);
}

static void
test_read_back(void)
{
	struct journal_intent	 in = { "rerun-failed", "octo/svc", NULL, NULL,
				    NULL, "40000003", NULL, NULL };
	struct journal_outcome	 out = { 409, "R-1", "conflict", NULL };
	struct journal_entry	*e;
	struct journal		*j;
	char			*path, *cause = NULL, id[3][JOURNAL_ID_SIZE];
	size_t			 n, skipped, total, valid;
	int			 fd, torn, i;

	path = xasprintf("%s/read.jsonl", tmp);
	ok(journal_read_latest(path, 10, &e, &n, &skipped, &cause) == 0 &&
	    n == 0 && e == NULL, "a missing journal: no entries");
	journal_open(&j, path, NULL, 0, &cause);
	for (i = 0; i < 3; i++)
		journal_intent(j, &in, id[i], &cause);
	journal_outcome(j, id[0], &out, &cause);
	journal_outcome(j, id[2], &out, &cause);
	journal_close(&j);
	/* A writer killed mid-record leaves half a line. */
	fd = open(path, O_WRONLY | O_APPEND);
	ok(write(fd, "{\"time\":\"2026-", 14) == 14, "a torn line appended");
	close(fd);
	ok(journal_read_latest(path, 10, &e, &n, &skipped, &cause) == 0 &&
	    n == 3 && skipped == 1, "3 actions read, the torn line skipped");
	ok(n == 3 && strcmp(e[0].id, id[2]) == 0 && e[0].has_outcome &&
	    e[0].http_status == 409 && strcmp(e[0].error, "conflict") == 0 &&
	    strcmp(e[1].id, id[1]) == 0 && !e[1].has_outcome &&
	    strcmp(e[2].id, id[0]) == 0 && e[2].has_outcome &&
	    strcmp(e[2].target, "40000003") == 0 &&
	    strcmp(e[2].action, "rerun-failed") == 0,
	    "newest first, each with its outcome (the middle one has none)");
	journal_entries_free(e, n);
	ok(journal_read_latest(path, 2, &e, &n, &skipped, &cause) == 0 &&
	    n == 2 && strcmp(e[1].id, id[1]) == 0, "max 2: the latest two");
	journal_entries_free(e, n);

	ok(journal_open(&j, path, NULL, 0, &cause) == 0 &&
	    journal_intent(j, &in, id[0], &cause) == 0,
	    "reopened after the torn line, and written");
	journal_close(&j);
	lines(path, &total, &valid, &torn);
	ok(total == 7 && valid == 6 && !torn,
	    "the torn line was closed: the new record is a line of its own");
	free(path);
}

/* A followed dispatch's run record: after the outcome, same id, read
 * back onto its entry; the token guard applies to it too. */
static void
test_followup(void)
{
	static const char *const secrets[] = { "s3cr3t-value" };
	struct journal_intent	 in = { "deploy", "octo/svc", "dev", NULL,
				    "c55732b606628ea6ff5aad846209704668e6cb93",
				    NULL, NULL, NULL };
	struct journal_outcome	 out = { 204, "R-2", NULL, NULL };
	struct journal_followup	 fu = { 900000001, "completed", "success",
				    NULL };
	struct journal_followup	 none = { 0, NULL, NULL,
				    "no run found for the dispatch" };
	struct journal_followup	 bad = { 1, "completed", "s3cr3t-value",
				    NULL };
	struct journal_entry	*e;
	struct journal		*j;
	char			*path, *cause = NULL, id[2][JOURNAL_ID_SIZE];
	size_t			 n, skipped;
	json_t			*o;
	int			 rc;

	path = xasprintf("%s/followup.jsonl", tmp);
	journal_open(&j, path, secrets, 1, &cause);
	journal_intent(j, &in, id[0], &cause);
	journal_outcome(j, id[0], &out, &cause);
	ok(journal_followup(j, id[0], &fu, &cause) == 0, "run record written");
	journal_intent(j, &in, id[1], &cause);
	journal_outcome(j, id[1], &out, &cause);
	ok(journal_followup(j, id[1], &none, &cause) == 0,
	    "a not-found run record written");
	rc = journal_followup(j, id[1], &bad, &cause);
	ok(rc != 0 && cause != NULL, "a run record holding a secret is "
	    "refused (%s)", cause != NULL ? cause : "");
	free(cause);
	cause = NULL;
	ok(journal_followup(j, "", &fu, &cause) != 0,
	    "a run record without an id is refused");
	free(cause);
	cause = NULL;
	journal_close(&j);
	o = line_n(path, 2);
	ok(o != NULL && strcmp(str(o, "phase"), "run") == 0 &&
	    strcmp(str(o, "id"), id[0]) == 0 &&
	    json_integer_value(json_object_get(o, "run_id")) == 900000001 &&
	    strcmp(str(o, "conclusion"), "success") == 0 &&
	    json_is_null(json_object_get(o, "error")),
	    "the record: phase run, the intent's id, run id, conclusion");
	json_decref(o);
	o = line_n(path, 5);
	ok(o != NULL && json_is_null(json_object_get(o, "run_id")) &&
	    strcmp(str(o, "error"), "no run found for the dispatch") == 0,
	    "not found: run_id null, the error says so");
	json_decref(o);
	ok(journal_read_latest(path, 10, &e, &n, &skipped, &cause) == 0 &&
	    n == 2 && skipped == 0, "read back: 2 actions, nothing skipped");
	ok(n == 2 && e[1].has_outcome && e[1].has_run &&
	    e[1].run_id == 900000001 &&
	    strcmp(e[1].run_conclusion, "success") == 0 &&
	    strcmp(e[1].run_status, "completed") == 0 &&
	    e[0].has_run && e[0].run_id == 0 &&
	    strcmp(e[0].run_error, "no run found for the dispatch") == 0,
	    "each entry has its run");
	journal_entries_free(e, n);
	free(path);
}

/* A child writes records as fast as it can; once 50 are on disk it says
 * so through a pipe, and is killed with SIGKILL mid-sequence. */
static void
test_kill9(void)
{
	struct journal_intent	 in = { "deploy", "octo/svc", "staging",
				    "aaaaaaa", "bbbbbbb", NULL, "load", NULL };
	struct journal_outcome	 out = { 204, "REQ", NULL, NULL };
	struct journal_entry	*e;
	struct journal		*j;
	char			*path, *cause = NULL, id[JOURNAL_ID_SIZE], c;
	size_t			 n, skipped, total, valid;
	pid_t			 pid;
	int			 p[2], status, i, torn, rc;

	path = xasprintf("%s/kill.jsonl", tmp);
	if (pipe(p) != 0 || (pid = fork()) == -1) {
		ok(0, "fork");
		return;
	}
	if (pid == 0) {
		close(p[0]);
		alarm(60);	/* never outlives a broken parent */
		if (journal_open(&j, path, NULL, 0, &cause) != 0)
			_exit(2);
		for (i = 0; i < 200000; i++) {
			if (journal_intent(j, &in, id, &cause) != 0)
				_exit(3);
			if (i == 50 && write(p[1], "x", 1) != 1)
				_exit(4);
			if (journal_outcome(j, id, &out, &cause) != 0)
				_exit(3);
		}
		_exit(0);
	}
	close(p[1]);
	ok(read(p[0], &c, 1) == 1, "the writer has 50 records on disk");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(p[0]);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	    "the writer was killed with SIGKILL mid-sequence");
	lines(path, &total, &valid, &torn);
	ok(total > 50 && valid == total,
	    "every complete line is valid JSON (%zu lines, torn end: %d)",
	    total, torn);
	rc = journal_read_latest(path, 1000000, &e, &n, &skipped, &cause);
	ok(rc == 0 && n >= 50 && skipped <= 1, "read back: %zu actions, %zu skipped", n,
	    skipped);
	ok(n > 0 && e[n - 1].has_outcome && strcmp(e[n - 1].repo, "octo/svc") == 0,
	    "the first action has its outcome");
	journal_entries_free(e, n);
	ok(journal_open(&j, path, NULL, 0, &cause) == 0 &&
	    journal_intent(j, &in, id, &cause) == 0,
	    "the next console appends after it");
	journal_close(&j);
	lines(path, &total, &valid, &torn);
	ok(valid == total && !torn, "and the file is whole JSON lines");
	free(path);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return (remove(path) != 0 && errno != ENOENT ? -1 : 0);
}

int
main(void)
{
	char	 tmpl[] = "/tmp/test_journal.XXXXXX";

	if ((tmp = mkdtemp(tmpl)) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return (1);
	}
	test_records();
	test_sanitise_and_guard();
	test_refusals();
	test_read_back();
	test_followup();
	test_kill9();
	nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return (tap_done());
}
