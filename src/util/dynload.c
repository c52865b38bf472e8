#include "util/dynload.h"

#include <dlfcn.h>

enum crm_code dynload_open(void **handle, const char *soname, const char *what,
			   struct crm_error *err)
{
	if (*handle)
		return CRM_OK;
	*handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!*handle) {
		const char *why = dlerror();
		return crm_error_set(err, CRM_EINTERNAL, "%s support needs %s: %s", what, soname,
				     why ? why : "cannot load it");
	}
	return CRM_OK;
}

enum crm_code dynload_symbol(void *handle, const char *name, void **out,
			     struct crm_error *err)
{
	void *sym;

	dlerror();
	sym = dlsym(handle, name);
	if (!sym)
		return crm_error_set(err, CRM_EINTERNAL, "function '%s' is missing from its library",
				     name);
	*out = sym;
	return CRM_OK;
}
