/*
 * model.h — the records, inputs, filters and callbacks every layer shares:
 * store/ fills them from rows, crm/ checks and passes them, the front ends
 * (cli/, and the API and remote client to come) fill inputs and render
 * records. Types only, and the department names: no operation here, so
 * that storage does not depend on the business layer (crm/).
 *
 * Records handed to a callback point into the database row: their strings
 * are valid only during the call. Inputs are the user's raw text: NULL
 * means "not given" (for updates: keep the stored value).
 */
#ifndef EPICEVENTS_MODEL_MODEL_H
#define EPICEVENTS_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum department {
	DEPT_NONE = 0,
	DEPT_COMMERCIAL,
	DEPT_SUPPORT,
	DEPT_MANAGEMENT,
};

/* "Commercial", "Support", "Management" (any case) -> the enum; else DEPT_NONE. */
enum department department_from_name(const char *name);
const char *department_name(enum department dept);

/* Who is acting, re-read from the database on every command. */
struct session {
	int64_t user_id;
	enum department dept;
	char name[404];        /* 100 characters of up to 4 bytes */
	char email[404];
	char employee_id[84];
};

/* Names a `const char *` member of an input struct for a front end's
 * table of keys (an option, a JSON body key): offset + 1, so that 0 can
 * mean "not bound". A misspelt member, or one of another type, fails to
 * build. Fill it with `*(const char **)((char *)input + field - 1) = v`. */
#define INPUT_FIELD(type, member)                                                    \
	(offsetof(type, member) + 1 +                                                 \
	 0 * sizeof(char[__builtin_types_compatible_p(__typeof__(((type *)0)->member), \
						      const char *) ? 1 : -1]))

/* A criterion of a listing that can be asked either way, or not at all. */
enum tristate { ANY = 0, YES, NO };

/* ---- users ------------------------------------------------------------- */

struct user {
	int64_t id;
	const char *employee_id;
	const char *name;
	const char *email;
	enum department dept;
	int64_t department_id;
	const char *department_name;
	int64_t creation_date;
	bool is_active;        /* false once deactivated (someone who left) */
};

struct user_input {
	const char *employee_id;
	const char *name;
	const char *email;
	const char *department;
	const char *password; /* new password, or NULL */
};

/* A list's order: `sort=COLUMN` (ascending) or `sort=-COLUMN`, the rows
 * of equal COLUMN by id in the same direction, so that pages do not
 * overlap. column is a name of the entity's table of sortable columns
 * (store.h, store_sort_find), static; NULL = by id. */
struct list_sort {
	const char *column;
	bool descending;
};

struct user_filter {
	const char *department; /* NULL = all */
	enum tristate active;   /* YES: active only, NO: deactivated only */
	struct list_sort sort;
	int64_t limit, offset;  /* limit 0 = no limit */
};

typedef enum crm_code (*user_fn)(void *ctx, const struct user *u);

/* Emails refused for too many failed logins right now (Management). */
struct locked_login {
	const char *email;
	int64_t user_id;      /* 0 when no user has that email */
	const char *name;     /* NULL when no user has that email */
	int64_t failures;
	int64_t locked_until;
};

typedef enum crm_code (*locked_fn)(void *ctx, const struct locked_login *l);

/* ---- clients ----------------------------------------------------------- */

struct client {
	int64_t id;
	const char *full_name;
	const char *email;
	const char *phone;
	const char *company_name;
	int64_t creation_date;
	int64_t last_update;            /* 0 = never */
	int64_t commercial_contact_id;  /* 0 = none */
	const char *commercial_name;    /* NULL when none */
};

struct client_input {
	const char *full_name;
	const char *email;
	const char *phone;
	const char *company_name;
};

struct client_filter {
	bool mine;
	const char *search; /* substring of name, email or company; NULL = all */
	struct list_sort sort;
	int64_t limit, offset;
};

typedef enum crm_code (*client_fn)(void *ctx, const struct client *c);

/* ---- contracts --------------------------------------------------------- */

struct contract {
	int64_t id;
	int64_t client_id;
	const char *client_name;
	int64_t commercial_contact_id;
	const char *commercial_name;
	int64_t total_amount;      /* cents */
	int64_t remaining_amount;  /* cents */
	int64_t creation_date;
	bool is_signed;
	const char *payment_due_date; /* "YYYY-MM-DD", NULL when none */
};

struct contract_input {
	const char *client_id;
	const char *total_amount;
	const char *remaining_amount;
	const char *payment_due_date; /* "" clears it (update) */
};

struct contract_filter {
	enum tristate is_signed;
	enum tristate is_paid;
	bool mine;
	int64_t client_id; /* 0 = any */
	bool overdue;      /* unpaid and due before today */
	char today[11];    /* "YYYY-MM-DD", set by crm/ for overdue */
	struct list_sort sort;
	int64_t limit, offset;
};

typedef enum crm_code (*contract_fn)(void *ctx, const struct contract *c);

/* ---- payments ---------------------------------------------------------- */

struct payment {
	int64_t id;
	int64_t contract_id;
	const char *client_name;
	int64_t amount;               /* cents */
	const char *paid_on;          /* "YYYY-MM-DD" */
	const char *method;           /* transfer, card, cash, cheque, other; NULL */
	const char *reference;        /* NULL when none */
	int64_t recorded_by_id;       /* 0 = none (user since deleted) */
	const char *recorded_by_name; /* NULL when none */
	int64_t creation_date;
	int64_t voided_at;            /* 0 = not voided */
	const char *void_reason;      /* NULL unless voided */
};

struct payment_input {
	const char *amount;
	const char *paid_on;   /* NULL = today */
	const char *method;
	const char *reference;
};

struct payment_void_input {
	const char *reason;
};

struct payment_filter {
	int64_t contract_id;           /* 0 = any */
	char since[11], until[11];     /* "YYYY-MM-DD" on paid_on, inclusive; "" = open */
	struct list_sort sort;
	int64_t limit, offset;
};

typedef enum crm_code (*payment_fn)(void *ctx, const struct payment *p);

/* ---- events ------------------------------------------------------------ */

struct event {
	int64_t id;
	int64_t contract_id;
	const char *client_name;
	const char *name;
	int64_t start_date;
	int64_t end_date;
	int64_t support_contact_id; /* 0 = none */
	const char *support_name;   /* NULL when none */
	const char *location;
	int64_t attendees_count;
	const char *notes;          /* NULL when none */
	const char *timezone;       /* IANA name its times are shown in: "Europe/Paris" */
};

struct event_input {
	const char *contract_id;
	const char *name;
	const char *start_date;
	const char *end_date;
	const char *location;
	const char *attendees_count;
	const char *notes;
	const char *timezone;      /* IANA name; times without offset are read in it */
	bool allow_overlap;        /* update: keep the new times despite the support's other events */
};

struct event_filter {
	bool no_support;
	bool mine;           /* support: assigned to me; commercial: my clients' */
	int64_t support_id;  /* assigned to this user; 0 = any */
	bool support_me;     /* assigned to the user asking (crm/ sets support_id) */
	int64_t contract_id; /* 0 = any */
	bool has_from, has_to;
	int64_t from, to;    /* events overlapping [from, to) (store_event_list) */
	struct list_sort sort;
	int64_t limit, offset;
};

typedef enum crm_code (*event_fn)(void *ctx, const struct event *e);

/* ---- journal ----------------------------------------------------------- */

struct audit_entry {
	int64_t id;
	int64_t created_at;
	int64_t actor_id;        /* 0 = none (failed login) */
	const char *actor_label;
	const char *action;
	const char *entity;
	int64_t entity_id;       /* 0 = none */
	const char *details;     /* JSON object text, or NULL */
};

typedef enum crm_code (*audit_fn)(void *ctx, const struct audit_entry *a);

/* `audit list`'s criteria (audit_filter_set); a record's history is the
 * list with entity and entity_id set. */
struct audit_filter {
	const char *entity;      /* the journal's name ("client"), static; NULL = any */
	int64_t entity_id;       /* 0 = any (needs entity) */
	int64_t actor_id;        /* 0 = anyone */
	const char *action;      /* static; NULL = any */
	bool has_since, has_until;
	int64_t since, until;    /* on created_at, inclusive */
	bool newest_first;
	int64_t limit, offset;
};

/* ---- database set-up --------------------------------------------------- */

struct admin_input {
	const char *email;
	const char *name;
	const char *employee_id;
	const char *password;
};

#endif
