/*
 * shell.h — the interactive front end: menus over the same command table
 * as one-shot mode (cmd.h). With standard input not a terminal, reads
 * commands line by line without prompts and stops at the first failure.
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
