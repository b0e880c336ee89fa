/* test_deploy: the deployment model's answers (latest status, current SHA,
 * in flight, rollback candidates, promotion order), on hand-built
 * histories shaped like tests/fakehub/scenarios/deploy.json. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "opsdeck/deploy.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

/* Appends a status to d (statuses as "state@time,state@time"). */
static void
statuses(struct deployment *d, const char *spec)
{
	struct deployment_status	*s = NULL;
	size_t				 n = 0;
	char				*copy = xstrdup(spec), *tok, *save, *at;

	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		s = xreallocarray(s, n + 1, sizeof *s);
		memset(&s[n], 0, sizeof s[n]);
		at = strchr(tok, '@');
		*at = '\0';
		s[n].id = d->id * 10 + (int64_t)n;
		s[n].state = xstrdup(tok);
		s[n].kind = deploy_state_parse(tok);
		s[n].created_at = (time_t)strtoll(at + 1, NULL, 10);
		n++;
	}
	free(copy);
	deployment_set_statuses(d, s, n);
}

static void
dep(struct deployment *d, int64_t id, const char *env, const char *sha,
    time_t t, const char *spec)
{
	memset(d, 0, sizeof *d);
	d->id = id;
	d->environment = xstrdup(env);
	d->sha = xstrdup(sha);
	d->created_at = t;
	statuses(d, spec);
}

static void
test_states(void)
{
	ok(deploy_state_parse("success") == DEPLOY_STATE_SUCCESS &&
	    deploy_state_parse("in_progress") == DEPLOY_STATE_IN_PROGRESS &&
	    deploy_state_parse("Success") == DEPLOY_STATE_OTHER &&
	    deploy_state_parse(NULL) == DEPLOY_STATE_OTHER,
	    "state names: exact, unknown and NULL are OTHER");
	ok(deploy_state_active(DEPLOY_STATE_QUEUED) &&
	    deploy_state_active(DEPLOY_STATE_PENDING) &&
	    deploy_state_active(DEPLOY_STATE_IN_PROGRESS) &&
	    !deploy_state_active(DEPLOY_STATE_SUCCESS) &&
	    !deploy_state_active(DEPLOY_STATE_OTHER),
	    "active: queued, pending, in progress only");
}

static void
test_history(void)
{
	struct deployment	*d = xcalloc(7, sizeof *d);
	struct deploy_candidate	*c;
	const struct deployment	*cur;
	size_t			 n;

	/* production: 101 ok, 102 ok, 103 failed; 104 = 101's SHA again
	 * (older than 102); staging: 201 superseded (inactive), 202 ok;
	 * dev: 301 still running. */
	dep(&d[0], 101, "production", "sha1", 1000, "in_progress@1001,success@1010");
	dep(&d[1], 102, "production", "sha2", 3000, "success@3010");
	dep(&d[2], 103, "production", "sha3", 5000, "failure@5020,in_progress@5001");
	dep(&d[3], 104, "production", "sha1", 2000, "success@2010,failure@2500");
	dep(&d[4], 201, "staging", "sha3", 4000, "success@4010,inactive@4510");
	dep(&d[5], 202, "staging", "sha4", 4500, "success@4510");
	dep(&d[6], 301, "dev", "sha5", 6000, "queued@6000,in_progress@6005");

	ok(d[2].statuses[0].kind == DEPLOY_STATE_FAILURE &&
	    deployment_latest_status(&d[2]) == &d[2].statuses[0],
	    "statuses sorted newest first; latest is the failure");
	ok(deployment_ever_succeeded(&d[0]) && !deployment_ever_succeeded(&d[2]),
	    "ever succeeded");
	ok(deployment_known_good(&d[0]) && deployment_known_good(&d[4]) &&
	    !deployment_known_good(&d[3]) && !deployment_known_good(&d[2]),
	    "known good: inactive after success still is, failure after it is not");

	cur = deploy_current(d, 7, "production");
	ok(cur == &d[1], "production runs sha2: the failed 103 is not current");
	ok(deploy_current(d, 7, "staging") == &d[5] &&
	    deploy_current(d, 7, "dev") == NULL &&
	    deploy_current(d, 7, "nowhere") == NULL &&
	    deploy_current(d, 7, NULL) == NULL,
	    "staging runs sha4; dev has nothing successful yet");
	ok(deploy_in_flight(d, 7, "dev") == &d[6] &&
	    deploy_in_flight(d, 7, "production") == NULL,
	    "dev has a deployment in flight, production none");

	deploy_rollback_candidates(d, 7, "production", &c, &n);
	ok(n == 1 && c[0].deployment == &d[3] && !c[0].last_known_good,
	    "production: sha1, newest deployment of it (104), not known good");
	free(c);
	deploy_rollback_candidates(d, 7, "staging", &c, &n);
	ok(n == 1 && c[0].deployment == &d[4] && c[0].last_known_good,
	    "staging: the superseded 201 is last known good");
	free(c);
	ok(deploy_rollback_candidates(d, 7, "dev", &c, &n) == 0 && c == NULL,
	    "dev: nothing earlier to go back to");

	/* A newer success on the same SHA as current is not a roll back. */
	deployment_done(&d[2]);
	dep(&d[2], 103, "production", "sha2", 5000, "success@5020");
	ok(deploy_current(d, 7, "production") == &d[2], "103 now current");
	deploy_rollback_candidates(d, 7, "production", &c, &n);
	ok(n == 1 && strcmp(c[0].deployment->sha, "sha1") == 0,
	    "the same SHA as current is skipped (102), then sha1");
	free(c);

	deploy_sort(d, 7);
	ok(d[0].id == 301 && d[1].id == 103 && d[6].id == 101,
	    "deploy_sort: newest first");
	deployments_free(d, 7);
}

static void
test_order(void)
{
	struct environment	 envs[2];
	struct deployment	 deps[3];
	const char		*conf[] = { "dev", "staging", "dev", "prod" };
	const char		**names;
	size_t			 n;

	memset(envs, 0, sizeof envs);
	memset(deps, 0, sizeof deps);
	envs[0].name = (char *)"staging";
	envs[1].name = (char *)"production";
	deps[0].environment = (char *)"preview-42";
	deps[1].environment = (char *)"production";
	deps[2].environment = NULL;
	deploy_env_order(NULL, 0, envs, 2, deps, 3, &names, &n);
	ok(n == 3 && strcmp(names[0], "staging") == 0 &&
	    strcmp(names[1], "production") == 0 &&
	    strcmp(names[2], "preview-42") == 0,
	    "default order: the API's, then those seen in deployments");
	free(names);
	deploy_env_order(conf, 4, envs, 2, deps, 3, &names, &n);
	ok(n == 3 && strcmp(names[0], "dev") == 0 &&
	    strcmp(names[2], "prod") == 0,
	    "configured order wins, duplicates dropped");
	free(names);
	ok(deploy_env_order(NULL, 0, NULL, 0, NULL, 0, &names, &n) == 0 &&
	    names == NULL, "nothing: no names");
}

int
main(void)
{
	test_states();
	test_history();
	test_order();
	return (tap_done());
}
