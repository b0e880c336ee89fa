/* xalloc: allocation that cannot fail. Out of memory is the one fatal error
 * (STYLE.md): these print one line to stderr and abort(), whose handler
 * restores the terminal. Any thread. */
#ifndef OPSDECK_XALLOC_H
#define OPSDECK_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t nmemb, size_t size);
/* realloc of nmemb * size with the product checked for overflow. */
void	*xreallocarray(void *, size_t nmemb, size_t size);
char	*xstrdup(const char *);
char	*xstrdup_null(const char *);	/* NULL stays NULL */
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *fmt, va_list);

#endif
