/*
 * metrics.h — the server's counters for GET /metrics (Prometheus text
 * format 0.0.4): requests by route, method and status, a latency
 * histogram, logins throttled; database connections are read from the
 * pool when asked. Counting is lock-free (atomics): every worker thread
 * records its requests.
 */
#ifndef EPICEVENTS_API_METRICS_H
#define EPICEVENTS_API_METRICS_H

#include <stdatomic.h>
#include <stdint.h>

#include "util/strbuf.h"

struct api_route;
struct db_pool;

#define METRICS_ROUTES 64     /* routes of route.c, plus "no route" */
#define METRICS_STATUSES 16
#define METRICS_BUCKETS 13

struct api_metrics {
	atomic_uint_fast64_t requests[METRICS_ROUTES][METRICS_STATUSES];
	atomic_uint_fast64_t latency_buckets[METRICS_BUCKETS]; /* cumulative at output */
	atomic_uint_fast64_t latency_count;
	atomic_uint_fast64_t latency_sum_us;
	atomic_uint_fast64_t logins_throttled;
};

/* One request done: its route (NULL: none matched), status, duration. */
void metrics_count(struct api_metrics *m, const struct api_route *route, unsigned status,
		   int64_t duration_us);

/* The text of GET /metrics. */
void metrics_write(struct api_metrics *m, struct db_pool *pool, struct strbuf *out);

#endif
