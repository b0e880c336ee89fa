/* test_quality: the quality model, table-driven: coverage wording of the
 * common services, check states, the score formula and its configurable
 * terms, every gate with its edge cases (no coverage reported, pending
 * checks, zero checks, unreadable alerts, an environment no config names),
 * break-glass reasons, the history ring and the sparkline. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/conf.h"
#include "opsdeck/quality.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

static struct quality_rules *rules;

static void
test_coverage(void)
{
	static const struct {
		const char	*text;
		int		 found;
		double		 pct;
	} cases[] = {
		{ "Coverage: 85.23%", 1, 85.23 },
		{ "coverage 85 %", 1, 85 },
		{ "Line coverage is 72.5%", 1, 72.5 },
		{ "Code Coverage - 100%", 1, 100 },
		{ "85.23% (+0.12%) compared to 1a2b3c4", 1, 85.23 },
		{ "90.00% of diff hit (target 80.00%)", 0, 0 },
		{ "Coverage increased (+0.2%) to 85.23%", 1, 85.23 },
		{ "Coverage decreased (-1.0%) to 80.1%", 1, 80.1 },
		{ "Coverage remained the same at 91.0%", 1, 91 },
		{ "All good.\n78.4% code coverage", 1, 78.4 },
		{ "Name  Stmts  Miss  Cover\nTOTAL   120   18   85%", 1, 85 },
		{ "Coverage: 185%", 0, 0 },	/* not a percentage */
		{ "212 tests passed in 3.2s", 0, 0 },
		{ "", 0, 0 },
	};
	size_t i;
	double pct;
	int found;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pct = -1;
		found = quality_coverage_in(rules, cases[i].text, &pct);
		ok(found == cases[i].found && (!found ||
		    (pct > cases[i].pct - 1e-9 && pct < cases[i].pct + 1e-9)),
		    "coverage in \"%s\": %s %.2f", cases[i].text,
		    found ? "found" : "none", found ? pct : 0.0);
	}
	ok(quality_coverage_in(rules, NULL, &pct) == 0, "NULL text: none");
}

static void
test_states(void)
{
	static const struct {
		const char		*status, *conclusion;
		enum quality_state	 want;
	} runs[] = {
		{ "completed", "success", QUALITY_PASSED },
		{ "completed", "neutral", QUALITY_PASSED },
		{ "completed", "skipped", QUALITY_SKIPPED },
		{ "completed", "failure", QUALITY_FAILED },
		{ "completed", "timed_out", QUALITY_FAILED },
		{ "completed", "cancelled", QUALITY_FAILED },
		{ "completed", "action_required", QUALITY_FAILED },
		{ "completed", "something_new", QUALITY_FAILED },
		{ "completed", NULL, QUALITY_PENDING },
		{ "queued", NULL, QUALITY_PENDING },
		{ "in_progress", NULL, QUALITY_PENDING },
		{ "waiting", NULL, QUALITY_PENDING },
		{ NULL, NULL, QUALITY_PENDING },
	};
	static const struct {
		const char		*state;
		enum quality_state	 want;
	} sts[] = {
		{ "success", QUALITY_PASSED }, { "pending", QUALITY_PENDING },
		{ "failure", QUALITY_FAILED }, { "error", QUALITY_FAILED },
		{ "bogus", QUALITY_FAILED }, { NULL, QUALITY_PENDING },
	};
	size_t i;

	for (i = 0; i < sizeof runs / sizeof runs[0]; i++)
		ok(quality_state_of_run(runs[i].status, runs[i].conclusion) ==
		    runs[i].want, "check run %s/%s: %s", runs[i].status ?
		    runs[i].status : "null", runs[i].conclusion ?
		    runs[i].conclusion : "null",
		    quality_state_name(runs[i].want));
	for (i = 0; i < sizeof sts / sizeof sts[0]; i++)
		ok(quality_state_of_status(sts[i].state) == sts[i].want,
		    "status %s: %s", sts[i].state ? sts[i].state : "null",
		    quality_state_name(sts[i].want));
}

/* A commit built from a compact description. */
struct ann_spec {
	enum quality_level	 level;
	const char		*title, *message;
};

struct check_spec {
	const char		*name;
	enum quality_state	 state;
	const char		*title, *summary;
	int			 is_status;
	struct ann_spec		 ann[4];
	int			 nann;
	int			 counts_only;	/* annotations_count only */
};

static void
add_check(struct quality_commit *c, const struct check_spec *s)
{
	struct quality_check *ck;
	int i;

	c->checks = xreallocarray(c->checks, c->nchecks + 1, sizeof *c->checks);
	ck = &c->checks[c->nchecks++];
	memset(ck, 0, sizeof *ck);
	ck->name = xstrdup(s->name);
	ck->state = s->state;
	ck->is_status = s->is_status != 0;
	ck->title = s->title != NULL ? xstrdup(s->title) : NULL;
	ck->summary = s->summary != NULL ? xstrdup(s->summary) : NULL;
	ck->annotations_count = s->nann;
	if (s->counts_only)
		return;
	ck->ann_read = true;
	ck->ann = xcalloc((size_t)s->nann + 1, sizeof *ck->ann);
	for (i = 0; i < s->nann; i++) {
		ck->ann[i].level = s->ann[i].level;
		ck->ann[i].title = xstrdup(s->ann[i].title);
		ck->ann[i].message = xstrdup(s->ann[i].message);
	}
	ck->nann = (size_t)s->nann;
}

static void
commit_make(struct quality_commit *c, const struct check_spec *specs,
    size_t n, int sec_read, int code_high, int dep_critical)
{
	size_t i;

	memset(c, 0, sizeof *c);
	c->sha = xstrdup("0123456789abcdef0123456789abcdef01234567");
	c->label = xstrdup("main");
	c->checks_read = true;
	for (i = 0; i < n; i++)
		add_check(c, &specs[i]);
	c->code_scanning.access = sec_read ? QUALITY_READ : QUALITY_NO_ACCESS;
	c->dependabot.access = sec_read ? QUALITY_READ : QUALITY_NO_ACCESS;
	c->code_scanning.sev[QUALITY_SEV_HIGH] = sec_read ? code_high : 0;
	c->dependabot.sev[QUALITY_SEV_CRITICAL] = sec_read ? dep_critical : 0;
}

static void
test_score(void)
{
	static const struct check_spec lint_fail[] = {
		{ "eslint", QUALITY_FAILED, "2 problems", NULL, 0, {
		    { QUALITY_WARNING, "no-unused-vars", "x unused" },
		    { QUALITY_FAILURE, "no-undef", "y undefined" },
		    { QUALITY_NOTICE, "style", "prefer const" } }, 3, 0 },
	};
	static const struct check_spec mixed[] = {
		{ "build", QUALITY_PASSED, "ok", NULL, 0, { { 0 } }, 0, 0 },
		{ "lizard", QUALITY_PASSED, "Complexity", NULL, 0, {
		    { QUALITY_WARNING, "Function too complex", "f: 25" },
		    { QUALITY_WARNING, "cyclomatic complexity", "g: 16" } },
		    2, 0 },
		{ "codeql", QUALITY_FAILED, "Analysis", NULL, 0, {
		    { QUALITY_FAILURE, "SQL injection", "user input" } }, 1,
		    0 },
		{ "jscpd", QUALITY_FAILED, "Duplication found", "3 clones",
		    0, { { 0 } }, 0, 0 },
	};
	static const struct check_spec counts_only[] = {
		{ "flake8", QUALITY_FAILED, NULL, NULL, 0, { { 0 } }, 7, 1 },
	};
	static const struct check_spec dup_passed[] = {
		{ "jscpd", QUALITY_PASSED, "No duplication found", NULL, 0,
		    { { 0 } }, 0, 0 },
	};
	static const struct check_spec many_lint[] = {
		{ "eslint", QUALITY_FAILED, NULL, NULL, 0, { { 0 } }, 400, 1 },
	};
	static const struct {
		const char			*what;
		const struct check_spec		*specs;
		size_t				 n;
		int				 sec_read, code, dep;
		int				 known, score, lint, complex;
		int				 security, dup;
	} cases[] = {
		{ "no checks at all: no score", NULL, 0, 1, 0, 0,
		    0, 100, 0, 0, 0, 0 },
		{ "2 lint issues (the notice does not count): 96", lint_fail,
		    1, 1, 0, 0, 1, 96, 2, 0, 0, 0 },
		{ "2 complex, 1 security, duplication: 100-10-10-10 = 70",
		    mixed, 4, 1, 0, 0, 1, 70, 0, 2, 1, 1 },
		{ "plus 2 open alerts: 50", mixed, 4, 1, 1, 1, 1, 50, 0, 2, 3,
		    1 },
		{ "counts only: the check's name decides (flake8: lint)",
		    counts_only, 1, 1, 0, 0, 1, 86, 7, 0, 0, 0 },
		{ "a passing check saying 'no duplication' is no penalty",
		    dup_passed, 1, 1, 0, 0, 1, 100, 0, 0, 0, 0 },
		{ "never below 0", many_lint, 1, 1, 0, 0, 1, 0, 400, 0, 0, 0 },
		{ "alerts unreadable add nothing", lint_fail, 1, 0, 5, 5, 1,
		    96, 2, 0, 0, 0 },
	};
	struct quality_summary s;
	struct quality_commit c;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		commit_make(&c, cases[i].specs, cases[i].n, cases[i].sec_read,
		    cases[i].code, cases[i].dep);
		quality_summarize(rules, &c, &s);
		ok(s.score.known == (cases[i].known != 0) &&
		    (!s.score.known || s.score.score == cases[i].score) &&
		    s.score.lint == cases[i].lint &&
		    s.score.complex == cases[i].complex &&
		    s.score.security == cases[i].security &&
		    s.score.duplication == (cases[i].dup != 0),
		    "score: %s (got %d: lint %d complex %d security %d dup %d)",
		    cases[i].what, s.score.score, s.score.lint,
		    s.score.complex, s.score.security, s.score.duplication);
		quality_commit_free(&c);
	}
}

static void
test_formula_configured(void)
{
	static const struct check_spec specs[] = {
		{ "house-style", QUALITY_FAILED, NULL, NULL, 0, {
		    { QUALITY_WARNING, "naming", "bad name" },
		    { QUALITY_WARNING, "naming", "worse name" } }, 2, 0 },
	};
	struct quality_formula f = { 3, 5, 10, 10 };
	char *pat = (char *)"house-style", *cause = NULL, *bad = (char *)"(";
	struct conf_patterns lint = { &pat, 1 }, cov = { &bad, 1 };
	struct quality_rules *r;
	struct quality_summary s;
	struct quality_commit c;

	r = quality_rules_new(&f, NULL, &lint, NULL, NULL, NULL, &cause);
	ok(r != NULL, "a configured lint pattern and weight (%s)",
	    cause != NULL ? cause : "");
	commit_make(&c, specs, 1, 1, 0, 0);
	quality_summarize(r, &c, &s);
	ok(s.score.lint == 2 && s.score.lint_pts == 6 && s.score.score == 94,
	    "  the house-style check's annotations count as lint, 3 each "
	    "(%d)", s.score.score);
	quality_summarize(rules, &c, &s);
	ok(s.score.lint == 0 && s.score.score == 100,
	    "  not with the built-in patterns alone");
	c.checks_read = false;	/* a request failed: half the answers */
	quality_summarize(rules, &c, &s);
	ok(!s.score.known && !s.green, "checks not all read: no score, not "
	    "green");
	quality_commit_free(&c);
	quality_rules_free(&r);
	ok(r == NULL, "quality_rules_free sets NULL");
	r = quality_rules_new(NULL, &cov, NULL, NULL, NULL, NULL, &cause);
	ok(r == NULL && cause != NULL && strstr(cause, "coverage pattern") !=
	    NULL, "a bad coverage pattern is refused (%s)", cause);
	free(cause);
	cause = NULL;
	pat = (char *)"Coverage=[0-9]+";
	r = quality_rules_new(NULL, &lint, NULL, NULL, NULL, NULL, &cause);
	ok(r == NULL && cause != NULL && strstr(cause, "group") != NULL,
	    "a coverage pattern without a group is refused (%s)", cause);
	free(cause);
	cause = NULL;
	pat = (char *)"Cov=([0-9.]+)";
	r = quality_rules_new(NULL, &lint, NULL, NULL, NULL, NULL, &cause);
	{
		double pct = 0;

		ok(r != NULL && quality_coverage_in(r, "Cov=66.6", &pct) &&
		    pct > 66.5 && pct < 66.7, "a configured coverage pattern "
		    "reads its wording");
	}
	quality_rules_free(&r);
}

static const struct check_spec green_specs[] = {
	{ "build", QUALITY_PASSED, NULL, NULL, 0, { { 0 } }, 0, 0 },
	{ "test", QUALITY_PASSED, "Tests", "Coverage: 91.5%", 0, { { 0 } }, 0,
	    0 },
	{ "docs", QUALITY_SKIPPED, NULL, NULL, 0, { { 0 } }, 0, 0 },
};
static const struct check_spec pending_specs[] = {
	{ "build", QUALITY_PASSED, NULL, "Coverage: 91.5%", 0, { { 0 } }, 0,
	    0 },
	{ "e2e", QUALITY_PENDING, NULL, NULL, 0, { { 0 } }, 0, 0 },
};
static const struct check_spec failed_specs[] = {
	{ "build", QUALITY_PASSED, NULL, "Coverage: 70%", 0, { { 0 } }, 0,
	    0 },
	{ "ci/jenkins", QUALITY_FAILED, NULL, "Build failed", 1, { { 0 } },
	    0, 0 },
};
static const struct check_spec nocov_specs[] = {
	{ "build", QUALITY_PASSED, NULL, NULL, 0, { { 0 } }, 0, 0 },
};

static void
test_gates(void)
{
	static const struct quality_label_count blockers[] = {
		{ (char *)"release-blocker", 2 }, { (char *)"bug", 0 } };
	static const struct quality_label_count unknown_label[] = {
		{ (char *)"release-blocker", -1 } };
	static const struct {
		const char			*what;
		const struct check_spec		*specs;
		size_t				 n;
		int				 sec_read, code, dep;
		int				 min_cov, min_score, checks;
		int				 max_sec;
		const char			*label;
		const struct quality_label_count *labels;
		size_t				 nlabels;
		size_t				 ngates, failed;
		const char			*reason;
	} cases[] = {
		{ "coverage 91.5 >= 80 passes", green_specs, 3, 1, 0, 0, 80,
		    -1, 0, -1, NULL, NULL, 0, 1, 0, "coverage 91.50% >= 80%" },
		{ "coverage exactly at the threshold passes", failed_specs, 2,
		    1, 0, 0, 70, -1, 0, -1, NULL, NULL, 0, 1, 0,
		    "coverage 70.00% >= 70%" },
		{ "coverage 70 < 95 fails", failed_specs, 2, 1, 0, 0, 95, -1,
		    0, -1, NULL, NULL, 0, 1, 1, "coverage 70.00% < 95%" },
		{ "no coverage reported fails min-coverage", nocov_specs, 1, 1,
		    0, 0, 80, -1, 0, -1, NULL, NULL, 0, 1, 1,
		    "no coverage reported (needs 80%)" },
		{ "zero checks: min-coverage fails", NULL, 0, 1, 0, 0, 80, -1,
		    0, -1, NULL, NULL, 0, 1, 1,
		    "no coverage reported (needs 80%)" },
		{ "zero checks: min-score fails (no score)", NULL, 0, 1, 0, 0,
		    -1, 50, 0, -1, NULL, NULL, 0, 1, 1,
		    "no score: no check or status reported (needs 50)" },
		{ "zero checks: checks = required fails", NULL, 0, 1, 0, 0, -1,
		    -1, 1, -1, NULL, NULL, 0, 1, 1,
		    "no check or status reported" },
		{ "pending checks fail checks = required", pending_specs, 2, 1,
		    0, 0, -1, -1, 1, -1, NULL, NULL, 0, 1, 1, "1 pending" },
		{ "a failed status fails checks = required, named",
		    failed_specs, 2, 1, 0, 0, -1, -1, 1, -1, NULL, NULL, 0, 1,
		    1, "1 failed (ci/jenkins)" },
		{ "passed and skipped pass checks = required", green_specs, 3,
		    1, 0, 0, -1, -1, 1, -1, NULL, NULL, 0, 1, 0, "2 passed" },
		{ "score 100 >= 90", green_specs, 3, 1, 0, 0, -1, 90, 0, -1,
		    NULL, NULL, 0, 1, 0, "score 100 >= 90" },
		{ "score 80 < 90 (two open alerts)", green_specs, 3, 1, 1, 1,
		    -1, 90, 0, -1, NULL, NULL, 0, 1, 1, "score 80 < 90" },
		{ "max-security 0 with none open passes", green_specs, 3, 1, 0,
		    0, -1, -1, 0, 0, NULL, NULL, 0, 1, 0,
		    "0 security issues <= 0" },
		{ "max-security 1 with two open fails", green_specs, 3, 1, 1,
		    1, -1, -1, 0, 1, NULL, NULL, 0, 1, 1,
		    "2 security issues > 1" },
		{ "max-security with alerts unreadable fails", green_specs, 3,
		    0, 0, 0, -1, -1, 0, 5, NULL, NULL, 0, 1, 1,
		    "security alerts unknown (code scanning: no access, "
		    "Dependabot: no access)" },
		{ "open release blockers fail", green_specs, 3, 1, 0, 0, -1,
		    -1, 0, -1, "release-blocker", blockers, 2, 1, 1,
		    "2 open issues labelled 'release-blocker'" },
		{ "no open issue with that label passes", green_specs, 3, 1, 0,
		    0, -1, -1, 0, -1, "bug", blockers, 2, 1, 0,
		    "no open issue labelled 'bug'" },
		{ "issues not read fail", green_specs, 3, 1, 0, 0, -1, -1, 0,
		    -1, "release-blocker", unknown_label, 1, 1, 1,
		    "open issues labelled 'release-blocker' unknown" },
		{ "a label nobody counted fails", green_specs, 3, 1, 0, 0, -1,
		    -1, 0, -1, "p0", NULL, 0, 1, 1,
		    "open issues labelled 'p0' unknown" },
		{ "no gate at all: nothing to fail", NULL, 0, 0, 0, 0, -1, -1,
		    0, -1, NULL, NULL, 0, 0, 0, NULL },
		{ "every gate at once", failed_specs, 2, 1, 1, 0, 80, 95, 1, 0,
		    "release-blocker", blockers, 2, 5, 5, NULL },
	};
	struct quality_gates g;
	struct quality_summary s;
	struct quality_commit c;
	struct gate_result r;
	size_t i, j, failed;
	int reason_ok;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		commit_make(&c, cases[i].specs, cases[i].n, cases[i].sec_read,
		    cases[i].code, cases[i].dep);
		quality_summarize(rules, &c, &s);
		quality_gates_default(&g, "x");
		g.min_coverage = cases[i].min_cov;
		g.min_score = cases[i].min_score;
		g.checks = cases[i].checks;
		g.max_security = cases[i].max_sec;
		g.no_open_issues_labelled = cases[i].label != NULL ?
		    xstrdup(cases[i].label) : NULL;
		g.set_by_user = QUALITY_GATE_SCORE;
		failed = quality_gates_eval(&g, &c, &s, cases[i].labels,
		    cases[i].nlabels, &r);
		reason_ok = cases[i].reason == NULL;
		for (j = 0; !reason_ok && j < r.n; j++)
			reason_ok = strcmp(r.v[j].reason, cases[i].reason) == 0;
		ok(r.n == cases[i].ngates && failed == cases[i].failed &&
		    r.failed == failed && reason_ok, "gate: %s (%zu gates, %zu "
		    "failed: %s)", cases[i].what, r.n, failed, r.n > 0 ?
		    r.v[0].reason : "-");
		if (cases[i].min_score >= 0)
			ok((r.failed_by_user != 0) == (failed > 0),
			    "  failed_by_user says whether the user's gate "
			    "failed");
		quality_gates_done(&g);
		quality_commit_free(&c);
	}
	ok(quality_gates_eval(NULL, &c, &s, NULL, 0, &r) == 0 && r.n == 0,
	    "no gates: nothing evaluated");
}

static void
test_defaults(void)
{
	static const struct {
		const char	*env;
		int		 cov;
	} cases[] = {
		{ "production", 95 }, { "staging", 80 }, { "dev", -1 },
		{ "Production", -1 }, { "", -1 }, { NULL, -1 },
	};
	struct quality_gates g;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		quality_gates_default(&g, cases[i].env);
		ok(g.min_coverage == cases[i].cov && g.min_score ==
		    QUALITY_GATE_OFF && g.max_security == QUALITY_GATE_OFF &&
		    g.checks == QUALITY_CHECKS_ANY &&
		    g.no_open_issues_labelled == NULL && !g.configured,
		    "defaults of '%s': min-coverage %d, nothing else",
		    cases[i].env != NULL ? cases[i].env : "(null)",
		    cases[i].cov);
		quality_gates_done(&g);
	}
}

static void
test_break_glass(void)
{
	static const struct {
		const char	*reason;
		int		 ok;
	} cases[] = {
		{ NULL, 0 }, { "", 0 }, { "        ", 0 }, { "fix", 0 },
		{ "a b c d e f g", 0 }, { "\t\n\r\x1b\x1b\x1b", 0 },
		{ "hotfix for INC-42", 1 }, { "  outage!!  ", 1 },
	};
	struct gate_result r;
	char text[256];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ok(quality_break_glass_ok(cases[i].reason) == (cases[i].ok != 0),
		    "break-glass reason '%s': %s", cases[i].reason != NULL ?
		    cases[i].reason : "(null)", cases[i].ok ? "accepted" :
		    "refused");
	memset(&r, 0, sizeof r);
	r.n = 2;
	r.v[0].name = "min-coverage";
	r.v[0].pass = false;
	snprintf(r.v[0].reason, sizeof r.v[0].reason, "no coverage reported");
	r.v[1].name = "checks";
	r.v[1].pass = true;
	snprintf(r.v[1].reason, sizeof r.v[1].reason, "3 passed");
	quality_gates_text(&r, text, sizeof text);
	is_str(text, "min-coverage: no coverage reported",
	    "the failed gates as one line for the journal");
}

static void
test_history(void)
{
	struct quality_history h;
	struct quality_point p;
	const struct quality_point *g;
	double v[4] = { 0, 50, 100, 75 };
	bool known[4] = { true, true, true, false };
	char line[64];
	int i;

	memset(&h, 0, sizeof h);
	for (i = 0; i < QUALITY_HISTORY + 10; i++) {
		memset(&p, 0, sizeof p);
		snprintf(p.sha, sizeof p.sha, "%040d", i);
		p.score_known = true;
		p.score = i;
		p.green = i % 3 == 0;
		quality_history_add(&h, &p);
	}
	ok(h.n == QUALITY_HISTORY && h.v[0].score == 10 &&
	    h.v[QUALITY_HISTORY - 1].score == QUALITY_HISTORY + 9,
	    "the ring keeps the newest %d, oldest first", QUALITY_HISTORY);
	p.score = 999;
	quality_history_add(&h, &p);
	ok(h.n == QUALITY_HISTORY && h.v[QUALITY_HISTORY - 1].score == 999,
	    "the same SHA again replaces the newest point");
	g = quality_history_last_green(&h, h.v[QUALITY_HISTORY - 1].sha);
	ok(g != NULL && g->score == 72, "the last green commit before the "
	    "newest (%d)", g != NULL ? g->score : -1);
	memset(&h, 0, sizeof h);
	ok(quality_history_last_green(&h, NULL) == NULL, "none in an empty "
	    "history");
	quality_sparkline(v, known, 4, 0, 100, true, line, sizeof line);
	is_str(line, "_-^ ", "ASCII sparkline: low, middle, high, unknown");
	quality_sparkline(v, known, 4, 0, 100, false, line, sizeof line);
	is_str(line, "\xe2\x96\x81\xe2\x96\x85\xe2\x96\x88 ",
	    "UTF-8 sparkline: block heights");
	quality_sparkline(v, known, 4, 0, 100, false, line, 5);
	is_str(line, "\xe2\x96\x81", "a short buffer cuts at a whole cell");
}

int
main(void)
{
	char *cause = NULL;

	rules = quality_rules_new(NULL, NULL, NULL, NULL, NULL, NULL, &cause);
	if (!ok(rules != NULL, "built-in patterns compile (%s)",
	    cause != NULL ? cause : ""))
		return tap_done();
	test_coverage();
	test_states();
	test_score();
	test_formula_configured();
	test_gates();
	test_defaults();
	test_break_glass();
	test_history();
	quality_rules_free(&rules);
	return tap_done();
}
