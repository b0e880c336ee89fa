/* detailmodel: the snapshots of the on-demand drill-down (jobs of a run, log
 * of a job) and the refcounted payloads they share. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/deploy.h"
#include "opsdeck/detailmodel.h"
#include "opsdeck/joblog.h"
#include "opsdeck/run.h"
#include "opsdeck/xalloc.h"

struct detailmodel_jobset {
	unsigned long	 refs;		/* __atomic only */
	struct job	*jobs;
	size_t		 n;
};

struct detailmodel_apprset {
	unsigned long	 refs;		/* __atomic only */
	struct approval	*a;
	size_t		 n;
};

struct detailmodel_text {
	unsigned long	 refs;		/* __atomic only */
	const char	*data;
	size_t		 len;
	void		(*release)(const char *, size_t, void *);
	void		*arg;
	struct joblog	*joblog;	/* borrows data; NULL */
};

int
detailmodel_jobs_key(char *dst, size_t size, const char *repo, int64_t run_id)
{
	int n = snprintf(dst, size, "jobs:%s:%lld", repo, (long long)run_id);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
detailmodel_log_key(char *dst, size_t size, const char *repo, int64_t job_id)
{
	int n = snprintf(dst, size, "log:%s:%lld", repo, (long long)job_id);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static void
detail_jobs_array_free(struct job *jobs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		job_done(&jobs[i]);
	free(jobs);
}

struct detailmodel_jobset *
detailmodel_jobset_new(struct job *jobs, size_t n)
{
	struct detailmodel_jobset *set;

	set = xcalloc(1, sizeof *set);
	set->refs = 1;
	set->jobs = jobs;
	set->n = jobs != NULL ? n : 0;
	return set;
}

struct detailmodel_jobset *
detailmodel_jobset_ref(struct detailmodel_jobset *set)
{
	if (set != NULL)
		__atomic_add_fetch(&set->refs, 1, __ATOMIC_RELAXED);
	return set;
}

void
detailmodel_jobset_unref(struct detailmodel_jobset **setp)
{
	struct detailmodel_jobset *set;

	if (setp == NULL || (set = *setp) == NULL)
		return;
	*setp = NULL;
	if (__atomic_sub_fetch(&set->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	detail_jobs_array_free(set->jobs, set->n);
	free(set);
}

const struct job *
detailmodel_jobset_jobs(const struct detailmodel_jobset *set, size_t *n)
{
	*n = set != NULL ? set->n : 0;
	return set != NULL && set->n > 0 ? set->jobs : NULL;
}

const struct job *
detailmodel_jobset_find(const struct detailmodel_jobset *set, int64_t job_id)
{
	size_t i;

	for (i = 0; set != NULL && i < set->n; i++) {
		if (set->jobs[i].id == job_id)
			return &set->jobs[i];
	}
	return NULL;
}

struct detailmodel_apprset *
detailmodel_apprset_new(struct approval *a, size_t n)
{
	struct detailmodel_apprset *set;

	set = xcalloc(1, sizeof *set);
	set->refs = 1;
	set->a = a;
	set->n = a != NULL ? n : 0;
	return set;
}

struct detailmodel_apprset *
detailmodel_apprset_ref(struct detailmodel_apprset *set)
{
	if (set != NULL)
		__atomic_add_fetch(&set->refs, 1, __ATOMIC_RELAXED);
	return set;
}

void
detailmodel_apprset_unref(struct detailmodel_apprset **setp)
{
	struct detailmodel_apprset *set;

	if (setp == NULL || (set = *setp) == NULL)
		return;
	*setp = NULL;
	if (__atomic_sub_fetch(&set->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	approvals_free(set->a, set->n);
	free(set);
}

struct detailmodel_text *
detailmodel_text_new(const char *data, size_t len,
    void (*release)(const char *, size_t, void *), void *arg)
{
	struct detailmodel_text *t;

	t = xcalloc(1, sizeof *t);
	t->refs = 1;
	t->data = data;
	t->len = data != NULL ? len : 0;
	t->release = release;
	t->arg = arg;
	return t;
}

struct detailmodel_text *
detailmodel_text_ref(struct detailmodel_text *t)
{
	if (t != NULL)
		__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
	return t;
}

void
detailmodel_text_unref(struct detailmodel_text **tp)
{
	struct detailmodel_text *t;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	*tp = NULL;
	if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	joblog_free(&t->joblog);	/* before the bytes it points into */
	if (t->release != NULL)
		t->release(t->data, t->len, t->arg);
	free(t);
}

const char *
detailmodel_text_data(const struct detailmodel_text *t, size_t *len)
{
	*len = t != NULL ? t->len : 0;
	return t != NULL && t->len > 0 ? t->data : NULL;
}

int
detailmodel_text_index(struct detailmodel_text *t)
{
	return detailmodel_text_index_stop(t, NULL);
}

int
detailmodel_text_index_stop(struct detailmodel_text *t, const volatile int *stop)
{
	struct joblog_limits lim = { 0, stop };

	if (t->joblog != NULL)
		return 0;
	/* release NULL: the joblog borrows the bytes the text owns. */
	t->joblog = joblog_new_limited(t->data, t->len, NULL, NULL, &lim);
	return t->joblog != NULL ? 0 : -1;
}

const struct joblog *
detailmodel_text_joblog(const struct detailmodel_text *t)
{
	return t != NULL ? t->joblog : NULL;
}

struct detailmodel_jobs *
detailmodel_jobs_new(const char *repo, int64_t run_id, struct detailmodel_jobset *set,
    long total_count)
{
	struct detailmodel_jobs *dj;

	dj = xcalloc(1, sizeof *dj);
	dj->repo = xstrdup(repo);
	dj->run_id = run_id;
	dj->set = detailmodel_jobset_ref(set);
	dj->jobs = detailmodel_jobset_jobs(set, &dj->njobs);
	dj->total_count = total_count;
	return dj;
}

void
detailmodel_jobs_set_approvals(struct detailmodel_jobs *dj,
    struct detailmodel_apprset *set, const char *error)
{
	detailmodel_apprset_unref(&dj->aset);
	free(dj->approvals_error);
	dj->aset = detailmodel_apprset_ref(set);
	dj->approvals = set != NULL && set->n > 0 ? set->a : NULL;
	dj->napprovals = set != NULL ? set->n : 0;
	dj->approvals_fetched = set != NULL;
	dj->approvals_error = error != NULL ? xstrdup(error) : NULL;
}

void
detailmodel_jobs_free(struct detailmodel_jobs **djp)
{
	struct detailmodel_jobs *dj;

	if (djp == NULL || (dj = *djp) == NULL)
		return;
	free(dj->repo);
	free(dj->error);
	free(dj->approvals_error);
	detailmodel_apprset_unref(&dj->aset);
	detailmodel_jobset_unref(&dj->set);
	free(dj);
	*djp = NULL;
}

void
detailmodel_jobs_free_void(void *p)
{
	struct detailmodel_jobs *dj = p;

	detailmodel_jobs_free(&dj);
}

struct detailmodel_log *
detailmodel_log_new(const char *repo, int64_t job_id, struct detailmodel_text *text)
{
	struct detailmodel_log *dl;

	dl = xcalloc(1, sizeof *dl);
	dl->repo = xstrdup(repo);
	dl->job_id = job_id;
	dl->text = detailmodel_text_ref(text);
	dl->data = detailmodel_text_data(text, &dl->len);
	dl->joblog = detailmodel_text_joblog(text);
	return dl;
}

void
detailmodel_log_free(struct detailmodel_log **dlp)
{
	struct detailmodel_log *dl;

	if (dlp == NULL || (dl = *dlp) == NULL)
		return;
	free(dl->repo);
	free(dl->error);
	detailmodel_text_unref(&dl->text);
	free(dl);
	*dlp = NULL;
}

void
detailmodel_log_free_void(void *p)
{
	struct detailmodel_log *dl = p;

	detailmodel_log_free(&dl);
}
