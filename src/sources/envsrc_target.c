/* envsrc_target: a deploy target the user chose (a full or short SHA, a
 * branch or a tag) to the full SHA it names, before anything is sent:
 * the local clone when the repository has a path and knows the name, else
 * GET /repos/R/commits/REF/status (whose "sha" is the commit the ref
 * names; a 404 is an unknown ref); then what deploying it over what the
 * environment runs ships and takes back out (envsrc_delta: the clone or
 * the compare API). GETs only; any thread but the UI's. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/buf.h"
#include "opsdeck/conf.h"
#include "opsdeck/envconf.h"
#include "opsdeck/envsrc.h"
#include "opsdeck/envstate.h"
#include "opsdeck/ghclient.h"
#include "opsdeck/gitrepo.h"
#include "opsdeck/gitscan.h"
#include "opsdeck/rx.h"
#include "opsdeck/xalloc.h"
#include "envsrc_int.h"

int
envsrc_target_ref_ok(const char *ref, char **why)
{
	size_t i, n = ref != NULL ? strlen(ref) : 0;

	if (n == 0) {
		*why = xstrdup("no target: type a SHA, a branch or a tag");
		return -1;
	}
	if (n > 200 || ref[0] == '-' || ref[0] == '/' || ref[n - 1] == '/' ||
	    strstr(ref, "..") != NULL || strstr(ref, "//") != NULL ||
	    strstr(ref, "@{") != NULL)
		goto bad;
	/* What git forbids in a ref name, and what would leave the path. */
	for (i = 0; i < n; i++)
		if ((unsigned char)ref[i] <= ' ' || ref[i] == 0x7f ||
		    strchr("~^:?*[\\%#", ref[i]) != NULL)
			goto bad;
	return 0;
bad:
	*why = xstrdup("not a SHA, branch or tag name");
	return -1;
}

static bool
is_sha(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return i == 40;
}

/* Whether ref is a (short) SHA of sha rather than a name. */
static bool
names_sha(const char *ref, const char *sha)
{
	size_t n = strlen(ref);

	return n >= 4 && n <= 40 && strncmp(ref, sha, n) == 0;
}

static int
resolve_local(const struct repo_conf *rc, struct env_target *t)
{
	struct git_commit_info ci;
	char *cause = NULL;

	if (rc == NULL || rc->path == NULL ||
	    gitscan_commit(rc->path, t->ref, &ci, &cause) != 0) {
		free(cause);
		return -1;
	}
	t->sha = xstrdup(ci.sha);
	t->commit.sha = xstrdup(ci.sha);
	t->commit.subject = ci.subject;
	t->commit.author = ci.author;
	t->commit.time = ci.time;
	t->local = true;
	return 0;
}

static int
resolve_api(struct env_fetch *f, const char *repo, struct env_target *t,
    char **why)
{
	struct buf b;
	char *path, *esc, *sha;

	esc = envsrc_escape(t->ref, true);
	path = xasprintf("/repos/%s/commits/%s/status?per_page=1", repo, esc);
	free(esc);
	sha = envsrc_get(f, path, &b, false) == 0 ?
	    envsrc_json_member(&b, "sha") : NULL;
	free(path);
	buf_done(&b);
	if (sha != NULL && is_sha(sha)) {
		t->sha = sha;
		return 0;
	}
	free(sha);
	if (f->failed && f->k == GHCLIENT_NOT_FOUND)
		*why = xasprintf("unknown ref: no commit, branch or tag %.200s "
		    "in %s (%s)", t->ref, repo, f->why);
	else if (f->failed)
		*why = xasprintf("cannot resolve %.200s: %s", t->ref, f->why);
	else
		*why = xasprintf("cannot resolve %.200s: no SHA in GitHub's "
		    "answer", t->ref);
	return -1;
}

/* The target's commit from a delta that lists it (the compare's head). */
static void
commit_from(struct env_target *t, const struct env_delta *d)
{
	if (t->commit.sha != NULL || d->ncommits == 0 ||
	    d->commits[0].sha == NULL || strcmp(d->commits[0].sha, t->sha) != 0)
		return;
	t->commit.sha = xstrdup(d->commits[0].sha);
	t->commit.subject = d->commits[0].subject != NULL ?
	    xstrdup(d->commits[0].subject) : NULL;
	t->commit.author = d->commits[0].author != NULL ?
	    xstrdup(d->commits[0].author) : NULL;
	t->commit.time = d->commits[0].time;
}

int
envsrc_target(struct ghclient *gc, struct transport *tp,
    const struct conf *cfg, const char *repo, const char *ref,
    const char *from, struct env_target *t, char **why)
{
	const struct repo_conf *rc = cfg != NULL ? envconf_repo(cfg, repo) :
	    NULL;
	struct env_fetch f;
	struct rx **risky = NULL;
	size_t nrisky = 0;
	char *cause = NULL;
	int rv = -1;

	memset(t, 0, sizeof *t);
	t->out.count = t->back.count = -1;
	if (envsrc_target_ref_ok(ref, why) != 0)
		return -1;
	t->ref = xstrdup(ref);
	memset(&f, 0, sizeof f);
	f.gc = gc;
	f.tp = tp;
	f.cfg = cfg;
	if (envsrc_risky_new(cfg, &risky, &nrisky, &cause) != 0) {
		free(cause);	/* checked at start: not reached */
		risky = NULL;
		nrisky = 0;
	}
	f.risky = (const struct rx *const *)risky;
	f.nrisky = nrisky;
	if (resolve_local(rc, t) != 0 && resolve_api(&f, repo, t, why) != 0)
		goto out;
	t->by_name = !names_sha(ref, t->sha);
	/* Soft from here: the target is known, what it ships may not be. */
	f.failed = false;
	if (envsrc_delta(&f, rc, repo, from, t->sha, &t->out) != 0) {
		env_delta_done(&t->out);
		t->out.count = -1;
	}
	if (envsrc_delta(&f, rc, repo, t->sha, from, &t->back) != 0) {
		env_delta_done(&t->back);
		t->back.count = -1;
	}
	commit_from(t, &t->out);
	rv = 0;
out:
	envsrc_risky_free(risky, nrisky);
	if (rv != 0)
		env_target_done(t);
	return rv;
}
