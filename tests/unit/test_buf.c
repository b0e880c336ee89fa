#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/buf.h"
#include "../tap.h"

static void
test_basic(void)
{
	struct buf b;
	char *s;

	buf_init(&b, 0);
	ok(b.data == NULL && b.len == 0, "empty until the first append");
	is_int(buf_append(&b, "ab", 2), 0, "append");
	is_int(buf_puts(&b, "cd"), 0, "puts");
	is_int(buf_printf(&b, "-%d-%s", 42, "x"), 0, "printf");
	is_str(b.data, "abcd-42-x", "contents are NUL-terminated");
	is_int(b.len, 9, "length counts the bytes");
	is_int(buf_append(&b, "\0z", 2), 0, "embedded NUL");
	is_int(b.len, 11, "embedded NUL counted");
	ok(b.data[11] == '\0' && b.data[10] == 'z', "still terminated");
	buf_reset(&b);
	ok(b.len == 0 && b.data != NULL && b.data[0] == '\0',
	    "reset keeps the memory and empties");
	buf_puts(&b, "again");
	s = buf_steal(&b);
	is_str(s, "again", "steal hands over the string");
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "steal empties");
	free(s);
	s = buf_steal(&b);
	is_str(s, "", "steal of an empty buf gives \"\"");
	free(s);
	buf_done(&b);
	buf_done(&b);
	ok(b.data == NULL, "done twice is harmless");
	is_int(buf_append(&b, NULL, 0), 0, "zero-length append");
	is_str(b.data, "", "zero-length append allocates a terminated string");
	buf_done(&b);
}

static void
test_growth(void)
{
	struct buf b;
	size_t i, reallocs = 0, last = 0;
	char big[1000];
	int good = 1;

	buf_init(&b, 0);
	for (i = 0; i < 100000; i++) {
		if (buf_append(&b, "x", 1) != 0)
			good = 0;
		if (b.cap != last) {
			reallocs++;
			last = b.cap;
		}
	}
	ok(good && b.len == 100000, "100000 one-byte appends");
	ok(reallocs < 20, "geometric growth (%zu reallocations)", reallocs);
	ok(b.cap > b.len, "room for the NUL");
	for (i = 0; i < b.len && b.data[i] == 'x'; i++)
		;
	ok(i == 100000 && b.data[i] == '\0', "contents intact after growth");
	buf_done(&b);

	memset(big, 'y', sizeof big);
	buf_init(&b, 0);
	is_int(buf_printf(&b, "%.*s", (int)sizeof big, big), 0,
	    "printf larger than the first allocation");
	ok(b.len == sizeof big && b.data[b.len] == '\0', "printf length %zu",
	    b.len);
	buf_done(&b);
}

static void
test_limit(void)
{
	struct buf b;

	buf_init(&b, 8);
	is_int(buf_puts(&b, "12345"), 0, "under the limit");
	is_int(buf_puts(&b, "6789"), -1, "past the limit fails");
	is_str(b.data, "12345", "a failed append leaves the buffer intact");
	is_int(b.len, 5, "length unchanged");
	is_int(buf_printf(&b, "%s", "abcd"), -1, "printf past the limit fails");
	is_str(b.data, "12345", "intact after printf failure");
	is_int(buf_puts(&b, "678"), 0, "exactly up to the limit");
	is_str(b.data, "12345678", "full");
	ok(b.cap <= 9, "capacity never beyond what the limit can use (%zu)",
	    b.cap);
	is_int(buf_append(&b, "", 0), 0, "empty append when full");
	is_int(buf_append(&b, "x", 1), -1, "one more byte fails");
	buf_done(&b);
	is_int(b.limit, 8, "done keeps the limit");
	is_int(buf_puts(&b, "123456789"), -1, "limit applies after done");

	buf_init(&b, 0);
	buf_puts(&b, "abc");
	is_int(buf_append(&b, "x", SIZE_MAX), -1, "SIZE_MAX append fails");
	is_int(buf_append(&b, "x", SIZE_MAX - 2), -1,
	    "append that would wrap the size fails");
	is_str(b.data, "abc", "intact after overflow attempts");
	buf_done(&b);
}

/* FNV-1a 64's published vectors, and bytes past a NUL counted. */
static void
test_digest(void)
{
	struct buf_mark m;
	struct buf b;

	buf_init(&b, 0);
	ok(buf_digest(&b) == 0xcbf29ce484222325ULL, "digest of nothing");
	buf_puts(&b, "a");
	ok(buf_digest(&b) == 0xaf63dc4c8601ec8cULL, "digest of a");
	buf_reset(&b);
	buf_puts(&b, "foobar");
	ok(buf_digest(&b) == 0x85944171f73967e8ULL, "digest of foobar");
	buf_reset(&b);
	buf_append(&b, "a\0b", 3);
	ok(buf_digest(&b) == 0xe5d29919042666b2ULL,
	    "digest of a NUL b: the whole length");
	memset(&m, 0, sizeof m);
	ok(!buf_mark_is(&m, &b), "a zeroed mark matches nothing");
	buf_mark_set(&m, &b);
	ok(buf_mark_is(&m, &b), "a mark matches its own bytes");
	buf_append(&b, "c", 1);
	ok(!buf_mark_is(&m, &b), "and not other bytes");
	buf_done(&b);
}

int
main(void)
{
	test_basic();
	test_growth();
	test_limit();
	test_digest();
	return tap_done();
}
