#include "util/curl-api.h"

#include "util/dynload.h"

/* The pointers curl-api.h's macros call through, filled by curl_api_load. */
#undef X
#define CURL_API_DEFINE(name) __typeof__(name) *dynload_##name;
CURL_FUNCTIONS(CURL_API_DEFINE)
#undef CURL_API_DEFINE

static void *libcurl_handle;

static enum crm_code curl_load_all(struct crm_error *err)
{
	enum crm_code rc = dynload_open(&libcurl_handle, "libcurl.so.4", "HTTP (Sentry, --server)", err);

#define CURL_API_LOAD(name) \
	if (rc == CRM_OK) \
		rc = dynload_symbol(libcurl_handle, #name, (void **)&dynload_##name, err);
	CURL_FUNCTIONS(CURL_API_LOAD)
#undef CURL_API_LOAD
	return rc;
}

/* Set once curl_global_init succeeded, read by curl_api_global_cleanup. */
static int curl_initialised;

static enum crm_code curl_init_all(struct crm_error *err)
{
	static struct dynload_once loaded = DYNLOAD_ONCE_INIT;
	enum crm_code rc = dynload_once(&loaded, curl_load_all, err);

	if (rc != CRM_OK)
		return rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return crm_error_set(err, CRM_EINTERNAL, "curl_global_init failed");
	__atomic_store_n(&curl_initialised, 1, __ATOMIC_RELEASE);
	return CRM_OK;
}

enum crm_code curl_api_global_init(struct crm_error *err)
{
	static struct dynload_once initialised = DYNLOAD_ONCE_INIT;

	return dynload_once(&initialised, curl_init_all, err);
}

void curl_api_global_cleanup(void)
{
	if (__atomic_exchange_n(&curl_initialised, 0, __ATOMIC_ACQ_REL))
		curl_global_cleanup();
}
