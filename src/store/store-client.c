#include "store/store.h"
#include "store/query.h"
#include "store/store-internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

#define CLIENT_SELECT \
	"SELECT c.id, c.full_name, c.email, c.phone, c.company_name, " \
	"c.creation_date, c.last_update, c.commercial_contact_id, u.name " \
	"FROM clients c LEFT JOIN users u ON u.id = c.commercial_contact_id"

static void client_from_row(struct client *c, struct db_stmt *st)
{
	c->id = db_column_int64(st, 0);
	c->full_name = db_column_text(st, 1);
	c->email = db_column_text(st, 2);
	c->phone = db_column_text(st, 3);
	c->company_name = db_column_text(st, 4);
	c->creation_date = db_column_time(st, 5);
	c->last_update = db_column_is_null(st, 6) ? 0 : db_column_time(st, 6);
	c->commercial_contact_id = db_column_int64(st, 7);
	c->commercial_name = db_column_is_null(st, 8) ? NULL : db_column_text(st, 8);
}

void client_clear(struct client *c)
{
	free((char *)c->full_name);
	free((char *)c->email);
	free((char *)c->phone);
	free((char *)c->company_name);
	free((char *)c->commercial_name);
	memset(c, 0, sizeof *c);
}

static void client_copy_row(void *out, struct db_stmt *st)
{
	struct client *c = out;

	client_from_row(c, st);
	c->full_name = xstrdup(c->full_name);
	c->email = xstrdup(c->email);
	c->phone = xstrdup(c->phone);
	c->company_name = xstrdup(c->company_name);
	c->commercial_name = c->commercial_name ? xstrdup(c->commercial_name) : NULL;
}

enum crm_code store_client_get(struct db *db, int64_t id, bool for_update,
			       struct client *out, struct crm_error *err)
{
	return store_get_row(db, CLIENT_SELECT " WHERE c.id = $1",
			     CLIENT_SELECT " WHERE c.id = $1 FOR UPDATE OF c",
			     for_update, id, "client", client_copy_row, out, err);
}

struct client_list_ctx {
	client_fn fn;
	void *ctx;
};

static enum crm_code client_list_row(void *ctx, struct db_stmt *st)
{
	struct client_list_ctx *l = ctx;
	struct client c;

	client_from_row(&c, st);
	return l->fn(l->ctx, &c);
}

enum crm_code store_client_list(struct db *db, const struct client_filter *f,
				int64_t mine_user_id, client_fn fn, void *ctx,
				struct crm_error *err)
{
	struct query q;
	struct client_list_ctx l = { fn, ctx };
	char *pattern = NULL;
	enum crm_code rc;

	query_init(&q, CLIENT_SELECT);
	if (mine_user_id)
		query_where_int(&q, "c.commercial_contact_id = $?", mine_user_id);
	if (f->search && *f->search) {
		pattern = query_like_pattern(f->search);
		query_where_text(&q, "(lower(c.full_name) LIKE $? ESCAPE '\\' "
				 "OR lower(c.email) LIKE $? ESCAPE '\\' "
				 "OR lower(c.company_name) LIKE $? ESCAPE '\\')", pattern);
	}
	query_order_sorted(&q, db, &store_client_sorts, &f->sort, f->limit, f->offset);
	rc = query_run(db, &q, client_list_row, &l, err);
	query_free(&q);
	free(pattern);
	return rc;
}

enum crm_code store_bulk_write(struct db *db, bool on, struct crm_error *err)
{
	if (db_dialect(db) != DB_SQLITE)
		return CRM_OK;
	/* The cache is left as it is afterwards: shrinking it back costs a
	 * tenth of the import, and only this process's connection has it. */
	return db_exec(db, on ? "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768"
			      : "PRAGMA temp_store = DEFAULT", err);
}

enum crm_code store_client_find_email(struct db *db, const char *email, int64_t *out_id,
				      struct crm_error *err)
{
	struct db_stmt *st;
	bool found = false;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT id FROM clients WHERE lower(email) = $1", err);

	if (rc)
		return rc;
	*out_id = 0;
	db_bind_text(st, 1, email);
	rc = store_step_int(st, out_id, &found, err);
	if (!found)
		*out_id = 0;
	return rc;
}

enum crm_code store_client_insert(struct db *db, const struct client_input *in,
				  int64_t commercial_id, int64_t *out_id,
				  struct crm_error *err)
{
	struct db_stmt *st;
	int64_t now = (int64_t)time(NULL);
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO clients (full_name, email, phone, company_name, creation_date, "
		"last_update, commercial_contact_id) VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, in->full_name);
	db_bind_text(st, 2, in->email);
	db_bind_text(st, 3, in->phone);
	db_bind_text(st, 4, in->company_name);
	db_bind_time(st, 5, now);
	db_bind_int64(st, 6, commercial_id);
	return store_step_int(st, out_id, NULL, err);
}

enum crm_code store_client_update(struct db *db, int64_t id,
				  const struct client_input *in,
				  struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE clients SET full_name = COALESCE($2, full_name), "
		"email = COALESCE($3, email), phone = COALESCE($4, phone), "
		"company_name = COALESCE($5, company_name), last_update = $6 WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, in->full_name);
	db_bind_text(st, 3, in->email);
	db_bind_text(st, 4, in->phone);
	db_bind_text(st, 5, in->company_name);
	db_bind_time(st, 6, (int64_t)time(NULL));
	return store_step_done(st, NULL, err);
}
