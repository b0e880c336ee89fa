/* buf: growable NUL-terminated byte buffer with a size cap. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/buf.h"
#include "opsdeck/xalloc.h"

void
buf_init(struct buf *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit;
}

void
buf_done(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Makes room for extra more bytes plus the NUL; the buffer is unchanged on
 * failure. Capacity doubles (amortised O(1) appends) but never goes past
 * what the limit can use, and no size computation can wrap. */
static int
buf_reserve(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > SIZE_MAX - b->len - 1)
		return -1;
	need = b->len + extra + 1;
	if (b->limit != 0 && need - 1 > b->limit)
		return -1;
	if (need <= b->cap)
		return 0;
	cap = b->cap != 0 ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (b->limit != 0 && b->limit < SIZE_MAX && cap > b->limit + 1)
		cap = b->limit + 1;
	/* Fallible on purpose, not xreallocarray: a body grows to its cap
	 * (hundreds of MB for a log) at the remote's say, and running out is
	 * that transfer's error, not the console's end. */
	if ((p = realloc(b->data, cap)) == NULL)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0 || buf_reserve(b, (size_t)n) != 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *
buf_steal(struct buf *b)
{
	char *p = b->data;

	if (p == NULL)
		p = xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

uint64_t
buf_digest(const struct buf *b)
{
	const unsigned char *p = (const unsigned char *)b->data;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; p != NULL && i < b->len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

void
buf_mark_set(struct buf_mark *m, const struct buf *b)
{
	m->set = true;
	m->len = b->len;
	m->digest = buf_digest(b);
}

bool
buf_mark_is(const struct buf_mark *m, const struct buf *b)
{
	return m->set && m->len == b->len && m->digest == buf_digest(b);
}
