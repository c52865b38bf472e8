/* payments: the money received against contracts (store.h). */
#include "store/store.h"
#include "store/query.h"
#include "store/store-internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

/* The recorder's name is read through the join, as a contract's
 * commercial's is: a renamed user shows under the new name. */
#define PAYMENT_SELECT \
	"SELECT p.id, p.contract_id, c.full_name, p.amount, p.paid_on, p.method, " \
	"p.reference, p.recorded_by_id, u.name, p.creation_date, p.voided_at, " \
	"p.void_reason " \
	"FROM payments p JOIN contracts k ON k.id = p.contract_id " \
	"JOIN clients c ON c.id = k.client_id " \
	"LEFT JOIN users u ON u.id = p.recorded_by_id"

static const char *text_or_null(struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? NULL : db_column_text(st, col);
}

static void payment_from_row(struct payment *p, struct db_stmt *st)
{
	p->id = db_column_int64(st, 0);
	p->contract_id = db_column_int64(st, 1);
	p->client_name = db_column_text(st, 2);
	p->amount = db_column_cents(st, 3);
	p->paid_on = db_column_text(st, 4);
	p->method = text_or_null(st, 5);
	p->reference = text_or_null(st, 6);
	p->recorded_by_id = db_column_int64(st, 7);
	p->recorded_by_name = text_or_null(st, 8);
	p->creation_date = db_column_time(st, 9);
	p->voided_at = db_column_is_null(st, 10) ? 0 : db_column_time(st, 10);
	p->void_reason = text_or_null(st, 11);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void payment_clear(struct payment *p)
{
	free((char *)p->client_name);
	free((char *)p->paid_on);
	free((char *)p->method);
	free((char *)p->reference);
	free((char *)p->recorded_by_name);
	free((char *)p->void_reason);
	memset(p, 0, sizeof *p);
}

static void payment_copy_row(void *out, struct db_stmt *st)
{
	struct payment *p = out;

	payment_from_row(p, st);
	p->client_name = xstrdup(p->client_name);
	p->paid_on = xstrdup(p->paid_on);
	p->method = dup_or_null(p->method);
	p->reference = dup_or_null(p->reference);
	p->recorded_by_name = dup_or_null(p->recorded_by_name);
	p->void_reason = dup_or_null(p->void_reason);
}

enum crm_code store_payment_get(struct db *db, int64_t id, bool for_update,
				struct payment *out, struct crm_error *err)
{
	return store_get_row(db, PAYMENT_SELECT " WHERE p.id = $1",
			     PAYMENT_SELECT " WHERE p.id = $1 FOR UPDATE OF p",
			     for_update, id, "payment", payment_copy_row, out, err);
}

struct payment_list_ctx {
	payment_fn fn;
	void *ctx;
};

static enum crm_code payment_list_row(void *ctx, struct db_stmt *st)
{
	struct payment_list_ctx *l = ctx;
	struct payment p;

	payment_from_row(&p, st);
	return l->fn(l->ctx, &p);
}

enum crm_code store_payment_list(struct db *db, const struct payment_filter *f,
				 payment_fn fn, void *ctx, struct crm_error *err)
{
	struct query q;
	struct payment_list_ctx l = { fn, ctx };
	enum crm_code rc;

	query_init(&q, PAYMENT_SELECT);
	if (f->contract_id)
		query_where_int(&q, "p.contract_id = $?", f->contract_id);
	if (f->since[0])
		query_where_date(&q, "p.paid_on >= $?", f->since);
	if (f->until[0])
		query_where_date(&q, "p.paid_on <= $?", f->until);
	query_order_sorted(&q, db, &store_payment_sorts, &f->sort, f->limit, f->offset);
	rc = query_run(db, &q, payment_list_row, &l, err);
	query_free(&q);
	return rc;
}

enum crm_code store_payment_insert(struct db *db, int64_t contract_id, int64_t amount,
				   const char *paid_on, const char *method,
				   const char *reference, int64_t recorded_by,
				   int64_t *out_id, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO payments (contract_id, amount, paid_on, method, reference, "
		"recorded_by_id, creation_date) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
		err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, contract_id);
	db_bind_cents(st, 2, amount);
	db_bind_date(st, 3, paid_on);
	db_bind_text(st, 4, method);
	db_bind_text(st, 5, reference);
	db_bind_int64(st, 6, recorded_by);
	db_bind_time(st, 7, (int64_t)time(NULL));
	return store_step_int(st, out_id, NULL, err);
}

enum crm_code store_payment_void(struct db *db, int64_t id, const char *reason,
				 struct crm_error *err)
{
	struct db_stmt *st;
	int64_t changed = 0;
	/* The condition makes a second, concurrent void change nothing. */
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE payments SET voided_at = $2, void_reason = $3 "
		"WHERE id = $1 AND voided_at IS NULL", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_time(st, 2, (int64_t)time(NULL));
	db_bind_text(st, 3, reason);
	rc = store_step_done(st, &changed, err);
	if (rc == CRM_OK && changed == 0)
		rc = crm_error_set(err, CRM_ECONFLICT, "payment %lld is already voided",
				   (long long)id);
	return rc;
}
