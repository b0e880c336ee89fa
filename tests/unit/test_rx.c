#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>	/* only to know whether PCRE2_MATCH_INVALID_UTF exists */

#include "opsdeck/clock.h"
#include "opsdeck/rx.h"
#include "../tap.h"

static void
test_compile(void)
{
	struct rx *rx;
	char *cause = NULL;

	rx = rx_new("a(b", 0, &cause);
	ok(rx == NULL, "unbalanced parenthesis is refused");
	ok(cause != NULL && strncmp(cause, "offset 3: ", 10) == 0 &&
	    strstr(cause, "parenthesis") != NULL, "cause has offset and "
	    "PCRE2's message (%s)", cause != NULL ? cause : "(null)");
	free(cause);
	cause = NULL;
	rx = rx_new("x[", 0, &cause);
	ok(rx == NULL && cause != NULL && strncmp(cause, "offset 2: ", 10) == 0,
	    "unterminated class (%s)", cause != NULL ? cause : "(null)");
	free(cause);
	cause = NULL;
	rx = rx_new("a\\Cb", 0, &cause);
	ok(rx == NULL && cause != NULL, "\\C (splits UTF-8) is refused");
	free(cause);
	cause = NULL;
	rx = rx_new("\xff", 0, &cause);
	ok(rx == NULL && cause != NULL, "invalid UTF-8 pattern is refused");
	free(cause);
	ok(rx_new(NULL, 0, NULL) == NULL, "NULL pattern, NULL cause");
	rx_free(NULL);
	rx = NULL;
	rx_free(&rx);
	ok(1, "rx_free accepts NULL");
	ok(rx_match_new(NULL) == NULL, "no match data without a pattern");
	rx_match_free(NULL);
}

static void
test_match(void)
{
	struct rx *rx;
	struct rx_match *m;
	size_t so = 99, eo = 99;
	const char *s;

	rx = rx_new("err(or)?", 0, NULL);
	m = rx_match_new(rx);
	ok(rx != NULL && m != NULL, "compiled with match data");
	s = "no ERROR here, an error there";
	is_int(rx_exec(rx, m, s, strlen(s), 0, &so, &eo), 1, "matches");
	ok(so == 18 && eo == 23, "byte offsets of the match (%zu, %zu)", so,
	    eo);
	is_int(rx_exec(rx, m, s, strlen(s), 19, &so, &eo), 0,
	    "start offset skips the match");
	is_int(rx_exec(rx, m, s, 10, 0, NULL, NULL), 0,
	    "len bounds the subject");
	is_int(rx_exec(rx, m, s, strlen(s), 1000, NULL, NULL), 0,
	    "start past the end is no match");
	is_int(rx_exec(rx, m, "err\0or", 6, 0, &so, &eo), 1,
	    "subject with a NUL");
	is_int(eo, 3, "match stops at the NUL");
	ok(rx_test(rx, "an error") && !rx_test(rx, "fine"), "rx_test");
	ok(!rx_test(rx, NULL) && !rx_test(NULL, "error"), "rx_test NULLs");
	is_int(rx_exec(rx, NULL, s, 1, 0, NULL, NULL), -1,
	    "no match data is an error");
	rx_match_free(&m);
	ok(m == NULL, "rx_match_free sets NULL");
	rx_free(&rx);
	ok(rx == NULL, "rx_free sets NULL");

	rx = rx_new("^error", RX_CASELESS | RX_MULTILINE, NULL);
	ok(rx_test(rx, "ok\nERROR: disk full"), "caseless and multiline");
	rx_free(&rx);
	rx = rx_new("^error", 0, NULL);
	ok(!rx_test(rx, "ok\nerror"), "not multiline by default");
	ok(!rx_test(rx, "ERROR"), "not caseless by default");
	rx_free(&rx);
}

static void
test_unicode(void)
{
	struct rx *rx;
	struct rx_match *m;
	size_t so, eo;
	const char *s;

	rx = rx_new("^.$", 0, NULL);
	ok(rx_test(rx, "\xc3\xa9") && rx_test(rx, "\xf0\x9f\x94\xa5"),
	    "UTF mode: '.' is one code point");
	rx_free(&rx);
	rx = rx_new("^\\w+$", 0, NULL);
	ok(rx_test(rx, "caf\xc3\xa9") && rx_test(rx, "\xd0\xbc\xd0\xb8\xd1\x80"),
	    "UCP: \\w matches accented and Cyrillic letters");
	rx_free(&rx);
	rx = rx_new("\xc3\xa9t\xc3\xa9", RX_CASELESS, NULL);
	ok(rx_test(rx, "\xc3\x89T\xc3\x89"), "caseless beyond ASCII");
	rx_free(&rx);

	rx = rx_new("fail", 0, NULL);
	m = rx_match_new(rx);
	s = "\xff\xfe bad bytes then fail";
	ok(rx_exec(rx, m, s, strlen(s), 0, &so, &eo) >= 0,
	    "invalid UTF-8 subject does not crash");
#ifdef PCRE2_MATCH_INVALID_UTF
	ok(so == 18 && eo == 22, "and still matches its valid part");
#else
	ok(1, "# SKIP PCRE2 older than 10.34");
#endif
	rx_match_free(&m);
	rx_free(&rx);
}

/* A pattern that backtracks exponentially must fail fast, not spin. */
static void
test_limits(void)
{
	struct rx *rx;
	struct rx_match *m;
	char s[64];
	int64_t t0, dt;
	int rc;

	memset(s, 'a', sizeof s - 2);
	s[sizeof s - 2] = '!';
	s[sizeof s - 1] = '\0';
	rx = rx_new("^(a|aa)+$", 0, NULL);
	m = rx_match_new(rx);
	t0 = clock_mono_ms();
	rc = rx_exec(rx, m, s, strlen(s), 0, NULL, NULL);
	dt = clock_mono_ms() - t0;
	ok(rc == -1, "catastrophic backtracking hits the match limit (%d)",
	    rc);
	ok(dt < 5000, "and stops quickly (%lld ms)", (long long)dt);
	rx_match_free(&m);
	rx_free(&rx);
}

struct worker {
	const struct rx	*rx;
	int		 good;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct rx_match *m;
	char line[64];
	size_t so, eo;
	int i;

	if ((m = rx_match_new(w->rx)) == NULL)
		return NULL;
	for (i = 0; i < 2000; i++) {
		snprintf(line, sizeof line, "job %d: build-%d failed", i, i * 7);
		if (rx_exec(w->rx, m, line, strlen(line), 0, &so, &eo) == 1 &&
		    strncmp(line + so, "build-", 6) == 0 && line[eo] == ' ')
			w->good++;
	}
	rx_match_free(&m);
	return NULL;
}

static void
test_threads(void)
{
	struct worker w[4];
	pthread_t t[4];
	struct rx *rx;
	int i, started[4], good = 0;

	rx = rx_new("build-\\d+", 0, NULL);
	for (i = 0; i < 4; i++) {
		w[i].rx = rx;
		w[i].good = 0;
		started[i] = pthread_create(&t[i], NULL, worker_main, &w[i]) ==
		    0;
	}
	for (i = 0; i < 4; i++) {
		if (started[i])
			pthread_join(t[i], NULL);
		good += w[i].good;
	}
	is_int(good, 4 * 2000, "one pattern, 4 threads, own match data");
	rx_free(&rx);
}

/* OPSDECK_NO_JIT=1 (for valgrind) matches the same through the
 * interpreter. */
static void
test_no_jit(void)
{
	struct rx *rx;

	setenv("OPSDECK_NO_JIT", "1", 1);
	rx = rx_new("^x failed\\s+(deploy|build)$", RX_CASELESS, NULL);
	ok(rx != NULL && rx_test(rx, "X FAILED  Deploy") &&
	    !rx_test(rx, "x failed test"), "without the JIT: same matches");
	rx_free(&rx);
	unsetenv("OPSDECK_NO_JIT");
}

int
main(void)
{
	test_no_jit();
	test_compile();
	test_match();
	test_unicode();
	test_limits();
	test_threads();
	return tap_done();
}
