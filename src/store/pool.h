/*
 * pool.h — database connections shared by the threads of one process.
 *
 * A PostgreSQL connection runs one statement at a time, and a streamed
 * listing holds it until its last row: so a request checks a connection out
 * for its whole life, and gives it back when its response is done (a server
 * does that in its completion callback, whichever thread runs it), rather
 * than using "its thread's" connection.
 *
 *   struct db_pool *pool;
 *   db_pool_open(&pool, url, 8, &err);        once, at start
 *   db_pool_acquire(pool, 5000, &db, &err);   per request, any thread
 *   ... crm calls on db ...
 *   db_pool_release(pool, db);                when its response is done
 *   db_pool_close(pool);                      once every db is back
 *
 * At most `size` connections are open; a caller finding none free waits up
 * to its timeout, then gets CRM_EINTERNAL "every database connection is
 * busy". Connections are opened when first needed, and a connection given
 * back that is not reusable (server gone, transaction left open, statement
 * not finalized) is closed: the next checkout opens a fresh one, so a
 * restarted PostgreSQL costs one failed request per connection at most.
 * Every function is safe to call from any thread.
 */
#ifndef EPICEVENTS_STORE_POOL_H
#define EPICEVENTS_STORE_POOL_H

#include "store/db.h"

struct db_pool;

/* Opens one connection at once, so that a wrong URL or an unreachable
 * server shows at start (its error as db_open's); size >= 1. */
enum crm_code db_pool_open(struct db_pool **out, const char *url, int size,
			   struct crm_error *err);

/* Checks a connection out: an idle one, a new one while fewer than `size`
 * are open, or the first given back within timeout_ms. */
enum crm_code db_pool_acquire(struct db_pool *pool, int timeout_ms, struct db **out,
			      struct crm_error *err);

/* Gives a connection back (db may be NULL: nothing to do). */
void db_pool_release(struct db_pool *pool, struct db *db);

/* How many connections are open, checked out, and waited for now. */
void db_pool_stats(struct db_pool *pool, int *open, int *busy, int *waiting);

/* Closes every idle connection and frees the pool; all must be back. */
void db_pool_close(struct db_pool *pool);

#endif
