#include "format/ical-api.h"

#include "util/dynload.h"
#include "util/i18n.h"

/* The pointers ical-api.h's macros call through, filled by ical_load_all. */
#define ICAL_API_DEFINE(name) __typeof__(name) *dynload_##name;
ICAL_FUNCTIONS(ICAL_API_DEFINE)
#undef ICAL_API_DEFINE

static void *libical_handle;

static enum crm_code ical_load_all(struct crm_error *err)
{
	enum crm_code rc = dynload_open(&libical_handle, "libical.so.3", NC_("feature", "calendar"), err);

#define ICAL_API_LOAD(name) \
	if (rc == CRM_OK) \
		rc = dynload_symbol(libical_handle, #name, (void **)&dynload_##name, err);
	ICAL_FUNCTIONS(ICAL_API_LOAD)
#undef ICAL_API_LOAD
	return rc;
}

enum crm_code ical_api_load(struct crm_error *err)
{
	static struct dynload_once loaded = DYNLOAD_ONCE_INIT;

	return dynload_once(&loaded, ical_load_all, err);
}
