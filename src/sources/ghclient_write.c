/* ghclient_write: the GitHub client's mutating call, for src/actions/
 * alone (see ghclient_write.h): the token on the API origin only, a JSON
 * body, no cache, no redirect. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/ghclient.h"
#include "opsdeck/ghclient_write.h"
#include "opsdeck/governor.h"
#include "opsdeck/transport.h"

#include "ghclient_int.h"
#include "transport_int.h"

int
ghclient_write(struct ghclient *gc, struct transport *tp, const char *method,
    const char *url_or_path, const char *json, struct ghclient_response *r)
{
	struct transport_request req;
	const char *lines[4];
	char *url;
	int rc;

	url = ghclient_absolute_url(gc, url_or_path);
	if (!transport_same_origin(url, ghclient_api_url(gc))) {
		snprintf(r->http.error, sizeof r->http.error,
		    "refused: a write goes to the API origin only");
		free(url);
		return -1;
	}
	memset(&req, 0, sizeof req);
	req.url = url;
	req.flags = TRANSPORT_NO_CACHE;
	req.on_header = ghclient_on_header;
	req.header_arg = r;
	ghclient_request_headers(gc, url, lines);
	req.headers = lines;
	/* GitHub's secondary limit counts a mutating request as 5 points. */
	governor_spend(ghclient_governor(gc), 5);
	rc = transport_send(tp, &req, method, json,
	    json != NULL ? strlen(json) : 0, &r->http);
	if (rc == 0)
		ghclient_account(gc, r);
	free(url);
	return rc;
}
