/* deploycmd: `[repo] deploy-command`, an argument-vector template with
 * {repo} {env} {sha} {ref}, expanded into the argv that fork/execve runs
 * (never a shell). The template is split on blanks as token-command is;
 * a word may hold placeholders with text around them (--sha={sha}); a
 * value is put into its word as it is and never split or interpreted, so
 * spaces, ;, $(), quotes and newlines in a ref reach the command inside one
 * argument. Refused: an unknown placeholder, a placeholder in the program
 * name, a value that starts with '-' (it would read as an option), a
 * missing value, more than DEPLOYCMD_MAX_ARGS words or a word longer than
 * DEPLOYCMD_MAX_WORD bytes. Pure: any thread. */
#ifndef OPSDECK_DEPLOYCMD_H
#define OPSDECK_DEPLOYCMD_H

#define DEPLOYCMD_MAX_ARGS	64
#define DEPLOYCMD_MAX_WORD	4096

struct deploycmd_vars {
	const char	*repo;		/* owner/name */
	const char	*env;
	const char	*sha;
	const char	*ref;
};

/* 0 with *argv a NULL-terminated malloc'd vector (free with
 * deploycmd_free) and *argc its length; -1 with *cause (malloc'd). */
int	 deploycmd_expand(const char *tmpl, const struct deploycmd_vars *,
	    char ***argv, int *argc, char **cause);
/* Frees the vector and its words; sets *argv NULL; NULL is fine. */
void	 deploycmd_free(char ***argv);

#endif
