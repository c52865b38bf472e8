/*
 * error.h — the one error type of the program.
 *
 * The values of enum crm_code ARE the exit codes of SPEC.md, so a failure
 * travels unchanged from where it is understood to main()'s return value.
 * A function that can fail returns an enum crm_code and fills a caller-owned
 * struct crm_error with a one-line, lowercase message (no trailing period,
 * offending value in quotes). Only cli/ prints the message.
 */
#ifndef EPICEVENTS_UTIL_ERROR_H
#define EPICEVENTS_UTIL_ERROR_H

enum crm_code {
	CRM_OK = 0,
	CRM_EINTERNAL = 1, /* unexpected: database unreachable, internal error */
	CRM_EINVALID = 2,  /* usage or validation error */
	CRM_EAUTH = 3,     /* not logged in, bad session, wrong credentials */
	CRM_EPERM = 4,     /* permission denied */
	CRM_ENOTFOUND = 5, /* no such record */
	CRM_ECONFLICT = 6, /* conflict with stored data */
};

struct crm_error {
	enum crm_code code;
	char msg[512];
	/* For a validation error: the key of the input field it is about, as
	 * records and JSON bodies name it ("email", "start_date"), so that a
	 * form can show the message beside its field; "" otherwise. */
	char field[32];
};

/* Sets err (which may be NULL) and returns code, so that callers can write
 * `return crm_error_set(err, CRM_EINVALID, "bad email '%s'", s);`. */
enum crm_code crm_error_set(struct crm_error *err, enum crm_code code,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes an existing message: "reading '.env': <old message>". */
enum crm_code crm_error_prefix(struct crm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void crm_error_clear(struct crm_error *err);

/* Names the field err is about (see struct crm_error) and returns its code:
 * `return crm_error_field(err, "email");`. err may be NULL. */
enum crm_code crm_error_field(struct crm_error *err, const char *key);

/* The short name of a code, e.g. "permission denied", for fallbacks. */
const char *crm_code_name(enum crm_code code);

#endif
