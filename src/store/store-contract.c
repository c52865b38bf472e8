#include "store/store.h"
#include "store/query.h"
#include "store/store-internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

/* A contract's commercial contact is its client's (SPEC.md): the stored
 * contracts.commercial_contact_id is kept in step with it, but ownership
 * and --mine are decided on the client's. */
#define CONTRACT_SELECT \
	"SELECT k.id, k.client_id, c.full_name, c.commercial_contact_id, u.name, " \
	"k.total_amount, k.remaining_amount, k.creation_date, k.is_signed, " \
	"k.payment_due_date " \
	"FROM contracts k JOIN clients c ON c.id = k.client_id " \
	"LEFT JOIN users u ON u.id = c.commercial_contact_id"

static void contract_from_row(struct contract *k, struct db_stmt *st)
{
	k->id = db_column_int64(st, 0);
	k->client_id = db_column_int64(st, 1);
	k->client_name = db_column_text(st, 2);
	k->commercial_contact_id = db_column_int64(st, 3);
	k->commercial_name = db_column_is_null(st, 4) ? NULL : db_column_text(st, 4);
	k->total_amount = db_column_cents(st, 5);
	k->remaining_amount = db_column_cents(st, 6);
	k->creation_date = db_column_time(st, 7);
	k->is_signed = db_column_bool(st, 8);
	k->payment_due_date = db_column_is_null(st, 9) ? NULL : db_column_text(st, 9);
}

void contract_clear(struct contract *k)
{
	free((char *)k->client_name);
	free((char *)k->commercial_name);
	free((char *)k->payment_due_date);
	memset(k, 0, sizeof *k);
}

static void contract_copy_row(void *out, struct db_stmt *st)
{
	struct contract *k = out;

	contract_from_row(k, st);
	k->client_name = xstrdup(k->client_name);
	k->commercial_name = k->commercial_name ? xstrdup(k->commercial_name) : NULL;
	k->payment_due_date = k->payment_due_date ? xstrdup(k->payment_due_date) : NULL;
}

enum crm_code store_contract_get(struct db *db, int64_t id, bool for_update,
				 struct contract *out, struct crm_error *err)
{
	return store_get_row(db, CONTRACT_SELECT " WHERE k.id = $1",
			     CONTRACT_SELECT " WHERE k.id = $1 FOR UPDATE OF k",
			     for_update, id, "contract", contract_copy_row, out, err);
}

struct contract_list_ctx {
	contract_fn fn;
	void *ctx;
};

static enum crm_code contract_list_row(void *ctx, struct db_stmt *st)
{
	struct contract_list_ctx *l = ctx;
	struct contract k;

	contract_from_row(&k, st);
	return l->fn(l->ctx, &k);
}

enum crm_code store_contract_list(struct db *db,
				  const struct contract_filter *f,
				  int64_t mine_user_id, contract_fn fn,
				  void *ctx, struct crm_error *err)
{
	struct query q;
	struct contract_list_ctx l = { fn, ctx };
	enum crm_code rc;

	query_init(&q, CONTRACT_SELECT);
	/* The predicates repeat the partial indexes' own conditions. */
	if (f->is_signed == YES)
		query_where(&q, "k.is_signed");
	else if (f->is_signed == NO)
		query_where(&q, "NOT k.is_signed");
	if (f->is_paid == YES)
		query_where(&q, "k.remaining_amount = 0");
	else if (f->is_paid == NO)
		query_where(&q, "k.remaining_amount > 0");
	if (mine_user_id)
		query_where_int(&q, "c.commercial_contact_id = $?", mine_user_id);
	if (f->client_id)
		query_where_int(&q, "k.client_id = $?", f->client_id);
	if (f->overdue && db_dialect(db) == DB_POSTGRES) {
		/* contracts_overdue_idx's own predicate, then its key's range. */
		query_where(&q, "k.remaining_amount > 0");
		query_where_date(&q, "k.payment_due_date < $?", f->today);
	} else if (f->overdue) {
		/* The same in a subquery: written on k, SQLite (no STAT4
		 * statistics) expects a quarter of the rows and scans them all in
		 * id order, though a few per cent match; the ids the subquery
		 * lists through the index come out in order all the same. */
		query_where_date(&q, "k.id IN (SELECT id FROM contracts WHERE remaining_amount > 0 "
				 "AND payment_due_date < $?)", f->today);
	}
	query_order_sorted(&q, db, &store_contract_sorts, &f->sort, f->limit, f->offset);
	rc = query_run(db, &q, contract_list_row, &l, err);
	query_free(&q);
	return rc;
}

enum crm_code store_contract_insert(struct db *db, int64_t client_id,
				    int64_t commercial_id, int64_t total,
				    int64_t remaining, const char *due, int64_t *out_id,
				    struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO contracts (client_id, commercial_contact_id, total_amount, "
		"remaining_amount, creation_date, is_signed, payment_due_date) "
		"VALUES ($1, $2, $3, $4, $5, FALSE, $6) RETURNING id", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, client_id);
	db_bind_int64(st, 2, commercial_id);
	db_bind_cents(st, 3, total);
	db_bind_cents(st, 4, remaining);
	db_bind_time(st, 5, (int64_t)time(NULL));
	db_bind_date(st, 6, due);
	return store_step_int(st, out_id, NULL, err);
}

enum crm_code store_contract_set_due(struct db *db, int64_t id, const char *due,
				     struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE contracts SET payment_due_date = $2 WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_date(st, 2, due);
	return store_step_done(st, NULL, err);
}

enum crm_code store_contract_pay_down(struct db *db, int64_t id, int64_t amount,
				      struct crm_error *err)
{
	struct db_stmt *st;
	int64_t changed = 0;
	/* The condition is the last guard against overpaying: whatever was
	 * read before, the row as it is now decides. */
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE contracts SET remaining_amount = remaining_amount - $2 "
		"WHERE id = $1 AND remaining_amount >= $2", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_cents(st, 2, amount);
	rc = store_step_done(st, &changed, err);
	if (rc == CRM_OK && changed == 0)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "contract %lld has less than that remaining now (concurrent change): "
				   "try again", (long long)id);
	return rc;
}

enum crm_code store_contract_pay_back(struct db *db, int64_t id, int64_t amount,
				      struct crm_error *err)
{
	struct db_stmt *st;
	int64_t changed = 0;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE contracts SET remaining_amount = remaining_amount + $2 "
		"WHERE id = $1 AND remaining_amount + $2 <= total_amount", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_cents(st, 2, amount);
	rc = store_step_done(st, &changed, err);
	if (rc == CRM_OK && changed == 0)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "contract %lld: owing this payment again would exceed its total "
				   "(lowered since): update the contract first", (long long)id);
	return rc;
}

enum crm_code store_contract_set_amounts(struct db *db, int64_t id,
					 int64_t total, int64_t remaining,
					 struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE contracts SET total_amount = $2, remaining_amount = $3 WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_cents(st, 2, total);
	db_bind_cents(st, 3, remaining);
	return store_step_done(st, NULL, err);
}

enum crm_code store_contract_sign(struct db *db, int64_t id,
				  struct crm_error *err)
{
	struct db_stmt *st;
	int64_t changed = 0;
	/* The condition makes a second, concurrent signature change nothing. */
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE contracts SET is_signed = TRUE WHERE id = $1 AND NOT is_signed", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = store_step_done(st, &changed, err);
	if (rc == CRM_OK && changed == 0)
		rc = crm_error_set(err, CRM_ECONFLICT, "contract %lld is already signed",
				   (long long)id);
	return rc;
}
