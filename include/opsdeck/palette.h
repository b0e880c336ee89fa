/* palette: which colours a terminal can show (its depth: truecolor, 256,
 * 16, 8 or none) and the nearest colour it has for each one a theme asks
 * for. Pure functions over what the caller read from the environment and
 * terminfo, any thread; element.c applies them after initscr. */
#ifndef OPSDECK_PALETTE_H
#define OPSDECK_PALETTE_H

enum palette_depth {
	PALETTE_NONE,		/* attributes only */
	PALETTE_8,
	PALETTE_16,
	PALETTE_256,
	PALETTE_TRUE		/* 24-bit colour */
};

/* What depth detection reads: the environment and the terminfo entry. */
struct palette_term {
	const char	*no_color;	/* $NO_COLOR: any non-empty value */
	const char	*colorterm;	/* $COLORTERM: "truecolor", "24bit" */
	int		 colours;	/* terminfo colors (COLORS), 0 none */
	int		 ccc;	/* terminfo ccc (can_change_color) */
};

/* The depth for t: none with NO_COLOR or fewer than 8 colours; truecolor
 * for a direct-colour entry (2^24 colours), or COLORTERM=truecolor/24bit
 * with 256 colours that can be redefined; else 256, 16 (16 to 255
 * colours) or 8. */
enum palette_depth palette_detect(const struct palette_term *t);
/* "truecolor", "256", "16", "8", "none". */
const char	*palette_depth_name(enum palette_depth);
/* Whether a terminfo colour count means direct colour: colour numbers
 * past 7 are 0xRRGGBB, not palette indexes. */
int		 palette_direct(int colours);

/* A colour given as red, green and blue ("#ff8700" in a theme) rather
 * than a palette number: PALETTE_RGB | 0xRRGGBB. */
#define PALETTE_RGB	0x1000000

/* The red, green and blue of xterm's colour c (0-255): the 16 basic
 * ones, the 6x6x6 cube, the 24 greys. */
void		 palette_rgb(int c, unsigned char rgb[3]);
/* The colour (0..n-1, n 8 or 16) nearest to rgb to the eye. */
int		 palette_nearest(const unsigned char rgb[3], int n);
/* The colour of the 6x6x6 cube and the grey ramp (16-255) nearest to
 * rgb: the same on every 256-colour terminal, whatever its 16. */
int		 palette_nearest256(const unsigned char rgb[3]);
/* The colour to ask the terminal for when a theme says c (-1 default,
 * 0-255, or PALETTE_RGB | 0xRRGGBB): c itself where the depth has it;
 * the nearest basic colour at 16 and 8 (orange 208 is yellow, grey 244
 * white, 236 black, bright red red); an RGB colour as the nearest of 256
 * at 256 (and at truecolor on a palette terminal, where element.c may
 * redefine a colour instead); on a direct-colour terminal (direct != 0)
 * 8-255 and RGB colours as 0xRRGGBB. -1 (and anything at PALETTE_NONE)
 * stays -1. */
int		 palette_fit(int c, enum palette_depth, int direct);

#endif
