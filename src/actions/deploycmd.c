/* deploycmd: owns the expansion of `[repo] deploy-command` templates into
 * argument vectors, and the refusals that keep remote values from becoming
 * programs or options. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/deploycmd.h"
#include "opsdeck/xalloc.h"

/* The value of placeholder name[0..len), or NULL with *known 0. */
static const char *
deploycmd_value(const struct deploycmd_vars *v, const char *name, size_t len,
    int *known)
{
	static const char *names[] = { "repo", "env", "sha", "ref" };
	const char	*vals[] = { v->repo, v->env, v->sha, v->ref };
	size_t		 i;

	*known = 0;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0) {
			*known = 1;
			return (vals[i]);
		}
	return (NULL);
}

/* Expands one word of the template into a malloc'd string. */
static char *
deploycmd_word(const char *w, size_t wlen, int first,
    const struct deploycmd_vars *v, char **cause)
{
	const char	*p = w, *end = w + wlen, *close, *val;
	char		*out = xmalloc(DEPLOYCMD_MAX_WORD + 1);
	size_t		 n = 0, add;
	int		 known;

	while (p < end) {
		close = NULL;
		if (*p == '{')
			close = memchr(p, '}', (size_t)(end - p));
		if (close == NULL) {
			if (n == DEPLOYCMD_MAX_WORD)
				goto toolong;
			out[n++] = *p++;
			continue;
		}
		val = deploycmd_value(v, p + 1, (size_t)(close - p - 1), &known);
		if (!known) {
			*cause = xasprintf("deploy-command: unknown placeholder "
			    "%.*s (use {repo} {env} {sha} {ref})",
			    (int)(close - p + 1), p);
			goto fail;
		}
		if (first) {
			*cause = xasprintf("deploy-command: the program name "
			    "cannot come from %.*s", (int)(close - p + 1), p);
			goto fail;
		}
		if (val == NULL || *val == '\0') {
			*cause = xasprintf("deploy-command: no value for %.*s",
			    (int)(close - p + 1), p);
			goto fail;
		}
		if (*val == '-') {
			*cause = xasprintf("deploy-command: the value of %.*s "
			    "starts with '-' and would read as an option",
			    (int)(close - p + 1), p);
			goto fail;
		}
		if ((add = strlen(val)) > DEPLOYCMD_MAX_WORD - n)
			goto toolong;
		memcpy(out + n, val, add);
		n += add;
		p = close + 1;
	}
	out[n] = '\0';
	return (out);
toolong:
	*cause = xasprintf("deploy-command: a word is longer than %d bytes",
	    DEPLOYCMD_MAX_WORD);
fail:
	free(out);
	return (NULL);
}

int
deploycmd_expand(const char *tmpl, const struct deploycmd_vars *v,
    char ***argvp, int *argcp, char **cause)
{
	char		**argv;
	const char	 *p = tmpl != NULL ? tmpl : "";
	size_t		  len;
	int		  argc = 0;

	*argvp = NULL;
	*argcp = 0;
	*cause = NULL;
	argv = xcalloc(DEPLOYCMD_MAX_ARGS + 1, sizeof *argv);
	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		len = strcspn(p, " \t");
		if (argc == DEPLOYCMD_MAX_ARGS) {
			*cause = xasprintf("deploy-command: more than %d words",
			    DEPLOYCMD_MAX_ARGS);
			goto fail;
		}
		if ((argv[argc] = deploycmd_word(p, len, argc == 0, v,
		    cause)) == NULL)
			goto fail;
		argc++;
		p += len;
	}
	if (argc == 0) {
		*cause = xstrdup("deploy-command: nothing to run");
		goto fail;
	}
	*argvp = argv;
	*argcp = argc;
	return (0);
fail:
	deploycmd_free(&argv);
	return (-1);
}

void
deploycmd_free(char ***argvp)
{
	char	**argv;
	size_t	  i;

	if (argvp == NULL || (argv = *argvp) == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
	*argvp = NULL;
}
