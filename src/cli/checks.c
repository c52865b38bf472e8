#include "cli/checks.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"
#include "util/datetime.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/tz-cache.h"
#include "util/validate.h"

/* Takes the address: the order in which a call's arguments are evaluated
 * is unspecified, so passing `out` itself could pass it before it is set. */
static enum crm_code discard(enum crm_code rc, char **normalised)
{
	free(*normalised);
	return rc;
}

enum crm_code check_name(const char *v, struct crm_error *err)
{
	char *out = NULL;
	return discard(validate_text(&out, NC_("field", "value"), v, 100, err), &out);
}

enum crm_code check_long_text(const char *v, struct crm_error *err)
{
	char *out = NULL;
	return discard(validate_text(&out, NC_("field", "value"), v, 200, err), &out);
}

enum crm_code check_email(const char *v, struct crm_error *err)
{
	char *out = NULL;
	return discard(validate_email(&out, NC_("field", "email"), v, err), &out);
}

enum crm_code check_phone(const char *v, struct crm_error *err)
{
	char *out = NULL;
	return discard(validate_phone(&out, NC_("field", "phone"), v, err), &out);
}

enum crm_code check_employee_id(const char *v, struct crm_error *err)
{
	char *out = NULL;
	return discard(validate_employee_id(&out, NC_("field", "employee id"), v, err), &out);
}

enum crm_code check_id(const char *v, struct crm_error *err)
{
	int64_t id;
	return validate_id(&id, NC_("field", "id"), v, err);
}

enum crm_code check_amount(const char *v, struct crm_error *err)
{
	int64_t cents;
	return money_parse(&cents, NC_("field", "amount"), v, err);
}

enum crm_code check_datetime(const char *v, struct crm_error *err)
{
	int64_t t;
	/* The form only: the zone's own gaps are checked where the zone is known. */
	return datetime_parse(&t, NC_("field", "date"), v, NULL, err);
}

enum crm_code check_date(const char *v, struct crm_error *err)
{
	char ymd[DATE_TEXT_MAX];
	return date_parse(ymd, NC_("field", "date"), v, err);
}

enum crm_code check_attendees(const char *v, struct crm_error *err)
{
	int64_t n;
	return validate_int(&n, NC_("field", "attendees"), v, 0, 1000000, err);
}

enum crm_code check_department(const char *v, struct crm_error *err)
{
	if (department_from_name(v) == DEPT_NONE) {
		char shown[UTF8_EXCERPT_MAX];
		utf8_excerpt(shown, v, strlen(v));
		return crm_error_set(err, CRM_EINVALID,
				     "department '%s' is not one of Commercial, Support, Management",
				     shown);
	}
	return CRM_OK;
}

enum crm_code check_timezone(const char *v, struct crm_error *err)
{
	const struct tz *zone;

	return tz_cache_get(&zone, v, err);
}
