/* test_ghparse_approvals: a run's review history (GET .../approvals) from
 * GitHub's official example, and hostile bodies: escape sequences kept raw
 * for the UI to sanitise, wrong types refused with where, huge arrays
 * bounded. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/buf.h"
#include "opsdeck/ghparse_deploy.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

#define BODY(s)	(s), strlen(s)

/* tests/data/github/deploy/NAME under $top_srcdir; exits on failure. */
static char *
slurp(const char *name, size_t *len)
{
	const char	*top = getenv("top_srcdir");
	char		*path, *data;
	FILE		*f;
	long		 size;

	path = xasprintf("%s/tests/data/github/deploy/%s",
	    top != NULL ? top : ".", name);
	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	data = xmalloc((size_t)size + 1);
	if (fread(data, 1, (size_t)size, f) != (size_t)size) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	free(path);
	data[size] = '\0';
	*len = (size_t)size;
	return (data);
}

static int
has(const char *s, const char *sub)
{
	return (s != NULL && strstr(s, sub) != NULL);
}

static void
test_example(void)
{
	struct approval	*a = NULL;
	size_t		 n = 0, len;
	char		*body, *cause = NULL;

	body = slurp("environment-approvals-items.json", &len);
	ok(ghparse_approvals(body, len, &a, &n, &cause) == 0 && n == 1,
	    "example: one review (%s)", cause != NULL ? cause : "no error");
	ok(n == 1 && a[0].kind == APPROVAL_APPROVED &&
	    strcmp(a[0].state, "approved") == 0 &&
	    strcmp(a[0].user, "octocat") == 0 &&
	    strcmp(a[0].comment, "Ship it!") == 0 &&
	    a[0].nenvironments == 1 &&
	    strcmp(a[0].environments[0], "staging") == 0,
	    "example: approved by octocat for staging, 'Ship it!'");
	/* Appends: a second parse adds to what was there. */
	ok(ghparse_approvals(body, len, &a, &n, &cause) == 0 && n == 2 &&
	    strcmp(a[1].user, "octocat") == 0, "appends to the list");
	approvals_free(a, n);
	free(body);

	a = NULL;
	n = 0;
	ok(ghparse_approvals(BODY("[]"), &a, &n, &cause) == 0 && n == 0,
	    "empty history: no reviews, no error");
	approvals_free(a, n);

	ok(approval_state_parse("rejected") == APPROVAL_REJECTED &&
	    approval_state_parse("pending") == APPROVAL_PENDING &&
	    approval_state_parse("Approved") == APPROVAL_OTHER &&
	    approval_state_parse(NULL) == APPROVAL_OTHER,
	    "states: GitHub's three, anything else OTHER");
}

/* A malformed body fails with a cause naming where, adding nothing. */
static void
bad(const char *body, const char *want, const char *what)
{
	struct approval	*a = NULL;
	size_t		 n = 0;
	char		*cause = NULL;
	int		 rc;

	rc = ghparse_approvals(BODY(body), &a, &n, &cause);
	ok(rc == -1 && n == 0 && has(cause, want), "%s: -1, \"%s\" (%s)",
	    what, want, cause != NULL ? cause : "no cause");
	free(cause);
	approvals_free(a, n);
}

#define ENV	"\"environments\":[{\"id\":1,\"name\":\"prod\"}]"
#define USER	"\"user\":{\"login\":\"mona\"}"

static void
test_types(void)
{
	bad("[{\"state\":\"approved\"", "invalid JSON", "truncated");
	bad("{\"state\":\"approved\"}", "expected array", "an object root");
	bad("[7]", "[0]: expected object", "a number item");
	bad("[{" ENV "," USER ",\"comment\":\"x\"}]", "[0].state: missing",
	    "no state");
	bad("[{" ENV "," USER ",\"state\":1,\"comment\":\"x\"}]",
	    "[0].state: expected string", "state a number");
	bad("[{" ENV "," USER ",\"state\":null,\"comment\":\"x\"}]",
	    "[0].state: expected string", "state null");
	bad("[{" ENV "," USER ",\"state\":\"approved\"}]",
	    "[0].comment: missing", "no comment");
	bad("[{" ENV "," USER ",\"state\":\"approved\",\"comment\":[]}]",
	    "[0].comment: expected string", "comment an array");
	bad("[{" ENV ",\"user\":\"mona\",\"state\":\"approved\","
	    "\"comment\":\"x\"}]", "[0].user: expected object",
	    "user a string");
	bad("[{" ENV ",\"user\":{\"login\":5},\"state\":\"approved\","
	    "\"comment\":\"x\"}]", "[0].user.login: expected string",
	    "login a number");
	bad("[{" USER ",\"state\":\"approved\",\"comment\":\"x\"}]",
	    "[0].environments: missing", "no environments");
	bad("[{\"environments\":{}," USER ",\"state\":\"approved\","
	    "\"comment\":\"x\"}]", "[0].environments: expected array",
	    "environments an object");
	bad("[{\"environments\":[{\"id\":\"1\",\"name\":\"p\"}]," USER
	    ",\"state\":\"approved\",\"comment\":\"x\"}]",
	    "[0].environments[0].id: expected integer", "env id a string");
	bad("[{\"environments\":[{\"id\":1}]," USER ",\"state\":\"approved\","
	    "\"comment\":\"x\"}]", "[0].environments[0].name: missing",
	    "env without a name");
	bad("[{\"environments\":[{\"id\":1,\"name\":null}]," USER
	    ",\"state\":\"approved\",\"comment\":\"x\"}]",
	    "[0].environments[0].name: expected string", "env name null");
	bad("[{" ENV "," USER ",\"state\":\"approved\",\"comment\":\"x\"},"
	    "{" ENV "," USER ",\"state\":\"approved\",\"comment\":2}]",
	    "[1].comment: expected string", "the second item bad");
}

static void
test_hostile(void)
{
	const char	*esc = "[{" ENV ",\"user\":{\"login\":"
	    "\"\\u001b]52;c;aGk=\\u0007mallory\"},\"state\":\"sideways\","
	    "\"comment\":\"\\u001b[2J\\u001b]0;owned\\u0007lgtm\\u009b31m\"}]";
	struct approval	*a = NULL;
	struct buf	 b;
	size_t		 n = 0, i;
	char		*cause = NULL;
	int		 rc;

	ok(ghparse_approvals(BODY(esc), &a, &n, &cause) == 0 && n == 1 &&
	    strcmp(a[0].comment, "\033[2J\033]0;owned\algtm\xc2\x9b" "31m")
	    == 0 && has(a[0].user, "\033]52;") && a[0].kind ==
	    APPROVAL_OTHER && strcmp(a[0].state, "sideways") == 0,
	    "escapes in comment and login kept raw (sanitised at draw "
	    "time); an unknown state is OTHER, raw kept");
	approvals_free(a, n);

	/* 3000 reviews, the first naming 200 environments: both bounded. */
	buf_init(&b, 0);
	buf_puts(&b, "[");
	for (i = 0; i < 3000; i++) {
		buf_puts(&b, i > 0 ? ",{" : "{");
		if (i == 0) {
			size_t k;

			buf_puts(&b, ("\"environments\":["));
			for (k = 0; k < 200; k++)
				buf_puts(&b, k > 0 ? ",{\"id\":1,\"name\":\"e\"}" :
				    "{\"id\":1,\"name\":\"e\"}");
			buf_puts(&b, ("],"));
		} else
			buf_puts(&b, (ENV ","));
		buf_puts(&b, (USER ",\"state\":\"pending\","
		    "\"comment\":\"c\"}"));
	}
	buf_puts(&b, "]");
	a = NULL;
	n = 0;
	rc = ghparse_approvals(b.data, b.len, &a, &n, &cause);
	ok(rc == 0 && n == GHPARSE_DEPLOY_MAX_ITEMS && a[0].nenvironments ==
	    GHPARSE_DEPLOY_MAX_REVIEW_ENVS && a[1].nenvironments == 1 &&
	    a[n - 1].kind == APPROVAL_PENDING,
	    "huge: %zu reviews kept of 3000, %zu environments of 200", n,
	    n > 0 ? a[0].nenvironments : 0);
	approvals_free(a, n);
	buf_done(&b);
	free(cause);
}

int
main(void)
{
	test_example();
	test_types();
	test_hostile();
	return (tap_done());
}
