/*
 * tz.h — time zones read from the system's zoneinfo, without the process's TZ.
 *
 * localtime() and mktime() convert in the one zone of the process, and
 * changing it (setenv("TZ") + tzset()) races with every other thread. A
 * server answering users of several zones loads a struct tz per zone
 * instead: it is immutable once loaded, so any number of threads may use
 * it at once. Nothing here touches TZ, tzset() or any static state.
 *
 * Zones are TZif files (RFC 8536) under the zoneinfo root: $TZDIR when it
 * is set to an absolute path (the same knob glibc reads; it is the
 * administrator's, never a user's), else /usr/share/zoneinfo. Only version
 * 2 and later files are read, and only their 64-bit data. Instants after
 * the last transition of the file follow the POSIX TZ rule of its footer
 * (RFC 8536 section 3.3, with the version 3 extension of rule times from
 * -167 to 167 hours); instants before the first take the first time type.
 * Files that count leap seconds (the "right/" zones) are refused: the
 * program's instants are POSIX seconds.
 *
 * Instants are int64 seconds since the Unix epoch, UTC, as in datetime.h.
 * Those beyond +-2^40 s (about 34,800 years) are clamped to that range.
 */
#ifndef EPICEVENTS_UTIL_TZ_H
#define EPICEVENTS_UTIL_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Opaque and immutable once loaded: share it between threads freely. */
struct tz;

/*
 * Loads a zone by its name: "Europe/Paris", "UTC", "Etc/GMT-1". The name
 * is checked before any file is opened: components of [A-Za-z0-9_+-]
 * separated by single '/', none starting with '-', at most 255 bytes (so
 * no "..", no absolute path, no backslash, no control character). Symbolic links inside
 * the root are followed (Debian makes "US/Eastern" a link); the syntax is
 * what keeps a name inside the root. CRM_EINVALID naming the field
 * "timezone" when the name is malformed, names no file, or the file is not
 * a well-formed TZif version 2+ file without leap seconds.
 */
enum crm_code tz_load(struct tz **out, const char *name, struct crm_error *err);

/*
 * The zone of a one-seat program: TZ when it names a zone (":Europe/Paris"
 * or "Europe/Paris") or is a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3");
 * TZ set but empty is UTC, as for glibc. Otherwise /etc/localtime (named
 * after its link target inside a zoneinfo tree when it is one, else
 * "localtime"), else UTC (built in, should no zoneinfo be installed).
 * Reads TZ with getenv() only; never calls tzset(). Always CRM_OK: a zone
 * that cannot be read falls back to the next.
 */
enum crm_code tz_load_default(struct tz **out, struct crm_error *err);

/* For tests and fuzzers: loads the TZif file at `path` (followed if a
 * link), calling the zone `name` in messages and tz_name(). */
enum crm_code tz_load_file(struct tz **out, const char *path, const char *name,
			   struct crm_error *err);

/* For tests and fuzzers: parses a whole TZif file held in memory. */
enum crm_code tz_parse_tzif(struct tz **out, const void *data, size_t len,
			    const char *name, struct crm_error *err);

/* For tests and fuzzers: a zone made of a POSIX TZ string alone, e.g.
 * "<+0530>-5:30" or "EST5EDT,M3.2.0,M11.1.0". A DST name needs a rule. */
enum crm_code tz_parse_posix(struct tz **out, const char *rule,
			     struct crm_error *err);

void tz_free(struct tz *tz); /* NULL is fine */

/* "Europe/Paris": the name it was loaded by. */
const char *tz_name(const struct tz *tz);

/* A wall-clock reading of an instant. */
struct tz_local {
	int year, month, day;       /* proleptic Gregorian; month 1..12 */
	int hour, minute, second;
	int32_t utc_offset;         /* seconds east of UTC: +7200 for CEST */
	bool is_dst;
	char abbr[16];              /* as the file says: "CEST", "+0530" */
};

void tz_to_local(const struct tz *tz, int64_t utc, struct tz_local *out);

enum tz_local_kind {
	TZ_LOCAL_UNIQUE,    /* *earlier == *later */
	TZ_LOCAL_GAP,       /* skipped when clocks went forward */
	TZ_LOCAL_AMBIGUOUS, /* shown twice when clocks went back */
};

/*
 * The instants at which the wall clock of `tz` read this local time. Fields
 * are combined arithmetically (month 13 is January of the next year, like
 * timegm()); the caller checks the calendar. UNIQUE: both outputs are that
 * instant. AMBIGUOUS: *earlier (first reading, the old offset) and *later.
 * GAP: both are the instant read with the offset before the gap, i.e. the
 * time pushed forward by the gap's length (02:30 -> 03:30 CEST), which is
 * what Python's fold=0 gives. Either output pointer may be NULL.
 */
enum tz_local_kind tz_from_local(const struct tz *tz, int year, int month,
				 int day, int hour, int minute, int second,
				 int64_t *earlier, int64_t *later);

#endif
