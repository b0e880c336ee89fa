/* The wallboard's read-only token check: which X-OAuth-Scopes lists of a
 * classic token grant writes (and so get the warning, or exit 2 with
 * --require-readonly-token). */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "wallboard.h"
#include "../tap.h"

int
main(void)
{
	ok(!wallboard_scopes_write(NULL), "no header (fine-grained token): no "
	    "warning");
	ok(!wallboard_scopes_write(""), "an empty list: read-only");
	ok(!wallboard_scopes_write("read:org, read:user"), "read:* only");
	ok(!wallboard_scopes_write("read:packages,user:email notifications"),
	    "read scopes, user:email and notifications, any separator");
	ok(wallboard_scopes_write("repo"), "repo writes");
	ok(wallboard_scopes_write("read:org, workflow"), "workflow writes");
	ok(wallboard_scopes_write("public_repo"), "public_repo writes");
	ok(wallboard_scopes_write("read:org, admin:org"), "admin:org writes");
	ok(wallboard_scopes_write("read:"), "a bare read: is not a read scope");
	ok(wallboard_scopes_write("user"), "user (read and write) writes");
	return tap_done();
}
