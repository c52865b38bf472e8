#include "format/records.h"

#include "util/tz-cache.h"
#include "util/i18n.h"

/* An id of 0 is "none" in the records (no support contact yet). */
static struct out_value id_or_null(int64_t id)
{
	return id ? out_num(id) : out_null();
}

#define DESC(var, noun, cols) \
	const struct record_desc var = { noun, cols, OUT_NCOLS(cols) }

static const struct out_column client_columns[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "full_name", N_("Full name"), OUT_TEXT },
	{ "email", N_("Email"), OUT_TEXT },
	{ "phone", N_("Phone"), OUT_TEXT },
	{ "company_name", N_("Company"), OUT_TEXT },
	{ "commercial_contact_id", N_("Commercial id"), OUT_INT },
	{ "commercial_name", N_("Commercial"), OUT_TEXT },
	{ "creation_date", N_("Created"), OUT_TIME },
	{ "last_update", N_("Updated"), OUT_TIME },
};
DESC(record_client, "client", client_columns);

void record_client_values(const struct client *c, struct out_value *v)
{
	v[0] = out_num(c->id);
	v[1] = out_text(c->full_name);
	v[2] = out_text(c->email);
	v[3] = out_text(c->phone);
	v[4] = out_text(c->company_name);
	v[5] = id_or_null(c->commercial_contact_id);
	v[6] = out_text(c->commercial_name);
	v[7] = out_num(c->creation_date);
	v[8] = c->last_update ? out_num(c->last_update) : out_null();
}

static const struct out_column contract_columns[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "client_id", N_("Client id"), OUT_INT },
	{ "client_name", N_("Client"), OUT_TEXT },
	{ "commercial_contact_id", N_("Commercial id"), OUT_INT },
	{ "commercial_name", N_("Commercial"), OUT_TEXT },
	{ "total_amount", N_("Total"), OUT_MONEY },
	{ "remaining_amount", N_("Remaining"), OUT_MONEY },
	{ "is_signed", N_("Signed"), OUT_BOOL },
	{ "creation_date", N_("Created"), OUT_TIME },
	{ "payment_due_date", N_("Due"), OUT_TEXT }, /* a date, "2026-06-30" */
};
DESC(record_contract, "contract", contract_columns);

void record_contract_values(const struct contract *k, struct out_value *v)
{
	v[0] = out_num(k->id);
	v[1] = out_num(k->client_id);
	v[2] = out_text(k->client_name);
	v[3] = id_or_null(k->commercial_contact_id);
	v[4] = out_text(k->commercial_name);
	v[5] = out_num(k->total_amount);
	v[6] = out_num(k->remaining_amount);
	v[7] = out_bool(k->is_signed);
	v[8] = out_num(k->creation_date);
	v[9] = out_text(k->payment_due_date);
}

static const struct out_column payment_columns[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "contract_id", N_("Contract"), OUT_INT },
	{ "client_name", N_("Client"), OUT_TEXT },
	{ "amount", N_("Amount"), OUT_MONEY },
	{ "paid_on", N_("Paid on"), OUT_TEXT }, /* a date */
	{ "method", N_("Method"), OUT_TEXT },
	{ "reference", N_("Reference"), OUT_TEXT },
	{ "recorded_by_id", N_("Recorded by id"), OUT_INT },
	{ "recorded_by_name", N_("Recorded by"), OUT_TEXT },
	{ "creation_date", N_("Recorded"), OUT_TIME },
	{ "voided_at", N_("Voided"), OUT_TIME },
	{ "void_reason", N_("Void reason"), OUT_TEXT },
};
DESC(record_payment, "payment", payment_columns);

void record_payment_values(const struct payment *p, struct out_value *v)
{
	v[0] = out_num(p->id);
	v[1] = out_num(p->contract_id);
	v[2] = out_text(p->client_name);
	v[3] = out_num(p->amount);
	v[4] = out_text(p->paid_on);
	v[5] = out_text(p->method);
	v[6] = out_text(p->reference);
	v[7] = id_or_null(p->recorded_by_id);
	v[8] = out_text(p->recorded_by_name);
	v[9] = out_num(p->creation_date);
	v[10] = p->voided_at ? out_num(p->voided_at) : out_null();
	v[11] = out_text(p->void_reason);
}

static const struct out_column event_columns[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "contract_id", N_("Contract"), OUT_INT },
	{ "client_name", N_("Client"), OUT_TEXT },
	{ "name", N_("Name"), OUT_TEXT },
	{ "start_date", N_("Start"), OUT_TIME },
	{ "end_date", N_("End"), OUT_TIME },
	{ "support_contact_id", N_("Support id"), OUT_INT },
	{ "support_name", N_("Support"), OUT_TEXT },
	{ "location", N_("Location"), OUT_TEXT },
	{ "attendees_count", N_("Attendees"), OUT_INT },
	{ "notes", N_("Notes"), OUT_TEXT },
	{ "timezone", N_("Time zone"), OUT_TEXT },
};
DESC(record_event, "event", event_columns);

void record_event_values(const struct event *e, struct out_value *v)
{
	/* People read an event's times in its own zone (SPEC.md). */
	const struct tz *zone = tz_cache_or_utc(e->timezone);

	v[0] = out_num(e->id);
	v[1] = out_num(e->contract_id);
	v[2] = out_text(e->client_name);
	v[3] = out_text(e->name);
	v[4] = out_time_in(e->start_date, zone);
	v[5] = out_time_in(e->end_date, zone);
	v[6] = id_or_null(e->support_contact_id);
	v[7] = out_text(e->support_name);
	v[8] = out_text(e->location);
	v[9] = out_num(e->attendees_count);
	v[10] = out_text(e->notes);
	v[11] = out_text(e->timezone);
}

static const struct out_column user_columns[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "employee_id", N_("Employee id"), OUT_TEXT },
	{ "name", N_("Name"), OUT_TEXT },
	{ "email", N_("Email"), OUT_TEXT },
	{ "department_id", N_("Dept id"), OUT_INT },
	{ "department", N_("Department"), OUT_TEXT },
	{ "creation_date", N_("Created"), OUT_TIME },
	{ "is_active", N_("Active"), OUT_BOOL },
};
DESC(record_user, "user", user_columns);

void record_user_values(const struct user *u, struct out_value *v)
{
	v[0] = out_num(u->id);
	v[1] = out_text(u->employee_id);
	v[2] = out_text(u->name);
	v[3] = out_text(u->email);
	v[4] = out_num(u->department_id);
	v[5] = out_text(u->department_name);
	v[6] = out_num(u->creation_date);
	v[7] = out_bool(u->is_active);
}

static const struct out_column audit_columns[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "created_at", N_("When"), OUT_TIME },
	{ "actor_id", N_("Actor id"), OUT_INT },
	{ "actor_label", N_("Actor"), OUT_TEXT },
	{ "action", N_("Action"), OUT_TEXT },
	{ "entity", N_("Entity"), OUT_TEXT },
	{ "entity_id", N_("Entity id"), OUT_INT },
	{ "details", N_("Changes"), OUT_DETAILS },
};
DESC(record_audit, "audit entry", audit_columns);

/* A record's history: the journal rows of one record, so no entity. */
static const struct out_column history_columns[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "created_at", N_("When"), OUT_TIME },
	{ "actor_id", N_("Actor id"), OUT_INT },
	{ "actor_label", N_("Who"), OUT_TEXT },
	{ "action", N_("What"), OUT_TEXT },
	{ "details", N_("Changes (old \u2192 new)"), OUT_DETAILS },
};
DESC(record_history, "history entry", history_columns);

void record_history_values(const struct audit_entry *a, struct out_value *v)
{
	v[0] = out_num(a->id);
	v[1] = out_num(a->created_at);
	v[2] = id_or_null(a->actor_id);
	v[3] = out_text(a->actor_label);
	v[4] = out_text(a->action);
	v[5] = out_text(a->details);
}

void record_audit_values(const struct audit_entry *a, struct out_value *v)
{
	v[0] = out_num(a->id);
	v[1] = out_num(a->created_at);
	v[2] = id_or_null(a->actor_id);
	v[3] = out_text(a->actor_label);
	v[4] = out_text(a->action);
	v[5] = out_text(a->entity);
	v[6] = id_or_null(a->entity_id);
	v[7] = out_text(a->details);
}

static const struct out_column locked_columns[] = {
	{ "user_id", N_("User id"), OUT_INT },
	{ "name", N_("Name"), OUT_TEXT },
	{ "email", N_("Email"), OUT_TEXT },
	{ "failed_logins", N_("Failed logins"), OUT_INT },
	{ "locked_until", N_("Locked until"), OUT_TIME },
};
DESC(record_locked_login, "locked login", locked_columns);

void record_locked_login_values(const struct locked_login *l, struct out_value *v)
{
	v[0] = id_or_null(l->user_id);
	v[1] = out_text(l->name);
	v[2] = out_text(l->email);
	v[3] = out_num(l->failures);
	v[4] = out_num(l->locked_until);
}

static const struct out_column session_columns[] = {
	{ "id", N_("ID"), OUT_INT },
	{ "employee_id", N_("Employee id"), OUT_TEXT },
	{ "name", N_("Name"), OUT_TEXT },
	{ "email", N_("Email"), OUT_TEXT },
	{ "department", N_("Department"), OUT_TEXT },
};
DESC(record_session, "session", session_columns);

void record_session_values(const struct session *s, struct out_value *v)
{
	v[0] = out_num(s->user_id);
	v[1] = out_text(s->employee_id);
	v[2] = out_text(s->name);
	v[3] = out_text(s->email);
	v[4] = out_text(department_name(s->dept));
}
