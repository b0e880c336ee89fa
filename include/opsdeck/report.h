/* report: the --once snapshot of what the store holds, as text or JSON, for
 * scripts and tests. Reads the store only; call after the sources polled. */
#ifndef OPSDECK_REPORT_H
#define OPSDECK_REPORT_H

#include <stdio.h>
#include <time.h>

struct store;

enum report_format { REPORT_TEXT, REPORT_JSON };

/* Exit codes of --once. */
#define REPORT_OK	0	/* every repository green (or nothing failing) */
#define REPORT_FAILING	1	/* a latest run of some workflow failed, or
				 * a gate the user's file sets fails on a
				 * default branch's head */
#define REPORT_ERROR	2	/* a source could not be read (stale data),
				 * or a health check is crit */

/* Writes the snapshot to fp and returns REPORT_OK/FAILING/ERROR.
 * Text output is sanitised (it goes to a terminal); JSON is escaped by
 * jansson. Returns -1 only when writing failed. */
int	 report_write(FILE *fp, struct store *, enum report_format, time_t now);

/* report_approvals.c: the pending deployments (STORE_APPROVALS), each a
 * JSON object into arr (a json_t * array), or a text line. */
struct snapset;
void	 report_approvals_json(const struct snapset *appr, void *json_array);
void	 report_approvals_text(FILE *fp, const struct snapset *appr,
	    time_t now);

/* report_health.c: the health checks (STORE_HEALTH) in the report. The
 * worst code they call for (REPORT_ERROR when any check is crit); each
 * check as a JSON object (name, state, ...) into arr; as text lines. */
struct snapset;
int	 report_health_code(const struct snapset *health);
void	 report_health_json(const struct snapset *health, void *json_array,
	    time_t now);
void	 report_health_text(FILE *fp, const struct snapset *health,
	    time_t now);
/* The health of environment r of repo (envhealth): a JSON object
 * {"state", "checks", "not_ok", "worst", "after_deploy"} (a json_t *), or
 * JSON null when no check names the environment; as text, "  health crit
 * (api): crit 3 min after deploy of a84d88e", or nothing. */
struct env_row;
void	*report_env_health_json(const struct snapset *health,
	    const char *repo, const struct env_row *r, time_t now);
void	 report_env_health_text(FILE *fp, const struct snapset *health,
	    const char *repo, const struct env_row *r, time_t now);

/* report_issues.c: the open issues (STORE_ISSUES): one JSON object per
 * repository ({"repo", "disabled", "stale", "items", "files"}) into arr;
 * as text. They do not change the exit code. */
void	 report_issues_json(const struct snapset *issues, void *json_array,
	    time_t now);
void	 report_issues_text(FILE *fp, const struct snapset *issues,
	    time_t now);

#endif
