#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "opsdeck/rx.h"

struct rx {
	pcre2_code	*code;
	int		 jit;
};

struct rx_match {
	pcre2_match_data *md;
};

struct rx *
rx_new(const char *pattern, unsigned flags, char **cause)
{
	PCRE2_UCHAR err[256];
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	char msg[320];
	struct rx *rx;
	int code;

	if (flags & RX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & RX_MULTILINE)
		opts |= PCRE2_MULTILINE;
	if ((rx = calloc(1, sizeof *rx)) == NULL)
		return NULL;
	rx->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    opts, &code, &off, NULL);
	if (rx->code == NULL) {
		pcre2_get_error_message(code, err, sizeof err);
		snprintf(msg, sizeof msg, "offset %zu: %s", (size_t)off,
		    (const char *)err);
		if (cause != NULL)
			*cause = strdup(msg);
		free(rx);
		return NULL;
	}
	/* JIT is an optimisation: without it matching still works. */
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

	if ((m = calloc(1, sizeof *m)) == NULL)
		return NULL;
	if ((m->md = pcre2_match_data_create_from_pattern(rx->code,
	    NULL)) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
rx_match_free(struct rx_match **mp)
{
	if (mp == NULL || *mp == NULL)
		return;
	pcre2_match_data_free((*mp)->md);
	free(*mp);
	*mp = NULL;
}

int
rx_exec(const struct rx *rx, struct rx_match *m, const char *s, size_t len,
    size_t start, size_t *so, size_t *eo)
{
	PCRE2_SIZE *ov;
	int rc;

	if (start > len)
		return 0;
	rc = pcre2_match(rx->code, (PCRE2_SPTR)s, len, start, 0, m->md, NULL);
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

	if ((m = rx_match_new(rx)) == NULL)
		return false;
	rc = rx_exec(rx, m, s, strlen(s), 0, NULL, NULL);
	rx_match_free(&m);
	return rc == 1;
}
