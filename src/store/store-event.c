#include "store/store.h"
#include "store/query.h"
#include "store/store-internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define EVENT_SELECT \
	"SELECT e.id, e.contract_id, c.full_name, e.name, e.start_date, e.end_date, " \
	"e.support_contact_id, u.name, e.location, e.attendees_count, e.notes, e.timezone " \
	"FROM events e JOIN contracts k ON k.id = e.contract_id " \
	"JOIN clients c ON c.id = k.client_id " \
	"LEFT JOIN users u ON u.id = e.support_contact_id"

static void event_from_row(struct event *e, struct db_stmt *st)
{
	e->id = db_column_int64(st, 0);
	e->contract_id = db_column_int64(st, 1);
	e->client_name = db_column_text(st, 2);
	e->name = db_column_text(st, 3);
	e->start_date = db_column_time(st, 4);
	e->end_date = db_column_time(st, 5);
	e->support_contact_id = db_column_int64(st, 6);
	e->support_name = db_column_is_null(st, 7) ? NULL : db_column_text(st, 7);
	e->location = db_column_text(st, 8);
	e->attendees_count = db_column_int64(st, 9);
	e->notes = db_column_is_null(st, 10) ? NULL : db_column_text(st, 10);
	e->timezone = db_column_text(st, 11);
}

void event_clear(struct event *e)
{
	free((char *)e->client_name);
	free((char *)e->name);
	free((char *)e->support_name);
	free((char *)e->location);
	free((char *)e->notes);
	free((char *)e->timezone);
	memset(e, 0, sizeof *e);
}

static const char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void event_copy_row(void *out, struct db_stmt *st)
{
	struct event *e = out;

	event_from_row(e, st);
	e->client_name = dup_or_null(e->client_name);
	e->name = dup_or_null(e->name);
	e->support_name = dup_or_null(e->support_name);
	e->location = dup_or_null(e->location);
	e->notes = dup_or_null(e->notes);
	e->timezone = dup_or_null(e->timezone);
}

enum crm_code store_event_get(struct db *db, int64_t id, bool for_update,
			      struct event *out, struct crm_error *err)
{
	return store_get_row(db, EVENT_SELECT " WHERE e.id = $1",
			     EVENT_SELECT " WHERE e.id = $1 FOR UPDATE OF e",
			     for_update, id, "event", event_copy_row, out, err);
}

struct event_list_ctx {
	event_fn fn;
	void *ctx;
};

static enum crm_code event_list_row(void *ctx, struct db_stmt *st)
{
	struct event_list_ctx *l = ctx;
	struct event e;

	event_from_row(&e, st);
	return l->fn(l->ctx, &e);
}

/* The longest event's length in seconds, rounded up (0: no events), from
 * events_length_idx: one index probe. */
static enum crm_code longest_event(struct db *db, int64_t *out, struct crm_error *err)
{
	struct db_stmt *st;
	bool found = false;
	enum crm_code rc = db_prepare(db, &st, db_dialect(db) == DB_POSTGRES
		? "SELECT CAST(EXTRACT(EPOCH FROM end_date - start_date) AS BIGINT) + 1 "
		  "FROM events ORDER BY end_date - start_date DESC LIMIT 1"
		: "SELECT CAST((julianday(end_date) - julianday(start_date)) * 86400 AS INTEGER) + 1 "
		  "FROM events ORDER BY julianday(end_date) - julianday(start_date) DESC LIMIT 1",
		err);

	*out = 0;
	if (rc)
		return rc;
	return store_step_int(st, out, &found, err);
}

enum crm_code store_event_list(struct db *db, const struct event_filter *f,
			       int64_t mine_support, int64_t mine_commercial,
			       event_fn fn, void *ctx, struct crm_error *err)
{
	struct query q;
	struct event_list_ctx l = { fn, ctx };
	int64_t longest = 0;
	enum crm_code rc;

	query_init(&q, EVENT_SELECT);
	if (f->no_support)
		query_where(&q, "e.support_contact_id IS NULL");
	if (mine_support)
		query_where_int(&q, "e.support_contact_id = $?", mine_support);
	if (mine_commercial)
		query_where_int(&q, "c.commercial_contact_id = $?", mine_commercial);
	if (f->support_id)
		query_where_int(&q, "e.support_contact_id = $?", f->support_id);
	if (f->contract_id)
		query_where_int(&q, "e.contract_id = $?", f->contract_id);
	/* Overlapping [from, to), with store_event_overlap's reading of a
	 * zero-length event (one second long). An event that overlaps starts
	 * no earlier than `from` less the longest event's length: that bound
	 * lets events_start_idx serve the window. */
	if (f->has_from) {
		rc = longest_event(db, &longest, err);
		if (rc) {
			query_free(&q);
			return rc;
		}
		query_where_time(&q, "e.start_date >= $?", f->from - longest);
		query_where_time(&q, "e.end_date >= $?", f->from);
		query_where_time(&q, "(e.end_date > $? OR e.end_date = e.start_date)", f->from);
	}
	if (f->has_to)
		query_where_time(&q, "e.start_date < $?", f->to > f->from || !f->has_from
				 ? f->to : f->from + 1);
	query_order_sorted(&q, db, &store_event_sorts, &f->sort, f->limit, f->offset);
	rc = query_run(db, &q, event_list_row, &l, err);
	query_free(&q);
	return rc;
}

enum crm_code store_event_insert(struct db *db, int64_t contract_id,
				 const char *name, int64_t start, int64_t end,
				 const char *location, int64_t attendees,
				 const char *notes, const char *timezone, int64_t *out_id,
				 struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO events (contract_id, name, start_date, end_date, location, "
		"attendees_count, notes, timezone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
		"RETURNING id", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, contract_id);
	db_bind_text(st, 2, name);
	db_bind_time(st, 3, start);
	db_bind_time(st, 4, end);
	db_bind_text(st, 5, location);
	db_bind_int64(st, 6, attendees);
	db_bind_text(st, 7, notes);
	db_bind_text(st, 8, timezone);
	return store_step_int(st, out_id, NULL, err);
}

enum crm_code store_event_update(struct db *db, const struct event *e,
				 struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE events SET name = $2, start_date = $3, end_date = $4, location = $5, "
		"attendees_count = $6, notes = $7, timezone = $8 WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, e->id);
	db_bind_text(st, 2, e->name);
	db_bind_time(st, 3, e->start_date);
	db_bind_time(st, 4, e->end_date);
	db_bind_text(st, 5, e->location);
	db_bind_int64(st, 6, e->attendees_count);
	db_bind_text(st, 7, e->notes);
	db_bind_text(st, 8, e->timezone);
	return store_step_done(st, NULL, err);
}

enum crm_code store_event_assign(struct db *db, int64_t id,
				 int64_t support_id, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"UPDATE events SET support_contact_id = $2 WHERE id = $1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, support_id);
	return store_step_done(st, NULL, err);
}

enum crm_code store_event_overlap(struct db *db, int64_t support_id, int64_t except_id,
				  int64_t start, int64_t end, struct event *out,
				  struct crm_error *err)
{
	struct db_stmt *st;
	int64_t found_id = 0;
	bool found = false;
	/* [s, e) with a zero-length event read as [s, s + 1 s): the point in
	 * time it is. e' > start  <=>  e >= start AND (e > start OR e = s). */
	enum crm_code rc = db_prepare(db, &st,
		"SELECT id FROM events WHERE support_contact_id = $1 AND id <> $2 "
		"AND end_date >= $3 AND (end_date > $3 OR end_date = start_date) "
		"AND start_date < $4 ORDER BY start_date, id LIMIT 1", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, support_id);
	db_bind_int64(st, 2, except_id);
	db_bind_time(st, 3, start);
	db_bind_time(st, 4, end > start ? end : start + 1);
	rc = store_step_int(st, &found_id, &found, err);
	if (rc == CRM_OK && found)
		rc = store_event_get(db, found_id, false, out, err);
	return rc;
}
