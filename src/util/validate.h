/*
 * validate.h — SPEC.md's rules on data, one function per kind of field.
 *
 * Each validator takes the user's text and the field's name (for the
 * message), and on success returns CRM_OK with a malloc'ed normalised copy
 * in *out (caller frees). On failure: CRM_EINVALID, *out untouched, and a
 * message such as "email 'bob@' has no domain".
 * All text must be valid UTF-8 without control characters (tabs in notes
 * are fine); lengths are counted in characters (code points).
 */
#ifndef EPICEVENTS_UTIL_VALIDATE_H
#define EPICEVENTS_UTIL_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Trimmed, lowercased, "local@domain.tld", at most 100 characters.
 * One '@'; the local part is RFC 5322 "atext" and dots (no leading,
 * trailing or double dot, no quoted forms); the domain has a dot, non-empty
 * labels of letters, digits and '-' (not at either end), and a top-level
 * domain of at least 2 letters (or an "xn--" label). Non-ASCII letters are
 * allowed (internationalised addresses) and lowercased too. */
enum crm_code validate_email(char **out, const char *field, const char *text,
			     struct crm_error *err);

/* An email as validate_email would store it (trimmed, lowercased the same
 * way), without checking its format: what a login looks up, since users
 * adopted from the Python project may have emails this program would refuse.
 * NULL (nothing malloc'ed) for invalid UTF-8, a control character or more
 * than 100 characters, which no stored email has. */
char *email_fold(const char *text);

/* Trimmed, non-empty, at most max_chars characters, no control characters. */
enum crm_code validate_text(char **out, const char *field, const char *text,
			    size_t max_chars, struct crm_error *err);

/* Like validate_text but may be empty (returns "" then) and may contain
 * newlines and tabs (event notes). CRLF becomes LF; a lone CR is refused. */
enum crm_code validate_notes(char **out, const char *field, const char *text,
			     size_t max_chars, struct crm_error *err);

/* Digits with optional leading '+', spaces, dots, dashes, parentheses;
 * 6 to 20 characters after trimming, with at least one digit. Kept as
 * typed (not reformatted); parentheses are not checked for balance. */
enum crm_code validate_phone(char **out, const char *field, const char *text,
			     struct crm_error *err);

/* A decimal integer in [min, max]; no sign unless min < 0, no blanks inside,
 * no leading '+', no hex, no overflow. */
enum crm_code validate_int(int64_t *out, const char *field, const char *text,
			   int64_t min, int64_t max, struct crm_error *err);

/* A record id: integer in [1, 2^31-1]; the message says "<field> 'x' is not
 * a valid id". */
enum crm_code validate_id(int64_t *out, const char *field, const char *text,
			  struct crm_error *err);

/* Employee id: trimmed, 1..20 characters of [A-Za-z0-9_-]. */
enum crm_code validate_employee_id(char **out, const char *field,
				   const char *text, struct crm_error *err);

/* New password: at least 8 characters, at most 1024 bytes, valid UTF-8.
 * The password is never echoed in the message. */
enum crm_code validate_password(const char *password, struct crm_error *err);

/* True when s is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

#define UTF8_EXCERPT_MAX 168 /* 40 characters of up to 4 bytes, "...", NUL */

/* A printable excerpt of user text for quoting in error messages: at most
 * 40 characters (then "..."), with control characters and invalid UTF-8
 * shown as '?', so that a message can neither flood nor drive the terminal.
 * Used by every parser here; callers quote it: "email '%s' ...". */
void utf8_excerpt(char out[UTF8_EXCERPT_MAX], const char *text, size_t len);

#endif
