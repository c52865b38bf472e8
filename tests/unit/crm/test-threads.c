/*
 * test-threads.c — the crm/ operations from 8 threads at once, each with its
 * own connection, on one real database: `test-threads sqlite` (a temporary
 * file) or `test-threads pg` (a fresh database on EPICEVENTS_TEST_PG).
 *
 * What a server will do: several requests in flight through the same code,
 * each round with a connection checked out of a pool smaller than the
 * number of threads (store/pool.h), so connections change hands.
 * Built twice by meson: as is, and with -fsanitize=thread, where a data race
 * anywhere in crm/, store/, sec/ or util/ fails the run. The totals at the
 * end must match what every thread reported as done.
 *
 * Prints TAP. Without EPICEVENTS_TEST_PG the PostgreSQL run is skipped
 * (exit 77) unless EPICEVENTS_REQUIRE_PG is set.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm/crm.h"
#include "store/db.h"
#include "store/pool.h"
#include "util/xalloc.h"

#define THREADS 8
#define POOL_SIZE 4
#define DEFAULT_ROUNDS 6

struct worker {
	pthread_t thread;
	int index;
	const char *url;
	struct db_pool *pool;
	int rounds;
	/* what the thread did, checked against the database afterwards */
	int clients, contracts, events, assigned, listed;
	enum crm_code failed_rc;
	char failure[640];
};

static int tests_run, tests_failed;

/* Logins of one email are throttled while in flight (at most 5 reach
 * PBKDF2 at once, by design): the threads take turns to log in. */
static pthread_mutex_t login_turn = PTHREAD_MUTEX_INITIALIZER;

static void tap(bool ok, const char *what)
{
	tests_run++;
	if (!ok)
		tests_failed++;
	printf("%s %d - %s\n", ok ? "ok" : "not ok", tests_run, what);
}

static enum crm_code count_row(void *ctx, const void *row)
{
	(void)row;
	(*(int *)ctx)++;
	return CRM_OK;
}

static enum crm_code count_client(void *ctx, const struct client *c)
{
	return count_row(ctx, c);
}

static enum crm_code count_contract(void *ctx, const struct contract *c)
{
	return count_row(ctx, c);
}

static enum crm_code count_event(void *ctx, const struct event *e)
{
	return count_row(ctx, e);
}

static enum crm_code count_audit(void *ctx, const struct audit_entry *a)
{
	return count_row(ctx, a);
}

/* A login that also checks its token opens the same session. */
static enum crm_code login(struct crm *crm, const char *email, const char *password,
			   struct session *out, struct crm_error *err)
{
	struct session again;
	char *token = NULL;
	enum crm_code rc = auth_login(crm, email, password, &token, out, err);

	if (rc == CRM_OK)
		rc = auth_session(crm, token, &again, err);
	if (rc == CRM_OK && again.user_id != out->user_id)
		rc = crm_error_set(err, CRM_EINTERNAL, "token of user %" PRId64 " opens user %" PRId64,
				   out->user_id, again.user_id);
	free(token);
	return rc;
}

/* One round: what a Commercial, a manager and a Support person do for one
 * new client, from creation to the event's notes. */
static enum crm_code round_trip(struct worker *w, struct crm *crm,
				const struct session *bill, const struct session *alice,
				const struct session *kate, int round, struct crm_error *err)
{
	char name[64], email[64], amount[32], id_text[24];
	int64_t client_id, contract_id, event_id;
	enum crm_code rc;

	snprintf(name, sizeof name, "Thread %d Client %d", w->index, round);
	snprintf(email, sizeof email, "t%d.c%d@threads.example", w->index, round);
	struct client_input ci = { .full_name = name, .email = email,
				   .phone = "+33 6 12 34 56 78", .company_name = "Threads SA" };
	rc = client_create(crm, bill, &ci, &client_id, err);
	if (rc)
		return rc;
	w->clients++;

	snprintf(id_text, sizeof id_text, "%" PRId64, client_id);
	snprintf(amount, sizeof amount, "%d.%02d", 100 + w->index, round);
	struct contract_input ki = { .client_id = id_text, .total_amount = amount,
				     .remaining_amount = amount };
	rc = contract_create(crm, alice, &ki, &contract_id, err);
	if (rc)
		return rc;
	w->contracts++;
	rc = contract_sign(crm, bill, contract_id, err);
	if (rc)
		return rc;

	snprintf(id_text, sizeof id_text, "%" PRId64, contract_id);
	struct event_input ei = { .contract_id = id_text, .name = name,
				  .start_date = "2031-06-01T18:00:00Z",
				  .end_date = "2031-06-01T23:00:00Z",
				  .location = "Lyon", .attendees_count = "40" };
	rc = event_create(crm, bill, &ei, &event_id, err);
	if (rc)
		return rc;
	w->events++;
	rc = event_assign(crm, alice, event_id, kate->user_id, true, err);
	if (rc)
		return rc;
	w->assigned++;
	struct event_input notes = { .notes = "confirmed from a thread" };
	rc = event_update(crm, kate, event_id, &notes, err);
	if (rc)
		return rc;

	/* Reads between the writes of the other threads. */
	struct client_filter cf = { .limit = 20 };
	struct contract_filter kf = { .mine = true };
	struct event_filter ef = { .mine = true, .limit = 50 };
	rc = client_list(crm, bill, &cf, count_client, &w->listed, err);
	if (rc == CRM_OK)
		rc = contract_list(crm, bill, &kf, count_contract, &w->listed, err);
	if (rc == CRM_OK)
		rc = event_list_mine(crm, kate, &ef, count_event, &w->listed, err);
	if (rc == CRM_OK)
		rc = audit_list(crm, alice, &(struct audit_filter){ .limit = 10 }, count_audit,
				&w->listed, err);
	return rc;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct crm *crm = NULL;
	struct db *db = NULL;
	struct session bill, alice, kate;
	struct crm_error err = { 0 };
	const char *note = NULL;
	enum crm_code rc;

	/* Every thread sets the database up, as 8 servers starting at once
	 * would: one loads the demo data, the others find it there. The first
	 * connection also loads libpq, from 8 threads at once. */
	rc = db_open(&db, w->url, &err);
	if (rc == CRM_OK) {
		crm = crm_open_local(db, true, NULL);
		rc = crm_db_init(crm, true, NULL, &note, &err);
	}
	pthread_mutex_lock(&login_turn);
	if (rc == CRM_OK)
		rc = login(crm, "bill.boquet@epic.com", "password123", &bill, &err);
	if (rc == CRM_OK)
		rc = login(crm, "alice.manager@epic.com", "admin123", &alice, &err);
	if (rc == CRM_OK)
		rc = login(crm, "KATE.hastroff@epic.com ", "password123", &kate, &err);
	pthread_mutex_unlock(&login_turn);
	crm_close(crm);
	/* From here on, like requests: a pooled connection per round, lent
	 * to a handle that lives as long as the request. */
	for (int r = 0; rc == CRM_OK && r < w->rounds; r++) {
		db = NULL;
		rc = db_pool_acquire(w->pool, 30000, &db, &err);
		if (rc == CRM_OK) {
			crm = crm_open_local(db, false, NULL);
			rc = round_trip(w, crm, &bill, &alice, &kate, r, &err);
			crm_close(crm);
		}
		db_pool_release(w->pool, db);
	}
	if (rc) {
		w->failed_rc = rc;
		snprintf(w->failure, sizeof w->failure, "%s", err.msg);
	}
	return NULL;
}

static int64_t count(struct db *db, const char *sql)
{
	struct db_stmt *st;
	struct crm_error err;
	bool row = false;
	int64_t n = -1;

	if (db_prepare(db, &st, sql, &err) != CRM_OK)
		return -1;
	if (db_step(st, &row, &err) == CRM_OK && row)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

static int fresh_pg_database(const char *base, char **url)
{
	struct db *admin;
	struct crm_error err;
	char name[64], sql[128];

	snprintf(name, sizeof name, "threads_%d_%ld", (int)getpid(), (long)time(NULL));
	if (db_open(&admin, base, &err) != CRM_OK) {
		printf("Bail out! %s\n", err.msg);
		return -1;
	}
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	if (db_exec(admin, sql, &err) != CRM_OK) {
		printf("Bail out! %s\n", err.msg);
		db_close(admin);
		return -1;
	}
	db_close(admin);
	*url = xasprintf("%s dbname=%s", base, name);
	return 0;
}

static void drop_pg_database(const char *base, const char *url)
{
	struct db *admin;
	struct crm_error err;
	const char *name = strstr(url, " dbname=threads_");
	char sql[128];

	if (!name || db_open(&admin, base, &err) != CRM_OK)
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
		 name + strlen(" dbname="));
	db_exec(admin, sql, &err);
	db_close(admin);
}

int main(int argc, char **argv)
{
	const char *backend = argc > 1 ? argv[1] : "sqlite";
	const char *rounds_env = getenv("THREAD_ROUNDS");
	int rounds = rounds_env ? atoi(rounds_env) : DEFAULT_ROUNDS;
	struct worker workers[THREADS] = { 0 };
	char dir[] = "/tmp/epicevents-threads.XXXXXX";
	char *url = NULL;
	const char *pg = getenv("EPICEVENTS_TEST_PG");
	struct db *db = NULL;
	struct crm_error err = { 0 };
	int done_clients = 0, done_contracts = 0, done_events = 0, done_assigned = 0;
	char what[200];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(backend, "pg") == 0) {
		if (!pg || !*pg) {
			if (getenv("EPICEVENTS_REQUIRE_PG")) {
				printf("Bail out! EPICEVENTS_TEST_PG is not set\n");
				return 1;
			}
			printf("1..0 # SKIP no PostgreSQL test cluster\n");
			return 77;
		}
		if (fresh_pg_database(pg, &url))
			return 1;
	} else {
		if (!mkdtemp(dir)) {
			printf("Bail out! cannot make a temporary folder\n");
			return 1;
		}
		url = xasprintf("sqlite:%s/crm.db", dir);
	}

	struct db_pool *pool;
	if (db_pool_open(&pool, url, POOL_SIZE, &err) != CRM_OK) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	for (int i = 0; i < THREADS; i++) {
		workers[i].index = i;
		workers[i].url = url;
		workers[i].pool = pool;
		workers[i].rounds = rounds;
		pthread_create(&workers[i].thread, NULL, work, &workers[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(workers[i].thread, NULL);
		snprintf(what, sizeof what, "[%s] thread %d: %d rounds without error%s%s", backend,
			 i, rounds, workers[i].failed_rc ? ": " : "", workers[i].failure);
		tap(workers[i].failed_rc == CRM_OK, what);
		done_clients += workers[i].clients;
		done_contracts += workers[i].contracts;
		done_events += workers[i].events;
		done_assigned += workers[i].assigned;
	}
	{
		int open, busy, waiting;
		db_pool_stats(pool, &open, &busy, &waiting);
		snprintf(what, sizeof what, "[%s] the pool opened %d connections at most (%d), "
			 "all given back", backend, open, POOL_SIZE);
		tap(open >= 1 && open <= POOL_SIZE && busy == 0, what);
	}
	db_pool_close(pool);
	if (db_open(&db, url, &err) != CRM_OK) {
		printf("Bail out! %s\n", err.msg);
		return 1;
	}
	snprintf(what, sizeof what, "[%s] the demo data was loaded once (3 users)", backend);
	tap(count(db, "SELECT count(*) FROM users") == 3, what);

	/* The demo data has one client, one contract and one event. */
	snprintf(what, sizeof what, "[%s] clients in the database = 1 + %d created", backend,
		 done_clients);
	tap(count(db, "SELECT count(*) FROM clients") == 1 + done_clients, what);
	snprintf(what, sizeof what, "[%s] signed contracts = 1 + %d created", backend,
	      done_contracts);
	tap(count(db, "SELECT count(*) FROM contracts WHERE is_signed") == 1 + done_contracts,
	    what);
	snprintf(what, sizeof what, "[%s] events with notes from a thread = %d", backend,
		 done_assigned);
	tap(count(db, "SELECT count(*) FROM events WHERE notes = 'confirmed from a thread'")
	    == done_assigned, what);
	snprintf(what, sizeof what, "[%s] every thread finished all its rounds", backend);
	tap(done_events == THREADS * rounds, what);
	/* Each change wrote its journal row in its own transaction. */
	snprintf(what, sizeof what, "[%s] one journal row per change (%d)", backend,
		 done_clients + 2 * done_contracts + 3 * done_events);
	tap(count(db, "SELECT count(*) FROM audit_log WHERE action IN "
			  "('create', 'update', 'sign', 'assign') AND actor_id IS NOT NULL "
			  "AND entity IN ('client', 'contract', 'event')") ==
	    done_clients + 2 * done_contracts + 3 * done_events, what);

	db_close(db);

	/* The pool's own rules, one caller at a time. */
	{
		struct db_pool *one;
		struct db *a = NULL, *b = NULL;
		int open, busy, waiting;
		bool ok = db_pool_open(&one, url, 1, &err) == CRM_OK &&
			  db_pool_acquire(one, 1000, &a, &err) == CRM_OK;
		snprintf(what, sizeof what, "[%s] a pool of one hands out its connection", backend);
		tap(ok && a, what);
		snprintf(what, sizeof what, "[%s] a second caller waits, then is told all are busy",
			 backend);
		tap(db_pool_acquire(one, 100, &b, &err) == CRM_EINTERNAL && !b &&
		    strstr(err.msg, "busy"), what);
		/* Given back inside a transaction: closed, not handed out half-used. */
		ok = db_begin(a, &err) == CRM_OK;
		db_pool_release(one, a);
		db_pool_stats(one, &open, &busy, &waiting);
		snprintf(what, sizeof what, "[%s] a connection given back in a transaction is closed",
			 backend);
		tap(ok && open == 0 && busy == 0, what);
		ok = db_pool_acquire(one, 1000, &b, &err) == CRM_OK &&
		     db_run(b, "SELECT 1", &err) == CRM_OK;
		snprintf(what, sizeof what, "[%s] the next caller gets a fresh connection", backend);
		tap(ok, what);
		db_pool_release(one, b);
		db_pool_stats(one, &open, &busy, &waiting);
		snprintf(what, sizeof what, "[%s] a healthy connection given back stays open", backend);
		tap(open == 1 && busy == 0, what);
		db_pool_close(one);
	}

	if (strcmp(backend, "pg") == 0) {
		drop_pg_database(pg, url);
	} else {
		char path[128];
		const char *suffix[] = { "", "-wal", "-shm" };
		for (size_t i = 0; i < 3; i++) {
			snprintf(path, sizeof path, "%s/crm.db%s", dir, suffix[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	free(url);
	printf("1..%d\n", tests_run);
	return tests_failed ? 1 : 0;
}
