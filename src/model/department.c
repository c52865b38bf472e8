#include "model/model.h"

#include <strings.h>

#include "util/i18n.h"

enum department department_from_name(const char *name)
{
	if (!name)
		return DEPT_NONE;
	if (strcasecmp(name, "commercial") == 0)
		return DEPT_COMMERCIAL;
	if (strcasecmp(name, "support") == 0)
		return DEPT_SUPPORT;
	if (strcasecmp(name, "management") == 0)
		return DEPT_MANAGEMENT;
	return DEPT_NONE;
}

const char *department_name(enum department dept)
{
	switch (dept) {
	/* Marked for the catalogue: people read them through
	 * C_("department", ...); programs and the database read them as is. */
	case DEPT_COMMERCIAL: return NC_("department", "Commercial");
	case DEPT_SUPPORT: return NC_("department", "Support");
	case DEPT_MANAGEMENT: return NC_("department", "Management");
	case DEPT_NONE: break;
	}
	return "none";
}
