#include "store/pool.h"

#include <errno.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t given_back;
	char *url;
	int size;
	int open;           /* connections that exist, idle or checked out */
	int busy;           /* checked out */
	int waiting;        /* callers waiting for one */
	struct db **idle;   /* [size], the first n_idle are free */
	int n_idle;
};

enum crm_code db_pool_open(struct db_pool **out, const char *url, int size,
			   struct crm_error *err)
{
	struct db_pool *pool;
	struct db *first;
	enum crm_code rc;

	*out = NULL;
	if (size < 1)
		return crm_error_set(err, CRM_EINVALID, "a connection pool needs at least one connection");
	rc = db_open(&first, url, err);
	if (rc)
		return rc;
	pool = xcalloc(1, sizeof *pool);
	pthread_mutex_init(&pool->lock, NULL);
	{
		/* Waits are measured on the monotonic clock: a wall-clock jump
		 * must not make a request wait an hour or not at all. */
		pthread_condattr_t attr;
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_init(&pool->given_back, &attr);
		pthread_condattr_destroy(&attr);
	}
	pool->url = xstrdup(url);
	pool->size = size;
	pool->idle = xcalloc((size_t)size, sizeof *pool->idle);
	pool->idle[pool->n_idle++] = first;
	pool->open = 1;
	*out = pool;
	return CRM_OK;
}

static void deadline_after(struct timespec *ts, int timeout_ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += timeout_ms / 1000;
	ts->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

enum crm_code db_pool_acquire(struct db_pool *pool, int timeout_ms, struct db **out,
			      struct crm_error *err)
{
	struct timespec deadline;
	enum crm_code rc;

	*out = NULL;
	deadline_after(&deadline, timeout_ms > 0 ? timeout_ms : 0);
	pthread_mutex_lock(&pool->lock);
	while (pool->n_idle == 0 && pool->open == pool->size) {
		int w;
		pool->waiting++;
		w = pthread_cond_timedwait(&pool->given_back, &pool->lock, &deadline);
		pool->waiting--;
		if (w == ETIMEDOUT && pool->n_idle == 0 && pool->open == pool->size) {
			pthread_mutex_unlock(&pool->lock);
			return crm_error_set(err, CRM_EINTERNAL,
					     "every database connection is busy: try again");
		}
	}
	if (pool->n_idle > 0) {
		*out = pool->idle[--pool->n_idle];
		pool->busy++;
		pthread_mutex_unlock(&pool->lock);
		return CRM_OK;
	}
	/* A new connection: counted now, opened outside the lock (a slow
	 * server must not hold up the callers giving connections back). */
	pool->open++;
	pool->busy++;
	pthread_mutex_unlock(&pool->lock);
	rc = db_open(out, pool->url, err);
	if (rc) {
		pthread_mutex_lock(&pool->lock);
		pool->open--;
		pool->busy--;
		pthread_cond_signal(&pool->given_back);
		pthread_mutex_unlock(&pool->lock);
	}
	return rc;
}

void db_pool_release(struct db_pool *pool, struct db *db)
{
	bool keep;

	if (!db)
		return;
	keep = db_reusable(db);
	if (!keep)
		db_close(db);
	pthread_mutex_lock(&pool->lock);
	pool->busy--;
	if (keep)
		pool->idle[pool->n_idle++] = db;
	else
		pool->open--;
	pthread_cond_signal(&pool->given_back);
	pthread_mutex_unlock(&pool->lock);
}

void db_pool_stats(struct db_pool *pool, int *open, int *busy, int *waiting)
{
	pthread_mutex_lock(&pool->lock);
	*open = pool->open;
	*busy = pool->busy;
	*waiting = pool->waiting;
	pthread_mutex_unlock(&pool->lock);
}

void db_pool_close(struct db_pool *pool)
{
	if (!pool)
		return;
	for (int i = 0; i < pool->n_idle; i++)
		db_close(pool->idle[i]);
	pthread_cond_destroy(&pool->given_back);
	pthread_mutex_destroy(&pool->lock);
	xfree_secret(pool->url);
	free(pool->idle);
	free(pool);
}
