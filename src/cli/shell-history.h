/*
 * shell-history.h — the shell's history file and what it may hold.
 *
 * The file is $XDG_STATE_HOME/epicevents/history (~/.local/state/...),
 * mode 0600 in a 0700 folder, in libedit's format, rewritten atomically
 * (temporary file + rename) after each command so that two shells or a
 * crash never leave half a file. Lines that may carry a secret never get
 * there (see shell_history_keeps).
 */
#ifndef EPICEVENTS_CLI_SHELL_HISTORY_H
#define EPICEVENTS_CLI_SHELL_HISTORY_H

#include <stdbool.h>

#include <histedit.h>

#include "cli/cmd.h"

#define SHELL_HISTORY_SIZE 1000

/* The file's path under state_dir (config.state_dir); malloc'ed. */
char *shell_history_path(const char *state_dir);

/* Loads the file into h; a missing or unreadable file is no error (a
 * shell without history is still a shell). */
void shell_history_load(History *h, const char *path);

/* Writes h to the file, creating the folder. */
enum crm_code shell_history_save(History *h, const char *path,
				 struct crm_error *err);

/* Whether a line may be kept: not when its command is flagged CMD_SECRET
 * (entry may be NULL when the line named no command), when it mentions a
 * password in any case (--password-stdin, a DSN's password=), or when it
 * holds a URL with a password (--db postgresql://user:secret@host/db). */
bool shell_history_keeps(const char *line, const struct cmd_entry *entry);

#endif
