#include "api/mhd-api.h"

#include "util/dynload.h"

/* The pointers mhd-api.h's macros call through, filled by mhd_load_all. */
#define MHD_API_DEFINE(name) __typeof__(name) *dynload_##name;
MHD_FUNCTIONS(MHD_API_DEFINE)
#undef MHD_API_DEFINE

static void *libmhd_handle;

static enum crm_code mhd_load_all(struct crm_error *err)
{
	enum crm_code rc = dynload_open(&libmhd_handle, "libmicrohttpd.so.12", "serve", err);

#define MHD_API_LOAD(name) \
	if (rc == CRM_OK) \
		rc = dynload_symbol(libmhd_handle, #name, (void **)&dynload_##name, err);
	MHD_FUNCTIONS(MHD_API_LOAD)
#undef MHD_API_LOAD
	return rc;
}

enum crm_code mhd_api_load(struct crm_error *err)
{
	static struct dynload_once loaded = DYNLOAD_ONCE_INIT;

	return dynload_once(&loaded, mhd_load_all, err);
}
