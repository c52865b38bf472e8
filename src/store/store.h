/*
 * store.h — the CRM's queries, written once for both dialects on the
 * driver of db.h. One section per table; crm/ calls these inside its
 * transactions and never sees SQL.
 *
 * Getters with `for_update` lock the row until the transaction ends
 * (SELECT ... FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already
 * holds the database's write lock). A missing row is CRM_ENOTFOUND with a
 * message naming the record ("client 42 does not exist").
 * Records filled by getters own their strings: release with *_clear().
 * Lists stream rows to the callback with strings borrowed from the row.
 */
#ifndef EPICEVENTS_STORE_STORE_H
#define EPICEVENTS_STORE_STORE_H

#include "model/model.h"
#include "store/db.h"

/* ---- sortable columns ----------------------------------------------- */

/* The columns a list can be sorted by (sort=COLUMN): the name a client
 * gives (the record's key) mapped to a fixed SQL expression, never SQL
 * made from the request. Each is served by an index with id after it
 * (migration 0008), so that a page of a sorted list of millions of rows
 * reads the page, not the table. */
struct store_sort_column {
	const char *name;
	const char *sql;   /* NULL: the id itself */
	bool nullable;     /* NULLs first ascending, last descending, on both */
};

struct store_sort_table {
	const char *id_sql;  /* the tie-breaker: "c.id" */
	const struct store_sort_column *columns;
	size_t n;
};

extern const struct store_sort_table store_client_sorts, store_contract_sorts,
	store_event_sorts, store_payment_sorts, store_user_sorts;

/* The column of t named name; NULL when none (or name NULL). */
const struct store_sort_column *store_sort_find(const struct store_sort_table *t,
						const char *name);

/* ---- departments, settings ------------------------------------------ */

/* Serialises `db init` runs until the transaction ends, so that two of them
 * cannot both load the demo data or create the first manager. */
enum crm_code store_lock_setup(struct db *db, struct crm_error *err);
/* Inserts the three departments when missing. */
enum crm_code store_departments_ensure(struct db *db, struct crm_error *err);
enum crm_code store_department_id(struct db *db, enum department dept,
				  int64_t *out_id, struct crm_error *err);
/* *out malloc'ed, NULL when the key is absent. */
enum crm_code store_setting_get(struct db *db, const char *key, char **out,
				struct crm_error *err);
/* The same for a setting that never changes once made (the token key):
 * read once per connection, then from the connection's memory. */
enum crm_code store_setting_get_fixed(struct db *db, const char *key, char **out,
				      struct crm_error *err);
/* Inserts unless present (first writer wins across processes). */
enum crm_code store_setting_put_new(struct db *db, const char *key,
				    const char *value, struct crm_error *err);

/* ---- users ---------------------------------------------------------- */

struct user_row {
	struct user u;
	const char *password_hash;
	int64_t tokens_valid_after;
};

void user_row_clear(struct user_row *r);
enum crm_code store_user_get(struct db *db, int64_t id, bool for_update,
			     struct user_row *out, struct crm_error *err);
/* store_user_get for the session check: also whether the token of that
 * hash was revoked on its own (store_token_revoke). */
enum crm_code store_user_get_session(struct db *db, int64_t id, const char *token_hash,
				     struct user_row *out, bool *revoked, struct crm_error *err);
/* Ends one token (its SHA-256, hex) until expires_at; forgets entries of
 * tokens expired before now. */
enum crm_code store_token_revoke(struct db *db, const char *token_hash, int64_t user_id,
				 int64_t expires_at, int64_t now, struct crm_error *err);
/* By email, case-insensitively. CRM_ENOTFOUND when none. */
enum crm_code store_user_by_email(struct db *db, const char *email,
				  struct user_row *out, struct crm_error *err);
enum crm_code store_user_count(struct db *db, enum department dept /* NONE = all */,
			       int64_t *out, struct crm_error *err);
enum crm_code store_user_list(struct db *db, const struct user_filter *f,
			      enum department dept, user_fn fn, void *ctx,
			      struct crm_error *err);
enum crm_code store_user_insert(struct db *db, const char *employee_id,
				const char *name, const char *email,
				const char *password_hash, enum department dept,
				int64_t *out_id, struct crm_error *err);
/* NULL fields are kept. */
enum crm_code store_user_update(struct db *db, int64_t id,
				const char *employee_id, const char *name,
				const char *email, enum department dept,
				struct crm_error *err);
enum crm_code store_user_set_password(struct db *db, int64_t id,
				      const char *password_hash,
				      int64_t tokens_valid_after,
				      struct crm_error *err);
/* Like store_user_set_password, but only while the stored hash is still
 * `expected` (the one just verified): *out_changed is false, and nothing
 * written, when another process changed it meanwhile. */
enum crm_code store_user_replace_password(struct db *db, int64_t id,
					  const char *expected,
					  const char *password_hash,
					  int64_t tokens_valid_after,
					  bool *out_changed,
					  struct crm_error *err);
enum crm_code store_user_delete(struct db *db, int64_t id, struct crm_error *err);
/* Counts of records the user is the contact of. */
enum crm_code store_user_holdings(struct db *db, int64_t id, int64_t *clients,
				  int64_t *contracts, int64_t *events,
				  struct crm_error *err);
/* Hands from's clients and contracts, and their events (only those that
 * end after `now` when upcoming_only: past events stay with whoever ran
 * them, as history), to user `to`. */
enum crm_code store_user_reassign(struct db *db, int64_t from, int64_t to,
				  bool upcoming_only, int64_t now, struct crm_error *err);
/* Active users of a department. */
enum crm_code store_user_count_active(struct db *db, enum department dept,
				      int64_t *out, struct crm_error *err);
/* Deactivates or reactivates a user; tokens issued before
 * tokens_valid_after stop working (never moves it back). */
enum crm_code store_user_set_active(struct db *db, int64_t id, bool active,
				    int64_t tokens_valid_after, struct crm_error *err);
enum crm_code store_email_taken(struct db *db, const char *table,
				const char *email, int64_t except_id,
				bool *out, struct crm_error *err);
enum crm_code store_employee_id_taken(struct db *db, const char *employee_id,
				      int64_t except_id, bool *out,
				      struct crm_error *err);
/* Serialises, until the transaction ends, every change of who is in which
 * department (deletions, department changes), so that two of them cannot
 * both count the same Management users, or both pass an ownership check
 * the other one is about to break. PostgreSQL: an advisory lock (READ
 * COMMITTED would let both count first); SQLite: BEGIN IMMEDIATE already
 * serialises writers. Take it before reading the users concerned. */
enum crm_code store_lock_management(struct db *db, struct crm_error *err);
/* Locks user id's row until the transaction ends, without the departments
 * join of store_user_get(..., true): after waiting for a concurrent
 * department change, PostgreSQL re-checks a locked row against the joined
 * row it read first, and would report the user missing. Read the user
 * afterwards with store_user_get(..., false). CRM_ENOTFOUND when absent. */
enum crm_code store_user_lock(struct db *db, int64_t id, struct crm_error *err);
/* Events assigned to the user that have not ended by `now`; *out_first the
 * lowest such event id (0 when none), to name in a message. */
enum crm_code store_user_upcoming_events(struct db *db, int64_t id, int64_t now,
					 int64_t *out, int64_t *out_first,
					 struct crm_error *err);

/* ---- login attempts ------------------------------------------------- */

/* Failed attempts for email since `since` and after its last success. */
enum crm_code store_login_failures(struct db *db, const char *email,
				   int64_t since, int64_t *out_count,
				   int64_t *out_latest, struct crm_error *err);
/* Inside a transaction: serialises every claim on email until it ends, so
 * that counting the failures and claiming an attempt are one step for all
 * processes (PostgreSQL advisory lock; SQLite's BEGIN IMMEDIATE already
 * holds the write lock). */
enum crm_code store_login_lock(struct db *db, const char *email,
			       struct crm_error *err);
/* Records an attempt as failed before it is verified, so that a crash or a
 * parallel attempt cannot get past the limit; *out_id is the row that
 * store_login_succeeded turns into a success. */
enum crm_code store_login_claim(struct db *db, const char *email,
				int64_t *out_id, struct crm_error *err);
enum crm_code store_login_succeeded(struct db *db, int64_t id,
				    struct crm_error *err);

/* Emails with at least `max_failures` failures since `since` (after their
 * last success), with the user having that email if any. */
enum crm_code store_login_locked(struct db *db, int64_t since,
				 int64_t max_failures, int64_t window,
				 locked_fn fn, void *ctx, struct crm_error *err);
/* Forgets the failed attempts of an email (lifts a lock). */
enum crm_code store_login_forget_failures(struct db *db, const char *email,
					  struct crm_error *err);
enum crm_code store_user_revoke_tokens(struct db *db, int64_t id,
				       int64_t valid_after, struct crm_error *err);

/* ---- clients -------------------------------------------------------- */

void client_clear(struct client *c);
enum crm_code store_client_get(struct db *db, int64_t id, bool for_update,
			       struct client *out, struct crm_error *err);
enum crm_code store_client_list(struct db *db, const struct client_filter *f,
				int64_t mine_user_id, client_fn fn, void *ctx,
				struct crm_error *err);
/* Many rows are about to be written in one transaction (an import), or
 * are done (on = false): on SQLite, statement journals and a larger page
 * cache (32 MiB, bounded; kept after) stay in memory instead of spilling to files
 * row by row, which made 100k rows four times slower; PostgreSQL: nothing.
 * Outside a transaction. */
enum crm_code store_bulk_write(struct db *db, bool on, struct crm_error *err);

/* The client whose email is email (lowercase, compared with lower(email)
 * as the unique index does): *out_id, or 0 when none. */
enum crm_code store_client_find_email(struct db *db, const char *email, int64_t *out_id,
				      struct crm_error *err);
enum crm_code store_client_insert(struct db *db, const struct client_input *in,
				  int64_t commercial_id, int64_t *out_id,
				  struct crm_error *err);
/* Batches for `clients import` (store-import.c): one round trip each on
 * PostgreSQL, row by row on SQLite. find_emails: emails sorted (strcmp)
 * and distinct, lowercase; out_ids[i] is the id of emails[i]'s client, or
 * 0. insert_many: n clients (emails distinct), commercial_ids[i] each;
 * out_ids[i] the new id of in[i]. */
enum crm_code store_client_find_emails(struct db *db, const char *const *emails, size_t n,
				       int64_t *out_ids, struct crm_error *err);
enum crm_code store_client_insert_many(struct db *db, const struct client_input *in,
				       const int64_t *commercial_ids, size_t n,
				       int64_t *out_ids, struct crm_error *err);
/* Fields of `in` that are NULL are kept; last_update is set to now. */
enum crm_code store_client_update(struct db *db, int64_t id,
				  const struct client_input *in,
				  struct crm_error *err);

/* ---- contracts ------------------------------------------------------ */

void contract_clear(struct contract *c);
enum crm_code store_contract_get(struct db *db, int64_t id, bool for_update,
				 struct contract *out, struct crm_error *err);
enum crm_code store_contract_list(struct db *db,
				  const struct contract_filter *f,
				  int64_t mine_user_id, contract_fn fn,
				  void *ctx, struct crm_error *err);
enum crm_code store_contract_insert(struct db *db, int64_t client_id,
				    int64_t commercial_id, int64_t total,
				    int64_t remaining, const char *due, int64_t *out_id,
				    struct crm_error *err);
/* due: "YYYY-MM-DD" or NULL (none). */
enum crm_code store_contract_set_due(struct db *db, int64_t id, const char *due,
				     struct crm_error *err);
/* remaining -= amount, only while remaining >= amount (checked in the
 * UPDATE itself): CRM_ECONFLICT otherwise. */
enum crm_code store_contract_pay_down(struct db *db, int64_t id, int64_t amount,
				      struct crm_error *err);
/* remaining += amount (a voided payment), only while it stays <= total:
 * CRM_ECONFLICT otherwise. */
enum crm_code store_contract_pay_back(struct db *db, int64_t id, int64_t amount,
				      struct crm_error *err);
enum crm_code store_contract_set_amounts(struct db *db, int64_t id,
					 int64_t total, int64_t remaining,
					 struct crm_error *err);
/* CRM_ECONFLICT when already signed (checked in the UPDATE itself). */
enum crm_code store_contract_sign(struct db *db, int64_t id,
				  struct crm_error *err);

/* ---- payments ------------------------------------------------------- */

void payment_clear(struct payment *p);
enum crm_code store_payment_get(struct db *db, int64_t id, bool for_update,
				struct payment *out, struct crm_error *err);
enum crm_code store_payment_list(struct db *db, const struct payment_filter *f,
				 payment_fn fn, void *ctx, struct crm_error *err);
/* in's fields are checked and normalised: amount in cents, paid_on
 * "YYYY-MM-DD", method and reference NULL when none. */
enum crm_code store_payment_insert(struct db *db, int64_t contract_id, int64_t amount,
				   const char *paid_on, const char *method,
				   const char *reference, int64_t recorded_by,
				   int64_t *out_id, struct crm_error *err);
/* CRM_ECONFLICT when already voided (checked in the UPDATE itself). */
enum crm_code store_payment_void(struct db *db, int64_t id, const char *reason,
				 struct crm_error *err);

/* ---- events --------------------------------------------------------- */

void event_clear(struct event *e);
enum crm_code store_event_get(struct db *db, int64_t id, bool for_update,
			      struct event *out, struct crm_error *err);
/* mine_support: only events assigned to that user (0 = any);
 * mine_commercial: only events of that commercial's clients (0 = any). */
enum crm_code store_event_list(struct db *db, const struct event_filter *f,
			       int64_t mine_support, int64_t mine_commercial,
			       event_fn fn, void *ctx, struct crm_error *err);
enum crm_code store_event_insert(struct db *db, int64_t contract_id,
				 const char *name, int64_t start, int64_t end,
				 const char *location, int64_t attendees,
				 const char *notes, const char *timezone, int64_t *out_id,
				 struct crm_error *err);
enum crm_code store_event_update(struct db *db, const struct event *e,
				 struct crm_error *err);
enum crm_code store_event_assign(struct db *db, int64_t id,
				 int64_t support_id, struct crm_error *err);
/* The first (by start) event of support_id other than except_id whose
 * [start, end) overlaps [start, end) — a zero-length event counting as the
 * second it starts, so that it conflicts with a span it falls in but not
 * with one that ends when it happens. Into *out (out->id 0: none). */
enum crm_code store_event_overlap(struct db *db, int64_t support_id, int64_t except_id,
				  int64_t start, int64_t end, struct event *out,
				  struct crm_error *err);

/* ---- journal -------------------------------------------------------- */

/* actor_id 0 = none; entity_id 0 = none; details: JSON text or NULL. */
enum crm_code store_audit_add(struct db *db, int64_t actor_id,
			      const char *actor_label, const char *action,
			      const char *entity, int64_t entity_id,
			      const char *details, struct crm_error *err);
/* n rows of one actor, action and entity: entity_ids[i] with details[i],
 * in that order (store-import.c). */
enum crm_code store_audit_add_many(struct db *db, int64_t actor_id, const char *actor_label,
				   const char *action, const char *entity,
				   const int64_t *entity_ids, const char *const *details,
				   size_t n, struct crm_error *err);
/* Rows matching f, by id (newest first when asked). */
enum crm_code store_audit_list(struct db *db, const struct audit_filter *f,
			       audit_fn fn, void *ctx, struct crm_error *err);
/* Whether the journal holds a row of that record (a user deleted since). */
enum crm_code store_audit_has_rows(struct db *db, const char *entity, int64_t entity_id,
				   bool *out, struct crm_error *err);

/* ---- calendars ------------------------------------------------------ */

/* For each of the n events ids[i]: sequence[i], how many journal rows
 * changed it after its creation, and last_modified[i], the instant of its
 * latest journal row (0 when it has none, as adopted events). */
enum crm_code store_event_changes(struct db *db, const int64_t *ids, size_t n,
				  int64_t *sequence, int64_t *last_modified,
				  struct crm_error *err);
/* The database's calendar id (in every event's UID), made the first time
 * it is asked for; *out malloc'ed. */
enum crm_code store_calendar_instance(struct db *db, char **out, struct crm_error *err);

/* A user's calendar feed: its generation (0 when there is none yet);
 * for_update locks the row on PostgreSQL (SQLite's writer lock does). */
enum crm_code store_calendar_feed_get(struct db *db, int64_t user_id, bool for_update,
				      int64_t *generation, struct crm_error *err);
/* Creates or replaces the user's feed. */
enum crm_code store_calendar_feed_put(struct db *db, int64_t user_id, int64_t generation,
				      const char *token_hash, struct crm_error *err);
/* The active user whose feed has that token hash; *user_id 0 when none. */
enum crm_code store_calendar_feed_find(struct db *db, const char *token_hash,
				       int64_t *user_id, struct crm_error *err);

#endif
