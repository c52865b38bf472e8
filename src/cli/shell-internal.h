/*
 * shell-internal.h — the state the parts of the interactive shell share:
 * the loop (shell.c), the line editor and its history (shell-edit.c,
 * shell-history.c), completion and pick lists (shell-complete.c), field
 * questions (shell-fields.c) and the pager (shell-pager.c).
 */
#ifndef EPICEVENTS_CLI_SHELL_INTERNAL_H
#define EPICEVENTS_CLI_SHELL_INTERNAL_H

#include <signal.h>
#include <stdbool.h>

#include "cli/cmd.h"

struct shell_edit;

struct shell {
	struct cmd_ctx *ctx;
	char *menu;                 /* the current noun; NULL = the main menu */
	bool tty;                   /* standard input is a terminal: prompts */
	bool screen;                /* standard output is a terminal too: pager */
	struct shell_edit *edit;    /* the line editor; NULL without a terminal */
	/* The field being asked (shell-fields.c), so that the completion key
	 * offers its values (ids of clients, ...) instead of commands. */
	const struct cmd_entry *asking_entry;
	const struct cmd_option *asking;
	char last_email[sizeof ((struct session *)0)->email]; /* offered again when a session expires */
};

/* Set by Ctrl-C (SIGINT) while the shell runs on a terminal: whatever
 * is being asked is cancelled; a write in progress is never cut short. */
extern volatile sig_atomic_t shell_interrupted;

#endif
