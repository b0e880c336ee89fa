/* text: UTF-8 display width and sanitising of remote text.
 *
 * Everything that came from the network or from a repository (titles,
 * branch names, logins, logs) goes through text_sanitize() before it reaches
 * ncurses: C0/C1 controls, DEL, escape sequences, bidi overrides/isolates and
 * invalid UTF-8 are made visible and inert. Pure functions, any thread. */
#ifndef OPSDECK_TEXT_H
#define OPSDECK_TEXT_H

#include <stddef.h>

#include <stdio.h>

/* text_sanitize flags. TEXT_KEEP_NEWLINES is 1, so the older calls that
 * pass keep_newlines as 0/1 mean the same. */
#define TEXT_KEEP_NEWLINES	0x1
/* Plain ASCII out, for a terminal whose charset is not UTF-8: there the
 * bytes of é would be shown as two Latin-1 characters, and a UTF-8
 * continuation byte 0x80-0x9F is a C1 control (0x9B is CSI). Non-ASCII
 * code points become "\u00e9" ("\U0001f600" past U+FFFF), invalid bytes
 * "?". */
#define TEXT_ASCII		0x2

/* Returns a malloc'd, NUL-terminated, printable UTF-8 copy of s[0..len):
 * ESC -> "^[" (and the rest of an escape sequence kept as printable text),
 * other C0 -> "^X" caret notation (tab -> one space), DEL -> "^?",
 * C1 (U+0080..U+009F) -> "<U+009B>" style, bidi controls (U+202A..U+202E,
 * U+2066..U+2069, U+200E/U+200F, U+061C) -> "<U+202E>" style, invalid UTF-8
 * bytes -> U+FFFD. Newlines become spaces unless TEXT_KEEP_NEWLINES; with
 * TEXT_ASCII the copy is ASCII (above). NULL s gives "". Returns NULL only
 * on out of memory. */
char	*text_sanitize(const char *s, size_t len, int flags);

/* Whether the current locale's charset (LC_CTYPE) is UTF-8. */
int	 text_locale_utf8(void);
/* The flags text for the terminal or stdout needs now: TEXT_ASCII unless
 * the locale is UTF-8. */
int	 text_out_flags(void);
/* Prints to fp a message formatted like printf, sanitised as a whole
 * (newlines kept) for the current locale: for messages that carry local
 * paths, config values or libgit2's words to stderr. */
void	 text_fprintf(FILE *fp, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Display columns of a sanitised UTF-8 string (wcwidth per code point,
 * non-printables counted as 1). */
int	 text_width(const char *s);

/* Bytes of s that fit in cols display columns, never splitting a code point
 * or a double-width character. */
size_t	 text_fit(const char *s, int cols);
/* The same over s[0..len), which need not be NUL-terminated. */
size_t	 text_fit_n(const char *s, size_t len, int cols);

/* Writes s into dst[0..size), truncated to cols columns with a trailing
 * "~" when cut, padded with spaces to exactly cols columns when pad != 0.
 * Returns bytes written (dst always NUL-terminated). */
size_t	 text_cell(char *dst, size_t size, const char *s, int cols, int pad);

#endif
