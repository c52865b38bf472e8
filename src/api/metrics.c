#include "api/metrics.h"

#include <inttypes.h>
#include <stdio.h>

#include "api/route.h"
#include "store/pool.h"

/* The statuses the server answers with; the last slot counts any other. */
static const unsigned statuses[METRICS_STATUSES] = {
	200, 201, 204, 400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 500, 503, 0,
};

/* Upper bounds in seconds; the last is +Inf. */
static const double bounds[METRICS_BUCKETS - 1] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
};

static size_t status_slot(unsigned status)
{
	for (size_t i = 0; i < METRICS_STATUSES - 1; i++)
		if (statuses[i] == status)
			return i;
	return METRICS_STATUSES - 1;
}

static size_t route_slot(const struct api_route *route)
{
	if (!route)
		return 0;
	size_t i = (size_t)(route - api_routes) + 1;
	return i < METRICS_ROUTES ? i : 0;
}

void metrics_count(struct api_metrics *m, const struct api_route *route, unsigned status,
		   int64_t duration_us)
{
	size_t b;
	double seconds = (double)duration_us / 1e6;

	atomic_fetch_add_explicit(&m->requests[route_slot(route)][status_slot(status)], 1,
				  memory_order_relaxed);
	for (b = 0; b < METRICS_BUCKETS - 1 && seconds > bounds[b]; b++)
		;
	atomic_fetch_add_explicit(&m->latency_buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->latency_count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->latency_sum_us, duration_us > 0 ? (uint64_t)duration_us : 0,
				  memory_order_relaxed);
}

static uint64_t load(atomic_uint_fast64_t *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

void metrics_write(struct api_metrics *m, struct db_pool *pool, struct strbuf *out)
{
	uint64_t cumulative = 0;
	int open = 0, busy = 0, waiting = 0;

	strbuf_puts(out, "# HELP epicevents_http_requests_total Requests answered, by route, "
			 "method and status.\n"
			 "# TYPE epicevents_http_requests_total counter\n");
	for (size_t r = 0; r < METRICS_ROUTES; r++) {
		const char *pattern = r == 0 ? "none" : NULL, *method = "";
		if (r > 0) {
			if (r - 1 >= api_route_count)
				break;
			pattern = api_routes[r - 1].pattern;
			method = api_routes[r - 1].method;
		}
		for (size_t s = 0; s < METRICS_STATUSES; s++) {
			uint64_t n = load(&m->requests[r][s]);
			char status[16];
			if (!n)
				continue;
			if (statuses[s])
				snprintf(status, sizeof status, "%u", statuses[s]);
			else
				snprintf(status, sizeof status, "other");
			strbuf_printf(out,
				      "epicevents_http_requests_total{route=\"%s\",method=\"%s\","
				      "status=\"%s\"} %" PRIu64 "\n",
				      pattern, method, status, n);
		}
	}

	strbuf_puts(out, "# HELP epicevents_http_request_duration_seconds Time from a "
			 "request's first byte to its last.\n"
			 "# TYPE epicevents_http_request_duration_seconds histogram\n");
	for (size_t b = 0; b < METRICS_BUCKETS; b++) {
		cumulative += load(&m->latency_buckets[b]);
		if (b < METRICS_BUCKETS - 1)
			strbuf_printf(out, "epicevents_http_request_duration_seconds_bucket{le=\"%g\"} "
					   "%" PRIu64 "\n", bounds[b], cumulative);
		else
			strbuf_printf(out, "epicevents_http_request_duration_seconds_bucket{le=\"+Inf\"} "
					   "%" PRIu64 "\n", cumulative);
	}
	/* The count is the +Inf bucket's, so that a scrape is consistent. */
	strbuf_printf(out, "epicevents_http_request_duration_seconds_sum %.6f\n",
		      (double)load(&m->latency_sum_us) / 1e6);
	strbuf_printf(out, "epicevents_http_request_duration_seconds_count %" PRIu64 "\n",
		      cumulative);

	if (pool)
		db_pool_stats(pool, &open, &busy, &waiting);
	strbuf_printf(out,
		      "# HELP epicevents_db_connections_open Database connections open.\n"
		      "# TYPE epicevents_db_connections_open gauge\n"
		      "epicevents_db_connections_open %d\n"
		      "# HELP epicevents_db_connections_in_use Database connections checked out "
		      "by requests.\n"
		      "# TYPE epicevents_db_connections_in_use gauge\n"
		      "epicevents_db_connections_in_use %d\n"
		      "# HELP epicevents_db_connections_waiting Requests waiting for a database "
		      "connection.\n"
		      "# TYPE epicevents_db_connections_waiting gauge\n"
		      "epicevents_db_connections_waiting %d\n",
		      open, busy, waiting);
	strbuf_printf(out,
		      "# HELP epicevents_logins_throttled_total Logins refused for too many "
		      "failures.\n"
		      "# TYPE epicevents_logins_throttled_total counter\n"
		      "epicevents_logins_throttled_total %" PRIu64 "\n",
		      load(&m->logins_throttled));
}
