/* report: the --once snapshot of the store as text or JSON. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/apistatus.h"
#include "opsdeck/clock.h"
#include "opsdeck/envstate.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/quality.h"
#include "opsdeck/report.h"
#include "opsdeck/run.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "report_int.h"

static json_t *
json_str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
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
commits_to_json(const struct git_commit_info *c, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o}",
		    "sha", c[i].sha, "subject", json_text(c[i].subject),
		    "author", json_text(c[i].author), "time",
		    json_time(c[i].time)));
	return a;
}

static json_t *
branches_to_json(const struct git_snapshot *g)
{
	json_t *a = json_array();
	const struct git_branch *b;
	size_t i;

	for (i = 0; i < g->nbranches; i++) {
		b = &g->branches[i];
		json_array_append_new(a, json_pack("{s:o, s:s, s:o, s:o, s:o, "
		    "s:o, s:b, s:b}", "name", json_text(b->name), "sha", b->sha,
		    "time", json_time(b->time), "author", json_text(b->author),
		    "ahead", b->ahead >= 0 ? json_integer(b->ahead) :
		    json_null(), "behind", b->behind >= 0 ?
		    json_integer(b->behind) : json_null(), "stale", b->stale,
		    "merged", b->merged));
	}
	return a;
}

static json_t *
git_lists_to_json(const struct git_snapshot *g, json_t *o)
{
	json_t *tags = json_array(), *files = json_array();
	size_t i;

	for (i = 0; i < g->ntags; i++)
		json_array_append_new(tags, json_pack("{s:o, s:s, s:o}",
		    "name", json_text(g->tags[i].name), "sha", g->tags[i].sha,
		    "time", json_time(g->tags[i].time)));
	for (i = 0; i < g->noutgoing_files; i++)
		json_array_append_new(files, json_pack("{s:o, s:b}", "path",
		    json_text(g->outgoing_files[i].path), "risky",
		    g->outgoing_files[i].risky));
	json_object_set_new(o, "branches", branches_to_json(g));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "outgoing", commits_to_json(g->outgoing,
	    g->noutgoing));
	json_object_set_new(o, "incoming", commits_to_json(g->incoming,
	    g->nincoming));
	json_object_set_new(o, "outgoing_files", files);
	return o;
}

/* The local clone; head_ci says whether the checked-out commit has runs
 * and how they went ("none" when the list holds no run of it). */
static json_t *
git_to_json(const struct git_snapshot *g, const struct repo_runs *rr)
{
	json_t *o = json_object();
	enum verdict v;
	size_t n;

	json_object_set_new(o, "path", json_text(g->path));
	json_object_set_new(o, "error", json_text(g->error));
	if (g->error != NULL)
		return o;
	v = repo_runs_sha_verdict(rr, g->head_sha, &n);
	json_object_set_new(o, "branch", json_text(g->branch));
	json_object_set_new(o, "detached", json_boolean(g->detached));
	json_object_set_new(o, "head", json_pack("{s:s, s:o, s:s}", "sha",
	    g->head_sha, "subject", json_text(g->head_subject), "ci",
	    n > 0 ? verdict_word(v) : "none"));
	json_object_set_new(o, "dirty", json_integer(g->dirty));
	json_object_set_new(o, "untracked", json_integer(g->untracked));
	json_object_set_new(o, "upstream", json_text(g->upstream));
	json_object_set_new(o, "ahead", g->ahead >= 0 ?
	    json_integer(g->ahead) : json_null());
	json_object_set_new(o, "behind", g->behind >= 0 ?
	    json_integer(g->behind) : json_null());
	json_object_set_new(o, "default_branch", json_text(g->default_branch));
	return git_lists_to_json(g, o);
}

static json_t *
count_or_null(int n)
{
	return n >= 0 ? json_integer(n) : json_null();
}

static json_t *
id_or_null(int64_t id)
{
	return id != 0 ? json_integer((json_int_t)id) : json_null();
}

/* What a deploy of env's default target would ship (null: not known). */
static json_t *
going_out_to_json(const struct repo_envs *re, const struct env_row *r)
{
	const char *to = repo_envs_target(re, r->name);
	const struct env_delta *d;
	json_t *commits, *risky;
	size_t i;

	if (to == NULL || r->sha == NULL)
		return json_null();
	if (strcmp(to, r->sha) == 0)
		return json_pack("{s:o, s:i, s:[], s:[], s:b}", "target",
		    json_text(to), "count", 0, "commits", "risky", "risky_cut",
		    0);
	if ((d = repo_envs_delta(re, r->sha, to)) == NULL)
		return json_null();
	commits = json_array();
	for (i = 0; i < d->ncommits; i++)
		json_array_append_new(commits, json_pack("{s:o, s:o, s:o, "
		    "s:o}", "sha", json_text(d->commits[i].sha), "subject",
		    json_text(d->commits[i].subject), "author",
		    json_text(d->commits[i].author), "time",
		    json_time(d->commits[i].time)));
	risky = json_array();
	for (i = 0; i < d->nrisky; i++)
		json_array_append_new(risky, json_text(d->risky[i]));
	return json_pack("{s:o, s:i, s:o, s:o, s:b}", "target", json_text(to),
	    "count", d->count, "commits", commits, "risky", risky,
	    "risky_cut", d->risky_cut);
}

static json_t *
env_row_to_json(const struct repo_envs *re, const struct env_row *r,
    const struct snapset *health, time_t now)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_text(r->name));
	json_object_set_new(o, "sha", json_text(r->sha));
	json_object_set_new(o, "ref", json_text(r->ref));
	json_object_set_new(o, "deployment_id", id_or_null(r->deployment_id));
	json_object_set_new(o, "deployed_at", json_time(r->sha != NULL ?
	    r->deployed_at : 0));
	json_object_set_new(o, "creator", json_text(r->creator));
	json_object_set_new(o, "run_id", id_or_null(r->run_id));
	json_object_set_new(o, "last_state", json_text(r->last_state));
	json_object_set_new(o, "behind_previous", count_or_null(r->behind_prev));
	json_object_set_new(o, "behind_default_branch",
	    count_or_null(r->behind_default));
	json_object_set_new(o, "in_flight", json_boolean(env_row_in_flight(r)));
	json_object_set_new(o, "in_flight_deployment_id",
	    id_or_null(r->in_flight_deployment));
	json_object_set_new(o, "in_flight_run_id", id_or_null(r->in_flight_run));
	json_object_set_new(o, "protected", json_boolean(r->is_protected));
	json_object_set_new(o, "readonly", json_boolean(r->readonly));
	json_object_set_new(o, "color", json_text(r->color));
	json_object_set_new(o, "going_out", going_out_to_json(re, r));
	json_object_set_new(o, "health", report_env_health_json(health,
	    re->repo, r, now));
	return o;
}

static json_t *
envs_to_json(const struct repo_envs *re, const struct snapset *health,
    time_t now)
{
	json_t *o = json_object(), *list = json_array();
	size_t i;

	json_object_set_new(o, "default_branch", json_text(re->default_branch));
	json_object_set_new(o, "head_sha", json_text(re->head_sha));
	json_object_set_new(o, "stale", json_boolean(re->stale));
	json_object_set_new(o, "error", json_text(re->error));
	json_object_set_new(o, "fetched_at", json_time(re->fetched_at));
	json_object_set_new(o, "behind_from", json_string(re->behind_local ?
	    "local clone" : "compare API"));
	for (i = 0; i < re->nenvs; i++)
		json_array_append_new(list, env_row_to_json(re, &re->envs[i],
		    health, now));
	json_object_set_new(o, "list", list);
	return o;
}

static json_t *
repo_to_json(const struct repo_runs *rr, const struct snapset *git,
    const struct snapset *envs, const struct snapset *health, time_t now)
{
	const struct git_snapshot *g = snapset_find_data(git, rr->repo);
	const struct repo_envs *re = snapset_find_data(envs, rr->repo);
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
	json_object_set_new(o, "git", g != NULL ? git_to_json(g, rr) :
	    json_null());
	json_object_set_new(o, "environments", re != NULL ?
	    envs_to_json(re, health, now) : json_null());
	return o;
}

static json_t *
api_to_json(const struct api_status *st)
{
	if (st == NULL)
		return json_null();
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:I, s:I, s:b, s:o}",
	    "limit", (json_int_t)st->limit,
	    "remaining", (json_int_t)st->remaining,
	    "used", (json_int_t)st->used,
	    "reset", (json_int_t)st->reset,
	    "wait_until", st->wait_until ? json_integer(st->wait_until) :
	    json_null(),
	    "wait_reason", json_str_or_null(st->wait_reason),
	    "requests", (json_int_t)st->requests,
	    "not_modified", (json_int_t)st->not_modified,
	    "have_token", st->have_token,
	    "governor", json_str_or_null(st->governor));
}

/* --- quality --- */

static json_t *
alerts_to_json(const struct quality_alerts *a)
{
	static const char *const access[] = { "not_read", "read", "no_access",
	    "error" };
	json_t *o = json_object();
	size_t i;

	json_object_set_new(o, "access", json_string(access[a->access]));
	for (i = 0; i < QUALITY_NSEVS; i++)
		json_object_set_new(o, quality_sev_name((enum quality_sev)i),
		    a->access == QUALITY_READ ? json_integer(a->sev[i]) :
		    json_null());
	json_object_set_new(o, "error", json_text(a->error));
	return o;
}

static json_t *
gates_to_json(const struct quality_entry *e)
{
	const struct quality_env_result *g;
	json_t *a = json_array(), *o, *lines;
	size_t i, j;

	for (i = 0; i < e->ngates; i++) {
		g = &e->gates[i];
		lines = json_array();
		for (j = 0; j < g->r.n; j++)
			json_array_append_new(lines, json_pack("{s:s, s:b, s:s, "
			    "s:b}", "gate", g->r.v[j].name, "pass",
			    g->r.v[j].pass, "reason", g->r.v[j].reason,
			    "set_by_user", (g->set_by_user & g->r.v[j].gate) != 0));
		o = json_pack("{s:o, s:b, s:b, s:I, s:o}", "environment",
		    json_text(g->env), "configured", g->configured, "pass",
		    g->r.failed == 0, "failed", (json_int_t)g->r.failed,
		    "gates", lines);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *
entry_to_json(const struct quality_entry *e)
{
	static const char *const kinds[] = { "default", "pull", "deployed" };
	const struct quality_summary *s = &e->s;
	const struct quality_score *sc = &s->score;
	json_t *o = json_object(), *failing = json_array(), *checks, *ann;
	size_t i;

	for (i = 0; i < e->c.nchecks; i++) {
		if (e->c.checks[i].state == QUALITY_FAILED)
			json_array_append_new(failing,
			    json_text(e->c.checks[i].name));
	}
	checks = json_pack("{s:i, s:i, s:i, s:i, s:o}", "passed",
	    s->states[QUALITY_PASSED], "failed", s->states[QUALITY_FAILED],
	    "pending", s->states[QUALITY_PENDING], "skipped",
	    s->states[QUALITY_SKIPPED], "failing", failing);
	ann = json_pack("{s:i, s:i, s:i}", "notice", s->levels[QUALITY_NOTICE],
	    "warning", s->levels[QUALITY_WARNING], "failure",
	    s->levels[QUALITY_FAILURE]);
	json_object_set_new(o, "sha", json_text(e->c.sha));
	json_object_set_new(o, "label", json_text(e->c.label));
	json_object_set_new(o, "kind", json_string(kinds[e->c.kind]));
	json_object_set_new(o, "error", json_text(e->c.error));
	json_object_set_new(o, "checks", e->c.checks_read ? checks :
	    (json_decref(checks), json_null()));
	json_object_set_new(o, "annotations", ann);
	json_object_set_new(o, "coverage", s->coverage_known ?
	    json_real(s->coverage) : json_null());
	json_object_set_new(o, "score", sc->known ? json_pack("{s:i, s:i, s:i, "
	    "s:i, s:b, s:{s:i, s:i, s:i, s:i}}", "score", sc->score, "lint",
	    sc->lint, "complex", sc->complex, "security", sc->security,
	    "duplication", sc->duplication, "points", "lint", sc->lint_pts,
	    "complex", sc->complex_pts, "security", sc->security_pts,
	    "duplication", sc->duplication_pts) : json_null());
	json_object_set_new(o, "green", json_boolean(s->green));
	json_object_set_new(o, "delta", e->delta_known ?
	    json_integer(e->delta) : json_null());
	json_object_set_new(o, "last_green", e->green_sha[0] != '\0' ?
	    json_string(e->green_sha) : json_null());
	json_object_set_new(o, "code_scanning",
	    alerts_to_json(&e->c.code_scanning));
	json_object_set_new(o, "dependabot", alerts_to_json(&e->c.dependabot));
	json_object_set_new(o, "gates", gates_to_json(e));
	return o;
}

static json_t *
quality_to_json(const struct snapset *qs)
{
	const struct quality_repo *qr;
	json_t *a = json_array(), *o, *commits;
	size_t i, j;

	for (i = 0; i < snapset_count(qs); i++) {
		qr = snap_data(snapset_at(qs, i));
		commits = json_array();
		for (j = 0; j < qr->n; j++)
			json_array_append_new(commits, entry_to_json(&qr->v[j]));
		o = json_pack("{s:o, s:o, s:b, s:o, s:b, s:o, s:o}", "repo",
		    json_text(qr->slug), "branch", json_text(qr->branch),
		    "stale", qr->stale, "error", json_text(qr->error),
		    "deployed_read", qr->deployed_read, "fetched_at",
		    json_time(qr->fetched_at), "commits", commits);
		json_array_append_new(a, o);
	}
	return a;
}

/* A gate the user's file set fails on a default branch's head: what
 * would ship is not fit to. */
static bool
quality_failing(const struct snapset *qs)
{
	const struct quality_repo *qr;
	size_t i, j, k;

	for (i = 0; i < snapset_count(qs); i++) {
		qr = snap_data(snapset_at(qs, i));
		for (j = 0; j < qr->n; j++) {
			if (qr->v[j].c.kind != QUALITY_DEFAULT)
				continue;
			for (k = 0; k < qr->v[j].ngates; k++) {
				if (qr->v[j].gates[k].r.failed_by_user != 0)
					return true;
			}
		}
	}
	return false;
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
report_code(const struct snapset *pipes, const struct snapset *git,
    const struct snapset *qs, const struct snapset *envs)
{
	const struct repo_runs *rr;
	const struct git_snapshot *g;
	const struct repo_envs *re;
	size_t i;
	int code = REPORT_OK;

	for (i = 0; i < snapset_count(envs); i++) {
		re = snap_data(snapset_at(envs, i));
		if (re->stale)
			return REPORT_ERROR;
	}
	for (i = 0; i < snapset_count(git); i++) {
		g = snap_data(snapset_at(git, i));
		if (g->error != NULL)
			return REPORT_ERROR;
	}
	for (i = 0; i < snapset_count(pipes); i++) {
		rr = snap_data(snapset_at(pipes, i));
		if (rr->error != NULL)
			return REPORT_ERROR;
		if (repo_runs_verdict(rr) == VERDICT_FAILED)
			code = REPORT_FAILING;
	}
	if (quality_failing(qs))
		code = REPORT_FAILING;
	return code;
}

static int
report_json(FILE *fp, const struct snapset *pipes, const struct snapset *git,
    const struct snapset *qs, const struct snapset *health,
    const struct snapset *envs, const struct snapset *appr,
    const struct snapset *issues, const struct api_status *st, int code,
    time_t now)
{
	json_t *root = json_object(), *repos = json_array();
	json_t *checks = json_array(), *approvals = json_array();
	json_t *iss = json_array();
	json_t *warnings = json_array();
	size_t i;
	int rc;

	if (api_status_note(st) != NULL)
		json_array_append_new(warnings,
		    json_string(api_status_note(st)));
	json_object_set_new(root, "generated_at", json_time(now));
	json_object_set_new(root, "status", json_string(status_word(code)));
	json_object_set_new(root, "api", api_to_json(st));
	json_object_set_new(root, "warnings", warnings);
	for (i = 0; i < snapset_count(pipes); i++)
		json_array_append_new(repos,
		    repo_to_json(snap_data(snapset_at(pipes, i)), git, envs,
		    health, now));
	json_object_set_new(root, "repos", repos);
	json_object_set_new(root, "quality", quality_to_json(qs));
	report_health_json(health, checks, now);
	json_object_set_new(root, "checks", checks);
	report_approvals_json(appr, approvals);
	json_object_set_new(root, "approvals", approvals);
	report_issues_json(issues, iss, now);
	json_object_set_new(root, "issues", iss);
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

	/* ASCII escapes unless the locale is UTF-8: a raw é would reach a
	 * Latin-1 terminal as a C1 control byte. */
	clean = text_sanitize(s, s != NULL ? strlen(s) : 0, text_out_flags());
	text_cell(cell, sizeof cell, clean != NULL ? clean : "", cols, 1);
	fputs(cell, fp);
	free(clean);
}

/* As put_clean, without the padding. */
static void
put_text(FILE *fp, const char *s, int cols)
{
	char cell[1024], *clean;

	clean = text_sanitize(s, s != NULL ? strlen(s) : 0, text_out_flags());
	text_cell(cell, sizeof cell, clean != NULL ? clean : "", cols, 0);
	fputs(cell, fp);
	free(clean);
}

/* "  git main @1a2b3c4 clean, 2 ahead 1 behind origin/main, CI green" */
static void
report_text_git(FILE *fp, const struct git_snapshot *g,
    const struct repo_runs *rr)
{
	enum verdict v;
	char tree[64];
	size_t n;

	fputs("  git ", fp);
	if (g->error != NULL) {
		put_clean(fp, g->error, 70);
		fputc('\n', fp);
		return;
	}
	put_clean(fp, g->detached ? "(detached)" : g->branch, 20);
	fprintf(fp, " @%.7s ", g->head_sha);
	gitrepo_tree_words(g, tree, sizeof tree);
	fputs(tree, fp);
	if (g->upstream != NULL && g->ahead >= 0) {
		fprintf(fp, ", %d ahead %d behind ", g->ahead, g->behind);
		put_clean(fp, g->upstream, 24);
	}
	v = repo_runs_sha_verdict(rr, g->head_sha, &n);
	fprintf(fp, ", CI %s\n", n > 0 ? verdict_word(v) : "none");
}

/* "  env production [P] 7bb8e1f 1d ago hubot  -2 prev -4 main  failure" */
static void
report_text_envs(FILE *fp, const struct repo_envs *re,
    const struct snapset *health, time_t now)
{
	const struct env_row *r;
	char age[16];
	size_t i;

	if (re->error != NULL) {
		fputs(re->stale ? "  env stale: " : "  env note: ", fp);
		put_clean(fp, re->error, 70);
		fputc('\n', fp);
	}
	for (i = 0; i < re->nenvs; i++) {
		r = &re->envs[i];
		fputs("  env ", fp);
		put_clean(fp, r->name, 14);
		fprintf(fp, " %-3s%-4s ", r->is_protected ? "[P]" : "",
		    r->readonly ? "[RO]" : "");
		if (r->sha != NULL) {
			clock_format_span(age, sizeof age,
			    (long long)(now - r->deployed_at));
			fprintf(fp, "%.7s %6s ago ", r->sha, age);
			put_clean(fp, r->creator != NULL ? r->creator : "?", 12);
		} else
			fprintf(fp, "%-7s %10s %-12s", "-", "", "");
		if (r->behind_prev >= 0)
			fprintf(fp, "  -%d prev", r->behind_prev);
		if (r->behind_default >= 0)
			fprintf(fp, "  -%d default", r->behind_default);
		if (r->last_state != NULL) {
			fputs("  ", fp);
			put_clean(fp, r->last_state, 12);
		}
		if (env_row_in_flight(r))
			fputs("  in flight", fp);
		report_env_health_text(fp, health, re->repo, r, now);
		fputc('\n', fp);
	}
}

static void
report_text_repo(FILE *fp, const struct repo_runs *rr,
    const struct snapset *git, const struct snapset *envs,
    const struct snapset *health, time_t now)
{
	const struct git_snapshot *g = snapset_find_data(git, rr->repo);
	const struct repo_envs *re = snapset_find_data(envs, rr->repo);
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
	if (g != NULL)
		report_text_git(fp, g, rr);
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
	if (re != NULL)
		report_text_envs(fp, re, health, now);
}

/* "  quality main @1a2b3c4 score 71 (-29) coverage 85.2% checks 3 ok 1
 * failed 1 pending; production FAIL (min-score: score 71 < 90)" */
static void
report_text_quality(FILE *fp, const struct quality_repo *qr)
{
	const struct quality_entry *e;
	const struct quality_summary *s;
	char why[512];
	size_t j, k;

	for (j = 0; j < qr->n; j++) {
		e = &qr->v[j];
		s = &e->s;
		fputs("  quality ", fp);
		put_text(fp, e->c.label, 24);
		fprintf(fp, " @%.7s", e->c.sha != NULL ? e->c.sha : "-------");
		if (e->c.error != NULL) {
			fputs(" error: ", fp);
			put_text(fp, e->c.error, 60);
			fputc('\n', fp);
			continue;
		}
		if (s->score.known)
			fprintf(fp, " score %d", s->score.score);
		else
			fputs(" score -", fp);
		if (e->delta_known)
			fprintf(fp, " (%+d)", e->delta);
		if (s->coverage_known)
			fprintf(fp, " coverage %.2f%%", s->coverage);
		else
			fputs(" coverage -", fp);
		fprintf(fp, " checks %d ok %d failed %d pending %d skipped",
		    s->states[QUALITY_PASSED], s->states[QUALITY_FAILED],
		    s->states[QUALITY_PENDING], s->states[QUALITY_SKIPPED]);
		for (k = 0; k < e->ngates; k++) {
			if (e->gates[k].r.n == 0)
				continue;
			fputs("; ", fp);
			put_text(fp, e->gates[k].env, 20);
			if (e->gates[k].r.failed == 0) {
				fputs(" pass", fp);
				continue;
			}
			quality_gates_text(&e->gates[k].r, why, sizeof why);
			fputs(" FAIL (", fp);
			put_text(fp, why, 300);
			fputc(')', fp);
		}
		fputc('\n', fp);
	}
}

static int
report_text(FILE *fp, const struct snapset *pipes, const struct snapset *git,
    const struct snapset *qs, const struct snapset *health,
    const struct snapset *envs, const struct snapset *appr,
    const struct snapset *issues,
    const struct api_status *st, int code, time_t now)
{
	const struct quality_repo *qr;
	size_t i;

	fprintf(fp, "opsdeck: %s", status_word(code));
	if (st != NULL && st->limit >= 0)
		fprintf(fp, "  API %ld/%ld", st->remaining, st->limit);
	if (api_status_note(st) != NULL)
		fprintf(fp, "  (%s)", api_status_note(st));
	if (st != NULL && st->governor != NULL)
		fprintf(fp, "  %s", st->governor);
	fputc('\n', fp);
	for (i = 0; i < snapset_count(pipes); i++)
		report_text_repo(fp, snap_data(snapset_at(pipes, i)), git, envs,
		    health, now);
	for (i = 0; i < snapset_count(qs); i++) {
		qr = snap_data(snapset_at(qs, i));
		fputs("quality ", fp);
		put_text(fp, qr->slug, 40);
		if (qr->stale) {
			fputs("  stale: ", fp);
			put_text(fp, qr->error != NULL ? qr->error : "cached",
			    60);
		}
		fputc('\n', fp);
		report_text_quality(fp, qr);
	}
	report_health_text(fp, health, now);
	report_approvals_text(fp, appr, now);
	report_issues_text(fp, issues, now);
	return ferror(fp) ? -1 : 0;
}

int
report_write(FILE *fp, struct store *store, enum report_format fmt,
    time_t now)
{
	struct snapset *pipes, *status, *git, *qs, *health, *envs, *appr;
	struct snapset *issues;
	struct snap *s;
	const struct api_status *st = NULL;
	int code, hcode, rc;

	pipes = store_acquire(store, STORE_PIPELINES);
	status = store_acquire(store, STORE_STATUS);
	git = store_acquire(store, STORE_GIT);
	qs = store_acquire(store, STORE_QUALITY);
	health = store_acquire(store, STORE_HEALTH);
	envs = store_acquire(store, STORE_ENV);
	appr = store_acquire(store, STORE_APPROVALS);
	issues = store_acquire(store, STORE_ISSUES);
	if ((s = snapset_find(status, "github")) != NULL)
		st = snap_data(s);
	code = report_code(pipes, git, qs, envs);
	if ((hcode = report_health_code(health)) > code)
		code = hcode;
	if (fmt == REPORT_JSON)
		rc = report_json(fp, pipes, git, qs, health, envs, appr,
		    issues, st, code, now);
	else
		rc = report_text(fp, pipes, git, qs, health, envs, appr,
		    issues, st, code, now);
	store_release(&issues);
	store_release(&appr);
	store_release(&envs);
	store_release(&health);
	store_release(&qs);
	store_release(&git);
	store_release(&status);
	store_release(&pipes);
	if (fflush(fp) != 0)
		rc = -1;
	return rc < 0 ? -1 : code;
}
