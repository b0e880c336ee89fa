/* fuzz_ghparse: libFuzzer target for the GitHub runs/jobs parsers. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "opsdeck/ghparse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Any bytes: both parsers must return 0 or -1 and leak nothing. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run	*runs = NULL;
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

	msg = ghparse_error_message((const char *)data, size);
	free(msg);
	return 0;
}
