/*
 * test-tx.c — crm_tx, the transaction helper of crm/ (crm-internal.h), on a
 * real database through the real driver: `test-tx sqlite` (a temporary
 * file) or `test-tx pg` (a fresh database on EPICEVENTS_TEST_PG).
 *
 * On PostgreSQL a second connection provokes real conflicts inside a body:
 * a serialization failure at a statement (SERIALIZABLE, a row changed
 * since the snapshot), one at COMMIT (write skew), and a deadlock on two
 * rows (from a thread). crm_tx must run the body once more and succeed,
 * report a second conflict in a row instead of retrying again, and never
 * run again a body that has delivered output. On SQLite, whose writers
 * queue for the write lock at BEGIN IMMEDIATE instead of conflicting, a
 * lock held too long is reported as it is, without a second run.
 *
 * Without EPICEVENTS_TEST_PG the PostgreSQL run is skipped (exit 77),
 * unless EPICEVENTS_REQUIRE_PG is set: then it fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crm/crm-internal.h"
#include "store/db.h"
#include "util/xalloc.h"

static struct {
	bool pg;
	const char *pg_base;  /* EPICEVENTS_TEST_PG */
	char dbname[64];      /* PostgreSQL: the fresh database */
	char dir[64];         /* SQLite: the file's folder */
	char *url;
	struct db *a;         /* crm's connection */
	struct db *b;         /* the concurrent one */
	struct crm *crm;
} T;

static struct crm_error E;

#define OK(expr)                                                                 \
	do {                                                                     \
		enum crm_code rc_ = (expr);                                      \
		if (rc_ != CRM_OK)                                               \
			fail_msg("%s failed: code %d: %s", #expr, rc_, E.msg);   \
	} while (0)

/* The first column of the first row; -1 (and err) when the query fails.
 * Safe in a thread, unlike cmocka's checks. */
static int64_t try_int(struct db *db, const char *sql, struct crm_error *err)
{
	struct db_stmt *st = NULL;
	bool row = false;
	int64_t n = -1;

	if (db_prepare(db, &st, sql, err) == CRM_OK && db_step(st, &row, err) == CRM_OK && row)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

static int64_t q_int(struct db *db, const char *sql)
{
	struct crm_error err = { 0 };
	int64_t n = try_int(db, sql, &err);

	if (n < 0)
		fail_msg("%s: %s", sql, err.msg);
	return n;
}

static int64_t value_of(int id)
{
	char sql[64];

	snprintf(sql, sizeof sql, "SELECT v FROM probe WHERE id = %d", id);
	return q_int(T.b, sql);
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

/* What a body saw, run by run. */
struct probe {
	int runs;        /* how many times the body ran */
	int conflicts;   /* the first `conflicts` runs meet a concurrent change */
	bool deliver;    /* hands output out (crm_tx_delivered) before that */
	int body_ok;     /* runs whose body returned CRM_OK (a failure came later) */
};

/* ---- PostgreSQL: a serialization failure at a statement ------------------ */

/* Adds 10 to row 1 after reading it; in a conflicting run the other
 * connection adds 1 to it (committed) in between, so that the UPDATE
 * meets a row changed since this transaction's snapshot: SQLSTATE 40001. */
static enum crm_code serialization_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct probe *p = ctx;
	enum crm_code rc;

	p->runs++;
	rc = db_exec(crm->db, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", err);
	if (rc == CRM_OK)
		rc = db_run(crm->db, "SELECT v FROM probe WHERE id = 1", err); /* the snapshot */
	if (rc == CRM_OK && p->runs <= p->conflicts)
		rc = db_run(T.b, "UPDATE probe SET v = v + 1 WHERE id = 1", err);
	if (rc == CRM_OK && p->deliver)
		crm_tx_delivered(crm); /* as a listing would, before its first row */
	if (rc == CRM_OK)
		rc = db_run(crm->db, "UPDATE probe SET v = v + 10 WHERE id = 1", err);
	if (rc == CRM_OK)
		p->body_ok++;
	return rc;
}

static void test_pg_serialization_retried_once(void **state)
{
	struct probe p = { .conflicts = 1 };
	struct crm_error err = { 0 };

	(void)state;
	assert_int_equal(crm_tx(T.crm, serialization_body, &p, &err), CRM_OK);
	assert_int_equal(p.runs, 2);
	/* The other change stays, ours is applied once, and the conflict the
	 * second run resolved left no message behind. */
	assert_int_equal(value_of(1), 1 + 10);
	assert_string_equal(err.msg, "");
	assert_int_equal(q_int(T.a, "SELECT count(*) FROM probe"), 2); /* usable after */
}

static void test_pg_second_conflict_reported(void **state)
{
	struct probe p = { .conflicts = 2 };
	struct crm_error err = { 0 };

	(void)state;
	assert_int_equal(crm_tx(T.crm, serialization_body, &p, &err), CRM_ECONFLICT);
	assert_string_equal(err.msg, "concurrent change: try again");
	assert_int_equal(p.runs, 2); /* not a third time */
	assert_int_equal(value_of(1), 2); /* the other's two changes, none of ours */
	/* The flag stays for the caller to read, and the next transaction
	 * starts clean. */
	assert_true(db_retryable(T.a));
	p = (struct probe){ 0 };
	assert_int_equal(crm_tx(T.crm, serialization_body, &p, &err), CRM_OK);
	assert_int_equal(p.runs, 1);
	assert_int_equal(value_of(1), 12);
}

static void test_pg_delivered_not_retried(void **state)
{
	struct probe p = { .conflicts = 1, .deliver = true };
	struct crm_error err = { 0 };

	(void)state;
	assert_int_equal(crm_tx(T.crm, serialization_body, &p, &err), CRM_ECONFLICT);
	assert_string_equal(err.msg, "concurrent change: try again");
	assert_int_equal(p.runs, 1);
	assert_int_equal(value_of(1), 1);
	/* The mark lasts one crm_tx: the next body may be retried again. */
	p = (struct probe){ .conflicts = 1 };
	assert_int_equal(crm_tx(T.crm, serialization_body, &p, &err), CRM_OK);
	assert_int_equal(p.runs, 2);
	assert_int_equal(value_of(1), 12);
}

/* ---- PostgreSQL: a serialization failure at COMMIT ---------------------- */

/* Write skew: this transaction and the other's each read both rows and
 * change a different one. In the first run the other commits first, so
 * this one's COMMIT fails (40001) although every statement passed. */
static enum crm_code skew_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct probe *p = ctx;
	bool other = ++p->runs <= p->conflicts;
	enum crm_code rc;

	rc = db_exec(crm->db, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", err);
	if (rc == CRM_OK)
		rc = db_run(crm->db, "SELECT sum(v) FROM probe", err);
	if (rc == CRM_OK && other) {
		rc = db_begin(T.b, err);
		if (rc == CRM_OK)
			rc = db_exec(T.b, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", err);
		if (rc == CRM_OK)
			rc = db_run(T.b, "SELECT sum(v) FROM probe", err);
	}
	if (rc == CRM_OK)
		rc = db_run(crm->db, "UPDATE probe SET v = v + 10 WHERE id = 1", err);
	if (rc == CRM_OK && other) {
		rc = db_run(T.b, "UPDATE probe SET v = v + 1 WHERE id = 2", err);
		if (rc == CRM_OK)
			rc = db_commit(T.b, err);
	}
	if (other)
		db_rollback(T.b); /* after a failure; a no-op after the commit */
	if (rc == CRM_OK)
		p->body_ok++;
	return rc;
}

static void test_pg_commit_conflict_retried(void **state)
{
	struct probe p = { .conflicts = 1 };
	struct crm_error err = { 0 };

	(void)state;
	assert_int_equal(crm_tx(T.crm, skew_body, &p, &err), CRM_OK);
	assert_int_equal(p.runs, 2);
	assert_int_equal(p.body_ok, 2); /* so the first run failed at its COMMIT */
	assert_int_equal(value_of(1), 10);
	assert_int_equal(value_of(2), 1);
}

/* ---- PostgreSQL: a deadlock on two rows ---------------------------------- */

/* The other side of the deadlock, on connection B in a thread: locks row
 * 2, says so, waits until this side's backend waits for that lock, then,
 * half a deadlock_timeout later, updates row 1, which this side holds.
 * Each backend checks for a deadlock once, deadlock_timeout after it began
 * to wait: this side checks first, half a timeout after the cycle closed
 * and half a timeout before B would, so it is the one the server cancels
 * (40P01). Then B's update passes and B commits. */
struct other_side {
	int ready[2];      /* a pipe: one byte once row 2 is locked */
	int64_t pid;       /* this side's backend */
	enum crm_code rc;
	char msg[512];
};

static void *deadlock_other(void *arg)
{
	struct other_side *o = arg;
	struct crm_error err = { 0 };
	char sql[160];
	enum crm_code rc;

	rc = db_begin(T.b, &err);
	if (rc == CRM_OK)
		rc = db_run(T.b, "SELECT v FROM probe WHERE id = 2 FOR UPDATE", &err);
	if (write(o->ready[1], "x", 1) != 1 && rc == CRM_OK)
		rc = crm_error_set(&err, CRM_EINTERNAL, "cannot signal");
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM pg_locks WHERE pid = %lld AND NOT granted",
		 (long long)o->pid);
	for (int i = 0; rc == CRM_OK && i < 1000; i++) {
		int64_t waiting = try_int(T.b, sql, &err);
		if (waiting < 0)
			rc = err.code ? err.code : CRM_EINTERNAL;
		else if (waiting > 0)
			break;
		else
			sleep_ms(10);
	}
	if (rc == CRM_OK) {
		int64_t timeout_ms = try_int(T.b, "SELECT CAST(EXTRACT(EPOCH FROM CAST("
					     "current_setting('deadlock_timeout') AS INTERVAL)) "
					     "* 1000 AS BIGINT)", &err);
		if (timeout_ms < 0)
			rc = err.code ? err.code : CRM_EINTERNAL;
		else
			sleep_ms((long)timeout_ms / 2);
	}
	if (rc == CRM_OK)
		rc = db_run(T.b, "UPDATE probe SET v = v + 1 WHERE id = 1", &err);
	if (rc == CRM_OK)
		rc = db_commit(T.b, &err);
	db_rollback(T.b);
	o->rc = rc;
	snprintf(o->msg, sizeof o->msg, "%s", err.msg);
	return NULL;
}

struct deadlock_probe {
	struct probe p;
	struct other_side other;
	pthread_t thread;
	bool started, joined;
};

static enum crm_code deadlock_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct deadlock_probe *d = ctx;
	enum crm_code rc;
	char byte;

	d->p.runs++;
	/* A second run lets the other side finish first: racing it for row 1
	 * again could close the same cycle again (a second deadlock, which
	 * would rightly be reported). */
	if (d->started && !d->joined) {
		pthread_join(d->thread, NULL);
		d->joined = true;
	}
	rc = db_run(crm->db, "SELECT v FROM probe WHERE id = 1 FOR UPDATE", err);
	if (rc == CRM_OK && d->p.runs <= d->p.conflicts) {
		d->other.pid = try_int(crm->db, "SELECT pg_backend_pid()", err);
		if (d->other.pid < 0)
			return err->code;
		if (pthread_create(&d->thread, NULL, deadlock_other, &d->other) != 0)
			return crm_error_set(err, CRM_EINTERNAL, "cannot start a thread");
		d->started = true;
		if (read(d->other.ready[0], &byte, 1) != 1)
			return crm_error_set(err, CRM_EINTERNAL, "the other side died");
	}
	if (rc == CRM_OK)
		rc = db_run(crm->db, "UPDATE probe SET v = v + 10 WHERE id = 2", err);
	if (rc == CRM_OK)
		d->p.body_ok++;
	return rc;
}

static void test_pg_deadlock_retried(void **state)
{
	struct deadlock_probe d = { .p = { .conflicts = 1 } };
	struct crm_error err = { 0 };
	enum crm_code rc;

	(void)state;
	assert_int_equal(pipe(d.other.ready), 0);
	rc = crm_tx(T.crm, deadlock_body, &d, &err);
	if (d.started && !d.joined)
		pthread_join(d.thread, NULL);
	close(d.other.ready[0]);
	close(d.other.ready[1]);
	if (rc != CRM_OK)
		fail_msg("crm_tx: code %d: %s (runs %d, ok %d, other %d %s)", rc, err.msg, d.p.runs, d.p.body_ok, d.other.rc, d.other.msg);
	assert_true(d.started);
	if (d.other.rc != CRM_OK)
		fail_msg("the other side: code %d: %s", d.other.rc, d.other.msg);
	assert_int_equal(d.p.runs, 2);
	assert_int_equal(d.p.body_ok, 1); /* the first run was the deadlock's victim */
	assert_int_equal(value_of(1), 1);
	assert_int_equal(value_of(2), 10);
}

/* ---- both: failures that are not conflicts ------------------------------- */

/* Inserts row 3, then a duplicate of row 1: a unique violation, which a
 * second run would only meet again. */
static enum crm_code duplicate_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct probe *p = ctx;
	enum crm_code rc;

	p->runs++;
	rc = db_run(crm->db, "INSERT INTO probe (id, v) VALUES (3, 0)", err);
	if (rc == CRM_OK)
		rc = db_run(crm->db, "INSERT INTO probe (id, v) VALUES (1, 0)", err);
	return rc;
}

static void test_failure_rolled_back_not_retried(void **state)
{
	struct probe p = { 0 };
	struct crm_error err = { 0 };

	(void)state;
	assert_int_equal(crm_tx(T.crm, duplicate_body, &p, &err), CRM_ECONFLICT);
	assert_non_null(strstr(err.msg, "duplicate value violates"));
	assert_int_equal(p.runs, 1);
	assert_int_equal(q_int(T.b, "SELECT count(*) FROM probe"), 2); /* row 3 undone */
	assert_false(db_retryable(T.a));
}

static enum crm_code plain_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct probe *p = ctx;

	p->runs++;
	return db_run(crm->db, "UPDATE probe SET v = v + 10 WHERE id = 1", err);
}

static void test_success_runs_once(void **state)
{
	struct probe p = { 0 };
	struct crm_error err = { 0 };

	(void)state;
	assert_int_equal(crm_tx(T.crm, plain_body, &p, &err), CRM_OK);
	assert_int_equal(p.runs, 1);
	assert_int_equal(value_of(1), 10);
	/* Not nested: a body cannot open a second transaction. */
	assert_int_equal(db_begin(T.a, &err), CRM_OK);
	assert_int_equal(crm_tx(T.crm, plain_body, &p, &err), CRM_EINTERNAL);
	db_rollback(T.a);
	assert_int_equal(p.runs, 1);
}

/* SQLite: another connection holds the write lock past the busy timeout
 * (shortened here). SQLite has waited already: reported at once, the body
 * never ran, and crm_tx does not wait a second time. */
static void test_sqlite_busy_reported(void **state)
{
	struct probe p = { 0 };
	struct crm_error err = { 0 };

	(void)state;
	OK(db_exec(T.a, "PRAGMA busy_timeout = 50", &E));
	OK(db_begin(T.b, &E));
	assert_int_equal(crm_tx(T.crm, plain_body, &p, &err), CRM_ECONFLICT);
	assert_string_equal(err.msg, "database is busy (concurrent change): try again");
	assert_false(db_retryable(T.a));
	assert_int_equal(p.runs, 0);
	db_rollback(T.b);
	assert_int_equal(crm_tx(T.crm, plain_body, &p, &err), CRM_OK);
	assert_int_equal(p.runs, 1);
	OK(db_exec(T.a, "PRAGMA busy_timeout = 5000", &E));
}

/* ---- set-up ------------------------------------------------------------- */

static int reset(void **state)
{
	(void)state;
	db_rollback(T.b);
	OK(db_run(T.b, "DELETE FROM probe WHERE id > 2", &E));
	OK(db_run(T.b, "UPDATE probe SET v = 0", &E));
	return 0;
}

static int group_setup(void **state)
{
	struct db *admin;
	char sql[128];

	(void)state;
	if (T.pg) {
		snprintf(T.dbname, sizeof T.dbname, "test_tx_%d_%ld", (int)getpid(),
			 (long)time(NULL));
		OK(db_open(&admin, T.pg_base, &E));
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", T.dbname);
		OK(db_exec(admin, sql, &E));
		db_close(admin);
		T.url = xasprintf("%s dbname=%s", T.pg_base, T.dbname);
	} else {
		snprintf(T.dir, sizeof T.dir, "/tmp/epicevents-tx.XXXXXX");
		if (!mkdtemp(T.dir))
			return -1;
		T.url = xasprintf("sqlite:%s/tx.db", T.dir);
	}
	OK(db_open(&T.a, T.url, &E));
	OK(db_open(&T.b, T.url, &E));
	OK(db_exec(T.a, "CREATE TABLE probe (id INTEGER PRIMARY KEY, v INTEGER NOT NULL); "
			"INSERT INTO probe (id, v) VALUES (1, 0), (2, 0)", &E));
	T.crm = crm_open_local(T.a, false, NULL);
	return 0;
}

static int group_teardown(void **state)
{
	struct db *admin;
	char path[128];

	(void)state;
	crm_close(T.crm);
	db_close(T.a);
	db_close(T.b);
	if (T.pg) {
		if (db_open(&admin, T.pg_base, &E) == CRM_OK) {
			char *sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", T.dbname);
			db_exec(admin, sql, &E);
			free(sql);
			db_close(admin);
		}
	} else {
		for (const char *suffix = ""; suffix; suffix = *suffix ? NULL : "-wal") {
			snprintf(path, sizeof path, "%s/tx.db%s", T.dir, suffix);
			unlink(path);
		}
		snprintf(path, sizeof path, "%s/tx.db-shm", T.dir);
		unlink(path);
		rmdir(T.dir);
	}
	free(T.url);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest pg[] = {
		cmocka_unit_test_setup(test_success_runs_once, reset),
		cmocka_unit_test_setup(test_failure_rolled_back_not_retried, reset),
		cmocka_unit_test_setup(test_pg_serialization_retried_once, reset),
		cmocka_unit_test_setup(test_pg_second_conflict_reported, reset),
		cmocka_unit_test_setup(test_pg_delivered_not_retried, reset),
		cmocka_unit_test_setup(test_pg_commit_conflict_retried, reset),
		cmocka_unit_test_setup(test_pg_deadlock_retried, reset),
	};
	const struct CMUnitTest sqlite[] = {
		cmocka_unit_test_setup(test_success_runs_once, reset),
		cmocka_unit_test_setup(test_failure_rolled_back_not_retried, reset),
		cmocka_unit_test_setup(test_sqlite_busy_reported, reset),
	};

	if (argc != 2 || (strcmp(argv[1], "sqlite") != 0 && strcmp(argv[1], "pg") != 0)) {
		fprintf(stderr, "usage: test-tx sqlite|pg\n");
		return 2;
	}
	if (strcmp(argv[1], "pg") == 0) {
		T.pg = true;
		T.pg_base = getenv("EPICEVENTS_TEST_PG");
		if (!T.pg_base || !*T.pg_base) {
			if (getenv("EPICEVENTS_REQUIRE_PG")) {
				fprintf(stderr, "EPICEVENTS_REQUIRE_PG is set but EPICEVENTS_TEST_PG is not\n");
				return 1;
			}
			printf("# skipped: EPICEVENTS_TEST_PG is not set\n");
			return 77;
		}
		return cmocka_run_group_tests_name("tx-postgresql", pg, group_setup, group_teardown);
	}
	return cmocka_run_group_tests_name("tx-sqlite", sqlite, group_setup, group_teardown);
}
