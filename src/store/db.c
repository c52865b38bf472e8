/*
 * db.c — the driver interface's common half: URL dispatch, the statement
 * cache, parameters and statement states. db-sqlite.c and db-pg.c do the
 * talking (see db-driver.h).
 */
#include "store/db.h"
#include "store/db-driver.h"
#include "store/db-url.h"

#include <ctype.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* Idle prepared statements kept per connection. The program's SQL texts
 * are a fixed, small set (listing filters combine into a few dozen), so
 * this only bounds a long-lived connection against surprises. */
#define DB_CACHE_MAX 128

/* ---- opening ---------------------------------------------------------- */

enum crm_code db_open(struct db **out, const char *url, struct crm_error *err)
{
	struct db *db = NULL;
	enum crm_code rc = CRM_EINTERNAL;
	const char *path = NULL;
	size_t scheme = 0;

	*out = NULL;
	if (!url || !*url)
		return crm_error_set(err, CRM_EINVALID, "the database URL is empty");

	db = xcalloc(1, sizeof *db);
	switch (db_url_classify(url, &path, &scheme)) {
	case DB_URL_EMPTY:
		rc = crm_error_set(err, CRM_EINVALID, "database URL '%s' has no file path", url);
		break;
	case DB_URL_SQLITE:
		rc = db_sqlite_open(db, path, err);
		break;
	case DB_URL_POSTGRES:
		rc = db_pg_open(db, url, err);
		break;
	case DB_URL_UNKNOWN_SCHEME:
		rc = crm_error_set(err, CRM_EINVALID,
				   "unknown database URL scheme '%.*s' (use postgresql:// or sqlite:PATH)",
				   (int)(scheme > 40 ? 40 : scheme), url);
		break;
	}

	if (rc) {
		free(db->label);
		free(db);
		return rc;
	}
	*out = db;
	return CRM_OK;
}

static void stmt_free(struct db_stmt *st)
{
	st->db->drv->unprepare(st);
	for (int i = 0; i < st->nparams; i++)
		xfree_secret(st->params[i].text);
	free(st->params);
	free(st->sql);
	free(st);
}

void db_close(struct db *db)
{
	struct db_stmt *st, *next;

	if (!db)
		return;
	for (st = db->stmts; st; st = next) {
		next = st->next;
		stmt_free(st);
	}
	db->stmts = NULL;
	db->drv->close(db);
	if (db->fixed_settings)
		OPENSSL_clear_free(db->fixed_settings, db->fixed_len);
	free(db->label);
	free(db);
}

enum db_dialect db_dialect(const struct db *db)
{
	return db->dialect;
}

bool db_reusable(struct db *db)
{
	if (!db || !db->impl || db->in_txn || db->drv->in_transaction(db) ||
	    !db->drv->connected(db))
		return false;
	for (struct db_stmt *st = db->stmts; st; st = st->next)
		if (st->in_use)
			return false;
	return true;
}

bool db_alive(struct db *db)
{
	return db && db->impl && db->drv->alive(db);
}

void db_cancel(struct db *db)
{
	if (db && db->impl)
		db->drv->cancel(db);
}

/* ---- statements and transactions ------------------------------------- */

/* Called before each call that may fail. Outside a transaction, a call
 * starts afresh: db_retryable then speaks of that call alone. Inside one
 * the flag stays: a conflict met by any statement dooms the whole
 * transaction (PostgreSQL aborts it: every later statement and the COMMIT
 * fail for that reason), so it must still show once the transaction has
 * ended and the caller asks. */
static void attempt_start(struct db *db)
{
	if (!db->in_txn && !db->drv->in_transaction(db))
		db->retryable = false;
}

bool db_retryable(const struct db *db)
{
	return db->retryable;
}

enum crm_code db_exec(struct db *db, const char *sql, struct crm_error *err)
{
	attempt_start(db);
	return db->drv->exec(db, sql, err);
}

enum crm_code db_begin(struct db *db, struct crm_error *err)
{
	enum crm_code rc;

	attempt_start(db);
	if (db->in_txn)
		return crm_error_set(err, CRM_EINTERNAL,
				     "a transaction is already open (transactions do not nest)");
	rc = db->drv->begin(db, err);
	if (rc == CRM_OK)
		db->in_txn = true;
	return rc;
}

enum crm_code db_commit(struct db *db, struct crm_error *err)
{
	enum crm_code rc;

	if (!db->in_txn)
		return crm_error_set(err, CRM_EINTERNAL, "no transaction is open to commit");
	rc = db->drv->commit(db, err);
	/* A failed COMMIT may leave the transaction open (SQLite, busy) or
	 * ended (PostgreSQL): ask, so that db_rollback/db_begin stay right. */
	db->in_txn = rc != CRM_OK && db->drv->in_transaction(db);
	return rc;
}

void db_rollback(struct db *db)
{
	db->drv->rollback(db);
	db->in_txn = false;
}

/* Drops least recently used idle statements beyond the cache's size. */
static void cache_trim(struct db *db)
{
	while (db->nstmts > DB_CACHE_MAX) {
		struct db_stmt **victim = NULL;
		for (struct db_stmt **pp = &db->stmts; *pp; pp = &(*pp)->next)
			if (!(*pp)->in_use)
				victim = pp;
		if (!victim)
			return; /* all in use: the caller's business */
		struct db_stmt *st = *victim;
		*victim = st->next;
		db->nstmts--;
		stmt_free(st);
	}
}

enum crm_code db_prepare(struct db *db, struct db_stmt **out, const char *sql,
			 struct crm_error *err)
{
	struct db_stmt **pp, *st = NULL;
	const char *bad = NULL;
	enum crm_code rc;
	int n;

	*out = NULL;
	attempt_start(db);
	for (pp = &db->stmts; *pp; pp = &(*pp)->next) {
		if (!(*pp)->in_use && strcmp((*pp)->sql, sql) == 0) {
			st = *pp;
			*pp = st->next; /* moved to the front below */
			db->nstmts--;
			break;
		}
	}
	if (!st) {
		n = db_sql_scan_params(sql, db->dialect == DB_POSTGRES, NULL, &bad);
		if (n < 0)
			return crm_error_set(err, CRM_EINTERNAL,
					     "malformed placeholder in SQL near '%.20s'", bad);
		st = xcalloc(1, sizeof *st);
		st->db = db;
		st->sql = xstrdup(sql);
		st->nparams = n;
		st->params = xcalloc(n > 0 ? (size_t)n : 1, sizeof *st->params);
		rc = db->drv->prepare(st, err);
		if (rc) {
			free(st->params);
			free(st->sql);
			free(st);
			return rc;
		}
	}
	st->in_use = true;
	st->state = DB_ST_READY;
	st->next = db->stmts;
	db->stmts = st;
	db->nstmts++;
	cache_trim(db);
	*out = st;
	return CRM_OK;
}

static void params_clear(struct db_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		xfree_secret(st->params[i].text);
		memset(&st->params[i], 0, sizeof st->params[i]);
	}
	st->bad_bind = false;
	st->bad_index = 0;
}

void db_reset(struct db_stmt *st)
{
	if (!st)
		return;
	if (st->state != DB_ST_READY)
		st->db->drv->reset(st);
	st->state = DB_ST_READY;
}

void db_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	db_reset(st);
	/* Bound texts may be password hashes: wiped, not just freed. */
	params_clear(st);
	st->changes = 0;
	st->in_use = false;
}

/* The slot for $idx, emptied; NULL (and an error at the next step) when
 * idx is out of range. Binding a running statement starts it over. */
static struct db_param *bind_slot(struct db_stmt *st, int idx, enum db_param_kind kind)
{
	struct db_param *p;

	db_reset(st);
	if (idx < 1 || idx > st->nparams) {
		if (!st->bad_bind) {
			st->bad_bind = true;
			st->bad_index = idx;
		}
		return NULL;
	}
	p = &st->params[idx - 1];
	xfree_secret(p->text);
	memset(p, 0, sizeof *p);
	p->kind = kind;
	return p;
}

void db_bind_null(struct db_stmt *st, int idx)
{
	struct db_param *p = bind_slot(st, idx, DB_P_NULL);

	if (p)
		p->is_null = true;
}

void db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	struct db_param *p = bind_slot(st, idx, DB_P_INT64);

	if (p)
		p->num = v;
}

void db_bind_text(struct db_stmt *st, int idx, const char *v)
{
	struct db_param *p = bind_slot(st, idx, DB_P_TEXT);

	if (!p)
		return;
	if (v)
		p->text = xstrdup(v);
	else
		p->is_null = true;
}

void db_bind_date(struct db_stmt *st, int idx, const char *ymd)
{
	struct db_param *p = bind_slot(st, idx, DB_P_DATE);

	if (!p)
		return;
	if (ymd)
		p->text = xstrdup(ymd);
	else
		p->is_null = true;
}

void db_bind_bool(struct db_stmt *st, int idx, bool v)
{
	struct db_param *p = bind_slot(st, idx, DB_P_BOOL);

	if (p)
		p->num = v ? 1 : 0;
}

void db_bind_cents(struct db_stmt *st, int idx, int64_t cents)
{
	struct db_param *p = bind_slot(st, idx, DB_P_CENTS);

	if (p)
		p->num = cents;
}

void db_bind_time(struct db_stmt *st, int idx, int64_t utc)
{
	struct db_param *p = bind_slot(st, idx, DB_P_TIME);

	if (p)
		p->num = utc;
}

enum crm_code db_step(struct db_stmt *st, bool *has_row, struct crm_error *err)
{
	enum crm_code rc;

	*has_row = false;
	switch (st->state) {
	case DB_ST_DONE:
		return CRM_OK;
	case DB_ST_FAILED:
		return crm_error_set(err, CRM_EINTERNAL,
				     "a failed statement was stepped again without db_reset");
	case DB_ST_READY:
		/* Both are programming errors; SQLite would quietly read an
		 * unbound parameter as NULL, PostgreSQL would refuse. */
		if (st->bad_bind) {
			st->state = DB_ST_FAILED;
			return crm_error_set(err, CRM_EINTERNAL,
					     "parameter $%d is out of range (the statement has %d)",
					     st->bad_index, st->nparams);
		}
		for (int i = 0; i < st->nparams; i++) {
			if (st->params[i].kind == DB_P_UNSET) {
				st->state = DB_ST_FAILED;
				return crm_error_set(err, CRM_EINTERNAL,
						     "parameter $%d is not bound", i + 1);
			}
		}
		break;
	case DB_ST_ROW:
		break;
	}
	attempt_start(st->db);
	rc = st->db->drv->step(st, has_row, err);
	st->state = rc ? DB_ST_FAILED : *has_row ? DB_ST_ROW : DB_ST_DONE;
	return rc;
}

int64_t db_changes(struct db_stmt *st)
{
	return st->changes;
}

bool db_column_is_null(struct db_stmt *st, int col)
{
	return st->state != DB_ST_ROW || st->db->drv->column_is_null(st, col);
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
	return st->state == DB_ST_ROW ? st->db->drv->column_int64(st, col) : 0;
}

const char *db_column_text(struct db_stmt *st, int col)
{
	return st->state == DB_ST_ROW ? st->db->drv->column_text(st, col) : "";
}

bool db_column_bool(struct db_stmt *st, int col)
{
	return st->state == DB_ST_ROW && st->db->drv->column_bool(st, col);
}

int64_t db_column_cents(struct db_stmt *st, int col)
{
	return st->state == DB_ST_ROW ? st->db->drv->column_cents(st, col) : 0;
}

int64_t db_column_time(struct db_stmt *st, int col)
{
	return st->state == DB_ST_ROW ? st->db->drv->column_time(st, col) : 0;
}

enum crm_code db_run(struct db *db, const char *sql, struct crm_error *err)
{
	struct db_stmt *st = NULL;
	bool has_row;
	enum crm_code rc;

	rc = db_prepare(db, &st, sql, err);
	if (rc)
		goto done;
	do {
		rc = db_step(st, &has_row, err);
	} while (rc == CRM_OK && has_row);

done:
	db_finalize(st);
	return rc;
}
