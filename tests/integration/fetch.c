/* fetch: one GET through opsdeck's http module, for shell tests:
 * fetch API_URL PATH [follow] prints "STATUS BYTES" and the body's first
 * line. The token comes from GH_TOKEN. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "opsdeck/http.h"

int
main(int argc, char **argv)
{
	struct http_shared_opts o;
	struct http_shared *sh;
	struct http_response r;
	struct http *h;
	char *cause = NULL, *nl;

	if (argc < 3)
		return 2;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	memset(&o, 0, sizeof o);
	o.api_url = argv[1];
	o.token = getenv("GH_TOKEN");
	o.timeout_s = 10;
	if ((sh = http_shared_new(&o, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return 2;
	}
	h = http_new(sh);
	http_response_init(&r);
	http_get(h, argv[2], argc > 3 ? HTTP_FOLLOW : 0, &r);
	printf("%ld %zu\n", r.status, r.body.len);
	if (r.body.data != NULL) {
		if ((nl = strchr(r.body.data, '\n')) != NULL)
			*nl = '\0';
		printf("%s\n", r.body.data);
	}
	http_response_done(&r);
	http_free(&h);
	http_shared_free(&sh);
	curl_global_cleanup();
	return 0;
}
