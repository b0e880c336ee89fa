/* ghclient_write: the GitHub client's one mutating call (POST, PUT, PATCH,
 * DELETE with a JSON body). Reserved to src/actions/: tests/lint/
 * mutating.sh fails `make check` when any other source includes this
 * header or calls ghclient_write, or sets a mutating method on curl. */
#ifndef OPSDECK_GHCLIENT_WRITE_H
#define OPSDECK_GHCLIENT_WRITE_H

#include "opsdeck/ghclient.h"

struct transport;

/* method "POST", "PUT", "PATCH" or "DELETE"; path relative to the API base
 * ("/repos/o/r/actions/runs/1/rerun") or an absolute URL on the API origin
 * (any other origin is refused with nothing sent: a write never leaves the
 * API host, and the token never goes elsewhere). json (may be NULL: no
 * body) is sent as Content-Type: application/json. Never cached, never
 * conditional, a redirect never followed. Accounts the budget like a GET.
 * 0 when an HTTP response arrived (any status; classify it), -1 when
 * nothing was sent or the transfer failed (r->http.error says why). */
int	 ghclient_write(struct ghclient *, struct transport *,
	    const char *method, const char *url_or_path, const char *json,
	    struct ghclient_response *r);

#endif
