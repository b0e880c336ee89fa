/* healthsrc_tcp: the tcp probe: how long a connect to host:port takes.
 * A name that does not resolve is unknown (the target may be fine); a
 * refused or timed-out connect is crit. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "opsdeck/clock.h"
#include "opsdeck/xalloc.h"
#include "healthsrc_int.h"

/* "host:port", "[::1]:port" into host and port (malloc'd); -1 if not. */
static int
split_address(const char *a, char **host, char **port)
{
	const char *colon, *end;

	if (*a == '[') {
		if ((end = strchr(a, ']')) == NULL || end[1] != ':')
			return -1;
		*host = xstrndup(a + 1, (size_t)(end - a - 1));
		colon = end + 1;
	} else {
		if ((colon = strrchr(a, ':')) == NULL || colon == a)
			return -1;
		*host = xstrndup(a, (size_t)(colon - a));
	}
	if (colon[1] == '\0' || strspn(colon + 1, "0123456789") !=
	    strlen(colon + 1)) {
		free(*host);
		*host = NULL;
		return -1;
	}
	*port = xstrdup(colon + 1);
	return 0;
}

/* One address: 0 connected, else an errno (ETIMEDOUT at the deadline). */
static int
connect_one(const struct addrinfo *ai, int64_t deadline,
    const volatile int *stop)
{
	struct pollfd pfd;
	socklen_t len;
	int fd, err = 0, left;

	if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol)) < 0)
		return errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		goto out;
	if (errno != EINPROGRESS) {
		err = errno;
		goto out;
	}
	for (;;) {
		left = (int)(deadline - clock_mono_ms());
		if (left <= 0 || (stop != NULL && *stop)) {
			err = ETIMEDOUT;
			break;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, left < 100 ? left : 100) > 0) {
			len = sizeof err;
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
			    &len) != 0)
				err = errno;
			break;
		}
	}
out:
	close(fd);
	return err;
}

void
probe_tcp(struct hcheck *h, struct health_check *c)
{
	struct addrinfo hints, *res = NULL, *ai;
	char *host = NULL, *port = NULL;
	int64_t start, deadline;
	long ms;
	int rc, err = ECONNREFUSED;

	if (split_address(h->cc->address, &host, &port) != 0) {
		c->raw = HEALTH_UNKNOWN;
		healthsrc_set_reason(c, "address: expected host:port");
		return;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	start = clock_mono_ms();
	deadline = start + (int64_t)h->cc->timeout_s * 1000;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		c->raw = HEALTH_UNKNOWN;
		c->unreachable = true;
		healthsrc_set_reason(c, "%s: %s", host, gai_strerror(rc));
		c->value_text = xstrdup("no address");
		goto out;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((err = connect_one(ai, deadline, h->hs->stop)) == 0 ||
		    err == ETIMEDOUT)
			break;
	}
	ms = (long)(clock_mono_ms() - start);
	if (err != 0) {
		c->raw = HEALTH_CRIT;
		c->unreachable = true;
		healthsrc_set_reason(c, "%s port %s: %s", host, port,
		    err == ETIMEDOUT ? "connect timed out" : strerror(err));
		c->value_text = xstrdup(err == ETIMEDOUT ? "timeout" :
		    "refused");
		goto out;
	}
	c->value = (double)ms;
	c->value_text = xasprintf("%ld ms", ms);
	c->raw = health_eval(c->value, &h->warn, &h->crit);
	if (c->raw != HEALTH_OK)
		healthsrc_set_reason(c, "slow connect: %ld ms", ms);
out:
	if (res != NULL)
		freeaddrinfo(res);
	free(host);
	free(port);
}
