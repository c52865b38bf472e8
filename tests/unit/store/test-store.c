/*
 * test-store.c — the database driver and the migrations, against a real
 * database: `test-store sqlite` (a temporary file) or `test-store pg`
 * (a fresh database per test on the server named by EPICEVENTS_TEST_PG).
 *
 * Without EPICEVENTS_TEST_PG the PostgreSQL run is skipped (exit 77),
 * unless EPICEVENTS_REQUIRE_PG is set: then it fails.
 */
#define _GNU_SOURCE /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <glob.h>
#include <libpq-fe.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/db-driver.h"
#include "store/db.h"
#include "store/migrate.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- the backend under test ------------------------------------------ */

static struct {
	enum db_dialect dialect;
	char tmpdir[64];      /* SQLite files, and scratch */
	const char *pg_base;  /* EPICEVENTS_TEST_PG */
	struct db *admin;     /* PostgreSQL: CREATE/DROP DATABASE */
	char *created[64];    /* databases to drop at the end */
	int ncreated;
	int counter;
} B;

static struct crm_error E;

#define OK(expr)                                                                 \
	do {                                                                     \
		enum crm_code rc_ = (expr);                                      \
		if (rc_ != CRM_OK)                                               \
			fail_msg("%s failed: code %d: %s", #expr, rc_, E.msg);   \
	} while (0)

#define EXPECT(code, expr)                                                       \
	do {                                                                     \
		crm_error_clear(&E);                                             \
		enum crm_code rc_ = (expr);                                      \
		if (rc_ != (code))                                               \
			fail_msg("%s: expected code %d, got %d: %s", #expr, (code), \
				 rc_, E.msg);                                    \
	} while (0)

#define HAS(haystack, needle)                                                    \
	do {                                                                     \
		if (!strstr((haystack), (needle)))                               \
			fail_msg("'%s' does not contain '%s'", (haystack), (needle)); \
	} while (0)

#define HAS_NOT(haystack, needle)                                                \
	do {                                                                     \
		if (strstr((haystack), (needle)))                                \
			fail_msg("'%s' contains '%s'", (haystack), (needle));    \
	} while (0)

static bool is_pg(void)
{
	return B.dialect == DB_POSTGRES;
}

/* base's options with dbname replaced, as a key='value' string. */
static char *pg_conninfo_for(const char *dbname)
{
	char *errmsg = NULL;
	PQconninfoOption *opts = PQconninfoParse(B.pg_base, &errmsg);
	struct strbuf sb = STRBUF_INIT;

	if (!opts)
		fail_msg("EPICEVENTS_TEST_PG: %s", errmsg ? errmsg : "unparsable");
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val || strcmp(o->keyword, "dbname") == 0)
			continue;
		strbuf_printf(&sb, "%s='", o->keyword);
		for (const char *p = o->val; *p; p++) {
			if (*p == '\'' || *p == '\\')
				strbuf_putc(&sb, '\\');
			strbuf_putc(&sb, *p);
		}
		strbuf_puts(&sb, "' ");
	}
	strbuf_printf(&sb, "dbname='%s'", dbname);
	PQconninfoFree(opts);
	return strbuf_detach(&sb);
}

/* A URL for a new, empty database. */
static char *fresh_url(void)
{
	char name[64];

	B.counter++;
	if (!is_pg())
		return xasprintf("sqlite:%s/db%d.sqlite", B.tmpdir, B.counter);
	snprintf(name, sizeof name, "test_store_%ld_%d", (long)getpid(), B.counter);
	char *sql = xasprintf("CREATE DATABASE %s", name);
	OK(db_exec(B.admin, sql, &E));
	free(sql);
	assert_true(B.ncreated < 64);
	B.created[B.ncreated++] = xstrdup(name);
	return pg_conninfo_for(name);
}

static struct db *fresh_db(char **url_out)
{
	char *url = fresh_url();
	struct db *db = NULL;

	OK(db_open(&db, url, &E));
	assert_int_equal(db_dialect(db), B.dialect);
	if (url_out)
		*url_out = url;
	else
		free(url);
	return db;
}

static int64_t q_int(struct db *db, const char *sql)
{
	struct db_stmt *st;
	bool row = false;
	int64_t v;

	OK(db_prepare(db, &st, sql, &E));
	OK(db_step(st, &row, &E));
	assert_true(row);
	v = db_column_int64(st, 0);
	db_finalize(st);
	return v;
}

/* ---- URLs --------------------------------------------------------------- */

static void test_open_urls(void **state)
{
	struct db *db = NULL;
	char path[PATH_MAX];
	char *url;
	struct stat sb;

	(void)state;
	EXPECT(CRM_EINVALID, db_open(&db, "mysql://u:pw@h/x", &E));
	assert_null(db);
	HAS(E.msg, "unknown database URL scheme 'mysql' (use postgresql:// or sqlite:PATH)");
	EXPECT(CRM_EINVALID, db_open(&db, "", &E));
	EXPECT(CRM_EINVALID, db_open(&db, "sqlite:", &E));

	/* The SQLite spellings, all the same file. */
	snprintf(path, sizeof path, "%s/urls.db", B.tmpdir);
	const char *prefixes[] = { "sqlite:", "sqlite://", "SQLite:", "" };
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		url = xasprintf("%s%s", prefixes[i], path);
		OK(db_open(&db, url, &E));
		assert_int_equal(db_dialect(db), DB_SQLITE);
		OK(db_run(db, "CREATE TABLE IF NOT EXISTS t (x INTEGER)", &E));
		OK(db_run(db, "INSERT INTO t VALUES (1)", &E));
		assert_int_equal(q_int(db, "SELECT count(*) FROM t"), (int64_t)i + 1);
		db_close(db);
		free(url);
	}
	/* sqlite:///abs/path is the absolute path. */
	url = xasprintf("sqlite://%s", path);
	assert_int_equal(url[9], '/');
	free(url);
	/* Private: it holds password hashes. */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* A path with '=' is still a path. */
	url = xasprintf("%s/a=b.db", B.tmpdir);
	OK(db_open(&db, url, &E));
	assert_int_equal(db_dialect(db), DB_SQLITE);
	db_close(db);
	free(url);

	EXPECT(CRM_EINTERNAL, db_open(&db, "/nonexistent-dir-h2/x.db", &E));
	HAS(E.msg, "'/nonexistent-dir-h2/x.db'");
	HAS(E.msg, "directory does not exist");

	/* A file that is not a database. */
	url = xasprintf("%s/not-a-db", B.tmpdir);
	FILE *f = fopen(url, "w");
	assert_non_null(f);
	fputs("this is not a database file, not at all, really not\n", f);
	fclose(f);
	EXPECT(CRM_EINTERNAL, db_open(&db, url, &E));
	HAS(E.msg, "is not a SQLite database");
	free(url);

	/* PostgreSQL: unreachable, named, no password. Port 1 refuses at once. */
	EXPECT(CRM_EINTERNAL, db_open(&db, "postgresql://bob:s3cretpw@127.0.0.1:1/crm", &E));
	HAS(E.msg, "cannot connect to PostgreSQL at '127.0.0.1:1' (database 'crm'): ");
	HAS_NOT(E.msg, "s3cretpw");
	HAS_NOT(E.msg, "\n");
	EXPECT(CRM_EINTERNAL, db_open(&db, "host=127.0.0.1 port=1 user=bob password=s3cretpw dbname=crm", &E));
	HAS(E.msg, "'127.0.0.1:1' (database 'crm')");
	HAS_NOT(E.msg, "s3cretpw");
	EXPECT(CRM_EINTERNAL, db_open(&db, "postgres://bob@127.0.0.1:1/crm", &E));
	/* Malformed: a usage error, still without the password. */
	EXPECT(CRM_EINVALID, db_open(&db, "host=127.0.0.1 password s3cretpw", &E));
	HAS(E.msg, "invalid PostgreSQL connection string");
	HAS_NOT(E.msg, "s3cretpw");
	EXPECT(CRM_EINVALID, db_open(&db, "postgresql://bob:s3cretpw@[::1/crm", &E));
	HAS_NOT(E.msg, "s3cretpw");
	assert_null(db);
}

/* ---- pure helpers ------------------------------------------------------- */

static void test_numeric_parse(void **state)
{
	static const struct {
		const char *text;
		int ok;
		int64_t cents;
	} cases[] = {
		{ "10000.00", 0, 1000000 }, { "5000.5", 0, 500050 }, { "7", 0, 700 },
		{ "0", 0, 0 }, { "0.01", 0, 1 }, { "99999999.99", 0, 9999999999 },
		{ "-12.34", 0, -1234 }, { "-12.345", 0, -1235 }, { "0.005", 0, 1 },
		{ "0.004", 0, 0 }, { ".5", 0, 50 }, { "+3", 0, 300 },
		{ "123456789012345678901234", 0, INT64_MAX },
		{ "NaN", -1, 0 }, { "", -1, 0 }, { "1e3", -1, 0 }, { "1.2.3", -1, 0 },
		{ "-", -1, 0 }, { " 1", -1, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int64_t v = -42;
		int r = db_parse_numeric_cents(cases[i].text, &v);
		if (r != cases[i].ok || (r == 0 && v != cases[i].cents))
			fail_msg("'%s': got %d/%lld", cases[i].text, r, (long long)v);
	}
}

static void test_scan_params(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char *bad = NULL;

	(void)state;
	assert_int_equal(db_sql_scan_params(
		"SELECT $1, '$2', \"$3\", $10 -- $4\n/* $5 */ $2, 'it''s $6'", false, &sb, &bad), 10);
	assert_string_equal(sb.buf,
		"SELECT ?1, '$2', \"$3\", ?10 -- $4\n/* $5 */ ?2, 'it''s $6'");
	strbuf_reset(&sb);
	/* SQLite's other quotes. */
	assert_int_equal(db_sql_scan_params("SELECT [$7], `$8`, $3", false, &sb, NULL), 3);
	assert_string_equal(sb.buf, "SELECT [$7], `$8`, ?3");
	strbuf_reset(&sb);
	/* PostgreSQL: dollar quotes, E'' strings, nested comments, a$1. */
	assert_int_equal(db_sql_scan_params(
		"SELECT $$ $7 $$, $tag$ $8 $$ $tag$, E'\\' $9', a$1, /* /* $5 */ $6 */ $2",
		true, NULL, NULL), 2);
	assert_int_equal(db_sql_scan_params("SELECT 1", true, NULL, NULL), 0);
	assert_int_equal(db_sql_scan_params("SELECT $0", true, NULL, &bad), -1);
	assert_string_equal(bad, "$0");
	assert_int_equal(db_sql_scan_params("SELECT $99999999999", false, NULL, &bad), -1);
	strbuf_free(&sb);

	char out[64];
	db_scrub_message(out, sizeof out, "a hunter2 b hunter2\nsecond line", "hunter2");
	assert_string_equal(out, "a *** b ***");
	db_scrub_message(out, 8, "0123456789", NULL);
	assert_string_equal(out, "0123456");
}

/* ---- types -------------------------------------------------------------- */

struct row {
	bool null;
	int64_t i;
	const char *s;
	bool b;
	int64_t c;
	int64_t ts;
};

static void test_types(void **state)
{
	static const struct row rows[] = {
		{ false, 0, "", false, 0, 0 },
		{ false, INT64_MAX, "Salle des f\xc3\xaates de Mufflins \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80",
		  true, 1, 1683298800 },
		{ false, INT64_MIN, "it's \"quoted\" \\ $1 ?1 %s", true, INT64_C(9999999999),
		  INT64_C(253402300799) /* 9999-12-31 23:59:59 */ },
		{ false, -1, "x", false, 12345, INT64_C(-2208988800) /* 1900-01-01 */ },
		{ false, 42, "\t\n", false, 50, 1700000000 },
		{ true, 0, NULL, false, 0, 0 },
	};
	struct db *db = fresh_db(NULL);
	struct db_stmt *ins, *sel;
	bool row;

	(void)state;
	OK(db_exec(db, is_pg()
		? "CREATE TABLE t (id SERIAL PRIMARY KEY, i BIGINT, s TEXT, b BOOLEAN, "
		  "c NUMERIC(10,2), ts TIMESTAMP)"
		: "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, s TEXT, b INTEGER, "
		  "c INTEGER, ts TEXT)", &E));

	/* One statement, re-bound for every row. */
	OK(db_prepare(db, &ins, "INSERT INTO t (i, s, b, c, ts) VALUES ($1, $2, $3, $4, $5)", &E));
	for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
		const struct row *r = &rows[k];
		if (r->null) {
			db_bind_null(ins, 1);
			db_bind_text(ins, 2, NULL);
			db_bind_null(ins, 3);
			db_bind_null(ins, 4);
			db_bind_null(ins, 5);
		} else {
			db_bind_int64(ins, 1, r->i);
			db_bind_text(ins, 2, r->s);
			db_bind_bool(ins, 3, r->b);
			db_bind_cents(ins, 4, r->c);
			db_bind_time(ins, 5, r->ts);
		}
		OK(db_step(ins, &row, &E));
		assert_false(row);
		assert_int_equal(db_changes(ins), 1);
	}
	db_finalize(ins);

	OK(db_prepare(db, &sel, "SELECT i, s, b, c, ts FROM t ORDER BY id", &E));
	for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
		const struct row *r = &rows[k];
		OK(db_step(sel, &row, &E));
		assert_true(row);
		for (int col = 0; col < 5; col++)
			assert_int_equal(db_column_is_null(sel, col), r->null);
		if (r->null) {
			assert_int_equal(db_column_int64(sel, 0), 0);
			assert_string_equal(db_column_text(sel, 1), "");
			assert_false(db_column_bool(sel, 2));
			assert_int_equal(db_column_cents(sel, 3), 0);
			assert_int_equal(db_column_time(sel, 4), 0);
			continue;
		}
		assert_int_equal(db_column_int64(sel, 0), r->i);
		assert_string_equal(db_column_text(sel, 1), r->s);
		assert_int_equal(db_column_bool(sel, 2), r->b);
		assert_int_equal(db_column_cents(sel, 3), r->c);
		assert_int_equal(db_column_time(sel, 4), r->ts);
	}
	OK(db_step(sel, &row, &E));
	assert_false(row);
	/* After the end: still the end until a reset. */
	OK(db_step(sel, &row, &E));
	assert_false(row);
	db_reset(sel);
	OK(db_step(sel, &row, &E));
	assert_true(row);
	assert_int_equal(db_column_int64(sel, 0), 0);
	/* Out of range columns read as NULL. */
	assert_true(db_column_is_null(sel, 5));
	assert_true(db_column_is_null(sel, -1));
	assert_string_equal(db_column_text(sel, 9), "");
	db_finalize(sel);

	/* Expressions: booleans, counts, the clock. */
	OK(db_prepare(db, &sel, "SELECT 1 < 2, 2 < 1, count(*), CURRENT_TIMESTAMP FROM t", &E));
	OK(db_step(sel, &row, &E));
	assert_true(row);
	assert_true(db_column_bool(sel, 0));
	assert_false(db_column_bool(sel, 1));
	assert_int_equal(db_column_int64(sel, 2), 6);
	int64_t now = (int64_t)time(NULL);
	int64_t ts = db_column_time(sel, 3);
	assert_true(ts > now - 5 && ts < now + 5);
	db_finalize(sel);

	/* Parameters in expressions, with no column to type them. */
	OK(db_prepare(db, &sel, "SELECT $1, $2, $3 WHERE $4 > 0", &E));
	db_bind_text(sel, 1, "a");
	db_bind_cents(sel, 2, 12345);
	db_bind_time(sel, 3, 1683298800);
	db_bind_int64(sel, 4, 1);
	OK(db_step(sel, &row, &E));
	assert_true(row);
	assert_string_equal(db_column_text(sel, 0), "a");
	assert_int_equal(db_column_cents(sel, 1), 12345);
	assert_int_equal(db_column_time(sel, 2), 1683298800);
	db_finalize(sel);

	if (is_pg()) {
		/* NUMERIC text as PostgreSQL writes it; TIMESTAMPTZ with offset. */
		OK(db_prepare(db, &sel,
			"SELECT CAST('5000.5' AS NUMERIC), CAST('7' AS NUMERIC), "
			"CAST('10000.00' AS NUMERIC(10,2)), sum(c), "
			"CAST('2023-05-05 17:00:00+02' AS TIMESTAMPTZ), now(), "
			"CAST('2023-05-05 15:00:00.654321' AS TIMESTAMP) FROM t", &E));
		OK(db_step(sel, &row, &E));
		assert_int_equal(db_column_cents(sel, 0), 500050);
		assert_int_equal(db_column_cents(sel, 1), 700);
		assert_int_equal(db_column_cents(sel, 2), 1000000);
		assert_int_equal(db_column_cents(sel, 3), 1 + INT64_C(9999999999) + 12345 + 50);
		assert_int_equal(db_column_time(sel, 4), 1683298800);
		ts = db_column_time(sel, 5);
		assert_true(ts > now - 5 && ts < now + 5);
		assert_int_equal(db_column_time(sel, 6), 1683298800);
		db_finalize(sel);
	}
	db_close(db);
}

/* ---- placeholders and the statement cache ------------------------------ */

static void test_placeholders(void **state)
{
	struct db *db = fresh_db(NULL);
	struct db_stmt *st, *st2;
	bool row;

	(void)state;
	/* Out of order, and one used twice. */
	OK(db_prepare(db, &st, "SELECT $2, $1, $2 || $1", &E));
	db_bind_text(st, 1, "a");
	db_bind_text(st, 2, "b");
	OK(db_step(st, &row, &E));
	assert_true(row);
	assert_string_equal(db_column_text(st, 0), "b");
	assert_string_equal(db_column_text(st, 1), "a");
	assert_string_equal(db_column_text(st, 2), "ba");
	db_finalize(st);

	/* '$1' in a literal, identifiers and comments is text, not a parameter. */
	OK(db_prepare(db, &st,
		"SELECT '$1', $1, \"x$2\" FROM (SELECT 7 AS \"x$2\") AS q /* $3 */ -- $4", &E));
	db_bind_text(st, 1, "v");
	OK(db_step(st, &row, &E));
	assert_true(row);
	assert_string_equal(db_column_text(st, 0), "$1");
	assert_string_equal(db_column_text(st, 1), "v");
	assert_int_equal(db_column_int64(st, 2), 7);
	db_finalize(st);

	/* Unbound and out-of-range parameters are programming errors. */
	OK(db_prepare(db, &st, "SELECT $1, $2", &E));
	db_bind_int64(st, 1, 1);
	EXPECT(CRM_EINTERNAL, db_step(st, &row, &E));
	HAS(E.msg, "parameter $2 is not bound");
	EXPECT(CRM_EINTERNAL, db_step(st, &row, &E)); /* failed: reset first */
	db_bind_int64(st, 2, 2);
	OK(db_step(st, &row, &E));
	assert_true(row);
	assert_int_equal(db_column_int64(st, 1), 2);
	db_bind_int64(st, 3, 3);
	EXPECT(CRM_EINTERNAL, db_step(st, &row, &E));
	HAS(E.msg, "parameter $3 is out of range");
	db_finalize(st);

	/* The cache: the same text comes back once finalized; two at once are
	 * two statements. */
	OK(db_prepare(db, &st, "SELECT $1 + 1", &E));
	db_finalize(st);
	OK(db_prepare(db, &st2, "SELECT $1 + 1", &E));
	assert_ptr_equal(st, st2);
	OK(db_prepare(db, &st, "SELECT $1 + 1", &E));
	assert_ptr_not_equal(st, st2);
	db_bind_int64(st, 1, 1);
	db_bind_int64(st2, 1, 10);
	OK(db_step(st, &row, &E));
	assert_int_equal(db_column_int64(st, 0), 2);
	OK(db_step(st, &row, &E));
	assert_false(row);
	OK(db_step(st2, &row, &E));
	assert_int_equal(db_column_int64(st2, 0), 11);
	db_finalize(st);
	db_finalize(st2);
	/* The same text bound with another type (PostgreSQL: another
	 * server-side statement). */
	OK(db_prepare(db, &st, "SELECT $1", &E));
	db_bind_int64(st, 1, 5);
	OK(db_step(st, &row, &E));
	assert_string_equal(db_column_text(st, 0), "5");
	db_bind_text(st, 1, "five");
	OK(db_step(st, &row, &E));
	assert_string_equal(db_column_text(st, 0), "five");
	db_bind_null(st, 1);
	if (is_pg()) {
		/* An untyped NULL reuses a typed statement. */
		OK(db_step(st, &row, &E));
		assert_true(db_column_is_null(st, 0));
	}
	db_finalize(st);

	/* Many texts: the cache trims itself, statements stay correct. */
	for (int i = 0; i < 300; i++) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT %d + $1", i);
		OK(db_prepare(db, &st, sql, &E));
		db_bind_int64(st, 1, 1);
		OK(db_step(st, &row, &E));
		assert_int_equal(db_column_int64(st, 0), i + 1);
		db_finalize(st);
	}
	assert_int_equal(q_int(db, "SELECT 41 + 1"), 42);

	/* One statement per prepare. */
	EXPECT(CRM_EINTERNAL, is_pg() ? db_run(db, "SELECT 1; SELECT 2", &E)
				      : db_prepare(db, &st, "SELECT 1; SELECT 2", &E));
	/* A syntax error names the problem. */
	EXPECT(CRM_EINTERNAL, db_run(db, "SELEKT 1", &E));
	HAS(E.msg, "syntax error");
	db_close(db);
}

/* The idioms the entity queries use, which PostgreSQL must type without
 * casts: parameters typed from their binds, untyped NULLs from context. */
static void test_param_typing(void **state)
{
	struct db *db = fresh_db(NULL);
	struct db_stmt *st;
	bool row;
	int64_t now = (int64_t)time(NULL);

	(void)state;
	OK(migrate_apply(db, NULL, NULL, &E));
	for (int i = 0; i < 2; i++) {
		OK(db_prepare(db, &st, "INSERT INTO departments (name, description) "
				       "SELECT $1, $2 WHERE NOT EXISTS "
				       "(SELECT 1 FROM departments WHERE lower(name) = lower($1))", &E));
		db_bind_text(st, 1, "Commercial");
		db_bind_text(st, 2, i ? NULL : "Sales");
		OK(db_step(st, &row, &E));
		assert_int_equal(db_changes(st), i ? 0 : 1);
		db_finalize(st);
	}
	OK(db_prepare(db, &st, "INSERT INTO users (employee_id, name, email, password_hash, "
			       "department_id, creation_date) VALUES ($1, $2, $3, $4, $5, $6) "
			       "RETURNING id", &E));
	db_bind_text(st, 1, "C1");
	db_bind_text(st, 2, "Bill");
	db_bind_text(st, 3, "bill@x.io");
	db_bind_text(st, 4, "$pbkdf2-sha256$29000$abc$def");
	db_bind_int64(st, 5, 1);
	db_bind_time(st, 6, now);
	OK(db_step(st, &row, &E));
	assert_true(row);
	int64_t uid = db_column_int64(st, 0);
	db_finalize(st);

	OK(db_prepare(db, &st, "UPDATE users SET employee_id = COALESCE($2, employee_id), "
			       "name = COALESCE($3, name), department_id = COALESCE($4, department_id), "
			       "tokens_valid_after = CASE WHEN $5 > tokens_valid_after THEN $5 "
			       "ELSE tokens_valid_after END WHERE id = $1", &E));
	db_bind_int64(st, 1, uid);
	db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, "Bill B.");
	db_bind_null(st, 4);
	db_bind_int64(st, 5, now);
	OK(db_step(st, &row, &E));
	assert_int_equal(db_changes(st), 1);
	db_finalize(st);

	OK(db_prepare(db, &st, "SELECT employee_id, name, department_id, tokens_valid_after, "
			       "creation_date FROM users WHERE ($1 IS NULL OR lower(email) = $1) "
			       "AND (CAST($2 AS TEXT) IS NULL OR name LIKE $2 ESCAPE '\\') "
			       "AND creation_date >= $3 ORDER BY id LIMIT $4 OFFSET $5", &E));
	db_bind_text(st, 1, "bill@x.io");
	db_bind_text(st, 2, "%ill B\\.%");
	db_bind_time(st, 3, now - 1);
	db_bind_int64(st, 4, 10);
	db_bind_int64(st, 5, 0);
	OK(db_step(st, &row, &E));
	assert_true(row);
	assert_string_equal(db_column_text(st, 0), "C1");
	assert_string_equal(db_column_text(st, 1), "Bill B.");
	assert_int_equal(db_column_int64(st, 2), 1);
	assert_int_equal(db_column_int64(st, 3), now);
	assert_int_equal(db_column_time(st, 4), now);
	db_bind_text(st, 1, NULL); /* typed NULL: no filter */
	db_bind_null(st, 2);
	OK(db_step(st, &row, &E));
	assert_true(row);
	db_finalize(st);

	/* NULLs into nullable columns, untyped. */
	OK(db_prepare(db, &st, "INSERT INTO audit_log (actor_id, actor_label, action, entity, "
			       "entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)", &E));
	db_bind_null(st, 1);
	db_bind_text(st, 2, NULL);
	db_bind_text(st, 3, "login_failed");
	db_bind_text(st, 4, "session");
	db_bind_null(st, 5);
	db_bind_text(st, 6, "{\"email\":\"x\"}");
	OK(db_step(st, &row, &E));
	db_finalize(st);
	assert_int_equal(q_int(db, "SELECT count(*) FROM audit_log WHERE actor_id IS NULL"), 1);

	/* Ids are never reused, even after deleting the newest. */
	OK(db_run(db, "DELETE FROM users", &E));
	OK(db_prepare(db, &st, "INSERT INTO users (employee_id, name, email, password_hash, "
			       "department_id) VALUES ('C2', 'N', 'n@x.io', 'h', 1) RETURNING id", &E));
	OK(db_step(st, &row, &E));
	assert_true(db_column_int64(st, 0) > uid);
	db_finalize(st);

	if (is_pg()) {
		/* The cache's evictions reach the server. */
		for (int i = 0; i < 200; i++) {
			char sql[64];
			snprintf(sql, sizeof sql, "SELECT %d", i);
			OK(db_run(db, sql, &E));
		}
		assert_true(q_int(db, "SELECT count(*) FROM pg_prepared_statements") <= 140);
	}
	db_close(db);
}

/* ---- errors ------------------------------------------------------------- */

static enum crm_code insert_user(struct db *db, const char *emp, const char *email)
{
	struct db_stmt *st;
	bool row;
	enum crm_code rc = db_prepare(db, &st,
		"INSERT INTO users (employee_id, name, email, password_hash, department_id) "
		"VALUES ($1, 'N', $2, 'h', 1)", &E);

	if (rc)
		return rc;
	db_bind_text(st, 1, emp);
	db_bind_text(st, 2, email);
	rc = db_step(st, &row, &E);
	db_finalize(st);
	return rc;
}

static void test_errors(void **state)
{
	struct db *db = fresh_db(NULL);

	(void)state;
	OK(migrate_apply(db, NULL, NULL, &E));
	OK(db_run(db, "INSERT INTO departments (name) VALUES ('Commercial')", &E));

	/* unique -> conflict, naming the constraint, never the value */
	EXPECT(CRM_ECONFLICT, db_run(db, "INSERT INTO departments (name) VALUES ('Commercial')", &E));
	HAS(E.msg, "duplicate value violates '");
	HAS(E.msg, is_pg() ? "departments_name_key" : "departments.name");
	OK(insert_user(db, "E1", "secret-value@x.io"));
	EXPECT(CRM_ECONFLICT, insert_user(db, "E2", "secret-value@x.io"));
	HAS_NOT(E.msg, "secret-value");
	EXPECT(CRM_ECONFLICT, insert_user(db, "E3", "SECRET-VALUE@x.io")); /* lower(email) */
	EXPECT(CRM_ECONFLICT, insert_user(db, "E1", "other@x.io"));
	HAS(E.msg, is_pg() ? "uq_employee_id" : "users.employee_id");

	/* check -> invalid */
	OK(db_run(db, "INSERT INTO clients (full_name, email, phone, company_name, creation_date) "
		      "VALUES ('C', 'c@x.io', '0123456', 'Co', CURRENT_TIMESTAMP)", &E));
	struct db_stmt *st;
	bool row;
	OK(db_prepare(db, &st, "INSERT INTO contracts (client_id, commercial_contact_id, "
			       "total_amount, remaining_amount, creation_date, is_signed) "
			       "VALUES (1, 1, $1, $2, CURRENT_TIMESTAMP, $3)", &E));
	db_bind_cents(st, 1, 1000);
	db_bind_cents(st, 2, 2000);
	db_bind_bool(st, 3, false);
	EXPECT(CRM_EINVALID, db_step(st, &row, &E));
	HAS(E.msg, "value violates check 'contracts_amounts_check'");
	db_bind_cents(st, 2, 500);
	OK(db_step(st, &row, &E));
	db_finalize(st);

	/* foreign key -> conflict, both directions */
	EXPECT(CRM_ECONFLICT, db_run(db, "INSERT INTO events (contract_id, name, start_date, end_date, "
					 "location, attendees_count) VALUES (999, 'E', "
					 "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'L', 1)", &E));
	HAS(E.msg, "foreign key");
	EXPECT(CRM_ECONFLICT, db_run(db, "DELETE FROM users", &E));

	/* not null -> invalid */
	EXPECT(CRM_EINVALID, db_run(db, "INSERT INTO departments (description) VALUES ('d')", &E));
	HAS(E.msg, "missing value for '");

	if (is_pg()) {
		/* Serialization failure and deadlock, raised on purpose; the
		 * dollar-quoted body also holds a '$1' that is no parameter. */
		EXPECT(CRM_ECONFLICT, db_run(db, "DO $$ BEGIN IF '$1' <> '' THEN RAISE EXCEPTION "
						 "USING ERRCODE = '40001'; END IF; END $$", &E));
		assert_string_equal(E.msg, "concurrent change: try again");
		assert_true(db_retryable(db)); /* a new attempt may pass */
		EXPECT(CRM_ECONFLICT, db_run(db, "DO $body$ BEGIN RAISE EXCEPTION 'x' "
						 "USING ERRCODE = '40P01'; END $body$", &E));
		assert_true(db_retryable(db));
		/* Other conflicts would only fail again; the next statement
		 * speaks for itself. */
		EXPECT(CRM_ECONFLICT, db_run(db, "DO $body$ BEGIN RAISE EXCEPTION 'x' "
						 "USING ERRCODE = '55P03'; END $body$", &E));
		assert_false(db_retryable(db));
		EXPECT(CRM_ECONFLICT, db_run(db, "INSERT INTO departments (name) VALUES ('Commercial')", &E));
		assert_false(db_retryable(db));
		/* In a transaction the flag outlives the statements that fail
		 * after it (aborted) and the rollback; db_begin clears it. */
		OK(db_begin(db, &E));
		EXPECT(CRM_ECONFLICT, db_run(db, "DO $body$ BEGIN RAISE EXCEPTION 'x' "
						 "USING ERRCODE = '40001'; END $body$", &E));
		EXPECT(CRM_EINTERNAL, db_run(db, "SELECT 1", &E));
		EXPECT(CRM_EINTERNAL, db_commit(db, &E));
		db_rollback(db);
		assert_true(db_retryable(db));
		OK(db_begin(db, &E));
		assert_false(db_retryable(db));
		db_rollback(db);
		/* Data errors do not echo the value. */
		OK(db_prepare(db, &st, "SELECT CAST($1 AS INTEGER)", &E));
		db_bind_text(st, 1, "not-a-number-secret");
		EXPECT(CRM_EINTERNAL, db_step(st, &row, &E));
		HAS_NOT(E.msg, "secret");
		db_finalize(st);
		/* Too long for VARCHAR(50). */
		OK(db_prepare(db, &st, "INSERT INTO departments (name) VALUES ($1)", &E));
		db_bind_text(st, 1, "0123456789012345678901234567890123456789012345678901234567890");
		EXPECT(CRM_EINVALID, db_step(st, &row, &E));
		db_finalize(st);

		/* The connection dies under us. */
		EXPECT(CRM_EINTERNAL, db_run(db, "SELECT pg_terminate_backend(pg_backend_pid())", &E));
		assert_string_equal(E.msg, "lost connection to the database");
		EXPECT(CRM_EINTERNAL, db_run(db, "SELECT 1", &E));
		assert_string_equal(E.msg, "lost connection to the database");
		EXPECT(CRM_EINTERNAL, db_begin(db, &E));
		db_rollback(db);
	} else {
		/* A write to a read-only file names the file. */
		char *url = NULL;
		struct db *ro;
		char *path;
		db_close(db);
		db = fresh_db(&url);
		OK(db_run(db, "CREATE TABLE t (x INTEGER)", &E));
		db_close(db);
		db = NULL;
		path = url + strlen("sqlite:");
		assert_int_equal(chmod(path, 0400), 0);
		if (geteuid() == 0) {
			/* root writes anyway; a read-only directory of another
			 * kind is not available here: skip that part. */
			free(url);
			return;
		}
		OK(db_open(&ro, url, &E));
		EXPECT(CRM_EINTERNAL, db_run(ro, "INSERT INTO t VALUES (1)", &E));
		HAS(E.msg, "read-only");
		HAS(E.msg, path);
		db_close(ro);
		free(url);
	}
	db_close(db);
}

/* ---- streaming ---------------------------------------------------------- */

static size_t heap_in_use(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void test_streaming(void **state)
{
	struct db *db = fresh_db(NULL);
	struct db_stmt *st;
	bool row;
	int64_t n = 0, sum = 0;
	size_t early = 0, peak = 0;

	(void)state;
	OK(db_prepare(db, &st, is_pg()
		? "SELECT g, repeat('x', 200) FROM generate_series(1, $1) AS g"
		: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $1) "
		  "SELECT x, substr(hex(zeroblob(100)), 1, 200) FROM c", &E));
	db_bind_int64(st, 1, 100000);
	while (true) {
		OK(db_step(st, &row, &E));
		if (!row)
			break;
		n++;
		sum += db_column_int64(st, 0);
		assert_int_equal(strlen(db_column_text(st, 1)), 200);
		if (n == 1000)
			early = heap_in_use();
		if (n > 1000 && n % 1000 == 0 && heap_in_use() > peak)
			peak = heap_in_use();
	}
	db_finalize(st);
	assert_int_equal(n, 100000);
	assert_int_equal(sum, (int64_t)100000 * 100001 / 2);
	/* 100k rows of 200+ bytes would be > 20 MB if buffered. */
	if (peak > early && peak - early > 2 * 1024 * 1024)
		fail_msg("heap grew by %zu bytes while streaming", peak - early);

	/* A statement abandoned mid-way: the next one still works. */
	OK(db_prepare(db, &st, is_pg() ? "SELECT g FROM generate_series(1, 50000) AS g"
				       : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
					 "FROM c WHERE x < 50000) SELECT x FROM c", &E));
	OK(db_step(st, &row, &E));
	assert_true(row);
	db_finalize(st);
	assert_int_equal(q_int(db, "SELECT 6 * 7"), 42);

	if (is_pg()) {
		/* A one-row lookup read but not stepped to its end, then another
		 * statement: the first simply ends. */
		struct db_stmt *a;
		OK(db_prepare(db, &a, "SELECT 1", &E));
		OK(db_step(a, &row, &E));
		assert_true(row);
		assert_int_equal(q_int(db, "SELECT 2"), 2);
		assert_int_equal(db_column_int64(a, 0), 1); /* still readable */
		OK(db_step(a, &row, &E));
		assert_false(row);
		db_finalize(a);
		/* Interleaved iteration: loud, not silently short. */
		OK(db_prepare(db, &a, "SELECT g FROM generate_series(1, 3) AS g", &E));
		OK(db_step(a, &row, &E));
		assert_int_equal(q_int(db, "SELECT 2"), 2);
		EXPECT(CRM_EINTERNAL, db_step(a, &row, &E));
		HAS(E.msg, "interrupted");
		db_finalize(a);
	}
	db_close(db);
}

/* ---- transactions ------------------------------------------------------- */

static void test_transactions(void **state)
{
	char *url = NULL;
	struct db *db = fresh_db(&url);
	struct db *other = NULL;

	(void)state;
	OK(db_run(db, "CREATE TABLE t (x INTEGER PRIMARY KEY)", &E));
	db_rollback(db); /* nothing open: harmless */
	EXPECT(CRM_EINTERNAL, db_commit(db, &E));

	OK(db_begin(db, &E));
	EXPECT(CRM_EINTERNAL, db_begin(db, &E)); /* not nested */
	OK(db_run(db, "INSERT INTO t VALUES (1)", &E));
	assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 1);
	db_rollback(db);
	assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 0);

	OK(db_begin(db, &E));
	OK(db_run(db, "INSERT INTO t VALUES (1)", &E));
	OK(db_commit(db, &E));
	assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 1);

	/* Another connection sees committed data only. */
	OK(db_open(&other, url, &E));
	OK(db_begin(db, &E));
	OK(db_run(db, "INSERT INTO t VALUES (2)", &E));
	if (!is_pg()) {
		/* The write lock is held: a second writer fails fast (its
		 * timeout shortened here) as a concurrent change. */
		OK(db_exec(other, "PRAGMA busy_timeout = 50", &E));
		EXPECT(CRM_ECONFLICT, db_begin(other, &E));
		assert_string_equal(E.msg, "database is busy (concurrent change): try again");
		/* It has waited (the busy timeout): no retry on top. */
		assert_false(db_retryable(other));
	}
	assert_int_equal(q_int(other, "SELECT count(*) FROM t"), 1);
	OK(db_commit(db, &E));
	assert_int_equal(q_int(other, "SELECT count(*) FROM t"), 2);

	/* A failed statement inside a transaction, then COMMIT. */
	OK(db_begin(db, &E));
	OK(db_run(db, "INSERT INTO t VALUES (3)", &E));
	EXPECT(CRM_ECONFLICT, db_run(db, "INSERT INTO t VALUES (1)", &E));
	if (is_pg()) {
		/* PostgreSQL aborted it all; COMMIT says so. */
		EXPECT(CRM_EINTERNAL, db_run(db, "SELECT 1", &E));
		HAS(E.msg, "roll it back");
		EXPECT(CRM_EINTERNAL, db_commit(db, &E));
		assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 2);
	} else {
		db_rollback(db);
		assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 2);
	}
	OK(db_begin(db, &E)); /* the bookkeeping is right again */
	db_rollback(db);

	if (!is_pg()) {
		/* A deferred transaction that read, then writes after another
		 * connection wrote: its snapshot is stale (SQLITE_BUSY_SNAPSHOT,
		 * no waiting helps), and only a new transaction can pass. */
		OK(db_exec(db, "BEGIN", &E));
		assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 2);
		OK(db_run(other, "INSERT INTO t VALUES (40)", &E));
		EXPECT(CRM_ECONFLICT, db_run(db, "INSERT INTO t VALUES (41)", &E));
		assert_string_equal(E.msg, "database is busy (concurrent change): try again");
		assert_true(db_retryable(db));
		db_rollback(db);
		OK(db_begin(db, &E));
		assert_false(db_retryable(db));
		OK(db_run(db, "INSERT INTO t VALUES (41)", &E));
		OK(db_commit(db, &E));
		OK(db_run(db, "DELETE FROM t WHERE x IN (40, 41)", &E));
	}

	/* A statement first prepared inside a transaction that is rolled
	 * back stays usable (PostgreSQL keeps prepared statements). */
	OK(db_begin(db, &E));
	assert_int_equal(q_int(db, "SELECT count(*) + 100 FROM t"), 102);
	db_rollback(db);
	assert_int_equal(q_int(db, "SELECT count(*) + 100 FROM t"), 102);

	/* Changes counted per statement. */
	struct db_stmt *st;
	bool row;
	OK(db_prepare(db, &st, "UPDATE t SET x = x + 10 WHERE x >= $1", &E));
	db_bind_int64(st, 1, 1);
	OK(db_step(st, &row, &E));
	assert_false(row);
	assert_int_equal(db_changes(st), 2);
	db_finalize(st);
	OK(db_prepare(db, &st, "DELETE FROM t WHERE x = $1", &E));
	db_bind_int64(st, 1, 999);
	OK(db_step(st, &row, &E));
	assert_int_equal(db_changes(st), 0);
	db_finalize(st);
	OK(db_prepare(db, &st, "INSERT INTO t VALUES ($1) RETURNING x", &E));
	db_bind_int64(st, 1, 50);
	OK(db_step(st, &row, &E));
	assert_true(row);
	assert_int_equal(db_column_int64(st, 0), 50);
	OK(db_step(st, &row, &E));
	assert_false(row);
	assert_int_equal(db_changes(st), 1);
	db_finalize(st);
	/* db_exec runs scripts. */
	OK(db_exec(db, "INSERT INTO t VALUES (60); INSERT INTO t VALUES (61);", &E));
	assert_int_equal(q_int(db, "SELECT count(*) FROM t"), 5);

	db_close(other);
	db_close(db);
	free(url);
}

/* ---- migrations --------------------------------------------------------- */

static void test_migrate(void **state)
{
	struct db *db = fresh_db(NULL);
	int v = -99, from = -99, to = -99;
	int latest = migrate_latest();

	(void)state;
	assert_true(latest >= 1);
	OK(migrate_current(db, &v, &E));
	assert_int_equal(v, 0);
	EXPECT(CRM_EINTERNAL, migrate_check(db, &E));
	assert_string_equal(E.msg, "database is not initialised: run 'epicevents db init'");

	OK(migrate_apply(db, &from, &to, &E));
	assert_int_equal(from, 0);
	assert_int_equal(to, latest);
	OK(migrate_current(db, &v, &E));
	assert_int_equal(v, latest);
	OK(migrate_check(db, &E));
	OK(migrate_apply(db, &from, &to, &E));
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(q_int(db, "SELECT max(version) FROM schema_version"), latest);
	/* The schema is usable: defaults fill what the program adds. */
	OK(db_run(db, "INSERT INTO departments (name) VALUES ('Support')", &E));
	OK(db_run(db, "INSERT INTO users (employee_id, name, email, password_hash, department_id) "
		      "VALUES ('S1', 'N', 'n@x.io', 'h', 1)", &E));
	assert_int_equal(q_int(db, "SELECT tokens_valid_after FROM users"), 0);

	/* From a newer program. */
	OK(db_run(db, "INSERT INTO schema_version (version, name) VALUES (999, 'future')", &E));
	EXPECT(CRM_EINTERNAL, migrate_check(db, &E));
	HAS(E.msg, "database schema version 999 is newer than this program");
	HAS(E.msg, "upgrade epicevents");
	EXPECT(CRM_EINTERNAL, migrate_apply(db, &from, &to, &E));
	assert_int_equal(from, 999);
	db_close(db);

	/* Older: at version 0 < v < latest, only when there are several. */

	/* Tables of the original project, no schema_version. */
	db = fresh_db(NULL);
	OK(db_run(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", &E));
	OK(migrate_current(db, &v, &E));
	assert_int_equal(v, -1);
	EXPECT(CRM_EINTERNAL, migrate_check(db, &E));
	HAS(E.msg, "run 'epicevents db migrate'");
	if (!is_pg()) {
		EXPECT(CRM_EINTERNAL, migrate_apply(db, &from, &to, &E));
		HAS(E.msg, "no schema_version");
		assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), 1);
	}
	db_close(db);
}

static void test_migrate_concurrent(void **state)
{
	char *url = NULL;
	struct db *db = fresh_db(&url);
	pid_t pids[4];
	int v;

	(void)state;
	db_close(db);
	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct db *mine = NULL;
			struct crm_error e;
			int rc = db_open(&mine, url, &e);
			if (rc == CRM_OK)
				rc = migrate_apply(mine, NULL, NULL, &e);
			if (rc)
				fprintf(stderr, "child %d: %s\n", i, e.msg);
			db_close(mine);
			_exit(rc);
		}
	}
	for (int i = 0; i < 4; i++) {
		int status = 0;
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	OK(db_open(&db, url, &E));
	OK(migrate_current(db, &v, &E));
	assert_int_equal(v, migrate_latest());
	assert_int_equal(q_int(db, "SELECT max(version) FROM schema_version"), migrate_latest());
	db_close(db);
	free(url);
}

/* ---- adoption of the original project's database ------------------------ */

static char *find_psql(void)
{
	const char *path = getenv("PATH");
	char *copy = xstrdup(path ? path : "/usr/bin:/bin");
	char *result = NULL;
	glob_t g;

	for (char *dir = strtok(copy, ":"); dir && !result; dir = strtok(NULL, ":")) {
		char *cand = xasprintf("%s/psql", dir);
		if (access(cand, X_OK) == 0)
			result = cand;
		else
			free(cand);
	}
	free(copy);
	if (!result && glob("/usr/lib/postgresql/*/bin/psql", 0, NULL, &g) == 0) {
		result = xstrdup(g.gl_pathv[g.gl_pathc - 1]);
		globfree(&g);
	}
	return result;
}

static void load_sql_file(const char *conninfo, const char *file)
{
	char *psql = find_psql();
	pid_t pid;
	int status = 0;

	if (!psql)
		fail_msg("psql not found in PATH nor /usr/lib/postgresql/*/bin");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		execl(psql, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo,
		      "-f", file, (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	free(psql);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("psql -f %s failed (status %d)", file, status);
}

static void test_adopt_original(void **state)
{
	const char *fixture = getenv("EPICEVENTS_STORE_FIXTURE");
	static const struct {
		const char *employee_id, *email, *hash;
	} users[] = {
		{ "COM001", "bill.boquet@epic.com",
		  "$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00" },
		{ "SUP001", "kate.hastroff@epic.com",
		  "$pbkdf2-sha256$29000$9N4bI8RYy1krJcR4792bcw$Njxeckk6C5pFu/w0JX693hxB/O3WJZZCX3PmZt5QMyI" },
		{ "MAN001", "alice.manager@epic.com",
		  "$pbkdf2-sha256$29000$x5jzPkfI2XtP6b23dk5JiQ$QGI4e4sKAPBqfwgj1RkAyVWxEL5woLDBwtmZuaE1FI0" },
	};
	char *url = NULL;
	struct db *db;
	struct db_stmt *st;
	bool row;
	int v, from, to;

	(void)state;
	if (!is_pg())
		skip(); /* the original project ran on PostgreSQL only */
	if (!fixture)
		fail_msg("EPICEVENTS_STORE_FIXTURE is not set");
	db = fresh_db(&url);
	load_sql_file(url, fixture);

	OK(migrate_current(db, &v, &E));
	assert_int_equal(v, -1);
	EXPECT(CRM_EINTERNAL, migrate_check(db, &E));
	HAS(E.msg, "original");
	OK(migrate_apply(db, &from, &to, &E));
	assert_int_equal(from, -1);
	assert_int_equal(to, migrate_latest());
	OK(migrate_check(db, &E));

	assert_int_equal(q_int(db, "SELECT count(*) FROM departments"), 3);
	assert_int_equal(q_int(db, "SELECT count(*) FROM clients"), 1);
	assert_int_equal(q_int(db, "SELECT count(*) FROM contracts"), 1);
	assert_int_equal(q_int(db, "SELECT count(*) FROM events"), 1);
	assert_int_equal(q_int(db, "SELECT count(*) FROM users"), 3);

	OK(db_prepare(db, &st, "SELECT total_amount, remaining_amount, is_signed, client_id "
			       "FROM contracts", &E));
	OK(db_step(st, &row, &E));
	assert_int_equal(db_column_cents(st, 0), 1000000);
	assert_int_equal(db_column_cents(st, 1), 500000);
	assert_true(db_column_bool(st, 2));
	assert_int_equal(db_column_int64(st, 3), 1);
	db_finalize(st);

	OK(db_prepare(db, &st, "SELECT full_name, email, phone, company_name, "
			       "commercial_contact_id FROM clients", &E));
	OK(db_step(st, &row, &E));
	assert_string_equal(db_column_text(st, 0), "Kevin Casey");
	assert_string_equal(db_column_text(st, 1), "kevin@startup.io");
	assert_string_equal(db_column_text(st, 2), "+678 123 456 78");
	assert_string_equal(db_column_text(st, 3), "Cool Startup LLC");
	assert_int_equal(db_column_int64(st, 4), 1);
	db_finalize(st);

	OK(db_prepare(db, &st, "SELECT name, start_date, end_date, location, attendees_count, "
			       "support_contact_id, notes FROM events", &E));
	OK(db_step(st, &row, &E));
	assert_string_equal(db_column_text(st, 0), "Lou Bouzin General Assembly");
	assert_int_equal(db_column_time(st, 1), 1683298800);
	assert_int_equal(db_column_time(st, 2), 1683306000);
	assert_string_equal(db_column_text(st, 3), "Salle des f\xc3\xaates de Mufflins");
	assert_int_equal(db_column_int64(st, 4), 200);
	assert_int_equal(db_column_int64(st, 5), 2);
	assert_string_equal(db_column_text(st, 6),
			    "General assembly of shareholders (~200 people).");
	db_finalize(st);

	OK(db_prepare(db, &st, "SELECT u.email, u.password_hash, d.name, u.tokens_valid_after "
			       "FROM users u JOIN departments d ON d.id = u.department_id "
			       "WHERE u.employee_id = $1", &E));
	for (size_t i = 0; i < 3; i++) {
		db_bind_text(st, 1, users[i].employee_id);
		OK(db_step(st, &row, &E));
		assert_true(row);
		assert_string_equal(db_column_text(st, 0), users[i].email);
		assert_string_equal(db_column_text(st, 1), users[i].hash);
		assert_int_equal(db_column_int64(st, 3), 0);
	}
	db_finalize(st);

	/* A second run does nothing; new rows continue the old sequences. */
	OK(migrate_apply(db, &from, &to, &E));
	assert_int_equal(from, migrate_latest());
	assert_int_equal(to, migrate_latest());
	assert_int_equal(q_int(db, "SELECT max(version) FROM schema_version"), migrate_latest());
	assert_int_equal(q_int(db, "INSERT INTO clients (full_name, email, phone, company_name) "
				   "VALUES ('N', 'n@x.io', '0123456', 'C') RETURNING id"), 2);
	/* And the constraints it added hold. */
	EXPECT(CRM_EINVALID, db_run(db, "UPDATE contracts SET remaining_amount = total_amount + 1", &E));
	EXPECT(CRM_ECONFLICT, db_run(db, "INSERT INTO clients (full_name, email, phone, company_name) "
					 "VALUES ('N', 'KEVIN@startup.io', '0123456', 'C')", &E));
	db_close(db);
	free(url);
}

/* ---- setup -------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(B.tmpdir, sizeof B.tmpdir, "/tmp/test-store.XXXXXX");
	if (!mkdtemp(B.tmpdir))
		return -1;
	if (is_pg()) {
		struct crm_error e;
		if (db_open(&B.admin, B.pg_base, &e) != CRM_OK) {
			fprintf(stderr, "EPICEVENTS_TEST_PG: %s\n", e.msg);
			return -1;
		}
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < B.ncreated; i++) {
		char *sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", B.created[i]);
		struct crm_error e;
		if (db_exec(B.admin, sql, &e) != CRM_OK)
			fprintf(stderr, "%s: %s\n", sql, e.msg);
		free(sql);
		free(B.created[i]);
	}
	db_close(B.admin);
	nftw(B.tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest sqlite_only[] = {
		cmocka_unit_test(test_open_urls),
		cmocka_unit_test(test_numeric_parse),
		cmocka_unit_test(test_scan_params),
	};
	const struct CMUnitTest both[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_param_typing),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_streaming),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_migrate),
		cmocka_unit_test(test_migrate_concurrent),
		cmocka_unit_test(test_adopt_original),
	};
	int failed = 0;

	if (argc != 2 || (strcmp(argv[1], "sqlite") != 0 && strcmp(argv[1], "pg") != 0)) {
		fprintf(stderr, "usage: test-store sqlite|pg\n");
		return 2;
	}
	if (strcmp(argv[1], "pg") == 0) {
		B.dialect = DB_POSTGRES;
		B.pg_base = getenv("EPICEVENTS_TEST_PG");
		if (!B.pg_base || !*B.pg_base) {
			if (getenv("EPICEVENTS_REQUIRE_PG")) {
				fprintf(stderr, "EPICEVENTS_REQUIRE_PG is set but EPICEVENTS_TEST_PG is not\n");
				return 1;
			}
			printf("# skipped: EPICEVENTS_TEST_PG is not set\n");
			return 77;
		}
		return cmocka_run_group_tests_name("store-postgresql", both, group_setup,
						   group_teardown);
	}
	B.dialect = DB_SQLITE;
	failed += cmocka_run_group_tests_name("store-sqlite-only", sqlite_only, group_setup,
					      group_teardown);
	memset(&B, 0, sizeof B);
	B.dialect = DB_SQLITE;
	failed += cmocka_run_group_tests_name("store-sqlite", both, group_setup, group_teardown);
	return failed ? 1 : 0;
}
