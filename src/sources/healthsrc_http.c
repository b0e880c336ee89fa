/* healthsrc_http: the http probe: a GET through the worker's transport
 * (no token, no GitHub header: the request carries no header of ours at
 * all), its status, latency, optional body match and, over https, the
 * days until the server's certificate expires. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "opsdeck/rx.h"
#include "opsdeck/transport.h"
#include "opsdeck/xalloc.h"
#include "healthsrc_int.h"

#define HTTP_BODY_LIMIT	(4u << 20)

static void
cert_days(struct hcheck *h, struct health_check *c, time_t expiry,
    time_t now)
{
	const struct healthsrc_check_conf *cc = h->cc;
	enum health_state s = HEALTH_OK;
	long days;

	if (expiry == 0)
		return;
	days = (long)((expiry - now) / 86400);
	if (expiry < now)
		days = -1 - (long)((now - expiry) / 86400);
	c->cert_days = days < 0 ? 0 : days;
	if (days < cc->cert_crit_days || expiry <= now)
		s = HEALTH_CRIT;
	else if (days < cc->cert_warn_days)
		s = HEALTH_WARN;
	if (health_rank(s) > health_rank(c->raw)) {
		c->raw = s;
		if (expiry <= now)
			healthsrc_set_reason(c, "certificate expired");
		else
			healthsrc_set_reason(c, "certificate expires in %ld "
			    "day%s", days, days == 1 ? "" : "s");
	}
}

void
probe_http(struct hcheck *h, struct transport *tp, struct health_check *c)
{
	const struct healthsrc_check_conf *cc = h->cc;
	struct transport_request req;
	struct transport_response r;
	int want = cc->status > 0 ? cc->status : 200;

	memset(&req, 0, sizeof req);
	req.url = cc->url;
	req.flags = TRANSPORT_NO_CACHE | (strncmp(cc->url, "https:", 6) == 0 ?
	    TRANSPORT_CERTINFO : 0);
	req.limit = HTTP_BODY_LIMIT;
	req.deadline_s = cc->timeout_s;
	req.ca_file = cc->ca_file;
	transport_response_init(&r);
	if (tp == NULL || transport_get(tp, &req, &r) != 0) {
		/* A name that does not resolve says nothing of the target. */
		c->raw = r.curl_code == CURLE_COULDNT_RESOLVE_HOST ?
		    HEALTH_UNKNOWN : HEALTH_CRIT;
		c->unreachable = tp != NULL &&
		    healthsrc_no_answer(r.curl_code);
		healthsrc_set_reason(c, "%s", tp == NULL ? "no transport" :
		    r.error);
		c->value_text = xstrdup(r.curl_code ==
		    CURLE_OPERATION_TIMEDOUT ? "timeout" : "down");
		goto out;
	}
	c->value = (double)r.total_ms;
	c->value_text = xasprintf("%ld ms", r.total_ms);
	if (r.status != want) {
		c->raw = HEALTH_CRIT;
		healthsrc_set_reason(c, "HTTP %ld%s%s (want %d)", r.status,
		    r.reason[0] != '\0' ? " " : "", r.reason, want);
		goto out;
	}
	if (h->match != NULL) {
		struct rx_match *m = rx_match_new(h->match);
		int hit = rx_exec(h->match, m, r.body.data != NULL ?
		    r.body.data : "", r.body.len, 0, NULL, NULL);

		rx_match_free(&m);
		if (hit != 1) {
			c->raw = HEALTH_CRIT;
			healthsrc_set_reason(c, "body does not match /%s/",
			    cc->match);
			goto out;
		}
	}
	c->raw = health_eval(c->value, &h->warn, &h->crit);
	if (c->raw != HEALTH_OK)
		healthsrc_set_reason(c, "slow: %ld ms", r.total_ms);
	cert_days(h, c, r.cert_expiry, time(NULL));
out:
	transport_response_done(&r);
}
