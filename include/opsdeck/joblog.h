/* joblog: the model of a GitHub Actions job log, for the log viewer.
 *
 * A job log is the plain text GET /repos/{o}/{r}/actions/jobs/{id}/logs
 * sends: lines ended by LF (a CR before the LF is not part of the rendered
 * line), most starting with an RFC 3339 timestamp and one space, some with a
 * workflow-command marker ("##[group]", "##[error]"...), many with ANSI
 * colours, and any bytes at all from the programs the job ran. joblog_new()
 * indexes it once; the model is then immutable and any thread may read it.
 * Lines are rendered one at a time at draw time (only the visible ones cost
 * anything), and searched with PCRE2's JIT over their text as shown (no
 * timestamp, marker or escape sequence) in bounded slices, so the UI thread
 * never stalls on a 100 MB log. */
#ifndef OPSDECK_JOBLOG_H
#define OPSDECK_JOBLOG_H

#include <stddef.h>
#include <time.h>

struct rx;
struct rx_match;

enum joblog_kind {
	JOBLOG_PLAIN,
	JOBLOG_GROUP,		/* ##[group]Title: starts a foldable group */
	JOBLOG_ENDGROUP,
	JOBLOG_ERROR,
	JOBLOG_WARNING,
	JOBLOG_NOTICE,
	JOBLOG_DEBUG,
	JOBLOG_COMMAND,
	JOBLOG_SECTION,
	JOBLOG_KINDS
};

/* Group depth saturates here (a hostile log may open a million groups). */
#define JOBLOG_DEPTH_MAX	255

struct joblog;

/*
 * Bounds of an index. The index costs 7 bytes a line (a 4-byte start, a
 * kind, a prefix length, a depth), so a log of nothing but newlines would
 * cost 7 times its size (16 MiB of them: 118 MB): lines past max_lines are
 * not indexed (the log is cut there, joblog_cut says where) and the arrays
 * never grow past it, so the index peaks at 28 MB, whatever the log. The
 * default fits a log at detail's byte cap (256 MiB) of 64-byte lines;
 * GitHub's average about 90 (docs/performance.md). stop, when set
 * (sched_stop_flag), makes indexing give up: a worker indexing a big log
 * must not hold up shutdown.
 */
#define JOBLOG_MAX_LINES	4000000
struct joblog_limits {
	size_t			 max_lines;	/* 0: the default */
	const volatile int	*stop;		/* may be NULL */
};

/* Takes ownership of data[0..len): release(data, len, arg) runs in
 * joblog_free (munmap or free; release NULL leaves the bytes alone).
 * Ownership passes even when joblog_new fails (NULL: out of memory, or
 * *stop was set). joblog_new is joblog_new_limited with the defaults. */
struct joblog	*joblog_new(const char *data, size_t len,
		    void (*release)(const char *, size_t, void *), void *arg);
struct joblog	*joblog_new_limited(const char *data, size_t len,
		    void (*release)(const char *, size_t, void *), void *arg,
		    const struct joblog_limits *);
void		 joblog_free(struct joblog **);
/* Whether lines past the limit were left out: then *at (may be NULL) is
 * the byte offset where the first of them starts, of len bytes in all. */
int		 joblog_cut(const struct joblog *, size_t *at);
/* What the log view says of a cut log, "" when it was not cut: "cut after
 * line 2000000 (byte 16000000 of 268435456): line limit". Returns dst. */
char		*joblog_cut_note(const struct joblog *, char *dst,
		    size_t size);

/* Lines: an empty log has none; a last line without LF counts. */
size_t		 joblog_lines(const struct joblog *);
/* The kind comes from a marker right after the timestamp (or at the start
 * of a line that has none); unknown markers are JOBLOG_PLAIN. */
enum joblog_kind joblog_kind(const struct joblog *, size_t line);
/* Open groups around the line: a group line has the depth outside it, its
 * lines one more, its endgroup line the outer depth again. An endgroup with
 * no open group changes nothing. Out of range lines give 0 / PLAIN. */
int		 joblog_depth(const struct joblog *, size_t line);
/* Leading timestamp (UTC epoch), 0 if the line has none or a bad one. */
time_t		 joblog_time(const struct joblog *, size_t line);
/* Borrowed, not NUL-terminated bytes of a line, unsanitised: raw is the
 * whole line without its LF and a CR before it; body is what follows the
 * timestamp and the marker. NULL (*len 0) out of range. */
const char	*joblog_raw(const struct joblog *, size_t line, size_t *len);
const char	*joblog_body(const struct joblog *, size_t line, size_t *len);
/* Whether the line is part of a multi-line PEM private key block (from a
 * "-----BEGIN ... PRIVATE KEY-----" line through its END line or its last
 * base64 line); rendering with a mask hides such lines whole. */
int		 joblog_in_key_block(const struct joblog *, size_t line);

/* Error navigation over a precomputed index, O(log n): the next/previous
 * JOBLOG_ERROR line strictly after/before `from`, SIZE_MAX if none
 * (prev from SIZE_MAX gives the last error). */
size_t		 joblog_next_error(const struct joblog *, size_t from);
size_t		 joblog_prev_error(const struct joblog *, size_t from);
/* The first error line (in line order) stamped at or after t, e.g. the
 * failing step's started_at; else the first error of the log; SIZE_MAX if
 * the log has no error. */
size_t		 joblog_first_error_since(const struct joblog *, time_t t);

/*
 * Secret masking. A mask holds compiled patterns and their match data, so
 * it belongs to one thread at a time (the UI thread renders). Each match of
 * a pattern becomes "***"; a pattern may use \K to keep a prefix such as
 * "Authorization: Bearer " visible. Matching runs on the text after escape
 * sequences are removed (a token split by colour codes is still found) and
 * invalid UTF-8 is replaced by U+FFFD (as shown; PCRE2 never matches an
 * invalid byte), before sanitising. A pattern that fails to run (match
 * limit on hostile input) masks the rest of the line: masking fails closed.
 * Multi-line PEM key blocks are hidden whole (joblog_in_key_block).
 *
 * joblog_default_secrets: GitHub tokens (ghp_ gho_ ghu_ ghs_ ghr_,
 * github_pat_), AWS access key ids and secret keys in assignments, Google
 * API keys, Slack tokens, PEM private keys, Authorization header values.
 */
extern const char *const joblog_default_secrets[];	/* NULL-terminated */

struct joblog_mask;
/* patterns: NULL-terminated; NULL means joblog_default_secrets. On a bad
 * pattern returns NULL and sets *cause (malloc'd, "pattern N: ..."). */
struct joblog_mask *joblog_mask_new(const char *const *patterns,
		    char **cause);
void		 joblog_mask_free(struct joblog_mask **);

/* A rendered line: text is NUL-terminated printable UTF-8 (no C0, DEL, C1,
 * bidi control, escape sequence or invalid byte). Spans tile text in order,
 * [0, len), adjacent spans differ in attributes; an empty text has none. */
struct joblog_span {
	size_t		 off;
	size_t		 len;
	short		 fg;		/* 0-255, -1 terminal default */
	short		 bg;
	unsigned char	 bold;
	unsigned char	 underline;
};

struct joblog_line {
	char			*text;
	size_t			 len;
	struct joblog_span	*spans;
	size_t			 nspans;
};

/* joblog_render flags (1 and 0 keep their old meaning of keep_time). */
#define JOBLOG_KEEP_TIME	0x1
#define JOBLOG_ASCII		0x2	/* text_sanitize's TEXT_ASCII */

/* Renders one line for display: drops the timestamp (JOBLOG_KEEP_TIME:
 * shows it as "HH:MM:SS " in UTC, nine spaces when the line has none) and
 * the marker (the kind carries it); turns SGR colours (16/256/true colour
 * mapped to 256, bold, underline) into spans and drops every other escape
 * sequence whole (CSI, OSC up to BEL or ST, DCS/SOS/PM/APC, lone ESC);
 * masks secrets when mask is not NULL; sanitises with text_sanitize
 * (JOBLOG_ASCII: to ASCII, for a terminal that is not UTF-8). NULL out of
 * range or out of memory. The mask is used (its match data), hence not
 * const. */
struct joblog_line *joblog_render(const struct joblog *, size_t line,
		    struct joblog_mask *mask, int flags);
void		 joblog_line_free(struct joblog_line **);
/* The text of joblog_render alone (malloc'd), for copying and tests. */
char		*joblog_text(const struct joblog *, size_t line,
		    struct joblog_mask *mask, int keep_time);
/* Copies src[0..len) into dst (room for len bytes) without the escape
 * sequences joblog_render drops, scanned the same way, and returns the
 * length written: what search matches of a body. Nothing else changes,
 * except that a UTF-8 sequence an escape sequence cuts short becomes 0xff
 * bytes (invalid, as it is on screen), so the bytes on both sides never
 * join into a character. Pure: any thread. */
size_t		 joblog_strip_escapes(char *dst, const char *src, size_t len);

/*
 * Search. The pattern must be compiled with RX_MULTILINE (so ^ and $ are
 * per line); the match data is the calling thread's own.
 *
 * A line matches when the pattern matches its text as the viewer shows it,
 * less cosmetics: the body (joblog_body: no timestamp, no marker, no CR
 * before the LF) with its escape sequences removed (joblog_strip_escapes:
 * SGR colours, every other CSI, OSC/DCS/SOS/PM/APC strings, lone ESC). So
 * "8962 ok" finds "line 8962 \e[32mok\e[0m", "^boom" a timestamped
 * "##[error]boom", "ok$" a CRLF line ending in "ok", and text inside an
 * OSC title is not found. Not applied: masking (a line holding a secret
 * matches on the secret; the viewer shows the line, never the secret) and
 * sanitising (a tab is a tab, a control character is itself, an invalid
 * UTF-8 byte never matches).
 *
 * A match must start in the line's text and end at or before its end. A
 * match that would run on into the next line is tried again on the line
 * alone, so "warn\s+\d" does not match a line ending in "warn" just
 * because the next one starts with a digit: the lines found are the ones a
 * per-line matcher finds. Lookarounds reaching past the line's own end are
 * unsupported.
 *
 * Each call examines about `budget` bytes of the log's lines (rounded up
 * to the end of the line where the budget runs out, so at least one line):
 * it copies their texts, joined by LF, into a buffer of that size
 * allocated for the call (the model stays read-only: any thread may
 * search), removing escape sequences only when the slice has an ESC byte,
 * and runs the JIT over that whole buffer at once. Forward (dir +1) looks
 * at lines from, from+1, ...; backward (dir -1) at from, from-1, ... (from
 * past the end means the last line). JOBLOG_FOUND sets *line to the
 * matching line; JOBLOG_MORE sets *line to pass as `from` to continue;
 * JOBLOG_NONE: no match up to the end (no wrap: the caller wraps);
 * JOBLOG_FAILED: bad arguments, out of memory, or the pattern failed
 * (match limit). Forward search never reports a line before from, backward
 * never one after it.
 */
enum joblog_search_rc {
	JOBLOG_FOUND,
	JOBLOG_NONE,
	JOBLOG_MORE,
	JOBLOG_FAILED
};

enum joblog_search_rc joblog_search(const struct joblog *, const struct rx *,
		    struct rx_match *, size_t from, int dir, size_t budget,
		    size_t *line);

/* Counting matching lines of [line, end), resumable: for "match 3 of
 * 1,204" count [0, current] and [0, lines). Same rules as joblog_search. */
struct joblog_count {
	size_t	line;		/* next line to examine */
	size_t	end;		/* stop before this line */
	size_t	matches;	/* matching lines so far */
};

void		 joblog_count_init(struct joblog_count *, size_t from,
		    size_t end);
/* JOBLOG_MORE: call again; JOBLOG_NONE: done, c->matches is final. */
enum joblog_search_rc joblog_count(const struct joblog *, const struct rx *,
		    struct rx_match *, struct joblog_count *, size_t budget);

#endif
