/* actissue: what the action worker sends for the issue actions, and what
 * it does with the answer of a create:
 *
 *  - ACTION_ID_ISSUE_CREATE: POST /repos/O/R/issues from a local issue
 *    file of the clone ([repo] path, issues/NAME.md) not on GitHub yet:
 *    the title is its first heading, the labels its `labels:` line (comma
 *    separated), the body the rest (those two lines out, blank lines at
 *    both ends trimmed). On 201 the line "github: #N" goes in after the
 *    heading, atomically (a temporary file in the same directory, fsync,
 *    rename), every other byte kept; any other answer leaves the file as
 *    it was.
 *  - ACTION_ID_ISSUE_COMMENT: POST .../issues/N/comments {"body": text}.
 *  - ACTION_ID_ISSUE_LABEL: POST .../issues/N/labels {"labels": [NAME]}
 *    or DELETE .../issues/N/labels/NAME (NAME percent-encoded).
 *
 * The file is read by the worker, never taken from the UI. Any thread;
 * the pure functions are for tests too. */
#ifndef OPSDECK_ACTISSUE_H
#define OPSDECK_ACTISSUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct action_ctx;
struct action_request;
struct conf;

/* Whether id is one of the three issue actions. */
bool	 actissue_is(int action_id);

/* The create request's JSON body ({"title","body","labels"}) of the
 * file text (len bytes); -1 with *why (no heading, a github: line
 * already, not UTF-8). Pure. */
int	 actissue_create_json(const char *text, size_t len, char **json,
	    char **why);
/* text with "github: #number" inserted after its first heading line
 * (the heading's own line ending is used; a heading on the last line
 * without one gets "\n"); *out malloc'd, *outlen its length. -1 when
 * there is no heading. Pure. */
int	 actissue_link_insert(const char *text, size_t len, int64_t number,
	    char **out, size_t *outlen);
/* Replaces path with data atomically: PATH.tmp.PID in the same directory,
 * written, fsync'd, renamed over path (the directory fsync'd after). On
 * failure the file is untouched and *why says why. */
int	 actissue_write_atomic(const char *path, const char *data, size_t len,
	    char **why);
/* s percent-encoded for one path segment (RFC 3986 unreserved kept). */
char	*actissue_path_segment(const char *s);

/* The read-only policy (action_check in ctx), then what can be said of
 * req without reading anything: a repository, an
 * issue number or a file name, and (final: confirmed) a comment or a
 * label that is not blank. 0, or -1 with *why. */
int	 actissue_check(const struct action_ctx *, const struct action_request *,
	    bool final, char **why);
/* The single-flight target of an issue action ("o/r issues/x.md", "o/r
 * issue 8"), malloc'd; NULL for any other action. */
char	*actissue_flight_target(const struct action_request *);
/* The method, path and JSON body of an issue action req; -1 with *why.
 * A create reads the file (cfg's [repo] path + req->file). */
int	 actissue_build(const struct conf *cfg, const struct action_request *,
	    const char **method, char **path, char **json, char **why);
/* After the answer (ok: 2xx; body, len: GitHub's): for a create that
 * succeeded the link line written into the file. Returns msg (freed)
 * with what came of it ("; #12, issues/x.md linked", why the link was
 * not written, or GitHub's message of a failure and, for a create, that
 * the file is unchanged). */
char	*actissue_answered(const struct conf *cfg,
	    const struct action_request *, bool ok, const char *body,
	    size_t len, char *msg);
/* "issue #N", "issue #N label +bug", "file issues/x.md": the journal's
 * target and the status line's where; malloc'd. */
char	*actissue_target(const struct action_request *);

#endif
