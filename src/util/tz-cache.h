/*
 * tz-cache.h — zones by name, loaded once per process and shared.
 *
 * Every event names its zone, and a listing shows thousands of them: the
 * zone files are read once and kept. A loaded struct tz is immutable, so
 * the cache only guards its list with a mutex; entries live until exit
 * (there are a few hundred zone names at most, and only names that loaded
 * are kept, so what a user types cannot grow it without bound).
 */
#ifndef EPICEVENTS_UTIL_TZ_CACHE_H
#define EPICEVENTS_UTIL_TZ_CACHE_H

#include "util/error.h"

struct tz;

/* The zone called `name` (tz_load's rules; "UTC" works even without a
 * zoneinfo tree). CRM_EINVALID naming the field "timezone" for an empty,
 * malformed or unknown name: "time zone 'Mars/Olympus' is unknown ...". */
enum crm_code tz_cache_get(const struct tz **out, const char *name, struct crm_error *err);

/* The same, for showing stored values: UTC when the name does not load. */
const struct tz *tz_cache_or_utc(const char *name);

#endif
