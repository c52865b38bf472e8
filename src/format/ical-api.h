/*
 * ical-api.h — libical, opened when a calendar is first written rather than
 * linked: it brings ICU (three libraries, 30 MB of data tables), whose
 * loading would cost every other command. Include this instead of
 * <libical/ical.h>; call ical_api_load() before the first libical function.
 */
#ifndef EPICEVENTS_FORMAT_ICAL_API_H
#define EPICEVENTS_FORMAT_ICAL_API_H

#include <libical/ical.h>

#include "util/error.h"

#define ICAL_FUNCTIONS(X) \
	X(icalcomponent_new) \
	X(icalcomponent_free) \
	X(icalcomponent_add_property) \
	X(icalcomponent_add_component) \
	X(icalcomponent_as_ical_string_r) \
	X(icalcomponent_new_clone) \
	X(icalcomponent_get_first_property) \
	X(icalmemory_free_buffer) \
	X(icalparameter_new_tzid) \
	X(icalproperty_add_parameter) \
	X(icalproperty_new_description) \
	X(icalproperty_new_dtend) \
	X(icalproperty_new_dtstamp) \
	X(icalproperty_new_dtstart) \
	X(icalproperty_new_lastmodified) \
	X(icalproperty_new_location) \
	X(icalproperty_new_prodid) \
	X(icalproperty_new_sequence) \
	X(icalproperty_new_summary) \
	X(icalproperty_new_uid) \
	X(icalproperty_new_version) \
	X(icalproperty_set_tzid) \
	X(icaltime_null_time) \
	X(icaltimezone_get_builtin_timezone) \
	X(icaltimezone_get_component) \
	X(icaltimezone_get_utc_timezone)

#define ICAL_API_EXTERN(name) extern __typeof__(name) *dynload_##name;
ICAL_FUNCTIONS(ICAL_API_EXTERN)
#undef ICAL_API_EXTERN

/* Loads libical once per process; CRM_EINTERNAL naming the library when it
 * or one of the functions is missing (and the same ever after). */
enum crm_code ical_api_load(struct crm_error *err);

#define icalcomponent_new (*dynload_icalcomponent_new)
#define icalcomponent_free (*dynload_icalcomponent_free)
#define icalcomponent_add_property (*dynload_icalcomponent_add_property)
#define icalcomponent_add_component (*dynload_icalcomponent_add_component)
#define icalcomponent_as_ical_string_r (*dynload_icalcomponent_as_ical_string_r)
#define icalcomponent_new_clone (*dynload_icalcomponent_new_clone)
#define icalcomponent_get_first_property (*dynload_icalcomponent_get_first_property)
#define icalmemory_free_buffer (*dynload_icalmemory_free_buffer)
#define icalparameter_new_tzid (*dynload_icalparameter_new_tzid)
#define icalproperty_add_parameter (*dynload_icalproperty_add_parameter)
#define icalproperty_new_description (*dynload_icalproperty_new_description)
#define icalproperty_new_dtend (*dynload_icalproperty_new_dtend)
#define icalproperty_new_dtstamp (*dynload_icalproperty_new_dtstamp)
#define icalproperty_new_dtstart (*dynload_icalproperty_new_dtstart)
#define icalproperty_new_lastmodified (*dynload_icalproperty_new_lastmodified)
#define icalproperty_new_location (*dynload_icalproperty_new_location)
#define icalproperty_new_prodid (*dynload_icalproperty_new_prodid)
#define icalproperty_new_sequence (*dynload_icalproperty_new_sequence)
#define icalproperty_new_summary (*dynload_icalproperty_new_summary)
#define icalproperty_new_uid (*dynload_icalproperty_new_uid)
#define icalproperty_new_version (*dynload_icalproperty_new_version)
#define icalproperty_set_tzid (*dynload_icalproperty_set_tzid)
#define icaltime_null_time (*dynload_icaltime_null_time)
#define icaltimezone_get_builtin_timezone (*dynload_icaltimezone_get_builtin_timezone)
#define icaltimezone_get_component (*dynload_icaltimezone_get_component)
#define icaltimezone_get_utc_timezone (*dynload_icaltimezone_get_utc_timezone)

#endif
