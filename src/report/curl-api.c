#include "report/curl-api.h"

#include "util/dynload.h"

/* The pointers curl-api.h's macros call through, filled by curl_api_load. */
#undef X
#define CURL_API_DEFINE(name) __typeof__(name) *dynload_##name;
CURL_FUNCTIONS(CURL_API_DEFINE)
#undef CURL_API_DEFINE

static void *libcurl_handle;

enum crm_code curl_api_load(struct crm_error *err)
{
	enum crm_code rc;

	if (libcurl_handle)
		return CRM_OK;
	rc = dynload_open(&libcurl_handle, "libcurl.so.4", "Sentry reporting", err);
#define CURL_API_LOAD(name) \
	if (rc == CRM_OK) \
		rc = dynload_symbol(libcurl_handle, #name, (void **)&dynload_##name, err);
	CURL_FUNCTIONS(CURL_API_LOAD)
#undef CURL_API_LOAD
	return rc;
}
