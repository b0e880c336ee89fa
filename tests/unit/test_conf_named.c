/* test_conf_named: tables whose sections take a name ([check "api"]): one
 * struct per name in file order, each starting from the unnamed section
 * (the built-in defaults, or the user's [check]), finish per name with the
 * error naming the check, and the name rule of conf_check. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/healthsrc.h"
#include "opsdeck/qualitysrc.h"
#include "opsdeck/sources.h"
#include "../tap.h"

static char dir[PATH_MAX];

static int
load(const char *text, struct conf *cfg, char **cause)
{
	const struct conf_table *const *t;
	char path[PATH_MAX + 16];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof path, "%s/config", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	fputs(text, fp);
	fclose(fp);
	t = sources_conf_tables(&n);
	*cause = NULL;
	return conf_load(cfg, path, t, n, cause);
}

static const struct healthsrc_check_conf *
nth(const struct conf *cfg, size_t i, const char **name)
{
	const struct conf_named *nv = conf_named_values(cfg,
	    &healthsrc_check_table);

	if (nv == NULL || i >= nv->n)
		return NULL;
	*name = nv->names[i];
	return nv->values[i];
}

int
main(void)
{
	const struct healthsrc_check_conf *a, *b;
	const struct conf_named *nv;
	const char *na = "", *nb = "";
	struct conf cfg;
	char *cause = NULL;
	int rc;

	snprintf(dir, sizeof dir, "%s/opsdeck-named.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		tap_skip_all("no temporary directory");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	git_libgit2_init();

	rc = load("[check]\n\ttimeout = 3s\n[check \"Zeta\"]\n\tkind = tcp\n"
	    "\taddress = db:5432\n[check \"api\"]\n\tkind = http\n\turl = "
	    "https://api.example.com/healthz?full=1\n\tinterval = 5s\n"
	    "[check \"Zeta\"]\n\tflap-damping = 3\n", &cfg, &cause);
	ok(rc == 0,
	    "two named checks load (%s)", cause != NULL ? cause : "ok");
	nv = conf_named_values(&cfg, &healthsrc_check_table);
	ok(nv != NULL && nv->n == 2, "one struct per name, a split section "
	    "merged (%zu)", nv != NULL ? nv->n : 0);
	a = nth(&cfg, 0, &na);
	b = nth(&cfg, 1, &nb);
	ok(a != NULL && b != NULL && strcmp(na, "Zeta") == 0 &&
	    strcmp(nb, "api") == 0, "in file order, the name's case kept "
	    "(%s, %s)", na, nb);
	ok(a != NULL && a->interval_s == 30 && a->timeout_s == 3 &&
	    a->flap_damping == 3 && a->status == 200 && a->disk == 90,
	    "built-in defaults, then the user's [check], then its own keys");
	ok(b != NULL && b->interval_s == 5 && b->timeout_s == 3 &&
	    b->flap_damping == 2 && strcmp(b->url,
	    "https://api.example.com/healthz?full=1") == 0,
	    "each its own values (a URL kept whole, query and all)");
	ok(conf_named_values(&cfg, &healthsrc_conf_table) == NULL,
	    "an unnamed table has no named values");
	ok(sources_watch(&cfg), "checks are something to watch");
	conf_done(&cfg);

	ok(load("[ui]\n\tlayout = grid\n", &cfg, &cause) == 0 &&
	    (nv = conf_named_values(&cfg, &healthsrc_check_table)) != NULL &&
	    nv->n == 0 && !sources_watch(&cfg),
	    "no [check]: none, and nothing to watch from it");
	conf_done(&cfg);

	/* One mechanism, two rules for a key without a name: [check]'s are
	 * every check's defaults (CONF_NAMED_DEFAULTS), [environment]'s an
	 * error (CONF_NAMED, whose defaults by name come from init). */
	rc = load("[check]\n\tinterval = 1m\n[check \"db\"]\n\tkind = tcp\n"
	    "\taddress = db:5432\n[environment \"production\"]\n"
	    "\tmin-score = 90\n[environment \"octo/web staging\"]\n",
	    &cfg, &cause);
	ok(rc == 0 && (a = nth(&cfg, 0, &na)) != NULL && a->interval_s == 60,
	    "checks and environments load together (%s)",
	    cause != NULL ? cause : "ok");
	ok(rc == 0 && (nv = conf_named_values(&cfg,
	    &quality_env_conf_table)) != NULL && nv->n == 2 &&
	    strcmp(nv->names[1], "octo/web staging") == 0 &&
	    conf_values_named(&cfg, &quality_env_conf_table,
	    "production") != NULL, "the environments by name, a bare header "
	    "too");
	if (rc == 0)
		conf_done(&cfg);
	free(cause);
	rc = load("[environment \"production\"]\n\tmin-score = 90\n", &cfg,
	    &cause);
	ok(rc == 0 && !sources_watch(&cfg), "environments alone are not "
	    "something to watch");
	if (rc == 0)
		conf_done(&cfg);
	free(cause);
	rc = load("[check \"db\"]\n\tkind = tcp\n\taddress = x:1\n"
	    "[environment]\n\tmin-score = 90\n", &cfg, &cause);
	ok(rc != 0 && cause != NULL && strstr(cause, "config:5: key "
	    "'environment.min-score' belongs in a [environment \"NAME\"] "
	    "section") != NULL, "[environment] takes no defaults without a "
	    "name (%s)", cause);
	free(cause);
	rc = load("[check]\n\tintervall = 1m\n", &cfg, &cause);
	ok(rc != 0 && cause != NULL && strstr(cause, "config:2: unknown key "
	    "'check.intervall'; did you mean 'interval'?") != NULL,
	    "a typo in [check] defaults: FILE:LINE and the nearest (%s)",
	    cause);
	free(cause);

	rc = load("[ui]\n\tlayout = grid\n[check \"db\"]\n\taddress = x:1\n",
	    &cfg, &cause);
	ok(rc != 0 && cause != NULL && strstr(cause,
	    "config:3: [check \"db\"]: key 'kind' is required") != NULL,
	    "finish runs per name and names it, at its header (%s)", cause);
	free(cause);
	rc = load("[check \"db\"]\n\tkind = tcp\n\tadress = x:1\n", &cfg,
	    &cause);
	ok(rc != 0 && cause != NULL && strstr(cause, "config:3: unknown "
	    "key 'check.db.adress'; did you mean 'address'?") != NULL,
	    "a typo in a named section: FILE:LINE and the nearest key (%s)",
	    cause);
	free(cause);
	rc = load("[health \"x\"]\n\tafter-deploy = 5m\n", &cfg, &cause);
	ok(rc != 0 && cause != NULL && strstr(cause, "takes no name") != NULL,
	    "an unnamed table's section takes no name (%s)", cause);
	free(cause);
	rc = load("[check \"a\"]\n\tkind = command\n\tcommand = true\n"
	    "\tinterval = 0s\n", &cfg, &cause);
	ok(rc != 0 && cause != NULL &&
	    strstr(cause, "key 'check.a.interval'") != NULL,
	    "a named key out of range names the check (%s)", cause);
	free(cause);

	git_libgit2_shutdown();
	unlink(strcat(dir, "/config"));
	*strrchr(dir, '/') = '\0';
	rmdir(dir);
	return tap_done();
}
