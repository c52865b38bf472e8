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
 *   date      "YYYY-MM-DD"   DATE                   TEXT 'YYYY-MM-DD'
 *
 * Every connection runs with UTC as its time zone (PostgreSQL: SET TimeZone
 * = 'UTC', DateStyle = ISO) so CURRENT_TIMESTAMP is UTC in both.
 * SQLite connections use foreign_keys=ON, busy_timeout (5 s), WAL journal.
 *
 * SQL text: placeholders are $1..$N only (not ?, not :name), in any order,
 * each usable several times; $N inside quotes or comments is left alone.
 * Write casts as CAST(x AS type): SQLite has no "::". On PostgreSQL every
 * parameter is typed from how it was bound (int64 -> bigint, text -> text,
 * bool, cents -> numeric, time -> timestamp), so "SELECT $1, $2 WHERE ...",
 * "COALESCE($2, name)" or "CASE WHEN $3 > x THEN $3 ..." need no casts;
 * db_bind_null leaves its type to the server (inferred from the context,
 * e.g. "col = $1"), while db_bind_text(st, i, NULL) is a text NULL.
 *
 * Errors are translated: unique violation -> CRM_ECONFLICT
 * "duplicate value violates 'uq_email'" (PostgreSQL names the constraint,
 * SQLite "table.column" or the index); foreign-key violation ->
 * CRM_ECONFLICT; check violation -> CRM_EINVALID "value violates check
 * 'name'"; NOT NULL, too long (PostgreSQL VARCHAR), numeric overflow ->
 * CRM_EINVALID; serialization failure/deadlock -> CRM_ECONFLICT "concurrent
 * change: try again"; SQLite busy/locked -> CRM_ECONFLICT "database is busy
 * (concurrent change): try again"; connection loss -> CRM_EINTERNAL "lost
 * connection to the database"; read-only file, disk full -> CRM_EINTERNAL
 * naming the file; anything else -> CRM_EINTERNAL "database error: ...".
 * Messages name the constraint but never contain bound values. Of the
 * conflicts, those a new transaction may not meet are also flagged for
 * db_retryable (the exit code stays CRM_ECONFLICT).
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
 *   sqlite:PATH, sqlite://PATH, sqlite:///abs/path, or a plain path -> SQLite
 *     (the file is created if missing, mode 0600; its directory is not)
 *   postgresql://..., postgres://..., or "key=value ..." conninfo -> PostgreSQL
 *     (connect_timeout defaults to 10 s)
 * Any other "scheme:" is CRM_EINVALID ("unknown database URL scheme 'x'
 * (use postgresql:// or sqlite:PATH)"); a malformed conninfo CRM_EINVALID.
 * An unreachable server is CRM_EINTERNAL "cannot connect to PostgreSQL at
 * 'host:port' (database 'x'): <libpq's reason>" (never a password).
 */
enum crm_code db_open(struct db **out, const char *url, struct crm_error *err);
void db_close(struct db *db);
enum db_dialect db_dialect(const struct db *db);

/* Whether the connection can be handed to someone else as good as new: still
 * connected, no transaction open, no statement handed out by db_prepare. */
bool db_reusable(struct db *db);

/* For an idle connection about to be handed out: whether its server is
 * still there (a restarted PostgreSQL leaves its old connections dead). */
bool db_alive(struct db *db);

/* Asks the statement running on db to stop (it then fails): from any
 * thread, while db is open (a server's stop; a dropped listing). */
void db_cancel(struct db *db);

/* Runs one or more statements without parameters (migrations, PRAGMAs);
 * rows are ignored. On PostgreSQL, several statements outside db_begin
 * run as one implicit transaction. */
enum crm_code db_exec(struct db *db, const char *sql, struct crm_error *err);

/* Transactions. db_begin takes the write lock at once on SQLite (BEGIN
 * IMMEDIATE, waiting up to the busy timeout) so that read-then-write
 * sequences cannot deadlock. Not nested: db_begin with one open, or
 * db_commit with none, is CRM_EINTERNAL.
 * After ANY failure inside a transaction, call db_rollback: PostgreSQL has
 * then aborted the whole transaction (further statements fail, and
 * db_commit fails with "the transaction had failed and was rolled back"),
 * while SQLite only undid the failing statement. Also after a failed
 * db_commit. */
enum crm_code db_begin(struct db *db, struct crm_error *err);
enum crm_code db_commit(struct db *db, struct crm_error *err);
void db_rollback(struct db *db); /* safe to call when no transaction is open */

/*
 * Whether the failure just met is a conflict with a concurrent transaction
 * that running the whole transaction again may not meet: PostgreSQL's
 * serialization failure (SQLSTATE 40001) and deadlock (40P01), SQLite's
 * stale snapshot (SQLITE_BUSY_SNAPSHOT: a read transaction that then wrote
 * after another connection had; waiting cannot help it). Not SQLite's
 * other busy/locked errors: a busy database was already waited for (the
 * busy timeout), and SQLITE_LOCKED comes from this connection itself.
 * Nor PostgreSQL's 55P03, which only a lock_timeout set on purpose raises.
 *
 * Inside a transaction the flag stays set from the failing statement (or
 * COMMIT) on, and still answers after db_rollback, so the caller can ask
 * once the transaction is over; the next db_begin, or any call outside a
 * transaction, clears it. crm_tx (crm/) is the one caller that acts on it.
 */
bool db_retryable(const struct db *db);

/* Prepares a statement. Statements are cached per connection by SQL text,
 * so preparing the same text again is cheap; always pair with db_finalize.
 * The handle belongs to db: valid from db_prepare to db_finalize, which
 * returns it to the cache (bindings cleared; never free it). db_close
 * frees every statement, finalized or not. Preparing a text whose
 * statement is in use gives a second, independent statement. On SQLite a
 * syntax error shows here, on PostgreSQL at the first db_step (the server
 * prepares it then, once the parameter types are known). One statement
 * per text (scripts: db_exec). */
enum crm_code db_prepare(struct db *db, struct db_stmt **out, const char *sql,
			 struct crm_error *err);
void db_finalize(struct db_stmt *st);

/* Binding, 1-based like the placeholders. Text is copied. Every $N must be
 * bound before db_step (NULL too): an unbound or out-of-range index is
 * CRM_EINTERNAL at db_step. Bindings survive db_reset and the end of an
 * execution (re-step to run again); binding a running or finished
 * statement resets it first. */
void db_bind_null(struct db_stmt *st, int idx);
void db_bind_int64(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *v); /* NULL -> NULL */
void db_bind_bool(struct db_stmt *st, int idx, bool v);
void db_bind_cents(struct db_stmt *st, int idx, int64_t cents);
void db_bind_time(struct db_stmt *st, int idx, int64_t utc);
/* A calendar date, "YYYY-MM-DD" (checked by the caller; NULL -> NULL):
 * DATE on PostgreSQL, TEXT on SQLite; both read back as that text. */
void db_bind_date(struct db_stmt *st, int idx, const char *ymd);

/*
 * Executes (first call) and advances. CRM_OK with *has_row true while rows
 * come, false at the end. Rows are streamed (PostgreSQL single-row mode):
 * memory does not grow with the result's size. After the end, steps keep
 * saying "no row" until db_reset or a new binding starts it over; after an
 * error, steps fail until then.
 *
 * PostgreSQL runs one statement at a time per connection. Running another
 * statement (or db_exec/begin/commit) while one still streams first reads
 * what is left of the first: when nothing was left (a lookup whose one row
 * was read but not stepped past) it just ends; otherwise its next db_step
 * fails with CRM_EINTERNAL rather than lose rows silently. Its current row
 * stays readable. So: read a multi-row result to its end, or db_reset it,
 * before running anything else on the connection; do not nest queries in
 * a row callback (SQLite would allow it, PostgreSQL will not). Resetting or
 * finalizing a statement mid-result reads (and drops) its remaining rows.
 */
enum crm_code db_step(struct db_stmt *st, bool *has_row, struct crm_error *err);
void db_reset(struct db_stmt *st);

/* Rows changed by the last completed INSERT/UPDATE/DELETE of st (read it
 * once db_step said "no row"; 0 for a SELECT). */
int64_t db_changes(struct db_stmt *st);

/* Column getters for the current row, 0-based. Text stays valid until the
 * next step/reset/finalize. NULL (and a column out of range, or no current
 * row) reads as 0 / "" / false; ask first. Read booleans with
 * db_column_bool (their text is "t"/"f" on PostgreSQL, "1"/"0" on SQLite),
 * money with db_column_cents (NUMERIC text such as "5000.5" or integer
 * cents; beyond two decimals, as avg() gives, rounded half away from zero),
 * instants with db_column_time (TIMESTAMP or TIMESTAMPTZ text, SQLite text
 * or integer epoch seconds; unparsable -> 0). */
bool db_column_is_null(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col);
bool db_column_bool(struct db_stmt *st, int col);
int64_t db_column_cents(struct db_stmt *st, int col);
int64_t db_column_time(struct db_stmt *st, int col);

/* Convenience: prepare+bind nothing+step to end, for statements with no
 * parameters (any rows are skipped). */
enum crm_code db_run(struct db *db, const char *sql, struct crm_error *err);

#endif
