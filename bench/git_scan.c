/* git_scan: gitscan_repo on a generated repository (50,000 commits, 1,000
 * branches, 200 tags) against the git CLI doing the same work. Not a test:
 * prints figures. The git CLI (bench only) builds the repo via fast-import. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "opsdeck/clock.h"
#include "opsdeck/gitsrc.h"

#define NCOMMITS	50000
#define NBRANCHES	1000
#define NTAGS		200
#define NMAIN		(NCOMMITS - NBRANCHES)

static void
emit_data(FILE *fp, const char *s)
{
	fprintf(fp, "data %zu\n%s\n", strlen(s), s);
}

static int
generate(const char *dir)
{
	char	path[PATH_MAX], cmd[PATH_MAX * 2], buf[128];
	FILE	*fp;
	long	t0 = 1700000000L;
	int	i;

	snprintf(path, sizeof path, "%s/stream", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return -1;
	for (i = 1; i <= NMAIN; i++) {
		fprintf(fp, "commit refs/heads/main\nmark :%d\n"
		    "committer Bench <b@example.com> %ld +0000\n", i, t0 + i);
		snprintf(buf, sizeof buf, "commit %d", i);
		emit_data(fp, buf);
		if (i > 1)
			fprintf(fp, "from :%d\n", i - 1);
		fprintf(fp, "M 644 inline f%d\n", i % 100);
		emit_data(fp, buf);
	}
	for (i = 0; i < NBRANCHES; i++) {
		fprintf(fp, "commit refs/heads/b%d\nmark :%d\n"
		    "committer Bench <b@example.com> %ld +0000\n",
		    i, NMAIN + 1 + i, t0 + NMAIN + i);
		snprintf(buf, sizeof buf, "branch %d", i);
		emit_data(fp, buf);
		fprintf(fp, "from :%d\nM 644 inline b/%d\n",
		    1 + i * (NMAIN / NBRANCHES), i);
		emit_data(fp, buf);
	}
	for (i = 0; i < NTAGS; i++) {
		if (i % 2 == 0) {
			fprintf(fp, "reset refs/tags/t%d\nfrom :%d\n\n", i,
			    1 + i * (NMAIN / NTAGS));
			continue;
		}
		fprintf(fp, "tag t%d\nfrom :%d\n"
		    "tagger Bench <b@example.com> %ld +0000\n", i,
		    1 + i * (NMAIN / NTAGS), t0 + NCOMMITS + i);
		emit_data(fp, "release");
	}
	fclose(fp);
	snprintf(cmd, sizeof cmd, "cd '%s' && git -c init.defaultBranch=main "
	    "init -q r && cd r && git fast-import --quiet < ../stream && "
	    "git checkout -q main", dir);
	return system(cmd) == 0 ? 0 : -1;	/* bench only */
}

static int64_t
timed_scan(const char *repo, struct gitscan_memo *memo, int print)
{
	struct git_snapshot	*s = NULL;
	char			*cause = NULL;
	int64_t			 t = clock_mono_ms();

	if (gitscan_repo_memo(repo, 30, time(NULL), memo, NULL, &s,
	    &cause) != 0) {
		fprintf(stderr, "git_scan: %s\n", cause);
		exit(1);
	}
	t = clock_mono_ms() - t;
	if (print)
		printf("scan: %zu branches, %zu tags, head %.12s\n",
		    s->nbranches, s->ntags, s->head_sha);
	gitrepo_snapshot_free(&s);
	return t;
}

int
main(void)
{
	struct gitscan_memo	*memo = gitscan_memo_new();
	char			 dir[] = "/tmp/git_scan.XXXXXX", repo[PATH_MAX];
	char			 cmd[PATH_MAX * 2];
	int64_t			 t, cold, warm = INT64_MAX, cli;
	int			 i;

	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	if (memo == NULL || mkdtemp(dir) == NULL || generate(dir) != 0) {
		fprintf(stderr, "git_scan: cannot generate the repository\n");
		return 1;
	}
	snprintf(repo, sizeof repo, "%s/r", dir);
	/* The OS caches warm, the memo empty: what the first scan costs. */
	timed_scan(repo, NULL, 1);
	cold = timed_scan(repo, memo, 0);
	for (i = 0; i < 5; i++) {	/* what every rescan costs */
		t = timed_scan(repo, memo, 0);
		if (t < warm)
			warm = t;
	}
	/* The same figures from git: every ref, then ahead/behind of each
	 * local branch against main, one rev-list per branch. */
	snprintf(cmd, sizeof cmd, "cd '%s' && git for-each-ref >/dev/null && "
	    "for b in $(git for-each-ref --format='%%(refname)' "
	    "refs/heads); do git rev-list --left-right --count "
	    "refs/heads/main...$b; "
	    "done >/dev/null", repo);
	t = clock_mono_ms();
	if (system(cmd) != 0)
		fprintf(stderr, "git_scan: CLI run failed\n");
	cli = clock_mono_ms() - t;
	printf("gitscan_repo, first scan (empty memo): %lld ms\n",
	    (long long)cold);
	printf("gitscan_repo, rescan (memo warm, best of 5): %lld ms\n",
	    (long long)warm);
	printf("git CLI for-each-ref + rev-list per branch: %lld ms\n",
	    (long long)cli);
	printf("ratio CLI/first scan: %.1fx, CLI/rescan: %.0fx\n",
	    cold > 0 ? (double)cli / cold : 0.0,
	    warm > 0 ? (double)cli / warm : 0.0);
	gitscan_memo_free(&memo);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
