/*
 * bodies.h — the JSON bodies the routes take (route.c), each bound to an
 * input struct: model.h's for records, and the few below for the rest.
 * Data only (bodies.c), so that the body parser's fuzz target can use the
 * real tables.
 */
#ifndef EPICEVENTS_API_BODIES_H
#define EPICEVENTS_API_BODIES_H

#include "api/body.h"

struct login_input {
	const char *email;
	const char *password;
};

struct password_input {
	const char *current;
	const char *new_password;
};

struct assign_input {
	const char *support_contact_id;
};

extern const struct api_body api_login_body, api_password_body, api_client_body,
	api_contract_create_body, api_contract_update_body, api_event_create_body,
	api_event_update_body, api_assign_body, api_user_body, api_payment_body,
	api_payment_void_body;

#endif
