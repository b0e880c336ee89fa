/* palette: colour depth detection from the environment and terminfo, and
 * the nearest colour of each theme colour at every depth. */
#include "config.h"

#include <stdio.h>

#include "opsdeck/element.h"
#include "opsdeck/palette.h"
#include "../tap.h"

static enum palette_depth
depth(const char *no_color, const char *colorterm, int colours, int ccc)
{
	struct palette_term t = { no_color, colorterm, colours, ccc };

	return palette_detect(&t);
}

static void
test_detect(void)
{
	is_int(depth(NULL, NULL, 256, 1), PALETTE_256,
	    "xterm-256color without COLORTERM: 256");
	is_int(depth(NULL, "truecolor", 256, 1), PALETTE_TRUE,
	    "COLORTERM=truecolor on a 256-colour terminal that can change "
	    "colours: truecolor");
	is_int(depth(NULL, "24bit", 256, 1), PALETTE_TRUE, "COLORTERM=24bit");
	is_int(depth(NULL, "truecolor", 256, 0), PALETTE_256,
	    "COLORTERM=truecolor but colours fixed (tmux-256color): 256");
	is_int(depth(NULL, "truecolor", 8, 1), PALETTE_8,
	    "COLORTERM=truecolor with an 8-colour entry (linux): 8");
	is_int(depth(NULL, "yes", 256, 1), PALETTE_256,
	    "another COLORTERM value means nothing");
	is_int(depth(NULL, NULL, 0x1000000, 0), PALETTE_TRUE,
	    "a direct-colour entry (xterm-direct) is truecolor");
	is_int(depth(NULL, NULL, 88, 0), PALETTE_16, "88 colours: 16");
	is_int(depth(NULL, NULL, 16, 0), PALETTE_16, "16 colours");
	is_int(depth(NULL, NULL, 8, 1), PALETTE_8, "linux, screen: 8");
	is_int(depth(NULL, NULL, 0, 0), PALETTE_NONE, "vt100: none");
	is_int(depth(NULL, NULL, -1, 0), PALETTE_NONE,
	    "no colors capability: none");
	is_int(depth("1", "truecolor", 256, 1), PALETTE_NONE,
	    "NO_COLOR=1: none, whatever the terminal");
	is_int(depth("", NULL, 256, 0), PALETTE_256,
	    "an empty NO_COLOR is not set");
	is_str(palette_depth_name(PALETTE_TRUE), "truecolor", "name truecolor");
	is_str(palette_depth_name(PALETTE_256), "256", "name 256");
	is_str(palette_depth_name(PALETTE_NONE), "none", "name none");
	ok(palette_direct(0x1000000) && !palette_direct(256),
	    "direct colour from the count");
}

static void
test_rgb(void)
{
	unsigned char rgb[3];

	palette_rgb(196, rgb);
	ok(rgb[0] == 255 && rgb[1] == 0 && rgb[2] == 0, "196 is pure red");
	palette_rgb(208, rgb);
	ok(rgb[0] == 255 && rgb[1] == 135 && rgb[2] == 0, "208 is orange");
	palette_rgb(232, rgb);
	ok(rgb[0] == 8 && rgb[1] == 8 && rgb[2] == 8, "232 darkest grey");
	palette_rgb(255, rgb);
	ok(rgb[0] == 238 && rgb[1] == 238 && rgb[2] == 238, "255 light grey");
	palette_rgb(12, rgb);
	ok(rgb[2] == 255, "12 is bright blue");
}

static void
test_fit(void)
{
	int c;

	for (c = 0; c < 256; c++)
		if (palette_fit(c, PALETTE_256, 0) != c)
			break;
	is_int(c, 256, "256: every colour is its own");
	for (c = 0; c < 16; c++)
		if (palette_fit(c, PALETTE_16, 0) != c)
			break;
	is_int(c, 16, "16: the 16 basic colours are their own");
	for (c = 0; c < 256; c++)
		if (palette_fit(c, PALETTE_8, 0) < 0 ||
		    palette_fit(c, PALETTE_8, 0) > 7 ||
		    palette_fit(c, PALETTE_16, 0) > 15)
			break;
	is_int(c, 256, "8 and 16: every colour lands in range");
	is_int(palette_fit(208, PALETTE_8, 0), 3, "8: orange 208 is yellow, "
	    "not 208 %% 8 = black");
	is_int(palette_fit(208, PALETTE_16, 0), 3,
	    "16: orange 208 is (xterm's darker) yellow");
	is_int(palette_fit(196, PALETTE_8, 0), 1, "8: red 196 is red");
	is_int(palette_fit(196, PALETTE_16, 0), 9, "16: red 196 bright red");
	is_int(palette_fit(9, PALETTE_8, 0), 1, "8: bright red is red");
	is_int(palette_fit(10, PALETTE_8, 0), 2, "8: bright green is green");
	is_int(palette_fit(12, PALETTE_8, 0), 4, "8: bright blue is blue");
	is_int(palette_fit(15, PALETTE_8, 0), 7, "8: bright white is white");
	is_int(palette_fit(236, PALETTE_8, 0), 0, "8: dark grey 236 black");
	is_int(palette_fit(236, PALETTE_16, 0), 0, "16: dark grey 236 black");
	is_int(palette_fit(244, PALETTE_16, 0), 8,
	    "16: mid grey 244 bright black");
	is_int(palette_fit(250, PALETTE_8, 0), 7, "8: light grey 250 white");
	is_int(palette_fit(21, PALETTE_8, 0), 4, "8: blue 21 is blue");
	is_int(palette_fit(34, PALETTE_8, 0), 2, "8: green 34 is green");
	is_int(palette_fit(37, PALETTE_8, 0), 6, "8: teal 37 is cyan");
	is_int(palette_fit(127, PALETTE_8, 0), 5,
	    "8: purple 127 is magenta");
	is_int(palette_fit(-1, PALETTE_8, 0), -1, "the default stays");
	is_int(palette_fit(1, PALETTE_NONE, 0), -1, "none: no colour at all");
	is_int(palette_fit(300, PALETTE_256, 0), -1, "out of range: default");
	is_int(palette_fit(208, PALETTE_TRUE, 0), 208,
	    "truecolor by COLORTERM: the index itself");
	is_int(palette_fit(208, PALETTE_TRUE, 1), 0xff8700,
	    "direct colour: 208 as 0xff8700");
	is_int(palette_fit(9, PALETTE_TRUE, 1), 0xff0000,
	    "direct colour: bright red as 0xff0000, not blue 9");
	is_int(palette_fit(3, PALETTE_TRUE, 1), 3,
	    "direct colour: 0-7 stay ANSI");
}

/* Theme colours given as "#rrggbb": the nearest at every depth. */
static void
test_rgb_fit(void)
{
	struct colour c;
	char *cause = NULL;
	unsigned char grey[3] = { 128, 128, 128 }, navy[3] = { 0, 0, 128 };

	is_int(element_parse("bold #ff8700 #1c1c1c", &c, NULL), 0,
	    "'bold #ff8700 #1c1c1c' parses");
	ok(c.fg == (PALETTE_RGB | 0xff8700) && c.bg == (PALETTE_RGB |
	    0x1c1c1c), "both as RGB (fg %#x bg %#x)", c.fg, c.bg);
	is_int(element_parse("#ff870", &c, &cause), -1, "'#ff870' refused");
	free(cause);
	cause = NULL;
	is_int(element_parse("#ff87zz", &c, &cause), -1, "'#ff87zz' refused");
	free(cause);
	is_int(palette_fit(PALETTE_RGB | 0xff8700, PALETTE_256, 0), 208,
	    "256: #ff8700 is 208");
	is_int(palette_fit(PALETTE_RGB | 0xff8700, PALETTE_TRUE, 0), 208,
	    "truecolor on a palette terminal: the nearest of 256 (208)");
	is_int(palette_fit(PALETTE_RGB | 0x1c1c1c, PALETTE_256, 0), 234,
	    "256: #1c1c1c is grey 234");
	is_int(palette_fit(PALETTE_RGB | 0xff8700, PALETTE_8, 0), 3,
	    "8: #ff8700 is yellow");
	is_int(palette_fit(PALETTE_RGB | 0xd70000, PALETTE_16, 0), 1,
	    "16: #d70000 is red");
	is_int(palette_fit(PALETTE_RGB | 0x123456, PALETTE_TRUE, 1), 0x123456,
	    "direct colour: sent as it is");
	is_int(palette_fit(PALETTE_RGB | 0x000003, PALETTE_TRUE, 1), 0,
	    "direct colour: below 8 (ANSI there) is black");
	is_int(palette_fit(PALETTE_RGB | 0xff8700, PALETTE_NONE, 0), -1,
	    "none: no colour");
	is_int(palette_nearest256(grey), 244, "#808080 is grey 244");
	is_int(palette_nearest256(navy), 18, "#000080 is cube blue 18");
}

int
main(void)
{
	tap_plan(18 + 5 + 26 + 14);
	test_detect();
	test_rgb();
	test_fit();
	test_rgb_fit();
	return tap_failed != 0;
}
