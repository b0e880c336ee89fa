/* rx: PCRE2 wrapper. A pattern is compiled once (JIT where available) and is
 * immutable afterwards: any thread may match with it, each thread using its
 * own struct rx_match (match data). Never the pcre2posix API. */
#ifndef OPSDECK_RX_H
#define OPSDECK_RX_H

#include <stdbool.h>
#include <stddef.h>

#define RX_CASELESS	0x1
#define RX_MULTILINE	0x2

struct rx;
struct rx_match;

/* On error returns NULL and sets *cause (malloc'd, "offset N: message"). */
struct rx	*rx_new(const char *pattern, unsigned flags, char **cause);
void		 rx_free(struct rx **);
struct rx_match	*rx_match_new(const struct rx *);
void		 rx_match_free(struct rx_match **);
/* 1 match, 0 no match, -1 error. On match *so and *eo are byte offsets of the
 * whole match (may be NULL). */
int		 rx_exec(const struct rx *, struct rx_match *, const char *s,
		    size_t len, size_t start, size_t *so, size_t *eo);
/* After rx_exec returned 1 with m: capture group n (1..). 1 when it took
 * part in the match (*so, *eo its byte offsets), else 0. */
int		 rx_group(const struct rx_match *, unsigned n, size_t *so,
		    size_t *eo);
/* The number of capture groups of the pattern. */
unsigned	 rx_groups(const struct rx *);
/* Convenience for one-off checks; allocates match data per call. */
bool		 rx_test(const struct rx *, const char *s);

#endif
