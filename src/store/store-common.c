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
		rc = crm_error_set(err, CRM_ENOTFOUND, "%s %lld does not exist", what, (long long)id);
	db_finalize(st);
	return rc;
}

/* ---- departments and settings --------------------------------------- */

static const struct {
	enum department dept;
	const char *name;
	const char *description;
} departments[] = {
	{ DEPT_COMMERCIAL, "Commercial", "Sales and client relationship management" },
	{ DEPT_SUPPORT, "Support", "Event organization and customer support" },
	{ DEPT_MANAGEMENT, "Management", "Administration and management" },
};

enum crm_code store_departments_ensure(struct db *db, struct crm_error *err)
{
	for (size_t i = 0; i < sizeof departments / sizeof *departments; i++) {
		struct db_stmt *st;
		enum crm_code rc = db_prepare(db, &st,
			"INSERT INTO departments (name, description) "
			"SELECT $1, $2 WHERE NOT EXISTS "
			"(SELECT 1 FROM departments WHERE lower(name) = lower($1)) "
			"ON CONFLICT DO NOTHING", err);
		if (rc)
			return rc;
		db_bind_text(st, 1, departments[i].name);
		db_bind_text(st, 2, departments[i].description);
		rc = store_step_done(st, NULL, err);
		if (rc)
			return rc;
	}
	return CRM_OK;
}

enum crm_code store_lock_setup(struct db *db, struct crm_error *err)
{
	/* SQLite's BEGIN IMMEDIATE already serialises writers. */
	if (db_dialect(db) != DB_POSTGRES)
		return CRM_OK;
	return db_run(db, "SELECT pg_advisory_xact_lock(4242420002)", err);
}

enum crm_code store_department_id(struct db *db, enum department dept,
				  int64_t *out_id, struct crm_error *err)
{
	struct db_stmt *st;
	bool found;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT id FROM departments WHERE lower(name) = lower($1) ORDER BY id LIMIT 1", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, department_name(dept));
	rc = store_step_int(st, out_id, &found, err);
	if (rc == CRM_OK && !found)
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "department '%s' is missing: run 'epicevents db init'",
				   department_name(dept));
	return rc;
}

enum crm_code store_setting_get(struct db *db, const char *key, char **out,
				struct crm_error *err)
{
	struct db_stmt *st;
	bool has_row;
	enum crm_code rc = db_prepare(db, &st, "SELECT value FROM settings WHERE key = $1", err);

	*out = NULL;
	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	rc = db_step(st, &has_row, err);
	if (rc == CRM_OK && has_row)
		*out = xstrdup(db_column_text(st, 0));
	db_finalize(st);
	return rc;
}

enum crm_code store_setting_put_new(struct db *db, const char *key,
				    const char *value, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO settings (key, value) VALUES ($1, $2) "
		"ON CONFLICT (key) DO NOTHING", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return store_step_done(st, NULL, err);
}

/* ---- login attempts and the journal --------------------------------- */

enum crm_code store_login_failures(struct db *db, const char *email,
				   int64_t since, int64_t *out_count,
				   int64_t *out_latest, struct crm_error *err)
{
	struct db_stmt *st;
	bool has_row;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT count(*), max(attempted_at) FROM login_attempts "
		"WHERE email = $1 AND attempted_at >= $2 AND NOT succeeded "
		"AND attempted_at >= COALESCE((SELECT max(attempted_at) FROM login_attempts "
		"  WHERE email = $1 AND succeeded), $2)", err);

	*out_count = 0;
	*out_latest = 0;
	if (rc)
		return rc;
	db_bind_text(st, 1, email);
	db_bind_time(st, 2, since);
	rc = db_step(st, &has_row, err);
	if (rc == CRM_OK && has_row) {
		*out_count = db_column_int64(st, 0);
		if (!db_column_is_null(st, 1))
			*out_latest = db_column_time(st, 1);
	}
	db_finalize(st);
	return rc;
}

enum crm_code store_login_lock(struct db *db, const char *email,
			       struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc;

	if (db_dialect(db) != DB_POSTGRES)
		return CRM_OK;
	/* A 64-bit hash of the email: two emails sharing a lock only wait
	 * for each other. The prefix keeps clear of store_lock_setup's key. */
	rc = db_prepare(db, &st,
		"SELECT pg_advisory_xact_lock(hashtextextended('login:' || $1, 0))", err);
	if (rc)
		return rc;
	db_bind_text(st, 1, email);
	return store_step_done(st, NULL, err);
}

enum crm_code store_login_claim(struct db *db, const char *email,
				int64_t *out_id, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO login_attempts (email, succeeded) VALUES ($1, FALSE) RETURNING id", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, email);
	return store_step_int(st, out_id, NULL, err);
}

enum crm_code store_login_succeeded(struct db *db, int64_t id,
				    struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE login_attempts SET succeeded = TRUE WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	return store_step_done(st, NULL, err);
}

struct locked_ctx {
	locked_fn fn;
	void *ctx;
	int64_t window;
};

static enum crm_code locked_row(void *ctx, struct db_stmt *st)
{
	struct locked_ctx *l = ctx;
	struct locked_login row = {
		.email = db_column_text(st, 0),
		.failures = db_column_int64(st, 1),
		.locked_until = db_column_time(st, 2) + l->window,
		.user_id = db_column_int64(st, 3),
		.name = db_column_is_null(st, 4) ? NULL : db_column_text(st, 4),
	};
	return l->fn(l->ctx, &row);
}

enum crm_code store_login_locked(struct db *db, int64_t since,
				 int64_t max_failures, int64_t window,
				 locked_fn fn, void *ctx, struct crm_error *err)
{
	struct query q;
	struct locked_ctx l = { fn, ctx, window };
	enum crm_code rc;

	/* max_failures is the program's constant, never user input. */
	query_init(&q, "SELECT a.email, count(*), max(a.attempted_at), u.id, u.name "
		       "FROM login_attempts a LEFT JOIN users u ON lower(u.email) = a.email");
	query_where(&q, "NOT a.succeeded");
	query_where_time(&q, "a.attempted_at >= $? AND a.attempted_at >= COALESCE("
			 "(SELECT max(s.attempted_at) FROM login_attempts s "
			 "WHERE s.email = a.email AND s.succeeded), $?)", since);
	strbuf_puts(&q.sql, " GROUP BY a.email, u.id, u.name HAVING count(*) >= ");
	strbuf_printf(&q.sql, "%lld ORDER BY a.email", (long long)max_failures);
	rc = query_run(db, &q, locked_row, &l, err);
	query_free(&q);
	return rc;
}

enum crm_code store_login_forget_failures(struct db *db, const char *email,
					  struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"DELETE FROM login_attempts WHERE email = lower($1) AND NOT succeeded", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, email);
	return store_step_done(st, NULL, err);
}

enum crm_code store_audit_add(struct db *db, int64_t actor_id,
			      const char *actor_label, const char *action,
			      const char *entity, int64_t entity_id,
			      const char *details, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO audit_log (actor_id, actor_label, action, entity, entity_id, details) "
		"VALUES ($1, $2, $3, $4, $5, $6)", err);

	if (rc)
		return rc;
	if (actor_id)
		db_bind_int64(st, 1, actor_id);
	else
		db_bind_null(st, 1);
	db_bind_text(st, 2, actor_label);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, entity);
	if (entity_id)
		db_bind_int64(st, 5, entity_id);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, details);
	return store_step_done(st, NULL, err);
}

struct audit_ctx {
	audit_fn fn;
	void *ctx;
};

static enum crm_code audit_row(void *ctx, struct db_stmt *st)
{
	struct audit_ctx *a = ctx;
	struct audit_entry e = {
		.id = db_column_int64(st, 0),
		.created_at = db_column_time(st, 1),
		.actor_id = db_column_int64(st, 2),
		.actor_label = db_column_is_null(st, 3) ? NULL : db_column_text(st, 3),
		.action = db_column_text(st, 4),
		.entity = db_column_text(st, 5),
		.entity_id = db_column_int64(st, 6),
		.details = db_column_is_null(st, 7) ? NULL : db_column_text(st, 7),
	};
	return a->fn(a->ctx, &e);
}

enum crm_code store_audit_list(struct db *db, int64_t limit, int64_t offset,
			       audit_fn fn, void *ctx, struct crm_error *err)
{
	struct query q;
	struct audit_ctx a = { fn, ctx };
	enum crm_code rc;

	query_init(&q, "SELECT id, created_at, actor_id, actor_label, action, entity, "
		       "entity_id, details FROM audit_log");
	query_order_page(&q, db, "id", limit, offset);
	rc = query_run(db, &q, audit_row, &a, err);
	query_free(&q);
	return rc;
}
