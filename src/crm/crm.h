/*
 * crm.h — the product's own logic, one function per operation.
 *
 * Every operation takes the open CRM handle and the session of the user
 * acting, checks the permission policy (policy.h), validates its input with
 * SPEC.md's rules, runs in one transaction, writes its audit_log row in that
 * same transaction, and returns an enum crm_code (= the exit code).
 * No terminal I/O and no SQL text here: cli/ prints, store/ speaks SQL.
 * The records, inputs, filters and callbacks are model/model.h's.
 */
#ifndef EPICEVENTS_CRM_CRM_H
#define EPICEVENTS_CRM_CRM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"
#include "util/error.h"
#include "util/strbuf.h"

struct db;

/* Notable changes reported outside the database (to Sentry, by main.c):
 * action_type is "user_created", "user_modified", "user_deleted" or
 * "contract_signed". Called after the change is committed. */
typedef void (*crm_notify_fn)(void *ctx, const char *action_type,
			      const struct session *actor, int64_t entity_id);

struct tz;

/* ---- the handle (crm.c) --------------------------------------------- */

/*
 * One backend behind the operations below, chosen once by the front end:
 * crm/ over a database (crm_open_local), or a server's API
 * (crm_open_remote, remote/). Front ends call the operations and nothing else: they never
 * see the database.
 */
struct crm;

struct crm_options {
	const struct tz *zone;        /* wall-clock input is read in it; NULL = UTC */
	/* The zone of events created without one (SPEC: EPICEVENTS_TIMEZONE,
	 * else the system's, else UTC); NULL = UTC. An event's own times are
	 * read in its zone, not in `zone`. */
	const char *timezone;
	const char *jwt_secret;       /* JWT_SECRET_KEY, or NULL: per-database key */
	crm_notify_fn notify;         /* may be NULL */
	void *notify_ctx;
};

/* crm/ over db, which the handle owns from now on (crm_close closes it)
 * when owns_db, else only borrows (a pool's connection). opt is copied;
 * its strings and zone must outlive the handle. */
struct crm *crm_open_local(struct db *db, bool owns_db, const struct crm_options *opt);
void crm_close(struct crm *crm); /* NULL: nothing */

/* crm.h's operations carried to a server's API (remote/remote.h): NULL
 * with CRM_EINVALID for an address it refuses (see remote_url_check).
 * ca_file: the certificates to trust (EPICEVENTS_CA_FILE), NULL for the
 * system's. opt is copied as crm_open_local copies it. Closed with
 * remote_close. */
struct crm *crm_open_remote(const char *server_url, const char *ca_file,
			    const struct crm_options *opt, struct crm_error *err);

/* The zone wall-clock input is read in (crm_options.zone). */
const struct tz *crm_zone(const struct crm *crm);

/* ---- permissions (policy.c) ----------------------------------------- */

/* What the session's user may do, one call per action of the permission
 * table, in a fixed order: action is a stable name ("contract.sign"),
 * grant "none", "own" (records they are the contact of) or "all". Reads
 * may be done by everyone and are not listed. Stops at a nonzero return. */
typedef enum crm_code (*crm_permission_fn)(void *ctx, const char *action, const char *grant);
enum crm_code crm_permissions(const struct session *s, crm_permission_fn fn, void *ctx);

/* ---- listing criteria (filter.c) ------------------------------------- */

/* Sets one criterion of a listing from text, as a front end received it:
 * an option ("--client", "3") or a query parameter ("client", "3"). Keys
 * are the options' names, with or without their dashes; flags take no
 * value, "", "true" or "false". CRM_EINVALID for an unknown key, a bad
 * value or opposite flags together, naming the key as given (and in
 * err->field, without dashes). Text values point into `value`. */
/* The columns list `noun` ("clients", "contracts", "events", "payments",
 * "users") can be sorted by (the criterion sort=COLUMN or -COLUMN), up to
 * max into names (static strings); how many (0: no such list). */
size_t crm_sort_columns(const char *noun, const char **names, size_t max);
enum crm_code client_filter_set(struct client_filter *f, const char *key, const char *value,
				struct crm_error *err);
enum crm_code contract_filter_set(struct contract_filter *f, const char *key,
				  const char *value, struct crm_error *err);
/* from/to are read in zone (the caller's). */
enum crm_code event_filter_set(struct event_filter *f, const struct tz *zone, const char *key,
			       const char *value, struct crm_error *err);
enum crm_code user_filter_set(struct user_filter *f, const char *key, const char *value,
			      struct crm_error *err);
/* contract, since, until (dates YYYY-MM-DD, inclusive). */
enum crm_code payment_filter_set(struct payment_filter *f, const char *key,
				 const char *value, struct crm_error *err);

/* ---- authentication (auth.c) ---------------------------------------- */

/* Checks email and password (throttled per SPEC.md), journals the attempt,
 * rehashes a weak hash, and returns a new signed token in *out_token
 * (malloc'ed) with the session. Wrong email and wrong password: the same
 * CRM_EAUTH message and cost. */
enum crm_code auth_login(struct crm *crm, const char *email,
			 const char *password, char **out_token,
			 struct session *out, struct crm_error *err);

/* Verifies a token and re-reads its user: deleted users, tokens issued
 * before a password change or `logout --all` are CRM_EAUTH. */
enum crm_code auth_session(struct crm *crm, const char *token,
			   struct session *out, struct crm_error *err);

/* The user's own password change (`passwd`): checks the old password,
 * applies the password policy, revokes every older token, and returns a
 * fresh token for this session in *out_token (malloc'ed). */
enum crm_code auth_change_password(struct crm *crm, const struct session *s,
				   const char *old_password,
				   const char *new_password, char **out_token,
				   struct crm_error *err);

/* Sign-out of one session (the web page, DELETE /api/v1/session): that
 * token stops working at once, the user's others go on. A token that is
 * not valid any more (expired, revoked, another key's) is CRM_OK: there is
 * nothing left to end. */
enum crm_code auth_revoke(struct crm *crm, const char *token, struct crm_error *err);

/* `logout --all`: every token of the user issued until now stops working. */
enum crm_code auth_revoke_all(struct crm *crm, const struct session *s,
			      struct crm_error *err);

/* ---- users (user.c) ------------------------------------------------- */

enum crm_code user_list(struct crm *crm, const struct session *s,
			const struct user_filter *f, user_fn fn, void *ctx,
			struct crm_error *err);
enum crm_code user_show(struct crm *crm, const struct session *s, int64_t id,
			user_fn fn, void *ctx, struct crm_error *err);
enum crm_code user_create(struct crm *crm, const struct session *s,
			  const struct user_input *in, int64_t *out_id,
			  struct crm_error *err);
enum crm_code user_update(struct crm *crm, const struct session *s, int64_t id,
			  const struct user_input *in, struct crm_error *err);
/* Emails refused for too many failed logins right now (Management). */
enum crm_code user_list_locked(struct crm *crm, const struct session *s,
			       locked_fn fn, void *ctx, struct crm_error *err);
/* Lifts the login lock of a user's email (Management). */
enum crm_code user_unlock(struct crm *crm, const struct session *s, int64_t id,
			  struct crm_error *err);

/* reassign_to 0 = none given. */
enum crm_code user_delete(struct crm *crm, const struct session *s, int64_t id,
			  int64_t reassign_to, struct crm_error *err);

/* Someone who leaves (Management): they can no longer log in, their
 * tokens stop at once, they can own nothing new; their name stays on
 * their records. Clients, contracts and upcoming events they hold go to
 * reassign_to (an active user of the right department; 0 = none given,
 * then holding any is CRM_ECONFLICT). The last active manager stays.
 * Deactivating a deactivated user is CRM_ECONFLICT. */
enum crm_code user_deactivate(struct crm *crm, const struct session *s, int64_t id,
			      int64_t reassign_to, struct crm_error *err);
/* Lets a deactivated user log in again (CRM_ECONFLICT when active). */
enum crm_code user_reactivate(struct crm *crm, const struct session *s, int64_t id,
			      struct crm_error *err);

/* ---- clients (client.c) --------------------------------------------- */

enum crm_code client_list(struct crm *crm, const struct session *s,
			  const struct client_filter *f, client_fn fn, void *ctx,
			  struct crm_error *err);
enum crm_code client_show(struct crm *crm, const struct session *s, int64_t id,
			  client_fn fn, void *ctx, struct crm_error *err);
enum crm_code client_create(struct crm *crm, const struct session *s,
			    const struct client_input *in, int64_t *out_id,
			    struct crm_error *err);
enum crm_code client_update(struct crm *crm, const struct session *s,
			    int64_t id, const struct client_input *in,
			    struct crm_error *err);

/* ---- client import (client-import.c) --------------------------------- */

/* What a row whose email is already stored (or earlier in the file) does. */
enum import_duplicate {
	IMPORT_DUP_ERROR,  /* a bad row (the default) */
	IMPORT_DUP_SKIP,   /* left as it is, counted as skipped */
	IMPORT_DUP_UPDATE, /* its name, phone and company replaced */
};

/* "error", "skip", "update"; false for anything else. */
bool import_duplicate_from_name(const char *name, enum import_duplicate *out);

struct client_import_options {
	bool dry_run;                 /* everything checked, nothing kept */
	enum import_duplicate on_duplicate;
};

/* A row refused: where (line from 1; column the header's name, or its
 * number when it has none) and why (one line, no final full stop); the
 * row's fields as read (formula escape and all). */
struct import_reject {
	long line;
	const char *column;
	const char *reason;
	const char *const *fields;
	size_t nfields;
};

/* What the front end hears while the file is read: the header (once,
 * before any reject: the rejects file starts with it), each bad row, and
 * warnings (an unknown column). Any may be NULL. */
struct client_import_report {
	void (*header)(void *ctx, const char *const *names, size_t n);
	void (*reject)(void *ctx, const struct import_reject *r);
	void (*warning)(void *ctx, const char *text);
	void *ctx;
};

struct client_import_counts {
	int64_t created, updated, skipped;
};

/*
 * `clients import`: the CSV that `clients list --csv` writes (csv-read.h),
 * streamed from in, in ONE transaction with one journal row per client
 * created or updated. Columns by header name: full_name, email, phone,
 * company_name required; commercial_contact_id read for Management (who
 * must give an active Commercial user's id on every row), ignored for a
 * Commercial (the rows become theirs); id, commercial_name, creation_date,
 * last_update ignored; any other name is a warning. A duplicate is an email
 * (compared as `clients create` does: lowercased) already stored or
 * earlier in the file; opt->on_duplicate says what it does. Updating an
 * existing client follows `clients update`'s rule (Commercial: their own).
 * Every bad row is reported; one is enough for CRM_EINVALID "N bad rows:
 * nothing imported", rolled back. A fault of the file itself (empty, no
 * rows, a required column missing, broken quoting, a field over 64 KiB)
 * is CRM_EINVALID naming its line. Commercial and Management; dry_run
 * rolls back in every case.
 */
enum crm_code client_import(struct crm *crm, const struct session *s, FILE *in,
			    const struct client_import_options *opt,
			    const struct client_import_report *report,
			    struct client_import_counts *out, struct crm_error *err);

/* ---- contracts (contract.c) ----------------------------------------- */

enum crm_code contract_list(struct crm *crm, const struct session *s,
			    const struct contract_filter *f, contract_fn fn,
			    void *ctx, struct crm_error *err);
enum crm_code contract_show(struct crm *crm, const struct session *s,
			    int64_t id, contract_fn fn, void *ctx,
			    struct crm_error *err);
enum crm_code contract_create(struct crm *crm, const struct session *s,
			      const struct contract_input *in, int64_t *out_id,
			      struct crm_error *err);
enum crm_code contract_update(struct crm *crm, const struct session *s,
			      int64_t id, const struct contract_input *in,
			      struct crm_error *err);
enum crm_code contract_sign(struct crm *crm, const struct session *s,
			    int64_t id, struct crm_error *err);

/* ---- payments (payment.c) ------------------------------------------- */

/* Records a payment against a signed contract and lowers its remaining
 * amount in the same transaction: 0 < amount <= remaining (more is
 * CRM_ECONFLICT naming the remaining amount), paid_on today by default and
 * never in the future (the crm's zone says what today is). Commercial: own
 * clients' contracts; Management: any. */
enum crm_code contract_pay(struct crm *crm, const struct session *s, int64_t contract_id,
			   const struct payment_input *in, int64_t *out_id,
			   struct crm_error *err);
enum crm_code payment_list(struct crm *crm, const struct session *s,
			   const struct payment_filter *f, payment_fn fn, void *ctx,
			   struct crm_error *err);
enum crm_code payment_show(struct crm *crm, const struct session *s, int64_t id,
			   payment_fn fn, void *ctx, struct crm_error *err);
/* Management; a reason is required. The amount is owed again; a payment
 * voided already is CRM_ECONFLICT. */
enum crm_code payment_void(struct crm *crm, const struct session *s, int64_t id,
			   const struct payment_void_input *in, struct crm_error *err);

/* ---- events (event.c) ----------------------------------------------- */

enum crm_code event_list(struct crm *crm, const struct session *s,
			 const struct event_filter *f, event_fn fn, void *ctx,
			 struct crm_error *err);
/* `events my-events`: Support only. */
enum crm_code event_list_mine(struct crm *crm, const struct session *s,
			      const struct event_filter *f, event_fn fn,
			      void *ctx, struct crm_error *err);
enum crm_code event_show(struct crm *crm, const struct session *s, int64_t id,
			 event_fn fn, void *ctx, struct crm_error *err);
enum crm_code event_create(struct crm *crm, const struct session *s,
			   const struct event_input *in, int64_t *out_id,
			   struct crm_error *err);
enum crm_code event_update(struct crm *crm, const struct session *s,
			   int64_t id, const struct event_input *in,
			   struct crm_error *err);
/* Refused (CRM_ECONFLICT, naming the other event and its times) when the
 * Support user has another event overlapping this one, unless
 * allow_overlap; the same for an update that moves an assigned event. */
enum crm_code event_assign(struct crm *crm, const struct session *s,
			   int64_t id, int64_t support_user_id, bool allow_overlap,
			   struct crm_error *err);

/* ---- calendars (calendar.c) ----------------------------------------- */

/* `events ical`: the events event_list gives for f, as one RFC 5545
 * calendar appended to out (format/ical.h: stable UIDs, SEQUENCE counting
 * the event's changes, each event in its own zone). */
enum crm_code event_calendar(struct crm *crm, const struct session *s,
			     const struct event_filter *f, struct strbuf *out,
			     struct crm_error *err);

/* `calendar url` / `calendar rotate`: the token of the user's private feed
 * (malloc'ed), made on first use; rotate replaces it, and the old URL stops
 * working at once. */
enum crm_code calendar_feed(struct crm *crm, const struct session *s, bool rotate,
			    char **out_token, struct crm_error *err);
/* The server's GET /ical/TOKEN.ics, local backends only: the calendar of
 * the feed's owner (Support: their events; Commercial: their clients';
 * Management: every event). CRM_ENOTFOUND for any token that is not a live
 * feed of an active user. */
enum crm_code calendar_feed_events(struct crm *crm, const char *token, struct strbuf *out,
				   struct crm_error *err);

/* ---- journal (journal.c) -------------------------------------------- */

/* What the journal names (NULL-terminated), for criteria and completion. */
extern const char *const audit_entity_names[];
extern const char *const audit_action_names[];

/* `audit list`'s criteria, as client_filter_set: entity (client, contract,
 * event, user, payment, session; plurals too), id (needs entity), actor (a
 * user id), action (create, update, ...), since and until (dates or
 * instants, read in zone; until as a date is that whole day), newest-first
 * (a flag) or order (newest, oldest). */
enum crm_code audit_filter_set(struct audit_filter *f, const struct tz *zone, const char *key,
			       const char *value, struct crm_error *err);

/* Ascending id unless newest_first; limit 0 = all. Management only. */
enum crm_code audit_list(struct crm *crm, const struct session *s,
			 const struct audit_filter *f, audit_fn fn, void *ctx,
			 struct crm_error *err);

/* `clients|contracts|events|users history ID`: the journal of one record,
 * oldest first. entity: "client", "contract", "event" or "user" (plurals
 * too). Whoever may see the record may read it: anyone for the first
 * three, Management for users. CRM_ENOTFOUND for a record that neither
 * exists nor ever did (a deleted user's journal stays readable). Each
 * entry's details hold [old, new] per changed field (crm-internal.h). */
enum crm_code audit_history(struct crm *crm, const struct session *s, const char *entity,
			    int64_t id, audit_fn fn, void *ctx, struct crm_error *err);

/* ---- database set-up (setup.c) -------------------------------------- */

/* `db init`: applies migrations, the departments, the token key; with
 * demo, loads the demo data into a database without users; with admin
 * (may be NULL), creates a first Management user when there are none.
 * *out_note says what was done, for the user (static string). */
enum crm_code crm_db_init(struct crm *crm, bool demo,
			  const struct admin_input *admin,
			  const char **out_note, struct crm_error *err);
/* Whether the database's schema is the one this program expects (every
 * command but db init/migrate checks it first): CRM_EINTERNAL saying to
 * run `db init` or to upgrade the program otherwise. */
enum crm_code crm_schema_check(struct crm *crm, struct crm_error *err);
/* The same, remembered by the connection once it succeeded (the server). */
enum crm_code crm_schema_check_once(struct crm *crm, struct crm_error *err);
/* `db migrate` */
enum crm_code crm_db_migrate(struct crm *crm, int *out_from, int *out_to,
			     struct crm_error *err);

#endif
