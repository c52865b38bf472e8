/*
 * crm-ops.h — the operations table inside struct crm: one pointer per
 * operation of crm.h, typed like it. crm.h's functions call through it
 * (dispatch.c), so a front end runs the same code whichever backend it
 * opened; local.c fills it with crm/'s own implementations (local_*).
 */
#ifndef EPICEVENTS_CRM_OPS_H
#define EPICEVENTS_CRM_OPS_H

#include "crm/crm.h"

/* Every operation a backend provides. */
#define CRM_OPERATIONS(X) \
	X(auth_login) X(auth_session) X(auth_change_password) X(auth_revoke_all) X(auth_revoke) \
	X(user_list) X(user_show) X(user_create) X(user_update) \
	X(user_list_locked) X(user_unlock) X(user_delete) \
	X(user_deactivate) X(user_reactivate) \
	X(client_list) X(client_show) X(client_create) X(client_update) \
	X(client_import) \
	X(contract_list) X(contract_show) X(contract_create) X(contract_update) \
	X(contract_sign) \
	X(contract_pay) X(payment_list) X(payment_show) X(payment_void) \
	X(event_list) X(event_list_mine) X(event_show) X(event_create) \
	X(event_update) X(event_assign) \
	X(event_calendar) X(calendar_feed) \
	X(audit_list) X(audit_history)

#define CRM_OPS_FIELD(name) __typeof__(name) *name;
struct crm_ops {
	CRM_OPERATIONS(CRM_OPS_FIELD)
};
#undef CRM_OPS_FIELD

/* crm/'s implementations: local_client_list for client_list, ... */
#define CRM_LOCAL_DECLARE(name) __typeof__(name) local_##name;
CRM_OPERATIONS(CRM_LOCAL_DECLARE)
#undef CRM_LOCAL_DECLARE

extern const struct crm_ops crm_local_ops;

#endif
