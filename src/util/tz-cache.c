#include "util/tz-cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/tz.h"
#include "util/validate.h"
#include "util/xalloc.h"

struct tz_entry {
	struct tz_entry *next;
	struct tz *zone;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tz_entry *cache_head;

static const struct tz *find(const char *name)
{
	for (struct tz_entry *e = cache_head; e; e = e->next)
		if (strcmp(tz_name(e->zone), name) == 0)
			return e->zone;
	return NULL;
}

enum crm_code tz_cache_get(const struct tz **out, const char *name, struct crm_error *err)
{
	struct tz *zone = NULL;
	struct tz_entry *e;
	char shown[UTF8_EXCERPT_MAX];
	enum crm_code rc;

	*out = NULL;
	if (!name || !*name) {
		crm_error_set(err, CRM_EINVALID,
			      "the time zone is empty: give an IANA name such as Europe/Paris");
		return crm_error_field(err, "timezone");
	}
	pthread_mutex_lock(&cache_lock);
	*out = find(name);
	pthread_mutex_unlock(&cache_lock);
	if (*out)
		return CRM_OK;
	/* Loaded outside the lock (a file read); a racing loader's copy is
	 * dropped below. */
	rc = tz_load(&zone, name, NULL);
	if (rc && strcmp(name, "UTC") == 0)
		rc = tz_parse_posix(&zone, "UTC0", NULL);
	if (rc) {
		utf8_excerpt(shown, name, strlen(name));
		crm_error_set(err, CRM_EINVALID,
			      "time zone '%s' is unknown: give an IANA name such as Europe/Paris "
			      "or UTC", shown);
		return crm_error_field(err, "timezone");
	}
	pthread_mutex_lock(&cache_lock);
	*out = find(name);
	if (*out) {
		tz_free(zone);
	} else {
		e = xmalloc(sizeof *e);
		e->zone = zone;
		e->next = cache_head;
		cache_head = e;
		*out = zone;
	}
	pthread_mutex_unlock(&cache_lock);
	return CRM_OK;
}

const struct tz *tz_cache_or_utc(const char *name)
{
	const struct tz *zone = NULL;

	if (name && tz_cache_get(&zone, name, NULL) == CRM_OK)
		return zone;
	if (tz_cache_get(&zone, "UTC", NULL) == CRM_OK)
		return zone;
	return NULL;
}
