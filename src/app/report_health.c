/* report_health: the health checks in the --once report: each check's
 * name and state (and what it measured, why, since when, its rows), the
 * exit code a crit check calls for, and each environment's health as the
 * environments view shows it (envhealth). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "opsdeck/clock.h"
#include "opsdeck/envhealth.h"
#include "opsdeck/envstate.h"
#include "opsdeck/health.h"
#include "opsdeck/report.h"
#include "opsdeck/store.h"
#include "opsdeck/text.h"
#include "opsdeck/xalloc.h"
#include "report_int.h"

int
report_health_code(const struct snapset *health)
{
	const struct health_check *c;
	size_t i;

	for (i = 0; i < snapset_count(health); i++) {
		c = snap_data(snapset_at(health, i));
		if (c->state == HEALTH_CRIT)
			return REPORT_ERROR;
	}
	return REPORT_OK;
}

static json_t *
jnum(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static json_t *
check_json(const struct health_check *c)
{
	json_t *o = json_object(), *rows = json_array();
	size_t i;

	json_object_set_new(o, "name", json_text(c->name));
	json_object_set_new(o, "state", json_string(health_word(c->state)));
	json_object_set_new(o, "kind", json_text(c->kind));
	json_object_set_new(o, "environment", json_text(c->env));
	json_object_set_new(o, "target", json_text(c->target));
	json_object_set_new(o, "last", json_string(health_word(c->raw)));
	json_object_set_new(o, "value", jnum(c->value));
	json_object_set_new(o, "value_text", json_text(c->value_text));
	json_object_set_new(o, "reason", json_text(c->reason));
	json_object_set_new(o, "since", json_time(c->checked_at != 0 ? c->since :
	    0));
	json_object_set_new(o, "checked_at", json_time(c->checked_at));
	json_object_set_new(o, "flapping", json_boolean(c->flapping));
	/* Backoff: failures without an answer in a row, and the delay to
	 * the next probe while it is longer than the interval. */
	json_object_set_new(o, "failures", json_integer((json_int_t)c->fails));
	json_object_set_new(o, "backoff_s", c->backoff_s > 0 ?
	    json_integer((json_int_t)c->backoff_s) : json_null());
	json_object_set_new(o, "next_at", json_time(c->next_at));
	json_object_set_new(o, "cert_days", c->cert_days >= 0 ?
	    json_integer(c->cert_days) : json_null());
	for (i = 0; i < c->nrows; i++)
		json_array_append_new(rows, json_pack("{s:o, s:s, s:o, s:o, "
		    "s:s}", "label", json_text(c->rows[i].label), "state",
		    health_word(c->rows[i].state), "value",
		    jnum(c->rows[i].value), "text", json_text(c->rows[i].text),
		    "muted", c->rows[i].muted == HEALTH_ROW_SILENCED ?
		    "silenced" : c->rows[i].muted == HEALTH_ROW_INHIBITED ?
		    "inhibited" : "no"));
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "total_rows", json_integer(
	    (json_int_t)c->total_rows));
	json_object_set_new(o, "counts", json_pack("{s:I, s:I, s:I, s:I, "
	    "s:I, s:I}", "ok", (json_int_t)c->counts[HEALTH_OK], "warn",
	    (json_int_t)c->counts[HEALTH_WARN], "crit",
	    (json_int_t)c->counts[HEALTH_CRIT], "unknown",
	    (json_int_t)c->counts[HEALTH_UNKNOWN], "silenced",
	    (json_int_t)c->nsilenced, "inhibited",
	    (json_int_t)c->ninhibited));
	return o;
}

void
report_health_json(const struct snapset *health, void *arr, time_t now)
{
	size_t i;

	(void)now;
	for (i = 0; i < snapset_count(health); i++)
		json_array_append_new(arr, check_json(snap_data(
		    snapset_at(health, i))));
}

static void
put(FILE *fp, const char *s, int cols)
{
	char cell[512], *clean;

	clean = text_sanitize(s, s != NULL ? strlen(s) : 0, text_out_flags());
	text_cell(cell, sizeof cell, clean != NULL ? clean : "", cols, 1);
	fputs(cell, fp);
	free(clean);
}

/* s sanitised, unpadded: the end of a line. */
static void
put_word(FILE *fp, const char *s)
{
	char *clean = text_sanitize(s, strlen(s), text_out_flags());

	fputs(clean != NULL ? clean : "", fp);
	free(clean);
}

/* "check api        crit     HTTP 503 (want 200)" */
void
report_health_text(FILE *fp, const struct snapset *health, time_t now)
{
	const struct health_check *c;
	bool ascii = (text_out_flags() & TEXT_ASCII) != 0;
	size_t i, j;

	(void)now;
	for (i = 0; i < snapset_count(health); i++) {
		c = snap_data(snapset_at(health, i));
		fprintf(fp, "%s check ", health_glyph(c->state, ascii));
		put(fp, c->name, 20);
		fprintf(fp, " %-7s ", health_word(c->state));
		put(fp, c->value_text != NULL ? c->value_text : "-", 28);
		if (c->reason != NULL) {
			fputs("  ", fp);
			put(fp, c->reason, 60);
		}
		fputc('\n', fp);
		for (j = 0; j < c->nrows && j < 10; j++) {
			fprintf(fp, "    %s %-7s ", health_glyph(
			    c->rows[j].state, ascii), c->rows[j].muted ?
			    (c->rows[j].muted == HEALTH_ROW_SILENCED ?
			    "silenced" : "inhibit") : health_word(
			    c->rows[j].state));
			put(fp, c->rows[j].label, 50);
			fputc(' ', fp);
			put(fp, c->rows[j].text, 24);
			fputc('\n', fp);
		}
		if (c->total_rows > j)
			fprintf(fp, "    ... %zu rows in all\n", c->total_rows);
	}
}

/* The environment's health from every published check. */
static void
env_health_of(struct env_health *eh, const struct snapset *health,
    const char *repo, const struct env_row *r, time_t now)
{
	size_t i, n = snapset_count(health);
	const struct health_check **cs = xcalloc(n + 1, sizeof *cs);

	for (i = 0; i < n; i++)
		cs[i] = snap_data(snapset_at(health, i));
	envhealth_eval(eh, cs, n, repo, r->name, r->sha, r->deployed_at, now);
	free(cs);
}

static const char *
after_word(enum health_after a)
{
	static const char *const w[] = { "none", "watching", "clean", "bad",
	    "already" };

	return (size_t)a < sizeof w / sizeof w[0] ? w[a] : "none";
}

void *
report_env_health_json(const struct snapset *health, const char *repo,
    const struct env_row *r, time_t now)
{
	struct env_health eh;
	json_t *o, *ad = json_null();

	env_health_of(&eh, health, repo, r, now);
	if (eh.nchecks == 0)
		return json_null();
	if (eh.verdict_check != NULL)
		ad = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "verdict",
		    after_word(eh.verdict.after), "state",
		    health_word(eh.verdict.state), "after_s",
		    eh.verdict.after == HEALTH_AFTER_BAD ?
		    json_integer(eh.verdict.after_s) : json_null(), "check",
		    json_text(eh.verdict_check), "sha", json_text(r->sha), "text",
		    json_text(eh.text));
	o = json_pack("{s:s, s:I, s:I, s:o, s:o}", "state",
	    health_word(eh.state), "checks", (json_int_t)eh.nchecks,
	    "not_ok", (json_int_t)eh.nbad, "worst", json_text(eh.worst),
	    "after_deploy", ad);
	return o;
}

void
report_env_health_text(FILE *fp, const struct snapset *health,
    const char *repo, const struct env_row *r, time_t now)
{
	struct env_health eh;

	env_health_of(&eh, health, repo, r, now);
	if (eh.nchecks == 0)
		return;
	fprintf(fp, "  health %s %s", health_glyph(eh.state,
	    (text_out_flags() & TEXT_ASCII) != 0), health_word(eh.state));
	if (eh.nbad > 0) {
		fputs(" (", fp);
		put_word(fp, eh.worst);
		fputc(')', fp);
	}
	if (eh.text[0] != '\0') {
		fputs(": ", fp);
		put_word(fp, eh.text);
	}
}
