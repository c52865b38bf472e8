/*
 * prompt.h — asking the person at the terminal.
 *
 * Prompts go to standard error so that standard output carries only
 * results. An answer "cancel" or end of input cancels with CRM_EINVALID
 * "cancelled: nothing was changed".
 */
#ifndef EPICEVENTS_CLI_PROMPT_H
#define EPICEVENTS_CLI_PROMPT_H

#include <stdbool.h>

#include "util/error.h"

/* One line, trimmed of its newline. `current` (may be NULL) is shown as
 * "[current]" and returned when the answer is empty. *out is malloc'ed. */
enum crm_code prompt_line(const char *label, const char *current, char **out,
			  struct crm_error *err);

/* A password: without echo from the terminal, or, with from_stdin, one
 * line of standard input. *out is malloc'ed; free with xfree_secret. */
enum crm_code prompt_password(const char *label, bool from_stdin, char **out,
			      struct crm_error *err);

/* A yes/no question on the terminal; no answer is "no". */
bool prompt_confirm(const char *question);

#endif
