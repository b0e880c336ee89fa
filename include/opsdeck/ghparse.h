/* ghparse: GitHub REST responses (bytes) to models. Pure functions: no I/O,
 * no globals, any thread; unit-tested from the official examples and fuzzed.
 * On bad input they return -1, set *cause (malloc'd, says what was wrong and
 * where: "workflow_runs[3].id: expected integer") and leave *out empty. */
#ifndef OPSDECK_GHPARSE_H
#define OPSDECK_GHPARSE_H

#include <stddef.h>

#include "opsdeck/run.h"

/* GET /repos/{o}/{r}/actions/runs: {"total_count", "workflow_runs": [...]}.
 * Appends to *runs and *nruns (caller frees each with run_done and the array). */
int	 ghparse_runs(const char *body, size_t len, struct run **runs,
	    size_t *nruns, long *total_count, char **cause);
/* GET .../actions/runs/{id}: one workflow run into *out (run_done). */
int	 ghparse_run(const char *body, size_t len, struct run *out,
	    char **cause);
/* GET .../actions/runs/{id}/jobs: {"total_count", "jobs": [...]}. Appends. */
int	 ghparse_jobs(const char *body, size_t len, struct job **jobs,
	    size_t *njobs, long *total_count, char **cause);
/* An error body {"message", "documentation_url"}: returns malloc'd message
 * or NULL when the body is not one. */
char	*ghparse_error_message(const char *body, size_t len);

#endif
