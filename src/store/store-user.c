#include "store/store.h"
#include "store/query.h"
#include "store/store-internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define USER_COLUMNS \
	"u.id, u.employee_id, u.name, u.email, d.name, u.creation_date, " \
	"u.password_hash, u.tokens_valid_after, u.department_id, u.is_active"
#define USER_FROM " FROM users u JOIN departments d ON d.id = u.department_id"

static void user_from_row(struct user_row *r, struct db_stmt *st, bool copy)
{
	const char *dept = db_column_text(st, 4);

	r->u.id = db_column_int64(st, 0);
	r->u.employee_id = copy ? xstrdup(db_column_text(st, 1)) : db_column_text(st, 1);
	r->u.name = copy ? xstrdup(db_column_text(st, 2)) : db_column_text(st, 2);
	r->u.email = copy ? xstrdup(db_column_text(st, 3)) : db_column_text(st, 3);
	r->u.department_name = copy ? xstrdup(dept) : dept;
	r->u.dept = department_from_name(dept);
	r->u.creation_date = db_column_time(st, 5);
	r->password_hash = copy ? xstrdup(db_column_text(st, 6)) : db_column_text(st, 6);
	r->tokens_valid_after = db_column_int64(st, 7);
	r->u.department_id = db_column_int64(st, 8);
	r->u.is_active = db_column_bool(st, 9);
}

void user_row_clear(struct user_row *r)
{
	free((char *)r->u.employee_id);
	free((char *)r->u.name);
	free((char *)r->u.email);
	free((char *)r->u.department_name);
	xfree_secret((char *)r->password_hash);
	memset(r, 0, sizeof *r);
}

static enum crm_code user_get_where(struct db *db, const char *sql, int64_t id,
				    const char *email, struct user_row *out,
				    struct crm_error *err)
{
	struct db_stmt *st;
	bool has_row;
	enum crm_code rc = db_prepare(db, &st, sql, err);

	if (rc)
		return rc;
	if (email)
		db_bind_text(st, 1, email);
	else
		db_bind_int64(st, 1, id);
	rc = db_step(st, &has_row, err);
	if (rc == CRM_OK && has_row)
		user_from_row(out, st, true);
	else if (rc == CRM_OK && email)
		rc = crm_error_set(err, CRM_ENOTFOUND, "no user has email '%s'", email);
	else if (rc == CRM_OK)
		rc = crm_error_set(err, CRM_ENOTFOUND, "user %lld does not exist", (long long)id);
	db_finalize(st);
	return rc;
}

enum crm_code store_user_get(struct db *db, int64_t id, bool for_update,
			     struct user_row *out, struct crm_error *err)
{
	/* FOR UPDATE cannot apply to the nullable side of a join, and users
	 * JOIN departments is an inner join, so it locks both rows; fine. */
	const char *sql = for_update && db_dialect(db) == DB_POSTGRES
		? "SELECT " USER_COLUMNS USER_FROM " WHERE u.id = $1 FOR UPDATE OF u"
		: "SELECT " USER_COLUMNS USER_FROM " WHERE u.id = $1";
	return user_get_where(db, sql, id, NULL, out, err);
}

enum crm_code store_user_get_session(struct db *db, int64_t id, const char *token_hash,
				     struct user_row *out, bool *revoked, struct crm_error *err)
{
	struct db_stmt *st;
	bool has_row;
	/* One statement: the check runs on every request of the server. */
	enum crm_code rc = db_prepare(db, &st, "SELECT " USER_COLUMNS ", EXISTS (SELECT 1 FROM "
				      "revoked_tokens r WHERE r.token_hash = $2)" USER_FROM
				      " WHERE u.id = $1", err);

	*revoked = false;
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, token_hash);
	rc = db_step(st, &has_row, err);
	if (rc == CRM_OK && has_row) {
		user_from_row(out, st, true);
		*revoked = db_column_bool(st, 10);
	} else if (rc == CRM_OK) {
		rc = crm_error_set(err, CRM_ENOTFOUND, "user %lld does not exist", (long long)id);
	}
	db_finalize(st);
	return rc;
}

enum crm_code store_token_revoke(struct db *db, const char *token_hash, int64_t user_id,
				 int64_t expires_at, int64_t now, struct crm_error *err)
{
	struct db_stmt *st;
	/* Tokens past their expiry need no entry: the table stays small. */
	enum crm_code rc = db_prepare(db, &st, "DELETE FROM revoked_tokens WHERE expires_at < $1",
				      err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, now);
	rc = store_step_done(st, NULL, err);
	if (rc)
		return rc;
	rc = db_prepare(db, &st, "INSERT INTO revoked_tokens (token_hash, user_id, expires_at) "
			"VALUES ($1, $2, $3) ON CONFLICT (token_hash) DO NOTHING", err);
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	db_bind_int64(st, 2, user_id);
	db_bind_int64(st, 3, expires_at);
	return store_step_done(st, NULL, err);
}

enum crm_code store_user_by_email(struct db *db, const char *email,
				  struct user_row *out, struct crm_error *err)
{
	return user_get_where(db, "SELECT " USER_COLUMNS USER_FROM
			      " WHERE lower(u.email) = $1", 0, email, out, err);
}

enum crm_code store_user_count(struct db *db, enum department dept,
			       int64_t *out, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc;

	if (dept == DEPT_NONE) {
		rc = db_prepare(db, &st, "SELECT count(*) FROM users", err);
	} else {
		rc = db_prepare(db, &st, "SELECT count(*)" USER_FROM
				" WHERE lower(d.name) = lower($1)", err);
		if (rc == CRM_OK)
			db_bind_text(st, 1, department_name(dept));
	}
	if (rc)
		return rc;
	return store_step_int(st, out, NULL, err);
}

enum crm_code store_user_count_active(struct db *db, enum department dept,
				      int64_t *out, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st, "SELECT count(*)" USER_FROM
				      " WHERE lower(d.name) = lower($1) AND u.is_active", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, department_name(dept));
	return store_step_int(st, out, NULL, err);
}

enum crm_code store_user_set_active(struct db *db, int64_t id, bool active,
				    int64_t tokens_valid_after, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE users SET is_active = $2, "
		"tokens_valid_after = CASE WHEN $3 > tokens_valid_after THEN $3 ELSE tokens_valid_after END "
		"WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_bool(st, 2, active);
	db_bind_int64(st, 3, tokens_valid_after);
	return store_step_done(st, NULL, err);
}

struct user_list_ctx {
	user_fn fn;
	void *ctx;
};

static enum crm_code user_list_row(void *ctx, struct db_stmt *st)
{
	struct user_list_ctx *l = ctx;
	struct user_row r;

	user_from_row(&r, st, false);
	return l->fn(l->ctx, &r.u);
}

enum crm_code store_user_list(struct db *db, const struct user_filter *f,
			      enum department dept, user_fn fn, void *ctx,
			      struct crm_error *err)
{
	struct query q;
	struct user_list_ctx l = { fn, ctx };
	enum crm_code rc;

	query_init(&q, "SELECT " USER_COLUMNS USER_FROM);
	if (dept != DEPT_NONE)
		query_where_text(&q, "lower(d.name) = lower($?)", department_name(dept));
	if (f->active == YES)
		query_where(&q, "u.is_active");
	else if (f->active == NO)
		query_where(&q, "NOT u.is_active");
	query_order_sorted(&q, db, &store_user_sorts, &f->sort, f->limit, f->offset);
	rc = query_run(db, &q, user_list_row, &l, err);
	query_free(&q);
	return rc;
}

enum crm_code store_user_insert(struct db *db, const char *employee_id,
				const char *name, const char *email,
				const char *password_hash, enum department dept,
				int64_t *out_id, struct crm_error *err)
{
	struct db_stmt *st;
	int64_t dept_id;
	enum crm_code rc = store_department_id(db, dept, &dept_id, err);

	if (rc)
		return rc;
	rc = db_prepare(db, &st,
		"INSERT INTO users (employee_id, name, email, password_hash, department_id, creation_date) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", err);
	if (rc)
		return rc;
	db_bind_text(st, 1, employee_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, email);
	db_bind_text(st, 4, password_hash);
	db_bind_int64(st, 5, dept_id);
	db_bind_time(st, 6, (int64_t)time(NULL));
	return store_step_int(st, out_id, NULL, err);
}

enum crm_code store_user_update(struct db *db, int64_t id,
				const char *employee_id, const char *name,
				const char *email, enum department dept,
				struct crm_error *err)
{
	struct db_stmt *st;
	int64_t dept_id = 0;
	enum crm_code rc = CRM_OK;

	if (dept != DEPT_NONE && (rc = store_department_id(db, dept, &dept_id, err)))
		return rc;
	rc = db_prepare(db, &st,
		"UPDATE users SET employee_id = COALESCE($2, employee_id), "
		"name = COALESCE($3, name), email = COALESCE($4, email), "
		"department_id = COALESCE($5, department_id) WHERE id = $1", err);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, employee_id);
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, email);
	if (dept_id)
		db_bind_int64(st, 5, dept_id);
	else
		db_bind_null(st, 5);
	return store_step_done(st, NULL, err);
}

enum crm_code store_user_set_password(struct db *db, int64_t id,
				      const char *password_hash,
				      int64_t tokens_valid_after,
				      struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE users SET password_hash = $2, "
		"tokens_valid_after = CASE WHEN $3 > tokens_valid_after THEN $3 ELSE tokens_valid_after END "
		"WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, password_hash);
	db_bind_int64(st, 3, tokens_valid_after);
	return store_step_done(st, NULL, err);
}

enum crm_code store_user_replace_password(struct db *db, int64_t id,
					  const char *expected,
					  const char *password_hash,
					  int64_t tokens_valid_after,
					  bool *out_changed,
					  struct crm_error *err)
{
	struct db_stmt *st;
	int64_t changes = 0;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE users SET password_hash = $3, "
		"tokens_valid_after = CASE WHEN $4 > tokens_valid_after THEN $4 ELSE tokens_valid_after END "
		"WHERE id = $1 AND password_hash = $2", err);

	*out_changed = false;
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, expected);
	db_bind_text(st, 3, password_hash);
	db_bind_int64(st, 4, tokens_valid_after);
	rc = store_step_done(st, &changes, err);
	if (rc == CRM_OK)
		*out_changed = changes > 0;
	return rc;
}

enum crm_code store_user_delete(struct db *db, int64_t id, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st, "DELETE FROM users WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	return store_step_done(st, NULL, err);
}

static enum crm_code count_where(struct db *db, const char *sql, int64_t id,
				 int64_t *out, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st, sql, err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	return store_step_int(st, out, NULL, err);
}

enum crm_code store_user_holdings(struct db *db, int64_t id, int64_t *clients,
				  int64_t *contracts, int64_t *events,
				  struct crm_error *err)
{
	enum crm_code rc;

	rc = count_where(db, "SELECT count(*) FROM clients WHERE commercial_contact_id = $1",
			 id, clients, err);
	if (rc == CRM_OK)
		rc = count_where(db, "SELECT count(*) FROM contracts WHERE commercial_contact_id = $1",
				 id, contracts, err);
	if (rc == CRM_OK)
		rc = count_where(db, "SELECT count(*) FROM events WHERE support_contact_id = $1",
				 id, events, err);
	return rc;
}

enum crm_code store_user_reassign(struct db *db, int64_t from, int64_t to,
				  bool upcoming_only, int64_t now, struct crm_error *err)
{
	static const char *const sql[] = {
		"UPDATE clients SET commercial_contact_id = $2 WHERE commercial_contact_id = $1",
		"UPDATE contracts SET commercial_contact_id = $2 WHERE commercial_contact_id = $1",
		"UPDATE events SET support_contact_id = $2 WHERE support_contact_id = $1",
	};
	static const char upcoming_events[] =
		"UPDATE events SET support_contact_id = $2 WHERE support_contact_id = $1 "
		"AND end_date > $3";

	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
		struct db_stmt *st;
		bool upcoming = upcoming_only && i == 2;
		enum crm_code rc = db_prepare(db, &st, upcoming ? upcoming_events : sql[i], err);
		if (rc)
			return rc;
		db_bind_int64(st, 1, from);
		db_bind_int64(st, 2, to);
		if (upcoming)
			db_bind_time(st, 3, now);
		rc = store_step_done(st, NULL, err);
		if (rc)
			return rc;
	}
	return CRM_OK;
}

enum crm_code store_email_taken(struct db *db, const char *table,
				const char *email, int64_t except_id,
				bool *out, struct crm_error *err)
{
	struct db_stmt *st;
	int64_t n = 0;
	/* Two fixed texts: the table name is never user input. */
	const char *sql = strcmp(table, "users") == 0
		? "SELECT count(*) FROM users WHERE lower(email) = $1 AND id <> $2"
		: "SELECT count(*) FROM clients WHERE lower(email) = $1 AND id <> $2";
	enum crm_code rc = db_prepare(db, &st, sql, err);

	if (rc)
		return rc;
	db_bind_text(st, 1, email);
	db_bind_int64(st, 2, except_id);
	rc = store_step_int(st, &n, NULL, err);
	*out = n > 0;
	return rc;
}

enum crm_code store_employee_id_taken(struct db *db, const char *employee_id,
				      int64_t except_id, bool *out,
				      struct crm_error *err)
{
	struct db_stmt *st;
	int64_t n = 0;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT count(*) FROM users WHERE employee_id = $1 AND id <> $2", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, employee_id);
	db_bind_int64(st, 2, except_id);
	rc = store_step_int(st, &n, NULL, err);
	*out = n > 0;
	return rc;
}

enum crm_code store_user_revoke_tokens(struct db *db, int64_t id,
				       int64_t valid_after, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		/* Past any revocation already standing (a second ahead, for
		 * tokens of this same second): tokens issued up to now stop. */
		"UPDATE users SET tokens_valid_after = CASE WHEN $2 > tokens_valid_after "
		"THEN $2 ELSE tokens_valid_after + 1 END WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, valid_after);
	return store_step_done(st, NULL, err);
}

enum crm_code store_lock_management(struct db *db, struct crm_error *err)
{
	/* Its own key, next to store_lock_setup's: a running `db init` need
	 * not wait for user changes, nor they for it. */
	if (db_dialect(db) != DB_POSTGRES)
		return CRM_OK;
	return db_run(db, "SELECT pg_advisory_xact_lock(4242420003)", err);
}

enum crm_code store_user_lock(struct db *db, int64_t id, struct crm_error *err)
{
	struct db_stmt *st;
	int64_t found_id = 0;
	bool found = false;
	enum crm_code rc = db_prepare(db, &st, db_dialect(db) == DB_POSTGRES
				      ? "SELECT id FROM users WHERE id = $1 FOR UPDATE"
				      : "SELECT id FROM users WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = store_step_int(st, &found_id, &found, err);
	if (rc == CRM_OK && !found)
		rc = crm_error_set(err, CRM_ENOTFOUND, "user %lld does not exist", (long long)id);
	return rc;
}

enum crm_code store_user_upcoming_events(struct db *db, int64_t id, int64_t now,
					 int64_t *out, int64_t *out_first,
					 struct crm_error *err)
{
	struct db_stmt *st;
	bool has_row = false;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT count(*), min(id) FROM events WHERE support_contact_id = $1 AND end_date > $2",
		err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_time(st, 2, now);
	rc = db_step(st, &has_row, err);
	*out = rc == CRM_OK && has_row ? db_column_int64(st, 0) : 0;
	*out_first = rc == CRM_OK && has_row ? db_column_int64(st, 1) : 0;
	db_finalize(st);
	return rc;
}
