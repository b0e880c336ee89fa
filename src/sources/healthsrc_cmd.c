/* healthsrc_cmd: the command probe: the argv run by fork/execve (spawn,
 * no shell) under the check's timeout; the exit status, an optional
 * output match and, when limits are set, its run time. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/rx.h"
#include "opsdeck/spawn.h"
#include "opsdeck/xalloc.h"
#include "healthsrc_int.h"

#define CMD_OUTPUT_CAP	(64u << 10)

void
probe_command(struct hcheck *h, struct health_check *c)
{
	const struct healthsrc_check_conf *cc = h->cc;
	struct spawn_result r;
	char *cause = NULL;

	spawn_result_init(&r);
	if (spawn_run(h->argv, SPAWN_STDERR, (long)cc->timeout_s * 1000,
	    CMD_OUTPUT_CAP,
	    h->hs->stop, &r, &cause) != 0) {
		/* Nothing ran: nothing is known of what it would check. */
		c->raw = HEALTH_UNKNOWN;
		healthsrc_set_reason(c, "%s", cause);
		c->value_text = xstrdup("not run");
		goto out;
	}
	c->value = (double)r.ms;
	if (r.timed_out || r.stopped) {
		c->raw = r.stopped ? HEALTH_UNKNOWN : HEALTH_CRIT;
		c->unreachable = r.timed_out;
		healthsrc_set_reason(c, "%s after %d s", r.stopped ?
		    "stopped" : "timed out", cc->timeout_s);
		c->value_text = xstrdup("timeout");
		goto out;
	}
	if (!r.exited) {
		c->raw = HEALTH_CRIT;
		healthsrc_set_reason(c, "killed by signal %d", r.sig);
		c->value_text = xasprintf("signal %d", r.sig);
		goto out;
	}
	c->value_text = xasprintf("exit %d, %ld ms", r.code, r.ms);
	if (r.code != cc->exit_code) {
		c->raw = HEALTH_CRIT;
		healthsrc_set_reason(c, "exit %d (want %d)", r.code,
		    cc->exit_code);
		goto out;
	}
	if (h->match != NULL) {
		struct rx_match *m = rx_match_new(h->match);
		int hit = rx_exec(h->match, m, r.out.data != NULL ?
		    r.out.data : "", r.out.len, 0, NULL, NULL);

		rx_match_free(&m);
		if (hit != 1) {
			c->raw = HEALTH_CRIT;
			healthsrc_set_reason(c, "output does not match /%s/",
			    cc->match);
			goto out;
		}
	}
	c->raw = health_eval(c->value, &h->warn, &h->crit);
	if (c->raw != HEALTH_OK)
		healthsrc_set_reason(c, "slow: %ld ms", r.ms);
out:
	free(cause);
	spawn_result_done(&r);
}
