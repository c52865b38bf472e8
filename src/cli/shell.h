/*
 * shell.h — the interactive front end: menus over the same command table
 * as one-shot mode (cmd.h), every command run through cmd_execute().
 *
 * On a terminal: a main menu and one menu per noun, line editing and
 * history (shell-edit.c), completion (shell-complete.c), field questions
 * with current values (shell-fields.c), long output through $PAGER
 * (shell-pager.c); Ctrl-C cancels what is being typed or asked, Ctrl-D
 * goes back one menu and leaves from the main one; a command refused for
 * want of a session (exit code 3) asks to log in again and is run again.
 * With standard input not a terminal, reads commands line by line without
 * prompts or colour and stops at the first failure, with its exit code.
 */
#ifndef EPICEVENTS_CLI_SHELL_H
#define EPICEVENTS_CLI_SHELL_H

#include "cli/cmd.h"

/* Runs until exit/quit or end of input; returns the exit code. */
enum crm_code shell_run(struct cmd_ctx *ctx);

/* Splits a line into words: blanks separate, single and double quotes
 * group, backslash escapes. *out_words is malloc'ed (free each word and
 * the array). CRM_EINVALID for an unterminated quote. */
enum crm_code shell_split(const char *line, int *out_count, char ***out_words,
			  struct crm_error *err);

#endif
