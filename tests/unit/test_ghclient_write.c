/* test_ghclient_write: the GitHub client's one mutating call against
 * tests/fakehub on 127.0.0.1: each method with its JSON body and headers
 * as the server received them, the token on the API origin only, nothing
 * sent to another origin or with a method that is not a write. The only
 * file outside src/actions/ allowed to include ghclient_write.h
 * (tests/lint/mutating.sh). */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>
#include <jansson.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/buf.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/ghclient_write.h"
#include "opsdeck/transport.h"
#include "../tap.h"
#include "../ghpair.h"
#include "../hub.h"

#define TOKEN	"ghp_TESTtoken0123456789abcdefghijklmnopq"
#define ECHO	"/repos/octo/hello/actions/runs/1/__test/echo"

static char	 tmpdir[64], base[64];

static json_t *
requests(void)
{
	struct buf b;
	json_t *j;

	hub_fetch_url(base, "/__control/requests", NULL, 10, &b);
	j = json_loadb(b.data != NULL ? b.data : "", b.len, 0, NULL);
	buf_done(&b);
	return j != NULL ? j : json_array();
}

static void
reset(void)
{
	struct buf b;

	hub_fetch_url(base, "/__control/reset", "{}", 10, &b);
	buf_done(&b);
}

static const char *
field(json_t *e, const char *name)
{
	json_t *v = json_object_get(e, name);

	return json_is_string(v) ? json_string_value(v) : "(null)";
}

/* One write, then what fakehub logged for it. */
static void
one(struct ghpair *p, struct transport *tp, const char *method,
    const char *json)
{
	struct ghclient_response r;
	json_t *reqs, *e;

	reset();
	ghclient_response_init(&r);
	is_int(ghclient_write(p->gc, tp, method, ECHO, json, &r), 0,
	    "%s: sent", method);
	is_int(r.http.status, 201, "%s: answered 201", method);
	ok(r.http.body.data != NULL && strstr(r.http.body.data, method) !=
	    NULL, "%s: the server saw the method", method);
	is_int(ghclient_classify(&r), GHCLIENT_OK, "%s: classified OK", method);
	ghclient_response_done(&r);
	reqs = requests();
	is_int(json_array_size(reqs), 1, "%s: one request", method);
	e = json_array_get(reqs, 0);
	is_str(field(e, "method"), method, "%s: method", method);
	is_str(field(e, "body"), json != NULL ? json : "(null)", "%s: body",
	    method);
	is_str(field(e, "content_type"), json != NULL ? "application/json" :
	    "(null)", "%s: content type", method);
	is_str(field(e, "accept"), "application/vnd.github+json",
	    "%s: Accept", method);
	is_str(field(e, "api_version"), "2022-11-28", "%s: API version",
	    method);
	ok(json_is_true(json_object_get(e, "authorization")) &&
	    strcmp(field(e, "auth_scheme"), "Bearer") == 0,
	    "%s: the token, as Bearer, to the API origin", method);
	json_decref(reqs);
}

int
main(void)
{
	struct transport_opts to;
	struct ghclient_opts go;
	struct ghclient_response r;
	struct api_status st;
	struct ghpair *p;
	struct transport *tp;
	pid_t pid;
	char *other;
	json_t *reqs;

	signal(SIGPIPE, SIG_IGN);
	snprintf(tmpdir, sizeof tmpdir, "/tmp/od-write.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	pid = hub_spawn(tmpdir, "basic", 120, 15.0, base, sizeof base);
	memset(&to, 0, sizeof to);
	to.connect_timeout_s = 2;
	to.timeout_s = 10;
	memset(&go, 0, sizeof go);
	go.api_url = base;
	go.token = TOKEN;
	p = ghpair_new(&to, &go);
	tp = transport_new(p->ts);

	one(p, tp, "POST", "{\"ref\":\"main\",\"inputs\":{\"n\":1}}");
	one(p, tp, "PUT", "{\"state\":\"approved\"}");
	one(p, tp, "PATCH", "{\"title\":\"x\"}");
	one(p, tp, "DELETE", NULL);

	/* An absolute URL on another origin (localhost is not 127.0.0.1):
	 * refused, and nothing at all reaches the server. */
	reset();
	other = xasprintf("http://localhost:%s" ECHO, base + 17);
	ghclient_response_init(&r);
	is_int(ghclient_write(p->gc, tp, "POST", other, "{}", &r), -1,
	    "another origin: refused");
	ok(strstr(r.http.error, "API origin") != NULL, "another origin: why");
	ghclient_response_done(&r);
	free(other);
	ghclient_response_init(&r);
	is_int(ghclient_write(p->gc, tp, "GET", ECHO, NULL, &r), -1,
	    "GET is not a write: refused");
	ghclient_response_done(&r);
	ghclient_response_init(&r);
	is_int(ghclient_write(p->gc, tp, "post", ECHO, "{}", &r), -1,
	    "a lower-case method: refused");
	ghclient_response_done(&r);
	reqs = requests();
	is_int(json_array_size(reqs), 0, "refused writes sent nothing");
	json_decref(reqs);

	/* A write to an ordinary API path is GitHub's 404, classified. */
	ghclient_response_init(&r);
	is_int(ghclient_write(p->gc, tp, "POST", "/repos/octo/hello/dispatches",
	    "{}", &r), 0, "a write to a path the fake lacks: answered");
	is_int(ghclient_classify(&r), GHCLIENT_NOT_FOUND, "classified 404");
	ghclient_response_done(&r);
	ghclient_status(p->gc, &st);
	is_int((long)st.requests, 5, "every answered write is accounted");
	ok(st.remaining >= 0, "the budget read from a write's answer");
	free(st.wait_reason);

	transport_free(&tp);
	ghpair_free(&p);
	hub_kill(&pid);
	curl_global_cleanup();
	rmdir(tmpdir);
	return tap_done();
}
