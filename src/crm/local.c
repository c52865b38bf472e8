/* The local backend: crm/'s own operations over a database connection. */
#include "crm/crm-internal.h"

#include <stdlib.h>

#include "util/xalloc.h"

#define CRM_LOCAL_ENTRY(name) .name = local_##name,
const struct crm_ops crm_local_ops = {
	CRM_OPERATIONS(CRM_LOCAL_ENTRY)
};
#undef CRM_LOCAL_ENTRY

struct crm *crm_open_local(struct db *db, bool owns_db, const struct crm_options *opt)
{
	struct crm *crm = xcalloc(1, sizeof *crm);

	crm->ops = &crm_local_ops;
	crm->db = db;
	crm->owns_db = owns_db;
	if (opt) {
		crm->zone = opt->zone;
		crm->timezone = opt->timezone;
		crm->jwt_secret = opt->jwt_secret;
		crm->notify = opt->notify;
		crm->notify_ctx = opt->notify_ctx;
	}
	return crm;
}

void crm_close(struct crm *crm)
{
	if (!crm)
		return;
	if (crm->owns_db)
		db_close(crm->db);
	free(crm);
}

const struct tz *crm_zone(const struct crm *crm)
{
	return crm->zone;
}
