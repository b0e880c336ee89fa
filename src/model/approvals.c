/* approvals: the approvals queue's items (approvals.h): who may act on
 * one, order, copies and freeing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/approvals.h"
#include "opsdeck/xalloc.h"

const char *
approval_cannot(const struct approval_item *it)
{
	if (it == NULL)
		return "nothing selected";
	if (!it->can_approve)
		return "this token is not a required reviewer "
		    "(current_user_can_approve false)";
	if (it->environment_id <= 0)
		return "GitHub gave no environment id";
	return NULL;
}

const struct approval_item *
approval_find(const struct approval_queue *q, int64_t run_id, int64_t env_id)
{
	size_t i;

	for (i = 0; q != NULL && i < q->n; i++) {
		if (q->items[i].run_id == run_id &&
		    q->items[i].environment_id == env_id)
			return &q->items[i];
	}
	return NULL;
}

static int
item_cmp(const void *a, const void *b)
{
	const struct approval_item *x = a, *y = b;

	if (x->waiting_since != y->waiting_since)
		return x->waiting_since < y->waiting_since ? -1 : 1;
	if (x->run_id != y->run_id)
		return x->run_id < y->run_id ? -1 : 1;
	return strcmp(x->environment != NULL ? x->environment : "",
	    y->environment != NULL ? y->environment : "");
}

void
approval_sort(struct approval_item *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, item_cmp);
}

void
approval_item_copy(struct approval_item *dst, const struct approval_item *src)
{
	*dst = *src;
	dst->repo = xstrdup_null(src->repo);
	dst->workflow = xstrdup_null(src->workflow);
	dst->title = xstrdup_null(src->title);
	dst->head_sha = xstrdup_null(src->head_sha);
	dst->head_branch = xstrdup_null(src->head_branch);
	dst->actor = xstrdup_null(src->actor);
	dst->environment = xstrdup_null(src->environment);
	dst->reviewers = xstrdup_null(src->reviewers);
	dst->env_sha = xstrdup_null(src->env_sha);
	env_delta_copy(&dst->delta, &src->delta);
}

void
approval_item_done(struct approval_item *it)
{
	if (it == NULL)
		return;
	free(it->repo);
	free(it->workflow);
	free(it->title);
	free(it->head_sha);
	free(it->head_branch);
	free(it->actor);
	free(it->environment);
	free(it->reviewers);
	free(it->env_sha);
	env_delta_done(&it->delta);
	memset(it, 0, sizeof *it);
}

void
approval_queue_free(struct approval_queue **qp)
{
	struct approval_queue *q;
	size_t i;

	if (qp == NULL || (q = *qp) == NULL)
		return;
	for (i = 0; i < q->n; i++)
		approval_item_done(&q->items[i]);
	free(q->items);
	free(q->repo);
	free(q->error);
	free(q);
	*qp = NULL;
}

void
approval_queue_free_void(void *p)
{
	struct approval_queue *q = p;

	approval_queue_free(&q);
}
