/* demo: a GitHub source that needs no network and no token.
 *
 * It reads GitHub-shaped responses from fixture files in a data directory
 * (installed as $(pkgdatadir)/demo) and feeds them through ghparse exactly
 * like live data. The directory holds:
 *   repos                     one "owner/name" per line ('#' comments)
 *   OWNER-NAME.runs.N.json    GET .../actions/runs body for phase N (0..15)
 *   OWNER-NAME.jobs.ID.N.json GET .../runs/ID/jobs body, optional
 * Phase 0 is required for every repo; a missing later file keeps the
 * previous phase's data (and its jobs file likewise falls back to the
 * newest earlier phase). Timestamps in the files are relative to
 * DEMO_BASE_TIME ("2026-01-01T00:00:00Z" is the moment the demo starts)
 * and are shifted at load so ages look recent; none ends up in the future.
 *
 * Phases advance every OPSDECK_DEMO_STEP_MS milliseconds (default 4000,
 * 10..600000); after the last phase the data stays as it is. Each phase
 * publishes one struct repo_runs per repo to STORE_PIPELINES (key
 * "owner/name"); the first also publishes a struct api_status (limit and
 * remaining -1, have_token false) to STORE_STATUS under "github". */
#ifndef OPSDECK_DEMO_H
#define OPSDECK_DEMO_H

#define DEMO_BASE_TIME	"2026-01-01T00:00:00Z"
#define DEMO_MAX_PHASES	16

struct demo;
struct sched;
struct store;

/* The source interface (source.h), made from source_env's datadir. */
extern const struct source_ops demo_source;

/* Loads and parses every file now, so bad data fails at start with a cause
 * naming the file. Publishes nothing yet. The store is not owned. */
struct demo	*demo_new(struct store *, const char *datadir, char **cause);
/* Publishes phase 0 at once (so a --once report sees data), then adds a
 * job to sched that publishes the next phase every step. 0 ok, -1 error. */
int		 demo_schedule(struct demo *, struct sched *);
/* Publishes the next phase now (what the job does); returns the phase
 * published, or -1 when the last one has already been published. Not
 * thread-safe: call it from one thread at a time (the sched job or a test
 * that did not schedule). */
int		 demo_step(struct demo *);
int		 demo_phases(const struct demo *);	/* phases loaded */
/* Call only after the sched is stopped. Accepts NULL, sets NULL. */
void		 demo_free(struct demo **);

#endif
