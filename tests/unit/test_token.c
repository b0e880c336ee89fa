#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdeck/token.h"
#include "../tap.h"

static char tmp[256];

static const char *
script(const char *name, const char *body)
{
	static char path[400];
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

int
main(void)
{
	const char *gh = "https://api.github.com", *ghes =
	    "https://ghe.corp/api/v3", *src;
	char *tok = NULL, *cause = NULL, cmd[512];

	snprintf(tmp, sizeof tmp, "/tmp/opsdeck-token.XXXXXX");
	if (mkdtemp(tmp) == NULL)
		tap_skip_all("no temp dir");
	clear_env();
	ok(token_resolve(gh, NULL, 1000, &tok, &src, &cause) == 0 &&
	    tok == NULL, "no token anywhere is not an error");
	setenv("GITHUB_TOKEN", "from-github-token", 1);
	setenv("GH_TOKEN", "from-gh-token", 1);
	token_resolve(gh, NULL, 1000, &tok, &src, &cause);
	is_str(tok, "from-gh-token", "GH_TOKEN first");
	is_str(src, "GH_TOKEN", "source named");
	token_free(&tok);
	ok(tok == NULL, "token_free sets NULL");
	unsetenv("GH_TOKEN");
	token_resolve(gh, NULL, 1000, &tok, &src, &cause);
	is_str(tok, "from-github-token", "then GITHUB_TOKEN");
	token_free(&tok);
	setenv("GH_ENTERPRISE_TOKEN", "from-enterprise", 1);
	token_resolve(ghes, NULL, 1000, &tok, &src, &cause);
	is_str(tok, "from-enterprise", "GHES host: enterprise token first");
	token_free(&tok);
	token_resolve(gh, NULL, 1000, &tok, &src, &cause);
	is_str(tok, "from-github-token", "github.com ignores it");
	token_free(&tok);
	clear_env();

	snprintf(cmd, sizeof cmd, "%s --hostname github.com", script("ok.sh",
	    "[ \"$1 $2\" = '--hostname github.com' ] || exit 3\n"
	    "printf 'ghp_commandtoken123 \\n\\n'"));
	ok(token_resolve(gh, cmd, 5000, &tok, &src, &cause) == 0,
	    "token-command runs with its arguments");
	is_str(tok, "ghp_commandtoken123", "trailing whitespace trimmed");
	is_str(src, "token-command", "source named");
	token_free(&tok);

	ok(token_resolve(gh, script("fail.sh", "echo ghp_secretleak; exit 4"),
	    5000, &tok, &src, &cause) != 0 && tok == NULL,
	    "a failing command gives no token");
	ok(cause != NULL && strstr(cause, "exit 4") != NULL &&
	    strstr(cause, "ghp_secretleak") == NULL,
	    "the cause says why, never the output (%s)", cause);
	free(cause);
	cause = NULL;

	ok(token_resolve(gh, script("slow.sh", "exec sleep 30"), 300, &tok,
	    &src, &cause) != 0 && cause != NULL &&
	    strstr(cause, "timed out") != NULL, "a hung command times out");
	free(cause);
	cause = NULL;

	ok(token_resolve(gh, "/nonexistent/tool auth token", 2000, &tok, &src,
	    &cause) != 0, "a missing command fails");
	free(cause);
	cause = NULL;

	ok(token_resolve(gh, "echo $(id) ; touch /tmp/opsdeck-pwned", 2000,
	    &tok, &src, &cause) == 0 && access("/tmp/opsdeck-pwned", F_OK) != 0,
	    "no shell: metacharacters are plain arguments");
	ok(tok != NULL && strstr(tok, "$(id)") != NULL, "echo got them "
	    "verbatim");
	token_free(&tok);
	free(cause);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	system(cmd);
	return tap_done();
}
