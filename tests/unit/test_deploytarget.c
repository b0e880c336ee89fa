/* test_deploytarget: a deploy's chosen target. What may name a commit
 * (envsrc_target_ref_ok); a local clone's answer (gitscan_commit: a tag,
 * an annotated tag, a branch, a short SHA, an unknown name), and
 * envsrc_target over it without a request (no client, no transport): the
 * full SHA, its commit, and the commits going out and coming back. The
 * clone is built with the git CLI (test only) in a temp dir. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "opsdeck/conf.h"
#include "opsdeck/envsrc.h"
#include "opsdeck/envstate.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/gitscan.h"
#include "opsdeck/sources.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

static char tmpdir[256];

static int
sh(const char *cmd)
{
	char buf[PATH_MAX * 2];

	snprintf(buf, sizeof buf, "cd '%s/o' && { %s; } >/dev/null 2>&1",
	    tmpdir, cmd);
	return system(buf);	/* test only: the git CLI builds fixtures */
}

static void
rev(const char *what, char out[41])
{
	char cmd[PATH_MAX], path[PATH_MAX];
	FILE *fp;

	snprintf(cmd, sizeof cmd, "git rev-parse %s > '%s/rev.out'", what,
	    tmpdir);
	sh(cmd);
	snprintf(path, sizeof path, "%s/rev.out", tmpdir);
	out[0] = '\0';
	if ((fp = fopen(path, "r")) != NULL) {
		if (fgets(out, 41, fp) == NULL)
			out[0] = '\0';
		fclose(fp);
	}
}

static void
test_ref_ok(void)
{
	static const char *const good[] = { "main", "release/1.2", "v1.2",
	    "d30e5fb", "d30e5fbadedb4f231d013791a3da7f270924b542",
	    "feature_x-2" };
	static const char *const bad[] = { "", "-x", "a b", "a..b", "x~1",
	    "x^", "a:b", "new\nline", "x%2f", "a#b", "/x", "x/", "a//b",
	    "x@{1}", "a?b", "a*", "a\\b", "tab\there" };
	char *why;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		why = NULL;
		ok(envsrc_target_ref_ok(good[i], &why) == 0, "ref ok: %s",
		    good[i]);
		free(why);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		/* The index, not the name: one holds a newline. */
		ok(envsrc_target_ref_ok(bad[i], &why) == -1 && why != NULL,
		    "bad name %zu refused before any request", i);
		free(why);
	}
}

static char sha1[41], sha2[41], sha3[41];

static int
build(void)
{
	char cmd[PATH_MAX];

	snprintf(cmd, sizeof cmd, "cd '%s' && git -c init.defaultBranch=main "
	    "init -q o >/dev/null 2>&1", tmpdir);
	if (system(cmd) != 0)	/* test only */
		return -1;
	sh("git config user.name 'Mona Lisa' && git config user.email m@x && "
	    "echo 1 > a.txt && git add a.txt && git commit -q -m one");
	sh("git tag v1 && mkdir -p db/migrations && echo x > "
	    "db/migrations/001.sql && git add db && git commit -q -m "
	    "'add the orders table'");
	sh("git tag -a -m release v2 && git checkout -q -b feature && "
	    "echo f > f.txt && git add f.txt && git commit -q -m feat && "
	    "git checkout -q main");
	rev("v1", sha1);
	rev("main", sha2);
	rev("feature", sha3);
	return strlen(sha1) == 40 && strlen(sha2) == 40 &&
	    strlen(sha3) == 40 ? 0 : -1;
}

static void
test_local(void)
{
	struct git_commit_info ci;
	char path[PATH_MAX], *cause = NULL, shortsha[8];

	snprintf(path, sizeof path, "%s/o", tmpdir);
	ok(gitscan_commit(path, "v1", &ci, &cause) == 0 &&
	    strcmp(ci.sha, sha1) == 0 && strcmp(ci.subject, "one") == 0 &&
	    strcmp(ci.author, "Mona Lisa") == 0 && ci.time > 0,
	    "a light tag: its commit, subject, author and time");
	free(ci.subject);
	free(ci.author);
	ok(gitscan_commit(path, "v2", &ci, &cause) == 0 &&
	    strcmp(ci.sha, sha2) == 0, "an annotated tag: peeled to its commit");
	free(ci.subject);
	free(ci.author);
	ok(gitscan_commit(path, "feature", &ci, &cause) == 0 &&
	    strcmp(ci.sha, sha3) == 0, "a branch");
	free(ci.subject);
	free(ci.author);
	snprintf(shortsha, sizeof shortsha, "%.7s", sha3);
	ok(gitscan_commit(path, shortsha, &ci, &cause) == 0 &&
	    strcmp(ci.sha, sha3) == 0, "a short SHA");
	free(ci.subject);
	free(ci.author);
	ok(gitscan_commit(path, "nosuch", &ci, &cause) == -1 && cause !=
	    NULL && strstr(cause, "nosuch") != NULL, "an unknown name is "
	    "refused, naming it");
	free(cause);
}

/* envsrc_target over the clone: no client, no transport, no request. */
static void
test_target(void)
{
	const struct conf_table *const *tables;
	struct env_target t;
	struct conf cfg;
	char path[PATH_MAX], *cause = NULL, *why = NULL;
	size_t nt;
	FILE *fp;

	snprintf(path, sizeof path, "%s/config", tmpdir);
	if ((fp = fopen(path, "w")) == NULL)
		return;
	fprintf(fp, "[repo \"octo/svc\"]\n\tpath = %s/o\n", tmpdir);
	fclose(fp);
	tables = sources_conf_tables(&nt);
	if (conf_load(&cfg, path, tables, nt, &cause) != 0) {
		ok(0, "config: %s", cause);
		free(cause);
		return;
	}
	ok(envsrc_target(NULL, NULL, &cfg, "octo/svc", "v1", sha2, &t,
	    &why) == 0, "a tag of the clone resolves without a request");
	ok(t.sha != NULL && strcmp(t.sha, sha1) == 0 && t.local && t.by_name,
	    "  to the full SHA, locally, by name");
	ok(t.commit.subject != NULL && strcmp(t.commit.subject, "one") == 0,
	    "  with its subject");
	ok(t.out.count == 0 && t.back.count == 1 && t.back.nrisky == 1 &&
	    strcmp(t.back.risky[0], "db/migrations/001.sql") == 0,
	    "  nothing going out, one commit coming back with its risky path");
	env_target_done(&t);
	ok(envsrc_target(NULL, NULL, &cfg, "octo/svc", sha3, sha1, &t,
	    &why) == 0 && !t.by_name && t.out.count == 2 && t.back.count == 0,
	    "a full SHA: not a name; two commits going out");
	env_target_done(&t);
	why = NULL;
	ok(envsrc_target(NULL, NULL, &cfg, "octo/svc", "a b", sha1, &t,
	    &why) == -1 && why != NULL && strstr(why, "not a SHA") != NULL,
	    "a bad name is refused, saying so");
	free(why);
	conf_done(&cfg);
}

int
main(void)
{
	char cmd[PATH_MAX];

	snprintf(tmpdir, sizeof tmpdir, "%s/od-dt-XXXXXX", getenv("TMPDIR") !=
	    NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		tap_skip_all("no temp dir");
	/* Once, as main does: the config reader and gitscan share it. */
	git_libgit2_init();
	test_ref_ok();
	if (build() == 0) {
		test_local();
		test_target();
	} else
		ok(0, "the git CLI builds the fixture clone");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	(void)system(cmd);	/* test only */
	git_libgit2_shutdown();
	return tap_done();
}
