#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdeck/clock.h"
#include "opsdeck/token.h"
#include "../tap.h"

static char tmp[PATH_MAX];

/* A small shell script in the test's directory (the code under test never
 * runs a shell; the scripts stand in for tools like `gh auth token`). */
static const char *
script(const char *name, const char *body)
{
	static char path[PATH_MAX + 64];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", tmp, name);
	if ((fp = fopen(path, "w")) == NULL)
		return NULL;
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	fclose(fp);
	chmod(path, 0700);
	return path;
}

static void
clear_env(void)
{
	unsetenv("GH_TOKEN");
	unsetenv("GITHUB_TOKEN");
	unsetenv("GH_ENTERPRISE_TOKEN");
	unsetenv("GITHUB_ENTERPRISE_TOKEN");
}

static const char *gh = "https://api.github.com";
static const char *ghes = "https://ghe.corp/api/v3";

/* Resolves and returns the token (static copy, "(null)" when none). */
static const char *
resolve(const char *api, const char *cmd, int ms, const char **src, int *rc)
{
	static char copy[256];
	char *tok = NULL, *cause = NULL;

	*rc = token_resolve(api, cmd, ms, &tok, src, &cause);
	snprintf(copy, sizeof copy, "%s", tok != NULL ? tok : "(null)");
	token_free(&tok);
	free(cause);
	return copy;
}

static void
test_env(void)
{
	const char *src;
	int rc;

	clear_env();
	is_str(resolve(gh, NULL, 1000, &src, &rc), "(null)",
	    "no token anywhere: none");
	ok(rc == 0, "and that is not an error");
	is_str(src, "none", "source says none");
	setenv("GITHUB_TOKEN", "from-github-token", 1);
	setenv("GH_TOKEN", "from-gh-token", 1);
	is_str(resolve(gh, NULL, 1000, &src, &rc), "from-gh-token",
	    "GH_TOKEN first");
	is_str(src, "GH_TOKEN", "source named");
	unsetenv("GH_TOKEN");
	is_str(resolve(gh, NULL, 1000, &src, &rc), "from-github-token",
	    "then GITHUB_TOKEN");
	is_str(src, "GITHUB_TOKEN", "source named");
	setenv("GH_TOKEN", "", 1);
	is_str(resolve(gh, NULL, 1000, &src, &rc), "from-github-token",
	    "an empty variable is no token");
	setenv("GITHUB_ENTERPRISE_TOKEN", "from-github-enterprise", 1);
	is_str(resolve(ghes, NULL, 1000, &src, &rc), "from-github-enterprise",
	    "GHES host: GITHUB_ENTERPRISE_TOKEN before GITHUB_TOKEN");
	setenv("GH_ENTERPRISE_TOKEN", "from-gh-enterprise", 1);
	is_str(resolve(ghes, NULL, 1000, &src, &rc), "from-gh-enterprise",
	    "GHES host: GH_ENTERPRISE_TOKEN first");
	is_str(src, "GH_ENTERPRISE_TOKEN", "source named");
	is_str(resolve("http://127.0.0.1:8080/api/v3", NULL, 1000, &src, &rc),
	    "from-gh-enterprise", "any other host is an Enterprise host");
	is_str(resolve(gh, NULL, 1000, &src, &rc), "from-github-token",
	    "github.com ignores the enterprise variables");
	is_str(resolve("https://api.acme.ghe.com", NULL, 1000, &src, &rc),
	    "from-github-token", "so does a GHE.com tenancy");
	is_str(resolve("https://api.github.com.evil.example", NULL, 1000, &src,
	    &rc), "from-gh-enterprise", "a look-alike host is not github.com");
	unsetenv("GH_ENTERPRISE_TOKEN");
	unsetenv("GITHUB_ENTERPRISE_TOKEN");
	/* GH_TOKEN and GITHUB_TOKEN are github.com tokens: sending one to
	 * another host would hand it to that host's operator (as gh does,
	 * an Enterprise host never gets them). */
	is_str(resolve(ghes, NULL, 1000, &src, &rc), "(null)",
	    "GHES host: no fallback to GITHUB_TOKEN");
	ok(rc == 0 && strcmp(src, "none") == 0, "  no token, not an error");
	setenv("GH_TOKEN", "from-gh-token", 1);
	is_str(resolve(ghes, NULL, 1000, &src, &rc), "(null)",
	    "GHES host: nor to GH_TOKEN");
	is_str(resolve("http://127.0.0.1:8080/api/v3", NULL, 1000, &src, &rc),
	    "(null)", "  nor on any other host");
	is_str(resolve("https://api.github.com.evil.example", NULL, 1000, &src,
	    &rc), "(null)", "  nor on a look-alike of github.com");
	is_str(resolve(gh, NULL, 1000, &src, &rc), "from-gh-token",
	    "  while github.com takes it");
	is_str(resolve("https://api.acme.ghe.com", NULL, 1000, &src, &rc),
	    "from-gh-token", "  and so does a GHE.com tenancy");
	is_str(resolve(ghes, "printf ghes-from-command", 5000, &src, &rc),
	    "ghes-from-command", "GHES host: token-command after the "
	    "enterprise variables");
	is_str(src, "token-command", "  source named");
	unsetenv("GH_TOKEN");
	setenv("GH_TOKEN", "ghp_x\r\nX-Evil: 1", 1);
	{
		char *tok = NULL, *cause = NULL;

		ok(token_resolve(gh, NULL, 1000, &tok, &src, &cause) != 0 &&
		    tok == NULL, "a variable with a line break is refused");
		ok(cause != NULL && strstr(cause, "GH_TOKEN") != NULL &&
		    strstr(cause, "ghp_x") == NULL,
		    "the cause names the variable, not its value (%s)", cause);
		free(cause);
	}
	clear_env();
}

/* Killed but not yet reaped by whoever inherited it. */
static int
zombie(long pid)
{
	char path[64], buf[512], *p;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[1] == ' ' && p[2] == 'Z';
}

/* Runs cmd expecting failure; checks the cause has want and not secret. */
static void
expect_fail(const char *cmd, int ms, const char *want, const char *secret,
    const char *what)
{
	char *tok = NULL, *cause = NULL;
	const char *src;
	int64_t t0 = clock_mono_ms();

	ok(token_resolve(gh, cmd, ms, &tok, &src, &cause) != 0 && tok == NULL,
	    "%s: no token", what);
	ok(cause != NULL && strstr(cause, want) != NULL, "%s: cause says '%s' "
	    "(%s)", what, want, cause != NULL ? cause : "(null)");
	if (secret != NULL)
		ok(cause != NULL && strstr(cause, secret) == NULL, "%s: the "
		    "output is not in the cause", what);
	ok(clock_mono_ms() - t0 < ms + 2000, "%s: within the timeout", what);
	token_free(&tok);
	free(cause);
}

static void
test_command(void)
{
	char cmd[PATH_MAX + 128], *tok = NULL, *cause = NULL;
	const char *src;
	int rc;

	clear_env();
	snprintf(cmd, sizeof cmd, "%s  --hostname\tgithub.com",
	    script("ok.sh", "[ \"$#:$1:$2\" = '2:--hostname:github.com' ] || "
	    "exit 3\nprintf 'ghp_commandtoken123 \\r\\n\\n\\t'"));
	is_str(resolve(gh, cmd, 5000, &src, &rc), "ghp_commandtoken123",
	    "token-command runs with its arguments; trailing blanks trimmed");
	ok(rc == 0, "no error");
	is_str(src, "token-command", "source named");

	setenv("GITHUB_TOKEN", "from-env", 1);
	is_str(resolve(gh, cmd, 5000, &src, &rc), "from-env",
	    "the environment comes before the command");
	clear_env();

	is_str(resolve(gh, script("stdin.sh", "if read x; then echo got-input;"
	    " else echo ghp_stdin_was_empty; fi"), 5000, &src, &rc),
	    "ghp_stdin_was_empty", "stdin is /dev/null");
	is_str(resolve(gh, script("stderr.sh", "echo noise >&2; echo ghp_out"),
	    5000, &src, &rc), "ghp_out", "stderr is not captured");
	is_str(resolve(gh, script("empty.sh", "exit 0"), 5000, &src, &rc),
	    "(null)", "no output: no token");
	ok(rc == 0, "and no error");
	is_str(src, "none", "source none");

	expect_fail(script("fail.sh", "echo ghp_secretleak; exit 4"), 5000,
	    "exit 4", "ghp_secretleak", "a failing command");
	expect_fail(script("bad.sh", "printf 'ghp_one\\nghp_two\\n'"), 5000,
	    "not a token", "ghp_one", "two lines of output");
	expect_fail(script("esc.sh", "printf 'ghp_\\033[2Jx'"), 5000,
	    "not a token", "ghp_", "control characters in the output");
	expect_fail(script("long.sh", "i=0; while [ $i -lt 600 ]; do "
	    "printf 'ghp_long'; i=$((i+1)); done"), 5000, "longer than 4 KiB",
	    "ghp_long", "over 4 KiB of output");
	expect_fail(script("slow.sh", "exec sleep 30"), 300, "timed out", NULL,
	    "a hung command");
	expect_fail("/nonexistent/tool auth token", 2000, "cannot run", NULL,
	    "a missing command");
	expect_fail(script("sig.sh", "kill -TERM $$"), 2000, "signal 15",
	    NULL, "a command killed by a signal");
	snprintf(cmd, sizeof cmd, "%s", script("many.sh", "echo x"));
	for (rc = 0; rc < 40; rc++)
		strncat(cmd, " a", sizeof cmd - strlen(cmd) - 1);
	expect_fail(cmd, 2000, "too many arguments", NULL, "too many arguments");
	expect_fail(" \t ", 2000, "nothing to run", NULL, "a blank command");

	/* A grandchild holding stdout open is killed with its group. */
	snprintf(cmd, sizeof cmd, "sleep 30 & echo $! > '%s/gc.pid'; wait",
	    tmp);
	expect_fail(script("group.sh", cmd), 400, "timed out", NULL,
	    "a command whose child hangs");
	{
		char path[PATH_MAX + 16];
		FILE *fp;
		long pid = 0;
		int i, gone = 0;

		snprintf(path, sizeof path, "%s/gc.pid", tmp);
		if ((fp = fopen(path, "r")) != NULL) {
			if (fscanf(fp, "%ld", &pid) != 1)
				pid = 0;
			fclose(fp);
		}
		for (i = 0; pid > 0 && i < 200 && !gone; i++) {
			gone = (kill((pid_t)pid, 0) != 0 && errno == ESRCH) ||
			    zombie(pid);
			if (!gone)
				poll(NULL, 0, 10);
		}
		ok(pid > 0 && gone, "the grandchild (%ld) was killed too", pid);
		if (pid > 0 && !gone)
			kill((pid_t)pid, SIGKILL);
	}

	/* No shell: metacharacters are plain arguments of echo. */
	snprintf(cmd, sizeof cmd, "echo $(id);touch%s/pwned", tmp);
	ok(token_resolve(gh, cmd, 2000, &tok, &src, &cause) == 0 && tok != NULL
	    && strncmp(tok, "$(id);touch", 11) == 0, "no shell: echo got '%s'",
	    tok != NULL ? tok : "(null)");
	snprintf(cmd, sizeof cmd, "%s/pwned", tmp);
	ok(access(cmd, F_OK) != 0, "nothing was touched");
	token_free(&tok);
	ok(tok == NULL, "token_free sets NULL");
	token_free(&tok);
	token_free(NULL);
	ok(1, "token_free accepts NULL");
	free(cause);
}

static const char *const made[] = { "ok.sh", "stdin.sh", "stderr.sh",
    "empty.sh", "fail.sh", "bad.sh", "esc.sh", "long.sh", "slow.sh",
    "sig.sh", "many.sh", "group.sh", "gc.pid", NULL };

int
main(void)
{
	const char *t = getenv("TMPDIR");
	const char *const *n;
	char path[PATH_MAX + 16];

	snprintf(tmp, sizeof tmp, "%s/opsdeck-token.XXXXXX",
	    t != NULL && *t == '/' ? t : "/tmp");
	if (mkdtemp(tmp) == NULL)
		tap_skip_all("no temp dir");
	test_env();
	test_command();
	for (n = made; *n != NULL; n++) {
		snprintf(path, sizeof path, "%s/%s", tmp, *n);
		unlink(path);
	}
	ok(rmdir(tmp) == 0, "the test left no other file behind");
	return tap_done();
}
