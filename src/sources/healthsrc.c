/* healthsrc: the health source: its config tables ([check "NAME"],
 * [prometheus], [alertmanager], [health]), one job per check, and the
 * publishing of each result after flap damping into STORE_HEALTH. The
 * probes are in healthsrc_<kind>.c. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "opsdeck/conf.h"
#include "opsdeck/health.h"
#include "opsdeck/healthsrc.h"
#include "opsdeck/log.h"
#include "opsdeck/rx.h"
#include "opsdeck/sched.h"
#include "opsdeck/spawn.h"
#include "opsdeck/store.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"
#include "healthsrc_int.h"

/* --- configuration --- */

#define G(f) offsetof(struct healthsrc_conf, f)
static const struct conf_key healthsrc_keys[] = {
	{ "prometheus", "url", CONF_URL, 0, 0, G(prom_url), NULL,
	    "Prometheus base URL for kind = prometheus checks" },
	{ "alertmanager", "url", CONF_URL, 0, 0, G(am_url), NULL,
	    "Alertmanager base URL for kind = alertmanager checks (API v2)" },
	{ "health", "after-deploy", CONF_DUR, 60, 86400, G(after_deploy_s),
	    NULL, "how long after a deploy a check going bad is blamed on it" },
};
#undef G

const struct conf_table healthsrc_conf_table = {
	.name = "health",
	.keys = healthsrc_keys,
	.nkeys = sizeof healthsrc_keys / sizeof healthsrc_keys[0],
	.size = sizeof(struct healthsrc_conf),
};

static const char *const kinds[] = { "http", "tcp", "command", "prometheus",
	"alertmanager", "host", NULL };
static const char *const empties[] = { "ok", "unknown", "crit", NULL };

#define C(f) offsetof(struct healthsrc_check_conf, f)
static const struct conf_key check_keys[] = {
	{ "check", "kind", CONF_ENUM, 0, 0, C(kind), kinds,
	    "http, tcp, command, prometheus, alertmanager or host" },
	{ "check", "environment", CONF_STR, 0, 0, C(environment), NULL,
	    "the environment the check belongs to (after-deploy rows)" },
	{ "check", "interval", CONF_DUR, 1, 86400, C(interval_s), NULL,
	    "how often the check runs" },
	{ "check", "timeout", CONF_DUR, 1, 600, C(timeout_s), NULL,
	    "how long a probe may take before it is crit" },
	{ "check", "warn", CONF_STR, 0, 0, C(warn), NULL,
	    "warn limit: latency (500ms, 2s) or value (0.9, > 100, < 0.99)" },
	{ "check", "crit", CONF_STR, 0, 0, C(crit), NULL,
	    "crit limit: latency (http/tcp default 2s) or value" },
	{ "check", "flap-damping", CONF_INT, 1, 20, C(flap_damping), NULL,
	    "results in a row a new state needs before it shows" },
	{ "check", "url", CONF_STR, 0, 0, C(url), NULL,
	    "http: the URL to GET" },
	{ "check", "status", CONF_INT, 100, 599, C(status), NULL,
	    "http: the expected status" },
	{ "check", "match", CONF_STR, 0, 0, C(match), NULL,
	    "http body or command output must match this PCRE2 pattern" },
	{ "check", "ca-file", CONF_PATH, 0, 0, C(ca_file), NULL,
	    "https: CA bundle to verify the server with" },
	{ "check", "cert-warn", CONF_INT, 0, 3650, C(cert_warn_days), NULL,
	    "https: warn when the certificate expires within this many days" },
	{ "check", "cert-crit", CONF_INT, 0, 3650, C(cert_crit_days), NULL,
	    "https: crit when the certificate expires within this many days" },
	{ "check", "address", CONF_STR, 0, 0, C(address), NULL,
	    "tcp: host:port to connect to" },
	{ "check", "command", CONF_CMD, 0, 0, C(command), NULL,
	    "command: argv split on blanks, run without a shell" },
	{ "check", "exit", CONF_INT, 0, 255, C(exit_code), NULL,
	    "command: the expected exit status" },
	{ "check", "query", CONF_STR, 0, 0, C(query), NULL,
	    "prometheus: a PromQL instant query" },
	{ "check", "empty", CONF_ENUM, 0, 0, C(empty), empties,
	    "prometheus: the state of a query that returns no series" },
	{ "check", "matchers", CONF_STR, 0, 0, C(matchers), NULL,
	    "alertmanager: matchers, comma-separated (severity=\"critical\")" },
	{ "check", "path", CONF_PATH, 0, 0, C(path), NULL,
	    "host: the file system whose disk use is checked" },
	{ "check", "cpu", CONF_INT, 1, 1000, C(cpu), NULL,
	    "host: crit at this load, percent of the CPUs" },
	{ "check", "memory", CONF_INT, 1, 100, C(memory), NULL,
	    "host: crit at this memory use, percent" },
	{ "check", "disk", CONF_INT, 1, 100, C(disk), NULL,
	    "host: crit at this disk use, percent" },
	{ "check", "backoff", CONF_INT, 1, 64, C(backoff), NULL,
	    "a target that does not answer is probed at an interval doubling "
	    "up to this many times the interval (1: no backoff)" },
	{ "check", "backoff-max", CONF_DUR, 1, 86400, C(backoff_max_s), NULL,
	    "the longest delay backoff waits between probes" },
};
#undef C

static int
url_ok(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL;
	int ok;

	ok = u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) ==
	    CURLUE_OK && curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) ==
	    CURLUE_OK && (strcmp(scheme, "http") == 0 ||
	    strcmp(scheme, "https") == 0);
	curl_free(scheme);
	curl_url_cleanup(u);
	return ok;
}

/* Per check: the kind's required key, and limits that parse. */
static int
check_finish(void *values, char **why)
{
	struct healthsrc_check_conf *cc = values;
	struct health_limit l;
	const char *w;
	int time;

	if (cc->kind == NULL) {
		*why = xstrdup("key 'kind' is required (http, tcp, command, "
		    "prometheus, alertmanager or host)");
		return -1;
	}
	if (strcmp(cc->kind, "http") == 0 && (cc->url == NULL ||
	    !url_ok(cc->url))) {
		*why = xstrdup("kind = http needs url = http(s)://...");
		return -1;
	}
	if (strcmp(cc->kind, "tcp") == 0 && cc->address == NULL) {
		*why = xstrdup("kind = tcp needs address = host:port");
		return -1;
	}
	if (strcmp(cc->kind, "command") == 0 && cc->command == NULL) {
		*why = xstrdup("kind = command needs command = PROGRAM ARGS");
		return -1;
	}
	if (strcmp(cc->kind, "prometheus") == 0 && cc->query == NULL) {
		*why = xstrdup("kind = prometheus needs query = PROMQL");
		return -1;
	}
	time = strcmp(cc->kind, "prometheus") != 0;
	if ((cc->warn != NULL && health_limit_parse(cc->warn, time, &l,
	    &w) != 0) || (cc->crit != NULL && health_limit_parse(cc->crit,
	    time, &l, &w) != 0)) {
		*why = xasprintf("key '%s': %s", cc->crit != NULL &&
		    health_limit_parse(cc->crit, time, &l, &w) != 0 ? "crit" :
		    "warn", w);
		return -1;
	}
	return 0;
}

/* [check] keys without a name (data/defaults.conf's, the user's) are
 * every check's defaults. */
const struct conf_table healthsrc_check_table = {
	.name = "check",
	.keys = check_keys,
	.nkeys = sizeof check_keys / sizeof check_keys[0],
	.size = sizeof(struct healthsrc_check_conf),
	.finish = check_finish,
	.named = CONF_NAMED_DEFAULTS,
};

/* --- helpers the probes share --- */

char *
healthsrc_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i, k = 0;
	char *out = xmalloc(3 * n + 1);
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (isalnum(c) || strchr("-_.~", c) != NULL)
			out[k++] = (char)c;
		else {
			out[k++] = '%';
			out[k++] = hex[c >> 4];
			out[k++] = hex[c & 15];
		}
	}
	out[k] = '\0';
	return out;
}

bool
healthsrc_no_answer(int curl_code)
{
	switch (curl_code) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		return true;
	default:
		return false;
	}
}

void
healthsrc_set_reason(struct health_check *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	free(c->reason);
	c->reason = s != NULL ? s : xstrdup("?");
}

/* --- the checks --- */

static char *
am_url(const char *base, const char *matchers)
{
	struct buf b;
	const char *p = matchers, *e;
	char *one, *esc;
	int inq;

	buf_init(&b, 0);
	buf_printf(&b, "%s/api/v2/alerts?active=true", base);
	while (p != NULL && *p != '\0') {
		/* A comma inside quotes is part of the value. */
		for (e = p, inq = 0; *e != '\0' && (inq || *e != ','); e++) {
			if (*e == '"' && (e == p || e[-1] != '\\'))
				inq = !inq;
		}
		one = xstrndup(p, (size_t)(e - p));
		esc = healthsrc_escape(one + strspn(one, " \t"));
		if (*esc != '\0')
			buf_printf(&b, "&filter=%s", esc);
		free(esc);
		free(one);
		p = *e == ',' ? e + 1 : e;
	}
	return buf_steal(&b);
}

static int
check_init(struct healthsrc *hs, struct hcheck *h, const char *name,
    const struct healthsrc_check_conf *cc, char **cause)
{
	static const enum hkind kmap[] = { HK_HTTP, HK_TCP, HK_COMMAND,
	    HK_PROM, HK_AM, HK_HOST };
	const char *w;
	char *why = NULL, *esc;
	size_t i;
	bool time;

	h->hs = hs;
	h->cc = cc;
	h->name = xstrdup(name);
	h->job = -1;
	health_damp_init(&h->damp);
	for (i = 0; kinds[i] != NULL && strcmp(kinds[i], cc->kind) != 0; i++)
		;
	h->kind = kmap[i];
	time = h->kind != HK_PROM;
	if (cc->warn != NULL)
		(void)health_limit_parse(cc->warn, time, &h->warn, &w);
	if (cc->crit != NULL)
		(void)health_limit_parse(cc->crit, time, &h->crit, &w);
	else if (h->kind == HK_HTTP || h->kind == HK_TCP)
		(void)health_limit_parse("2s", true, &h->crit, &w);
	if (cc->match != NULL && (h->match = rx_new(cc->match, 0,
	    &why)) == NULL) {
		*cause = xasprintf("[check \"%s\"] match: %s", name, why);
		free(why);
		return -1;
	}
	if (h->kind == HK_COMMAND && spawn_split(cc->command, &h->argv,
	    &why) != 0) {
		*cause = xasprintf("[check \"%s\"] command: %s", name, why);
		free(why);
		return -1;
	}
	h->empty = cc->empty == NULL || strcmp(cc->empty, "unknown") == 0 ?
	    HP_EMPTY_UNKNOWN : strcmp(cc->empty, "ok") == 0 ? HP_EMPTY_OK :
	    HP_EMPTY_CRIT;
	if (h->kind == HK_PROM) {
		if (hs->conf->prom_url == NULL) {
			*cause = xasprintf("[check \"%s\"]: kind = prometheus "
			    "needs [prometheus] url", name);
			return -1;
		}
		esc = healthsrc_escape(cc->query);
		h->url = xasprintf("%s/api/v1/query?query=%s",
		    hs->conf->prom_url, esc);
		free(esc);
	} else if (h->kind == HK_AM) {
		if (hs->conf->am_url == NULL) {
			*cause = xasprintf("[check \"%s\"]: kind = "
			    "alertmanager needs [alertmanager] url", name);
			return -1;
		}
		h->url = am_url(hs->conf->am_url, cc->matchers);
	}
	return 0;
}

static void
check_done(struct hcheck *h)
{
	free(h->name);
	free(h->url);
	rx_free(&h->match);
	spawn_argv_free(&h->argv);
}

static const char *
target_of(const struct hcheck *h)
{
	switch (h->kind) {
	case HK_HTTP:
		return h->cc->url;
	case HK_TCP:
		return h->cc->address;
	case HK_COMMAND:
		return h->cc->command;
	case HK_PROM:
		return h->cc->query;
	case HK_AM:
		return h->cc->matchers != NULL ? h->cc->matchers : "all alerts";
	default:
		return h->cc->path != NULL ? h->cc->path : "/";
	}
}

static struct health_check *
snapshot_base(const struct hcheck *h)
{
	struct health_check *c = health_check_new(h->name, h->cc->kind);

	c->env = h->cc->environment != NULL ? xstrdup(h->cc->environment) :
	    NULL;
	c->target = xstrdup(target_of(h));
	c->after_deploy_s = h->hs->conf->after_deploy_s;
	return c;
}

/* Backoff: a target that keeps not answering is probed less and less
 * often (health_backoff_s); its first answer brings the interval back. */
static void
check_backoff(struct hcheck *h, struct health_check *c, time_t now)
{
	long interval = h->cc->interval_s > 0 ? h->cc->interval_s : 30;

	h->fails = c->unreachable ? h->fails + 1 : 0;
	h->delay_s = health_backoff_s(interval, h->fails, h->cc->backoff > 0 ?
	    h->cc->backoff : 8, h->cc->backoff_max_s > 0 ?
	    h->cc->backoff_max_s : 300);
	c->fails = h->fails;
	c->backoff_s = h->delay_s > interval ? h->delay_s : 0;
	c->next_at = now + h->delay_s;
}

/* Runs the probe, damps, records and publishes. */
static void
check_run(struct hcheck *h, struct worker_ctx *w)
{
	struct health_check *c = snapshot_base(h);
	enum health_state before = h->damp.shown;
	time_t now;

	switch (h->kind) {
	case HK_HTTP:
		probe_http(h, w->tp, c);
		break;
	case HK_TCP:
		probe_tcp(h, c);
		break;
	case HK_COMMAND:
		probe_command(h, c);
		break;
	case HK_PROM:
		probe_prom(h, w->tp, c);
		break;
	case HK_AM:
		probe_am(h, w->tp, c);
		break;
	case HK_HOST:
		probe_host(h, c);
		break;
	}
	now = time(NULL);
	if (c->raw == HEALTH_OK && c->reason != NULL) {
		free(c->reason);
		c->reason = NULL;
	}
	if (health_damp_feed(&h->damp, c->raw, h->cc->flap_damping, now) &&
	    h->damp.started)
		health_ring_transition(&h->ring, now, before, h->damp.shown);
	health_ring_push(&h->ring, now, c->value, c->raw);
	c->state = h->damp.shown;
	c->since = h->damp.since;
	c->flapping = health_damp_flapping(&h->damp);
	c->checked_at = now;
	c->nhist = health_ring_points(&h->ring, c->hist);
	c->ntrans = health_ring_transitions(&h->ring, c->trans);
	check_backoff(h, c, now);
	log_debug("check %s: %s (%s)%s", h->name, health_word(c->raw),
	    c->reason != NULL ? c->reason : "-", c->backoff_s > 0 ?
	    ", backing off" : "");
	store_publish(h->hs->store, STORE_HEALTH, snap_new(h->name, c,
	    health_check_free_void));
}

static int64_t
check_job(void *arg, void *wctx)
{
	struct hcheck *h = arg;

	check_run(h, wctx);
	return (int64_t)h->delay_s * 1000;
}

/* --- source_ops --- */

static void *
healthsrc_create(const struct source_env *env, char **cause)
{
	const struct conf_named *nv = conf_named_values(env->cfg,
	    &healthsrc_check_table);
	struct healthsrc *hs = xcalloc(1, sizeof *hs);
	size_t i;

	hs->store = env->store;
	hs->conf = conf_values(env->cfg, &healthsrc_conf_table);
	if (nv == NULL || hs->conf == NULL)
		return hs;	/* tables not registered (a test's config) */
	hs->checks = xcalloc(nv->n + 1, sizeof *hs->checks);
	for (i = 0; i < nv->n; i++) {
		if (check_init(hs, &hs->checks[i], nv->names[i],
		    nv->values[i], cause) != 0) {
			hs->nchecks = i + 1;
			healthsrc_source.free(hs);
			return NULL;
		}
		hs->nchecks = i + 1;
	}
	return hs;
}

static int
healthsrc_schedule(void *priv, struct sched *s)
{
	struct healthsrc *hs = priv;
	size_t i;
	char *name;

	hs->stop = sched_stop_flag(s);
	for (i = 0; i < hs->nchecks; i++) {
		name = xasprintf("check %s", hs->checks[i].name);
		hs->checks[i].job = sched_add(s, name, check_job,
		    &hs->checks[i], 0);
		free(name);
		if (hs->checks[i].job < 0)
			return -1;
	}
	return 0;
}

/* Every check listed at once, not yet checked: the pane shows what is
 * configured while the first probes run. */
static void
healthsrc_publish_cached(void *priv)
{
	struct healthsrc *hs = priv;
	struct health_check *c;
	size_t i;

	for (i = 0; i < hs->nchecks; i++) {
		c = snapshot_base(&hs->checks[i]);
		c->reason = xstrdup("not checked yet");
		store_publish(hs->store, STORE_HEALTH, snap_new(c->name, c,
		    health_check_free_void));
	}
}

static int
healthsrc_poll_once(void *priv, struct worker_ctx *w)
{
	struct healthsrc *hs = priv;
	size_t i;

	for (i = 0; i < hs->nchecks; i++)
		check_run(&hs->checks[i], w);
	return 0;
}

static void
healthsrc_free(void *priv)
{
	struct healthsrc *hs = priv;
	size_t i;

	if (hs == NULL)
		return;
	for (i = 0; i < hs->nchecks; i++)
		check_done(&hs->checks[i]);
	free(hs->checks);
	free(hs);
}

/* A config of checks alone is something to watch. */
static int
healthsrc_watches(const struct conf *cfg)
{
	const struct conf_named *nv = conf_named_values(cfg,
	    &healthsrc_check_table);

	return nv != NULL && nv->n > 0;
}

static const struct conf_table *const healthsrc_more_conf[] = {
	&healthsrc_check_table, NULL
};

const struct source_ops healthsrc_source = {
	.name = "health",
	.conf = &healthsrc_conf_table,
	.conf_more = healthsrc_more_conf,
	.watches = healthsrc_watches,
	.create = healthsrc_create,
	.schedule = healthsrc_schedule,
	.publish_cached = healthsrc_publish_cached,
	.poll_once = healthsrc_poll_once,
	.free = healthsrc_free,
};
