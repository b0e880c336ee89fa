/* test_issues: the issues parser over GitHub's official example
 * (tests/data/github/quality/issue-items.json, from the OpenAPI
 * description) and hostile bodies, and the model's label filter and
 * severity order. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "opsdeck/ghparse_issues.h"
#include "opsdeck/issuefile.h"
#include "opsdeck/issues.h"
#include "opsdeck/mdtext.h"
#include "opsdeck/xalloc.h"
#include "opsdeck/xalloc.h"
#include "../tap.h"

#define J(s)	(s), strlen(s)

static char *
slurp(const char *name, size_t *len)
{
	char path[1024], *data;
	FILE *fp;
	long n;

	snprintf(path, sizeof path, "%s/tests/data/github/quality/%s",
	    OD_SRCDIR, name);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	data = xmalloc((size_t)n + 1);
	*len = fread(data, 1, (size_t)n, fp);
	data[*len] = '\0';
	fclose(fp);
	return data;
}

static void
free_all(struct issue *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		issue_done(&v[i]);
	free(v);
}

/* GitHub's example item carries a pull_request key: a pull request. With
 * the key taken out it is the issue it describes. */
static void
test_example(void)
{
	struct issue *v = NULL;
	char *body, *cause = NULL, *p;
	size_t len, n = 0, prs = 0;

	body = slurp("issue-items.json", &len);
	ok(body != NULL, "example read");
	if (body == NULL)
		return;
	ok(ghparse_issues(body, len, &v, &n, &prs, &cause) == 0, "parses");
	is_int((long)n, 0, "the example's pull request is left out");
	is_int((long)prs, 1, "and counted");
	p = strstr(body, "\"pull_request\"");
	ok(p != NULL, "example has pull_request");
	memcpy(p, "\"pull_reqXest\"", 14);
	ok(ghparse_issues(body, len, &v, &n, NULL, &cause) == 0,
	    "as an issue");
	is_int((long)n, 1, "one issue");
	if (n == 1) {
		is_int((long)v[0].number, 1347, "number");
		is_str(v[0].title, "Found a bug", "title");
		is_str(v[0].state, "open", "state");
		is_int((long)v[0].comments, 0, "comments");
		is_int((long)v[0].created_at, 1303479228L, "created_at");
		is_int((long)v[0].nlabels, 1, "labels");
		is_str(v[0].labels[0].name, "bug", "label name");
		is_str(v[0].labels[0].color, "f29513", "label colour");
		is_int((long)v[0].nassignees, 1, "assignees");
		is_str(v[0].assignees[0], "octocat", "assignee login");
		is_str(v[0].html_url,
		    "https://github.com/octocat/Hello-World/issues/1347", "url");
	}
	free_all(v, n);
	free(body);
	free(cause);
}

static void
test_comments(void)
{
	struct issue_comments c;
	char *body, *cause = NULL;
	size_t len;

	memset(&c, 0, sizeof c);
	body = slurp("issue-comment-items.json", &len);
	ok(body != NULL && ghparse_issue_comments(body, len, &c, &cause) == 0,
	    "the official comments example parses");
	is_int((long)c.n, 1, "one comment");
	if (c.n == 1) {
		is_str(c.items[0].author, "octocat", "its author");
		is_str(c.items[0].body, "Me too", "its body");
		is_int((long)c.items[0].created_at, 1302796849L, "its time");
	}
	free(body);
	for (len = 0; len < c.n; len++) {
		free(c.items[len].author);
		free(c.items[len].body);
	}
	free(c.items);
	memset(&c, 0, sizeof c);
	ok(ghparse_issue_comments(J("[{\"body\":1}]"), &c, &cause) == -1 &&
	    cause != NULL, "a body that is no string refused");
	free(c.items);
	memset(&c, 0, sizeof c);
	ok(ghparse_issue_comments(J("[1]"), &c, &cause) == -1,
	    "an item that is no object refused");
	free(c.items);
	free(cause);
}

static void
test_labels_and_hostile(void)
{
	struct issue *v = NULL;
	char *cause = NULL, *body;
	size_t n = 0, i, prs;
	const char *esc = "[{\"number\":2,\"title\":\"\\u001b]52;c;x\\u0007"
	    "\\u202etxt\",\"labels\":[\"sev2\",{\"name\":\"bug\","
	    "\"color\":\"ff0000\"}]}]";

	ok(ghparse_issues(J(esc), &v, &n, NULL, &cause) == 0,
	    "labels as strings and objects");
	if (n == 1) {
		is_int((long)v[0].nlabels, 2, "two labels");
		is_str(v[0].labels[0].name, "sev2", "string label");
		ok(v[0].labels[0].color == NULL, "string label: no colour");
		is_str(v[0].labels[1].color, "ff0000", "object label colour");
		ok(strstr(v[0].title, "\033]52") != NULL,
		    "escape kept raw for the UI to sanitise");
	}
	free_all(v, n);
	v = NULL, n = 0;
	ok(ghparse_issues(J("[{\"number\":\"3\",\"title\":\"x\"}]"), &v, &n,
	    NULL, &cause) == -1, "number as a string refused");
	ok(cause != NULL && strstr(cause, "[0].number") != NULL,
	    "cause names the path: %s", cause != NULL ? cause : "");
	ok(ghparse_issues(J("[{\"number\":3,\"title\":7}]"), &v, &n, NULL,
	    &cause) == -1, "title as a number refused");
	ok(ghparse_issues(J("[{\"number\":3,\"title\":\"x\",\"labels\":[1]}]"),
	    &v, &n, NULL, &cause) == -1, "label as a number refused");
	ok(ghparse_issues(J("{\"message\":\"x\"}"), &v, &n, NULL, &cause) ==
	    -1, "an object is not a list");
	ok(ghparse_issues(J("[{\"number\":3,\"title\":\"\xff\xfe\"}]"), &v,
	    &n, NULL, &cause) == -1, "invalid UTF-8 refused");
	ok(ghparse_issues(J("[{\"number\":3"), &v, &n, NULL, &cause) == -1,
	    "truncated refused");
	is_int((long)n, 0, "nothing kept from bad bodies");
	/* A page whose second issue is bad keeps what the earlier pages
	 * gave and none of its own (found by fuzz_ghparse_issues). */
	ok(ghparse_issues(J("[{\"number\":1,\"title\":\"a\"}]"), &v, &n,
	    NULL, &cause) == 0 && n == 1, "page 1: one issue");
	prs = 0;
	ok(ghparse_issues(J("[{\"number\":2,\"title\":\"b\"},"
	    "{\"pull_request\":{}},{\"number\":3,\"title\":\"c\","
	    "\"created_at\":\"2026-1\\u001e\"}]"), &v, &n, &prs, &cause) ==
	    -1, "page 2 with a bad created_at refused");
	ok(cause != NULL && strstr(cause, "[2].created_at") != NULL,
	    "the cause names it: %s", cause != NULL ? cause : "");
	ok(n == 1 && v[0].number == 1, "page 1's issue kept, none of page 2's "
	    "(%zu)", n);
	is_int((long)prs, 0, "nor its pull requests counted");
	free_all(v, n);
	v = NULL, n = 0;
	/* A very long title is cut, on a character boundary. */
	body = xmalloc(5000);
	strcpy(body, "[{\"number\":4,\"title\":\"");
	for (i = 0; i < 1500; i++)
		strcat(body, "\xc3\xa9");	/* é, two bytes */
	strcat(body, "\"}]");
	ok(ghparse_issues(body, strlen(body), &v, &n, NULL, &cause) == 0,
	    "long title parses");
	if (n == 1) {
		ok(strlen(v[0].title) <= ISSUES_MAX_TITLE, "title cut");
		ok(strlen(v[0].title) % 2 == 0, "on a character boundary");
	}
	free_all(v, n);
	free(body);
	free(cause);
}

static void
set_issue(struct issue *is, int64_t num, time_t created, const char *label)
{
	memset(is, 0, sizeof *is);
	is->number = num;
	is->created_at = created;
	if (label != NULL) {
		is->labels = xcalloc(1, sizeof *is->labels);
		is->labels[0].name = xstrdup(label);
		is->nlabels = 1;
	}
}

static void
test_sort_filter(void)
{
	struct issue v[7];
	size_t n = 7;

	set_issue(&v[0], 1, 100, "bug");
	set_issue(&v[1], 2, 300, "sev2");
	set_issue(&v[2], 3, 200, "incident");
	set_issue(&v[3], 4, 400, "sev1");
	set_issue(&v[4], 5, 50, "release-blocker");
	set_issue(&v[5], 6, 10, "question");
	set_issue(&v[6], 7, 250, "sev2");
	ok(issues_label_matches(ISSUES_DEFAULT_LABELS, "SEV3"), "sev* glob");
	ok(!issues_label_matches(ISSUES_DEFAULT_LABELS, "bugfix"),
	    "exact names are exact");
	issues_filter(v, &n, ISSUES_DEFAULT_LABELS);
	is_int((long)n, 6, "the question is filtered out");
	issues_sort(v, n);
	is_int((long)v[0].number, 4, "sev1 first");
	is_int((long)v[1].number, 7, "then sev2, older first");
	is_int((long)v[2].number, 2, "then the younger sev2");
	is_int((long)v[3].number, 5, "then release-blocker");
	is_int((long)v[4].number, 3, "then incident");
	is_int((long)v[5].number, 1, "then bug");
	while (n > 0)
		issue_done(&v[--n]);
	is_int(issue_label_xterm256("ff0000"), 196, "red to the cube's red");
	is_int(issue_label_xterm256("000000"), 16, "black");
	is_int(issue_label_xterm256("ffffff"), 231, "white");
	is_int(issue_label_xterm256("b60205"), 124, "GitHub's dark red");
	is_int(issue_label_xterm256("zzzzzz"), -1, "not hex");
	is_int(issue_label_xterm256("\033[31m"), -1, "hostile colour refused");
	is_int(issue_label_xterm256(NULL), -1, "no colour");
}

static void
test_mdtext(void)
{
	struct md_line *v = NULL;
	size_t n = 0;
	const char *md = "## Steps\r\n\n1. open **checkout**\n- pay <b>now</b>\n"
	    "```\nTypeError: <x> **y**\n```\n> quoted &amp; kept\n---\n"
	    "<!-- hidden -->tail";

	mdtext_render(md, &v, &n);
	is_int((long)n, 8, "eight lines");
	if (n == 8) {
		ok(v[0].kind == MD_HEADING, "heading");
		is_str(v[0].text, "Steps", "heading without #s or CR");
		ok(v[1].kind == MD_TEXT && v[1].text[0] == '\0', "blank line");
		ok(v[2].kind == MD_LIST, "numbered item");
		is_str(v[2].text, "  1. open checkout", "emphasis dropped");
		is_str(v[3].text, "  - pay now", "HTML tags dropped");
		ok(v[4].kind == MD_CODE, "code block");
		is_str(v[4].text, "TypeError: <x> **y**", "code kept verbatim");
		is_str(v[5].text, "| quoted & kept", "quote, entity decoded");
		ok(v[6].kind == MD_RULE, "rule");
		is_str(v[7].text, "tail", "HTML comment dropped");
	}
	mdtext_free(v, n);
	v = NULL, n = 0;
	mdtext_render(NULL, &v, &n);
	is_int((long)n, 0, "no body, no lines");
	/* Found by fuzz_mdtext: "<!-" not followed by "-" is a tag to its
	 * '>', not a comment (skipping "-->"'s three bytes there read past
	 * the end of the line). */
	mdtext_render("x <!->y", &v, &n);
	ok(n == 1 && strcmp(v[0].text, "x y") == 0, "<!-> is a tag: the "
	    "text after it is kept (%s)", n == 1 ? v[0].text : "?");
	mdtext_free(v, n);
}

static void
test_issuefile(void)
{
	struct issue_file f;
	struct issue open[1];

	issuefile_parse("issues/a.md", J("Intro\n# Checkout fails\r\n"
	    "github: #7\nlabels: bug, sev2\n"), "octo/svc", &f);
	ok(f.state == ISSUEFILE_UNKNOWN, "linked: unknown until GitHub says");
	is_str(f.title, "Checkout fails", "title from the first heading");
	is_str(f.link_repo, "octo/svc", "#7 links the same repository");
	is_int((long)f.link_number, 7, "the number");
	is_str(f.labels, "bug, sev2", "labels line");
	memset(open, 0, sizeof open);
	open[0].number = 7;
	issues_resolve_files(&f, 1, "octo/svc", open, 1, true);
	ok(f.state == ISSUEFILE_OPEN, "listed: linked and open");
	f.state = ISSUEFILE_UNKNOWN;
	issues_resolve_files(&f, 1, "octo/svc", open, 0, true);
	ok(f.state == ISSUEFILE_CLOSED, "not listed, complete list: closed");
	f.state = ISSUEFILE_UNKNOWN;
	issues_resolve_files(&f, 1, "octo/svc", open, 0, false);
	ok(f.state == ISSUEFILE_UNKNOWN, "not listed, list cut: unknown");
	issuefile_done(&f);
	issuefile_parse("issues/b.md", J("# X\ngithub: other/repo#12\n"),
	    "octo/svc", &f);
	ok(f.state == ISSUEFILE_UNKNOWN && f.link_number == 12 &&
	    strcmp(f.link_repo, "other/repo") == 0, "owner/repo#12");
	issues_resolve_files(&f, 1, "octo/svc", open, 0, true);
	ok(f.state == ISSUEFILE_UNKNOWN, "another repository: not judged");
	issuefile_done(&f);
	issuefile_parse("issues/c.md", J("# New thing\nbody\n"), "octo/svc",
	    &f);
	ok(f.state == ISSUEFILE_LOCAL, "no link: not on GitHub yet");
	issuefile_done(&f);
	issuefile_parse("issues/d.md", J("no heading\n"), "octo/svc", &f);
	ok(f.state == ISSUEFILE_MALFORMED && strstr(f.reason, "heading"),
	    "no heading: malformed, saying so");
	issuefile_done(&f);
	issuefile_parse("issues/e.md", J("# T\ngithub: #abc\n"), "octo/svc",
	    &f);
	ok(f.state == ISSUEFILE_MALFORMED && strstr(f.reason, "github:"),
	    "a bad link: malformed");
	issuefile_done(&f);
	issuefile_parse("issues/f.md", J("# T\ngithub: #1\ngithub: #2\n"),
	    "octo/svc", &f);
	ok(f.state == ISSUEFILE_MALFORMED, "two links: malformed");
	issuefile_done(&f);
	{
		/* Found by fuzz_issuefile: good links after a bad one were
		 * still parsed (leaking the first's repository), and 101
		 * of them counted the file back to well-formed. */
		char *t = xstrdup("# T\ngithub: ../..\n"), *u;
		int i;

		for (i = 0; i < 101; i++) {
			u = xasprintf("%sgithub: #%d\n", t, i + 1);
			free(t);
			t = u;
		}
		issuefile_parse("issues/h.md", t, strlen(t), "octo/svc", &f);
		ok(f.state == ISSUEFILE_MALFORMED && f.link_repo == NULL,
		    "a bad link then 101 good ones: still malformed");
		issuefile_done(&f);
		free(t);
	}
	/* Found by fuzz_issuefile: the blanks after "labels:" were counted
	 * past the end of the text (which need not end in a NUL). */
	issuefile_parse("issues/i.md", "# T\nlabels:    x", 11, "octo/svc",
	    &f);
	ok(f.labels != NULL && strcmp(f.labels, "") == 0, "labels: at the "
	    "end of the text reads nothing after it (%s)", f.labels != NULL ?
	    f.labels : "NULL");
	issuefile_done(&f);
	issuefile_parse("issues/g.md", "# T\0x", 5, "octo/svc", &f);
	ok(f.state == ISSUEFILE_MALFORMED, "a NUL byte: not text");
	issuefile_done(&f);
}

static void
test_scan(void)
{
	char dir[] = "/tmp/opsdeck-issues.XXXXXX", path[128];
	struct issue_file *v = NULL;
	size_t n = 0, i;
	FILE *fp;

	ok(mkdtemp(dir) != NULL, "temp dir");
	ok(issuefile_scan(dir, "octo/svc", &v, &n) == -1 && n == 0,
	    "no issues/ directory: -1, nothing");
	snprintf(path, sizeof path, "%s/issues", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/issues/b.md", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("# B\n", fp);
		fclose(fp);
	}
	snprintf(path, sizeof path, "%s/issues/a.md", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs("# A\ngithub: #3\n", fp);
		fclose(fp);
	}
	snprintf(path, sizeof path, "%s/issues/notes.txt", dir);
	if ((fp = fopen(path, "w")) != NULL)
		fclose(fp);
	ok(issuefile_scan(dir, "octo/svc", &v, &n) == 0 && n == 2,
	    "two .md files (the .txt left out)");
	if (n == 2) {
		is_str(v[0].name, "issues/a.md", "sorted by name");
		is_str(v[1].title, "B", "each parsed");
	}
	for (i = 0; i < n; i++)
		issuefile_done(&v[i]);
	free(v);
	snprintf(path, sizeof path, "%s/issues/a.md", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/issues/b.md", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/issues/notes.txt", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/issues", dir);
	rmdir(path);
	rmdir(dir);
}

/* The gate no-open-issues-labelled from the issues source's list. */
static void
test_open_labelled(void)
{
	struct issue_label l1[] = { { "Release-Blocker", NULL } };
	struct issue_label l2[] = { { "bug", NULL } };
	struct issue items[2];
	struct repo_issues ri;

	memset(items, 0, sizeof items);
	items[0].number = 7;
	items[0].labels = l1;
	items[0].nlabels = 1;
	items[1].number = 8;
	items[1].labels = l2;
	items[1].nlabels = 1;
	memset(&ri, 0, sizeof ri);
	ri.items = items;
	ri.n = 2;
	ri.patterns = "incident bug release-blocker sev*";
	is_int(issues_open_labelled(&ri, "release-blocker"), 1,
	    "one open release-blocker (labels compared case-insensitively)");
	ri.n = 1;
	ri.items = &items[1];
	is_int(issues_open_labelled(&ri, "release-blocker"), 0,
	    "closed (no longer listed): none");
	ri.truncated = true;
	is_int(issues_open_labelled(&ri, "release-blocker"), -1,
	    "none in a truncated list: unknown");
	ri.truncated = false;
	ri.stale = true;
	is_int(issues_open_labelled(&ri, "release-blocker"), -1,
	    "none in a stale list: unknown");
	ri.stale = false;
	is_int(issues_open_labelled(&ri, "wontfix"), -2,
	    "a label the list does not watch: it cannot tell");
	ri.disabled = true;
	is_int(issues_open_labelled(&ri, "wontfix"), 0,
	    "issues disabled: none");
}

int
main(void)
{
	test_open_labelled();
	test_issuefile();
	test_comments();
	test_scan();
	test_mdtext();
	test_example();
	test_labels_and_hostile();
	test_sort_filter();
	return tap_done();
}
