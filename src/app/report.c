#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/clock.h"
#include "opsdeck/report.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"

/* A run's duration when completed, its elapsed time otherwise. */
static long long
run_seconds(const struct run *r, time_t now)
{
	time_t start = r->run_started_at ? r->run_started_at : r->created_at;
	time_t end;

	if (start == 0)
		return 0;
	if (r->status != NULL && strcmp(r->status, "completed") == 0)
		end = r->updated_at;
	else
		end = now;
	return end > start ? (long long)(end - start) : 0;
}

static json_t *
json_str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* jansson refuses invalid UTF-8; remote text may carry it. */
static json_t *
json_text(const char *s)
{
	json_t *j;
	char *clean;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	clean = text_sanitize(s, strlen(s), 1);
	j = json_string(clean != NULL ? clean : "");
	free(clean);
	return j;
}

static json_t *
json_time(time_t t)
{
	char iso[32];

	if (t == 0)
		return json_null();
	clock_format_iso(iso, sizeof iso, t);
	return json_string(iso);
}

static json_t *
run_to_json(const struct run *r, time_t now)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "workflow", json_text(r->name));
	json_object_set_new(o, "title", json_text(r->display_title));
	json_object_set_new(o, "branch", json_text(r->head_branch));
	json_object_set_new(o, "sha", json_text(r->head_sha));
	json_object_set_new(o, "event", json_text(r->event));
	json_object_set_new(o, "status", json_text(r->status));
	json_object_set_new(o, "conclusion", json_text(r->conclusion));
	json_object_set_new(o, "verdict", json_string(verdict_word(
	    verdict_of(r->status, r->conclusion))));
	json_object_set_new(o, "actor", json_text(r->actor));
	json_object_set_new(o, "run_number", json_integer(r->run_number));
	json_object_set_new(o, "attempt", json_integer(r->run_attempt));
	json_object_set_new(o, "created_at", json_time(r->created_at));
	json_object_set_new(o, "duration_s", json_integer(run_seconds(r, now)));
	json_object_set_new(o, "jobs_total", r->njobs_total >= 0 ?
	    json_integer(r->njobs_total) : json_null());
	json_object_set_new(o, "jobs_done", r->njobs_total >= 0 ?
	    json_integer(r->njobs_done) : json_null());
	json_object_set_new(o, "html_url", json_text(r->html_url));
	return o;
}

static json_t *
repo_to_json(const struct repo_runs *rr, time_t now)
{
	json_t *o = json_object(), *runs = json_array();
	size_t i;

	json_object_set_new(o, "repo", json_text(rr->repo));
	json_object_set_new(o, "verdict", json_string(verdict_word(
	    repo_runs_verdict(rr))));
	json_object_set_new(o, "stale", json_boolean(rr->stale));
	json_object_set_new(o, "error", json_text(rr->error));
	json_object_set_new(o, "fetched_at", json_time(rr->fetched_at));
	json_object_set_new(o, "retry_at", json_time(rr->retry_at));
	for (i = 0; i < rr->nruns; i++)
		json_array_append_new(runs, run_to_json(&rr->runs[i], now));
	json_object_set_new(o, "runs", runs);
	return o;
}

static json_t *
api_to_json(const struct api_status *st)
{
	if (st == NULL)
		return json_null();
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:I, s:I, s:b}",
	    "limit", (json_int_t)st->limit,
	    "remaining", (json_int_t)st->remaining,
	    "used", (json_int_t)st->used,
	    "reset", (json_int_t)st->reset,
	    "wait_until", st->wait_until ? json_integer(st->wait_until) :
	    json_null(),
	    "wait_reason", json_str_or_null(st->wait_reason),
	    "requests", (json_int_t)st->requests,
	    "not_modified", (json_int_t)st->not_modified,
	    "have_token", st->have_token);
}

static const char *
status_word(int code)
{
	switch (code) {
	case REPORT_OK:
		return "ok";
	case REPORT_FAILING:
		return "failing";
	default:
		return "error";
	}
}

/* The worst outcome over all repositories: an unreadable source beats a
 * failing run, since the data it would have shown is unknown. */
static int
report_code(const struct snapset *pipes)
{
	const struct repo_runs *rr;
	size_t i;
	int code = REPORT_OK;

	for (i = 0; i < snapset_count(pipes); i++) {
		rr = snap_data(snapset_at(pipes, i));
		if (rr->error != NULL)
			return REPORT_ERROR;
		if (repo_runs_verdict(rr) == VERDICT_FAILED)
			code = REPORT_FAILING;
	}
	return code;
}

static int
report_json(FILE *fp, const struct snapset *pipes,
    const struct api_status *st, int code, time_t now)
{
	json_t *root = json_object(), *repos = json_array();
	size_t i;
	int rc;

	json_object_set_new(root, "generated_at", json_time(now));
	json_object_set_new(root, "status", json_string(status_word(code)));
	json_object_set_new(root, "api", api_to_json(st));
	for (i = 0; i < snapset_count(pipes); i++)
		json_array_append_new(repos,
		    repo_to_json(snap_data(snapset_at(pipes, i)), now));
	json_object_set_new(root, "repos", repos);
	rc = json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_ENSURE_ASCII);
	json_decref(root);
	if (rc != 0 || fputc('\n', fp) == EOF)
		return -1;
	return 0;
}

static void
put_clean(FILE *fp, const char *s, int cols)
{
	char cell[512], *clean;

	clean = text_sanitize(s, s != NULL ? strlen(s) : 0, 0);
	text_cell(cell, sizeof cell, clean != NULL ? clean : "", cols, 1);
	fputs(cell, fp);
	free(clean);
}

static void
report_text_repo(FILE *fp, const struct repo_runs *rr, time_t now)
{
	const struct run *r;
	enum verdict v;
	char age[16], dur[16];
	size_t i;

	v = repo_runs_verdict(rr);
	fprintf(fp, "%s ", verdict_glyph(v));
	put_clean(fp, rr->repo, 30);
	fprintf(fp, " %-9s %zu runs", verdict_word(v), rr->nruns);
	if (rr->stale) {
		fputs("  stale: ", fp);
		put_clean(fp, rr->error != NULL ? rr->error : "cached", 60);
	}
	fputc('\n', fp);
	for (i = 0; i < rr->nruns; i++) {
		r = &rr->runs[i];
		v = verdict_of(r->status, r->conclusion);
		clock_format_span(age, sizeof age, (long long)(now - r->created_at));
		clock_format_duration(dur, sizeof dur, run_seconds(r, now));
		fprintf(fp, "  %s %-9s ", verdict_glyph(v), verdict_word(v));
		put_clean(fp, r->name, 22);
		fputc(' ', fp);
		put_clean(fp, r->head_branch, 18);
		fputc(' ', fp);
		put_clean(fp, r->event, 12);
		fprintf(fp, " %8s %6s ago  ", dur, age);
		put_clean(fp, r->actor, 16);
		fputc('\n', fp);
	}
}

static int
report_text(FILE *fp, const struct snapset *pipes,
    const struct api_status *st, int code, time_t now)
{
	size_t i;

	fprintf(fp, "opsdeck: %s", status_word(code));
	if (st != NULL && st->limit >= 0)
		fprintf(fp, "  API %ld/%ld", st->remaining, st->limit);
	fputc('\n', fp);
	for (i = 0; i < snapset_count(pipes); i++)
		report_text_repo(fp, snap_data(snapset_at(pipes, i)), now);
	return ferror(fp) ? -1 : 0;
}

int
report_write(FILE *fp, struct store *store, enum report_format fmt,
    time_t now)
{
	struct snapset *pipes, *status;
	struct snap *s;
	const struct api_status *st = NULL;
	int code, rc;

	pipes = store_acquire(store, STORE_PIPELINES);
	status = store_acquire(store, STORE_STATUS);
	if ((s = snapset_find(status, "github")) != NULL)
		st = snap_data(s);
	code = report_code(pipes);
	if (fmt == REPORT_JSON)
		rc = report_json(fp, pipes, st, code, now);
	else
		rc = report_text(fp, pipes, st, code, now);
	store_release(&status);
	store_release(&pipes);
	if (fflush(fp) != 0)
		rc = -1;
	return rc < 0 ? -1 : code;
}
