/* transport_file: transport_get with the body streamed to a file
 * descriptor, for bodies (job logs) far larger than anything worth holding
 * in memory. The transfer itself (headers, redirects, timeouts, stop and
 * cancel) is transport.c's; only where the bytes go differs. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "opsdeck/buf.h"
#include "opsdeck/fsutil.h"
#include "opsdeck/transport.h"

/* Enough of an error body for a classification ("secondary rate limit")
 * and for a message; a log's first bytes cost nothing to keep as well. */
#define TRANSPORT_FILE_CAPTURE	(64u << 10)

struct transport_file_sink {
	struct transport_response *r;
	int		 fd;
	size_t		 written;
	size_t		 limit;
	int		 err;		/* errno of a failed write, EFBIG */
};

static int
transport_file_write(const char *p, size_t n, void *arg)
{
	struct transport_file_sink *fs = arg;
	struct transport_response *r = fs->r;
	size_t keep;

	/* The body of a redirect curl is following: not the answer. */
	if (r->location != NULL)
		return 0;
	if (r->body.len < TRANSPORT_FILE_CAPTURE) {
		keep = TRANSPORT_FILE_CAPTURE - r->body.len;
		(void)buf_append(&r->body, p, n < keep ? n : keep);
	}
	if (fs->limit != 0 && n > fs->limit - fs->written) {
		fs->err = EFBIG;
		return -1;
	}
	if (fs_write_all(fs->fd, p, n) != 0) {
		fs->err = errno != 0 ? errno : EIO;
		return -1;
	}
	fs->written += n;
	return 0;
}

int
transport_get_file(struct transport *tp, const struct transport_request *req,
    int fd, size_t limit, struct transport_response *r)
{
	struct transport_request fr = *req;
	struct transport_file_sink fs;
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
	fr.flags |= TRANSPORT_LONG | TRANSPORT_NO_CACHE;
	r->sink = transport_file_write;
	r->sink_arg = &fs;
	rc = transport_get(tp, &fr, r);
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
