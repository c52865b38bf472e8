/*
 * prompt.h — asking the person at the terminal.
 *
 * Prompts go to standard error so that standard output carries only
 * results. An answer "cancel", end of input or Ctrl-C cancels with
 * CRM_EINVALID "cancelled: nothing was changed".
 *
 * The shell installs its line editor as the reader (prompt_set_reader), so
 * that answers get line editing and Ctrl-C cancels the question instead of
 * the program; one-shot mode reads plain lines from standard input.
 */
#ifndef EPICEVENTS_CLI_PROMPT_H
#define EPICEVENTS_CLI_PROMPT_H

#include <stdbool.h>

#include "util/error.h"

/* Reads one answer after showing `prompt`; returns a malloc'ed line without
 * its newline, or NULL for end of input or Ctrl-C. */
typedef char *(*prompt_reader_fn)(void *data, const char *prompt);

/* Installs (or, with fn NULL, removes) the reader used by prompt_line. */
void prompt_set_reader(prompt_reader_fn fn, void *data);

/* One line, trimmed of its newline. `current` (may be NULL) is shown as
 * "[current]" (escaped as tables show text) and returned when the answer
 * is empty. *out is malloc'ed. */
enum crm_code prompt_line(const char *label, const char *current, char **out,
			  struct crm_error *err);

/* A password: without echo from the terminal, or, with from_stdin, one
 * line of standard input. With from_stdin and standard input a terminal
 * it is still asked without echo: a password never shows on screen.
 * *out is malloc'ed; free with xfree_secret. */
enum crm_code prompt_password(const char *label, bool from_stdin, char **out,
			      struct crm_error *err);

/* A yes/no question on the terminal; no answer is "no". */
bool prompt_confirm(const char *question);

#endif
