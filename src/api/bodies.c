/* The bodies of bodies.h: key, JSON type, member. */
#include "api/bodies.h"

#define KEY(type, member, key, json) { key, json, INPUT_FIELD(type, member) }

const struct api_body api_login_body = { sizeof(struct login_input), {
	KEY(struct login_input, email, "email", BODY_TEXT),
	KEY(struct login_input, password, "password", BODY_TEXT),
} };
const struct api_body api_password_body = { sizeof(struct password_input), {
	KEY(struct password_input, current, "current", BODY_TEXT),
	KEY(struct password_input, new_password, "new", BODY_TEXT),
} };
const struct api_body api_client_body = { sizeof(struct client_input), {
	KEY(struct client_input, full_name, "full_name", BODY_TEXT),
	KEY(struct client_input, email, "email", BODY_TEXT),
	KEY(struct client_input, phone, "phone", BODY_TEXT),
	KEY(struct client_input, company_name, "company_name", BODY_TEXT),
} };
const struct api_body api_contract_create_body = { sizeof(struct contract_input), {
	KEY(struct contract_input, client_id, "client_id", BODY_INTEGER),
	KEY(struct contract_input, total_amount, "total_amount", BODY_TEXT),
	KEY(struct contract_input, remaining_amount, "remaining_amount", BODY_TEXT),
	KEY(struct contract_input, payment_due_date, "payment_due_date", BODY_TEXT),
} };
const struct api_body api_contract_update_body = { sizeof(struct contract_input), {
	KEY(struct contract_input, total_amount, "total_amount", BODY_TEXT),
	KEY(struct contract_input, remaining_amount, "remaining_amount", BODY_TEXT),
	KEY(struct contract_input, payment_due_date, "payment_due_date", BODY_TEXT),
} };
const struct api_body api_payment_body = { sizeof(struct payment_input), {
	KEY(struct payment_input, amount, "amount", BODY_TEXT),
	KEY(struct payment_input, paid_on, "paid_on", BODY_TEXT),
	KEY(struct payment_input, method, "method", BODY_TEXT),
	KEY(struct payment_input, reference, "reference", BODY_TEXT),
} };
const struct api_body api_payment_void_body = { sizeof(struct payment_void_input), {
	KEY(struct payment_void_input, reason, "reason", BODY_TEXT),
} };
const struct api_body api_event_create_body = { sizeof(struct event_input), {
	KEY(struct event_input, contract_id, "contract_id", BODY_INTEGER),
	KEY(struct event_input, name, "name", BODY_TEXT),
	KEY(struct event_input, start_date, "start_date", BODY_TEXT),
	KEY(struct event_input, end_date, "end_date", BODY_TEXT),
	KEY(struct event_input, location, "location", BODY_TEXT),
	KEY(struct event_input, attendees_count, "attendees_count", BODY_INTEGER),
	KEY(struct event_input, notes, "notes", BODY_TEXT),
	KEY(struct event_input, timezone, "timezone", BODY_TEXT),
} };
const struct api_body api_event_update_body = { sizeof(struct event_input), {
	KEY(struct event_input, name, "name", BODY_TEXT),
	KEY(struct event_input, start_date, "start_date", BODY_TEXT),
	KEY(struct event_input, end_date, "end_date", BODY_TEXT),
	KEY(struct event_input, location, "location", BODY_TEXT),
	KEY(struct event_input, attendees_count, "attendees_count", BODY_INTEGER),
	KEY(struct event_input, notes, "notes", BODY_TEXT),
	KEY(struct event_input, timezone, "timezone", BODY_TEXT),
} };
const struct api_body api_assign_body = { sizeof(struct assign_input), {
	KEY(struct assign_input, support_contact_id, "support_contact_id", BODY_INTEGER),
} };
const struct api_body api_user_body = { sizeof(struct user_input), {
	KEY(struct user_input, employee_id, "employee_id", BODY_TEXT),
	KEY(struct user_input, name, "name", BODY_TEXT),
	KEY(struct user_input, email, "email", BODY_TEXT),
	KEY(struct user_input, department, "department", BODY_TEXT),
	KEY(struct user_input, password, "password", BODY_TEXT),
} };
