/* bench/parse_runs: what the model costs over plain JSON parsing, and what
 * a repaint of the pipelines pane costs in sanitising.
 *
 * Builds a GitHub runs list of 100 runs from the official example, then
 * times in the same process: jansson's json_loadb alone (the baseline),
 * ghparse_runs (JSON to model), and text_sanitize over every string a row
 * shows. Prints figures and ratios; not a pass/fail test. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "opsdeck/buf.h"
#include "opsdeck/ghparse.h"
#include "opsdeck/text.h"

#define RUNS	100

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *
make_body(const char *example, size_t *len)
{
	json_t *run = json_load_file(example, 0, NULL), *list, *r;
	char *s;
	int i;

	if (run == NULL)
		return NULL;
	list = json_array();
	for (i = 0; i < RUNS; i++) {
		r = json_deep_copy(run);
		json_object_set_new(r, "id", json_integer(30433642 + i));
		json_array_append_new(list, r);
	}
	s = json_dumps(json_pack("{s:i, s:o}", "total_count", RUNS,
	    "workflow_runs", list), JSON_COMPACT);
	json_decref(run);
	*len = strlen(s);
	return s;
}

int
main(int argc, char **argv)
{
	const char *example = argc > 1 ? argv[1] :
	    "tests/data/github/workflow-run.json";
	int iters = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 300;
	struct run *runs;
	size_t len, nruns, i;
	long total;
	double t0, base, model, clean;
	char *body, *c;
	int k;

	if ((body = make_body(example, &len)) == NULL) {
		fprintf(stderr, "parse_runs: cannot read %s\n", example);
		return 1;
	}
	t0 = now_s();
	for (k = 0; k < iters; k++)
		json_decref(json_loadb(body, len, 0, NULL));
	base = now_s() - t0;
	t0 = now_s();
	for (k = 0; k < iters; k++) {
		runs = NULL;
		nruns = 0;
		ghparse_runs(body, len, &runs, &nruns, &total, NULL);
		for (i = 0; i < nruns; i++)
			run_done(&runs[i]);
		free(runs);
	}
	model = now_s() - t0;
	runs = NULL;
	nruns = 0;
	ghparse_runs(body, len, &runs, &nruns, &total, NULL);
	t0 = now_s();
	for (k = 0; k < iters; k++) {
		for (i = 0; i < nruns; i++) {
			const char *f[] = { runs[i].name, runs[i].head_branch,
			    runs[i].event, runs[i].actor, runs[i].display_title };
			for (size_t j = 0; j < 5; j++) {
				c = text_sanitize(f[j], f[j] ? strlen(f[j]) : 0, 0);
				free(c);
			}
		}
	}
	clean = now_s() - t0;
	printf("body: %zu bytes, %d runs, %d iterations\n", len, RUNS, iters);
	printf("json_loadb only (baseline): %8.1f us per list\n",
	    base / iters * 1e6);
	printf("ghparse_runs (JSON->model): %8.1f us per list  ratio %.2fx\n",
	    model / iters * 1e6, model / base);
	printf("sanitise a repaint's text:  %8.1f us per 100 rows  ratio %.2fx\n",
	    clean / iters * 1e6, clean / base);
	for (i = 0; i < nruns; i++)
		run_done(&runs[i]);
	free(runs);
	free(body);
	return 0;
}
