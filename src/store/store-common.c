/* The helpers every query file of store/ shares (store-internal.h). */
#include "store/store-internal.h"
#include "store/query.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

const char *store_lock_clause(struct db *db, bool for_update)
{
	return for_update && db_dialect(db) == DB_POSTGRES ? " FOR UPDATE" : "";
}

char *store_column_strdup(struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? NULL : xstrdup(db_column_text(st, col));
}

enum crm_code store_step_int(struct db_stmt *st, int64_t *out, bool *out_found,
			     struct crm_error *err)
{
	bool has_row = false;
	enum crm_code rc = db_step(st, &has_row, err);

	if (rc == CRM_OK && has_row)
		*out = db_column_int64(st, 0);
	if (out_found)
		*out_found = rc == CRM_OK && has_row;
	db_finalize(st);
	return rc;
}

enum crm_code store_step_done(struct db_stmt *st, int64_t *out_changes,
			      struct crm_error *err)
{
	bool has_row;
	enum crm_code rc;

	do {
		rc = db_step(st, &has_row, err);
	} while (rc == CRM_OK && has_row);
	if (rc == CRM_OK && out_changes)
		*out_changes = db_changes(st);
	db_finalize(st);
	return rc;
}

/* One message per kind of record, so that a translation can give each its
 * own article and gender ("le contrat 3", "l'évènement 3"); literal formats
 * keep the compiler checking them. */
static enum crm_code not_found(struct crm_error *err, const char *what, int64_t id)
{
	long long n = (long long)id;

	if (strcmp(what, "client") == 0)
		return crm_error_set(err, CRM_ENOTFOUND, "client %lld does not exist", n);
	if (strcmp(what, "contract") == 0)
		return crm_error_set(err, CRM_ENOTFOUND, "contract %lld does not exist", n);
	if (strcmp(what, "event") == 0)
		return crm_error_set(err, CRM_ENOTFOUND, "event %lld does not exist", n);
	if (strcmp(what, "payment") == 0)
		return crm_error_set(err, CRM_ENOTFOUND, "payment %lld does not exist", n);
	return crm_error_set(err, CRM_ENOTFOUND, "%s %lld does not exist", what, n);
}

enum crm_code store_get_row(struct db *db, const char *sql,
			    const char *locked_sql, bool for_update, int64_t id,
			    const char *what,
			    void (*copy)(void *out, struct db_stmt *st),
			    void *out, struct crm_error *err)
{
	struct db_stmt *st;
	bool has_row;
	enum crm_code rc;

	if (for_update && db_dialect(db) == DB_POSTGRES)
		sql = locked_sql;
	rc = db_prepare(db, &st, sql, err);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st, &has_row, err);
	if (rc == CRM_OK && has_row)
		copy(out, st);
	else if (rc == CRM_OK)
		rc = not_found(err, what, id);
	db_finalize(st);
	return rc;
}
