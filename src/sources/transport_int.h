/* transport_int: the transport's one mutating call, for the GitHub
 * client's write module alone (ghclient_write.c). tests/lint/mutating.sh
 * fails the build's checks if any other file includes this header or sets
 * a mutating method on a curl handle. Internal to sources/. */
#ifndef OPSDECK_TRANSPORT_INT_H
#define OPSDECK_TRANSPORT_INT_H

#include <stddef.h>

#include "opsdeck/transport.h"

/* method is "POST", "PUT", "PATCH" or "DELETE" (anything else: -1, nothing
 * sent); body (len bytes, may be NULL) goes out as is. Never cached, never
 * conditional, redirects never followed. Returns like transport_get. */
int	 transport_send(struct transport *, const struct transport_request *,
	    const char *method, const char *body, size_t len,
	    struct transport_response *);

#endif
