/*
 * db.h — the database driver interface, with two implementations:
 * db-sqlite.c (embedded) and db-pg.c (libpq).
 *
 * SQL is written once, in PostgreSQL's placeholder style ($1, $2, ...);
 * the SQLite driver maps $N to ?N. Values cross this interface in the
 * program's own types, so that the SQL text needs no dialect switches:
 *
 *   type      C              PostgreSQL column      SQLite column
 *   money     int64 cents    NUMERIC(10,2)          INTEGER cents
 *   instant   int64 UTC s    TIMESTAMP (UTC)        TEXT 'YYYY-MM-DD HH:MM:SS'
 *   bool      bool           BOOLEAN                INTEGER 0/1
 *
 * Every connection runs with UTC as its time zone (PostgreSQL: SET TimeZone
 * = 'UTC', DateStyle = ISO) so CURRENT_TIMESTAMP is UTC in both.
 * SQLite connections use foreign_keys=ON, busy_timeout, WAL journal.
 *
 * Errors are translated (db_error_code): unique violation -> CRM_ECONFLICT,
 * foreign-key violation -> CRM_ECONFLICT, check violation -> CRM_EINVALID,
 * serialization failure/deadlock/busy -> CRM_ECONFLICT ("concurrent change,
 * try again"), connection loss or anything else -> CRM_EINTERNAL. Messages
 * name the constraint but never contain bound values.
 */
#ifndef EPICEVENTS_STORE_DB_H
#define EPICEVENTS_STORE_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

struct db;
struct db_stmt;

enum db_dialect {
	DB_SQLITE,
	DB_POSTGRES,
};

/*
 * Opens a database from a URL:
 *   sqlite:PATH, sqlite://PATH, or a plain path  -> SQLite (file created if missing)
 *   postgresql://..., postgres://..., or "key=value ..." conninfo -> PostgreSQL
 * Any other "scheme:" is CRM_EINVALID ("unknown database URL scheme 'x'").
 * An unreachable server is CRM_EINTERNAL naming host/port (never a password).
 */
enum crm_code db_open(struct db **out, const char *url, struct crm_error *err);
void db_close(struct db *db);
enum db_dialect db_dialect(const struct db *db);

/* Runs one or more statements without parameters (migrations). */
enum crm_code db_exec(struct db *db, const char *sql, struct crm_error *err);

/* Transactions. db_begin takes the write lock at once on SQLite (BEGIN
 * IMMEDIATE) so that read-then-write sequences cannot deadlock. Not nested. */
enum crm_code db_begin(struct db *db, struct crm_error *err);
enum crm_code db_commit(struct db *db, struct crm_error *err);
void db_rollback(struct db *db); /* safe to call when no transaction is open */

/* Prepares a statement. Statements are cached per connection by SQL text,
 * so preparing the same text again is cheap; always pair with db_finalize. */
enum crm_code db_prepare(struct db *db, struct db_stmt **out, const char *sql,
			 struct crm_error *err);
void db_finalize(struct db_stmt *st);

/* Binding, 1-based like the placeholders. Text is copied. */
void db_bind_null(struct db_stmt *st, int idx);
void db_bind_int64(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *v); /* NULL -> NULL */
void db_bind_bool(struct db_stmt *st, int idx, bool v);
void db_bind_cents(struct db_stmt *st, int idx, int64_t cents);
void db_bind_time(struct db_stmt *st, int idx, int64_t utc);

/*
 * Executes (first call) and advances. CRM_OK with *has_row true while rows
 * come, false at the end. Rows are streamed (PostgreSQL single-row mode):
 * memory does not grow with the result's size. After the end or an error
 * the statement may be re-bound and stepped again (db_reset).
 */
enum crm_code db_step(struct db_stmt *st, bool *has_row, struct crm_error *err);
void db_reset(struct db_stmt *st);

/* Rows changed by the last completed INSERT/UPDATE/DELETE of st. */
int64_t db_changes(struct db_stmt *st);

/* Column getters for the current row, 0-based. Text stays valid until the
 * next step/reset/finalize. NULL reads as 0 / "" / false; ask first. */
bool db_column_is_null(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);
bool db_column_bool(struct db_stmt *st, int col);
int64_t db_column_cents(struct db_stmt *st, int col);
int64_t db_column_time(struct db_stmt *st, int col);

/* Convenience: prepare+bind nothing+step to end, for statements with no
 * parameters and no rows. */
enum crm_code db_run(struct db *db, const char *sql, struct crm_error *err);

#endif
