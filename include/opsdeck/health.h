/* health: the pure part of health checks. States and their words,
 * thresholds (warn/crit limits on a value), the state machine with flap
 * damping, the bounded history ring behind the sparkline and the
 * after-deploy correlation; and struct health_check, the immutable
 * snapshot the health source publishes to STORE_HEALTH (key: the check's
 * name). No I/O, no globals: any thread. */
#ifndef OPSDECK_HEALTH_H
#define OPSDECK_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* In order of badness for sorting (health_rank): crit, unknown, warn, ok. */
enum health_state {
	HEALTH_OK,
	HEALTH_WARN,
	HEALTH_CRIT,
	HEALTH_UNKNOWN		/* could not evaluate (or not yet) */
};

const char	*health_word(enum health_state);	/* "crit" */
/* A glyph that reads without colour: "✓" "!" "✗" "?" (ASCII "+ ! x ?"). */
const char	*health_glyph(enum health_state, bool ascii);
/* Worse states rank higher: ok 0, warn 1, unknown 2, crit 3. */
int		 health_rank(enum health_state);
enum health_state health_worst(enum health_state, enum health_state);

/* One limit: "2s", "500ms", "0.9", "> 100", "< 0.99" (below is bad). */
struct health_limit {
	bool	 set;
	bool	 below;		/* the value is bad when under v */
	bool	 strict;	/* "<" or ">": v itself is not bad */
	double	 v;
};

/* Parses s into *l. time: the value is a duration in milliseconds
 * (units ms, s, m; a bare number is seconds); else a plain number, which
 * may be +Inf/-Inf. 0 ok, -1 with *why (static text). */
int		 health_limit_parse(const char *s, bool time,
		    struct health_limit *l, const char **why);
/* The state of value v under warn and crit: crit when it reaches crit
 * (v >= crit for a bare number, v > crit for "> N", v < crit for "< N",
 * v <= crit for "<= N"), else warn when it reaches warn, else ok. NaN is
 * unknown. */
enum health_state health_eval(double v, const struct health_limit *warn,
		    const struct health_limit *crit);

/* The state machine of one check. A first result is taken at once; after
 * that a new state is shown once it has been seen `confirm` times in a
 * row (flap damping: one bad answer in a good run, or one good answer in
 * an outage, changes nothing). A check whose raw state changed at least
 * HEALTH_FLAP_CHANGES times over the last HEALTH_FLAP_WINDOW results is
 * flapping. */
#define HEALTH_FLAP_WINDOW	10
#define HEALTH_FLAP_CHANGES	4

struct health_damp {
	enum health_state shown;
	enum health_state pending;	/* the raw state being confirmed */
	int		 count;		/* times in a row pending was seen */
	time_t		 since;		/* when shown became what it is */
	bool		 started;
	unsigned	 raw_bits;	/* last raw states' change bits */
	int		 nraw;
	enum health_state last_raw;
};

void		 health_damp_init(struct health_damp *);
/* Feeds one raw result at time now; returns true when the shown state
 * changed. confirm < 1 counts as 1. */
bool		 health_damp_feed(struct health_damp *, enum health_state raw,
		    int confirm, time_t now);
bool		 health_damp_flapping(const struct health_damp *);

/* The bounded history of one check: the last HEALTH_HIST results (value,
 * raw state, time) and the last HEALTH_TRANS changes of the shown state. */
#define HEALTH_HIST	60
#define HEALTH_TRANS	32

struct health_point {
	time_t		 at;
	double		 value;		/* NaN when none */
	enum health_state state;
};

struct health_transition {
	time_t		 at;
	enum health_state from, to;
};

struct health_ring {
	struct health_point	 p[HEALTH_HIST];
	size_t			 head, n;	/* p[head] is the oldest */
	struct health_transition t[HEALTH_TRANS];
	size_t			 thead, tn;
};

void		 health_ring_push(struct health_ring *, time_t at, double v,
		    enum health_state);
void		 health_ring_transition(struct health_ring *, time_t at,
		    enum health_state from, enum health_state to);
/* Copies the points (oldest first) into dst (room for HEALTH_HIST);
 * returns how many. Likewise the transitions (room for HEALTH_TRANS). */
size_t		 health_ring_points(const struct health_ring *,
		    struct health_point *dst);
size_t		 health_ring_transitions(const struct health_ring *,
		    struct health_transition *dst);

/* Sparkline levels of the last width points (oldest first): 0..7 scaled
 * between the smallest and largest value shown, -1 for a point with no
 * value. Returns how many levels were written (at most width). */
size_t		 health_spark(const struct health_point *, size_t n,
		    int *levels, size_t width);

/* After a deploy: did the check go bad within the window? */
enum health_after {
	HEALTH_AFTER_NONE,	/* no deploy to compare with */
	HEALTH_AFTER_WATCHING,	/* inside the window, fine so far */
	HEALTH_AFTER_CLEAN,	/* the window passed and it stayed fine */
	HEALTH_AFTER_BAD,	/* went bad inside the window */
	HEALTH_AFTER_ALREADY	/* it was bad when the deploy landed */
};

struct health_verdict {
	enum health_after	 after;
	enum health_state	 state;	/* BAD: the state it went to */
	time_t			 at;	/* BAD: when */
	long			 after_s; /* BAD: seconds after the deploy */
};

/* The check's shown-state changes tr (oldest first), its shown state now,
 * the deploy's time, the window (seconds). "Bad" is warn or crit (an
 * unknown is not the deploy's fault). The state at the deploy is the
 * last transition at or before it (else, with none before it, the first
 * transition's from, else the current state). */
struct health_verdict health_after_deploy(const struct health_transition *tr,
		    size_t n, enum health_state now_state, time_t deploy_at,
		    long window_s, time_t now);
/* "crit 3 min after deploy of a84d88e", "ok 10 min after deploy of
 * a84d88e", "watching: 4 min since deploy of a84d88e", "already crit at
 * deploy of a84d88e"; "" for NONE. sha is cut to 7. */
void		 health_verdict_text(char *dst, size_t size,
		    const struct health_verdict *, const char *sha,
		    time_t deploy_at, time_t now);

/* Whether a verdict on a deploy at deploy_at is worth telling now: one
 * that went bad always; one still watched, or already bad at the deploy,
 * inside the window; a clean one for an hour after the deploy (an old
 * deploy that changed nothing is not news). */
bool		 health_verdict_news(const struct health_verdict *,
		    time_t deploy_at, long window_s, time_t now);

/* Backoff of a check whose target does not answer (refused, timed out,
 * no such name, a Prometheus or Alertmanager that does not answer): after
 * `fails` such results in a row the next probe is due in interval_s times
 * 2^(fails - 1) seconds, at most max_factor times the interval and at most
 * cap_s, never less than the interval. fails 0 or 1, or max_factor 1, is
 * the plain interval; the first answer resets fails to 0. */
long		 health_backoff_s(long interval_s, unsigned fails,
		    int max_factor, long cap_s);

/* A deploy the correlation can use (from the environments source once it
 * publishes, else a run that looks like one). */
struct health_deploy {
	char	*env;		/* NULL: any environment */
	char	*sha;
	time_t	 at;
};

/* Whether run r (struct run, run.h) is a deploy to env, until the
 * environments source publishes deployments: completed with success, its
 * event "deployment" or "deployment_status" or its workflow name saying
 * deploy or release; for env non-NULL its workflow name or title must
 * name env (any case). *at: when it finished (updated_at). */
struct run;
bool		 health_run_is_deploy(const struct run *, const char *env,
		    time_t *at);

/* One row of a check with many results (a Prometheus series, a group of
 * alerts). */
#define HEALTH_ROW_SILENCED	1
#define HEALTH_ROW_INHIBITED	2

struct health_row {
	char		*label;		/* up{job="api"}, HighErrorRate */
	char		*text;		/* "0.97", "critical service=api" */
	double		 value;		/* NaN when none */
	enum health_state state;
	int		 muted;		/* 0 or HEALTH_ROW_*: kept apart */
};

#define HEALTH_MAX_ROWS	50	/* rows kept per check, worst first */

/* What the health source publishes per check (immutable once published). */
struct health_check {
	char		*name;
	char		*kind;		/* "http" */
	char		*env;		/* [check] environment; NULL */
	char		*target;	/* URL, address, argv[0], query */
	enum health_state state;	/* shown (damped) */
	enum health_state raw;		/* the last result's */
	bool		 flapping;
	time_t		 since;		/* shown state since */
	time_t		 checked_at;	/* 0: not yet */
	double		 value;		/* NaN when none */
	char		*value_text;	/* "123 ms", "0.97", "3 alerts" */
	char		*reason;	/* why crit/warn/unknown; NULL */
	long		 cert_days;	/* https: days to expiry; -1 */
	long		 after_deploy_s; /* [health] after-deploy */
	/* The target did not answer (refused, timed out, no such name, no
	 * Prometheus or Alertmanager): what backoff counts. */
	bool		 unreachable;
	unsigned	 fails;		/* such results in a row */
	long		 backoff_s;	/* the delay to the next probe when it
					 * is longer than the interval; 0 */
	time_t		 next_at;	/* when the next probe is due; 0 */
	struct health_point	 hist[HEALTH_HIST];
	size_t			 nhist;
	struct health_transition trans[HEALTH_TRANS];
	size_t			 ntrans;
	struct health_row	*rows;
	size_t			 nrows;	/* kept (<= HEALTH_MAX_ROWS) */
	size_t			 total_rows; /* before the cut */
	size_t			 counts[4];  /* active rows per state, all */
	size_t			 nsilenced, ninhibited;
};

struct health_check *health_check_new(const char *name, const char *kind);
void		 health_check_free(struct health_check *);
/* For snap_new. */
void		 health_check_free_void(void *);
/* Adds a row (strings copied) and counts it. However many are added, at
 * most 4 * max are held: the worst are kept, so thousands of series or
 * alerts stay bounded. */
void		 health_rows_add(struct health_check *, size_t max, bool below,
		    const char *label, const char *text, double value,
		    enum health_state, int muted);
/* Sorts rows worst first (active before muted, rank, then the worse
 * value: larger, or smaller for a below limit, then label) and keeps at
 * most max of them. */
void		 health_rows_finish(struct health_check *, size_t max,
		    bool below);
void		 health_row_done(struct health_row *);

#endif
