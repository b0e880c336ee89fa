/* report_approvals: the release approvals queue (STORE_APPROVALS) in the
 * --once report: every pending deployment with whether this token may
 * approve it and what approving would ship. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "opsdeck/approvals.h"
#include "opsdeck/clock.h"
#include "opsdeck/report.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "report_int.h"

static json_t *
item_json(const struct approval_item *it)
{
	json_t *o = json_object(), *commits = json_array(), *risky;
	const char *cannot = approval_cannot(it);
	size_t i;

	json_object_set_new(o, "repo", json_text(it->repo));
	json_object_set_new(o, "run_id", json_integer((json_int_t)it->run_id));
	json_object_set_new(o, "run_number", json_integer(it->run_number));
	json_object_set_new(o, "workflow", json_text(it->workflow));
	json_object_set_new(o, "title", json_text(it->title));
	json_object_set_new(o, "head_sha", json_text(it->head_sha));
	json_object_set_new(o, "head_branch", json_text(it->head_branch));
	json_object_set_new(o, "actor", json_text(it->actor));
	json_object_set_new(o, "waiting_since", json_time(it->waiting_since));
	json_object_set_new(o, "environment", json_text(it->environment));
	json_object_set_new(o, "environment_id",
	    json_integer((json_int_t)it->environment_id));
	json_object_set_new(o, "wait_timer", json_integer(it->wait_timer));
	json_object_set_new(o, "wait_timer_started_at",
	    json_time(it->wait_timer_started_at));
	json_object_set_new(o, "reviewers", json_text(it->reviewers));
	json_object_set_new(o, "can_approve", json_boolean(cannot == NULL));
	json_object_set_new(o, "cannot_approve_reason", json_text(cannot));
	json_object_set_new(o, "environment_sha", json_text(it->env_sha));
	if (it->delta.count < 0) {
		json_object_set_new(o, "ships", json_null());
		json_decref(commits);
		return o;
	}
	for (i = 0; i < it->delta.ncommits; i++)
		json_array_append_new(commits, json_pack("{s:o, s:o, s:o}",
		    "sha", json_text(it->delta.commits[i].sha), "subject",
		    json_text(it->delta.commits[i].subject), "author",
		    json_text(it->delta.commits[i].author)));
	risky = json_array();
	for (i = 0; i < it->delta.nrisky; i++)
		json_array_append_new(risky, json_text(it->delta.risky[i]));
	json_object_set_new(o, "ships", json_pack("{s:i, s:o, s:o}", "count",
	    it->delta.count, "commits", commits, "risky", risky));
	return o;
}

void
report_approvals_json(const struct snapset *appr, void *arr)
{
	const struct approval_queue *q;
	size_t i, j;

	for (i = 0; i < snapset_count(appr); i++) {
		q = snap_data(snapset_at(appr, i));
		for (j = 0; j < q->n; j++)
			json_array_append_new(arr, item_json(&q->items[j]));
	}
}

static void
put(FILE *fp, const char *s, int cols)
{
	char *clean = s != NULL ? text_sanitize(s, strlen(s), 1) : NULL;

	fprintf(fp, "%.*s", cols, clean != NULL ? clean : "-");
	free(clean);
}

void
report_approvals_text(FILE *fp, const struct snapset *appr, time_t now)
{
	const struct approval_queue *q;
	const struct approval_item *it;
	char age[32];
	size_t i, j;

	for (i = 0; i < snapset_count(appr); i++) {
		q = snap_data(snapset_at(appr, i));
		for (j = 0; j < q->n; j++) {
			it = &q->items[j];
			clock_format_span(age, sizeof age,
			    (long long)(now - it->waiting_since));
			fputs("approval ", fp);
			put(fp, it->repo, 40);
			fprintf(fp, " run %lld ", (long long)it->run_id);
			put(fp, it->environment, 40);
			fprintf(fp, " %.7s waiting %s%s", it->head_sha != NULL ?
			    it->head_sha : "-", age, approval_cannot(it) ==
			    NULL ? "" : "  (cannot approve)");
			if (it->delta.count >= 0)
				fprintf(fp, "  ships %d commit%s, %zu risky",
				    it->delta.count, it->delta.count == 1 ?
				    "" : "s", it->delta.nrisky);
			fputc('\n', fp);
		}
	}
}
