/* fetch: one GET through opsdeck's GitHub client, for shell tests:
 * fetch API_URL PATH [follow] prints "STATUS BYTES" and the body's first
 * line. The token comes from GH_TOKEN. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"

int
main(int argc, char **argv)
{
	struct transport_opts to;
	struct ghclient_opts o;
	struct transport_shared *ts;
	struct ghclient *sh;
	struct ghclient_response r;
	struct transport *h;
	char *cause = NULL, *nl;

	if (argc < 3)
		return 2;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	memset(&to, 0, sizeof to);
	to.timeout_s = 10;
	memset(&o, 0, sizeof o);
	o.api_url = argv[1];
	o.token = getenv("GH_TOKEN");
	if ((ts = transport_shared_new(&to, &cause)) == NULL ||
	    (sh = ghclient_new(ts, &o, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return 2;
	}
	h = transport_new(ts);
	ghclient_response_init(&r);
	ghclient_get(sh, h, argv[2], argc > 3 ? GHCLIENT_FOLLOW : 0, &r);
	printf("%ld %zu\n", r.http.status, r.http.body.len);
	if (r.http.body.data != NULL) {
		if ((nl = strchr(r.http.body.data, '\n')) != NULL)
			*nl = '\0';
		printf("%s\n", r.http.body.data);
	}
	ghclient_response_done(&r);
	transport_free(&h);
	ghclient_free(&sh);
	transport_shared_free(&ts);
	curl_global_cleanup();
	return 0;
}
