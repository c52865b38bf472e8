/*
 * db-pg.c — the driver for PostgreSQL (libpq).
 *
 * Every value crosses as text, typed at prepare time from how it was bound
 * (int8, text, bool, numeric, timestamp), so that SQL such as
 * "SELECT $1, $2 WHERE ..." or "COALESCE($2, name)" needs no casts.
 *
 * Statements are prepared on the server under a name ("epe_N") the first
 * time they run and reused after. Results stream in single-row mode: the
 * connection then belongs to that statement until its last row has been
 * read; anything else sent meanwhile first drains it (see pg_settle).
 */
#include "store/db-driver.h"

#include <ctype.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/datetime.h"
#include "util/money.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/dynload.h"

/* libpq is opened at the first PostgreSQL connection (see dynload.h). */
#define PQ_FUNCTIONS(X) \
	X(PQclear) \
	X(PQcmdStatus) \
	X(PQcmdTuples) \
	X(PQcancel) \
	X(PQconsumeInput) \
	X(PQconnectdbParams) \
	X(PQconninfoFree) \
	X(PQconninfoParse) \
	X(PQdb) \
	X(PQerrorMessage) \
	X(PQexec) \
	X(PQfinish) \
	X(PQfreeCancel) \
	X(PQfreemem) \
	X(PQgetCancel) \
	X(PQgetResult) \
	X(PQgetisnull) \
	X(PQgetvalue) \
	X(PQhost) \
	X(PQnfields) \
	X(PQntuples) \
	X(PQport) \
	X(PQprepare) \
	X(PQresultErrorField) \
	X(PQresultErrorMessage) \
	X(PQresultStatus) \
	X(PQsendQueryPrepared) \
	X(PQsetNoticeProcessor) \
	X(PQsetSingleRowMode) \
	X(PQsocket) \
	X(PQstatus) \
	X(PQtransactionStatus)
PQ_FUNCTIONS(DYNLOAD_DECLARE)
#define PQclear (*dynload_PQclear)
#define PQcmdStatus (*dynload_PQcmdStatus)
#define PQcmdTuples (*dynload_PQcmdTuples)
#define PQcancel (*dynload_PQcancel)
#define PQconsumeInput (*dynload_PQconsumeInput)
#define PQfreeCancel (*dynload_PQfreeCancel)
#define PQgetCancel (*dynload_PQgetCancel)
#define PQsocket (*dynload_PQsocket)
#define PQconnectdbParams (*dynload_PQconnectdbParams)
#define PQconninfoFree (*dynload_PQconninfoFree)
#define PQconninfoParse (*dynload_PQconninfoParse)
#define PQdb (*dynload_PQdb)
#define PQerrorMessage (*dynload_PQerrorMessage)
#define PQexec (*dynload_PQexec)
#define PQfinish (*dynload_PQfinish)
#define PQfreemem (*dynload_PQfreemem)
#define PQgetResult (*dynload_PQgetResult)
#define PQgetisnull (*dynload_PQgetisnull)
#define PQgetvalue (*dynload_PQgetvalue)
#define PQhost (*dynload_PQhost)
#define PQnfields (*dynload_PQnfields)
#define PQntuples (*dynload_PQntuples)
#define PQport (*dynload_PQport)
#define PQprepare (*dynload_PQprepare)
#define PQresultErrorField (*dynload_PQresultErrorField)
#define PQresultErrorMessage (*dynload_PQresultErrorMessage)
#define PQresultStatus (*dynload_PQresultStatus)
#define PQsendQueryPrepared (*dynload_PQsendQueryPrepared)
#define PQsetNoticeProcessor (*dynload_PQsetNoticeProcessor)
#define PQsetSingleRowMode (*dynload_PQsetSingleRowMode)
#define PQstatus (*dynload_PQstatus)
#define PQtransactionStatus (*dynload_PQtransactionStatus)

static void *libpq_handle;

static enum crm_code libpq_load_all(struct crm_error *err)
{
	enum crm_code rc = dynload_open(&libpq_handle, "libpq.so.5", "PostgreSQL", err);

#define PQ_LOAD(name) \
	if (rc == CRM_OK) \
		rc = dynload_symbol(libpq_handle, #name, (void **)&dynload_##name, err);
	PQ_FUNCTIONS(PQ_LOAD)
#undef PQ_LOAD
	return rc;
}

static enum crm_code libpq_load(struct crm_error *err)
{
	static struct dynload_once once = DYNLOAD_ONCE_INIT;

	return dynload_once(&once, libpq_load_all, err);
}

/* Type OIDs from PostgreSQL's catalog (pg_type.dat); stable forever. */
#define OID_BOOL 16
#define OID_INT8 20
#define OID_TEXT 25
#define OID_TIMESTAMP 1114
#define OID_DATE 1082
#define OID_NUMERIC 1700

struct pg_db {
	PGconn *conn;
	/* Made once at connection, so that another thread may cancel the
	 * running statement (pg_cancel) without touching conn. */
	PGcancel *cancel;
	pthread_mutex_t cancel_lock;
	struct db_stmt *active; /* whose results are being read */
	unsigned next_id;       /* for server-side statement names */
	struct strbuf dealloc;  /* DEALLOCATEs waiting for an idle moment */
};

/* One server-side statement per parameter typing seen for a text. */
struct pg_variant {
	char name[24];
	Oid *types; /* [nparams]; 0 where bound as untyped NULL */
	struct pg_variant *next;
};

struct pg_stmt {
	struct pg_variant *variants;
	PGresult *row;    /* the current row, single-row mode */
	bool interrupted; /* another statement drained this one's results */
	bool lost_rows;   /* ... and threw rows (or an error) away */
};

static struct pg_db *pgdb(struct db *db)
{
	return db->impl;
}

/* ---- errors ------------------------------------------------------------ */

static bool connection_lost(PGconn *conn, const char *state)
{
	if (PQstatus(conn) == CONNECTION_BAD)
		return true;
	/* 08: connection exception; 57P01-03: the server is shutting down
	 * or this backend was terminated. */
	return state && (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
			 strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0);
}

/* Translates a failed result (res may be NULL: then the connection's own
 * message). Never quotes PostgreSQL's DETAIL, which carries the values,
 * nor the primary message of data errors (class 22), which may too. */
static enum crm_code pg_error(struct db *db, const PGresult *res, struct crm_error *err)
{
	PGconn *conn = pgdb(db)->conn;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *table = res ? PQresultErrorField(res, PG_DIAG_TABLE_NAME) : NULL;
	const char *column = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char line[300];

	if (connection_lost(conn, state))
		return crm_error_set(err, CRM_EINTERNAL, "lost connection to the database");
	if (!constraint)
		constraint = "unnamed";
	if (!state) {
		/* A client-side failure: libpq's own words. */
		db_scrub_message(line, sizeof line,
				 res ? PQresultErrorMessage(res) : PQerrorMessage(conn), NULL);
		return crm_error_set(err, CRM_EINTERNAL, "database error: %s", line);
	}
	if (strcmp(state, "23505") == 0)
		return crm_error_set(err, CRM_ECONFLICT, "duplicate value violates '%s'", constraint);
	if (strcmp(state, "23503") == 0)
		return crm_error_set(err, CRM_ECONFLICT,
				     "foreign key '%s' violated: a referenced record is missing or still referenced",
				     constraint);
	if (strcmp(state, "23514") == 0)
		return crm_error_set(err, CRM_EINVALID, "value violates check '%s'", constraint);
	if (strcmp(state, "23502") == 0)
		return crm_error_set(err, CRM_EINVALID, "missing value for '%s.%s'",
				     table ? table : "?", column ? column : "?");
	if (strncmp(state, "23", 2) == 0)
		return crm_error_set(err, CRM_ECONFLICT, "value violates '%s'", constraint);
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0) {
		/* The server gave up this transaction for a concurrent one's
		 * sake; run anew, it starts after that one's outcome. */
		db->retryable = true;
		return crm_error_set(err, CRM_ECONFLICT, "concurrent change: try again");
	}
	if (strcmp(state, "55P03") == 0)
		/* lock_not_available: a lock_timeout someone set has already
		 * waited as long as they allow; no retry. */
		return crm_error_set(err, CRM_ECONFLICT, "concurrent change: try again");
	if (strcmp(state, "22001") == 0)
		return crm_error_set(err, CRM_EINVALID, "value too long for the database column");
	if (strcmp(state, "22003") == 0)
		return crm_error_set(err, CRM_EINVALID, "number out of range for the database");
	if (strncmp(state, "22", 2) == 0)
		return crm_error_set(err, CRM_EINTERNAL,
				     "invalid data value for the database (SQLSTATE %s)", state);
	if (strcmp(state, "25P02") == 0)
		return crm_error_set(err, CRM_EINTERNAL,
				     "the transaction failed earlier: roll it back");
	db_scrub_message(line, sizeof line, primary ? primary : "", NULL);
	return crm_error_set(err, CRM_EINTERNAL, "database error: %s (SQLSTATE %s)", line, state);
}

static bool result_ok(const PGresult *res)
{
	ExecStatusType s = PQresultStatus(res);

	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
}

static int64_t cmd_tuples(PGresult *res)
{
	const char *n = PQcmdTuples(res);

	return *n ? strtoll(n, NULL, 10) : 0;
}

/* ---- the connection's one stream ------------------------------------- */

/* Reads and drops what is left of the running statement's results. */
static void pg_finish(struct pg_db *pg)
{
	PGresult *res;

	while ((res = PQgetResult(pg->conn)))
		PQclear(res);
	pg->active = NULL;
}

/*
 * Makes the connection idle before something else is sent. A statement
 * still streaming is drained: if it had no rows left (the usual case: a
 * one-row lookup read and not stepped to its end) it just ends; otherwise
 * its next step fails, so that interleaved iteration is a loud bug here
 * rather than lost rows. Its current row stays readable meanwhile.
 */
static void pg_settle(struct pg_db *pg)
{
	struct db_stmt *st = pg->active;
	PGresult *res;

	if (st) {
		struct pg_stmt *ps = st->impl;
		while ((res = PQgetResult(pg->conn))) {
			ExecStatusType s = PQresultStatus(res);
			if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK)
				st->changes = cmd_tuples(res);
			else
				ps->lost_rows = true;
			PQclear(res);
		}
		ps->interrupted = true;
		pg->active = NULL;
	}
	/* Only outside a transaction: a failing DEALLOCATE must never abort
	 * the caller's work. The server forgets them at disconnection anyway. */
	if (pg->dealloc.len && PQstatus(pg->conn) == CONNECTION_OK &&
	    PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
		PQclear(PQexec(pg->conn, pg->dealloc.buf));
		strbuf_reset(&pg->dealloc);
	}
}

/* ---- driver ------------------------------------------------------------ */

static enum crm_code pg_exec(struct db *db, const char *sql, struct crm_error *err)
{
	struct pg_db *pg = pgdb(db);
	PGresult *res;
	enum crm_code rc = CRM_OK;

	pg_settle(pg);
	res = PQexec(pg->conn, sql);
	if (!res || !result_ok(res))
		rc = pg_error(db, res, err);
	PQclear(res);
	return rc;
}

static enum crm_code pg_begin(struct db *db, struct crm_error *err)
{
	return pg_exec(db, "BEGIN", err);
}

static enum crm_code pg_commit(struct db *db, struct crm_error *err)
{
	struct pg_db *pg = pgdb(db);
	PGresult *res;
	enum crm_code rc = CRM_OK;

	pg_settle(pg);
	res = PQexec(pg->conn, "COMMIT");
	if (!res || !result_ok(res))
		rc = pg_error(db, res, err);
	else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		/* COMMIT of a transaction that had failed succeeds as a ROLLBACK. */
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "the transaction had failed and was rolled back");
	PQclear(res);
	return rc;
}

static bool pg_in_transaction(struct db *db)
{
	PGTransactionStatusType s = PQtransactionStatus(pgdb(db)->conn);

	return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

static void pg_rollback(struct db *db)
{
	struct pg_db *pg = pgdb(db);

	pg_settle(pg);
	if (pg_in_transaction(db))
		PQclear(PQexec(pg->conn, "ROLLBACK"));
}

static void pg_close(struct db *db)
{
	struct pg_db *pg = pgdb(db);

	if (!pg)
		return;
	/* No draining: PQfinish closes the socket and the server stops. */
	if (pg->cancel)
		PQfreeCancel(pg->cancel);
	pthread_mutex_destroy(&pg->cancel_lock);
	PQfinish(pg->conn);
	strbuf_free(&pg->dealloc);
	free(pg);
	db->impl = NULL;
}

static enum crm_code pg_prepare(struct db_stmt *st, struct crm_error *err)
{
	(void)err;
	/* The server sees it at the first step, once the parameters' types
	 * are known from the binds. */
	st->impl = xcalloc(1, sizeof(struct pg_stmt));
	return CRM_OK;
}

static void pg_cancel(struct db *db);

static void pg_reset(struct db_stmt *st)
{
	struct pg_db *pg = pgdb(st->db);
	struct pg_stmt *ps = st->impl;

	PQclear(ps->row);
	ps->row = NULL;
	if (pg->active == st) {
		/* A listing stopped midway (its reader went away): the server
		 * would send every remaining row, to be read and dropped here.
		 * A lookup not stepped to its end has only its end left, so a
		 * few rows are read first; past them, outside a transaction, the
		 * statement is cancelled (it costs the server a signal). */
		if (st->state == DB_ST_ROW && !st->db->in_txn) {
			PGresult *res;
			int dropped = 0;
			while ((res = PQgetResult(pg->conn))) {
				ExecStatusType s = PQresultStatus(res);
				PQclear(res);
				if (s != PGRES_SINGLE_TUPLE)
					continue;
				if (++dropped == 64) {
					pg_cancel(st->db);
					break;
				}
			}
		}
		pg_finish(pg);
	}
	ps->interrupted = false;
	ps->lost_rows = false;
}

static void pg_unprepare(struct db_stmt *st)
{
	struct pg_db *pg = pgdb(st->db);
	struct pg_stmt *ps = st->impl;
	struct pg_variant *v, *next;

	if (!ps)
		return;
	pg_reset(st);
	for (v = ps->variants; v; v = next) {
		next = v->next;
		strbuf_printf(&pg->dealloc, "DEALLOCATE %s; ", v->name);
		free(v->types);
		free(v);
	}
	free(ps);
	st->impl = NULL;
}

static Oid param_type(const struct db_param *p)
{
	switch (p->kind) {
	case DB_P_INT64: return OID_INT8;
	case DB_P_TEXT: return OID_TEXT;
	case DB_P_BOOL: return OID_BOOL;
	case DB_P_CENTS: return OID_NUMERIC;
	case DB_P_TIME: return OID_TIMESTAMP;
	case DB_P_DATE: return OID_DATE;
	case DB_P_NULL:
	case DB_P_UNSET:
		break;
	}
	return 0; /* the server infers it from the context */
}

/* A variant whose types agree with the binds; an untyped NULL fits any. */
static struct pg_variant *find_variant(struct db_stmt *st, const Oid *types)
{
	struct pg_stmt *ps = st->impl;

	for (struct pg_variant *v = ps->variants; v; v = v->next) {
		int i;
		for (i = 0; i < st->nparams; i++)
			if (types[i] && types[i] != v->types[i])
				break;
		if (i == st->nparams)
			return v;
	}
	return NULL;
}

static enum crm_code pg_execute(struct db_stmt *st, struct crm_error *err)
{
	struct pg_db *pg = pgdb(st->db);
	struct pg_stmt *ps = st->impl;
	int n = st->nparams;
	Oid *types = xcalloc(n > 0 ? (size_t)n : 1, sizeof *types);
	const char **values = xcalloc(n > 0 ? (size_t)n : 1, sizeof *values);
	char (*bufs)[48] = xcalloc(n > 0 ? (size_t)n : 1, sizeof *bufs);
	struct pg_variant *v;
	PGresult *res = NULL;
	enum crm_code rc = CRM_OK;

	pg_settle(pg);
	for (int i = 0; i < n; i++)
		types[i] = param_type(&st->params[i]);
	v = find_variant(st, types);
	if (!v) {
		v = xcalloc(1, sizeof *v);
		snprintf(v->name, sizeof v->name, "epe_%u", ++pg->next_id);
		res = PQprepare(pg->conn, v->name, st->sql, n, types);
		if (!res || !result_ok(res)) {
			rc = pg_error(st->db, res, err);
			free(v);
			goto done;
		}
		v->types = types;
		types = NULL;
		v->next = ps->variants;
		ps->variants = v;
	}

	for (int i = 0; i < n; i++) {
		const struct db_param *p = &st->params[i];
		if (p->is_null)
			continue; /* NULL */
		switch (p->kind) {
		case DB_P_TEXT:
		case DB_P_DATE:
			values[i] = p->text;
			break;
		case DB_P_INT64:
			snprintf(bufs[i], sizeof bufs[i], "%" PRId64, p->num);
			values[i] = bufs[i];
			break;
		case DB_P_BOOL:
			values[i] = p->num ? "true" : "false";
			break;
		case DB_P_CENTS:
			money_format(bufs[i], p->num);
			values[i] = bufs[i];
			break;
		case DB_P_TIME:
			datetime_format_sql(bufs[i], p->num);
			values[i] = bufs[i];
			break;
		case DB_P_NULL:
		case DB_P_UNSET:
			break;
		}
	}
	if (!PQsendQueryPrepared(pg->conn, v->name, n, values, NULL, NULL, 0)) {
		rc = pg_error(st->db, NULL, err);
		goto done;
	}
	pg->active = st;
	/* Fails only when called at the wrong moment, which this is not;
	 * then the whole result would come at once, still correct. */
	PQsetSingleRowMode(pg->conn);

done:
	PQclear(res);
	free(types);
	free(values);
	free(bufs);
	return rc;
}

static enum crm_code pg_step(struct db_stmt *st, bool *has_row, struct crm_error *err)
{
	struct pg_db *pg = pgdb(st->db);
	struct pg_stmt *ps = st->impl;
	PGresult *res;
	enum crm_code rc = CRM_OK;

	PQclear(ps->row);
	ps->row = NULL;
	if (st->state == DB_ST_READY) {
		if (pg->active == st)
			pg_finish(pg);
		rc = pg_execute(st, err);
		ps->interrupted = false;
		ps->lost_rows = false;
		if (rc)
			return rc;
	} else if (ps->interrupted) {
		ps->interrupted = false;
		if (ps->lost_rows)
			return crm_error_set(err, CRM_EINTERNAL,
					     "a statement was interrupted by another one on the same "
					     "connection: read it to its end (or reset it) first");
		return CRM_OK; /* it had ended: no row */
	}

	res = PQgetResult(pg->conn);
	if (!res) {
		pg->active = NULL;
		return pg_error(st->db, NULL, err);
	}
	switch (PQresultStatus(res)) {
	case PGRES_SINGLE_TUPLE:
		ps->row = res;
		*has_row = true;
		return CRM_OK;
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
	case PGRES_EMPTY_QUERY:
		st->changes = cmd_tuples(res);
		break;
	default:
		rc = pg_error(st->db, res, err);
		break;
	}
	PQclear(res);
	pg_finish(pg);
	return rc;
}

static bool col_ok(struct db_stmt *st, int col)
{
	struct pg_stmt *ps = st->impl;

	return ps->row && col >= 0 && col < PQnfields(ps->row) && PQntuples(ps->row) > 0;
}

static bool pg_column_is_null(struct db_stmt *st, int col)
{
	struct pg_stmt *ps = st->impl;

	return !col_ok(st, col) || PQgetisnull(ps->row, 0, col);
}

static const char *pg_column_text(struct db_stmt *st, int col)
{
	struct pg_stmt *ps = st->impl;

	return col_ok(st, col) ? PQgetvalue(ps->row, 0, col) : "";
}

static int64_t pg_column_int64(struct db_stmt *st, int col)
{
	const char *t = pg_column_text(st, col);

	if (t[0] == 't' && t[1] == '\0')
		return 1; /* a boolean read as a number */
	return strtoll(t, NULL, 10);
}

static bool pg_column_bool(struct db_stmt *st, int col)
{
	const char *t = pg_column_text(st, col);

	return t[0] == 't' || (t[0] != 'f' && pg_column_int64(st, col) != 0);
}

static int64_t pg_column_cents(struct db_stmt *st, int col)
{
	int64_t cents = 0;

	if (db_parse_numeric_cents(pg_column_text(st, col), &cents) != 0)
		return 0;
	return cents;
}

/* TIMESTAMP text ("2023-05-05 15:00:00[.ffffff]"); a TIMESTAMPTZ (now(),
 * expressions) has an offset too, "+00" under our TimeZone, which is
 * applied rather than assumed. */
static int64_t pg_column_time(struct db_stmt *st, int col)
{
	const char *t = pg_column_text(st, col);
	char buf[64];
	size_t len = strlen(t);
	int64_t utc = 0, offset = 0;

	if (len >= sizeof buf)
		return 0;
	memcpy(buf, t, len + 1);
	if (len > 19) {
		char *sign = strpbrk(buf + 19, "+-");
		if (sign) {
			int h = 0, m = 0, s = 0;
			if (sscanf(sign + 1, "%2d:%2d:%2d", &h, &m, &s) < 1)
				return 0;
			offset = (int64_t)h * 3600 + m * 60 + s;
			if (*sign == '-')
				offset = -offset;
			*sign = '\0';
		}
	}
	if (datetime_parse_sql(&utc, buf) != 0)
		return 0;
	return utc - offset;
}

static bool pg_connected(struct db *db)
{
	struct pg_db *pg = db->impl;

	return pg && pg->conn && PQstatus(pg->conn) == CONNECTION_OK;
}

static void pg_cancel(struct db *db)
{
	struct pg_db *pg = db->impl;
	char why[256];

	if (!pg || !pg->cancel)
		return;
	pthread_mutex_lock(&pg->cancel_lock);
	(void)PQcancel(pg->cancel, why, sizeof why);
	pthread_mutex_unlock(&pg->cancel_lock);
}

/* An idle connection whose server went away (a restart) has an EOF, or
 * the server's last words, waiting on its socket: read them now. */
static bool pg_alive(struct db *db)
{
	struct pg_db *pg = db->impl;
	struct pollfd p;

	if (!pg_connected(db))
		return false;
	p.fd = PQsocket(pg->conn);
	p.events = POLLIN;
	p.revents = 0;
	if (p.fd < 0)
		return false;
	/* The server's farewell (FATAL ...) and its EOF may take two reads. */
	for (int i = 0; i < 4 && poll(&p, 1, 0) > 0; i++)
		if (PQconsumeInput(pg->conn) == 0 || !pg_connected(db))
			return false;
	return true;
}


static const struct db_driver pg_driver = {
	.close = pg_close,
	.exec = pg_exec,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.in_transaction = pg_in_transaction,
	.connected = pg_connected,
	.alive = pg_alive,
	.cancel = pg_cancel,
	.prepare = pg_prepare,
	.unprepare = pg_unprepare,
	.step = pg_step,
	.reset = pg_reset,
	.column_is_null = pg_column_is_null,
	.column_int64 = pg_column_int64,
	.column_text = pg_column_text,
	.column_bool = pg_column_bool,
	.column_cents = pg_column_cents,
	.column_time = pg_column_time,
};

/* NOTICEs ("relation ... already exists, skipping" from the migrations)
 * would otherwise go to stderr; this program speaks through its errors. */
static void quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* libpq's parse errors quote pieces of the string, which may hold the
 * password: keep short quotes ("=", "]"), hide longer ones. First line. */
static void redact_quoted(char *out, size_t n, const char *msg)
{
	size_t o = 0;

	for (const char *p = msg; *p && *p != '\n' && o + 8 < n; p++) {
		const char *close = *p == '"' ? strchr(p + 1, '"') : NULL;
		if (close && close - p - 1 > 3) {
			memcpy(out + o, "\"...\"", 5);
			o += 5;
			p = close;
		} else if (close) {
			for (; p < close && o + 8 < n; p++)
				out[o++] = *p;
			out[o++] = '"';
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

static const char *option_value(PQconninfoOption *opts, const char *keyword)
{
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, keyword) == 0 && o->val && *o->val)
			return o->val;
	return NULL;
}

enum crm_code db_pg_open(struct db *db, const char *conninfo, struct crm_error *err)
{
	PQconninfoOption *opts = NULL;
	char *parse_err = NULL;
	char *password = NULL;
	char line[300];
	struct pg_db *pg = NULL;
	PGresult *res = NULL;
	enum crm_code rc = CRM_OK;
	const char *host, *port, *dbname;
	/* Earlier keywords are defaults: the expanded "dbname" (the URL)
	 * overrides them. Without a timeout, an unreachable host would hang
	 * for the kernel's TCP retries (minutes). */
	const char *const keywords[] = { "connect_timeout", "fallback_application_name",
					 "dbname", NULL };
	const char *const values[] = { "10", "epicevents", conninfo, NULL };

	rc = libpq_load(err);
	if (rc)
		return rc;

	db->drv = &pg_driver;
	db->dialect = DB_POSTGRES;
	opts = PQconninfoParse(conninfo, &parse_err);
	if (!opts) {
		redact_quoted(line, sizeof line, parse_err ? parse_err : "malformed");
		rc = crm_error_set(err, CRM_EINVALID, "invalid PostgreSQL connection string: %s",
				   line);
		goto done;
	}
	if (option_value(opts, "password"))
		password = xstrdup(option_value(opts, "password"));

	pg = xcalloc(1, sizeof *pg);
	strbuf_init(&pg->dealloc);
	pthread_mutex_init(&pg->cancel_lock, NULL);
	db->impl = pg;
	pg->conn = PQconnectdbParams(keywords, values, 1);
	if (!pg->conn) {
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot connect to PostgreSQL: out of memory");
		goto done;
	}
	host = PQhost(pg->conn);
	if (!host || !*host)
		host = option_value(opts, "host");
	if (!host || !*host)
		host = option_value(opts, "hostaddr");
	port = PQport(pg->conn);
	if (!port || !*port)
		port = option_value(opts, "port");
	dbname = PQdb(pg->conn);
	db->label = xasprintf("%s:%s/%s", host ? host : "localhost", port ? port : "5432",
			      dbname ? dbname : "?");
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		db_scrub_message(line, sizeof line, PQerrorMessage(pg->conn), password);
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "cannot connect to PostgreSQL at '%s:%s' (database '%s'): %s",
				   host ? host : "localhost", port ? port : "5432",
				   dbname ? dbname : "?", line);
		goto done;
	}
	PQsetNoticeProcessor(pg->conn, quiet_notice, NULL);
	pg->cancel = PQgetCancel(pg->conn);
	/* The program's conventions, whatever the server's or the role's
	 * defaults: UTC instants, ISO text, UTF-8, and '\' as a plain
	 * character in literals (db_sql_scan_params assumes it). */
	res = PQexec(pg->conn, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; "
			       "SET IntervalStyle = 'postgres'; SET client_encoding = 'UTF8'; "
			       "SET standard_conforming_strings = on");
	if (!res || !result_ok(res))
		rc = pg_error(db, res, err);

done:
	PQclear(res);
	if (opts)
		PQconninfoFree(opts);
	if (parse_err)
		PQfreemem(parse_err);
	xfree_secret(password);
	if (rc && pg) {
		PQfinish(pg->conn);
		strbuf_free(&pg->dealloc);
		free(pg);
		db->impl = NULL;
	}
	return rc;
}
