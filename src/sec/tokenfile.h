/*
 * tokenfile.h — the private file holding the session token.
 *
 * Written atomically: a temporary file in the same directory created with
 * mode 0600 (O_EXCL), written, fsync'ed, then rename()d over the target.
 * Refused on reading when group or others have any permission on it, or
 * when it is not a regular file owned by the current user.
 */
#ifndef EPICEVENTS_SEC_TOKENFILE_H
#define EPICEVENTS_SEC_TOKENFILE_H

#include "util/error.h"

/* The file holds the token on its first line; logged in to a server
 * (--server), the server's URL on a second line. */
enum crm_code tokenfile_write(const char *path, const char *token,
			      struct crm_error *err);
/* server NULL: as tokenfile_write. */
enum crm_code tokenfile_write_server(const char *path, const char *token,
				     const char *server, struct crm_error *err);

/* *out is malloc'ed, trailing newline removed. A missing file is CRM_EAUTH
 * "not logged in: run 'epicevents login'"; unsafe permissions are CRM_EAUTH
 * with the chmod that fixes it; an empty or oversized (> 8 KiB) file is
 * CRM_EAUTH "session token is invalid". */
enum crm_code tokenfile_read(char **out, const char *path,
			     struct crm_error *err);
/* Also the server's URL (*server malloc'ed, NULL when the file has none).
 * tokenfile_read refuses a server's token (CRM_EAUTH "logged in to the
 * server at '...', not to this database: log in again"). */
enum crm_code tokenfile_read_server(char **out, char **server, const char *path,
				    struct crm_error *err);

/* Removes the file; a missing file is not an error. */
enum crm_code tokenfile_remove(const char *path, struct crm_error *err);

#endif
