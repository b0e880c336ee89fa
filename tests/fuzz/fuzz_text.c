/* fuzz_text: the sanitiser's promises hold for any bytes: the output is
 * valid UTF-8 with no control character, and fitting never splits a code
 * point nor overruns. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "opsdeck/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_inert(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			abort();
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			abort();	/* a C1 control survived */
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, cell[32];
	size_t n;
	int cols;

	if ((s = text_sanitize((const char *)data, size, 0)) == NULL)
		return 0;
	check_inert(s);
	cols = size > 0 ? data[0] % 40 : 5;
	n = text_fit(s, cols);
	if (n > strlen(s) || ((unsigned char)s[n] & 0xc0) == 0x80)
		abort();	/* split a code point */
	n = text_cell(cell, sizeof cell, s, cols, 1);
	if (n >= sizeof cell || cell[n] != '\0' ||
	    text_width(cell) > (cols > 0 ? cols : 0))
		abort();
	free(s);
	return 0;
}
