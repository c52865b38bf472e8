/*
 * scrub.h — an error message reduced to its class before it leaves the
 * machine.
 *
 * An unexpected error's message names files (home folders, so the OS user
 * name), database hosts, databases and roles, and whatever a library said
 * after the colon. Sentry needs what kind of error it was, not those:
 *
 *   database (from --db): cannot open database file '/home/jd/crm.db': Permission denied
 *   -> database (from --db): cannot open database file '…'
 *   cannot connect to PostgreSQL at 'db.lan:5432' (database 'crm'): FATAL: role "x" ...
 *   -> cannot connect to PostgreSQL at '…' (database '…')
 *
 * The program quotes every name it puts in a message, so: every quoted part
 * ('…' or "…") becomes '…', and the message ends at the first ": " after a
 * quoted part (what follows is a library's or the system's detail about
 * that name). A "(SQLSTATE xxxxx)" in the cut part is kept: it is a class,
 * not data.
 */
#ifndef EPICEVENTS_REPORT_SCRUB_H
#define EPICEVENTS_REPORT_SCRUB_H

#include <stddef.h>

#include "util/error.h"

/* Writes the class of `message` into out (always NUL-terminated, cut to
 * size bytes on a UTF-8 boundary). */
void error_class(const char *message, char *out, size_t size);

/* What may be shown to someone other than the operator (an API client, a
 * web page): an unexpected error (CRM_EINTERNAL) as its class only, every
 * other error as it is (those messages are written for users). The full
 * message stays in err for the operator's log. */
void error_public_message(const struct crm_error *err, char *out, size_t size);

#endif
