#include "model/model.h"

#include <strings.h>

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
	case DEPT_COMMERCIAL: return "Commercial";
	case DEPT_SUPPORT: return "Support";
	case DEPT_MANAGEMENT: return "Management";
	case DEPT_NONE: break;
	}
	return "none";
}
