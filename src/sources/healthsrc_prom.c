/* healthsrc_prom: the prometheus and alertmanager probes: one GET through
 * the worker's transport (no token, no GitHub header), the answer read by
 * healthparse. A server that does not answer, or answers something that
 * cannot be read, leaves the check unknown with the reason: opsdeck cannot
 * tell, which is never ok. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/healthparse.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"
#include "healthsrc_int.h"

#define API_BODY_LIMIT	(8u << 20)

static int
fetch(struct hcheck *h, struct transport *tp, struct transport_response *r,
    struct health_check *c)
{
	static const char *const accept[] = { "Accept: application/json",
	    NULL };
	struct transport_request req;

	memset(&req, 0, sizeof req);
	req.url = h->url;
	req.flags = TRANSPORT_NO_CACHE;
	req.headers = accept;
	req.limit = API_BODY_LIMIT;
	req.deadline_s = h->cc->timeout_s;
	if (tp != NULL && transport_get(tp, &req, r) == 0)
		return 0;
	c->raw = HEALTH_UNKNOWN;
	c->unreachable = tp != NULL && healthsrc_no_answer(r->curl_code);
	healthsrc_set_reason(c, "%s: %s", h->kind == HK_PROM ? "Prometheus" :
	    "Alertmanager", tp == NULL ? "no transport" : r->error);
	c->value_text = xstrdup("no answer");
	return -1;
}

void
probe_prom(struct hcheck *h, struct transport *tp, struct health_check *c)
{
	struct transport_response r;
	char *why = NULL;

	transport_response_init(&r);
	if (fetch(h, tp, &r, c) == 0 && healthparse_prom(r.body.data != NULL ?
	    r.body.data : "", r.body.len, r.status, &h->warn, &h->crit,
	    h->empty, c, &why) != 0) {
		healthsrc_set_reason(c, "%s", why);
		free(c->value_text);
		c->value_text = xstrdup("unreadable");
	} else if (c->raw != HEALTH_OK && c->reason == NULL &&
	    c->nrows > 0)
		healthsrc_set_reason(c, "%zu crit, %zu warn of %zu series",
		    c->counts[HEALTH_CRIT], c->counts[HEALTH_WARN],
		    c->total_rows);
	free(why);
	transport_response_done(&r);
}

void
probe_am(struct hcheck *h, struct transport *tp, struct health_check *c)
{
	struct transport_response r;
	char *why = NULL;

	transport_response_init(&r);
	if (fetch(h, tp, &r, c) == 0 && healthparse_am(r.body.data != NULL ?
	    r.body.data : "", r.body.len, r.status, c, &why) != 0) {
		healthsrc_set_reason(c, "%s", why);
		free(c->value_text);
		c->value_text = xstrdup("unreadable");
	} else if (c->raw != HEALTH_OK && c->reason == NULL)
		healthsrc_set_reason(c, "%zu alert%s firing",
		    c->counts[HEALTH_CRIT] + c->counts[HEALTH_WARN],
		    c->counts[HEALTH_CRIT] + c->counts[HEALTH_WARN] == 1 ?
		    "" : "s");
	free(why);
	transport_response_done(&r);
}
