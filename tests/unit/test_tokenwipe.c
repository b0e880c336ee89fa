/* test_tokenwipe: the GitHub client's copies of the token are wiped before
 * they go back to the allocator. Linked with -Wl,--wrap=free, so every
 * free() in opsdeck's own objects passes through __wrap_free, which looks
 * for the token in the block first. */
#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"
#include "../tap.h"
#include "../ghpair.h"

#define TOKEN	"ghp_WIPEtoken0123456789abcdefghijklmnopq"

void	 __real_free(void *);
void	 __wrap_free(void *);

static int	 watching, leaked;

void
__wrap_free(void *p)
{
	if (watching && p != NULL &&
	    memmem(p, malloc_usable_size(p), TOKEN, sizeof TOKEN - 1) != NULL)
		leaked++;
	__real_free(p);
}

int
main(void)
{
	struct transport_opts to;
	struct ghclient_opts go;
	struct ghclient_response r;
	struct transport *tp;
	struct ghpair *p;
	char *copy;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	/* The check itself: a copy freed as it is is seen. */
	watching = 1;
	copy = strdup("Authorization: Bearer " TOKEN);
	free(copy);
	is_int(leaked, 1, "a block freed holding the token is seen");
	leaked = 0;

	memset(&to, 0, sizeof to);
	to.connect_timeout_s = 1;
	to.timeout_s = 1;
	memset(&go, 0, sizeof go);
	go.api_url = "http://127.0.0.1:1";	/* refused: nothing listens */
	go.token = TOKEN;
	p = ghpair_new(&to, &go);
	tp = transport_new(p->ts);
	ghclient_response_init(&r);
	(void)ghclient_get(p->gc, tp, "/user", 0, &r);
	ghclient_response_done(&r);
	transport_free(&tp);
	ghpair_free(&p);
	watching = 0;
	is_int(leaked, 0, "the client and its requests free no unwiped token");
	curl_global_cleanup();
	return tap_done();
}
