/* gatecheck: an environment's gates on one commit from the quality
 * snapshot, table-driven: no gate (dev), pass, fail, unknown (no snapshot,
 * commit not scored, no target), [quality] enabled = false, and the
 * per-repository section over the environment's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/gatecheck.h"
#include "opsdeck/quality.h"
#include "opsdeck/sources.h"
#include "opsdeck/store.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

#define SHA_GOOD	"1111111111111111111111111111111111111111"
#define SHA_LOW		"2222222222222222222222222222222222222222"
#define SHA_NONE	"3333333333333333333333333333333333333333"
#define SHA_ERR		"4444444444444444444444444444444444444444"
#define SHA_OTHER	"5555555555555555555555555555555555555555"

static void
entry(struct quality_entry *e, const char *sha, bool cov, double coverage,
    const char *error)
{
	memset(e, 0, sizeof *e);
	e->c.sha = xstrdup(sha);
	e->c.label = xstrdup("x");
	e->c.checks_read = error == NULL;
	e->c.error = error != NULL ? xstrdup(error) : NULL;
	e->s.coverage_known = cov;
	e->s.coverage = coverage;
	e->s.states[QUALITY_PASSED] = 1;
}

static void
free_repo(void *p)
{
	quality_repo_free(p);
}

static void
publish(struct store *st, const char *slug)
{
	struct quality_repo *qr = xcalloc(1, sizeof *qr);

	qr->slug = xstrdup(slug);
	qr->v = xcalloc(4, sizeof *qr->v);
	entry(&qr->v[0], SHA_GOOD, true, 96.5, NULL);
	entry(&qr->v[1], SHA_LOW, true, 72.5, NULL);
	entry(&qr->v[2], SHA_NONE, false, 0, NULL);
	entry(&qr->v[3], SHA_ERR, false, 0, "check runs: HTTP 500");
	qr->n = 4;
	store_publish(st, STORE_QUALITY, snap_new(slug, qr, free_repo));
}

/* The file stays until the end: which keys the user set is read from
 * it when asked. */
static int
load(struct conf *cfg, char *path, const char *text)
{
	const struct conf_table *const *tables;
	size_t ntables;
	char *cause = NULL;
	int fd = mkstemp(path), rc;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	tables = sources_conf_tables(&ntables);
	memset(cfg, 0, sizeof *cfg);
	rc = conf_load(cfg, path, tables, ntables, &cause);
	if (rc != 0)
		printf("# %s\n", cause != NULL ? cause : "?");
	free(cause);
	return rc;
}

struct row {
	const char	*repo, *env, *sha;
	enum gate_verdict want;
	const char	*why;		/* a part of out.why, or NULL */
};

int
main(void)
{
	static const struct row rows[] = {
		{ "octo/svc", "dev", SHA_LOW, GATE_NONE, NULL },
		{ "octo/svc", "staging", SHA_GOOD, GATE_PASS, NULL },
		{ "octo/svc", "staging", SHA_LOW, GATE_FAIL,
		    "1 of 1 staging gates fail: min-coverage: coverage "
		    "72.50% < 80%" },
		{ "octo/svc", "staging", SHA_NONE, GATE_FAIL,
		    "no coverage reported" },
		{ "octo/svc", "production", SHA_GOOD, GATE_PASS, NULL },
		{ "octo/svc", "production", SHA_LOW, GATE_FAIL, "< 95%" },
		{ "octo/svc", "staging", SHA_ERR, GATE_UNKNOWN,
		    "HTTP 500" },
		{ "octo/svc", "staging", SHA_OTHER, GATE_UNKNOWN,
		    "the quality of 555555555555 is not known yet" },
		{ "octo/svc", "staging", NULL, GATE_UNKNOWN,
		    "no target commit" },
		{ "octo/web", "staging", SHA_GOOD, GATE_UNKNOWN,
		    "the quality of octo/web is not known yet" },
		/* [environment "octo/api qa"] min-score: the repository's
		 * own section; qa elsewhere has none. */
		{ "octo/api", "qa", SHA_GOOD, GATE_FAIL, "min-score" },
		{ "octo/svc", "qa", SHA_GOOD, GATE_NONE, NULL },
	};
	struct store *st = store_new(-1);
	struct gatecheck gc;
	struct conf cfg, off;
	char p1[] = "/tmp/test_gatecheck.XXXXXX";
	char p2[] = "/tmp/test_gatecheck.XXXXXX";
	size_t i;

	git_libgit2_init();
	if (load(&cfg, p1, "[repo \"octo/svc\"]\n[repo \"octo/api\"]\n"
	    "[environment \"octo/api qa\"]\n\tmin-score = 90\n") != 0 ||
	    load(&off, p2, "[repo \"octo/svc\"]\n[quality]\n\tenabled = false\n")
	    != 0) {
		printf("Bail out! config\n");
		return 1;
	}
	publish(st, "octo/svc");
	publish(st, "octo/api");
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		gatecheck_eval(st, &cfg, rows[i].repo, rows[i].env,
		    rows[i].sha, &gc);
		ok(gc.verdict == rows[i].want, "%s %s %.7s: %s (got %s)",
		    rows[i].repo, rows[i].env, rows[i].sha != NULL ?
		    rows[i].sha : "-", gatecheck_verdict_name(rows[i].want),
		    gatecheck_verdict_name(gc.verdict));
		ok(rows[i].why == NULL ? gc.why[0] == '\0' :
		    strstr(gc.why, rows[i].why) != NULL, "  why: %s", gc.why);
	}
	gatecheck_eval(st, &off, "octo/svc", "production", SHA_LOW, &gc);
	ok(gc.verdict == GATE_NONE, "[quality] enabled = false: no gate");
	gatecheck_eval(st, &cfg, "octo/svc", "production", SHA_LOW, &gc);
	ok(gatecheck_blocks(&gc), "a failing gate blocks");
	gatecheck_eval(st, &cfg, "octo/svc", "staging", SHA_OTHER, &gc);
	ok(gatecheck_blocks(&gc), "an unknown one blocks too");
	conf_done(&cfg);
	conf_done(&off);
	unlink(p1);
	unlink(p2);
	store_free(&st);
	git_libgit2_shutdown();
	return tap_done();
}
