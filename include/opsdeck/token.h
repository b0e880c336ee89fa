/* token: where the GitHub token comes from. For github.com and *.ghe.com:
 * GH_TOKEN, then GITHUB_TOKEN; for a GitHub Enterprise Server API host
 * (any other host) GH_ENTERPRISE_TOKEN, then GITHUB_ENTERPRISE_TOKEN, and
 * never GH_TOKEN/GITHUB_TOKEN (github.com's tokens). Then the configured
 * token-command, run as an argument vector (split on blanks, never through
 * a shell) with a timeout. The token is never logged or put in a cause.
 * Call from main before threads start (it forks). */
#ifndef OPSDECK_TOKEN_H
#define OPSDECK_TOKEN_H

/* 0 with *token malloc'd (or NULL when there is none: not an error) and
 * *source naming where it came from; -1 with *cause when token-command
 * failed. */
int	 token_resolve(const char *api_url, const char *token_command,
	    int timeout_ms, char **token, const char **source, char **cause);
/* Zeroes and frees. */
void	 token_free(char **);

#endif
