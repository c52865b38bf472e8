/*
 * envelope.h — Sentry events and the envelopes that carry them (internal to
 * report/, exposed for the unit tests).
 *
 * An envelope here is exactly three lines:
 *   {"event_id":"<32 hex>","dsn":"<public DSN>"}          envelope header
 *   {"type":"event","length":N}                           item header
 *   {...event, N bytes...}                                payload
 * Stored envelopes carry no "sent_at": it is added (and "dsn" refreshed)
 * by sentry_envelope_for_sending() at each attempt, because Sentry corrects
 * the event's clock by the difference between sent_at and arrival — a
 * sent_at from the day the event was queued would shift it.
 *
 * The event holds exactly: event_id, timestamp, platform "c", level, logger
 * "epicevents", release, environment, user {"id"} (when known), tags (those
 * given), and either message {"formatted"} or exception {"values":[{type,
 * value}]}. Nothing else: no server_name, no contexts, no environment dump.
 */
#ifndef EPICEVENTS_REPORT_ENVELOPE_H
#define EPICEVENTS_REPORT_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define SENTRY_EVENT_ID_LEN 32
/* "2024-05-01T12:34:56.123456Z" + NUL */
#define SENTRY_TIMESTAMP_SIZE 28
/* Sentry truncates messages at 8192 characters; we cut before building. */
#define SENTRY_TEXT_MAX 8192

struct sentry_event {
	const char *level;       /* "info", "error", "fatal" */
	const char *message;     /* message.formatted, or NULL */
	const char *exc_type;    /* exception, used when message is NULL */
	const char *exc_value;
	const char *release;
	const char *environment;
	int64_t user_id;         /* <= 0: no user */
	/* tags, each omitted when NULL */
	const char *action_type;
	const char *department;
	const char *command;
	const char *exit_code;
};

/* 32 lower-case hex digits from getrandom() (falling back on /dev/urandom,
 * then on time and pid: an id must exist even when entropy does not). */
void sentry_event_id(char out[SENTRY_EVENT_ID_LEN + 1]);

/* RFC 3339 UTC with microseconds. Async-signal-safe (pure arithmetic, no
 * gmtime), which is why the crash handler uses it too. */
void sentry_format_timestamp(char out[SENTRY_TIMESTAMP_SIZE],
			     const struct timespec *ts);

/* Writes the decimal digits of v into out (no NUL), returns their count.
 * Async-signal-safe. out must hold 20 bytes. */
size_t sentry_format_u64(char *out, uint64_t v);

/* The event as compact JSON (malloc'ed). Caller texts (message, exception
 * value) pass through sentry_scrub() on the way. */
char *sentry_event_json(const struct sentry_event *ev, const char *event_id,
			const char *timestamp);

/* The three-line envelope around an event's JSON; *len_out gets its size. */
char *sentry_envelope_wrap(const char *event_id, const char *dsn_public,
			   const char *event_json, size_t *len_out);

/* A copy of a stored envelope whose header has sent_at = now and dsn =
 * dsn_public; NULL when the first line is not a JSON object (a corrupt
 * file, to be discarded). */
char *sentry_envelope_for_sending(const char *data, size_t len,
				  const char *dsn_public, size_t *len_out);

/* A copy of text fit for an event: whatever looks like an e-mail address
 * (or the "user:password" before a URL's '@') becomes "[redacted]", bytes
 * that are not UTF-8 become U+FFFD (jansson refuses them), and it is cut
 * at SENTRY_TEXT_MAX bytes. */
char *sentry_scrub(const char *text);

#endif
