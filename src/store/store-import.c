/*
 * store-import.c — the batch queries of `clients import` (store.h).
 *
 * On PostgreSQL a batch is one round trip per step: each column of the
 * batch travels as ONE bound text parameter holding an array literal
 * ('{"a","b"}', cast to text[]/bigint[] and unnest-ed by the server), so
 * the SQL text never contains data and 1000 rows cost what one did. Row by
 * row, the round trips (three per client) were the whole cost of an import.
 * SQLite has no round trips: it runs the single-row statements, prepared
 * once (the statement cache), which is what it did already.
 */
#include "store/store.h"
#include "store/store-internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* An element of a PostgreSQL array literal: quoted, " and \ escaped
 * (array_in's rules); NULL is the bare word. */
static void array_put_text(struct strbuf *sb, const char *v, bool first)
{
	if (!first)
		strbuf_putc(sb, ',');
	if (!v) {
		strbuf_puts(sb, "NULL");
		return;
	}
	strbuf_putc(sb, '"');
	for (; *v; v++) {
		if (*v == '"' || *v == '\\')
			strbuf_putc(sb, '\\');
		strbuf_putc(sb, *v);
	}
	strbuf_putc(sb, '"');
}

static void array_put_int(struct strbuf *sb, int64_t v, bool first)
{
	strbuf_printf(sb, "%s%lld", first ? "" : ",", (long long)v);
}

/* An email and where it is in the caller's arrays; the first member lets
 * cmp_text compare these as it does bare strings. */
struct email_pos {
	const char *email;
	size_t pos;
};

static int cmp_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

enum crm_code store_client_find_emails(struct db *db, const char *const *emails, size_t n,
				       int64_t *out_ids, struct crm_error *err)
{
	struct strbuf arr = STRBUF_INIT;
	struct db_stmt *st;
	bool has_row;
	enum crm_code rc = CRM_OK;

	memset(out_ids, 0, n * sizeof *out_ids);
	if (db_dialect(db) != DB_POSTGRES) {
		for (size_t i = 0; rc == CRM_OK && i < n; i++)
			rc = store_client_find_email(db, emails[i], &out_ids[i], err);
		return rc;
	}
	if (n == 0)
		return CRM_OK;
	/* One subquery per email, each answered by the unique index on
	 * lower(email). Not "lower(email) = ANY ($1)": within the import's
	 * transaction the planner still sees the table as it was (a few
	 * rows) and scans it whole, a scan per batch growing with the file. */
	rc = db_prepare(db, &st, "SELECT t.e, (SELECT id FROM clients WHERE lower(email) = t.e) "
			"FROM unnest(CAST($1 AS text[])) AS t(e)", err);
	if (rc)
		return rc;
	strbuf_putc(&arr, '{');
	for (size_t i = 0; i < n; i++)
		array_put_text(&arr, emails[i], i == 0);
	strbuf_putc(&arr, '}');
	db_bind_text(st, 1, arr.buf);
	strbuf_free(&arr);
	while ((rc = db_step(st, &has_row, err)) == CRM_OK && has_row) {
		const char *key = db_column_text(st, 0);
		const char *const *hit = bsearch(&key, emails, n, sizeof *emails, cmp_text);

		if (hit && !db_column_is_null(st, 1))
			out_ids[hit - emails] = db_column_int64(st, 1);
	}
	db_finalize(st);
	return rc;
}

enum crm_code store_client_insert_many(struct db *db, const struct client_input *in,
				       const int64_t *commercial_ids, size_t n,
				       int64_t *out_ids, struct crm_error *err)
{
	struct strbuf arr = STRBUF_INIT;
	struct db_stmt *st;
	bool has_row;
	enum crm_code rc = CRM_OK;
	struct email_pos *by_email;
	size_t got = 0;

	if (db_dialect(db) != DB_POSTGRES) {
		for (size_t i = 0; rc == CRM_OK && i < n; i++)
			rc = store_client_insert(db, &in[i], commercial_ids[i], &out_ids[i], err);
		return rc;
	}
	if (n == 0)
		return CRM_OK;
	/* Each id comes back with its email (unique: the index says so), so
	 * nothing hangs on the order RETURNING happens to follow. */
	rc = db_prepare(db, &st,
		"INSERT INTO clients (full_name, email, phone, company_name, creation_date, "
		"last_update, commercial_contact_id) "
		"SELECT f, e, p, c, $6, $6, o FROM unnest(CAST($1 AS text[]), CAST($2 AS text[]), "
		"CAST($3 AS text[]), CAST($4 AS text[]), CAST($5 AS bigint[])) "
		"AS t(f, e, p, c, o) RETURNING email, id", err);
	if (rc)
		return rc;
	for (int col = 0; col < 4; col++) {
		strbuf_reset(&arr);
		strbuf_putc(&arr, '{');
		for (size_t i = 0; i < n; i++) {
			const char *v = col == 0 ? in[i].full_name : col == 1 ? in[i].email
				      : col == 2 ? in[i].phone : in[i].company_name;

			array_put_text(&arr, v, i == 0);
		}
		strbuf_putc(&arr, '}');
		db_bind_text(st, col + 1, arr.buf);
	}
	strbuf_reset(&arr);
	strbuf_putc(&arr, '{');
	for (size_t i = 0; i < n; i++)
		array_put_int(&arr, commercial_ids[i], i == 0);
	strbuf_putc(&arr, '}');
	db_bind_text(st, 5, arr.buf);
	strbuf_free(&arr);
	db_bind_time(st, 6, (int64_t)time(NULL));
	by_email = xcalloc(n, sizeof *by_email);
	for (size_t i = 0; i < n; i++)
		by_email[i] = (struct email_pos){ in[i].email, i };
	qsort(by_email, n, sizeof *by_email, cmp_text);
	while ((rc = db_step(st, &has_row, err)) == CRM_OK && has_row) {
		struct email_pos key = { db_column_text(st, 0), 0 };
		const struct email_pos *hit = bsearch(&key, by_email, n, sizeof *by_email,
						      cmp_text);

		if (hit) {
			out_ids[hit->pos] = db_column_int64(st, 1);
			got++;
		}
	}
	db_finalize(st);
	free(by_email);
	if (rc == CRM_OK && got != n)
		rc = crm_error_set(err, CRM_EINTERNAL,
				   i18n_error_plural("database error: %zu of %zu client inserted",
						     "database error: %zu of %zu clients inserted",
						     (unsigned long)n),
				   got, n);
	return rc;
}

enum crm_code store_audit_add_many(struct db *db, int64_t actor_id, const char *actor_label,
				   const char *action, const char *entity,
				   const int64_t *entity_ids, const char *const *details,
				   size_t n, struct crm_error *err)
{
	struct strbuf ids = STRBUF_INIT, texts = STRBUF_INIT;
	struct db_stmt *st;
	enum crm_code rc = CRM_OK;

	if (db_dialect(db) != DB_POSTGRES) {
		for (size_t i = 0; rc == CRM_OK && i < n; i++)
			rc = store_audit_add(db, actor_id, actor_label, action, entity,
					     entity_ids[i], details[i], err);
		return rc;
	}
	if (n == 0)
		return CRM_OK;
	/* The row order is the arrays' (WITH ORDINALITY), so the journal's ids
	 * follow the file as they did row by row. */
	rc = db_prepare(db, &st,
		"INSERT INTO audit_log (actor_id, actor_label, action, entity, entity_id, details) "
		"SELECT CAST($1 AS BIGINT), $2, $3, $4, i, d FROM unnest(CAST($5 AS bigint[]), "
		"CAST($6 AS text[])) WITH ORDINALITY AS t(i, d, n) ORDER BY n", err);
	if (rc)
		return rc;
	strbuf_putc(&ids, '{');
	strbuf_putc(&texts, '{');
	for (size_t i = 0; i < n; i++) {
		if (entity_ids[i])
			array_put_int(&ids, entity_ids[i], i == 0);
		else
			array_put_text(&ids, NULL, i == 0);
		array_put_text(&texts, details[i], i == 0);
	}
	strbuf_putc(&ids, '}');
	strbuf_putc(&texts, '}');
	if (actor_id)
		db_bind_int64(st, 1, actor_id);
	else
		db_bind_text(st, 1, NULL);
	db_bind_text(st, 2, actor_label);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, entity);
	db_bind_text(st, 5, ids.buf);
	db_bind_text(st, 6, texts.buf);
	strbuf_free(&ids);
	strbuf_free(&texts);
	return store_step_done(st, NULL, err);
}
