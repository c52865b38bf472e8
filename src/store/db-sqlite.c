/*
 * db-sqlite.c — the driver for the embedded database.
 *
 * Values: bool as INTEGER 0/1, cents as INTEGER, instants as UTC text
 * "YYYY-MM-DD HH:MM:SS" (which sorts as time does and is what
 * CURRENT_TIMESTAMP writes). Placeholders $N become ?N.
 */
#include "store/db-driver.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/datetime.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* How long a writer waits for another process's write lock before the
 * command fails as a concurrent change. */
#define SQLITE_BUSY_MS 5000

static sqlite3 *handle(struct db *db)
{
	return db->impl;
}

/* "UNIQUE constraint failed: index 'users_email_lower_key'" -> the index;
 * "UNIQUE constraint failed: users.email" -> "users.email". */
static void constraint_name(const char *msg, char *out, size_t n)
{
	const char *p = strstr(msg, "constraint failed: ");
	size_t len;

	if (!p) {
		snprintf(out, n, "unnamed");
		return;
	}
	p += strlen("constraint failed: ");
	if (strncmp(p, "index '", 7) == 0) {
		p += 7;
		len = strcspn(p, "'");
	} else {
		len = strcspn(p, "\n");
	}
	snprintf(out, n, "%.*s", (int)(len > 200 ? 200 : len), p);
}

/* Translates an (extended) result code and its message. The messages
 * SQLite writes name columns and constraints, never bound values. */
static enum crm_code sqlite_error(struct db *db, int rc, const char *msg,
				  struct crm_error *err)
{
	char name[256];
	sqlite3 *h = handle(db);
	int sys = h ? sqlite3_system_errno(h) : 0;

	if (!msg)
		msg = sqlite3_errstr(rc);
	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		constraint_name(msg, name, sizeof name);
		return crm_error_set(err, CRM_ECONFLICT, "duplicate value violates '%s'", name);
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		/* SQLite does not say which key. */
		return crm_error_set(err, CRM_ECONFLICT,
				     "foreign key violated: a referenced record is missing or still referenced");
	case SQLITE_CONSTRAINT_CHECK:
		constraint_name(msg, name, sizeof name);
		return crm_error_set(err, CRM_EINVALID, "value violates check '%s'", name);
	case SQLITE_CONSTRAINT_NOTNULL:
		constraint_name(msg, name, sizeof name);
		return crm_error_set(err, CRM_EINVALID, "missing value for '%s'", name);
	case SQLITE_BUSY_SNAPSHOT:
		/* A transaction that read, then wrote after another connection
		 * had written: its snapshot is stale for good, so SQLite does
		 * not wait (no busy handler); a new transaction reads the new
		 * data. The other busy errors below have waited the busy
		 * timeout already, and SQLITE_LOCKED is this connection's own
		 * doing: retrying those would only wait again, or fail again. */
		db->retryable = true;
		return crm_error_set(err, CRM_ECONFLICT,
				     "database is busy (concurrent change): try again");
	}
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return crm_error_set(err, CRM_EINVALID, "%s", msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return crm_error_set(err, CRM_ECONFLICT,
				     "database is busy (concurrent change): try again");
	case SQLITE_READONLY:
		return crm_error_set(err, CRM_EINTERNAL,
				     "database file '%s' is read-only: check its permissions and its directory's",
				     db->label);
	case SQLITE_FULL:
		return crm_error_set(err, CRM_EINTERNAL,
				     "disk full while writing database file '%s'", db->label);
	case SQLITE_CANTOPEN:
		return crm_error_set(err, CRM_EINTERNAL, "cannot open database file '%s'%s%s",
				     db->label, sys ? ": " : "", sys ? strerror(sys) : "");
	case SQLITE_IOERR:
		return crm_error_set(err, CRM_EINTERNAL, "i/o error on database file '%s': %s",
				     db->label, sys ? strerror(sys) : msg);
	case SQLITE_NOTADB:
		return crm_error_set(err, CRM_EINTERNAL, "'%s' is not a SQLite database", db->label);
	case SQLITE_CORRUPT:
		return crm_error_set(err, CRM_EINTERNAL, "database file '%s' is corrupt", db->label);
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return crm_error_set(err, CRM_EINTERNAL,
				     "permission denied on database file '%s'", db->label);
	case SQLITE_TOOBIG:
		return crm_error_set(err, CRM_EINVALID, "value too large for the database");
	}
	return crm_error_set(err, CRM_EINTERNAL, "database error: %s", msg);
}

static enum crm_code sqlite_last_error(struct db *db, struct crm_error *err)
{
	return sqlite_error(db, sqlite3_extended_errcode(handle(db)),
			    sqlite3_errmsg(handle(db)), err);
}

static enum crm_code sq_exec(struct db *db, const char *sql, struct crm_error *err)
{
	char *msg = NULL;
	enum crm_code rc = CRM_OK;

	if (sqlite3_exec(handle(db), sql, NULL, NULL, &msg) != SQLITE_OK)
		rc = sqlite_error(db, sqlite3_extended_errcode(handle(db)), msg, err);
	sqlite3_free(msg);
	return rc;
}

static enum crm_code sq_begin(struct db *db, struct crm_error *err)
{
	/* IMMEDIATE takes the write lock now (waiting up to the busy timeout)
	 * so that a read-then-write transaction cannot fail halfway with
	 * SQLITE_BUSY, which a DEFERRED one would on its first write. */
	return sq_exec(db, "BEGIN IMMEDIATE", err);
}

static enum crm_code sq_commit(struct db *db, struct crm_error *err)
{
	return sq_exec(db, "COMMIT", err);
}

static bool sq_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(handle(db));
}

static void sq_rollback(struct db *db)
{
	if (sq_in_transaction(db))
		sqlite3_exec(handle(db), "ROLLBACK", NULL, NULL, NULL);
}

static void sq_close(struct db *db)
{
	if (!handle(db))
		return;
	/* Keeps the planner's statistics useful (SQLite's advice for short
	 * connections); the limit bounds ANALYZE on big tables to a moment. */
	sqlite3_exec(handle(db), "PRAGMA analysis_limit = 400; PRAGMA optimize",
		     NULL, NULL, NULL);
	sqlite3_close_v2(handle(db));
	db->impl = NULL;
}

/* Whether only blanks, semicolons and comments are left. */
static bool only_trivia(const char *p)
{
	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ';') {
			p++;
		} else if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			if (!end)
				return true;
			p = end + 2;
		} else {
			return false;
		}
	}
	return true;
}

static enum crm_code sq_prepare(struct db_stmt *st, struct crm_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	const char *tail = NULL;
	enum crm_code rc = CRM_OK;

	db_sql_scan_params(st->sql, false, &sql, NULL);
	/* PERSISTENT: these statements live in the cache for the
	 * connection's lifetime. */
	if (sqlite3_prepare_v3(handle(st->db), sql.buf, (int)sql.len + 1,
			       SQLITE_PREPARE_PERSISTENT, &s, &tail) != SQLITE_OK) {
		rc = sqlite_last_error(st->db, err);
		goto done;
	}
	if (!s) {
		rc = crm_error_set(err, CRM_EINTERNAL, "empty SQL statement");
		goto done;
	}
	if (tail && !only_trivia(tail)) {
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "db_prepare takes one SQL statement (use db_exec for scripts)");
		goto done;
	}
	st->impl = s;
	s = NULL;

done:
	sqlite3_finalize(s);
	strbuf_free(&sql);
	return rc;
}

static void sq_unprepare(struct db_stmt *st)
{
	sqlite3_finalize(st->impl);
	st->impl = NULL;
}

static enum crm_code bind_params(struct db_stmt *st, struct crm_error *err)
{
	sqlite3_stmt *s = st->impl;

	for (int i = 0; i < st->nparams; i++) {
		const struct db_param *p = &st->params[i];
		char when[DATETIME_TEXT_MAX];
		int rc;

		if (p->is_null) {
			rc = sqlite3_bind_null(s, i + 1);
		} else if (p->kind == DB_P_TEXT || p->kind == DB_P_DATE) {
			rc = sqlite3_bind_text(s, i + 1, p->text, -1, SQLITE_TRANSIENT);
		} else if (p->kind == DB_P_TIME) {
			datetime_format_sql(when, p->num);
			rc = sqlite3_bind_text(s, i + 1, when, -1, SQLITE_TRANSIENT);
		} else {
			rc = sqlite3_bind_int64(s, i + 1, p->num); /* int64, bool, cents */
		}
		if (rc != SQLITE_OK)
			return sqlite_error(st->db, rc, NULL, err);
	}
	return CRM_OK;
}

static enum crm_code sq_step(struct db_stmt *st, bool *has_row, struct crm_error *err)
{
	sqlite3_stmt *s = st->impl;
	enum crm_code rc;
	int r;

	if (st->state == DB_ST_READY) {
		sqlite3_reset(s);
		rc = bind_params(st, err);
		if (rc)
			return rc;
	}
	r = sqlite3_step(s);
	if (r == SQLITE_ROW) {
		*has_row = true;
		return CRM_OK;
	}
	if (r == SQLITE_DONE) {
		/* sqlite3_changes() belongs to the connection: a SELECT would
		 * report the last write's count. */
		st->changes = sqlite3_stmt_readonly(s) ? 0 : sqlite3_changes64(handle(st->db));
		return CRM_OK;
	}
	rc = sqlite_last_error(st->db, err);
	sqlite3_reset(s);
	return rc;
}

static void sq_reset(struct db_stmt *st)
{
	sqlite3_reset(st->impl);
}

static bool col_ok(struct db_stmt *st, int col)
{
	return col >= 0 && col < sqlite3_column_count(st->impl);
}

static bool sq_column_is_null(struct db_stmt *st, int col)
{
	return !col_ok(st, col) || sqlite3_column_type(st->impl, col) == SQLITE_NULL;
}

static int64_t sq_column_int64(struct db_stmt *st, int col)
{
	return col_ok(st, col) ? sqlite3_column_int64(st->impl, col) : 0;
}

static const char *sq_column_text(struct db_stmt *st, int col)
{
	const unsigned char *t = col_ok(st, col) ? sqlite3_column_text(st->impl, col) : NULL;

	return t ? (const char *)t : "";
}

static bool sq_column_bool(struct db_stmt *st, int col)
{
	return sq_column_int64(st, col) != 0;
}

static int64_t sq_column_cents(struct db_stmt *st, int col)
{
	int64_t cents = 0;

	if (!col_ok(st, col))
		return 0;
	switch (sqlite3_column_type(st->impl, col)) {
	case SQLITE_INTEGER:
		return sqlite3_column_int64(st->impl, col);
	case SQLITE_FLOAT: {
		/* Cents computed in floating point (avg()): the nearest cent. */
		double d = sqlite3_column_double(st->impl, col);
		return (int64_t)(d < 0 ? d - 0.5 : d + 0.5);
	}
	case SQLITE_TEXT:
		if (db_parse_numeric_cents(sq_column_text(st, col), &cents) == 0)
			return cents;
		return 0;
	}
	return 0;
}

static int64_t sq_column_time(struct db_stmt *st, int col)
{
	int64_t t = 0;

	if (!col_ok(st, col))
		return 0;
	switch (sqlite3_column_type(st->impl, col)) {
	case SQLITE_INTEGER: /* strftime('%s', ...) and unixepoch() give seconds */
		return sqlite3_column_int64(st->impl, col);
	case SQLITE_TEXT:
		if (datetime_parse_sql(&t, sq_column_text(st, col)) == 0)
			return t;
		return 0;
	}
	return 0;
}

/* A file stays open whatever happens to it: I/O errors show per statement. */
static bool sq_connected(struct db *db)
{
	return db->impl != NULL;
}

static bool sq_alive(struct db *db)
{
	return sq_connected(db);
}

/* sqlite3_interrupt is safe from any thread while the connection is open. */
static void sq_cancel(struct db *db)
{
	if (db->impl)
		sqlite3_interrupt(handle(db));
}

static const struct db_driver sqlite_driver = {
	.close = sq_close,
	.exec = sq_exec,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.in_transaction = sq_in_transaction,
	.connected = sq_connected,
	.alive = sq_alive,
	.cancel = sq_cancel,
	.prepare = sq_prepare,
	.unprepare = sq_unprepare,
	.step = sq_step,
	.reset = sq_reset,
	.column_is_null = sq_column_is_null,
	.column_int64 = sq_column_int64,
	.column_text = sq_column_text,
	.column_bool = sq_column_bool,
	.column_cents = sq_column_cents,
	.column_time = sq_column_time,
};

/* Creates a missing database file as 0600 before SQLite does (it would use
 * 0644 less the umask): the file holds password hashes and the token key.
 * SQLite gives its -wal and -shm files the database file's mode. */
static enum crm_code create_private(const char *path, struct crm_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0600);

	if (fd >= 0) {
		close(fd);
		return CRM_OK;
	}
	if (errno == EEXIST)
		return CRM_OK;
	if (errno == ENOENT)
		return crm_error_set(err, CRM_EINTERNAL,
				     "cannot create database file '%s': its directory does not exist",
				     path);
	return crm_error_set(err, CRM_EINTERNAL, "cannot create database file '%s': %s",
			     path, strerror(errno));
}

enum crm_code db_sqlite_open(struct db *db, const char *path, struct crm_error *err)
{
	sqlite3 *h = NULL;
	enum crm_code rc = CRM_OK;
	char pragmas[256];

	db->drv = &sqlite_driver;
	db->dialect = DB_SQLITE;
	db->label = xstrdup(path);
	if (strcmp(path, ":memory:") != 0) {
		rc = create_private(path, err);
		if (rc)
			goto done;
	}
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_EXRESCODE, NULL) != SQLITE_OK) {
		db->impl = h;
		rc = h ? sqlite_last_error(db, err)
		       : crm_error_set(err, CRM_EINTERNAL, "cannot open database file '%s'", path);
		goto done;
	}
	db->impl = h;
	sqlite3_extended_result_codes(h, 1);
	/* busy_timeout first, so that switching to WAL waits for a busy
	 * database instead of failing. NORMAL is durable enough with WAL (a
	 * power cut may lose the last commits, never consistency). */
	snprintf(pragmas, sizeof pragmas,
		 "PRAGMA busy_timeout = %d; PRAGMA foreign_keys = ON; "
		 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
		 SQLITE_BUSY_MS);
	rc = sq_exec(db, pragmas, err);

done:
	if (rc && db->impl) {
		sqlite3_close_v2(db->impl);
		db->impl = NULL;
	}
	return rc;
}
