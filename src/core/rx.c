/* rx: PCRE2 patterns compiled once, matched by any thread with its own match
 * data. Subjects are remote text (logs, titles), so matching is bounded:
 * a pattern that backtracks catastrophically fails with an error instead of
 * spinning a worker. */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "opsdeck/rx.h"
#include "opsdeck/xalloc.h"

/* Bounds for one match; generous for real patterns on log lines. */
#define RX_MATCH_LIMIT		1000000
#define RX_DEPTH_LIMIT		100000
#define RX_JIT_STACK_MIN	(32 * 1024)
#define RX_JIT_STACK_MAX	(1024 * 1024)

struct rx {
	pcre2_code	*code;
	int		 jit;		/* JIT compiled */
};

/* Per thread: match data, a match context with the limits, and a JIT stack
 * (the JIT's default stack on the machine stack is only 32K). */
struct rx_match {
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;
};

struct rx *
rx_new(const char *pattern, unsigned flags, char **cause)
{
	PCRE2_UCHAR err[256];
	PCRE2_SIZE off = 0;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
	char msg[320];
	struct rx *rx;
	int code;

#ifdef PCRE2_MATCH_INVALID_UTF
	/* Invalid UTF-8 in a subject just does not match (10.34+). */
	opts |= PCRE2_MATCH_INVALID_UTF;
#endif
	if (flags & RX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & RX_MULTILINE)
		opts |= PCRE2_MULTILINE;
	if (pattern == NULL) {
		if (cause != NULL)
			*cause = xstrdup("offset 0: no pattern");
		return NULL;
	}
	rx = xcalloc(1, sizeof *rx);
	rx->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    opts, &code, &off, NULL);
	if (rx->code == NULL) {
		if (pcre2_get_error_message(code, err, sizeof err) < 0)
			snprintf((char *)err, sizeof err, "error %d", code);
		snprintf(msg, sizeof msg, "offset %zu: %s", (size_t)off,
		    (const char *)err);
		if (cause != NULL)
			*cause = xstrdup(msg);
		free(rx);
		return NULL;
	}
	/* JIT is an optimisation: where it is missing or fails (no JIT
	 * support built in, W^X memory) the interpreter matches the same.
	 * OPSDECK_NO_JIT=1 asks for the interpreter, for valgrind: the JIT
	 * reads subjects in 16-byte blocks past their end, which it reports. */
	if (getenv("OPSDECK_NO_JIT") == NULL)
		rx->jit = pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) == 0;
	return rx;
}

void
rx_free(struct rx **rxp)
{
	if (rxp == NULL || *rxp == NULL)
		return;
	pcre2_code_free((*rxp)->code);
	free(*rxp);
	*rxp = NULL;
}

struct rx_match *
rx_match_new(const struct rx *rx)
{
	struct rx_match *m;

	if (rx == NULL)
		return NULL;
	/* PCRE2 allocates with its own malloc: that part can still fail. */
	m = xcalloc(1, sizeof *m);
	m->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	if (m->md == NULL || m->mctx == NULL)
		goto fail;
	pcre2_set_match_limit(m->mctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, RX_DEPTH_LIMIT);
	if (rx->jit) {
		m->jstack = pcre2_jit_stack_create(RX_JIT_STACK_MIN,
		    RX_JIT_STACK_MAX, NULL);
		if (m->jstack == NULL)
			goto fail;
		pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);
	}
	return m;
fail:
	rx_match_free(&m);
	return NULL;
}

void
rx_match_free(struct rx_match **mp)
{
	struct rx_match *m;

	if (mp == NULL || (m = *mp) == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jstack);
	free(m);
	*mp = NULL;
}

int
rx_exec(const struct rx *rx, struct rx_match *m, const char *s, size_t len,
    size_t start, size_t *so, size_t *eo)
{
	PCRE2_SIZE *ov;
	int rc;

	if (rx == NULL || m == NULL || s == NULL)
		return -1;
	if (start > len)
		return 0;
	rc = pcre2_match(rx->code, (PCRE2_SPTR)s, len, start, 0, m->md,
	    m->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(m->md);
	if (so != NULL)
		*so = ov[0];
	if (eo != NULL)
		*eo = ov[1];
	return 1;
}

bool
rx_test(const struct rx *rx, const char *s)
{
	struct rx_match *m;
	int rc;

	if (rx == NULL || s == NULL || (m = rx_match_new(rx)) == NULL)
		return false;
	rc = rx_exec(rx, m, s, strlen(s), 0, NULL, NULL);
	rx_match_free(&m);
	return rc == 1;
}
