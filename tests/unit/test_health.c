/* test_health: the pure health model (thresholds, flap damping, history
 * ring, sparkline, after-deploy correlation, bounded rows, deploy runs)
 * and the Prometheus/Alertmanager parsers, table-driven, with the answers
 * of the real servers as fixtures (../shared/reference). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/health.h"
#include "opsdeck/healthparse.h"
#include "opsdeck/run.h"
#include "opsdeck/spawn.h"
#include "opsdeck/transport.h"
#include "../tap.h"

static void
test_limits(void)
{
	static const struct {
		const char	*s;
		int		 time;
		int		 rc;
		int		 below;
		double		 v;
	} t[] = {
		{ "2s", 1, 0, 0, 2000 },
		{ "500ms", 1, 0, 0, 500 },
		{ "1.5", 1, 0, 0, 1500 },
		{ "1m", 1, 0, 0, 60000 },
		{ "> 100", 0, 0, 0, 100 },
		{ "< 0.99", 0, 0, 1, 0.99 },
		{ "<=5", 0, 0, 1, 5 },
		{ "0.9", 0, 0, 0, 0.9 },
		{ "80%", 0, 0, 0, 80 },
		{ "+Inf", 0, 0, 0, INFINITY },
		{ "", 0, -1, 0, 0 },
		{ "fast", 1, -1, 0, 0 },
		{ "2 hours", 1, -1, 0, 0 },
		{ "-1s", 1, -1, 0, 0 },
		{ "NaN", 0, -1, 0, 0 },
		{ "0.9x", 0, -1, 0, 0 },
	};
	struct health_limit l;
	const char *why = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		rc = health_limit_parse(t[i].s, t[i].time, &l, &why);
		ok(rc == t[i].rc && (rc != 0 || (l.set && l.below ==
		    t[i].below && l.v == t[i].v)), "limit '%s' (%s): %s",
		    t[i].s, t[i].time ? "time" : "value", rc == 0 ? "parsed" :
		    why);
	}
}

static void
test_eval(void)
{
	static const struct {
		const char	*warn, *crit;
		double		 v;
		enum health_state want;
	} t[] = {
		{ NULL, "2000", 1999, HEALTH_OK },
		{ NULL, "2000", 2000, HEALTH_CRIT },
		{ "500", "2000", 500, HEALTH_WARN },
		{ "500", "2000", 499.9, HEALTH_OK },
		{ "500", "2000", 5000, HEALTH_CRIT },
		{ "< 0.99", "< 0.95", 0.97, HEALTH_WARN },
		{ "< 0.99", "< 0.95", 0.5, HEALTH_CRIT },
		{ "< 0.99", "< 0.95", 1, HEALTH_OK },
		{ "< 0.99", "< 0.95", 0.95, HEALTH_WARN },
		{ "<= 0.99", "<= 0.95", 0.95, HEALTH_CRIT },
		{ NULL, "> 100", 100, HEALTH_OK },
		{ NULL, ">= 100", 100, HEALTH_CRIT },
		{ "0.9", NULL, 0.97, HEALTH_WARN },
		{ NULL, NULL, 1e9, HEALTH_OK },
		{ NULL, "1", NAN, HEALTH_UNKNOWN },
		{ NULL, "1", INFINITY, HEALTH_CRIT },
	};
	struct health_limit w, c;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&w, 0, sizeof w);
		memset(&c, 0, sizeof c);
		if (t[i].warn != NULL)
			health_limit_parse(t[i].warn, false, &w, &why);
		if (t[i].crit != NULL)
			health_limit_parse(t[i].crit, false, &c, &why);
		is_int(health_eval(t[i].v, &w, &c), t[i].want,
		    "eval %g under warn %s crit %s: %s", t[i].v,
		    t[i].warn ? t[i].warn : "-", t[i].crit ? t[i].crit : "-",
		    health_word(t[i].want));
	}
	ok(health_rank(HEALTH_CRIT) > health_rank(HEALTH_UNKNOWN) &&
	    health_rank(HEALTH_UNKNOWN) > health_rank(HEALTH_WARN) &&
	    health_rank(HEALTH_WARN) > health_rank(HEALTH_OK),
	    "rank: crit > unknown > warn > ok");
	is_str(health_word(HEALTH_UNKNOWN), "unknown", "word of unknown");
	is_str(health_glyph(HEALTH_CRIT, true), "x", "ASCII glyph of crit");
}

/* A sequence of raw states (o w c u), the confirmations needed, and the
 * shown state after each step. */
static enum health_state
st(char ch)
{
	return ch == 'o' ? HEALTH_OK : ch == 'w' ? HEALTH_WARN : ch == 'c' ?
	    HEALTH_CRIT : HEALTH_UNKNOWN;
}

static void
test_damp(void)
{
	static const struct {
		const char	*raw;
		int		 confirm;
		const char	*shown;
		const char	*what;
	} t[] = {
		{ "c", 2, "c", "a first result shows at once" },
		{ "ooooo", 2, "ooooo", "steady ok" },
		{ "oocoo", 2, "ooooo", "one bad answer in a good run: no change" },
		{ "ooccc", 2, "ooocc", "two in a row change it" },
		{ "ccocc", 2, "ccccc", "one good answer in an outage: no change" },
		{ "oocwc", 2, "ooooo", "bad answers that differ each time" },
		{ "oocwwc", 2, "ooooww", "the second warn shows warn" },
		{ "ooccc", 3, "ooooc", "three needed" },
		{ "ococ", 1, "ococ", "no damping with 1" },
		{ "ococ", 0, "ococ", "0 counts as 1" },
		{ "ouuoo", 2, "oouuo", "unknown is damped too" },
	};
	struct health_damp d;
	char got[32];
	size_t i, j;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		health_damp_init(&d);
		for (j = 0; t[i].raw[j] != '\0'; j++) {
			health_damp_feed(&d, st(t[i].raw[j]), t[i].confirm,
			    (time_t)(100 + j));
			got[j] = health_word(d.shown)[0];
		}
		got[j] = '\0';
		is_str(got, t[i].shown, "damping %s x%d: %s", t[i].raw,
		    t[i].confirm, t[i].what);
	}
	health_damp_init(&d);
	for (j = 0; j < 10; j++)
		health_damp_feed(&d, j % 2 ? HEALTH_CRIT : HEALTH_OK, 2,
		    (time_t)j);
	ok(health_damp_flapping(&d), "alternating results are flapping");
	health_damp_init(&d);
	health_damp_feed(&d, HEALTH_OK, 2, 10);
	health_damp_feed(&d, HEALTH_CRIT, 2, 20);
	health_damp_feed(&d, HEALTH_CRIT, 2, 30);
	ok(!health_damp_flapping(&d) && d.since == 30,
	    "one change: not flapping; since is when it showed");
}

static void
test_ring(void)
{
	struct health_ring r;
	struct health_point p[HEALTH_HIST];
	struct health_transition t[HEALTH_TRANS];
	int lv[HEALTH_HIST];
	size_t n, i;

	memset(&r, 0, sizeof r);
	for (i = 0; i < 1000; i++)
		health_ring_push(&r, (time_t)i, (double)i, HEALTH_OK);
	n = health_ring_points(&r, p);
	ok(n == HEALTH_HIST && p[0].at == 1000 - HEALTH_HIST &&
	    p[n - 1].at == 999, "1000 results: the ring holds the last %d, "
	    "oldest first", HEALTH_HIST);
	for (i = 0; i < 100; i++)
		health_ring_transition(&r, (time_t)i, HEALTH_OK, HEALTH_CRIT);
	n = health_ring_transitions(&r, t);
	ok(n == HEALTH_TRANS && t[0].at == 100 - HEALTH_TRANS,
	    "transitions bounded at %d, oldest first", HEALTH_TRANS);

	memset(&r, 0, sizeof r);
	health_ring_push(&r, 1, 10, HEALTH_OK);
	health_ring_push(&r, 2, NAN, HEALTH_CRIT);
	health_ring_push(&r, 3, 80, HEALTH_OK);
	health_ring_push(&r, 4, 45, HEALTH_OK);
	n = health_ring_points(&r, p);
	is_int(health_spark(p, n, lv, 16), 4, "spark: one level a point");
	ok(lv[0] == 0 && lv[1] == -1 && lv[2] == 7 && lv[3] == 4,
	    "spark: low 0, no value -1, high 7, between (%d %d %d %d)",
	    lv[0], lv[1], lv[2], lv[3]);
	is_int(health_spark(p, n, lv, 2), 2, "spark: the last width only");
}

static void
test_after_deploy(void)
{
	/* ok until 1000, crit at 1180, ok at 1500 */
	static const struct health_transition tr[] = {
		{ 500, HEALTH_UNKNOWN, HEALTH_OK },
		{ 1180, HEALTH_OK, HEALTH_CRIT },
		{ 1500, HEALTH_CRIT, HEALTH_OK },
	};
	static const struct health_transition warned[] = {
		{ 500, HEALTH_UNKNOWN, HEALTH_OK },
		{ 1100, HEALTH_OK, HEALTH_WARN },
		{ 1300, HEALTH_WARN, HEALTH_CRIT },
	};
	static const struct health_transition unk[] = {
		{ 500, HEALTH_UNKNOWN, HEALTH_OK },
		{ 1100, HEALTH_OK, HEALTH_UNKNOWN },
	};
	static const struct {
		const struct health_transition *tr;
		size_t		 n;
		enum health_state now_state;
		time_t		 deploy, now;
		long		 window;
		enum health_after want;
		const char	*text;
	} t[] = {
		{ tr, 3, HEALTH_OK, 1000, 2000, 600, HEALTH_AFTER_BAD,
		    "crit 3 min after deploy of a84d88e" },
		{ tr, 3, HEALTH_OK, 1000, 2000, 120, HEALTH_AFTER_CLEAN,
		    "ok since deploy of a84d88e" },
		{ tr, 3, HEALTH_OK, 1200, 2000, 600, HEALTH_AFTER_ALREADY,
		    "already crit at deploy of a84d88e" },
		{ tr, 3, HEALTH_OK, 1600, 1800, 600, HEALTH_AFTER_WATCHING,
		    "watching: 3 min since deploy of a84d88e" },
		{ tr, 3, HEALTH_OK, 0, 1800, 600, HEALTH_AFTER_NONE, "" },
		{ tr, 3, HEALTH_OK, 3000, 1800, 600, HEALTH_AFTER_NONE, "" },
		{ warned, 3, HEALTH_CRIT, 1000, 2000, 600, HEALTH_AFTER_BAD,
		    "crit 5 min after deploy of a84d88e" },
		{ warned, 3, HEALTH_CRIT, 1000, 2000, 200, HEALTH_AFTER_BAD,
		    "warn 1 min after deploy of a84d88e" },
		{ unk, 2, HEALTH_UNKNOWN, 1000, 2000, 600, HEALTH_AFTER_CLEAN,
		    "ok since deploy of a84d88e" },
		{ NULL, 0, HEALTH_CRIT, 1000, 1100, 600, HEALTH_AFTER_ALREADY,
		    "already crit at deploy of a84d88e" },
		{ tr, 3, HEALTH_OK, 1170, 1200, 600, HEALTH_AFTER_BAD,
		    "crit 10 s after deploy of a84d88e" },
	};
	struct health_verdict v;
	char text[128];
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		v = health_after_deploy(t[i].tr, t[i].n, t[i].now_state,
		    t[i].deploy, t[i].window, t[i].now);
		health_verdict_text(text, sizeof text, &v,
		    "a84d88e0123456789", t[i].deploy, t[i].now);
		ok(v.after == t[i].want && strcmp(text, t[i].text) == 0,
		    "after deploy #%zu: \"%s\"", i, text);
	}
}

static void
test_deploy_runs(void)
{
	static const struct {
		const char	*name, *title, *event, *conclusion, *env;
		int		 want;
	} t[] = {
		{ "Deploy", "Deploy to production", "push", "success",
		    "production", 1 },
		{ "Deploy", "Deploy to staging", "push", "success",
		    "production", 0 },
		{ "CI", "fix", "push", "success", NULL, 0 },
		{ "CD", "x", "deployment", "success", NULL, 1 },
		{ "Release", "v1.2", "push", "failure", NULL, 0 },
		{ "Release production", "v1.2", "push", "success",
		    "Production", 1 },
		{ "deploy", "x", "push", NULL, NULL, 0 },
	};
	struct run r;
	time_t at = 0;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&r, 0, sizeof r);
		r.name = (char *)t[i].name;
		r.display_title = (char *)t[i].title;
		r.event = (char *)t[i].event;
		r.conclusion = (char *)t[i].conclusion;
		r.updated_at = 777;
		is_int(health_run_is_deploy(&r, t[i].env, &at), t[i].want,
		    "deploy run? %s / %s / %s / %s for %s", t[i].name,
		    t[i].title, t[i].event, t[i].conclusion ? t[i].conclusion :
		    "running", t[i].env ? t[i].env : "any");
	}
}

static void
test_rows_bounded(void)
{
	struct health_check *c = health_check_new("x", "prometheus");
	char label[32];
	size_t i;

	for (i = 0; i < 10000; i++) {
		snprintf(label, sizeof label, "s%05zu", i);
		health_rows_add(c, HEALTH_MAX_ROWS, false, label, "", (double)i,
		    i == 4321 ? HEALTH_CRIT : i % 100 == 0 ? HEALTH_WARN :
		    HEALTH_OK, i == 9999 ? HEALTH_ROW_SILENCED : 0);
		if (c->nrows > 4 * HEALTH_MAX_ROWS)
			break;
	}
	ok(i == 10000, "10,000 rows added, never more than %d held",
	    4 * HEALTH_MAX_ROWS);
	health_rows_finish(c, HEALTH_MAX_ROWS, false);
	ok(c->nrows == HEALTH_MAX_ROWS && c->total_rows == 10000,
	    "%d kept of 10,000", HEALTH_MAX_ROWS);
	is_str(c->rows[0].label, "s04321", "the crit one first");
	is_str(c->rows[1].label, "s09900", "then the warns, worst value first");
	ok(c->counts[HEALTH_CRIT] == 1 && c->counts[HEALTH_WARN] == 100 &&
	    c->nsilenced == 1 && c->counts[HEALTH_OK] == 9898,
	    "counts of all of them, the silenced one apart");
	health_check_free(c);
}

/* --- parsers, on the real servers' answers --- */

static struct health_check *
prom(const char *body, long status, const char *warn, const char *crit,
    enum healthparse_empty empty, int *rc, char **why)
{
	struct health_check *c = health_check_new("p", "prometheus");
	struct health_limit w = { 0 }, k = { 0 };
	const char *y;

	if (warn != NULL)
		health_limit_parse(warn, false, &w, &y);
	if (crit != NULL)
		health_limit_parse(crit, false, &k, &y);
	*rc = healthparse_prom(body, strlen(body), status, &w, &k, empty, c,
	    why);
	return c;
}

static void
test_prom(void)
{
	static const char two[] = "{\"status\":\"success\",\"data\":{"
	    "\"resultType\":\"vector\",\"result\":[{\"metric\":{\"service\":"
	    "\"api\"},\"value\":[1795342958.719,\"0.97\"]},{\"metric\":{"
	    "\"service\":\"web\"},\"value\":[1795342958.719,\"0.42\"]}]}}";
	static const char up[] = "{\"status\":\"success\",\"data\":{"
	    "\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":"
	    "\"up\",\"instance\":\"127.0.0.1:36965\",\"job\":\"prometheus\"},"
	    "\"value\":[1795342958,\"1\"]}]}}";
	static const struct {
		const char	*body;
		long		 status;
		const char	*warn, *crit;
		enum healthparse_empty empty;
		int		 rc;
		enum health_state state;
		const char	*first;		/* label of the first row */
		const char	*why;		/* start of the reason */
	} t[] = {
		{ two, 200, "0.5", "0.9", HP_EMPTY_UNKNOWN, 0, HEALTH_CRIT,
		    "{service=\"api\"}", NULL },
		{ two, 200, "0.4", "0.99", HP_EMPTY_UNKNOWN, 0, HEALTH_WARN,
		    "{service=\"api\"}", NULL },
		{ two, 200, "< 0.5", "< 0.1", HP_EMPTY_UNKNOWN, 0, HEALTH_WARN,
		    "{service=\"web\"}", NULL },
		{ up, 200, NULL, "< 1", HP_EMPTY_UNKNOWN, 0, HEALTH_OK,
		    "up{instance=\"127.0.0.1:36965\", job=\"prometheus\"}",
		    NULL },
		{ "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		    "\"result\":[]}}", 200, NULL, "1", HP_EMPTY_UNKNOWN, 0,
		    HEALTH_UNKNOWN, NULL, NULL },
		{ "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		    "\"result\":[]}}", 200, NULL, "1", HP_EMPTY_OK, 0,
		    HEALTH_OK, NULL, NULL },
		{ "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
		    "\"result\":[1795342958.759,\"2\"]}}", 200, NULL, "2",
		    HP_EMPTY_UNKNOWN, 0, HEALTH_CRIT, "scalar", NULL },
		{ "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		    "\"result\":[{\"metric\":{},\"value\":[1,\"+Inf\"]},"
		    "{\"metric\":{\"a\":\"b\"},\"value\":[1,\"NaN\"]}]}}", 200,
		    NULL, "100", HP_EMPTY_UNKNOWN, 0, HEALTH_CRIT, "{}", NULL },
		{ "{\"status\":\"success\",\"data\":{\"resultType\":\"string\","
		    "\"result\":[1795342958.777,\"hello\"]}}", 200, NULL, "1",
		    HP_EMPTY_UNKNOWN, -1, HEALTH_UNKNOWN, NULL,
		    "Prometheus: a string result" },
		{ "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
		    "\"invalid parameter \\\"query\\\": 1:4: parse error: "
		    "unexpected end of input inside braces\"}", 400, NULL, "1",
		    HP_EMPTY_UNKNOWN, -1, HEALTH_UNKNOWN, NULL,
		    "Prometheus: bad_data: invalid parameter" },
		{ "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":"
		    "\"multiple matches for labels\"}", 422, NULL, "1",
		    HP_EMPTY_UNKNOWN, -1, HEALTH_UNKNOWN, NULL,
		    "Prometheus: execution: multiple" },
		{ "404 page not found", 404, NULL, "1", HP_EMPTY_UNKNOWN, -1,
		    HEALTH_UNKNOWN, NULL, "Prometheus: HTTP 404" },
		{ "<html>bad gateway</html>", 502, NULL, "1", HP_EMPTY_UNKNOWN,
		    -1, HEALTH_UNKNOWN, NULL, "Prometheus: HTTP 502" },
		{ "{\"status\":\"success\"", 200, NULL, "1", HP_EMPTY_UNKNOWN,
		    -1, HEALTH_UNKNOWN, NULL, "Prometheus: malformed answer" },
		{ "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
		    "\"result\":[{\"metric\":{},\"value\":[1,2]}]}}", 200, NULL,
		    "1", HP_EMPTY_UNKNOWN, -1, HEALTH_UNKNOWN, NULL,
		    "Prometheus: malformed sample" },
		{ "[]", 200, NULL, "1", HP_EMPTY_UNKNOWN, -1, HEALTH_UNKNOWN,
		    NULL, "Prometheus: malformed answer" },
	};
	struct health_check *c;
	char *why = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		c = prom(t[i].body, t[i].status, t[i].warn, t[i].crit,
		    t[i].empty, &rc, &why);
		ok(rc == t[i].rc && c->raw == t[i].state &&
		    (t[i].first == NULL || (c->nrows > 0 &&
		    strcmp(c->rows[0].label, t[i].first) == 0)) &&
		    (t[i].why == NULL ? why == NULL : why != NULL &&
		    strncmp(why, t[i].why, strlen(t[i].why)) == 0),
		    "prometheus #%zu: %s %s", i, health_word(c->raw),
		    why != NULL ? why : c->nrows > 0 ? c->rows[0].label : "");
		free(why);
		why = NULL;
		health_check_free(c);
	}
}

static void
test_am(void)
{
	static const char alerts[] = "[{\"annotations\":{\"summary\":\"5xx "
	    "above 5%\"},\"endsAt\":\"2026-11-22T11:22:04.000Z\","
	    "\"fingerprint\":\"0df005333d9e37c9\",\"receivers\":[{\"name\":"
	    "\"blackhole\"}],\"startsAt\":\"2026-11-22T10:21:04.000Z\","
	    "\"status\":{\"inhibitedBy\":[],\"silencedBy\":[],\"state\":"
	    "\"active\"},\"updatedAt\":\"2026-11-22T10:22:04.492Z\","
	    "\"generatorURL\":\"http://127.0.0.1:9090/graph?g0.expr=up\","
	    "\"labels\":{\"alertname\":\"HighErrorRate\",\"service\":\"api\","
	    "\"severity\":\"critical\"}},{\"annotations\":{},\"endsAt\":"
	    "\"2026-11-22T10:27:04.492Z\",\"fingerprint\":\"1aff90e9eb25c3a5\","
	    "\"receivers\":[{\"name\":\"blackhole\"}],\"startsAt\":"
	    "\"2026-11-22T10:21:04.000Z\",\"status\":{\"inhibitedBy\":[],"
	    "\"silencedBy\":[\"deadfa1f-89cc-4b8b-b7bf-6b4ba852ec44\"],"
	    "\"state\":\"suppressed\"},\"updatedAt\":"
	    "\"2026-11-22T10:22:04.492Z\",\"labels\":{\"alertname\":"
	    "\"SlowResponses\",\"service\":\"web\",\"severity\":\"warning\"}},"
	    "{\"labels\":{\"alertname\":\"DiskSoon\",\"severity\":\"warning\"},"
	    "\"status\":{\"inhibitedBy\":[\"x\"],\"silencedBy\":[],\"state\":"
	    "\"suppressed\"}},{\"labels\":{\"alertname\":\"Backup\",\"severity\":"
	    "\"warning\"},\"status\":{\"inhibitedBy\":[],\"silencedBy\":[],"
	    "\"state\":\"active\"}}]";
	static const struct {
		const char	*body;
		long		 status;
		int		 rc;
		enum health_state state;
		const char	*why;
	} t[] = {
		{ alerts, 200, 0, HEALTH_CRIT, NULL },
		{ "[]", 200, 0, HEALTH_OK, NULL },
		{ "\"matcher value contains unescaped double quote: =\\\"x\"",
		    400, -1, HEALTH_UNKNOWN,
		    "Alertmanager: HTTP 400: matcher value contains" },
		{ "{\"code\":404,\"message\":\"path /api/v2/nope was not "
		    "found\"}", 404, -1, HEALTH_UNKNOWN,
		    "Alertmanager: HTTP 404: path /api/v2/nope" },
		{ "{\"alerts\":[]}", 200, -1, HEALTH_UNKNOWN,
		    "Alertmanager: malformed answer" },
		{ "[1]", 200, -1, HEALTH_UNKNOWN,
		    "Alertmanager: malformed alert" },
		{ "not json", 200, -1, HEALTH_UNKNOWN,
		    "Alertmanager: malformed answer (not JSON)" },
	};
	struct health_check *c;
	char *why = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		c = health_check_new("a", "alertmanager");
		rc = healthparse_am(t[i].body, strlen(t[i].body), t[i].status,
		    c, &why);
		ok(rc == t[i].rc && c->raw == t[i].state &&
		    (t[i].why == NULL ? why == NULL : why != NULL &&
		    strncmp(why, t[i].why, strlen(t[i].why)) == 0),
		    "alertmanager #%zu: %s %s", i, health_word(c->raw),
		    why != NULL ? why : c->value_text);
		if (i == 0) {
			ok(c->counts[HEALTH_CRIT] == 1 &&
			    c->counts[HEALTH_WARN] == 1 && c->nsilenced == 1 &&
			    c->ninhibited == 1 && c->total_rows == 4,
			    "  grouped: 1 crit, 1 warn, 1 silenced, 1 inhibited");
			ok(c->nrows == 4 && strncmp(c->rows[0].label,
			    "HighErrorRate", 13) == 0 && c->rows[2].muted &&
			    c->rows[3].muted, "  worst first, the muted apart "
			    "at the end (%s)", c->rows[0].label);
			is_str(c->value_text, "1 crit, 1 warn, 1 silenced, "
			    "1 inhibited", "  the summary");
		}
		free(why);
		why = NULL;
		health_check_free(c);
	}
	is_int(healthparse_severity("Critical"), HEALTH_CRIT, "severity "
	    "Critical is crit");
	is_int(healthparse_severity("info"), HEALTH_OK, "severity info is ok");
	is_int(healthparse_severity(NULL), HEALTH_WARN, "no severity is warn");
}

/* 5,000 firing alerts: counted, 50 kept, worst first. */
static void
test_am_many(void)
{
	struct health_check *c = health_check_new("a", "alertmanager");
	size_t i, len = 0, size = 5000 * 120 + 16;
	char *body = malloc(size), *why = NULL;

	len += (size_t)snprintf(body + len, size - len, "[");
	for (i = 0; i < 5000; i++)
		len += (size_t)snprintf(body + len, size - len, "%s{\"labels\":"
		    "{\"alertname\":\"A%zu\",\"severity\":\"%s\"},\"status\":{"
		    "\"state\":\"active\",\"silencedBy\":[],\"inhibitedBy\":[]"
		    "}}", i ? "," : "", i, i == 4000 ? "critical" : "warning");
	snprintf(body + len, size - len, "]");
	ok(healthparse_am(body, strlen(body), 200, c, &why) == 0 &&
	    c->total_rows == 5000 && c->nrows == HEALTH_MAX_ROWS &&
	    c->counts[HEALTH_WARN] == 4999 && strncmp(c->rows[0].label,
	    "A4000", 5) == 0, "5,000 alerts: all counted, %d kept, the "
	    "critical first", HEALTH_MAX_ROWS);
	free(why);
	why = NULL;
	health_check_free(c);
	/* Found by fuzz_healthparse: 60 good alerts, then a bad one. The
	 * failed answer showed the 60 rows read before it, uncut. */
	c = health_check_new("a", "alertmanager");
	len = (size_t)snprintf(body, size, "[");
	for (i = 0; i < 60; i++)
		len += (size_t)snprintf(body + len, size - len, "{\"labels\":"
		    "{\"alertname\":\"A%zu\"}},", i);
	snprintf(body + len, size - len, "7]");
	ok(healthparse_am(body, strlen(body), 200, c, &why) != 0 &&
	    why != NULL && c->raw == HEALTH_UNKNOWN && c->nrows == 0 &&
	    c->total_rows == 0 && c->counts[HEALTH_WARN] == 0,
	    "a malformed alert after 60: unknown, no rows of it kept");
	free(why);
	free(body);
	health_check_free(c);
}

/* curl's certinfo dates (OpenSSL's and the ISO form), and spawn's split. */
static void
test_cert_and_split(void)
{
	char **argv = NULL, *cause = NULL;

	is_int((long long)transport_cert_date("Mar 10 12:00:00 2027 GMT"),
	    1804680000LL, "certificate date, OpenSSL's form");
	is_int((long long)transport_cert_date("Mar  1 00:00:00 2027 GMT"),
	    1803859200LL, "  a one-digit day");
	is_int((long long)transport_cert_date("2027-03-10 12:00:00 GMT"),
	    1804680000LL, "  the ISO form");
	is_int((long long)transport_cert_date("soon"), 0, "  garbage is 0");
	is_int((long long)transport_cert_date("Mar 10 12:00:00 2027 PST"), 0,
	    "  a zone that is not GMT is 0");
	ok(spawn_split("  /bin/check  --max 30\t-v ", &argv, &cause) == 0 &&
	    argv[0] != NULL && strcmp(argv[0], "/bin/check") == 0 &&
	    strcmp(argv[1], "--max") == 0 && strcmp(argv[2], "30") == 0 &&
	    strcmp(argv[3], "-v") == 0 && argv[4] == NULL,
	    "a command line split on blanks, nothing interpreted");
	spawn_argv_free(&argv);
	ok(spawn_split("echo $(id) ; rm -rf /", &argv, &cause) == 0 &&
	    strcmp(argv[1], "$(id)") == 0 && strcmp(argv[2], ";") == 0,
	    "  $() and ; are plain words");
	spawn_argv_free(&argv);
	ok(spawn_split("   ", &argv, &cause) == -1 && argv == NULL &&
	    cause != NULL, "  a blank line is refused (%s)", cause);
	free(cause);
}

int
main(void)
{
	test_limits();
	test_eval();
	test_damp();
	test_ring();
	test_after_deploy();
	test_deploy_runs();
	test_rows_bounded();
	test_prom();
	test_am();
	test_am_many();
	test_cert_and_split();
	return tap_done();
}
