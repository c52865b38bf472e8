#include "store/query.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/xalloc.h"

void query_init(struct query *q, const char *select_from)
{
	memset(q, 0, sizeof *q);
	strbuf_init(&q->sql);
	strbuf_puts(&q->sql, select_from);
}

void query_free(struct query *q)
{
	strbuf_free(&q->sql);
}

/* Copies cond with each "$?" replaced by "$N", N the parameter's index. */
static void append_cond(struct query *q, const char *cond, int param)
{
	strbuf_puts(&q->sql, q->has_where ? " AND " : " WHERE ");
	q->has_where = true;
	for (const char *p = cond; *p; p++) {
		if (p[0] == '$' && p[1] == '?') {
			strbuf_printf(&q->sql, "$%d", param);
			p++;
		} else {
			strbuf_putc(&q->sql, *p);
		}
	}
}

static int add_param(struct query *q)
{
	if (q->nparams >= QUERY_MAX_PARAMS)
		abort(); /* a programming error: raise QUERY_MAX_PARAMS */
	return ++q->nparams;
}

void query_where(struct query *q, const char *cond)
{
	append_cond(q, cond, 0);
}

void query_where_int(struct query *q, const char *cond, int64_t v)
{
	int n = add_param(q);
	q->params[n - 1].type = QP_INT;
	q->params[n - 1].num = v;
	append_cond(q, cond, n);
}

void query_where_text(struct query *q, const char *cond, const char *v)
{
	int n = add_param(q);
	q->params[n - 1].type = QP_TEXT;
	q->params[n - 1].text = v;
	append_cond(q, cond, n);
}

void query_where_date(struct query *q, const char *cond, const char *ymd)
{
	int n = add_param(q);
	q->params[n - 1].type = QP_DATE;
	q->params[n - 1].text = ymd;
	append_cond(q, cond, n);
}

void query_where_time(struct query *q, const char *cond, int64_t utc)
{
	int n = add_param(q);
	q->params[n - 1].type = QP_TIME;
	q->params[n - 1].num = utc;
	append_cond(q, cond, n);
}

void query_order_page(struct query *q, struct db *db, const char *order_by,
		      int64_t limit, int64_t offset)
{
	strbuf_printf(&q->sql, " ORDER BY %s", order_by);
	if (limit > 0) {
		int n = add_param(q);
		q->params[n - 1].type = QP_INT;
		q->params[n - 1].num = limit;
		strbuf_printf(&q->sql, " LIMIT $%d", n);
	} else if (offset > 0 && db_dialect(db) == DB_SQLITE) {
		strbuf_puts(&q->sql, " LIMIT -1"); /* SQLite needs a LIMIT for OFFSET */
	}
	if (offset > 0) {
		int n = add_param(q);
		q->params[n - 1].type = QP_INT;
		q->params[n - 1].num = offset;
		strbuf_printf(&q->sql, " OFFSET $%d", n);
	}
}

void query_order_sorted(struct query *q, struct db *db, const struct store_sort_table *t,
			const struct list_sort *sort, int64_t limit, int64_t offset)
{
	const struct store_sort_column *c = store_sort_find(t, sort->column);
	const char *dir = sort->descending ? " DESC" : "";
	struct strbuf order = STRBUF_INIT;

	if (c && c->sql) {
		strbuf_printf(&order, "%s%s", c->sql, dir);
		/* PostgreSQL puts NULLs last in ascending order, SQLite first:
		 * SQLite's order on both (the index is made NULLS FIRST to match). */
		if (c->nullable && db_dialect(db) == DB_POSTGRES)
			strbuf_puts(&order, sort->descending ? " NULLS LAST" : " NULLS FIRST");
		strbuf_puts(&order, ", ");
	}
	strbuf_printf(&order, "%s%s", t->id_sql, dir);
	query_order_page(q, db, order.buf, limit, offset);
	strbuf_free(&order);
}

enum crm_code query_run(struct db *db, struct query *q, query_row_fn fn,
			void *ctx, struct crm_error *err)
{
	struct db_stmt *st = NULL;
	bool has_row;
	enum crm_code rc;

	rc = db_prepare(db, &st, q->sql.buf, err);
	if (rc)
		return rc;
	for (int i = 0; i < q->nparams; i++) {
		switch (q->params[i].type) {
		case QP_INT: db_bind_int64(st, i + 1, q->params[i].num); break;
		case QP_TEXT: db_bind_text(st, i + 1, q->params[i].text); break;
		case QP_TIME: db_bind_time(st, i + 1, q->params[i].num); break;
		case QP_DATE: db_bind_date(st, i + 1, q->params[i].text); break;
		}
	}
	while ((rc = db_step(st, &has_row, err)) == CRM_OK && has_row) {
		rc = fn(ctx, st);
		if (rc)
			break;
	}
	db_finalize(st);
	return rc;
}

char *query_like_pattern(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_putc(&sb, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			strbuf_putc(&sb, '\\');
		strbuf_putc(&sb, (char)tolower((unsigned char)*p));
	}
	strbuf_putc(&sb, '%');
	return strbuf_detach(&sb);
}
