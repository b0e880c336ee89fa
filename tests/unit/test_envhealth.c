/* test_envhealth: the backoff arithmetic of failing checks, which
 * after-deploy verdicts are news, and an environment's health from the
 * published checks (envhealth), table-driven. */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/envhealth.h"
#include "opsdeck/health.h"
#include "../tap.h"

static void
test_backoff(void)
{
	static const struct {
		long		 interval;
		unsigned	 fails;
		int		 factor;
		long		 cap, want;
	} t[] = {
		{ 30, 0, 8, 300, 30 },		/* answering: the interval */
		{ 30, 1, 8, 300, 30 },		/* one failure: not yet */
		{ 30, 2, 8, 300, 60 },
		{ 30, 3, 8, 300, 120 },
		{ 30, 4, 8, 300, 240 },		/* 8x */
		{ 30, 5, 8, 300, 240 },		/* capped at 8x */
		{ 30, 200, 8, 300, 240 },	/* no overflow */
		{ 60, 3, 8, 300, 240 },
		{ 60, 4, 8, 300, 300 },		/* 8x is over 5 min */
		{ 60, 5, 8, 300, 300 },		/* capped at 5 min */
		{ 60, 9, 8, 300, 300 },
		{ 600, 5, 8, 300, 600 },	/* a cap under the interval */
		{ 5, 3, 1, 300, 5 },		/* factor 1: off */
		{ 5, 3, 0, 300, 5 },
		{ 5, 7, 64, 0, 320 },		/* no time cap */
		{ 0, 3, 8, 300, 4 },		/* interval at least 1 s */
		{ 1, 3, 8, 300, 4 },
		{ 1, 10, 8, 5, 5 },		/* time cap under 8x */
		{ LONG_MAX / 2, 2, 8, 0, LONG_MAX / 2 * 2 },
		{ LONG_MAX / 2, 9, 64, 0, LONG_MAX },	/* saturates */
	};
	size_t i;
	long got;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		got = health_backoff_s(t[i].interval, t[i].fails, t[i].factor,
		    t[i].cap);
		ok(got == t[i].want, "backoff #%zu: interval %ld, %u fails, "
		    "%dx, cap %ld: %ld (want %ld)", i, t[i].interval,
		    t[i].fails, t[i].factor, t[i].cap, got, t[i].want);
	}
	/* The doubling is monotonic and bounded for every count. */
	for (i = 0, got = 0; i < 70; i++) {
		long d = health_backoff_s(10, (unsigned)i, 8, 300);

		if (d < got || d > 80 || d < 10)
			break;
		got = d;
	}
	ok(i == 70 && got == 80, "backoff grows monotonically to 8x (%ld)",
	    got);
}

static void
test_news(void)
{
	static const struct {
		enum health_after after;
		time_t		 deploy, now;
		long		 window;
		bool		 want;
	} t[] = {
		{ HEALTH_AFTER_BAD, 1000, 1100, 600, true },
		{ HEALTH_AFTER_BAD, 1000, 90000, 600, true },
		{ HEALTH_AFTER_WATCHING, 1000, 1100, 600, true },
		{ HEALTH_AFTER_ALREADY, 1000, 1100, 600, true },
		{ HEALTH_AFTER_ALREADY, 1000, 1700, 600, false },
		{ HEALTH_AFTER_CLEAN, 1000, 1700, 600, true },
		{ HEALTH_AFTER_CLEAN, 1000, 4700, 600, false },
		{ HEALTH_AFTER_NONE, 1000, 1100, 600, false },
	};
	struct health_verdict v;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&v, 0, sizeof v);
		v.after = t[i].after;
		ok(health_verdict_news(&v, t[i].deploy, t[i].window,
		    t[i].now) == t[i].want, "verdict news #%zu", i);
	}
}

static void
test_matches(void)
{
	static const struct {
		const char	*check_env, *repo, *env;
		bool		 want;
	} t[] = {
		{ "production", "octo/svc", "production", true },
		{ "Production", "octo/svc", "production", true },
		{ "production", "octo/svc", "staging", false },
		{ "octo/svc production", "octo/svc", "production", true },
		{ "octo/svc production", "octo/web", "production", false },
		{ "OCTO/SVC  production", "octo/svc", "production", true },
		{ "octo/svc production", NULL, "production", false },
		{ "prod env", "octo/svc", "prod env", true },	/* no '/' */
		{ NULL, "octo/svc", "production", false },
		{ "production", "octo/svc", NULL, false },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		ok(envhealth_matches(t[i].check_env, t[i].repo, t[i].env) ==
		    t[i].want, "matches #%zu: \"%s\" for %s %s", i,
		    t[i].check_env != NULL ? t[i].check_env : "(null)",
		    t[i].repo != NULL ? t[i].repo : "(null)",
		    t[i].env != NULL ? t[i].env : "(null)");
}

static struct health_check *
mk(const char *name, const char *env, enum health_state s,
    const struct health_transition *tr, size_t ntr, time_t checked)
{
	struct health_check *c = health_check_new(name, "http");
	size_t i;

	c->env = env != NULL ? strdup(env) : NULL;
	c->state = c->raw = s;
	c->checked_at = checked;
	c->after_deploy_s = 600;
	for (i = 0; i < ntr; i++)
		c->trans[i] = tr[i];
	c->ntrans = ntr;
	return c;
}

static void
test_eval(void)
{
	/* api: ok, then crit 180 s after a deploy at 1000; db: warn 60 s
	 * after it; web: ok throughout; cache: never checked; batch: in
	 * staging, crit. */
	static const struct health_transition api_tr[] = {
		{ 500, HEALTH_UNKNOWN, HEALTH_OK },
		{ 1180, HEALTH_OK, HEALTH_CRIT },
	};
	static const struct health_transition db_tr[] = {
		{ 500, HEALTH_UNKNOWN, HEALTH_OK },
		{ 1060, HEALTH_OK, HEALTH_WARN },
	};
	static const struct health_transition ok_tr[] = {
		{ 500, HEALTH_UNKNOWN, HEALTH_OK },
	};
	struct health_check *c[6];
	const struct health_check *cc[6];
	struct env_health eh;
	size_t i;

	c[0] = mk("web", "production", HEALTH_OK, ok_tr, 1, 1290);
	c[1] = mk("db", "production", HEALTH_WARN, db_tr, 2, 1290);
	c[2] = mk("api", "production", HEALTH_CRIT, api_tr, 2, 1290);
	c[3] = mk("cache", "production", HEALTH_UNKNOWN, NULL, 0, 0);
	c[4] = mk("batch", "staging", HEALTH_CRIT, api_tr, 2, 1290);
	c[5] = mk("lone", NULL, HEALTH_CRIT, NULL, 0, 1290);
	for (i = 0; i < 6; i++)
		cc[i] = c[i];

	envhealth_eval(&eh, cc, 6, "octo/svc", "production",
	    "a84d88e0123456789", 1000, 1300);
	ok(eh.nchecks == 4 && eh.nbad == 3, "production: 4 checks, 3 not ok "
	    "(%zu, %zu)", eh.nchecks, eh.nbad);
	ok(eh.state == HEALTH_CRIT && strcmp(eh.worst, "api") == 0,
	    "  the worst state, crit, and its check (%s %s)",
	    health_word(eh.state), eh.worst);
	ok(eh.verdict.after == HEALTH_AFTER_BAD && strcmp(eh.verdict_check,
	    "api") == 0 && strcmp(eh.text,
	    "crit 3 min after deploy of a84d88e") == 0,
	    "  crit beats warn: \"%s\" (%s)", eh.text, eh.verdict_check);

	/* Without api the warn is the news, and the worst is the unknown. */
	cc[2] = NULL;
	envhealth_eval(&eh, cc, 6, "octo/svc", "production",
	    "a84d88e0123456789", 1000, 1300);
	ok(eh.nchecks == 3 && eh.state == HEALTH_UNKNOWN &&
	    strcmp(eh.text, "warn 1 min after deploy of a84d88e") == 0,
	    "  without api: unknown worst, \"%s\"", eh.text);
	cc[2] = c[2];

	/* No deployment: a state and no verdict. */
	envhealth_eval(&eh, cc, 6, "octo/svc", "production", NULL, 0, 1300);
	ok(eh.state == HEALTH_CRIT && eh.verdict.after == HEALTH_AFTER_NONE &&
	    eh.text[0] == '\0', "no deployment: no verdict");

	/* A deploy long ago that changed nothing is not news. */
	envhealth_eval(&eh, &cc[0], 1, "octo/svc", "production",
	    "a84d88e", 100, 9000);
	ok(eh.nchecks == 1 && eh.state == HEALTH_OK && eh.text[0] == '\0',
	    "an old clean deploy says nothing (\"%s\")", eh.text);
	envhealth_eval(&eh, &cc[0], 1, "octo/svc", "production",
	    "a84d88e", 1000, 1300);
	ok(strcmp(eh.text, "watching: 5 min since deploy of a84d88e") == 0,
	    "inside the window, a fine check is watched (\"%s\")", eh.text);

	/* Another environment, and one with no checks. */
	envhealth_eval(&eh, cc, 6, "octo/svc", "staging", "a84d88e", 1000,
	    1300);
	ok(eh.nchecks == 1 && eh.state == HEALTH_CRIT &&
	    strcmp(eh.worst, "batch") == 0, "staging: its own check only");
	envhealth_eval(&eh, cc, 6, "octo/svc", "dev", "a84d88e", 1000, 1300);
	ok(eh.nchecks == 0 && eh.text[0] == '\0' && eh.worst == NULL,
	    "dev: no checks, nothing to say");
	for (i = 0; i < 6; i++)
		health_check_free(c[i]);
}

int
main(void)
{
	test_backoff();
	test_news();
	test_matches();
	test_eval();
	return tap_done();
}
