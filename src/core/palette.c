/* palette: colour depth detection and the nearest colour a terminal of
 * each depth has, so that a theme written for 256 colours still reads on
 * the Linux console or a vt100 (never colour % 8: 208 orange is not
 * black). */
#include "config.h"

#include <limits.h>
#include <string.h>

#include "opsdeck/palette.h"

/* xterm's defaults for the 16 basic colours. */
static const unsigned char basic[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

#define PALETTE_DIRECT	0x1000000

int
palette_direct(int colours)
{
	return colours >= PALETTE_DIRECT;
}

enum palette_depth
palette_detect(const struct palette_term *t)
{
	const char *ct = t->colorterm;
	int truecolor = ct != NULL && (strcmp(ct, "truecolor") == 0 ||
	    strcmp(ct, "24bit") == 0);

	if (t->no_color != NULL && *t->no_color != '\0')
		return PALETTE_NONE;
	if (t->colours < 8)
		return PALETTE_NONE;
	if (palette_direct(t->colours) ||
	    (truecolor && t->colours >= 256 && t->ccc))
		return PALETTE_TRUE;
	if (t->colours >= 256)
		return PALETTE_256;
	if (t->colours >= 16)
		return PALETTE_16;
	return PALETTE_8;
}

const char *
palette_depth_name(enum palette_depth d)
{
	static const char *const names[] = {
		[PALETTE_NONE] = "none", [PALETTE_8] = "8",
		[PALETTE_16] = "16", [PALETTE_256] = "256",
		[PALETTE_TRUE] = "truecolor",
	};

	return d <= PALETTE_TRUE ? names[d] : "none";
}

void
palette_rgb(int c, unsigned char rgb[3])
{
	static const unsigned char level[6] = { 0, 95, 135, 175, 215, 255 };
	int i;

	if (c < 0 || c > 255)
		c = 0;
	if (c < 16) {
		memcpy(rgb, basic[c], 3);
	} else if (c < 232) {
		c -= 16;
		rgb[0] = level[c / 36];
		rgb[1] = level[c / 6 % 6];
		rgb[2] = level[c % 6];
	} else {
		for (i = 0; i < 3; i++)
			rgb[i] = (unsigned char)(8 + (c - 232) * 10);
	}
}

/* "Redmean": a cheap weighting of the channels that tracks what the eye
 * sees far better than plain RGB distance (greys stay grey). */
static long
distance(const unsigned char a[3], const unsigned char b[3])
{
	long rmean = ((long)a[0] + b[0]) / 2;
	long dr = (long)a[0] - b[0], dg = (long)a[1] - b[1],
	    db = (long)a[2] - b[2];

	return ((512 + rmean) * dr * dr >> 8) + 4 * dg * dg +
	    ((767 - rmean) * db * db >> 8);
}

int
palette_nearest(const unsigned char rgb[3], int n)
{
	long best = LONG_MAX, d;
	int i, which = 0;

	if (n > 16)
		n = 16;
	for (i = 0; i < n; i++) {
		if ((d = distance(rgb, basic[i])) < best) {
			best = d;
			which = i;
		}
	}
	return which;
}

/* The cube's level (0-5) nearest to one channel. */
static int
cube_level(int v)
{
	return v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40;
}

int
palette_nearest256(const unsigned char rgb[3])
{
	unsigned char cube[3], grey[3];
	int r = cube_level(rgb[0]), g = cube_level(rgb[1]),
	    b = cube_level(rgb[2]), mean, gi, c;

	c = 16 + 36 * r + 6 * g + b;
	palette_rgb(c, cube);
	mean = (rgb[0] + rgb[1] + rgb[2]) / 3;
	gi = mean < 8 ? 0 : mean > 238 ? 23 : (mean - 3) / 10;
	palette_rgb(232 + gi, grey);
	return distance(rgb, grey) < distance(rgb, cube) ? 232 + gi : c;
}

/* An RGB colour (PALETTE_RGB | 0xRRGGBB) at a depth. */
static int
fit_rgb(int c, enum palette_depth depth, int direct)
{
	unsigned char rgb[3];
	int v = c & 0xffffff;

	/* Direct-colour terminfo takes 0-7 as ANSI colours: the few RGB
	 * values below 8 are near black anyway. */
	if (direct && depth == PALETTE_TRUE)
		return v < 8 ? 0 : v;
	rgb[0] = (unsigned char)(v >> 16);
	rgb[1] = (unsigned char)(v >> 8);
	rgb[2] = (unsigned char)v;
	if (depth >= PALETTE_256)
		return palette_nearest256(rgb);
	return palette_nearest(rgb, depth == PALETTE_16 ? 16 : 8);
}

int
palette_fit(int c, enum palette_depth depth, int direct)
{
	unsigned char rgb[3];

	if (c < 0 || depth == PALETTE_NONE)
		return -1;
	if (c & PALETTE_RGB)
		return c <= (PALETTE_RGB | 0xffffff) ? fit_rgb(c, depth,
		    direct) : -1;
	if (c > 255)
		return -1;
	if (direct && depth == PALETTE_TRUE) {
		/* Colours 0-7 stay ANSI in direct-colour terminfo. */
		if (c < 8)
			return c;
		palette_rgb(c, rgb);
		return rgb[0] << 16 | rgb[1] << 8 | rgb[2];
	}
	if (depth >= PALETTE_256)
		return c;
	/* The 8 basic colours are every terminal's own: kept as they are,
	 * whatever its palette makes of them. */
	if (c < 8)
		return c;
	if (depth == PALETTE_16 && c < 16)
		return c;
	palette_rgb(c, rgb);
	return palette_nearest(rgb, depth == PALETTE_16 ? 16 : 8);
}
