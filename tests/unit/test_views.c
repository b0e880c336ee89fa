/* Views on a view stack, drawn into a curses window off screen (newterm on
 * /dev/null, read back with winnstr): the run view pages its jobs and
 * stacks a job's log, Esc pops; the log view refuses to show a log it
 * cannot mask; the pipelines pane keeps its old snapshots when building
 * the new rows fails (runlist_build wrapped with ld --wrap). */
#include "config.h"

#include <ncurses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/detailmodel.h"
#include "opsdeck/envstate.h"
#include "opsdeck/pane.h"
#include "opsdeck/run.h"
#include "opsdeck/runlist.h"
#include "opsdeck/store.h"
#include "opsdeck/ui.h"
#include "opsdeck/view.h"
#include "opsdeck/xalloc.h"
#include "../../src/ui/views.h"
#include "../tap.h"

#define REPO	"octo/app"
#define RUN_ID	700
#define NJOBS	30
#define SECRET	"ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"

/* runlist_build, failing on demand. */
int __real_runlist_build(const struct repo_runs *const *, size_t,
    const struct runlist_filter *, enum runlist_sort, time_t,
    struct runlist_row **, size_t *);
int __wrap_runlist_build(const struct repo_runs *const *, size_t,
    const struct runlist_filter *, enum runlist_sort, time_t,
    struct runlist_row **, size_t *);
static int fail_runlist, runlist_builds;

int
__wrap_runlist_build(const struct repo_runs *const *repos, size_t n,
    const struct runlist_filter *f, enum runlist_sort sort, time_t now,
    struct runlist_row **rows, size_t *nrows)
{
	runlist_builds++;
	if (fail_runlist)
		return -1;
	return __real_runlist_build(repos, n, f, sort, now, rows, nrows);
}

static int asked_jobs, asked_log;

static void
want_jobs(void *arg, const char *repo, int64_t run_id)
{
	(void)arg;
	(void)repo;
	(void)run_id;
	asked_jobs++;
}

static void
want_log(void *arg, const char *repo, int64_t job_id, int follow)
{
	(void)arg;
	(void)repo;
	(void)job_id;
	(void)follow;
	asked_log++;
}

static char screen[64 * 256];

/* The window's text, rows joined by newlines. */
static const char *
text_of(WINDOW *w)
{
	char row[256];
	size_t len = 0;
	int y;

	screen[0] = '\0';
	for (y = 0; y < getmaxy(w); y++) {
		mvwinnstr(w, y, 0, row, (int)sizeof row - 1);
		len += (size_t)snprintf(screen + len, sizeof screen - len,
		    "%s\n", row);
	}
	return screen;
}

/* The selected job of the run view: its row starts " >". */
static int
selected_job(WINDOW *w)
{
	const char *t = text_of(w), *at = strstr(t, "\n > ");
	const char *s;

	if (at == NULL || (s = strstr(at, "job-")) == NULL)
		return -1;
	return (int)strtol(s + 4, NULL, 10);
}

static void
redraw(struct view_stack *s, WINDOW *w)
{
	werase(w);
	view_stack_draw(s, w, time(NULL));
}

static int runs_freed;

static void
count_free(void *p)
{
	runs_freed++;
	repo_runs_free_void(p);
}

/* One repository with one failed run of NJOBS jobs; job 12 failed. */
static struct snap *
runs_snap(const char *title, void (*free_fn)(void *))
{
	struct repo_runs *rr = xcalloc(1, sizeof *rr);
	struct run *r;
	struct job *j;
	int i;

	rr->repo = xstrdup(REPO);
	rr->runs = r = xcalloc(1, sizeof *r);
	rr->nruns = 1;
	rr->fetched_at = time(NULL) - 30;
	r->id = RUN_ID;
	r->workflow_id = 1;
	r->name = xstrdup("CI");
	r->display_title = xstrdup(title);
	r->head_branch = xstrdup("main");
	r->event = xstrdup("push");
	r->status = xstrdup("completed");
	r->conclusion = xstrdup("failure");
	r->actor = xstrdup("ann");
	r->html_url = xstrdup("https://github.com/octo/app/actions/runs/700");
	r->run_number = 7;
	r->run_attempt = 1;
	r->created_at = r->run_started_at = r->updated_at = time(NULL) - 600;
	r->jobs = j = xcalloc(NJOBS, sizeof *j);
	r->njobs = NJOBS;
	r->njobs_total = r->njobs_done = NJOBS;
	for (i = 0; i < NJOBS; i++) {
		j[i].id = 9000 + i;
		j[i].run_id = RUN_ID;
		j[i].name = xasprintf("job-%02d", i);
		j[i].status = xstrdup("completed");
		j[i].conclusion = xstrdup(i == 12 ? "failure" : "success");
		j[i].html_url = xasprintf("https://github.com/octo/app/"
		    "actions/runs/700/job/%d", 9000 + i);
	}
	return snap_new(REPO, rr, free_fn);
}

static void
free_bytes(const char *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((char *)data);
}

static void
publish_log(struct store *store, int64_t job_id)
{
	static const char log[] =
	    "2026-01-01T00:00:00.0000000Z ##[group]Run tests\n"
	    "2026-01-01T00:00:01.0000000Z token=" SECRET "\n"
	    "2026-01-01T00:00:02.0000000Z ##[error]Process completed with "
	    "exit code 1.\n";
	struct detailmodel_text *t = detailmodel_text_new(xstrdup(log), sizeof log - 1,
	    free_bytes, NULL);
	struct detailmodel_log *dl;
	char key[128];

	detailmodel_text_index(t);
	dl = detailmodel_log_new(REPO, job_id, t);
	dl->complete = true;
	dl->fetched_at = time(NULL);
	detailmodel_text_unref(&t);
	detailmodel_log_key(key, sizeof key, REPO, job_id);
	store_publish(store, STORE_DETAIL, snap_new(key, dl,
	    detailmodel_log_free_void));
}

/* The run the environments view opens (view_run needs it listed). */
static void
publish_runs_for_env(struct store *store)
{
	struct snap *sn = runs_snap("Deploy", repo_runs_free_void);
	struct repo_runs *rr = (struct repo_runs *)snap_data(sn);

	free(rr->repo);
	rr->repo = xstrdup("octo/a");
	store_publish(store, STORE_PIPELINES, snap_new("octo/a",
	    repo_runs_dup(rr), repo_runs_free_void));
	snap_unref(&sn);
}

static void
test_run_view(WINDOW *w)
{
	struct store *store = store_new(-1);
	struct ui_opts o;
	struct view_stack s;
	struct view_run_args ra = { REPO, RUN_ID };
	int rows = getmaxy(w), before;

	memset(&o, 0, sizeof o);
	o.src.want_jobs = want_jobs;
	o.src.want_log = want_log;
	store_publish(store, STORE_PIPELINES, runs_snap("Fix it",
	    repo_runs_free_void));
	view_stack_init(&s, &o, store);
	is_int(view_stack_push(&s, &view_run_ops, &ra), 0, "a run view opens");
	ok(view_stack_depth(&s) == 1 && view_stack_top(&s) == &view_run_ops,
	    "on the stack");
	is_int(asked_jobs, 1, "it asks for the run's jobs");
	is_str(view_stack_status(&s), REPO " > run #7", "its title part");
	redraw(&s, w);
	is_int(selected_job(w), 12, "the failed job is selected");
	/* 24 rows: 4 of head, then (24 - 4) / 2 = 10 for jobs. */
	view_stack_key(&s, ACT_PAGE_DOWN, rows);
	redraw(&s, w);
	is_int(selected_job(w), 21, "PgDn: a page of jobs (9) down");
	ok(strstr(text_of(w), "job-11") == NULL && strstr(screen, "job-21"),
	    "the list scrolled with it");
	view_stack_key(&s, ACT_PAGE_DOWN, rows);
	view_stack_key(&s, ACT_PAGE_DOWN, rows);
	redraw(&s, w);
	is_int(selected_job(w), NJOBS - 1, "and stops at the last job");
	view_stack_key(&s, ACT_PAGE_UP, rows);
	redraw(&s, w);
	is_int(selected_job(w), NJOBS - 10, "PgUp: a page up");
	view_stack_key(&s, ACT_TOP, rows);
	redraw(&s, w);
	is_int(selected_job(w), 0, "g: the first");
	view_stack_key(&s, ACT_BOTTOM, rows);
	view_stack_key(&s, ACT_UP, rows);
	redraw(&s, w);
	is_int(selected_job(w), NJOBS - 2, "G then k");

	before = asked_log;
	publish_log(store, 9000 + NJOBS - 2);
	ok(view_stack_key(&s, ACT_OPEN, rows) & PANE_HANDLED,
	    "Enter on a job");
	ok(view_stack_depth(&s) == 2 && view_stack_top(&s) == &view_log_ops,
	    "stacks its log view");
	is_int(asked_log, before + 1, "which asks for the log");
	is_str(view_stack_status(&s), REPO " > run #7 > job-28",
	    "the title walks the stack");
	view_stack_on_data(&s, store);
	redraw(&s, w);
	ok(strstr(text_of(w), "token=***") != NULL, "the log, its secret "
	    "masked");
	ok(strstr(screen, "ghp_") == NULL, "no byte of the token shown");
	ok(view_stack_key(&s, ACT_BACK, rows) & PANE_HANDLED,
	    "Esc is handled");
	ok(view_stack_depth(&s) == 1 && view_stack_top(&s) == &view_run_ops,
	    "and pops the log");
	redraw(&s, w);
	is_int(selected_job(w), NJOBS - 2, "the run view as it was left");
	view_stack_key(&s, ACT_BACK, rows);
	is_int((int)view_stack_depth(&s), 0, "Esc again: empty");
	is_int(view_stack_key(&s, ACT_DOWN, rows), 0,
	    "an empty stack handles nothing");
	view_stack_done(&s);
	store_free(&store);
}

static void
test_mask_fails_closed(WINDOW *w)
{
	static const char *const bad[] = { "(unclosed" };
	struct store *store = store_new(-1);
	struct ui_opts o;
	struct view_stack s;
	struct view_log_args la;
	struct job j;
	int before = asked_log;

	memset(&o, 0, sizeof o);
	memset(&j, 0, sizeof j);
	o.src.want_log = want_log;
	o.mask = bad;
	o.nmask = 1;
	j.id = 9001;
	j.name = "e2e";
	j.status = "completed";
	j.html_url = "https://github.com/octo/app/actions/runs/700/job/9001";
	publish_log(store, j.id);
	view_stack_init(&s, &o, store);
	la.repo = REPO;
	la.job = &j;
	is_int(view_stack_push(&s, &view_log_ops, &la), 0,
	    "a log view opens with a mask that does not compile");
	view_stack_on_data(&s, store);
	redraw(&s, w);
	ok(strstr(text_of(w), "masking unavailable") != NULL,
	    "it says masking is unavailable");
	ok(strstr(screen, "ghp_") == NULL && strstr(screen, "token=") ==
	    NULL && strstr(screen, "Run tests") == NULL,
	    "and shows no line of the log, masked or not");
	is_int(asked_log, before, "nor fetches it");
	is_int(view_stack_key(&s, ACT_SEARCH, getmaxy(w)), 0,
	    "search is refused: a match would tell what the mask hides");
	view_stack_key(&s, ACT_BOTTOM, getmaxy(w));
	redraw(&s, w);
	ok(strstr(text_of(w), "ghp_") == NULL, "nothing after moving either");
	view_stack_key(&s, ACT_BACK, getmaxy(w));
	is_int((int)view_stack_depth(&s), 0, "Esc closes it");
	view_stack_done(&s);
	store_free(&store);
}

static void
test_pipelines_keep_old(WINDOW *w)
{
	const struct pane_ops *ops = &pane_pipelines_ops;
	struct store *store = store_new(-1);
	struct ui_opts o;
	int builds;
	void *p;

	memset(&o, 0, sizeof o);
	runs_freed = 0;
	store_publish(store, STORE_PIPELINES, runs_snap("Old title",
	    count_free));
	p = ops->create(&o, store);
	ops->on_data(p, store);
	werase(w);
	ops->draw(p, w, 1, time(NULL));
	ok(strstr(text_of(w), "Old title") != NULL, "the list shows the run");

	store_publish(store, STORE_PIPELINES, runs_snap("New title",
	    repo_runs_free_void));
	fail_runlist = 1;
	ops->on_data(p, store);
	is_int(runs_freed, 0, "building the new rows failed: the old "
	    "snapshot is still held");
	werase(w);
	ops->draw(p, w, 1, time(NULL));
	ok(strstr(text_of(w), "Old title") != NULL &&
	    strstr(screen, "out of memory") != NULL,
	    "the old rows are drawn, said to be out of date");
	ok(ops->data_time(p) != 0, "the data age still reads the old set");
	ok(ops->key(p, ACT_SORT, getmaxy(w)) & PANE_HANDLED,
	    "a sort that cannot rebuild");
	werase(w);
	ops->draw(p, w, 1, time(NULL));
	ok(strstr(text_of(w), "Old title") != NULL, "keeps the rows too");

	fail_runlist = 0;
	ops->on_data(p, store);
	is_int(runs_freed, 1, "once rebuilt, the old snapshot goes");
	werase(w);
	ops->draw(p, w, 1, time(NULL));
	ok(strstr(text_of(w), "New title") != NULL, "and the new run shows");

	builds = runlist_builds;
	publish_log(store, 9001);
	ok(ops->on_data(p, store) & PANE_REDRAW, "a log arrives");
	is_int(runlist_builds, builds, "the list is not rebuilt for it");
	werase(w);
	ops->draw(p, w, 1, time(NULL));
	ok(strstr(text_of(w), "New title") != NULL, "and is drawn as it was");
	ops->destroy(p);
	store_free(&store);
}

/* A repository's environments: names in order, SHAs (NULL: none). */
static void
publish_envs(struct store *store, const char *repo, const char *const *names,
    const char *const *shas, size_t n)
{
	struct repo_envs *re = xcalloc(1, sizeof *re);
	size_t i;

	re->repo = xstrdup(repo);
	re->default_branch = xstrdup("main");
	re->envs = xcalloc(n, sizeof *re->envs);
	re->nenvs = n;
	re->fetched_at = time(NULL);
	for (i = 0; i < n; i++) {
		re->envs[i].name = xstrdup(names[i]);
		re->envs[i].sha = shas[i] != NULL ? xstrdup(shas[i]) : NULL;
		re->envs[i].creator = xstrdup("ann");
		re->envs[i].deployed_at = time(NULL) - 3600;
		re->envs[i].behind_prev = i > 0 ? (int)i : -1;
		re->envs[i].behind_default = (int)i;
		re->envs[i].is_protected = strstr(names[i], "prod") != NULL;
		re->envs[i].run_id = i == 0 ? RUN_ID : 0;
	}
	store_publish(store, STORE_ENV, snap_new(repo, re,
	    repo_envs_free_void));
}

/* The environments view: the grid of two repositories, the selection
 * accessor the actions use, the selection kept by name across polls, an
 * empty cell, Enter to the run, the list of one repository, and a hostile
 * name drawn inert. */
static void
test_env_view(WINDOW *w)
{
	static const char *const an[] = { "dev", "staging", "production" };
	static const char *const as[] = { "aaaaaaa111", "bbbbbbb222",
	    "ccccccc333" };
	static const char *const bn[] = { "dev", "production" };
	static const char *const bs[] = { "ddddddd444", NULL };
	static const char *const hn[] = { "\033[2Jevil" };
	static const char *const hs[] = { "eeeeeee555" };
	struct ui_opts o;
	struct store *store = store_new(-1);
	struct view_stack s;
	const char *repo, *env, *t;

	memset(&o, 0, sizeof o);
	view_stack_init(&s, &o, store);
	publish_envs(store, "octo/a", an, as, 3);
	publish_envs(store, "octo/b", bn, bs, 2);
	publish_runs_for_env(store);
	ok(view_env_open_on(&s) & PANE_HANDLED, "E pushes the view");
	ok(view_stack_top(&s) == &view_env_ops, "  it is on top");
	view_env_open_on(&s);
	is_int((int)view_stack_depth(&s), 1, "  E again pushes no second one");
	redraw(&s, w);
	t = text_of(w);
	ok(strstr(t, "dev") != NULL && strstr(t, "production") != NULL &&
	    strstr(t, "octo/a") != NULL && strstr(t, "octo/b") != NULL,
	    "two repositories: the grid");
	ok(strstr(t, "ccccccc 1h [P]") != NULL, "  a cell: SHA, age, mark");
	ok(view_env_selection(s.v[0].priv, &repo, &env) == 0 &&
	    strcmp(repo, "octo/a") == 0 && strcmp(env, "dev") == 0,
	    "view_env_selection: octo/a dev first");
	view_stack_key(&s, ACT_NEXT_COLUMN, 20);
	view_stack_key(&s, ACT_DOWN, 20);
	ok(view_env_selection(s.v[0].priv, &repo, &env) != 0 && repo == NULL,
	    "octo/b has no staging: nothing selected");
	view_stack_key(&s, ACT_NEXT_COLUMN, 20);
	ok(view_env_selection(s.v[0].priv, &repo, &env) == 0 &&
	    strcmp(repo, "octo/b") == 0 && strcmp(env, "production") == 0,
	    "  l: octo/b production");
	ok(view_env_selected_repo(s.v[0].priv) != NULL &&
	    strcmp(view_env_selected_repo(s.v[0].priv)->repo, "octo/b") == 0,
	    "  view_env_selected_repo: its snapshot");
	/* A poll that adds a repository before it: the selection stays. */
	publish_envs(store, "octo/0", bn, bs, 2);
	view_stack_on_data(&s, store);
	ok(view_env_selection(s.v[0].priv, &repo, &env) == 0 &&
	    strcmp(repo, "octo/b") == 0 && strcmp(env, "production") == 0,
	    "a new repository sorted first: the selection kept by name");
	store_remove(store, STORE_ENV, "octo/0");
	view_stack_on_data(&s, store);
	view_stack_key(&s, ACT_UP, 20);
	view_stack_key(&s, ACT_PREV_COLUMN, 20);
	view_stack_key(&s, ACT_PREV_COLUMN, 20);
	ok(view_env_selection(s.v[0].priv, &repo, &env) == 0 &&
	    strcmp(repo, "octo/a") == 0 && strcmp(env, "dev") == 0,
	    "k h h: back to octo/a dev");
	view_stack_key(&s, ACT_OPEN, 20);
	is_int((int)view_stack_depth(&s), 2, "Enter on a deployment with a run: "
	    "the run view on top");
	view_stack_key(&s, ACT_BACK, 20);
	is_int((int)view_stack_depth(&s), 1, "  Esc: back to the grid");
	view_stack_key(&s, ACT_BACK, 20);
	is_int((int)view_stack_depth(&s), 0, "  Esc: the view closes");

	store_remove(store, STORE_ENV, "octo/b");
	publish_envs(store, "octo/a", hn, hs, 1);
	view_env_open_on(&s);
	redraw(&s, w);
	t = text_of(w);
	ok(strstr(t, "ENVIRONMENT") != NULL && strstr(t, "> ") != NULL,
	    "one repository: the list");
	ok(strchr(t, '\033') == NULL && strstr(t, "evil") != NULL,
	    "  a hostile name is drawn, inert");
	view_stack_done(&s);
	store_free(&store);
}

int
main(void)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr;
	WINDOW *w;

	if (out == NULL || in == NULL ||
	    (scr = newterm("vt100", out, in)) == NULL)
		tap_skip_all("no vt100 terminfo entry for an off-screen "
		    "window");
	w = newwin(24, 100, 0, 0);
	test_run_view(w);
	test_mask_fails_closed(w);
	test_pipelines_keep_old(w);
	test_env_view(w);
	delwin(w);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return tap_done();
}
