/* audit_log: the journal, written in the change's transaction. */
#include "store/store-internal.h"
#include "store/query.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

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

/* The journal's listing (bench/queries.py reads it from here). */
#define AUDIT_SELECT \
	"SELECT id, created_at, actor_id, actor_label, action, entity, entity_id, details " \
	"FROM audit_log"

/* 9999-12-31T23:59:59Z: after any row. */
#define AUDIT_TIME_MAX INT64_C(253402300799)

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

enum crm_code store_audit_list(struct db *db, const struct audit_filter *f,
			       audit_fn fn, void *ctx, struct crm_error *err)
{
	struct query q;
	struct audit_ctx a = { fn, ctx };
	enum crm_code rc;

	/* audit_log_entity_idx (entity, entity_id, id), audit_log_actor_idx
	 * (actor_id, id), audit_log_action_idx (action, id) and
	 * audit_log_created_idx (created_at) serve these (0004). */
	query_init(&q, AUDIT_SELECT);
	if (f->entity)
		query_where_text(&q, "entity = $?", f->entity);
	if (f->entity_id)
		query_where_int(&q, "entity_id = $?", f->entity_id);
	if (f->actor_id)
		query_where_int(&q, "actor_id = $?", f->actor_id);
	if (f->action)
		query_where_text(&q, "action = $?", f->action);
	if (f->has_since)
		query_where_time(&q, "created_at >= $?", f->since);
	/* Bounded on both sides even when only --since is given: SQLite
	 * (built without STAT4 histograms) takes a one-sided range for a
	 * quarter of the table and would rather scan the journal in id order
	 * than use audit_log_created_idx for a few recent days. */
	if (f->has_until || f->has_since)
		query_where_time(&q, "created_at <= $?", f->has_until ? f->until : AUDIT_TIME_MAX);
	query_order_page(&q, db, f->newest_first ? "id DESC" : "id", f->limit, f->offset);
	rc = query_run(db, &q, audit_row, &a, err);
	query_free(&q);
	return rc;
}

enum crm_code store_audit_has_rows(struct db *db, const char *entity, int64_t entity_id,
				   bool *out, struct crm_error *err)
{
	struct db_stmt *st;
	int64_t n = 0;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT COUNT(*) FROM (SELECT 1 FROM audit_log WHERE entity = $1 "
		"AND entity_id = $2 LIMIT 1) AS one", err);

	if (rc)
		return rc;
	db_bind_text(st, 1, entity);
	db_bind_int64(st, 2, entity_id);
	rc = store_step_int(st, &n, NULL, err);
	*out = n > 0;
	return rc;
}
