/* prompt: a one-line text input (the "/" filter and search), UTF-8 aware:
 * Backspace removes a whole character, C-u clears, C-w removes a word,
 * Enter accepts, Esc cancels. UI thread only. */
#ifndef OPSDECK_UI_PROMPT_H
#define OPSDECK_UI_PROMPT_H

#include <ncurses.h>
#include <stddef.h>

#define PROMPT_MAX	256

enum prompt_rc { PROMPT_IGNORED, PROMPT_EDITED, PROMPT_ACCEPT, PROMPT_CANCEL };

struct prompt {
	int	 active;
	char	 buf[PROMPT_MAX];
	size_t	 len;
	char	 label[16];	/* "/", "search: " */
};

void		 prompt_start(struct prompt *, const char *label,
		    const char *initial);
enum prompt_rc	 prompt_input(struct prompt *, int wc, int keycode);
/* The label, the text (sanitised) and a cursor, on row y of w. */
void		 prompt_draw(const struct prompt *, WINDOW *, int y);

#endif
