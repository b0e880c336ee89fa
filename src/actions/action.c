/* action: owns the table of actions that change something, the read-only
 * policy checked before any request is built, and the single-flight guard
 * against key repeats. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/action.h"
#include "opsdeck/xalloc.h"

static const struct action_def action_table[] = {
#define X(id, name, mut, confirm, modes, env, group, help) \
	{ id, name, mut, confirm, modes, env, group, help },
	OD_ACTION_TABLE
#undef X
};

const struct action_def *
action_def(enum action_id id)
{
	if ((int)id < 0 || id >= ACTION_ID_COUNT)
		return (NULL);
	return (&action_table[id]);
}

int
action_id_by_name(const char *name)
{
	size_t	i;

	for (i = 0; name != NULL && i < ACTION_ID_COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return ((int)i);
	return (-1);
}

static const char *
action_mode_name(enum action_mode m)
{
	switch (m) {
	case ACTION_MODE_WALLBOARD:
		return ("wallboard mode (--wallboard)");
	case ACTION_MODE_ONCE:
		return ("--once");
	case ACTION_MODE_DEMO:
		return ("demo mode (--demo)");
	default:
		return ("this mode");
	}
}

/* The refusal that holds for every target, or NULL. */
static char *
action_global_refusal(const struct action_ctx *ctx,
    const struct action_def *d)
{
	if (!d->mutating)
		return ((d->modes & ctx->mode) ? NULL :
		    xasprintf("%s is not available in %s", d->name,
		    action_mode_name(ctx->mode)));
	/* Read-only first: it is the reason the user set up. */
	if (ctx->mode == ACTION_MODE_WALLBOARD)
		return (xasprintf("read-only: %s is refused in wallboard mode "
		    "(--wallboard)", d->name));
	if (ctx->readonly_flag)
		return (xasprintf("read-only (--readonly): %s is refused",
		    d->name));
	if (ctx->readonly_conf)
		return (xasprintf("read-only ([ui] readonly = true): %s is "
		    "refused", d->name));
	if ((d->modes & ctx->mode) == 0)
		return (xasprintf("%s is not available in %s", d->name,
		    action_mode_name(ctx->mode)));
	return (NULL);
}

int
action_check(const struct action_ctx *ctx, enum action_id id, char **why)
{
	const struct action_def	*d = action_def(id);
	const char		*env;

	*why = NULL;
	if (d == NULL) {
		*why = xstrdup("unknown action");
		return (-1);
	}
	if ((*why = action_global_refusal(ctx, d)) != NULL)
		return (-1);
	if (!d->mutating || !d->env_scoped)
		return (0);
	env = ctx->environment != NULL ? ctx->environment : "?";
	if (ctx->environment == NULL) {
		*why = xasprintf("%s needs an environment", d->name);
		return (-1);
	}
	if (ctx->env_readonly) {
		*why = xasprintf("read-only: environment %s is read-only "
		    "([environment \"%s\"] readonly): %s is refused", env, env,
		    d->name);
		return (-1);
	}
	if ((id == ACTION_ID_DEPLOY || id == ACTION_ID_ROLLBACK) &&
	    ctx->env_in_flight) {
		*why = xasprintf("a deployment to %s is already in flight: "
		    "%s is refused until it finishes", env, d->name);
		return (-1);
	}
	if (id == ACTION_ID_ROLLBACK && ctx->rollback_candidates == 0) {
		*why = xasprintf("nothing earlier to roll back to in %s", env);
		return (-1);
	}
	return (0);
}

bool
action_hidden(const struct action_ctx *ctx, enum action_id id)
{
	const struct action_def	*d = action_def(id);
	char			*why;

	if (d == NULL)
		return (true);
	if ((why = action_global_refusal(ctx, d)) == NULL)
		return (false);
	free(why);
	return (true);
}

enum action_confirm
action_confirm_kind(const struct action_ctx *ctx, enum action_id id)
{
	const struct action_def	*d = action_def(id);

	if (d == NULL || !d->mutating)
		return (d != NULL ? d->confirm : ACTION_CONFIRM_NONE);
	if (d->env_scoped && ctx->env_protected)
		return (ACTION_CONFIRM_TYPED_NAME);
	/* No mutating action goes without a dialog. */
	return (d->confirm == ACTION_CONFIRM_NONE ? ACTION_CONFIRM_BUTTONS :
	    d->confirm);
}

void
action_flight_init(struct action_flight *f)
{
	memset(f, 0, sizeof *f);
}

void
action_flight_done(struct action_flight *f)
{
	size_t	i;

	for (i = 0; i < f->n; i++)
		free(f->slot[i].target);
	memset(f, 0, sizeof *f);
}

static int
action_flight_find(const struct action_flight *f, const char *group,
    const char *target)
{
	size_t	i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->slot[i].group, group) == 0 &&
		    strcmp(f->slot[i].target, target) == 0)
			return ((int)i);
	return (-1);
}

int
action_flight_begin(struct action_flight *f, enum action_id id,
    const char *target)
{
	const struct action_def	*d = action_def(id);

	if (d == NULL || target == NULL)
		return (-1);
	if (action_flight_find(f, d->group, target) >= 0)
		return (1);
	if (f->n == ACTION_FLIGHT_MAX)
		return (-1);
	f->slot[f->n].group = d->group;
	f->slot[f->n].target = xstrdup(target);
	f->n++;
	return (0);
}

void
action_flight_end(struct action_flight *f, enum action_id id,
    const char *target)
{
	const struct action_def	*d = action_def(id);
	int			 i;

	if (d == NULL || target == NULL ||
	    (i = action_flight_find(f, d->group, target)) < 0)
		return;
	free(f->slot[i].target);
	f->slot[i] = f->slot[--f->n];
	f->slot[f->n].target = NULL;
	f->slot[f->n].group = NULL;
}

bool
action_flight_busy(const struct action_flight *f, enum action_id id,
    const char *target)
{
	const struct action_def	*d = action_def(id);

	return (d != NULL && target != NULL &&
	    action_flight_find(f, d->group, target) >= 0);
}
