/*
 * shell-fields.h — the questions the shell asks for a command's fields.
 *
 * Installed as cmd_ctx.ask_fields, so it runs inside cmd_execute() once the
 * database and session are open, before the command itself:
 *   - create (and assign): every field of the option declarations in turn,
 *     the required ones until answered; with some options already on the
 *     line, only the missing required ones;
 *   - update ID: the record is read first (not found or not yours: said at
 *     once), then each field is asked with its current value, kept on an
 *     empty answer; only changed values reach the command;
 *   - a field naming a client, contract or support user shows a short pick
 *     list first (and the completion key offers its ids);
 *   - each answer is checked at once (the option's check) and asked again
 *     with the reason; "cancel", Ctrl-C or Ctrl-D abandons with nothing
 *     written.
 * Without a terminal it is cmd_complete_fields(): scripts never wait.
 */
#ifndef EPICEVENTS_CLI_SHELL_FIELDS_H
#define EPICEVENTS_CLI_SHELL_FIELDS_H

#include "cli/cmd.h"

enum crm_code shell_ask_fields(struct cmd_ctx *ctx, struct cmd_args *args,
			       struct crm_error *err);

#endif
