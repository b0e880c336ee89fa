/* test_actissue: the issue actions' requests (actissue.h) without a
 * network: a create's JSON from a local file (title, body, labels; CRLF;
 * no heading, a github: line already, not UTF-8 refused), the link line
 * put after the heading with every other byte kept, the atomic write (the
 * file replaced whole, its mode kept, nothing left behind; a failure
 * leaves it as it was), the comment and label requests (the label's name
 * percent-encoded in a DELETE) and the checks before a dialog. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdeck/action.h"
#include "opsdeck/actissue.h"
#include "opsdeck/actworker.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

static char *
create(const char *text, char **why)
{
	char *json = NULL;

	*why = NULL;
	if (actissue_create_json(text, strlen(text), &json, why) != 0)
		return NULL;
	return json;
}

static void
test_create_json(void)
{
	char *j, *why;

	j = create("# Login page slow\nlabels: bug, sev2\n\nIt takes 9 s.\n\n"
	    "- step one\n", &why);
	is_str(j, "{\"title\":\"Login page slow\",\"body\":\"It takes 9 s.\\n"
	    "\\n- step one\",\"labels\":[\"bug\",\"sev2\"]}", "title, body, "
	    "labels from the file");
	free(j);
	j = create("\n\nintro\n## Title here\r\nbody line\r\n", &why);
	is_str(j, "{\"title\":\"Title here\",\"body\":\"intro\\nbody line\"}",
	    "the first heading is the title; CRLF; no labels: none sent");
	free(j);
	j = create("# T\nlabels:  , a b ,, c\n", &why);
	is_str(j, "{\"title\":\"T\",\"body\":\"\",\"labels\":[\"a b\",\"c\"]}",
	    "labels split at commas, blanks trimmed, empty ones dropped");
	free(j);
	j = create("no heading\n", &why);
	ok(j == NULL && why != NULL && strstr(why, "no heading") != NULL,
	    "no heading: refused (%s)", why != NULL ? why : "-");
	free(why);
	j = create("# T\ngithub: #4\n", &why);
	ok(j == NULL && why != NULL && strstr(why, "github:") != NULL,
	    "a github: line already: refused");
	free(why);
	j = create("# T\n\xff\xfe body\n", &why);
	ok(j == NULL && why != NULL && strstr(why, "UTF-8") != NULL,
	    "not UTF-8: refused");
	free(why);
}

static void
link_is(const char *in, const char *want, const char *what)
{
	char *out = NULL;
	size_t n = 0;

	ok(actissue_link_insert(in, strlen(in), 1110, &out, &n) == 0 &&
	    n == strlen(want) && memcmp(out, want, n) == 0, "%s", what);
	if (out != NULL && (n != strlen(want) || memcmp(out, want, n) != 0))
		printf("#   got \"%.*s\"\n", (int)n, out);
	free(out);
}

static void
test_link_insert(void)
{
	char *out = NULL;
	size_t n;

	link_is("# T\nlabels: bug\n\nbody\n", "# T\ngithub: #1110\nlabels: "
	    "bug\n\nbody\n", "the line goes after the heading");
	link_is("intro\n# T\r\nbody", "intro\n# T\r\ngithub: #1110\r\nbody",
	    "the heading's CRLF is kept, and the rest (no final newline)");
	link_is("# T", "# T\ngithub: #1110\n", "a heading alone, no newline");
	ok(actissue_link_insert("none\n", 5, 3, &out, &n) == -1 &&
	    out == NULL, "no heading: nothing made");
}

static void
test_write_atomic(void)
{
	char dir[] = "/tmp/test_actissue.XXXXXX", *path, *why = NULL, buf[64];
	struct stat sb;
	FILE *f;
	size_t n;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	path = xasprintf("%s/x.md", dir);
	f = fopen(path, "w");
	fputs("old\n", f);
	fclose(f);
	chmod(path, 0640);
	ok(actissue_write_atomic(path, "new\n", 4, &why) == 0,
	    "the write succeeds");
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	ok(n == 4 && memcmp(buf, "new\n", 4) == 0, "the file holds the new "
	    "bytes");
	memset(&sb, 0, sizeof sb);
	(void)stat(path, &sb);
	ok((sb.st_mode & 0777) == 0640, "its mode is kept (0%o)",
	    (unsigned)(sb.st_mode & 0777));
	free(path);
	path = xasprintf("%s/x.md.tmp.%ld", dir, (long)getpid());
	ok(access(path, F_OK) != 0, "no temporary file left");
	free(path);
	/* A directory that is not there: refused, why said. */
	path = xasprintf("%s/gone/x.md", dir);
	why = NULL;
	ok(actissue_write_atomic(path, "x", 1, &why) == -1 && why != NULL,
	    "a failure says why");
	free(why);
	free(path);
	path = xasprintf("%s/x.md", dir);
	unlink(path);
	free(path);
	rmdir(dir);
}

static void
test_build(void)
{
	struct action_request r;
	struct action_ctx ctx = { .mode = ACTION_MODE_INTERACTIVE };
	const char *m;
	char *path = NULL, *json = NULL, *why = NULL, *s;
	int rc;

	memset(&r, 0, sizeof r);
	r.id = ACTION_ID_ISSUE_COMMENT;
	r.repo = "octo/svc";
	r.number = 8;
	r.reason = "Looking \"into\" it";
	ok(actissue_build(NULL, &r, &m, &path, &json, &why) == 0, "comment");
	is_str(m, "POST", "a comment is a POST");
	is_str(path, "/repos/octo/svc/issues/8/comments", "to .../comments");
	is_str(json, "{\"body\":\"Looking \\\"into\\\" it\"}", "body exact");
	free(path);
	free(json);
	r.id = ACTION_ID_ISSUE_LABEL;
	r.reason = NULL;
	r.label = "needs triage";
	ok(actissue_build(NULL, &r, &m, &path, &json, &why) == 0 &&
	    strcmp(m, "POST") == 0, "add a label: POST");
	is_str(path, "/repos/octo/svc/issues/8/labels", "to .../labels");
	is_str(json, "{\"labels\":[\"needs triage\"]}", "body exact");
	free(path);
	free(json);
	r.label = "a/b?c#d e%";
	r.label_remove = true;
	ok(actissue_build(NULL, &r, &m, &path, &json, &why) == 0 &&
	    strcmp(m, "DELETE") == 0 && json == NULL, "remove: DELETE, "
	    "no body");
	is_str(path, "/repos/octo/svc/issues/8/labels/a%2Fb%3Fc%23d%20e%25",
	    "the name percent-encoded in one path segment");
	free(path);
	s = actissue_path_segment("sev-1_x.y~");
	is_str(s, "sev-1_x.y~", "unreserved characters kept");
	free(s);
	r.number = 0;
	ok(actissue_check(&ctx, &r, false, &why) == -1 && why != NULL,
	    "no issue: refused before a dialog");
	free(why);
	r.number = 8;
	r.label = "  ";
	ok(actissue_check(&ctx, &r, false, &why) == 0, "a blank label passes "
	    "before the dialog");
	ok(actissue_check(&ctx, &r, true, &why) == -1 && why != NULL,
	    "but not once confirmed");
	free(why);
	memset(&r, 0, sizeof r);
	r.id = ACTION_ID_ISSUE_CREATE;
	r.repo = "octo/svc";
	r.file = "issues/../../etc/passwd.md";
	ok(actissue_check(&ctx, &r, true, &why) == -1, "a file outside issues/ is "
	    "refused");
	free(why);
	r.file = "issues/new.md";
	ok(actissue_check(&ctx, &r, true, &why) == 0, "issues/new.md is fine");
	ctx.readonly_flag = true;
	ok(actissue_check(&ctx, &r, true, &why) == -1 && why != NULL &&
	    strstr(why, "read-only (--readonly)") != NULL, "--readonly: "
	    "refused in the core, saying why");
	free(why);
	ctx.readonly_flag = false;
	ctx.mode = ACTION_MODE_WALLBOARD;
	ok(actissue_check(&ctx, &r, true, &why) == -1 && why != NULL,
	    "the wallboard: refused");
	free(why);
	ctx.mode = ACTION_MODE_INTERACTIVE;
	/* Built first: why, an argument of ok(), is read in any order. */
	why = NULL;
	rc = actissue_build(NULL, &r, &m, &path, &json, &why);
	ok(rc == -1 && why != NULL && strstr(why, "[repo] path") != NULL,
	    "without a clone: refused, nothing built (%s)", why);
	free(why);
	s = actissue_target(&r);
	is_str(s, "file issues/new.md", "the journal's target of a create");
	free(s);
}

int
main(void)
{
	test_create_json();
	test_link_insert();
	test_write_atomic();
	test_build();
	return tap_done();
}
