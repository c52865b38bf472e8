/* login_attempts: the throttle's claims, failures and locks. */
#include "store/store-internal.h"
#include "store/query.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

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
