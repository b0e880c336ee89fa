/* quality: the figures, score and gates of a commit (pure). The built-in
 * patterns read the wording of the common coverage services and reporters;
 * the configured ones are added after them. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/conf.h"
#include "opsdeck/quality.h"
#include "opsdeck/rx.h"
#include "opsdeck/xalloc.h"

/* Group 1 is the percentage. Tried in order; the first that finds a
 * figure in a text wins. */
static const char *const default_coverage[] = {
	/* Coveralls: "Coverage increased (+0.2%) to 85.23%", "Coverage
	 * remained the same at 85.23%". */
	"\\bcoverage (?:increased|decreased) \\([+-]?[0-9.]+%\\) to "
	    "([0-9]{1,3}(?:\\.[0-9]+)?)%",
	"\\bcoverage remained the same at ([0-9]{1,3}(?:\\.[0-9]+)?)%",
	/* Codecov's project status: "85.23% (+0.12%) compared to 1a2b3c4"
	 * (its patch status, "90.00% of diff hit", is not the project's). */
	"^([0-9]{1,3}(?:\\.[0-9]+)?)% \\([+-]?[0-9.]+%\\) compared to",
	/* "Coverage: 85.23%", "Line coverage 85 %", "coverage is 85.2%",
	 * "Code Coverage - 85%". */
	"\\bcoverage\\b[^0-9%\\n]{0,24}?([0-9]{1,3}(?:\\.[0-9]+)?) ?%",
	/* "85.23% coverage", "85% code coverage". */
	"([0-9]{1,3}(?:\\.[0-9]+)?) ?% (?:line |code |test |statement )?"
	    "coverage\\b",
	/* coverage.py's report: "TOTAL   120   18   85%". */
	"^TOTAL(?:\\s+[0-9]+){2,4}\\s+([0-9]{1,3}(?:\\.[0-9]+)?)%",
	NULL
};
/* Matched against "CHECK\nTITLE\nMESSAGE" of an annotation (and a check's
 * name, title and summary for duplication). */
static const char *const default_lint[] = {
	"\\b(?:e?lint(?:er|ing)?|eslint|flake8|pylint|ruff|rubocop|clippy|"
	    "golangci|shellcheck|stylelint|checkstyle|cppcheck|clang-tidy)\\b",
	NULL
};
static const char *const default_complex[] = {
	"\\b(?:too complex|complexity|cyclomatic|cognitive complexity|"
	    "gocyclo|radon|lizard)\\b",
	NULL
};
static const char *const default_security[] = {
	"\\b(?:security|vulnerab\\w*|cve-[0-9]+|cwe-[0-9]+|injection|xss|"
	    "bandit|gosec|brakeman|semgrep|codeql)\\b",
	NULL
};
static const char *const default_duplication[] = {
	"\\b(?:duplicat\\w*|copy[- ]paste\\w*|cpd|jscpd|clone detect\\w*)\\b",
	NULL
};

struct rx_list {
	struct rx	**v;
	size_t		  n;
};

struct quality_rules {
	struct quality_formula f;
	struct rx_list	coverage, lint, complex, security, duplication;
};

static void
list_free(struct rx_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		rx_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int
list_add(struct rx_list *l, const char *pattern, const char *what,
    int need_group, char **cause)
{
	struct rx *rx;
	char *why = NULL;

	if ((rx = rx_new(pattern, RX_CASELESS | RX_MULTILINE, &why)) == NULL) {
		*cause = xasprintf("%s pattern '%s': %s", what, pattern,
		    why != NULL ? why : "invalid");
		free(why);
		return -1;
	}
	if (need_group && rx_groups(rx) < 1) {
		rx_free(&rx);
		*cause = xasprintf("%s pattern '%s': needs a group "
		    "capturing the percentage, e.g. 'Coverage: ([0-9.]+)%%'",
		    what, pattern);
		return -1;
	}
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = rx;
	return 0;
}

static int
list_make(struct rx_list *l, const char *const *dflt,
    const struct conf_patterns *extra, const char *what, int need_group,
    char **cause)
{
	size_t i;

	for (i = 0; dflt[i] != NULL; i++) {
		if (list_add(l, dflt[i], what, need_group, cause) != 0)
			return -1;
	}
	for (i = 0; extra != NULL && i < extra->n; i++) {
		if (list_add(l, extra->v[i], what, need_group, cause) != 0)
			return -1;
	}
	return 0;
}

struct quality_rules *
quality_rules_new(const struct quality_formula *f,
    const struct conf_patterns *coverage, const struct conf_patterns *lint,
    const struct conf_patterns *complex, const struct conf_patterns *security,
    const struct conf_patterns *duplication, char **cause)
{
	struct quality_rules *r = xcalloc(1, sizeof *r);

	if (f != NULL)
		r->f = *f;
	else {
		r->f.lint_weight = 2;
		r->f.complex_weight = 5;
		r->f.security_weight = 10;
		r->f.duplication_penalty = 10;
	}
	if (list_make(&r->coverage, default_coverage, coverage, "coverage", 1,
	    cause) != 0 ||
	    list_make(&r->lint, default_lint, lint, "lint", 0, cause) != 0 ||
	    list_make(&r->complex, default_complex, complex, "complex", 0,
	    cause) != 0 ||
	    list_make(&r->security, default_security, security, "security", 0,
	    cause) != 0 ||
	    list_make(&r->duplication, default_duplication, duplication,
	    "duplication", 0, cause) != 0) {
		quality_rules_free(&r);
		return NULL;
	}
	return r;
}

void
quality_rules_free(struct quality_rules **rp)
{
	struct quality_rules *r;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	list_free(&r->coverage);
	list_free(&r->lint);
	list_free(&r->complex);
	list_free(&r->security);
	list_free(&r->duplication);
	free(r);
	*rp = NULL;
}

static int
list_match(const struct rx_list *l, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < l->n; i++) {
		if (rx_test(l->v[i], s))
			return 1;
	}
	return 0;
}

int
quality_coverage_in(const struct quality_rules *r, const char *text,
    double *pct)
{
	struct rx_match *m;
	size_t i, so, eo;
	char num[32], *end;
	double v;
	int found = 0;

	if (text == NULL)
		return 0;
	for (i = 0; !found && i < r->coverage.n; i++) {
		if ((m = rx_match_new(r->coverage.v[i])) == NULL)
			continue;
		if (rx_exec(r->coverage.v[i], m, text, strlen(text), 0, NULL,
		    NULL) == 1 && rx_group(m, 1, &so, &eo) && eo - so > 0 &&
		    eo - so < sizeof num) {
			memcpy(num, text + so, eo - so);
			num[eo - so] = '\0';
			v = strtod(num, &end);
			if (*end == '\0' && v >= 0 && v <= 100) {
				*pct = v;
				found = 1;
			}
		}
		rx_match_free(&m);
	}
	return found;
}

/* --- states --- */

enum quality_state
quality_state_of_run(const char *status, const char *conclusion)
{
	static const char *const failed[] = { "failure", "timed_out",
	    "cancelled", "action_required", "startup_failure", "stale",
	    NULL };
	size_t i;

	if (status == NULL || strcmp(status, "completed") != 0 ||
	    conclusion == NULL)
		return QUALITY_PENDING;
	if (strcmp(conclusion, "success") == 0 ||
	    strcmp(conclusion, "neutral") == 0)
		return QUALITY_PASSED;
	if (strcmp(conclusion, "skipped") == 0)
		return QUALITY_SKIPPED;
	for (i = 0; failed[i] != NULL; i++) {
		if (strcmp(conclusion, failed[i]) == 0)
			return QUALITY_FAILED;
	}
	return QUALITY_FAILED;	/* a conclusion not known: not a pass */
}

enum quality_state
quality_state_of_status(const char *state)
{
	if (state == NULL)
		return QUALITY_PENDING;
	if (strcmp(state, "success") == 0)
		return QUALITY_PASSED;
	if (strcmp(state, "pending") == 0)
		return QUALITY_PENDING;
	return QUALITY_FAILED;	/* failure, error, anything else */
}

const char *
quality_state_name(enum quality_state s)
{
	static const char *const n[] = { "passed", "failed", "pending",
	    "skipped" };

	return s < QUALITY_NSTATES ? n[s] : "?";
}

const char *
quality_level_name(enum quality_level l)
{
	static const char *const n[] = { "notice", "warning", "failure" };

	return l < QUALITY_NLEVELS ? n[l] : "?";
}

const char *
quality_sev_name(enum quality_sev s)
{
	static const char *const n[] = { "low", "medium", "high", "critical" };

	return s < QUALITY_NSEVS ? n[s] : "?";
}

/* --- the summary and the score --- */

/* Which term an annotation counts for: security, complexity, duplication
 * and lint are tried in that order, and it counts once. Notices count for
 * nothing (they are information, not issues). */
enum term { T_NONE, T_LINT, T_COMPLEX, T_SECURITY, T_DUP };

static enum term
term_of(const struct quality_rules *r, const char *subject)
{
	if (list_match(&r->security, subject))
		return T_SECURITY;
	if (list_match(&r->complex, subject))
		return T_COMPLEX;
	if (list_match(&r->duplication, subject))
		return T_DUP;
	if (list_match(&r->lint, subject))
		return T_LINT;
	return T_NONE;
}

static void
count_term(struct quality_score *sc, enum term t, int n)
{
	if (t == T_LINT)
		sc->lint += n;
	else if (t == T_COMPLEX)
		sc->complex += n;
	else if (t == T_SECURITY)
		sc->security += n;
	else if (t == T_DUP && n > 0)
		sc->duplication = true;
}

static void
check_terms(const struct quality_rules *r, const struct quality_check *ck,
    struct quality_summary *s)
{
	const struct quality_annotation *a;
	char *subject;
	size_t i;

	subject = xasprintf("%s\n%s\n%s", ck->name != NULL ? ck->name : "",
	    ck->title != NULL ? ck->title : "", ck->summary != NULL ?
	    ck->summary : "");
	/* Duplication is reported as a finding, not always an annotation:
	 * a check or status that fails saying so counts. */
	if (ck->state == QUALITY_FAILED && list_match(&r->duplication,
	    subject))
		s->score.duplication = true;
	if (!ck->ann_read) {
		/* Counts only: the check's own name decides the term. */
		if (ck->annotations_count > 0)
			count_term(&s->score, term_of(r, subject),
			    ck->annotations_count);
		free(subject);
		return;
	}
	free(subject);
	for (i = 0; i < ck->nann; i++) {
		a = &ck->ann[i];
		if (a->level == QUALITY_NOTICE)
			continue;
		subject = xasprintf("%s\n%s\n%s", ck->name != NULL ?
		    ck->name : "", a->title != NULL ? a->title : "",
		    a->message != NULL ? a->message : "");
		count_term(&s->score, term_of(r, subject), 1);
		free(subject);
	}
}

static int
points(int n, int weight)
{
	long long p = (long long)n * weight;

	return p > 100000 ? 100000 : (int)p;
}

void
quality_summarize(const struct quality_rules *r,
    const struct quality_commit *c, struct quality_summary *s)
{
	const struct quality_check *ck;
	struct quality_score *sc = &s->score;
	const struct quality_alerts *al[2] = { &c->code_scanning,
	    &c->dependabot };
	double pct;
	long long score;
	size_t i, j;

	memset(s, 0, sizeof *s);
	for (i = 0; i < c->nchecks; i++) {
		ck = &c->checks[i];
		s->states[ck->state]++;
		if (ck->ann_read) {
			for (j = 0; j < ck->nann; j++)
				s->levels[ck->ann[j].level]++;
		}
		if (!s->coverage_known && (quality_coverage_in(r, ck->title,
		    &pct) || quality_coverage_in(r, ck->summary, &pct))) {
			s->coverage = pct;
			s->coverage_known = true;
		}
		check_terms(r, ck, s);
	}
	for (i = 0; i < 2; i++) {
		if (al[i]->access != QUALITY_READ)
			continue;
		s->alerts_known = true;
		for (j = 0; j < QUALITY_NSEVS; j++) {
			s->alerts[j] += al[i]->sev[j];
			sc->security += al[i]->sev[j];
		}
	}
	/* Half the answers (statuses without the check runs) would score a
	 * commit on what happened to arrive: unknown instead. */
	sc->known = c->checks_read && c->nchecks > 0;
	sc->lint_pts = points(sc->lint, r->f.lint_weight);
	sc->complex_pts = points(sc->complex, r->f.complex_weight);
	sc->security_pts = points(sc->security, r->f.security_weight);
	sc->duplication_pts = sc->duplication ? r->f.duplication_penalty : 0;
	score = 100LL - sc->lint_pts - sc->complex_pts - sc->security_pts -
	    sc->duplication_pts;
	sc->score = score < 0 ? 0 : (int)score;
	s->green = sc->known && s->states[QUALITY_FAILED] == 0 &&
	    s->states[QUALITY_PENDING] == 0;
}

/* --- gates --- */

void
quality_gates_default(struct quality_gates *g, const char *env)
{
	memset(g, 0, sizeof *g);
	g->env = xstrdup(env != NULL ? env : "");
	g->min_coverage = QUALITY_GATE_OFF;
	g->min_score = QUALITY_GATE_OFF;
	g->checks = QUALITY_CHECKS_ANY;
	g->max_security = QUALITY_GATE_OFF;
	if (env != NULL && strcmp(env, "production") == 0)
		g->min_coverage = 95;
	else if (env != NULL && strcmp(env, "staging") == 0)
		g->min_coverage = 80;
}

void
quality_gates_done(struct quality_gates *g)
{
	free(g->env);
	free(g->no_open_issues_labelled);
	memset(g, 0, sizeof *g);
}

static struct quality_gate_line *
gate_line(struct gate_result *out, const struct quality_gates *g,
    unsigned gate, const char *name)
{
	struct quality_gate_line *l = &out->v[out->n++];

	l->gate = gate;
	l->name = name;
	l->pass = false;
	(void)g;
	return l;
}

static void
gate_coverage(const struct quality_gates *g, const struct quality_summary *s,
    struct gate_result *out)
{
	struct quality_gate_line *l = gate_line(out, g, QUALITY_GATE_COVERAGE,
	    "min-coverage");

	if (!s->coverage_known)
		snprintf(l->reason, sizeof l->reason, "no coverage reported "
		    "(needs %d%%)", g->min_coverage);
	else if (s->coverage + 1e-9 < g->min_coverage)
		snprintf(l->reason, sizeof l->reason, "coverage %.2f%% < %d%%",
		    s->coverage, g->min_coverage);
	else {
		l->pass = true;
		snprintf(l->reason, sizeof l->reason, "coverage %.2f%% >= "
		    "%d%%", s->coverage, g->min_coverage);
	}
}

static void
gate_score(const struct quality_gates *g, const struct quality_summary *s,
    struct gate_result *out)
{
	struct quality_gate_line *l = gate_line(out, g, QUALITY_GATE_SCORE,
	    "min-score");

	if (!s->score.known)
		snprintf(l->reason, sizeof l->reason, "no score: no check or "
		    "status reported (needs %d)", g->min_score);
	else if (s->score.score < g->min_score)
		snprintf(l->reason, sizeof l->reason, "score %d < %d",
		    s->score.score, g->min_score);
	else {
		l->pass = true;
		snprintf(l->reason, sizeof l->reason, "score %d >= %d",
		    s->score.score, g->min_score);
	}
}

static void
gate_checks(const struct quality_gates *g, const struct quality_commit *c,
    const struct quality_summary *s, struct gate_result *out)
{
	struct quality_gate_line *l = gate_line(out, g, QUALITY_GATE_CHECKS,
	    "checks");
	const char *first = NULL;
	size_t i;

	for (i = 0; i < c->nchecks; i++) {
		if (c->checks[i].state == QUALITY_FAILED) {
			first = c->checks[i].name;
			break;
		}
	}
	if (!c->checks_read)
		snprintf(l->reason, sizeof l->reason, "checks unknown: %s",
		    c->error != NULL ? c->error : "not read");
	else if (c->nchecks == 0)
		snprintf(l->reason, sizeof l->reason, "no check or status "
		    "reported");
	else if (s->states[QUALITY_FAILED] > 0)
		snprintf(l->reason, sizeof l->reason, "%d failed (%.60s%s)",
		    s->states[QUALITY_FAILED], first != NULL ? first : "?",
		    s->states[QUALITY_FAILED] > 1 ? ", ..." : "");
	else if (s->states[QUALITY_PENDING] > 0)
		snprintf(l->reason, sizeof l->reason, "%d pending",
		    s->states[QUALITY_PENDING]);
	else {
		l->pass = true;
		snprintf(l->reason, sizeof l->reason, "%d passed",
		    s->states[QUALITY_PASSED]);
	}
}

static void
gate_security(const struct quality_gates *g, const struct quality_commit *c,
    const struct quality_summary *s, struct gate_result *out)
{
	struct quality_gate_line *l = gate_line(out, g, QUALITY_GATE_SECURITY,
	    "max-security");
	int n;

	/* Every source of security issues must be readable: an alert list
	 * we may not see could hold anything. */
	if (c->code_scanning.access != QUALITY_READ ||
	    c->dependabot.access != QUALITY_READ) {
		snprintf(l->reason, sizeof l->reason, "security alerts "
		    "unknown (code scanning: %s, Dependabot: %s)",
		    c->code_scanning.access == QUALITY_READ ? "read" :
		    c->code_scanning.access == QUALITY_NO_ACCESS ? "no access" :
		    c->code_scanning.access == QUALITY_ERROR ? "error" :
		    "not read", c->dependabot.access == QUALITY_READ ? "read" :
		    c->dependabot.access == QUALITY_NO_ACCESS ? "no access" :
		    c->dependabot.access == QUALITY_ERROR ? "error" :
		    "not read");
		return;
	}
	n = s->score.security;
	if (n > g->max_security)
		snprintf(l->reason, sizeof l->reason, "%d security issue%s > "
		    "%d", n, n == 1 ? "" : "s", g->max_security);
	else {
		l->pass = true;
		snprintf(l->reason, sizeof l->reason, "%d security issue%s <= "
		    "%d", n, n == 1 ? "" : "s", g->max_security);
	}
}

static void
gate_issues(const struct quality_gates *g,
    const struct quality_label_count *labels, size_t nlabels,
    struct gate_result *out)
{
	struct quality_gate_line *l = gate_line(out, g, QUALITY_GATE_ISSUES,
	    "no-open-issues-labelled");
	const char *want = g->no_open_issues_labelled;
	size_t i;

	for (i = 0; labels != NULL && i < nlabels; i++) {
		if (labels[i].label != NULL &&
		    strcmp(labels[i].label, want) == 0)
			break;
	}
	if (labels == NULL || i == nlabels || labels[i].open < 0)
		snprintf(l->reason, sizeof l->reason, "open issues labelled "
		    "'%.60s' unknown", want);
	else if (labels[i].open > 0)
		snprintf(l->reason, sizeof l->reason, "%d open issue%s "
		    "labelled '%.60s'", labels[i].open, labels[i].open == 1 ?
		    "" : "s", want);
	else {
		l->pass = true;
		snprintf(l->reason, sizeof l->reason, "no open issue labelled "
		    "'%.60s'", want);
	}
}

size_t
quality_gates_eval(const struct quality_gates *g,
    const struct quality_commit *c, const struct quality_summary *s,
    const struct quality_label_count *labels, size_t nlabels,
    struct gate_result *out)
{
	size_t i;

	memset(out, 0, sizeof *out);
	if (g == NULL || c == NULL || s == NULL)
		return 0;
	if (g->min_coverage != QUALITY_GATE_OFF)
		gate_coverage(g, s, out);
	if (g->min_score != QUALITY_GATE_OFF)
		gate_score(g, s, out);
	if (g->checks == QUALITY_CHECKS_REQUIRED)
		gate_checks(g, c, s, out);
	if (g->max_security != QUALITY_GATE_OFF)
		gate_security(g, c, s, out);
	if (g->no_open_issues_labelled != NULL &&
	    *g->no_open_issues_labelled != '\0')
		gate_issues(g, labels, nlabels, out);
	for (i = 0; i < out->n; i++) {
		if (out->v[i].pass)
			continue;
		out->failed++;
		if (g->set_by_user & out->v[i].gate)
			out->failed_by_user |= out->v[i].gate;
	}
	return out->failed;
}

bool
quality_break_glass_ok(const char *reason)
{
	size_t n = 0;

	for (; reason != NULL && *reason != '\0'; reason++) {
		if (!isspace((unsigned char)*reason) &&
		    !iscntrl((unsigned char)*reason))
			n++;
	}
	return n >= QUALITY_BREAK_GLASS_MIN;
}

void
quality_gates_text(const struct gate_result *r, char *dst, size_t size)
{
	size_t i, len;

	if (size == 0)
		return;
	dst[0] = '\0';
	for (i = 0; i < r->n; i++) {
		if (r->v[i].pass)
			continue;
		len = strlen(dst);
		snprintf(dst + len, size - len, "%s%s: %s", len > 0 ? "; " :
		    "", r->v[i].name, r->v[i].reason);
	}
}

/* --- commits and history --- */

void
quality_commit_free(struct quality_commit *c)
{
	size_t i, j;

	if (c == NULL)
		return;
	for (i = 0; i < c->nchecks; i++) {
		free(c->checks[i].name);
		free(c->checks[i].title);
		free(c->checks[i].summary);
		for (j = 0; j < c->checks[i].nann; j++) {
			free(c->checks[i].ann[j].title);
			free(c->checks[i].ann[j].message);
			free(c->checks[i].ann[j].path);
		}
		free(c->checks[i].ann);
	}
	free(c->checks);
	free(c->sha);
	free(c->label);
	free(c->error);
	free(c->code_scanning.error);
	free(c->dependabot.error);
	memset(c, 0, sizeof *c);
}

void
quality_history_add(struct quality_history *h, const struct quality_point *p)
{
	if (h->n > 0 && strcmp(h->v[h->n - 1].sha, p->sha) == 0) {
		h->v[h->n - 1] = *p;
		return;
	}
	if (h->n == QUALITY_HISTORY) {
		memmove(&h->v[0], &h->v[1], (QUALITY_HISTORY - 1) *
		    sizeof h->v[0]);
		h->n--;
	}
	h->v[h->n++] = *p;
}

const struct quality_point *
quality_history_last_green(const struct quality_history *h, const char *sha)
{
	size_t i;

	for (i = h->n; i-- > 0;) {
		if (h->v[i].green && h->v[i].score_known &&
		    (sha == NULL || strcmp(h->v[i].sha, sha) != 0))
			return &h->v[i];
	}
	return NULL;
}

void
quality_sparkline(const double *v, const bool *known, size_t n, double lo,
    double hi, bool ascii, char *dst, size_t size)
{
	static const char *const blocks[] = { "\xe2\x96\x81", "\xe2\x96\x82",
	    "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
	    "\xe2\x96\x87", "\xe2\x96\x88" };
	static const char asc[] = "_.-=^";
	size_t i, len = 0, levels = ascii ? 5 : 8, k, w;
	const char *cell;
	char one[2];
	double x;

	if (size == 0)
		return;
	dst[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!known[i])
			cell = " ";
		else {
			x = hi > lo ? (v[i] - lo) / (hi - lo) : 1.0;
			if (x < 0)
				x = 0;
			if (x > 1)
				x = 1;
			k = (size_t)(x * (double)(levels - 1) + 0.5);
			if (ascii) {
				one[0] = asc[k];
				one[1] = '\0';
				cell = one;
			} else
				cell = blocks[k];
		}
		w = strlen(cell);
		if (len + w + 1 > size)
			break;
		memcpy(dst + len, cell, w + 1);
		len += w;
	}
}

/* --- the published repository --- */

void
quality_repo_free(struct quality_repo *qr)
{
	size_t i, j;

	if (qr == NULL)
		return;
	for (i = 0; i < qr->n; i++) {
		quality_commit_free(&qr->v[i].c);
		for (j = 0; j < qr->v[i].ngates; j++)
			free(qr->v[i].gates[j].env);
		free(qr->v[i].gates);
	}
	free(qr->v);
	for (i = 0; i < qr->nlabels; i++)
		free(qr->labels[i].label);
	free(qr->labels);
	free(qr->slug);
	free(qr->branch);
	free(qr->error);
	free(qr);
}

const struct quality_entry *
quality_repo_find(const struct quality_repo *qr, const char *sha)
{
	size_t i;

	for (i = 0; qr != NULL && sha != NULL && i < qr->n; i++) {
		if (qr->v[i].c.sha != NULL && strcmp(qr->v[i].c.sha, sha) == 0)
			return &qr->v[i];
	}
	return NULL;
}

const struct quality_env_result *
quality_entry_gates(const struct quality_entry *e, const char *env)
{
	size_t i;

	for (i = 0; e != NULL && env != NULL && i < e->ngates; i++) {
		if (strcmp(e->gates[i].env, env) == 0)
			return &e->gates[i];
	}
	return NULL;
}
