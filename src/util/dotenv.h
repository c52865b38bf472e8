/*
 * dotenv.h — the `.env` file format of the original Python project
 * (python-dotenv's common subset).
 *
 *   # comment
 *   KEY=value            value trimmed; ' #' starts an inline comment
 *                        ("KEY=a#b" keeps its '#'; "KEY= #c" is empty)
 *   export KEY=value
 *   KEY = value          blanks around '=' allowed
 *   KEY="a \"quoted\" value\n"   double quotes: \n \t \r \\ \" \' escapes
 *                                 (others kept as written, backslash too)
 *   KEY='literal $value'         single quotes: taken as is
 *   KEY=                          empty value
 * Blank lines are skipped. Keys are [A-Za-z_][A-Za-z0-9_.]*. A quoted value
 * ends on its own line (no multi-line values); after the closing quote only
 * blanks and a comment may follow. CRLF line ends and a UTF-8 BOM are fine.
 * No variable expansion: "$OTHER" is kept as written.
 */
#ifndef EPICEVENTS_UTIL_DOTENV_H
#define EPICEVENTS_UTIL_DOTENV_H

#include <stddef.h>
#include <sys/stat.h>

#include "util/error.h"

/* Called once per assignment, in file order; a later duplicate key wins
 * (the callback sees both). Return nonzero to stop parsing. */
typedef int (*dotenv_fn)(void *ctx, const char *key, const char *value);

/*
 * Parses `len` bytes of text (need not be NUL-terminated). A malformed line
 * (no '=', bad key, unterminated quote, NUL byte) is CRM_EINVALID with a
 * message "line N: ..." that never repeats the line's value (it may hold a
 * password).
 */
enum crm_code dotenv_parse(const char *text, size_t len, dotenv_fn fn,
			   void *ctx, struct crm_error *err);

/* Opens a settings file without following a symbolic link (CRM_EINVALID)
 * and fstat()s the open file into *st, so that its owner and mode can be
 * checked before it is read. A missing file is CRM_OK with *fd_out = -1.
 * The caller closes *fd_out. */
enum crm_code dotenv_open(const char *path, int *fd_out, struct stat *st,
			  struct crm_error *err);

/* Reads and parses the file opened by dotenv_open(). Errors are prefixed
 * with the path. */
enum crm_code dotenv_read_fd(int fd, const struct stat *st, const char *path,
			     dotenv_fn fn, void *ctx, struct crm_error *err);

/* dotenv_open() + dotenv_read_fd(), with no check between. A missing file is CRM_OK with no callbacks.
 * Errors are prefixed with the path. */
enum crm_code dotenv_load_file(const char *path, dotenv_fn fn, void *ctx,
			       struct crm_error *err);

#endif
