/*
 * crm-internal.h — what the operation files of crm/ share: the handle,
 * transactions, the journal row.
 */
#ifndef EPICEVENTS_CRM_INTERNAL_H
#define EPICEVENTS_CRM_INTERNAL_H

#include <jansson.h>

#include "crm/crm.h"
#include "crm/crm-ops.h"
#include "store/db.h"

/* The handle behind crm.h's opaque struct crm. */
struct crm {
	const struct crm_ops *ops;
	struct db *db;                /* the local backend's connection */
	bool owns_db;
	const struct tz *zone;        /* struct crm_options, as opened */
	const char *jwt_secret;
	crm_notify_fn notify;
	void *notify_ctx;
};

/* SPEC.md: after 5 failed logins for one email within 15 minutes, that
 * email is refused for 15 minutes. */
#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_MAX_FAILURES 5

/* rc of one input field's validation; a failure names the field by its key
 * (err->field), e.g. rc = crm_field(err, "email", validate_email(...)). */
static inline enum crm_code crm_field(struct crm_error *err, const char *key, enum crm_code rc)
{
	if (rc)
		crm_error_field(err, key);
	return rc;
}

/* Ends the transaction begun by db_begin: commits when rc is CRM_OK (and
 * returns the commit's result), rolls back otherwise. */
enum crm_code crm_tx_end(struct crm *crm, enum crm_code rc,
			 struct crm_error *err);

/* Writes the audit_log row of a change, inside the caller's transaction.
 * Takes ownership of details (may be NULL). Never pass a secret. */
enum crm_code crm_journal(struct crm *crm, const struct session *s,
			  const char *action, const char *entity,
			  int64_t entity_id, json_t *details,
			  struct crm_error *err);

/* details[key] = text, when text is not NULL. */
void crm_journal_text(json_t *details, const char *key, const char *text);

void crm_notify(struct crm *crm, const char *action_type,
		const struct session *s, int64_t entity_id);

#endif
