/*
 * shell-edit.h — the shell's line editor: libedit (BSD licence) with
 * emacs keys, history, the completion key and Ctrl-C handling.
 *
 * Used for the shell's own prompt and, through prompt_set_reader, for the
 * questions commands ask, so both get editing and the same Ctrl-C.
 */
#ifndef EPICEVENTS_CLI_SHELL_EDIT_H
#define EPICEVENTS_CLI_SHELL_EDIT_H

#include "cli/shell-internal.h"

enum shell_read {
	SHELL_LINE,        /* *out is the line (malloc'ed, no newline) */
	SHELL_EOF,         /* Ctrl-D on an empty line, or the terminal went away */
	SHELL_INTERRUPTED, /* Ctrl-C: the line typed so far is dropped */
};

/* Starts the editor on the terminal; history_path may be NULL. */
struct shell_edit *shell_edit_open(struct shell *sh, const char *history_path);
void shell_edit_close(struct shell_edit *ed);

enum shell_read shell_edit_read(struct shell_edit *ed, const char *prompt, char **out);

/* Adds a line to the history and saves the file; the caller has checked
 * shell_history_keeps(). */
void shell_edit_remember(struct shell_edit *ed, const char *line);

/* A prompt_reader_fn (prompt.h) over the editor; data is the shell_edit. */
char *shell_edit_prompt_reader(void *data, const char *prompt);

#endif
