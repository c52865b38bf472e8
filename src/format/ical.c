#include "format/ical.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format/ical-api.h"
#include "util/tz.h"
#include "util/xalloc.h"

/* A zone used by at least one event: loaded once per calendar. */
struct ical_zone {
	char *name;
	struct tz *tz;              /* NULL: written as UTC */
	icaltimezone *ical;         /* libical's copy, for the VTIMEZONE */
};

struct ical_calendar {
	char *instance;
	int64_t now;
	struct strbuf events;       /* the VEVENTs, written as they come */
	struct ical_zone *zones;
	size_t nzones, cap;
};

enum crm_code ical_calendar_new(struct ical_calendar **out, const char *instance,
				int64_t now, struct crm_error *err)
{
	struct ical_calendar *cal;
	enum crm_code rc = ical_api_load(err);

	*out = NULL;
	if (rc)
		return rc;
	cal = xcalloc(1, sizeof *cal);
	cal->instance = xstrdup(instance);
	cal->now = now;
	strbuf_init(&cal->events);
	*out = cal;
	return CRM_OK;
}

void ical_calendar_free(struct ical_calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->nzones; i++) {
		free(cal->zones[i].name);
		tz_free(cal->zones[i].tz);
	}
	free(cal->zones);
	strbuf_free(&cal->events);
	free(cal->instance);
	free(cal);
}

static bool is_utc_name(const char *name)
{
	return !name || !*name || strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0;
}

/* The zone of that name, loaded on first use; NULL when the event is to be
 * written in UTC (UTC itself, or a zone this machine cannot read: stored
 * names were checked when typed, so only a changed zoneinfo gets here). */
static const struct ical_zone *zone_for(struct ical_calendar *cal, const char *name)
{
	struct ical_zone *z;
	struct crm_error ignored;

	if (is_utc_name(name))
		return NULL;
	for (size_t i = 0; i < cal->nzones; i++)
		if (strcmp(cal->zones[i].name, name) == 0)
			return cal->zones[i].tz ? &cal->zones[i] : NULL;
	if (cal->nzones == cal->cap) {
		cal->cap = cal->cap ? 2 * cal->cap : 4;
		cal->zones = xrealloc(cal->zones, cal->cap * sizeof *cal->zones);
	}
	z = &cal->zones[cal->nzones++];
	z->name = xstrdup(name);
	z->tz = NULL;
	z->ical = icaltimezone_get_builtin_timezone(name);
	if (z->ical && tz_load(&z->tz, name, &ignored) != CRM_OK)
		z->tz = NULL;
	return z->tz ? z : NULL;
}

static struct icaltimetype utc_time(int64_t utc)
{
	struct icaltimetype t = icaltime_null_time();
	time_t s = (time_t)utc;
	struct tm tm;

	gmtime_r(&s, &tm);
	t.year = tm.tm_year + 1900;
	t.month = tm.tm_mon + 1;
	t.day = tm.tm_mday;
	t.hour = tm.tm_hour;
	t.minute = tm.tm_min;
	t.second = tm.tm_sec;
	t.zone = icaltimezone_get_utc_timezone();
	return t;
}

/* DTSTART or DTEND: the wall clock of the event's zone with its TZID, or UTC. */
static icalproperty *time_property(icalproperty *(*make)(struct icaltimetype),
				   const struct ical_zone *z, int64_t utc)
{
	struct icaltimetype t;
	struct tz_local l;
	icalproperty *p;

	if (!z)
		return make(utc_time(utc));
	tz_to_local(z->tz, utc, &l);
	t = icaltime_null_time();
	t.year = l.year;
	t.month = l.month;
	t.day = l.day;
	t.hour = l.hour;
	t.minute = l.minute;
	t.second = l.second;
	p = make(t);
	icalproperty_add_parameter(p, icalparameter_new_tzid(z->name));
	return p;
}

static char *description(const struct ical_event *e)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_printf(&sb, "Client: %s\nContract: %" PRId64 "\nAttendees: %" PRId64,
		      e->client_name, e->contract_id, e->attendees_count);
	if (e->notes && *e->notes)
		strbuf_printf(&sb, "\nNotes: %s", e->notes);
	return strbuf_detach(&sb);
}

static void append_component(struct strbuf *out, icalcomponent *c)
{
	char *text = icalcomponent_as_ical_string_r(c);

	if (text) {
		strbuf_puts(out, text);
		icalmemory_free_buffer(text);
	}
}

enum crm_code ical_calendar_add(struct ical_calendar *cal, const struct ical_event *e,
				struct crm_error *err)
{
	const struct ical_zone *z = zone_for(cal, e->timezone);
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	char uid[160];
	char *desc;

	(void)err;
	snprintf(uid, sizeof uid, "event-%" PRId64 "-%s@epicevents", e->id, cal->instance);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(cal->now)));
	icalcomponent_add_property(ev, time_property(icalproperty_new_dtstart, z, e->start));
	icalcomponent_add_property(ev, time_property(icalproperty_new_dtend, z, e->end));
	icalcomponent_add_property(ev, icalproperty_new_summary(e->name));
	icalcomponent_add_property(ev, icalproperty_new_location(e->location));
	desc = description(e);
	icalcomponent_add_property(ev, icalproperty_new_description(desc));
	free(desc);
	icalcomponent_add_property(ev, icalproperty_new_sequence(
		e->sequence > INT32_MAX ? INT32_MAX : (int)e->sequence));
	if (e->last_modified)
		icalcomponent_add_property(ev, icalproperty_new_lastmodified(
			utc_time(e->last_modified)));
	append_component(&cal->events, ev);
	icalcomponent_free(ev);
	return CRM_OK;
}

/* libical names its zones "/freeassociation.sourceforge.net/Europe/Paris";
 * calendar apps match TZIDs against IANA names, so the copy is renamed. */
static void append_vtimezone(struct strbuf *out, const struct ical_zone *z)
{
	icalcomponent *vtz = icaltimezone_get_component(z->ical);
	icalproperty *tzid;

	if (!vtz)
		return;
	vtz = icalcomponent_new_clone(vtz);
	tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
	if (tzid)
		icalproperty_set_tzid(tzid, z->name);
	append_component(out, vtz);
	icalcomponent_free(vtz);
}

enum crm_code ical_calendar_finish(struct ical_calendar *cal, struct strbuf *out,
				   struct crm_error *err)
{
	(void)err;
	strbuf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
		    "PRODID:-//Epic Events//Epic Events CRM//EN\r\n"
		    "CALSCALE:GREGORIAN\r\n");
	for (size_t i = 0; i < cal->nzones; i++)
		if (cal->zones[i].tz)
			append_vtimezone(out, &cal->zones[i]);
	strbuf_add(out, cal->events.buf, cal->events.len);
	strbuf_puts(out, "END:VCALENDAR\r\n");
	return CRM_OK;
}
