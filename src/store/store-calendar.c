/* What calendars need beyond the event rows: how often each event changed,
 * and the database's calendar instance id. */
#include "store/store.h"
#include "store/store-internal.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"

/* Ids per statement: one prepared shape (a short last batch repeats its
 * last id), few round trips on PostgreSQL for a Support user's 10k events. */
#define CHANGES_BATCH 64

enum crm_code store_event_changes(struct db *db, const int64_t *ids, size_t n,
				  int64_t *sequence, int64_t *last_modified,
				  struct crm_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	enum crm_code rc = CRM_OK;

	for (size_t i = 0; i < n; i++)
		sequence[i] = last_modified[i] = 0;
	strbuf_puts(&sql, "SELECT entity_id, "
		    "sum(CASE WHEN action <> 'create' THEN 1 ELSE 0 END), max(created_at) "
		    "FROM audit_log WHERE entity = 'event' AND entity_id IN (");
	for (int k = 1; k <= CHANGES_BATCH; k++)
		strbuf_printf(&sql, k > 1 ? ", $%d" : "$%d", k);
	strbuf_puts(&sql, ") GROUP BY entity_id");

	for (size_t at = 0; rc == CRM_OK && at < n; at += CHANGES_BATCH) {
		size_t count = n - at < CHANGES_BATCH ? n - at : CHANGES_BATCH;
		struct db_stmt *st;
		bool has_row;

		rc = db_prepare(db, &st, sql.buf, err);
		if (rc)
			break;
		for (size_t k = 0; k < CHANGES_BATCH; k++)
			db_bind_int64(st, (int)k + 1, ids[at + (k < count ? k : count - 1)]);
		while ((rc = db_step(st, &has_row, err)) == CRM_OK && has_row) {
			int64_t id = db_column_int64(st, 0);

			/* the batch's ids are few: a linear look-up is enough */
			for (size_t k = at; k < at + count; k++) {
				if (ids[k] != id)
					continue;
				sequence[k] = db_column_int64(st, 1);
				last_modified[k] = db_column_is_null(st, 2) ? 0 : db_column_time(st, 2);
			}
		}
		db_finalize(st);
	}
	strbuf_free(&sql);
	return rc;
}

enum crm_code store_calendar_instance(struct db *db, char **out, struct crm_error *err)
{
	static const char key[] = "calendar_instance";
	unsigned char raw[8];
	char made[2 * sizeof raw + 1];
	enum crm_code rc = store_setting_get(db, key, out, err);

	if (rc || *out)
		return rc;
	if (RAND_bytes(raw, sizeof raw) != 1)
		return crm_error_set(err, CRM_EINTERNAL, "no random bytes for the calendar id");
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(made + 2 * i, 3, "%02x", raw[i]);
	/* two first exports at once: the first one written wins, both read it */
	rc = store_setting_put_new(db, key, made, err);
	if (rc == CRM_OK)
		rc = store_setting_get(db, key, out, err);
	if (rc == CRM_OK && !*out)
		rc = crm_error_set(err, CRM_EINTERNAL, "the calendar id was not kept");
	return rc;
}

enum crm_code store_calendar_feed_get(struct db *db, int64_t user_id, bool for_update,
				      int64_t *generation, struct crm_error *err)
{
	struct db_stmt *st;
	bool found = false;
	enum crm_code rc = db_prepare(db, &st, for_update && db_dialect(db) == DB_POSTGRES
		? "SELECT generation FROM calendar_feeds WHERE user_id = $1 FOR UPDATE"
		: "SELECT generation FROM calendar_feeds WHERE user_id = $1", err);

	*generation = 0;
	if (rc)
		return rc;
	db_bind_int64(st, 1, user_id);
	rc = store_step_int(st, generation, &found, err);
	if (rc == CRM_OK && !found)
		*generation = 0;
	return rc;
}

enum crm_code store_calendar_feed_put(struct db *db, int64_t user_id, int64_t generation,
				      const char *token_hash, struct crm_error *err)
{
	struct db_stmt *st;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO calendar_feeds (user_id, generation, token_hash) VALUES ($1, $2, $3) "
		"ON CONFLICT (user_id) DO UPDATE SET generation = excluded.generation, "
		"token_hash = excluded.token_hash", err);

	if (rc)
		return rc;
	db_bind_int64(st, 1, user_id);
	db_bind_int64(st, 2, generation);
	db_bind_text(st, 3, token_hash);
	return store_step_done(st, NULL, err);
}

enum crm_code store_calendar_feed_find(struct db *db, const char *token_hash,
				       int64_t *user_id, struct crm_error *err)
{
	struct db_stmt *st;
	bool found = false;
	enum crm_code rc = db_prepare(db, &st,
		"SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id "
		"WHERE f.token_hash = $1 AND u.is_active", err);

	*user_id = 0;
	if (rc)
		return rc;
	db_bind_text(st, 1, token_hash);
	rc = store_step_int(st, user_id, &found, err);
	if (rc == CRM_OK && !found)
		*user_id = 0;
	return rc;
}
