/* gitscan_commit: one commit of a local clone by any name git knows for
 * it (a full or short SHA, a branch, a tag, a remote branch), for a deploy
 * whose target the user chose: the clone answers without a request. Its
 * own git_repository per call, like the rest of gitscan. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "opsdeck/gitscan.h"
#include "opsdeck/xalloc.h"

/* ref as given, then as origin's branch: a clone's local branch may be
 * missing or behind, its remote-tracking one is what was pushed. */
static int
lookup(git_repository *repo, const char *ref, git_commit **out)
{
	git_object *obj = NULL;
	char *remote;
	int rc;

	rc = git_revparse_single(&obj, repo, ref);
	if (rc != 0) {
		git_error_clear();
		remote = xasprintf("refs/remotes/origin/%s", ref);
		rc = git_revparse_single(&obj, repo, remote);
		free(remote);
	}
	if (rc == 0)
		rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	git_error_clear();
	return rc == 0 ? 0 : -1;
}

int
gitscan_commit(const char *path, const char *ref,
    struct git_commit_info *out, char **cause)
{
	git_repository *repo = NULL;
	git_commit *c = NULL;
	const git_signature *sig;
	const char *s;
	int rc = -1;

	memset(out, 0, sizeof *out);
	git_libgit2_init();
	if (git_repository_open_ext(&repo, path, 0, NULL) != 0) {
		git_error_clear();
		*cause = xasprintf("%s: not a git repository", path);
		goto out;
	}
	if (lookup(repo, ref, &c) != 0) {
		*cause = xasprintf("%.200s is not a commit, branch or tag of "
		    "the local clone", ref);
		goto out;
	}
	git_oid_tostr(out->sha, sizeof out->sha, git_commit_id(c));
	s = git_commit_summary(c);
	out->subject = xstrdup(s != NULL ? s : "");
	sig = git_commit_author(c);
	out->author = xstrdup(sig != NULL && sig->name != NULL ? sig->name :
	    "");
	out->time = (time_t)git_commit_time(c);
	rc = 0;
out:
	git_commit_free(c);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
