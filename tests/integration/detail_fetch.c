/* detail_fetch: one job log through sources/detail, for shell tests:
 *   detail_fetch API_URL CACHE_DIR OWNER/NAME JOB_ID OUT
 * waits (at most 120 s) for the log, writes its text to OUT and prints
 * "complete=C len=N lines=L error=E" (L from the snapshot's joblog, -1
 * without one). The heap and every private writable mapping are capped at
 * DETAIL_FETCH_DATA_MB (RLIMIT_DATA, default 64): a log held in memory
 * would not fit, a streamed and mapped one does. The token comes from
 * GH_TOKEN. Exit 0 when a log arrived, 1 otherwise. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <curl/curl.h>

#include "opsdeck/detail.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/transport.h"
#include "opsdeck/joblog.h"
#include "opsdeck/sched.h"
#include "opsdeck/store.h"
#include "opsdeck/worker.h"

static struct snap *
wait_log(struct store *st, const char *key)
{
	struct timespec nap = { 0, 20 * 1000000L };
	struct snapset *set;
	struct snap *s;
	int i;

	for (i = 0; i < 6000; i++) {
		set = store_acquire(st, STORE_DETAIL);
		s = snap_ref(snapset_find(set, key));
		store_release(&set);
		if (s != NULL &&
		    !((const struct detailmodel_log *)snap_data(s))->loading)
			return s;
		snap_unref(&s);
		nanosleep(&nap, NULL);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct transport_opts to;
	struct ghclient_opts ho;
	struct transport_shared *ts;
	struct detail_opts dopt;
	const struct detailmodel_log *dl;
	struct ghclient *sh;
	struct sched *sched;
	struct store *st;
	struct detail *d;
	struct snap *s;
	struct rlimit rl;
	long mb;
	char key[256], *cause = NULL;
	long long job;
	FILE *fp;
	int rc = 1;

	if (argc != 6)
		return 2;
	mb = getenv("DETAIL_FETCH_DATA_MB") != NULL ?
	    strtol(getenv("DETAIL_FETCH_DATA_MB"), NULL, 10) : 64;
	rl.rlim_cur = rl.rlim_max = (rlim_t)mb << 20;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
	mb = 0;		/* ASan's or TSan's shadow memory fits no such cap */
#endif
	if (mb > 0 && setrlimit(RLIMIT_DATA, &rl) != 0)
		return 2;
	job = strtoll(argv[4], NULL, 10);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	memset(&to, 0, sizeof to);
	to.timeout_s = 30;	/* a stall; the whole log may take longer */
	to.cache_dir = argv[2];
	memset(&ho, 0, sizeof ho);
	ho.api_url = argv[1];
	ho.token = getenv("GH_TOKEN");
	if ((ts = transport_shared_new(&to, &cause)) == NULL ||
	    (sh = ghclient_new(ts, &ho, &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return 2;
	}
	st = store_new(-1);
	sched = sched_new(1, worker_ctx_new, worker_ctx_free, ts);
	transport_shared_set_stop_flag(ts, sched_stop_flag(sched));
	memset(&dopt, 0, sizeof dopt);
	dopt.cache_dir = argv[2];
	if ((d = detail_new(sh, st, &dopt, &cause)) == NULL ||
	    detail_schedule(d, sched) != 0 || sched_start(sched) != 0) {
		fprintf(stderr, "%s\n", cause != NULL ? cause : "start");
		return 2;
	}
	detailmodel_log_key(key, sizeof key, argv[3], job);
	if (detail_want_log(d, argv[3], job, false) == 0 &&
	    (s = wait_log(st, key)) != NULL) {
		dl = snap_data(s);
		printf("complete=%d len=%zu lines=%lld error=%s\n",
		    dl->complete, dl->len, dl->joblog != NULL ?
		    (long long)joblog_lines(dl->joblog) : -1LL,
		    dl->error != NULL ? dl->error : "none");
		if ((fp = fopen(argv[5], "wb")) != NULL) {
			if (dl->len > 0)
				fwrite(dl->data, 1, dl->len, fp);
			if (fclose(fp) == 0 && dl->error == NULL)
				rc = 0;
		}
		snap_unref(&s);
	} else
		printf("no log\n");
	sched_stop(sched);
	detail_free(&d);
	sched_free(&sched);
	store_free(&st);
	ghclient_free(&sh);
	transport_shared_free(&ts);
	curl_global_cleanup();
	return rc;
}
