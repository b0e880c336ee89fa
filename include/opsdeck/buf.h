/* buf: a growable byte buffer with a size cap, always NUL-terminated.
 * Any thread; a buf is owned by one thread at a time. */
#ifndef OPSDECK_BUF_H
#define OPSDECK_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf {
	char	*data;	/* NUL-terminated; NULL until first append */
	size_t	 len;
	size_t	 cap;
	size_t	 limit;	/* 0 = unlimited; appends past it fail with -1 */
};

void	 buf_init(struct buf *, size_t limit);
void	 buf_done(struct buf *);		/* frees data, keeps limit */
void	 buf_reset(struct buf *);		/* len = 0, keeps memory */
int	 buf_append(struct buf *, const void *, size_t);
int	 buf_puts(struct buf *, const char *);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 buf_vprintf(struct buf *, const char *, va_list);
char	*buf_steal(struct buf *);		/* caller frees; buf is emptied */
/* FNV-1a 64 of the bytes: "the same answer as before", not security. */
uint64_t buf_digest(const struct buf *);

/* Which bytes something was made from: a 304 that brings back the same
 * answer need not be parsed again. Zeroed: none yet. */
struct buf_mark {
	bool		 set;
	size_t		 len;
	uint64_t	 digest;
};
void	 buf_mark_set(struct buf_mark *, const struct buf *);
bool	 buf_mark_is(const struct buf_mark *, const struct buf *);

#endif
