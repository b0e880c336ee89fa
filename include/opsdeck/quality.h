/* quality: is a commit fit to ship? The model of the quality pane and of
 * the gates the deploy and approval dialogs show (pure: no I/O, no
 * globals, any thread).
 *
 * A struct quality_commit holds what GitHub says about one commit (the
 * default branch head, an open pull request's head, a deployed SHA): its
 * check runs and commit statuses, the annotations of its check runs, and
 * the security alerts of its ref. From it come the figures read by PCRE2
 * patterns (coverage), the score (100 - 2/lint issue - 5/overly complex
 * function - 10/security issue - 10 if duplication was reported, every
 * weight and what counts for each term configurable), and the result of an
 * environment's gates. Unknown is never a pass: a gate on a figure nobody
 * reported fails, saying so.
 *
 * Ownership: quality_commit_free frees everything a commit holds; a
 * struct quality_rules is made once from the config (quality_rules_new)
 * and is read-only afterwards, so workers share it (each matching call
 * makes its own match data). */
#ifndef OPSDECK_QUALITY_H
#define OPSDECK_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct conf;
struct conf_patterns;

enum quality_state {
	QUALITY_PASSED,		/* success (a check run's neutral too) */
	QUALITY_FAILED,		/* failure, error, timed_out, cancelled,
				 * action_required, startup_failure, stale */
	QUALITY_PENDING,	/* queued, in progress, waiting, pending */
	QUALITY_SKIPPED,	/* skipped */
	QUALITY_NSTATES
};

enum quality_level {		/* check-run annotation levels */
	QUALITY_NOTICE,
	QUALITY_WARNING,
	QUALITY_FAILURE,
	QUALITY_NLEVELS
};

enum quality_sev {		/* alert severities */
	QUALITY_SEV_LOW,
	QUALITY_SEV_MEDIUM,
	QUALITY_SEV_HIGH,
	QUALITY_SEV_CRITICAL,
	QUALITY_NSEVS
};

enum quality_access {
	QUALITY_NOT_READ,	/* not asked (not this commit's ref) */
	QUALITY_READ,		/* counts are true */
	QUALITY_NO_ACCESS,	/* 403 or 404: not enabled, or no permission */
	QUALITY_ERROR		/* the request failed: counts unknown */
};

/* One annotation of a check run (what the score terms look at). */
struct quality_annotation {
	enum quality_level level;
	char	*title;		/* may be NULL */
	char	*message;	/* may be NULL */
	char	*path;		/* may be NULL */
};

/* A check run or a commit status. */
struct quality_check {
	char	*name;		/* check run name, or status context */
	bool	 is_status;
	enum quality_state state;
	int64_t	 id;		/* check run id; 0 for a status */
	char	*title;		/* check run output.title; NULL */
	char	*summary;	/* output.summary, or a status' description */
	int	 annotations_count; /* output.annotations_count */
	struct quality_annotation *ann;	/* those fetched; NULL */
	size_t	 nann;
	bool	 ann_read;	/* ann holds all of them (else counts only) */
};

struct quality_alerts {
	enum quality_access access;
	int	 sev[QUALITY_NSEVS];	/* open alerts by severity */
	char	*error;		/* QUALITY_ERROR: why */
};

enum quality_kind {
	QUALITY_DEFAULT,	/* the default branch's head */
	QUALITY_PULL,		/* an open pull request's head */
	QUALITY_DEPLOYED	/* what an environment runs */
};

struct quality_commit {
	char	*sha;
	char	*label;		/* "main", "#12 topic", "production" */
	enum quality_kind kind;
	struct quality_check *checks;
	size_t	 nchecks;
	bool	 checks_read;	/* checks and statuses both answered */
	char	*error;		/* a checks request failed: why; NULL */
	struct quality_alerts code_scanning;
	struct quality_alerts dependabot;
};

/* The score's parts, from quality_score. */
struct quality_score {
	bool	 known;		/* false: no check or status reported */
	int	 score;		/* 0..100 (never below 0) */
	int	 lint, complex, security;	/* issues counted */
	bool	 duplication;
	int	 lint_pts, complex_pts, security_pts, duplication_pts;
};

/* What a commit's figures add up to (quality_summarize). */
struct quality_summary {
	int	 states[QUALITY_NSTATES];	/* checks and statuses */
	int	 levels[QUALITY_NLEVELS];	/* annotations (counted) */
	bool	 coverage_known;
	double	 coverage;			/* percent */
	int	 alerts[QUALITY_NSEVS];		/* code scanning + Dependabot */
	bool	 alerts_known;			/* at least one was read */
	struct quality_score score;
	bool	 green;		/* known, every check passed or skipped,
				 * none pending, at least one */
};

/* --- rules: patterns and the formula ------------------------------------ */

/* The configurable part: [quality] keys (quality_conf_table in
 * sources/quality.c). Pattern lists are added to the built-in ones. */
struct quality_formula {
	int	 lint_weight, complex_weight, security_weight;
	int	 duplication_penalty;
};

struct quality_rules;

/* The built-in patterns (quality_default_*), then the extra ones. NULL with
 * *cause (malloc'd, naming the pattern) if one does not compile or has no
 * capture group (coverage). Any argument may be NULL (none extra). */
struct quality_rules *quality_rules_new(const struct quality_formula *,
		    const struct conf_patterns *coverage,
		    const struct conf_patterns *lint,
		    const struct conf_patterns *complex,
		    const struct conf_patterns *security,
		    const struct conf_patterns *duplication, char **cause);
void		 quality_rules_free(struct quality_rules **);

/* The first coverage figure the patterns find in text (group 1, a number
 * from 0 to 100). 1 found, 0 none. */
int		 quality_coverage_in(const struct quality_rules *,
		    const char *text, double *pct);
/* The commit's figures. */
void		 quality_summarize(const struct quality_rules *,
		    const struct quality_commit *, struct quality_summary *);

/* --- gates ------------------------------------------------------------- */

#define QUALITY_GATE_OFF	(-1)

enum quality_checks_gate {
	QUALITY_CHECKS_ANY,	/* no gate */
	QUALITY_CHECKS_REQUIRED	/* every check and status passed (or was
				 * skipped), none pending, at least one */
};

/* An environment's gates ([environment "NAME"] keys). Off is
 * QUALITY_GATE_OFF (or NULL); set_by_user says which the user's file set
 * (--once's exit status counts only those). */
struct quality_gates {
	char	*env;		/* the environment's name */
	int	 min_coverage;	/* percent, 0..100 */
	int	 min_score;	/* 0..100 */
	int	 checks;	/* enum quality_checks_gate */
	int	 max_security;	/* open alerts, >= 0 */
	char	*no_open_issues_labelled;	/* a label */
	bool	 configured;	/* a section in a config file names it */
	unsigned set_by_user;	/* QUALITY_GATE_* bits */
};

#define QUALITY_GATE_COVERAGE	0x01
#define QUALITY_GATE_SCORE	0x02
#define QUALITY_GATE_CHECKS	0x04
#define QUALITY_GATE_SECURITY	0x08
#define QUALITY_GATE_ISSUES	0x10
#define QUALITY_NGATES		5

struct quality_gate_line {
	unsigned gate;		/* QUALITY_GATE_* */
	const char *name;	/* "min-coverage" */
	bool	 pass;
	char	 reason[160];	/* "coverage 72.4% < 80%", "no coverage
				 * reported" */
};

struct gate_result {
	struct quality_gate_line v[QUALITY_NGATES];
	size_t	 n;		/* gates in effect */
	size_t	 failed;
	unsigned failed_by_user; /* bits of failed gates the user set */
};

/* The open issues with a label, per repository (for
 * no-open-issues-labelled); -1 = unknown. */
struct quality_label_count {
	char	*label;
	int	 open;
};

/* Evaluates the gates in effect on c (with s from quality_summarize and
 * the repository's label counts, which may be NULL). Returns out->failed;
 * 0 with out->n == 0 means no gate applies. */
size_t		 quality_gates_eval(const struct quality_gates *,
		    const struct quality_commit *c,
		    const struct quality_summary *s,
		    const struct quality_label_count *labels, size_t nlabels,
		    struct gate_result *out);

/* The defaults of an environment that no config names: min-coverage 80 for
 * "staging", 95 for "production", nothing else. */
void		 quality_gates_default(struct quality_gates *, const char *env);
void		 quality_gates_done(struct quality_gates *);

/* Break-glass: a failing gate blocks a deploy or an approval unless the
 * user types a reason. The reason the dialog took is acceptable when it
 * has at least QUALITY_BREAK_GLASS_MIN characters that are not blank;
 * the caller journals it (journal_intent's reason) with the gates that
 * failed (quality_gates_text). */
#define QUALITY_BREAK_GLASS_MIN	8
bool		 quality_break_glass_ok(const char *reason);
/* "min-coverage: no coverage reported; min-score: 72 < 90" into dst. */
void		 quality_gates_text(const struct gate_result *, char *dst,
		    size_t size);

/* --- commits and history ------------------------------------------------ */

void		 quality_commit_free(struct quality_commit *);	/* contents */
const char	*quality_state_name(enum quality_state);
const char	*quality_level_name(enum quality_level);
const char	*quality_sev_name(enum quality_sev);
/* A check run's status + conclusion, or a commit status' state. */
enum quality_state quality_state_of_run(const char *status,
		    const char *conclusion);
enum quality_state quality_state_of_status(const char *state);

/* The default branch's score and coverage over time, bounded. */
#define QUALITY_HISTORY	64
struct quality_point {
	char	 sha[41];
	time_t	 at;
	bool	 score_known, coverage_known, green;
	int	 score;
	double	 coverage;
};
struct quality_history {
	struct quality_point v[QUALITY_HISTORY];	/* oldest first */
	size_t	 n;
};
/* Adds p unless the newest point has the same SHA (then replaces it); the
 * oldest point goes when full. */
void		 quality_history_add(struct quality_history *,
		    const struct quality_point *p);
/* The newest green point other than sha; NULL if none. */
const struct quality_point *quality_history_last_green(
		    const struct quality_history *, const char *sha);
/* A sparkline of n values scaled to [lo, hi] into dst: UTF-8 block
 * characters, or with ascii "_.-=^" ; a point without a value is a
 * space. */
void		 quality_sparkline(const double *v, const bool *known,
		    size_t n, double lo, double hi, bool ascii, char *dst,
		    size_t size);

/* --- what the source publishes (STORE_QUALITY, key "owner/name") ------ */

/* The gates of one environment on one commit. */
struct quality_env_result {
	char		*env;
	bool		 configured;	/* a config section names it */
	unsigned	 set_by_user;	/* QUALITY_GATE_* the user set */
	struct gate_result r;
};

struct quality_entry {
	struct quality_commit	 c;
	struct quality_summary	 s;
	bool			 delta_known;	/* vs the last green commit */
	int			 delta;		/* score - its score */
	char			 green_sha[41];	/* that commit; "" if none */
	struct quality_env_result *gates;
	size_t			 ngates;
};

struct quality_repo {
	char			*slug;
	char			*branch;	/* default branch; NULL */
	struct quality_entry	*v;		/* default head, pulls, ... */
	size_t			 n;
	struct quality_label_count *labels;
	size_t			 nlabels;
	struct quality_history	 history;	/* the default branch's */
	bool			 deployed_read;	/* deployed SHAs were known */
	bool			 stale;
	char			*error;		/* why stale; NULL */
	time_t			 fetched_at;
};

void		 quality_repo_free(struct quality_repo *);	/* and it */
/* The entry of a commit (full SHA); NULL if not shown. */
const struct quality_entry *quality_repo_find(const struct quality_repo *,
		    const char *sha);
/* The gates of env on e; NULL if env is not among them. */
const struct quality_env_result *quality_entry_gates(
		    const struct quality_entry *, const char *env);

#endif
