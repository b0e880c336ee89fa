/* test_deploycmd: deploy-command templates to argument vectors; hostile
 * refs reach a real program (this test, re-executed) as one argument each;
 * values that would become programs or options are refused. */
#include "config.h"

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opsdeck/deploycmd.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

extern char	**environ;

/* The child side: every argument after --dump, NUL-terminated, on stdout. */
static int
dump(int argc, char **argv)
{
	int	i;

	for (i = 2; i < argc; i++)
		if (fwrite(argv[i], 1, strlen(argv[i]) + 1, stdout) !=
		    strlen(argv[i]) + 1)
			return (1);
	return (fflush(stdout) == 0 ? 0 : 1);
}

/* Runs argv by fork/execve (no shell) and returns what it dumped. */
static char *
run(char **argv, size_t *len)
{
	char	*out = xmalloc(65536);
	size_t	 n = 0;
	ssize_t	 r;
	pid_t	 pid;
	int	 p[2], st;

	if (pipe(p) != 0 || (pid = fork()) == -1)
		return (NULL);
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execve(argv[0], argv, environ);
		_exit(127);
	}
	close(p[1]);
	while (n < 65536 && (r = read(p[0], out + n, 65536 - n)) > 0)
		n += (size_t)r;
	close(p[0]);
	waitpid(pid, &st, 0);
	*len = n;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		free(out);
		return (NULL);
	}
	return (out);
}

static void
test_expand(void)
{
	struct deploycmd_vars	 v = { "octo/svc", "production",
				    "e8c6fe4e07bb82b4f82053ebf2cd6e9add897165",
				    "main" };
	char			**argv, *cause = NULL;
	int			  argc = 0, rc;

	rc = deploycmd_expand("  ./deploy.sh --env {env}\t--sha={sha} "
	    "{repo}:{ref} a{b }c {", &v, &argv, &argc, &cause);
	ok(rc == 0 && argc == 8, "expanded: %d words", argc);
	ok(argc == 8 && strcmp(argv[0], "./deploy.sh") == 0 &&
	    strcmp(argv[2], "production") == 0 &&
	    strcmp(argv[3], "--sha=e8c6fe4e07bb82b4f82053ebf2cd6e9add897165") ==
	    0 && strcmp(argv[4], "octo/svc:main") == 0 &&
	    strcmp(argv[5], "a{b") == 0 && strcmp(argv[6], "}c") == 0 &&
	    strcmp(argv[7], "{") == 0 && argv[8] == NULL,
	    "placeholders inside words; lone braces are text");
	deploycmd_free(&argv);
	ok(argv == NULL, "free sets NULL");
	deploycmd_free(&argv);
}

static void
test_hostile(void)
{
	static const char *refs[] = { "a b", "x; rm -rf /", "$(reboot)",
	    "`id`", "'\"quoted\"'", "line1\nline2", "*", "~root", "${HOME}",
	    "a\tb", "|| true", "> /etc/passwd", "\xe2\x80\xae" "evil", "&" };
	struct deploycmd_vars	 v = { "octo/svc", "staging", "abc", NULL };
	char			**argv, *cause = NULL, *out, *tmpl;
	char			  self[4096];
	ssize_t			  n;
	size_t			  i, len;
	int			  argc, good = 0;

	/* This very test is the program: its path, resolved, is argv[0]. */
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0 || memchr(self, ' ', (size_t)n) != NULL ||
	    memchr(self, '\t', (size_t)n) != NULL) {
		ok(1, "# SKIP cannot name this program in a template");
		return;
	}
	self[n] = '\0';
	tmpl = xasprintf("%s --dump {ref} --ref={ref} end", self);
	for (i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		v.ref = refs[i];
		if (deploycmd_expand(tmpl, &v, &argv, &argc, &cause) != 0) {
			printf("# %s\n", cause);
			free(cause);
			continue;
		}
		out = run(argv, &len);
		/* "--dump" is argv[1]; then exactly: ref, --ref=ref, end. */
		if (out != NULL && argc == 5 && len == strlen(refs[i]) + 1 +
		    strlen("--ref=") + strlen(refs[i]) + 1 + 4 &&
		    strcmp(out, refs[i]) == 0 &&
		    strncmp(out + strlen(refs[i]) + 1, "--ref=", 6) == 0 &&
		    strcmp(out + strlen(refs[i]) + 7, refs[i]) == 0 &&
		    strcmp(out + 2 * strlen(refs[i]) + 8, "end") == 0)
			good++;
		free(out);
		deploycmd_free(&argv);
	}
	ok(good == (int)(sizeof refs / sizeof refs[0]),
	    "%d hostile refs (spaces, ;, $(), backquotes, quotes, newlines, "
	    "globs, redirections) each reached the program as one argument, "
	    "byte for byte", good);
	free(tmpl);
}

static void
refused(const char *tmpl, const struct deploycmd_vars *v, const char *want,
    const char *what)
{
	char	**argv = NULL, *cause = NULL;
	int	  argc = -1, rc;

	rc = deploycmd_expand(tmpl, v, &argv, &argc, &cause);
	ok(rc == -1 && argv == NULL && argc == 0 && cause != NULL &&
	    strstr(cause, want) != NULL, "%s: refused (%s)", what, cause);
	free(cause);
}

static void
test_refusals(void)
{
	struct deploycmd_vars	 v = { "octo/svc", "production", "abc", "main" };
	struct deploycmd_vars	 dash = { "octo/svc", "production", "abc",
				    "--upload-pack=touch /tmp/pwned" };
	struct deploycmd_vars	 none = { "octo/svc", NULL, "abc", "" };
	char			*big;
	size_t			 i;

	refused("deploy {branch}", &v, "unknown placeholder {branch}",
	    "an unknown placeholder");
	refused("deploy {}", &v, "unknown placeholder {}", "an empty one");
	refused("{ref} --x", &v, "program name", "a program named by the ref");
	refused("bin/{env}", &v, "program name", "a placeholder in argv[0]");
	refused("git fetch origin {ref}", &dash, "starts with '-'",
	    "a ref that would read as an option");
	refused("deploy --env {env}", &none, "no value for {env}",
	    "a missing value");
	refused("deploy {ref}", &none, "no value for {ref}", "an empty value");
	refused("", &v, "nothing to run", "an empty template");
	refused(" \t ", &v, "nothing to run", "blanks only");
	big = xmalloc(2 * 65 + 8);
	for (i = 0; i < 65; i++)
		memcpy(big + 2 * i, "x ", 2);
	big[130] = '\0';
	refused(big, &v, "more than 64 words", "65 words");
	free(big);
	big = xmalloc(DEPLOYCMD_MAX_WORD + 16);
	memset(big, 'a', DEPLOYCMD_MAX_WORD + 1);
	big[DEPLOYCMD_MAX_WORD + 1] = '\0';
	refused(big, &v, "longer than", "a word past the cap");
	free(big);
	big = xmalloc(DEPLOYCMD_MAX_WORD + 16);
	memset(big, 'b', DEPLOYCMD_MAX_WORD);
	big[DEPLOYCMD_MAX_WORD] = '\0';
	{
		struct deploycmd_vars	 longref = { "o/r", "e", "s", big };

		refused("deploy x{ref}", &longref, "longer than",
		    "a value that takes a word past the cap");
	}
	free(big);
}

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--dump") == 0)
		return (dump(argc, argv));
	test_expand();
	test_hostile();
	test_refusals();
	return (tap_done());
}
