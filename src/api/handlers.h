/*
 * handlers.h — one function per route of route.c, each one crm/ call (or
 * the server's own: health, metrics, the OpenAPI document), and the JSON
 * bodies they take.
 */
#ifndef EPICEVENTS_API_HANDLERS_H
#define EPICEVENTS_API_HANDLERS_H

#include "api/api-internal.h"
#include "api/bodies.h"

#define API_HANDLERS(X) \
	X(health) X(ready) X(metrics) X(openapi) \
	X(session_create) X(session_delete) X(me_show) X(me_password) \
	X(clients_list) X(clients_create) X(clients_show) X(clients_update) X(clients_import) \
	X(contracts_list) X(contracts_create) X(contracts_show) X(contracts_update) \
	X(contracts_sign) X(contracts_pay) \
	X(payments_list) X(payments_show) X(payments_void) \
	X(events_list) X(events_create) X(events_show) X(events_update) X(events_assign) \
	X(users_list) X(users_create) X(users_show) X(users_update) X(users_delete) \
	X(users_locked) X(users_unlock) X(users_deactivate) X(users_reactivate) \
	X(audit_list) X(clients_history) X(contracts_history) X(events_history) \
	X(users_history) \
	X(calendar) X(calendar_feed) X(calendar_rotate) X(calendar_ical)

#define API_HANDLER_DECLARE(name) \
	enum crm_code api_##name(struct api_request *req, struct crm_error *err);
API_HANDLERS(API_HANDLER_DECLARE)
#undef API_HANDLER_DECLARE

#endif
