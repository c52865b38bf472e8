/*
 * transport.h — posting envelopes with libcurl (internal to report/).
 *
 * Transfers start in the order given, one at a time until the server has
 * accepted one, then up to SENTRY_PARALLEL at once; all end by one
 * deadline. What an answer means for an envelope:
 *   2xx                        delivered
 *   400, 413                   dropped: Sentry refuses these bytes (malformed,
 *                              too large) and always will
 *   429, 503 + Retry-After     kept; sending pauses (see below)
 *   anything else: 401, 403,   kept, for the next flush. These say the DSN
 *   404, other 4xx, 5xx, 3xx,  or the route is wrong (revoked key, deleted
 *   network error, timeout     project, captive portal, intercepting proxy)
 *                              or the server is unwell — not the event:
 *                              dropping would lose every crash report made
 *                              on a hotel network. The outbox bound caps
 *                              what waits.
 * After any answer but 2xx/400/413, and after a network error, no further
 * transfer starts in this flush: the next would most likely meet the same
 * fate, and one request per run is all a broken setup should cost.
 * A pause comes from X-Sentry-Rate-Limits (on any answer; it wins when
 * present, as Sentry's SDKs do), else from Retry-After on 429/503 (seconds
 * or an HTTP date), else 60 s for a bare 429.
 */
#ifndef EPICEVENTS_REPORT_TRANSPORT_H
#define EPICEVENTS_REPORT_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SENTRY_PARALLEL 4
/* The longest pause honoured: a bogus or very long one costs one request a
 * day instead of silencing the program for good. */
#define SENTRY_PAUSE_MAX_S 86400
#define SENTRY_PAUSE_DEFAULT_S 60

enum sentry_outcome {
	SENTRY_NOT_SENT = 0,
	SENTRY_DELIVERED,
	SENTRY_KEEP,
	SENTRY_DROP,
};

struct sentry_job {
	const char *data;  /* the envelope, with its sent_at */
	size_t len;
	enum sentry_outcome outcome; /* out */
};

struct sentry_send_result {
	int64_t pause_until; /* unix time; 0 = no pause asked for */
	size_t delivered, kept, dropped, not_sent;
	char reason[160];    /* the first failure, for EPICEVENTS_DEBUG */
};

/* curl_global_init must have been called. deadline_ms is on the
 * CLOCK_MONOTONIC clock (sentry_now_ms). */
void sentry_transport_send(const char *endpoint, const char *auth,
			   const char *user_agent, struct sentry_job *jobs,
			   size_t count, int64_t deadline_ms,
			   struct sentry_send_result *res);

int64_t sentry_now_ms(void);

/* The longest retry_after (seconds, rounded up) among the entries of an
 * X-Sentry-Rate-Limits value ("60:transaction:key, 2700:default;error:org")
 * whose categories are empty or name "error" or "default"; -1 when none. */
int64_t sentry_rate_limits_parse(const char *value);

/* Retry-After: delay-seconds or an HTTP date (relative to now); -1 when
 * unreadable. */
int64_t sentry_retry_after_parse(const char *value, time_t now);

#endif
