/* ghclient_int: what ghclient.c shares with ghclient_write.c (the token
 * header, the budget headers, the accounting). Internal to sources/: no
 * other file includes it (tests/lint/mutating.sh). */
#ifndef OPSDECK_GHCLIENT_INT_H
#define OPSDECK_GHCLIENT_INT_H

#include <stddef.h>

#include "opsdeck/ghclient.h"

/* The GitHub header lines for a request to url, the token only on the API
 * origin, NULL-terminated, into lines[4] (borrowed from the client). */
void		 ghclient_request_headers(const struct ghclient *,
		    const char *url, const char *lines[4]);
/* transport_request.on_header: the budget headers into the
 * struct ghclient_response that arg is. */
void		 ghclient_on_header(const char *name, size_t nlen,
		    const char *value, size_t vlen, void *arg);
/* The absolute URL of url_or_path (malloc'd). */
char		*ghclient_absolute_url(const struct ghclient *,
		    const char *url_or_path);
/* The budget after an answer (newest reset wins). */
void		 ghclient_account(struct ghclient *,
		    const struct ghclient_response *);
/* The cache identity of this client's answers (token hash + Accept). */
const char	*ghclient_ident(const struct ghclient *);

#endif
