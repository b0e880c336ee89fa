/* gatecheck: whether a deploy, roll back or approval of one commit to one
 * environment passes that environment's quality gates, from what the
 * quality source last published (STORE_QUALITY). The dialogs show it; the
 * action core enforces it: a gate that fails, or gates that cannot be
 * evaluated (unknown is never a pass), block the action unless the user
 * gives a break-glass reason (quality_break_glass_ok), which is journaled
 * with the gates that failed. Any thread; reads the store only. */
#ifndef OPSDECK_GATECHECK_H
#define OPSDECK_GATECHECK_H

#include <stdbool.h>

#include "opsdeck/quality.h"

struct conf;
struct store;

enum gate_verdict {
	GATE_NONE,	/* no gate applies (or [quality] enabled = false) */
	GATE_PASS,
	GATE_FAIL,	/* r says which failed */
	GATE_UNKNOWN	/* the commit's quality is not known (yet) */
};

struct gatecheck {
	enum gate_verdict verdict;
	struct gate_result r;	/* PASS and FAIL: every gate, its reason */
	char	 why[320];	/* one line: what blocks, or "" */
};

/* The gates of env (for repo) on sha. cfg NULL: none apply. */
void	 gatecheck_eval(struct store *, const struct conf *, const char *repo,
	    const char *env, const char *sha, struct gatecheck *out);
/* Whether the verdict blocks without break-glass. */
bool	 gatecheck_blocks(const struct gatecheck *);
const char *gatecheck_verdict_name(enum gate_verdict);

#endif
