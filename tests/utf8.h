/* utf8.h: a strict UTF-8 decoder for test oracles, independent of the
 * code under test (header-only, test code only). */
#ifndef OPSDECK_TEST_UTF8_H
#define OPSDECK_TEST_UTF8_H

#include <stddef.h>

/* Returns the code point at p (*n its length) or -1 if not strictly valid:
 * no overlongs, surrogates or values past U+10FFFF. */
static inline long
utf8_decode_strict(const unsigned char *p, size_t *n)
{
	long cp, min;
	size_t i;

	if (p[0] < 0x80) {
		*n = 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		*n = 2; cp = p[0] & 0x1f; min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		*n = 3; cp = p[0] & 0x0f; min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		*n = 4; cp = p[0] & 0x07; min = 0x10000;
	} else
		return -1;
	for (i = 1; i < *n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	return cp;
}

#endif
