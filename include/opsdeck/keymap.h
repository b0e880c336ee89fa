/* keymap: keys are data. Actions come from one X-macro list (generating
 * the enum, the names used in config files and the help text); a pane's
 * keymap falls back to the global one. UI thread only. */
#ifndef OPSDECK_KEYMAP_H
#define OPSDECK_KEYMAP_H

#include <stddef.h>

/* ID, config name, help text. The focus actions are by position in the
 * pane table (which has at most 9 rows); the UI also takes them by pane
 * name ("focus-health") and names the pane in the help. */
#define OD_ACTIONS \
	X(ACT_NONE,		"none",		"Do nothing") \
	X(ACT_QUIT,		"quit",		"Quit opsdeck") \
	X(ACT_HELP,		"help",		"Show or hide this help (/ searches it)") \
	X(ACT_COMMAND,		"command",	"Jump to a pane, view or repository by name (Tab completes)") \
	X(ACT_DOWN,		"down",		"Select the next line") \
	X(ACT_UP,		"up",		"Select the previous line") \
	X(ACT_PAGE_DOWN,	"page-down",	"Move down one page") \
	X(ACT_PAGE_UP,		"page-up",	"Move up one page") \
	X(ACT_TOP,		"top",		"Go to the first line") \
	X(ACT_BOTTOM,		"bottom",	"Go to the last line") \
	X(ACT_FOCUS_NEXT,	"focus-next",	"Focus the next pane") \
	X(ACT_FOCUS_PREV,	"focus-prev",	"Focus the previous pane") \
	X(ACT_FOCUS_1,		"focus-1",	"Focus pane 1") \
	X(ACT_FOCUS_2,		"focus-2",	"Focus pane 2") \
	X(ACT_FOCUS_3,		"focus-3",	"Focus pane 3") \
	X(ACT_FOCUS_4,		"focus-4",	"Focus pane 4") \
	X(ACT_FOCUS_5,		"focus-5",	"Focus pane 5") \
	X(ACT_FOCUS_6,		"focus-6",	"Focus pane 6") \
	X(ACT_FOCUS_7,		"focus-7",	"Focus pane 7") \
	X(ACT_FOCUS_8,		"focus-8",	"Focus pane 8") \
	X(ACT_FOCUS_9,		"focus-9",	"Focus pane 9") \
	X(ACT_ZOOM,		"zoom",		"Zoom the focused pane / back") \
	X(ACT_BACK,		"back",		"Leave zoom or help") \
	X(ACT_REFRESH,		"refresh",	"Poll every source now") \
	X(ACT_OPEN,		"open",		"Open the selected repository, run or job") \
	X(ACT_SEARCH,		"search",	"Filter the list / search the log (PCRE2, ! negates)") \
	X(ACT_NEXT_MATCH,	"next-match",	"Next search match") \
	X(ACT_PREV_MATCH,	"prev-match",	"Previous search match") \
	X(ACT_NEXT_ERROR,	"next-error",	"Next error line in the log") \
	X(ACT_PREV_ERROR,	"prev-error",	"Previous error line in the log") \
	X(ACT_SORT,		"sort",		"Sort runs by status, age, duration") \
	X(ACT_FOLLOW,		"follow",	"Follow a running job's log") \
	X(ACT_BROWSE,		"browse",	"Open the run or job in a web browser") \
	X(ACT_COPY,		"copy",		"Copy the run or job URL (OSC 52)") \
	X(ACT_TIMESTAMPS,	"timestamps",	"Show or hide log timestamps") \
	X(ACT_RERUN_FAILED,	"rerun-failed",	"Re-run the failed jobs of the selected run (asks first)") \
	X(ACT_CANCEL_RUN,	"cancel-run",	"Cancel the selected run (asks first)") \
	X(ACT_AUDIT,		"audit",	"Show the audit journal of actions") \
	X(ACT_DEPLOY,		"deploy",	"Deploy to the selected environment (asks first;" \
	    " Ctrl-T in it: another target)") \
	X(ACT_ROLLBACK,		"rollback",	"Roll the selected environment back (pick, then asks)") \
	X(ACT_ENVIRONMENTS,	"environments",	"Open the environments view (in a log, E is previous error)") \
	X(ACT_APPROVALS,	"approvals",	"Open the pending approvals (runs waiting for a review)") \
	X(ACT_APPROVE,		"approve",	"Approve the marked pending deployments (asks first)") \
	X(ACT_REJECT,		"reject",	"Reject the marked pending deployments (asks first)") \
	X(ACT_NEXT_COLUMN,	"next-column",	"Environments grid: the next environment") \
	X(ACT_PREV_COLUMN,	"prev-column",	"Environments grid: the previous environment") \
	X(ACT_ISSUE_CREATE,	"issue-create",	"Open a GitHub issue from the selected local issue file (asks first)") \
	X(ACT_ISSUE_COMMENT,	"issue-comment", "Comment on the selected issue (asks first)") \
	X(ACT_LABEL_ADD,	"label-add",	"Add a label to the selected issue (asks first)") \
	X(ACT_LABEL_REMOVE,	"label-remove",	"Remove a label from the selected issue (asks first)")

enum action {
#define X(id, name, help) id,
	OD_ACTIONS
#undef X
	ACT_COUNT
};

/* The list movements, which every list and text answers (j k, arrows):
 * for the action lists of panes and views (pane_ops.acts). */
#define OD_MOTION_ACTS	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, \
    ACT_TOP, ACT_BOTTOM

struct keybind {
	int		 key;	/* ncurses key code or character */
	enum action	 action;
};

struct keymap {
	struct keybind	*binds;
	size_t		 nbinds;
	const struct keymap *parent;	/* fallback, e.g. the global map */
};

const char	*action_name(enum action);
const char	*action_help(enum action);
int		 action_by_name(const char *);	/* -1 if unknown */

/* Copies a const default table into a bindable map. */
int		 keymap_init(struct keymap *, const struct keybind *, size_t,
		    const struct keymap *parent);
void		 keymap_done(struct keymap *);
/* The action for key here, else in the parents; ACT_NONE if unbound. */
enum action	 keymap_lookup(const struct keymap *, int key);
/* Binds a key name ("q", "C-r", "Enter", "Tab", "S-Tab", "Up", "PgDn",
 * "F5", "Esc", "Space") to an action name. -1 with *cause if either is
 * unknown. */
int		 keymap_bind(struct keymap *, const char *keyname,
		    const char *actionname, char **cause);
/* The same with the action known: -1 with *cause if the key is unknown. */
int		 keymap_bind_action(struct keymap *, const char *keyname,
		    enum action, char **cause);
/* The names of up to max keys that reach action through km and its
 * parents, as keymap_lookup sees them (a key a pane rebinds is not listed
 * for the global action), space-separated into buf. Returns how many. */
int		 keymap_keys_for(const struct keymap *, enum action, int max,
		    char *buf, size_t size);
/* Key code from a name and back; -1 / "?" when unknown. */
int		 keymap_key_from_name(const char *);
const char	*keymap_key_name(int key, char *buf, size_t size);

extern const struct keybind keymap_global_defaults[];
extern const size_t keymap_global_ndefaults;

#endif
