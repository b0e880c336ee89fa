/* fuzz_ghparse: libFuzzer target for the GitHub runs/run/jobs parsers. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "opsdeck/ghparse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Any bytes: every parser must return 0 or -1 and leak nothing. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run	*runs = NULL, one;
	struct job	*jobs = NULL;
	size_t		 nruns = 0, njobs = 0, i;
	long		 total;
	char		*cause = NULL, *msg;

	if (ghparse_runs((const char *)data, size, &runs, &nruns, &total,
	    &cause) != 0 && cause == NULL)
		abort();	/* an error must say why */
	free(cause);
	cause = NULL;
	for (i = 0; i < nruns; i++) {
		if (runs[i].njobs_total != -1)
			abort();
		run_done(&runs[i]);
	}
	free(runs);

	if (ghparse_jobs((const char *)data, size, &jobs, &njobs, &total,
	    &cause) != 0 && cause == NULL)
		abort();
	free(cause);
	for (i = 0; i < njobs; i++)
		job_done(&jobs[i]);
	free(jobs);

	cause = NULL;
	if (ghparse_run((const char *)data, size, &one, &cause) != 0) {
		if (cause == NULL || one.id != 0 || one.status != NULL)
			abort();	/* says why, leaves it empty */
		free(cause);
	} else
		run_done(&one);

	msg = ghparse_error_message((const char *)data, size);
	free(msg);
	return 0;
}
