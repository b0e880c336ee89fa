/* gatecheck: an environment's quality gates on one commit, for the
 * dialogs and the action core (gatecheck.h). The gates come from the
 * config (qualitysrc_gates); the figures from the quality source's last
 * snapshot of the repository, which scores the default head, open pull
 * requests' heads and every deployed SHA. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "opsdeck/conf.h"
#include "opsdeck/gatecheck.h"
#include "opsdeck/quality.h"
#include "opsdeck/qualitysrc.h"
#include "opsdeck/store.h"

static bool
any_gate(const struct quality_gates *g)
{
	return g->min_coverage != QUALITY_GATE_OFF ||
	    g->min_score != QUALITY_GATE_OFF ||
	    g->checks == QUALITY_CHECKS_REQUIRED ||
	    g->max_security != QUALITY_GATE_OFF ||
	    (g->no_open_issues_labelled != NULL &&
	    *g->no_open_issues_labelled != '\0');
}

static bool
quality_enabled(const struct conf *cfg)
{
	const struct quality_conf *qc = conf_values(cfg, &quality_conf_table);

	return qc == NULL || qc->enabled;
}

static void
eval_entry(struct gatecheck *out, const struct quality_gates *g,
    const struct quality_repo *qr, const char *env, const char *sha)
{
	const struct quality_entry *e = quality_repo_find(qr, sha);
	char text[256];

	if (e == NULL || (!e->c.checks_read && e->c.error != NULL)) {
		out->verdict = GATE_UNKNOWN;
		snprintf(out->why, sizeof out->why, "the quality of %.12s is "
		    "not known%s%s", sha, e != NULL ? ": " : " yet",
		    e != NULL ? e->c.error : "");
		return;
	}
	quality_gates_eval(g, &e->c, &e->s, qr->labels, qr->nlabels, &out->r);
	if (out->r.n == 0) {
		out->verdict = GATE_NONE;
		return;
	}
	if (out->r.failed == 0) {
		out->verdict = GATE_PASS;
		return;
	}
	out->verdict = GATE_FAIL;
	quality_gates_text(&out->r, text, sizeof text);
	snprintf(out->why, sizeof out->why, "%zu of %zu %s gates fail%s: %s",
	    out->r.failed, out->r.n, env, qr->stale ? " (stale data)" : "",
	    text);
}

void
gatecheck_eval(struct store *store, const struct conf *cfg, const char *repo,
    const char *env, const char *sha, struct gatecheck *out)
{
	struct quality_gates g;
	struct snapset *set;
	const struct quality_repo *qr;

	memset(out, 0, sizeof *out);
	out->verdict = GATE_NONE;
	if (cfg == NULL || repo == NULL || env == NULL ||
	    !quality_enabled(cfg))
		return;
	memset(&g, 0, sizeof g);
	(void)qualitysrc_gates(cfg, repo, env, &g);
	if (!any_gate(&g)) {
		quality_gates_done(&g);
		return;
	}
	if (sha == NULL) {
		out->verdict = GATE_UNKNOWN;
		snprintf(out->why, sizeof out->why, "no target commit to "
		    "evaluate the %s gates on", env);
		quality_gates_done(&g);
		return;
	}
	set = store != NULL ? store_acquire(store, STORE_QUALITY) : NULL;
	qr = set != NULL ? snapset_find_data(set, repo) : NULL;
	if (qr == NULL) {
		out->verdict = GATE_UNKNOWN;
		snprintf(out->why, sizeof out->why, "the quality of %s is not "
		    "known yet", repo);
	} else
		eval_entry(out, &g, qr, env, sha);
	if (set != NULL)
		store_release(&set);
	quality_gates_done(&g);
}

bool
gatecheck_blocks(const struct gatecheck *gc)
{
	return gc->verdict == GATE_FAIL || gc->verdict == GATE_UNKNOWN;
}

const char *
gatecheck_verdict_name(enum gate_verdict v)
{
	switch (v) {
	case GATE_PASS:
		return "pass";
	case GATE_FAIL:
		return "fail";
	case GATE_UNKNOWN:
		return "unknown";
	case GATE_NONE:
		break;
	}
	return "none";
}
