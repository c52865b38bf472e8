/*
 * ical.h — events as one RFC 5545 calendar, written with libical.
 *
 * A calendar app re-reads a feed or an imported file and matches events by
 * UID: the UID of an event is the same in every export of the same database
 * ("event-ID-INSTANCE@epicevents"), and its SEQUENCE grows with every change,
 * so an app replaces its copy rather than adding one. Times are written in
 * the event's own zone with a TZID and a VTIMEZONE for each zone used (the
 * app shows them where the event happens); events in UTC, or in a zone
 * libical does not know, get UTC times ending in 'Z'. libical folds lines at
 * 75 octets (never inside a UTF-8 sequence) and escapes text values.
 *
 * Not thread-bound: each calendar is its own object; libical's shared zone
 * table has its own lock.
 */
#ifndef EPICEVENTS_FORMAT_ICAL_H
#define EPICEVENTS_FORMAT_ICAL_H

#include <stdint.h>

#include "util/error.h"
#include "util/strbuf.h"

/* One event as the calendar needs it; strings are borrowed for the call. */
struct ical_event {
	int64_t id;
	const char *name;
	const char *location;
	const char *client_name;
	int64_t contract_id;
	int64_t attendees_count;
	const char *notes;        /* NULL: none */
	const char *timezone;     /* IANA name; NULL or "UTC": UTC */
	int64_t start, end;       /* instants, UTC seconds */
	int64_t sequence;         /* changes since it was created */
	int64_t last_modified;    /* instant of the last change; 0: unknown */
};

struct ical_calendar;

/* A calendar being written. instance: the database's calendar id (in
 * UIDs); now: the DTSTAMP of every event. CRM_EINTERNAL when libical
 * cannot be loaded. */
enum crm_code ical_calendar_new(struct ical_calendar **out, const char *instance,
				int64_t now, struct crm_error *err);

/* Adds one VEVENT. */
enum crm_code ical_calendar_add(struct ical_calendar *cal, const struct ical_event *e,
				struct crm_error *err);

/* Appends the whole VCALENDAR (CRLF lines) to out. */
enum crm_code ical_calendar_finish(struct ical_calendar *cal, struct strbuf *out,
				   struct crm_error *err);

void ical_calendar_free(struct ical_calendar *cal); /* NULL is fine */

#endif
