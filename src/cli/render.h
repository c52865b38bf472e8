/*
 * render.h — printing crm/ records with format/: a list streamed row by
 * row, or one record, as format/records.h describes each kind.
 */
#ifndef EPICEVENTS_CLI_RENDER_H
#define EPICEVENTS_CLI_RENDER_H

#include "cli/cmd.h"
#include "format/format.h"
#include "format/records.h"

struct render {
	struct cmd_ctx *ctx;
	const struct out_column *cols;
	size_t ncols;
	bool listing;            /* false: print a single record */
	struct out *list;        /* opened at the first row, so that a refusal
				  * before any row prints nothing at all */
	struct crm_error *err;
};

/* desc: how the records are shown (format/records.h). */
void render_init(struct render *r, struct cmd_ctx *ctx,
		 const struct record_desc *desc, struct crm_error *err);
/* Starts a list; rows then go through render_values. */
void render_list_begin(struct render *r);
/* Ends the list (rc = the producer's result): closes it on success,
 * abandons it on failure. Returns the first failure. */
enum crm_code render_list_end(struct render *r, enum crm_code rc);
/* One row of a list, or the record when no list is open. */
enum crm_code render_values(struct render *r, const struct out_value *vals);

/* Prints "epicevents: <message>" on standard error, with any control
 * character or invalid UTF-8 (which may come from argv or stored data)
 * escaped, so that an error line can never drive the terminal. */
void render_error(const struct crm_error *err);

/* One line for people on standard error ("client 12 created"), quiet with
 * --json/--csv so that standard output stays machine-readable. */
void render_note(struct cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
