/* http_file: http_get with the body streamed to a file descriptor, for job
 * logs that may be far larger than anything worth holding in memory. The
 * transfer itself (headers, token hygiene, redirects, timeouts, stop flag,
 * rate-limit accounting) is http_get's; only where the bytes go differs. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "opsdeck/buf.h"
#include "opsdeck/http.h"

/* Enough of an error body for http_classify ("secondary rate limit") and
 * for a message; a log's first bytes cost nothing to keep as well. */
#define HTTP_FILE_CAPTURE	(64u << 10)

struct http_file_sink {
	struct http_response *r;
	int		 fd;
	size_t		 written;
	size_t		 limit;
	int		 err;		/* errno of a failed write, EFBIG */
};

static int
http_file_write(const char *p, size_t n, void *arg)
{
	struct http_file_sink *fs = arg;
	struct http_response *r = fs->r;
	size_t keep;
	ssize_t w;

	/* The body of a redirect curl is following: not the answer. */
	if (r->location != NULL)
		return 0;
	if (r->body.len < HTTP_FILE_CAPTURE) {
		keep = HTTP_FILE_CAPTURE - r->body.len;
		(void)buf_append(&r->body, p, n < keep ? n : keep);
	}
	if (fs->limit != 0 && n > fs->limit - fs->written) {
		fs->err = EFBIG;
		return -1;
	}
	while (n > 0) {
		if ((w = write(fs->fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			fs->err = errno;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		fs->written += (size_t)w;
	}
	return 0;
}

int
http_get_file(struct http *h, const char *url_or_path, unsigned flags,
    int fd, size_t limit, struct http_response *r)
{
	struct http_file_sink fs;
	off_t start;
	int rc;

	memset(&fs, 0, sizeof fs);
	fs.r = r;
	fs.fd = fd;
	fs.limit = limit;
	if ((start = lseek(fd, 0, SEEK_CUR)) < 0) {
		snprintf(r->error, sizeof r->error, "%s", strerror(errno));
		return -1;
	}
	r->sink = http_file_write;
	r->sink_arg = &fs;
	rc = http_get(h, url_or_path, flags | HTTP_LONG, r);
	r->sink = NULL;
	r->sink_arg = NULL;
	if (fs.err == EFBIG)
		snprintf(r->error, sizeof r->error,
		    "response larger than %zu bytes", limit);
	else if (fs.err != 0)
		snprintf(r->error, sizeof r->error, "write: %s",
		    strerror(fs.err));
	/* An error page or a partial body: the file is left as it was (a
	 * failure here leaves bytes the caller drops with a failed fetch). */
	if ((rc != 0 || r->status < 200 || r->status > 299) &&
	    ftruncate(fd, start) == 0)
		(void)lseek(fd, start, SEEK_SET);
	return rc;
}
