#include "util/error.h"

#include "util/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum crm_code crm_error_set(struct crm_error *err, enum crm_code code,
			    const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		err->field[0] = '\0';
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg,
			  code == CRM_EINTERNAL ? i18n_error_internal(fmt) : i18n_error(fmt), ap);
		va_end(ap);
	}
	return code;
}

enum crm_code crm_error_prefix(struct crm_error *err, const char *fmt, ...)
{
	char prefix[256];
	char old[sizeof err->msg];
	va_list ap;

	if (!err)
		return CRM_EINTERNAL;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix,
		  err->code == CRM_EINTERNAL ? i18n_error_internal(fmt) : i18n_error(fmt), ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	/* Truncation is fine: the message is for people. */
	if (snprintf(err->msg, sizeof err->msg, "%.200s: %.300s", prefix, old) < 0)
		err->msg[0] = '\0';
	return err->code;
}

enum crm_code crm_error_field(struct crm_error *err, const char *key)
{
	if (!err)
		return CRM_EINTERNAL;
	snprintf(err->field, sizeof err->field, "%s", key);
	return err->code;
}

void crm_error_clear(struct crm_error *err)
{
	if (err) {
		err->field[0] = '\0';
		err->code = CRM_OK;
		err->msg[0] = '\0';
	}
}

const char *crm_code_name(enum crm_code code)
{
	switch (code) {
	case CRM_OK: return "success";
	case CRM_EINTERNAL: return "internal error";
	case CRM_EINVALID: return "invalid input";
	case CRM_EAUTH: return "not authenticated";
	case CRM_EPERM: return "permission denied";
	case CRM_ENOTFOUND: return "not found";
	case CRM_ECONFLICT: return "conflict with stored data";
	}
	return "unknown error";
}
