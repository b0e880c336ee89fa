/* test_deployrun: a deploy-command's output as the UI gets it: lines
 * split as printed (CR LF as LF, an unfinished last line kept), the last
 * DEPLOYRUN_LINES kept and the rest counted, a long line capped, how it
 * ended (exit 0, exit 3, not found). That it shows before the command
 * ends is test_deploy_output.sh's. The commands are /bin/sh scripts run
 * as argv (test only). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/deployrun.h"
#include "opsdeck/spawn.h"
#include "opsdeck/store.h"
#include "../tap.h"

static const struct deploy_output *
run(struct store *st, const char *script, char **err, struct snap **keep)
{
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };
	struct deployrun_what w = { "id-1", "octo/svc", "dev",
	    "d30e5fbadedb4f231d013791a3da7f270924b542" };
	struct spawn_result res;
	struct snapset *set;

	spawn_result_init(&res);
	*err = deployrun_run(st, &w, argv, 10000, 64 * 1024, NULL, &res);
	spawn_result_done(&res);
	set = store_acquire(st, STORE_ACTIONS);
	snap_unref(keep);
	if (snapset_find(set, DEPLOYRUN_KEY) != NULL)
		*keep = snap_ref(snapset_find(set, DEPLOYRUN_KEY));
	store_release(&set);
	return *keep != NULL ? snap_data(*keep) : NULL;
}

int
main(void)
{
	struct store *st = store_new(-1);
	const struct deploy_output *o;
	struct snap *keep = NULL;
	char *err = NULL;

	o = run(st, "printf 'one\\r\\ntwo\\n'; echo three >&2; printf 'par'; "
	    "printf 'tial'", &err, &keep);
	ok(err == NULL, "exit 0: no error");
	ok(o != NULL && !o->running && o->ok && strcmp(o->status, "exit 0")
	    == 0, "the last snapshot says it ended with exit 0");
	ok(o != NULL && o->nlines == 4 && strcmp(o->lines[0], "one") == 0 &&
	    strcmp(o->lines[1], "two") == 0 && strcmp(o->lines[2], "three") ==
	    0 && strcmp(o->lines[3], "partial") == 0,
	    "lines as printed: CR LF ends one, stderr too, the unfinished "
	    "last one kept whole");
	ok(o != NULL && strcmp(o->id, "id-1") == 0 && strcmp(o->repo,
	    "octo/svc") == 0 && strcmp(o->environment, "dev") == 0 &&
	    strcmp(o->program, "/bin/sh") == 0 && o->started > 0,
	    "what it is for is in every snapshot");
	free(err);

	o = run(st, "i=0; while [ $i -lt 250 ]; do echo line$i; "
	    "i=$((i+1)); done; exit 3", &err, &keep);
	ok(err != NULL && strstr(err, "failed (exit 3)") != NULL,
	    "exit 3: %s", err != NULL ? err : "");
	ok(o != NULL && !o->ok && strstr(o->status, "exit 3") != NULL,
	    "  the snapshot says so");
	ok(o != NULL && o->nlines == DEPLOYRUN_LINES && o->dropped == 50 &&
	    strcmp(o->lines[0], "line50") == 0 &&
	    strcmp(o->lines[DEPLOYRUN_LINES - 1], "line249") == 0,
	    "the last %d lines kept, the 50 before counted", DEPLOYRUN_LINES);
	free(err);

	o = run(st, "head -c 2000 /dev/zero | tr '\\0' x; echo; echo after",
	    &err, &keep);
	ok(o != NULL && o->nlines == 2 && strlen(o->lines[0]) ==
	    DEPLOYRUN_LINE_MAX && strcmp(o->lines[1], "after") == 0,
	    "a long line is capped at %d bytes, the next one whole",
	    DEPLOYRUN_LINE_MAX);
	free(err);

	{
		char *argv[] = { "opsdeck-no-such-program", NULL };
		struct deployrun_what w = { "id-2", "octo/svc", "dev", NULL };
		struct spawn_result res;

		spawn_result_init(&res);
		err = deployrun_run(st, &w, argv, 1000, 1024, NULL, &res);
		spawn_result_done(&res);
		ok(err != NULL && strstr(err, "cannot run") != NULL,
		    "a program not found: %s", err != NULL ? err : "");
		free(err);
	}
	snap_unref(&keep);
	store_free(&st);
	return tap_done();
}
