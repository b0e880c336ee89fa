/* test_action: the action table, the read-only policy (every mutating
 * action refused in each read-only state, with the reason), confirmation
 * kinds, and the single-flight guard. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/action.h"
#include "../tap.h"

static const struct action_ctx	base = {
	ACTION_MODE_INTERACTIVE, false, false, "staging", false, false,
	false, 1
};

/* Every mutating action is refused in ctx and its reason contains want. */
static void
all_refused(const struct action_ctx *ctx, const char *want, const char *what)
{
	char	*why;
	int	 id, refused = 0, said = 0, hidden = 0, mutating = 0;

	for (id = 0; id < ACTION_ID_COUNT; id++) {
		if (!action_def(id)->mutating)
			continue;
		mutating++;
		if (action_check(ctx, id, &why) == -1)
			refused++;
		if (why != NULL && strstr(why, want) != NULL &&
		    strstr(why, action_def(id)->name) != NULL)
			said++;
		if (action_hidden(ctx, id))
			hidden++;
		free(why);
	}
	ok(mutating == ACTION_ID_COUNT && refused == mutating &&
	    said == mutating, "%s: all %d mutating actions refused, saying "
	    "\"%s\" and the action", what, mutating, want);
	ok(hidden == mutating, "%s: their keys are hidden", what);
}

static void
test_table(void)
{
	const struct action_def	*d;
	int			 id, names = 1;

	for (id = 0; id < ACTION_ID_COUNT; id++) {
		d = action_def(id);
		if (d == NULL || d->id != (enum action_id)id ||
		    action_id_by_name(d->name) != id || d->help == NULL ||
		    d->group == NULL)
			names = 0;
	}
	ok(ACTION_ID_COUNT == 9 && names,
	    "9 actions, each found by its name, with help and a group");
	ok(action_id_by_name("deploy") == ACTION_ID_DEPLOY &&
	    action_id_by_name("rerun-failed") == ACTION_ID_RERUN_FAILED &&
	    action_id_by_name("issue-label") == ACTION_ID_ISSUE_LABEL &&
	    action_id_by_name("Deploy") == -1 && action_id_by_name(NULL) == -1,
	    "names: exact");
	ok(action_def(ACTION_ID_COUNT) == NULL && action_def(-1) == NULL,
	    "out of range: NULL");
	ok(action_def(ACTION_ID_DEPLOY)->env_scoped &&
	    action_def(ACTION_ID_APPROVE)->env_scoped &&
	    !action_def(ACTION_ID_CANCEL)->env_scoped &&
	    strcmp(action_def(ACTION_ID_DEPLOY)->group,
	    action_def(ACTION_ID_ROLLBACK)->group) == 0,
	    "deploy and rollback are environment-scoped and share a flight");
}

static void
test_policy(void)
{
	struct action_ctx	 c;
	char			*why;
	int			 id, allowed = 0, rc;

	for (id = 0; id < ACTION_ID_COUNT; id++) {
		if (action_check(&base, id, &why) == 0 && why == NULL &&
		    !action_hidden(&base, id))
			allowed++;
		free(why);
	}
	ok(allowed == ACTION_ID_COUNT,
	    "interactive, writable: every action allowed, none hidden");

	c = base;
	c.mode = ACTION_MODE_WALLBOARD;
	all_refused(&c, "wallboard", "--wallboard");
	c = base;
	c.readonly_flag = true;
	all_refused(&c, "--readonly", "--readonly");
	c = base;
	c.readonly_conf = true;
	all_refused(&c, "[ui] readonly = true", "[ui] readonly");
	c = base;
	c.mode = ACTION_MODE_ONCE;
	all_refused(&c, "--once", "--once");
	c = base;
	c.mode = ACTION_MODE_DEMO;
	all_refused(&c, "demo", "--demo");
	c = base;
	c.readonly_flag = true;
	c.mode = ACTION_MODE_WALLBOARD;
	ok(action_check(&c, ACTION_ID_CANCEL, &why) == -1 &&
	    strstr(why, "wallboard") != NULL, "two reasons: wallboard first");
	free(why);

	c = base;
	c.env_readonly = true;
	rc = action_check(&c, ACTION_ID_DEPLOY, &why);
	ok(rc == -1 &&
	    strstr(why, "environment staging is read-only") != NULL &&
	    strstr(why, "[environment \"staging\"] readonly") != NULL,
	    "a read-only environment refuses deploy (%s)", why);
	free(why);
	rc = action_check(&c, ACTION_ID_ROLLBACK, &why);
	free(why);
	ok(rc == -1 && action_check(&c, ACTION_ID_APPROVE, &why) == -1,
	    "and rollback and approve");
	free(why);
	ok(action_check(&c, ACTION_ID_CANCEL, &why) == 0 &&
	    !action_hidden(&c, ACTION_ID_DEPLOY),
	    "but not a run's cancel; and deploy's key stays (other "
	    "environments)");
	c = base;
	c.environment = NULL;
	ok(action_check(&c, ACTION_ID_DEPLOY, &why) == -1 &&
	    strstr(why, "needs an environment") != NULL,
	    "deploy without an environment: refused");
	free(why);
	c = base;
	c.env_in_flight = true;
	rc = action_check(&c, ACTION_ID_DEPLOY, &why);
	ok(rc == -1 && strstr(why, "already in flight") != NULL,
	    "a deployment in flight refuses a deploy (%s)", why);
	free(why);
	rc = action_check(&c, ACTION_ID_ROLLBACK, &why);
	free(why);
	ok(rc == -1 && action_check(&c, ACTION_ID_APPROVE, &why) == 0,
	    "and a rollback, not an approval");
	free(why);
	c = base;
	c.rollback_candidates = 0;
	ok(action_check(&c, ACTION_ID_ROLLBACK, &why) == -1 &&
	    strstr(why, "nothing earlier to roll back to in staging") != NULL,
	    "rollback with nothing earlier: refused with that reason");
	free(why);
	ok(action_check(&base, ACTION_ID_COUNT, &why) == -1 && why != NULL,
	    "an unknown action is refused");
	free(why);
}

static void
test_confirm(void)
{
	struct action_ctx	c = base;

	ok(action_confirm_kind(&c, ACTION_ID_DEPLOY) == ACTION_CONFIRM_BUTTONS &&
	    action_confirm_kind(&c, ACTION_ID_CANCEL) == ACTION_CONFIRM_BUTTONS,
	    "unprotected: buttons");
	c.env_protected = true;
	ok(action_confirm_kind(&c, ACTION_ID_DEPLOY) ==
	    ACTION_CONFIRM_TYPED_NAME &&
	    action_confirm_kind(&c, ACTION_ID_ROLLBACK) ==
	    ACTION_CONFIRM_TYPED_NAME &&
	    action_confirm_kind(&c, ACTION_ID_APPROVE) ==
	    ACTION_CONFIRM_TYPED_NAME,
	    "protected environment: the name must be typed");
	ok(action_confirm_kind(&c, ACTION_ID_RERUN_FAILED) ==
	    ACTION_CONFIRM_BUTTONS, "a run action stays buttons");
	ok(action_confirm_kind(&c, ACTION_ID_COUNT) == ACTION_CONFIRM_NONE,
	    "unknown: none");
}

static void
test_flight(void)
{
	struct action_flight	f;
	char			t[32];
	int			i, full = 0;

	action_flight_init(&f);
	ok(action_flight_begin(&f, ACTION_ID_DEPLOY, "octo/svc production") ==
	    0, "first deploy: send it");
	ok(action_flight_begin(&f, ACTION_ID_DEPLOY, "octo/svc production") ==
	    1, "a key repeat: nothing");
	ok(action_flight_begin(&f, ACTION_ID_ROLLBACK, "octo/svc production") ==
	    1, "a rollback of the same environment meanwhile: nothing");
	ok(action_flight_begin(&f, ACTION_ID_DEPLOY, "octo/svc staging") == 0,
	    "another environment: its own flight");
	ok(action_flight_begin(&f, ACTION_ID_CANCEL, "octo/svc production") ==
	    0, "another group on the same target string: its own flight");
	ok(action_flight_busy(&f, ACTION_ID_ROLLBACK, "octo/svc production") &&
	    !action_flight_busy(&f, ACTION_ID_APPROVE, "octo/svc production"),
	    "busy by group");
	action_flight_end(&f, ACTION_ID_DEPLOY, "octo/svc production");
	ok(!action_flight_busy(&f, ACTION_ID_DEPLOY, "octo/svc production") &&
	    action_flight_begin(&f, ACTION_ID_DEPLOY, "octo/svc production") ==
	    0, "after its end: a new request may go");
	action_flight_end(&f, ACTION_ID_ISSUE_LABEL, "nothing");
	ok(f.n == 3, "ending an unknown pair changes nothing");
	for (i = 0; i < ACTION_FLIGHT_MAX + 2; i++) {
		snprintf(t, sizeof t, "octo/r%d run 1", i);
		if (action_flight_begin(&f, ACTION_ID_RERUN_FAILED, t) == -1)
			full++;
	}
	ok(f.n == ACTION_FLIGHT_MAX && full == 5,
	    "bounded: past %d in flight, refused", ACTION_FLIGHT_MAX);
	ok(action_flight_begin(&f, ACTION_ID_COUNT, "x") == -1 &&
	    action_flight_begin(&f, ACTION_ID_DEPLOY, NULL) == -1,
	    "unknown action or no target: refused");
	action_flight_done(&f);
	ok(f.n == 0, "done empties it");
}

int
main(void)
{
	test_table();
	test_policy();
	test_confirm();
	test_flight();
	return (tap_done());
}
