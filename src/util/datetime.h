/*
 * datetime.h — instants as int64 seconds since the Unix epoch, UTC.
 *
 * Users type wall-clock times or RFC 3339; the database stores UTC as
 * "YYYY-MM-DD HH:MM:SS" text (both dialects); JSON shows RFC 3339 "Z".
 * Wall-clock times are read and shown in a zone the caller names
 * (util/tz.h: the request's, the event's, or the CLI's own TZ), never in
 * the process's: no function here reads TZ, calls tzset or localtime.
 */
#ifndef EPICEVENTS_UTIL_DATETIME_H
#define EPICEVENTS_UTIL_DATETIME_H

#include <stdint.h>

#include "util/error.h"

struct tz;

#define DATETIME_TEXT_MAX 40

/*
 * Parses user input (surrounding blanks allowed):
 *   YYYY-MM-DD                    midnight in `zone`
 *   YYYY-MM-DD HH:MM[:SS]         wall-clock time in `zone`; 'T' may replace the space
 *   YYYY-MM-DDTHH:MM[:SS][.frac](Z|+HH:MM|-HH:MM)   RFC 3339 (space also ok)
 * Fractions of a second are dropped; 'T' and 'Z' may be lowercase; the
 * offset must be written +HH:MM. Years 1900..9999. Calendar-checked (no
 * 2023-02-30, no 24:00, no leap second). A wall-clock time that the clocks
 * skip (02:30 on a spring-forward night) is refused rather than shifted;
 * one that happens twice (autumn) is refused too (an offset says which is
 * meant). zone NULL: UTC.
 * CRM_EINVALID naming `field` otherwise; *out_utc untouched on failure.
 */
enum crm_code datetime_parse(int64_t *out_utc, const char *field,
			     const char *text, const struct tz *zone,
			     struct crm_error *err);

/* Parses what the database returns: "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC
 * (PostgreSQL TIMESTAMP text, SQLite CURRENT_TIMESTAMP). Also tolerated,
 * so that a timestamptz column or an RFC 3339 value still reads right:
 * 'T' for the space, seconds left out, and a trailing Z, +HH, +HHMM or
 * +HH:MM offset (applied). Returns 0 on success, -1 on malformed text. */
int datetime_parse_sql(int64_t *out_utc, const char *text);

/* "2023-05-05T15:00:00Z" */
void datetime_format_rfc3339(char out[DATETIME_TEXT_MAX], int64_t utc);
/* "2023-05-05 15:00:00" (UTC), the storage form. */
void datetime_format_sql(char out[DATETIME_TEXT_MAX], int64_t utc);
/* "2023-05-05 17:00" in `zone` (NULL: UTC), for people. */
void datetime_format_local(char out[DATETIME_TEXT_MAX], int64_t utc, const struct tz *zone);
/* "2023-05-05 17:00 CEST": the same with the zone's abbreviation (NULL: UTC). */
void datetime_format_zoned(char out[DATETIME_TEXT_MAX], int64_t utc, const struct tz *zone);

/* A calendar date, "2023-05-05", as text: what due dates and payment
 * dates are (a day, not an instant, so no zone applies once typed). */
#define DATE_TEXT_MAX 11

/* Exactly YYYY-MM-DD (surrounding blanks allowed), years 1900..9999,
 * calendar-checked (no 2026-02-30), into out; CRM_EINVALID naming field. */
enum crm_code date_parse(char out[DATE_TEXT_MAX], const char *field, const char *text,
			 struct crm_error *err);
/* The date the wall clock of zone (NULL: UTC) reads at `now`. */
void date_today(char out[DATE_TEXT_MAX], int64_t now, const struct tz *zone);

#endif
