/* qualitysrc: the quality source (see qualitysrc.h): one poll job per
 * repository reading the commits of interest and what GitHub says about
 * each, turned into scores and gate results with the quality model; the
 * same walk over the disk cache alone paints the last known state, marked
 * stale (at start, and when the repository cannot be read). Its config
 * tables are in qualitysrc_conf.c. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "opsdeck/buf.h"
#include "opsdeck/conf.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/ghparse_quality.h"
#include "opsdeck/clock.h"
#include "opsdeck/deploy.h"
#include "opsdeck/envconf.h"
#include "opsdeck/envstate.h"
#include "opsdeck/governor.h"
#include "opsdeck/issues.h"
#include "opsdeck/log.h"
#include "opsdeck/quality.h"
#include "opsdeck/qualitysrc.h"
#include "opsdeck/sched.h"
#include "opsdeck/source.h"
#include "opsdeck/store.h"
#include "opsdeck/transport.h"
#include "opsdeck/worker.h"
#include "opsdeck/xalloc.h"

#define CHECK_PAGES	3	/* 300 check runs per commit */
#define ALERT_PAGES	3
#define MAX_ENVS	16
#define MAX_DEPLOYED	12	/* environments' SHAs and roll back targets */
/* How often a repository that deploys looks (in the store, no request)
 * whether its environments' SHAs changed. */
#define ENV_CHECK_MS	5000
#define BACKOFF_MAX_S	600

struct qsrc;

struct qrepo {
	struct qsrc		*q;
	char			*slug;
	int			 gov_slot;	/* in the governor */
	unsigned		 failures;
	struct quality_history	 history;
	/* A repository that deploys: what its environments ran at the
	 * last poll, so that a deploy's new SHA is scored within
	 * ENV_CHECK_MS, not at the next interval. */
	bool			 deploys;
	char			*deployed_key;
	int64_t			 due_ms;
	int			 job;		/* in sched */
	bool			 refresh;	/* kicked: poll, due or not */
	/* The default branch of the repository answer last parsed, by the
	 * answer's length and digest: that answer is a whole repository (24
	 * KB in GitHub's example) for one field, and it comes back the same
	 * (a 304) nearly every poll. The job's alone. */
	char			*branch_of;
	struct buf_mark		 branch_from;
};

struct qsrc {
	const struct conf	*cfg;
	const struct quality_conf *qc;
	struct ghclient		*gc;
	struct governor		*gov;	/* the client's request budget */
	struct store		*store;
	struct quality_rules	*rules;
	struct qrepo		**repos;
	size_t			 nrepos;
	struct sched		*sched;		/* once scheduled */
};

/* --- requests --- */

/* A ref for a URL path: unreserved characters and '/' as they are, the
 * rest percent-encoded; NULL for a name git would refuse ("..", empty). */
static char *
path_escape(const char *s, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out, *p;

	if (s == NULL || *s == '\0' || strstr(s, "..") != NULL)
		return NULL;
	out = p = xmalloc(strlen(s) * 3 + 1);
	for (; *s != '\0'; s++) {
		if (isalnum((unsigned char)*s) || strchr("-._~", *s) != NULL ||
		    (keep_slash && *s == '/'))
			*p++ = *s;
		else {
			*p++ = '%';
			*p++ = hex[(unsigned char)*s >> 4];
			*p++ = hex[(unsigned char)*s & 15];
		}
	}
	*p = '\0';
	return out;
}

static bool
is_sha(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < 40; i++) {
		if (!isxdigit((unsigned char)s[i]) ||
		    isupper((unsigned char)s[i]))
			return false;
	}
	return s != NULL && s[40] == '\0';
}

/* One poll's state: the worker's transport, whether a rate-limit wait
 * began, and whether the answers come from the disk cache alone (the last
 * known state, at start or when the repository cannot be read). */
struct poll {
	struct qrepo		*rp;
	struct transport	*h;
	bool			 waiting;
	bool			 cached;
};

/* GET path: 0 with the body in r, 1 for 403/404 (no access), -1 on any
 * other failure (*why says what). */
static int
get(struct poll *p, const char *path, struct ghclient_response *r,
    char *why, size_t size)
{
	struct ghclient *gc = p->rp->q->gc;
	enum ghclient_class k;
	time_t wait = ghclient_wait_until(gc);

	ghclient_response_init(r);
	if (p->cached) {
		/* First pages only: the cache keeps bodies, not their Link. */
		if (ghclient_cached(gc, path, &r->http.body) == 0)
			return 0;
		snprintf(why, size, "not in the cache");
		return -1;
	}
	if (wait > time(NULL)) {
		p->waiting = true;
		ghclient_format_until(why, size, "waiting", wait);
		return -1;
	}
	if (ghclient_get(gc, p->h, path, 0, r) != 0) {
		ghclient_describe(r, why, size);
		return -1;
	}
	k = ghclient_classify(r);
	if (k == GHCLIENT_OK || k == GHCLIENT_NOT_MODIFIED)
		return 0;
	if (k == GHCLIENT_RATE_PRIMARY || k == GHCLIENT_RATE_SECONDARY)
		p->waiting = true;
	ghclient_describe(r, why, size);
	/* Code scanning or Dependabot not enabled, or no permission for
	 * them: GitHub says 403 or 404. */
	if ((r->http.status == 403 && k != GHCLIENT_RATE_PRIMARY &&
	    k != GHCLIENT_RATE_SECONDARY) || r->http.status == 404)
		return 1;
	return -1;
}

/* The check runs of ref, Link followed for a few pages. */
static int
get_check_runs(struct poll *p, const char *ref, struct quality_commit *c,
    char **head, char *why, size_t size)
{
	struct ghclient_response r;
	char *url, *cause = NULL, *h = NULL;
	long total;
	int page, rc = 0;

	*head = NULL;
	url = xasprintf("/repos/%s/commits/%s/check-runs?per_page=100",
	    p->rp->slug, ref);
	for (page = 0; url != NULL && rc == 0 && page < CHECK_PAGES; page++) {
		if ((rc = get(p, url, &r, why, size)) != 0)
			rc = -1;
		else if (ghparse_check_runs(r.http.body.data, r.http.body.len,
		    c, &total, &h, &cause) != 0) {
			snprintf(why, size, "check runs: %s", cause);
			rc = -1;
		}
		if (*head == NULL)
			*head = h;
		else
			free(h);
		h = NULL;
		free(url);
		url = rc == 0 && r.http.next_url != NULL ?
		    xstrdup(r.http.next_url) : NULL;
		ghclient_response_done(&r);
	}
	free(url);
	free(cause);
	return rc;
}

static void
get_annotations(struct poll *p, struct quality_check *ck)
{
	struct ghclient_response r;
	char *url, why[256], *cause = NULL;

	url = xasprintf("/repos/%s/check-runs/%lld/annotations?per_page=100",
	    p->rp->slug, (long long)ck->id);
	if (get(p, url, &r, why, sizeof why) == 0 &&
	    ghparse_annotations(r.http.body.data, r.http.body.len, ck,
	    &cause) == 0)
		ck->ann_read = r.http.next_url == NULL;	/* else counts only */
	else
		log_warn("%s: annotations of %lld: %s", p->rp->slug,
		    (long long)ck->id, cause != NULL ? cause : why);
	free(cause);
	free(url);
	ghclient_response_done(&r);
}

/* Open alerts of one kind ("code-scanning", "dependabot"), ref only for
 * code scanning (refs/heads/B, refs/pull/N/merge; NULL: default). */
static void
get_alerts(struct poll *p, const char *kind, const char *ref,
    struct quality_alerts *a)
{
	struct ghclient_response r;
	char *url, *eref = ref != NULL ? path_escape(ref, false) : NULL;
	char why[256], *cause = NULL;
	int page, rc = 0;

	memset(a, 0, sizeof *a);
	url = xasprintf("/repos/%s/%s/alerts?state=open&per_page=100%s%s",
	    p->rp->slug, kind, eref != NULL ? "&ref=" : "",
	    eref != NULL ? eref : "");
	free(eref);
	for (page = 0; url != NULL && rc == 0 && page < ALERT_PAGES; page++) {
		rc = get(p, url, &r, why, sizeof why);
		if (rc == 0 && (strcmp(kind, "dependabot") == 0 ?
		    ghparse_dependabot_alerts : ghparse_code_scanning_alerts)(
		    r.http.body.data, r.http.body.len, a, &cause) != 0) {
			snprintf(why, sizeof why, "bad JSON: %s", cause);
			rc = -1;
		}
		free(url);
		url = rc == 0 && r.http.next_url != NULL ?
		    xstrdup(r.http.next_url) : NULL;
		ghclient_response_done(&r);
	}
	free(url);
	free(cause);
	a->access = rc == 0 ? QUALITY_READ : rc > 0 ? QUALITY_NO_ACCESS :
	    QUALITY_ERROR;
	if (rc != 0)
		memset(a->sev, 0, sizeof a->sev);
	if (rc < 0)
		a->error = xstrdup(why);
}

/* One commit: ref names it in the URL (a SHA, or heads/BRANCH for the
 * default head, whose SHA the status gives). */
static void
get_commit(struct poll *p, const char *ref, const char *scan_ref,
    struct quality_commit *c, int *annotated)
{
	struct ghclient_response r;
	const struct quality_conf *qc = p->rp->q->qc;
	char *url, *sha = NULL, *head = NULL, *cause = NULL, why[256];
	size_t i;
	int rc;

	url = xasprintf("/repos/%s/commits/%s/status?per_page=100",
	    p->rp->slug, ref);
	rc = get(p, url, &r, why, sizeof why);
	free(url);
	if (rc == 0 && ghparse_combined_status(r.http.body.data,
	    r.http.body.len, c, &sha, &cause) != 0) {
		snprintf(why, sizeof why, "status: %s", cause);
		rc = -1;
	}
	ghclient_response_done(&r);
	if (rc == 0)
		rc = get_check_runs(p, ref, c, &head, why, sizeof why);
	if (c->sha == NULL && is_sha(sha))
		c->sha = xstrdup(sha);
	else if (c->sha == NULL && is_sha(head))
		c->sha = xstrdup(head);
	free(sha);
	free(head);
	free(cause);
	if (rc != 0) {
		c->error = xstrdup(why);
		return;
	}
	c->checks_read = true;
	for (i = 0; i < c->nchecks && *annotated < qc->max_annotated; i++) {
		if (c->checks[i].is_status || c->checks[i].annotations_count <= 0)
			continue;
		get_annotations(p, &c->checks[i]);
		(*annotated)++;
	}
	get_alerts(p, "code-scanning", scan_ref, &c->code_scanning);
}

/* The open issues labelled label as the issues source last found them
 * (STORE_ISSUES): the same list the issues pane shows, so closing the
 * issue passes the gate at the next poll. -2: it cannot tell (no list,
 * or the label is not watched there). */
static int
store_label_count(struct poll *p, const char *label)
{
	struct snapset *set = store_acquire(p->rp->q->store, STORE_ISSUES);
	const struct repo_issues *ri = snapset_find_data(set, p->rp->slug);
	int n = ri != NULL ? issues_open_labelled(ri, label) : -2;

	store_release(&set);
	return n;
}

static void
label_counts(struct poll *p, struct quality_repo *qr,
    const struct quality_gates *g, size_t ng)
{
	struct ghclient_response r;
	char *url, *el, why[256], *cause = NULL;
	size_t i, j;
	int n;

	for (i = 0; i < ng; i++) {
		if (g[i].no_open_issues_labelled == NULL)
			continue;
		for (j = 0; j < qr->nlabels; j++) {
			if (strcmp(qr->labels[j].label,
			    g[i].no_open_issues_labelled) == 0)
				break;
		}
		if (j < qr->nlabels)
			continue;
		qr->labels = xreallocarray(qr->labels, qr->nlabels + 1,
		    sizeof *qr->labels);
		qr->labels[qr->nlabels].label =
		    xstrdup(g[i].no_open_issues_labelled);
		qr->labels[qr->nlabels].open = -1;
		if ((n = store_label_count(p, g[i].no_open_issues_labelled)) >
		    -2) {
			qr->labels[qr->nlabels++].open = n;
			continue;
		}
		el = path_escape(g[i].no_open_issues_labelled, false);
		url = xasprintf("/repos/%s/issues?state=open&per_page=100"
		    "&labels=%s", p->rp->slug, el != NULL ? el : "");
		free(el);
		if (get(p, url, &r, why, sizeof why) == 0 &&
		    ghparse_open_issues(r.http.body.data, r.http.body.len, &n,
		    &cause) == 0)
			qr->labels[qr->nlabels].open = n;
		free(cause);
		cause = NULL;
		free(url);
		ghclient_response_done(&r);
		qr->nlabels++;
	}
}

/* --- building what is published --- */

static void
entry_finish(struct qsrc *q, struct quality_repo *qr, struct quality_entry *e,
    const struct quality_gates *g, size_t ng)
{
	const struct quality_point *green;
	size_t i;

	quality_summarize(q->rules, &e->c, &e->s);
	green = quality_history_last_green(&qr->history, e->c.sha);
	if (green != NULL && e->s.score.known) {
		e->delta_known = true;
		e->delta = e->s.score.score - green->score;
		snprintf(e->green_sha, sizeof e->green_sha, "%s", green->sha);
	}
	e->gates = xcalloc(ng + 1, sizeof *e->gates);
	for (i = 0; i < ng; i++) {
		e->gates[i].env = xstrdup(g[i].env);
		e->gates[i].configured = g[i].configured;
		e->gates[i].set_by_user = g[i].set_by_user;
		quality_gates_eval(&g[i], &e->c, &e->s, qr->labels,
		    qr->nlabels, &e->gates[i].r);
	}
	e->ngates = ng;
}

static struct quality_entry *
entry_add(struct quality_repo *qr)
{
	qr->v = xreallocarray(qr->v, qr->n + 1, sizeof *qr->v);
	memset(&qr->v[qr->n], 0, sizeof qr->v[0]);
	return &qr->v[qr->n++];
}

static void
quality_repo_free_cb(void *qr)
{
	quality_repo_free(qr);
}

static void
publish(struct qrepo *rp, struct quality_repo *qr)
{
	struct qsrc *q = rp->q;

	store_publish(q->store, STORE_QUALITY, snap_new(rp->slug, qr,
	    quality_repo_free_cb));
}

/* The last data again, stale with why (a failed or waiting poll). */
static void
publish_stale(struct qrepo *rp, const char *why)
{
	struct quality_repo *qr = xcalloc(1, sizeof *qr);

	qr->slug = xstrdup(rp->slug);
	qr->stale = true;
	qr->error = xstrdup(why);
	qr->history = rp->history;
	/* The commits are not copied: the pane shows the error instead. */
	publish(rp, qr);
}

/* The pull requests' heads, in the order GitHub lists them. */
static int
get_pulls(struct poll *p, struct quality_pull **v, size_t *n, char *why,
    size_t size)
{
	struct ghclient_response r;
	char *url, *cause = NULL;
	int rc;

	*v = NULL;
	*n = 0;
	if (p->rp->q->qc->max_pulls <= 0)
		return 0;
	url = xasprintf("/repos/%s/pulls?state=open&per_page=%d",
	    p->rp->slug, p->rp->q->qc->max_pulls);
	rc = get(p, url, &r, why, size) != 0 ? -1 : 0;
	if (rc == 0 && ghparse_pulls(r.http.body.data, r.http.body.len, v, n,
	    &cause) != 0) {
		snprintf(why, size, "pulls: %s", cause);
		rc = -1;
	}
	free(cause);
	free(url);
	ghclient_response_done(&r);
	return rc;
}

static int
get_branch(struct poll *p, char **branch, char *why, size_t size)
{
	struct ghclient_response r;
	char *url, *cause = NULL;
	int rc;

	url = xasprintf("/repos/%s", p->rp->slug);
	rc = get(p, url, &r, why, size) != 0 ? -1 : 0;
	if (rc == 0 && !p->cached && p->rp->branch_of != NULL &&
	    buf_mark_is(&p->rp->branch_from, &r.http.body))
		*branch = xstrdup(p->rp->branch_of);	/* the same answer */
	else if (rc == 0 && ghparse_repo_default_branch(r.http.body.data,
	    r.http.body.len, branch, &cause) != 0) {
		snprintf(why, size, "repository: %s", cause);
		rc = -1;
	} else if (rc == 0 && !p->cached && *branch != NULL) {
		free(p->rp->branch_of);
		p->rp->branch_of = xstrdup(*branch);
		buf_mark_set(&p->rp->branch_from, &r.http.body);
	}
	free(cause);
	free(url);
	ghclient_response_done(&r);
	return rc;
}

static void
gates_load(const struct conf *cfg, const char *slug, struct quality_gates *g,
    size_t *ng)
{
	const char *names[MAX_ENVS];
	size_t i;

	*ng = qualitysrc_envs(cfg, slug, names, MAX_ENVS);
	for (i = 0; i < *ng; i++)
		qualitysrc_gates(cfg, slug, names[i], &g[i]);
}

/* One poll of a repository; 0 when everything was read. With stale (a
 * reason), from the disk cache only: published marked stale, or nothing
 * published (-1) when the cache has not even the repository. */
/* What the environments run, and the first earlier good deployment of
 * each (a roll back's target), as the environments source last published
 * them: a deploy's or roll back's gates are evaluated on these. Copied
 * out first: no snapshot is held across requests. */
static size_t
deployed_shas(struct qsrc *q, const char *slug, char **sha, char **label,
    size_t max, bool *read)
{
	struct snapset *set = store_acquire(q->store, STORE_ENV);
	const struct repo_envs *re = snapset_find_data(set, slug);
	struct deploy_candidate *c = NULL;
	size_t n = 0, nc, i;

	*read = re != NULL && !re->stale;
	for (i = 0; re != NULL && i < re->nenvs && n < max; i++) {
		if (re->envs[i].sha == NULL)
			continue;
		sha[n] = xstrdup(re->envs[i].sha);
		label[n++] = xstrdup(re->envs[i].name);
	}
	for (i = 0; re != NULL && i < re->nenvs && n < max; i++) {
		nc = 0;
		(void)deploy_rollback_candidates(re->deps, re->ndeps,
		    re->envs[i].name, &c, &nc);
		if (nc > 0 && c[0].deployment->sha != NULL) {
			sha[n] = xstrdup(c[0].deployment->sha);
			label[n++] = xasprintf("%s previous", re->envs[i].name);
		}
		free(c);
		c = NULL;
	}
	store_release(&set);
	return n;
}

static void
get_deployed(struct poll *p, struct quality_repo *qr, int *annotated)
{
	char *sha[MAX_DEPLOYED], *label[MAX_DEPLOYED];
	struct quality_entry *e;
	size_t n, i;

	n = deployed_shas(p->rp->q, p->rp->slug, sha, label, MAX_DEPLOYED,
	    &qr->deployed_read);
	for (i = 0; i < n; i++) {
		if (!p->waiting && is_sha(sha[i]) &&
		    quality_repo_find(qr, sha[i]) == NULL) {
			e = entry_add(qr);
			e->c.kind = QUALITY_DEPLOYED;
			e->c.sha = sha[i];
			e->c.label = label[i];
			/* A SHA names no ref: code scanning's alerts are
			 * then the default branch's. */
			get_commit(p, sha[i], NULL, &e->c, annotated);
			continue;
		}
		free(sha[i]);
		free(label[i]);
	}
}

static int
poll_repo(struct qrepo *rp, struct transport *h, const char *stale)
{
	struct qsrc *q = rp->q;
	struct poll p = { rp, h, false, stale != NULL };
	struct quality_repo *qr;
	struct quality_gates g[MAX_ENVS];
	struct quality_alerts dep;
	struct quality_pull *pulls = NULL;
	struct quality_entry *e;
	struct quality_point pt;
	size_t i, npulls = 0, ng;
	char why[256], *branch = NULL, *ref, *scan;
	int annotated = 0, rc = 0;

	if (get_branch(&p, &branch, why, sizeof why) != 0 ||
	    (ref = path_escape(branch, true)) == NULL) {
		if (branch != NULL)
			snprintf(why, sizeof why, "default branch: not a "
			    "branch name");
		free(branch);
		if (stale != NULL)
			return -1;
		/* The last known commits, marked stale, else the reason. */
		if (poll_repo(rp, h, why) != 0)
			publish_stale(rp, why);
		return -1;
	}
	qr = xcalloc(1, sizeof *qr);
	qr->slug = xstrdup(rp->slug);
	qr->branch = branch;
	qr->fetched_at = time(NULL);
	e = entry_add(qr);
	e->c.kind = QUALITY_DEFAULT;
	e->c.label = xstrdup(branch);
	/* "heads/BRANCH": a branch named like a SHA or a tag stays a branch. */
	scan = xasprintf("heads/%s", ref);
	free(ref);
	ref = scan;
	scan = xasprintf("refs/heads/%s", branch);
	get_commit(&p, ref, scan, &e->c, &annotated);
	free(scan);
	free(ref);
	if (get_pulls(&p, &pulls, &npulls, why, sizeof why) != 0) {
		free(qr->error);
		qr->error = xstrdup(why);
		rc = -1;
	}
	for (i = 0; i < npulls && !p.waiting; i++) {
		if (!is_sha(pulls[i].head_sha))
			continue;
		e = entry_add(qr);
		e->c.kind = QUALITY_PULL;
		e->c.sha = xstrdup(pulls[i].head_sha);
		e->c.label = xasprintf("#%d %s", pulls[i].number,
		    pulls[i].head_ref != NULL ? pulls[i].head_ref : "");
		scan = xasprintf("refs/pull/%d/merge", pulls[i].number);
		get_commit(&p, pulls[i].head_sha, scan, &e->c, &annotated);
		free(scan);
	}
	quality_pulls_free(pulls, npulls);
	get_deployed(&p, qr, &annotated);
	/* Dependabot's alerts are the repository's (its default branch's
	 * manifests): every commit shown carries them. */
	get_alerts(&p, "dependabot", NULL, &dep);
	gates_load(q->cfg, rp->slug, g, &ng);
	label_counts(&p, qr, g, ng);
	for (i = 0; i < qr->n; i++) {
		e = &qr->v[i];
		e->c.dependabot = dep;
		e->c.dependabot.error = dep.error != NULL ?
		    xstrdup(dep.error) : NULL;
		if (e->c.error != NULL)
			rc = -1;
		entry_finish(q, qr, e, g, ng);
	}
	free(dep.error);
	for (i = 0; i < ng; i++)
		quality_gates_done(&g[i]);
	/* The default head joins the history once its figures are known
	 * (fresh ones: the cache's are already in it, or from another run). */
	e = &qr->v[0];
	if (stale == NULL && e->c.sha != NULL && e->c.checks_read) {
		memset(&pt, 0, sizeof pt);
		snprintf(pt.sha, sizeof pt.sha, "%s", e->c.sha);
		pt.at = qr->fetched_at;
		pt.score_known = e->s.score.known;
		pt.score = e->s.score.score;
		pt.coverage_known = e->s.coverage_known;
		pt.coverage = e->s.coverage;
		pt.green = e->s.green;
		quality_history_add(&rp->history, &pt);
	}
	qr->history = rp->history;
	if (stale != NULL) {
		free(qr->error);
		qr->error = xstrdup(stale);
		qr->stale = true;
	} else if (p.waiting && qr->error == NULL) {
		qr->error = xstrdup(e->c.error != NULL ? e->c.error :
		    "rate limited");
		qr->stale = true;
	}
	publish(rp, qr);
	return rc;
}

/* The SHAs the environments source shows for slug, joined ("" when it
 * shows none yet). Malloc'd. */
static char *
deployed_key(struct qsrc *q, const char *slug)
{
	char *sha[MAX_DEPLOYED], *label[MAX_DEPLOYED], *key = xstrdup(""), *k;
	size_t n, i;
	bool read;

	n = deployed_shas(q, slug, sha, label, MAX_DEPLOYED, &read);
	for (i = 0; i < n; i++) {
		k = xasprintf("%s%s ", key, sha[i]);
		free(key);
		key = k;
		free(sha[i]);
		free(label[i]);
	}
	return key;
}

static int64_t
poll_delay(struct qrepo *rp, int rc)
{
	int64_t delay = (int64_t)rp->q->qc->interval_s * 1000;
	unsigned i;

	if (rc == 0) {
		rp->failures = 0;
		return delay;
	}
	/* Exponential backoff on errors, never past 10 minutes. */
	rp->failures++;
	for (i = 1; i < rp->failures && delay < BACKOFF_MAX_S * 1000; i++)
		delay *= 2;
	return delay > BACKOFF_MAX_S * 1000 ? BACKOFF_MAX_S * 1000 : delay;
}

static int64_t
repo_job(void *arg, void *ctx)
{
	struct qrepo *rp = arg;
	struct worker_ctx *w = ctx;
	int64_t now = clock_mono_ms(), delay, wait;
	unsigned long sent0;
	char *key = NULL;
	int rc;

	if (w == NULL || w->tp == NULL)
		return 60000;
	/* Early (a look at what the environments run): a poll only for a
	 * new deployed SHA, or when the user asked for a refresh (kept
	 * while the request budget holds the poll back). */
	if (sched_run_kicked(rp->q->sched, rp->job))
		rp->refresh = true;
	if (rp->deploys) {
		key = deployed_key(rp->q, rp->slug);
		if (!rp->refresh && now < rp->due_ms &&
		    rp->deployed_key != NULL &&
		    strcmp(key, rp->deployed_key) == 0) {
			free(key);
			return rp->due_ms - now < ENV_CHECK_MS ?
			    rp->due_ms - now : ENV_CHECK_MS;
		}
	}
	/* Not its turn in the shared request budget yet. */
	if ((wait = governor_admit(rp->q->gov, rp->gov_slot)) > 0) {
		free(key);
		return wait;
	}
	rp->refresh = false;
	sent0 = transport_sent(w->tp);
	rc = poll_repo(rp, w->tp, NULL);
	/* The header's budget counts these requests too. */
	source_publish_status(rp->q->store, rp->q->gc, false);
	delay = governor_done(rp->q->gov, rp->gov_slot, poll_delay(rp, rc),
	    (unsigned)(transport_sent(w->tp) - sent0));
	rp->due_ms = now + delay;
	free(rp->deployed_key);
	rp->deployed_key = key;
	return rp->deploys && delay > ENV_CHECK_MS ? ENV_CHECK_MS : delay;
}

/* --- the source interface --- */

static void *
quality_create(const struct source_env *env, char **cause)
{
	const struct quality_conf *qc = conf_values(env->cfg,
	    &quality_conf_table);
	struct quality_formula f;
	struct qsrc *q;
	size_t i;

	q = xcalloc(1, sizeof *q);
	q->cfg = env->cfg;
	q->qc = qc;
	q->gc = env->github;
	q->store = env->store;
	f.lint_weight = qc->lint_weight;
	f.complex_weight = qc->complex_weight;
	f.security_weight = qc->security_weight;
	f.duplication_penalty = qc->duplication_penalty;
	if ((q->rules = quality_rules_new(&f, &qc->coverage, &qc->lint,
	    &qc->complex, &qc->security, &qc->duplication, cause)) == NULL) {
		free(q);
		return NULL;
	}
	if (!qc->enabled || q->gc == NULL)
		return q;
	q->gov = ghclient_governor(q->gc);
	for (i = 0; i < env->cfg->nrepos; i++) {
		q->repos = xreallocarray(q->repos, q->nrepos + 1,
		    sizeof *q->repos);
		q->repos[q->nrepos] = xcalloc(1, sizeof **q->repos);
		q->repos[q->nrepos]->q = q;
		q->repos[q->nrepos]->slug = xstrdup(env->cfg->repos[i].name);
		q->repos[q->nrepos]->deploys = envconf_wanted(env->cfg,
		    &env->cfg->repos[i]);
		q->repos[q->nrepos]->gov_slot = governor_slot(q->gov,
		    env->cfg->repos[i].name, (int64_t)qc->interval_s * 1000);
		q->nrepos++;
	}
	return q;
}

static int
quality_schedule(void *arg, struct sched *s)
{
	struct qsrc *q = arg;
	char *name;
	size_t i;
	int rc;

	q->sched = s;
	for (i = 0; i < q->nrepos; i++) {
		name = xasprintf("quality %s", q->repos[i]->slug);
		rc = sched_add(s, name, repo_job, q->repos[i], 0);
		free(name);
		if (rc < 0)
			return -1;
		q->repos[i]->job = rc;
	}
	return 0;
}

static int
quality_once(void *arg, struct worker_ctx *ctx)
{
	struct qsrc *q = arg;
	size_t i;
	int rc = 0;

	if (ctx == NULL || ctx->tp == NULL)
		return q->nrepos > 0 ? -1 : 0;
	for (i = 0; i < q->nrepos; i++) {
		if (poll_repo(q->repos[i], ctx->tp, NULL) != 0)
			rc = -1;
	}
	if (q->nrepos > 0)
		source_publish_status(q->store, q->gc, true);
	return rc;
}

/* The last known state from the disk cache, marked stale, before the
 * first poll answers. */
static void
quality_cached(void *arg)
{
	struct qsrc *q = arg;
	size_t i;

	for (i = 0; i < q->nrepos; i++)
		poll_repo(q->repos[i], NULL, "cached");
}

static void
quality_free(void *arg)
{
	struct qsrc *q = arg;
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nrepos; i++) {
		free(q->repos[i]->slug);
		free(q->repos[i]->deployed_key);
		free(q->repos[i]->branch_of);
		free(q->repos[i]);
	}
	free(q->repos);
	quality_rules_free(&q->rules);
	free(q);
}

static const struct conf_table *const quality_more_conf[] = {
	&quality_env_conf_table, NULL
};

const struct source_ops quality_source = {
	.name = "quality",
	.conf = &quality_conf_table,
	.conf_more = quality_more_conf,
	.create = quality_create,
	.schedule = quality_schedule,
	.publish_cached = quality_cached,
	.poll_once = quality_once,
	.free = quality_free,
};
