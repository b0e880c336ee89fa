/* report_issues: the open issues (STORE_ISSUES) in the --once report: per
 * repository its issues as the issues pane lists them (most severe
 * first), whether issues are disabled there, and the local issue files.
 * Issues never change the exit code (like quality): a list that could
 * not be read is marked stale with the reason. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/clock.h"
#include "opsdeck/issuefile.h"
#include "opsdeck/issues.h"
#include "opsdeck/report.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"
#include "report_int.h"

static json_t *
issue_json(const struct issue *is, time_t now)
{
	json_t *o = json_object(), *labels = json_array(), *who = json_array();
	json_t *l;
	size_t i;

	json_object_set_new(o, "number", json_integer(is->number));
	json_object_set_new(o, "title", json_text(is->title));
	for (i = 0; i < is->nlabels; i++) {
		l = json_object();
		json_object_set_new(l, "name", json_text(is->labels[i].name));
		json_object_set_new(l, "color", json_text(is->labels[i].color));
		json_array_append_new(labels, l);
	}
	json_object_set_new(o, "labels", labels);
	json_object_set_new(o, "severity", json_integer(issue_severity(is)));
	for (i = 0; i < is->nassignees; i++)
		json_array_append_new(who, json_text(is->assignees[i]));
	json_object_set_new(o, "assignees", who);
	json_object_set_new(o, "comments", json_integer(is->comments));
	json_object_set_new(o, "created_at", json_time(is->created_at));
	json_object_set_new(o, "age_s", is->created_at != 0 ?
	    json_integer((json_int_t)(now - is->created_at)) : json_null());
	json_object_set_new(o, "url", json_text(is->html_url));
	return o;
}

static json_t *
files_json(const struct repo_issues *ri)
{
	json_t *arr = json_array(), *o;
	const struct issue_file *f;
	size_t i;

	for (i = 0; i < ri->nfiles; i++) {
		f = &ri->files[i];
		o = json_object();
		json_object_set_new(o, "file", json_text(f->name));
		json_object_set_new(o, "title", json_text(f->title));
		json_object_set_new(o, "state",
		    json_string(issuefile_state_word(f->state)));
		json_object_set_new(o, "link_repo", json_text(f->link_repo));
		json_object_set_new(o, "link_number", f->link_number > 0 ?
		    json_integer(f->link_number) : json_null());
		json_object_set_new(o, "labels", json_text(f->labels));
		json_object_set_new(o, "reason", json_text(f->reason));
		json_array_append_new(arr, o);
	}
	return arr;
}

void
report_issues_json(const struct snapset *issues, void *arr, time_t now)
{
	const struct repo_issues *ri;
	json_t *o, *items;
	size_t i, j;

	for (i = 0; i < snapset_count(issues); i++) {
		ri = snap_data(snapset_at(issues, i));
		o = json_object();
		items = json_array();
		json_object_set_new(o, "repo", json_text(ri->repo));
		json_object_set_new(o, "disabled", json_boolean(ri->disabled));
		json_object_set_new(o, "stale", json_boolean(ri->stale));
		json_object_set_new(o, "truncated",
		    json_boolean(ri->truncated));
		json_object_set_new(o, "error", json_text(ri->error));
		for (j = 0; j < ri->n; j++)
			json_array_append_new(items,
			    issue_json(&ri->items[j], now));
		json_object_set_new(o, "items", items);
		json_object_set_new(o, "files", files_json(ri));
		json_array_append_new(arr, o);
	}
}

static void
put_clean(FILE *fp, const char *s, size_t max)
{
	char *clean = text_sanitize(s != NULL ? s : "", s != NULL ?
	    strlen(s) : 0, text_out_flags());

	/* Cut on a character boundary. */
	if (clean != NULL && strlen(clean) > max) {
		while (max > 0 && ((unsigned char)clean[max] & 0xc0) == 0x80)
			max--;
		clean[max] = '\0';
	}
	fputs(clean != NULL ? clean : "", fp);
	free(clean);
}

void
report_issues_text(FILE *fp, const struct snapset *issues, time_t now)
{
	const struct repo_issues *ri;
	const struct issue *is;
	char age[16];
	size_t i, j;

	for (i = 0; i < snapset_count(issues); i++) {
		ri = snap_data(snapset_at(issues, i));
		fputs("issues ", fp);
		put_clean(fp, ri->repo, 60);
		if (ri->disabled)
			fputs("  disabled", fp);
		else
			fprintf(fp, "  %zu open", ri->n);
		if (ri->stale) {
			fputs("  stale: ", fp);
			put_clean(fp, ri->error != NULL ? ri->error : "cached",
			    60);
		}
		fputc('\n', fp);
		for (j = 0; j < ri->n; j++) {
			is = &ri->items[j];
			clock_format_span(age, sizeof age, is->created_at != 0 ?
			    (long long)(now - is->created_at) : 0);
			fprintf(fp, "  #%lld %-4s ", (long long)is->number, age);
			put_clean(fp, is->title, 60);
			fputc('\n', fp);
		}
		for (j = 0; j < ri->nfiles; j++) {
			fputs("  ", fp);
			put_clean(fp, ri->files[j].name, 40);
			fprintf(fp, " %s", issuefile_state_word(
			    ri->files[j].state));
			if (ri->files[j].reason != NULL) {
				fputs(": ", fp);
				put_clean(fp, ri->files[j].reason, 80);
			}
			fputc('\n', fp);
		}
	}
}
