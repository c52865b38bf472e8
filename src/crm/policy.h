/*
 * policy.h — who may do what: SPEC.md's permission table, as data.
 *
 * Checked by every crm/ operation, below any user interface. A check is in
 * two steps: policy_allows() before anything is read (may this department
 * do this at all?), then policy_check_owner() once the record is loaded,
 * for the rules that say "own clients only" or "events assigned to them".
 */
#ifndef EPICEVENTS_CRM_POLICY_H
#define EPICEVENTS_CRM_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "crm/crm.h"

enum policy_action {
	ACT_CLIENT_CREATE,
	ACT_CLIENT_UPDATE,
	ACT_CLIENT_IMPORT,
	ACT_CONTRACT_CREATE,
	ACT_CONTRACT_UPDATE,
	ACT_CONTRACT_SIGN,
	ACT_CONTRACT_PAY,
	ACT_PAYMENT_VOID,
	ACT_EVENT_CREATE,
	ACT_EVENT_UPDATE,
	ACT_EVENT_ASSIGN,
	ACT_EVENT_MY_EVENTS,
	ACT_USER_MANAGE,
	ACT_AUDIT_LIST,
	ACT_COUNT_
};

enum policy_grant {
	GRANT_NO = 0, /* never */
	GRANT_OWN,    /* only records the user is the contact of */
	GRANT_ALL,    /* any record */
};

/* The action's stable name ("contract.sign"), as the API and GET /me show
 * it and as command tables name it; NULL out of range. */
const char *policy_action_name(enum policy_action action);
/* The action of a name; false when there is none. */
bool policy_action_from_name(const char *name, enum policy_action *out);
/* "none", "own", "all". */
const char *policy_grant_name(enum policy_grant grant);

/* The grant of a department for an action (DEPT_NONE: always GRANT_NO). */
enum policy_grant policy_grant(enum department dept, enum policy_action action);

/* CRM_EPERM with "permission denied: <who> cannot <what>" unless the
 * session's department has GRANT_OWN or GRANT_ALL. */
enum crm_code policy_allows(const struct session *s, enum policy_action action,
			    struct crm_error *err);

/* For GRANT_OWN: CRM_EPERM unless owner_id is the session's user.
 * GRANT_ALL passes; GRANT_NO fails. */
enum crm_code policy_check_owner(const struct session *s,
				 enum policy_action action, int64_t owner_id,
				 struct crm_error *err);

#endif
