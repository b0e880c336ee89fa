/* joblog_int: the index struct shared by joblog.c (indexing, navigation)
 * and joblog_search.c. Internal to src/model. */
#ifndef OPSDECK_JOBLOG_INT_H
#define OPSDECK_JOBLOG_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Per line, one byte: the kind in the low bits, then flags. */
#define JOBLOG_F_KIND		0x0f
#define JOBLOG_F_PEM_BEGIN	0x10	/* "-----BEGIN ... PRIVATE KEY-----" */
#define JOBLOG_F_KEY_BLOCK	0x20

/* Longest fraction of a second taken in a timestamp (GitHub sends 7). */
#define JOBLOG_FRACTION_MAX	12

#define JOBLOG_ESC		0x1b
/* Zero bytes after the text a search runs over: PCRE2's JIT reads
 * subjects in SIMD blocks that may run past their end (never past a page);
 * this keeps those bytes ours and defined, and memory checkers quiet. */
#define JOBLOG_PAD		64

struct joblog {
	const char	*data;
	size_t		 len;
	void		(*release)(const char *, size_t, void *);
	void		*arg;
	size_t		 nlines;
	size_t		 cap;		/* entries allocated */
	size_t		 cap_max;	/* never more: max_lines + 1 */
	size_t		 cut_at;	/* not indexed from here; 0 */
	/* nlines + 1 line starts, the last one len: 4 bytes a line when the
	 * log is under 4 GiB, which a 100 MB log of short lines needs. */
	uint32_t	*off32;
	size_t		*off64;
	unsigned char	*flags;
	unsigned char	*skip;		/* timestamp and marker bytes (< 64) */
	unsigned char	*depth;		/* saturates at JOBLOG_DEPTH_MAX */
	size_t		*errors;	/* lines of kind ERROR, ascending */
	time_t		*error_times;	/* their timestamps, 0 if none */
	size_t		 nerrors;
};

static inline size_t
joblog_off(const struct joblog *jl, size_t i)
{
	return jl->off32 != NULL ? jl->off32[i] : jl->off64[i];
}

/* Where line i ends: its LF, or len for a last line without one. */
static inline size_t
joblog_lf(const struct joblog *jl, size_t i)
{
	size_t e = joblog_off(jl, i + 1);

	if (e > joblog_off(jl, i) && jl->data[e - 1] == '\n')
		e--;
	return e;
}

/* Length of a line without a CR at its end. */
static inline size_t
joblog_chomp(const char *p, size_t n)
{
	return n > 0 && p[n - 1] == '\r' ? n - 1 : n;
}

#endif
