/*
 * store-internal.h — small helpers shared by the store-*.c query files.
 */
#ifndef EPICEVENTS_STORE_INTERNAL_H
#define EPICEVENTS_STORE_INTERNAL_H

#include "store/db.h"

/* " FOR UPDATE" on PostgreSQL, "" on SQLite (whose BEGIN IMMEDIATE
 * already holds the write lock). */
const char *store_lock_clause(struct db *db, bool for_update);

/* Copies a column's text, or NULL when the column is NULL. */
char *store_column_strdup(struct db_stmt *st, int col);

/* Steps a prepared, bound statement that returns `RETURNING id` or a single
 * integer; *out_found false when there is no row. Finalizes st. */
enum crm_code store_step_int(struct db_stmt *st, int64_t *out, bool *out_found,
			     struct crm_error *err);

/* Steps a statement that returns no rows; *out_changes may be NULL.
 * Finalizes st. */
enum crm_code store_step_done(struct db_stmt *st, int64_t *out_changes,
			      struct crm_error *err);

/* Reads the one row of `sql` for `id` ($1) into *out with copy, which makes
 * the record own its strings. With for_update on PostgreSQL, locked_sql
 * (the same SELECT ... FOR UPDATE) runs instead. No row is CRM_ENOTFOUND
 * "<what> <id> does not exist". */
enum crm_code store_get_row(struct db *db, const char *sql,
			    const char *locked_sql, bool for_update, int64_t id,
			    const char *what,
			    void (*copy)(void *out, struct db_stmt *st),
			    void *out, struct crm_error *err);

#endif
