/*
 * query.h — building a SELECT from fixed SQL fragments and bound values.
 *
 * Filters are optional, so a listing's SQL text depends on which ones are
 * given; the text is still made only of the program's own fragments, and
 * every user value is a bound parameter. A fragment names its parameter
 * "$?", which becomes the next $N (all "$?" of one fragment share it).
 */
#ifndef EPICEVENTS_STORE_QUERY_H
#define EPICEVENTS_STORE_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"
#include "store/db.h"
#include "util/strbuf.h"

#define QUERY_MAX_PARAMS 12

struct query {
	struct strbuf sql;
	bool has_where;
	int nparams;
	struct {
		enum { QP_INT, QP_TEXT, QP_TIME, QP_DATE } type;
		int64_t num;
		const char *text; /* borrowed: must outlive query_run */
	} params[QUERY_MAX_PARAMS];
};

void query_init(struct query *q, const char *select_from);
void query_free(struct query *q);
/* Adds "WHERE cond" or "AND cond". */
void query_where(struct query *q, const char *cond);
void query_where_int(struct query *q, const char *cond, int64_t v);
void query_where_text(struct query *q, const char *cond, const char *v);
void query_where_time(struct query *q, const char *cond, int64_t utc);
/* ymd: "YYYY-MM-DD", borrowed like text (db_bind_date). */
void query_where_date(struct query *q, const char *cond, const char *ymd);
/* Appends " ORDER BY ..." and the page (limit 0 = no limit). */
void query_order_page(struct query *q, struct db *db, const char *order_by,
		      int64_t limit, int64_t offset);

/* Appends " ORDER BY" for a list's sort (model.h) over table t
 * (store.h), then the page: the column's fixed SQL, then t's id column,
 * both in the sort's direction. An unknown column (never: crm/ checks
 * the name against the same table) sorts by id. */
struct store_sort_table;
void query_order_sorted(struct query *q, struct db *db, const struct store_sort_table *t,
			const struct list_sort *sort, int64_t limit, int64_t offset);

typedef enum crm_code (*query_row_fn)(void *ctx, struct db_stmt *st);

/* Prepares, binds, and calls fn for every row, streaming. Stops at the
 * first non-OK return of fn and returns it. */
enum crm_code query_run(struct db *db, struct query *q, query_row_fn fn,
			void *ctx, struct crm_error *err);

/* Makes a LIKE pattern matching `text` anywhere, lowercased, with % _ and \
 * escaped (use with ESCAPE '\'). Caller frees. */
char *query_like_pattern(const char *text);

#endif
