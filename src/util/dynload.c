#include "util/dynload.h"

#include <dlfcn.h>
#include <string.h>

#include "util/i18n.h"

enum crm_code dynload_open(void **handle, const char *soname, const char *what,
			   struct crm_error *err)
{
	if (*handle)
		return CRM_OK;
	*handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!*handle) {
		const char *why = dlerror();
		return crm_error_set(err, CRM_EINTERNAL, "%s support needs %s: %s",
				     C_("feature", what), soname, why ? why : "cannot load it");
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

enum crm_code dynload_once(struct dynload_once *once,
			   enum crm_code (*load)(struct crm_error *err),
			   struct crm_error *err)
{
	if (!__atomic_load_n(&once->done, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&once->lock);
		if (!once->done) {
			crm_error_clear(&once->result);
			once->result.code = load(&once->result);
			/* Every pointer the loader filled is visible before `done`. */
			__atomic_store_n(&once->done, 1, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&once->lock);
	}
	if (once->result.code != CRM_OK && err)
		memcpy(err, &once->result, sizeof *err);
	return once->result.code;
}
