/*
 * decode.c — the API's JSON records (the keys of --json, format/records.c)
 * back into model.h's structs, so that the CLI renders them as it renders
 * a database's rows. Strings point into the JSON document.
 */
#include <stdio.h>
#include <string.h>

#include "remote/remote-internal.h"
#include "util/datetime.h"
#include "util/money.h"

struct reader {
	const struct remote_object *o;
	const char *kind;
	struct crm_error *err;
	enum crm_code rc;
};

/* The key's value; false (the error set) when it is missing, or null
 * where null is not allowed; *null: it is null (allowed). */
static bool field(struct reader *rd, const char *key, bool nullable, struct remote_value *v)
{
	if (rd->rc)
		return false;
	if (!remote_object_get(rd->o, key, v) || (v->type == RV_NULL && !nullable)) {
		rd->rc = crm_error_set(rd->err, CRM_EINTERNAL,
				       "unexpected answer from the server: a %s without '%s'",
				       rd->kind, key);
		return false;
	}
	return v->type != RV_NULL;
}

static void wrong(struct reader *rd, const char *key, const char *want)
{
	rd->rc = crm_error_set(rd->err, CRM_EINTERNAL,
			       "unexpected answer from the server: a %s whose '%s' is not %s",
			       rd->kind, key, want);
}

/* null reads as 0 where nullable ("none"). */
static int64_t get_int(struct reader *rd, const char *key, bool nullable)
{
	struct remote_value v;

	if (!field(rd, key, nullable, &v))
		return 0;
	if (v.type != RV_INT) {
		wrong(rd, key, "an integer");
		return 0;
	}
	return v.i;
}

static const char *get_text(struct reader *rd, const char *key, bool nullable)
{
	struct remote_value v;

	if (!field(rd, key, nullable, &v))
		return NULL;
	if (v.type != RV_STRING) {
		wrong(rd, key, "a string");
		return NULL;
	}
	return v.s;
}

static bool get_bool(struct reader *rd, const char *key)
{
	struct remote_value v;

	if (!field(rd, key, false, &v))
		return false;
	if (v.type != RV_BOOL) {
		wrong(rd, key, "true or false");
		return false;
	}
	return v.i != 0;
}

/* RFC 3339 UTC instants; null reads as 0 where nullable. */
static int64_t get_time(struct reader *rd, const char *key, bool nullable)
{
	const char *t = get_text(rd, key, nullable);
	int64_t utc = 0;

	if (t && datetime_parse_sql(&utc, t) != 0)
		wrong(rd, key, "an RFC 3339 time");
	return utc;
}

/* "10000.00" (possibly negative) into cents. */
static int64_t get_money(struct reader *rd, const char *key)
{
	const char *t = get_text(rd, key, false);
	struct crm_error ignored;
	int64_t cents = 0;

	if (!t)
		return 0;
	if (money_parse(&cents, key, t[0] == '-' ? t + 1 : t, &ignored) != CRM_OK) {
		wrong(rd, key, "an amount");
		return 0;
	}
	return t[0] == '-' ? -cents : cents;
}

static struct reader reader(const struct remote_object *o, const char *kind,
			    struct crm_error *err)
{
	struct reader rd = { o, kind, err, CRM_OK };

	if (!o->rec && !json_is_object(o->json))
		rd.rc = crm_error_set(err, CRM_EINTERNAL,
				      "unexpected answer from the server: a %s is not an object",
				      kind);
	return rd;
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

enum crm_code remote_decode_session(const struct remote_object *o, struct session *s, struct crm_error *err)
{
	struct reader rd = reader(o, "session", err);
	const char *dept;

	memset(s, 0, sizeof *s);
	s->user_id = get_int(&rd, "id", false);
	copy(s->employee_id, sizeof s->employee_id, get_text(&rd, "employee_id", false));
	copy(s->name, sizeof s->name, get_text(&rd, "name", false));
	copy(s->email, sizeof s->email, get_text(&rd, "email", false));
	dept = get_text(&rd, "department", false);
	if (rd.rc == CRM_OK) {
		s->dept = department_from_name(dept);
		if (s->dept == DEPT_NONE)
			wrong(&rd, "department", "a department");
	}
	return rd.rc;
}

enum crm_code remote_decode_user(const struct remote_object *o, struct user *u, struct crm_error *err)
{
	struct reader rd = reader(o, "user", err);

	memset(u, 0, sizeof *u);
	u->id = get_int(&rd, "id", false);
	u->employee_id = get_text(&rd, "employee_id", false);
	u->name = get_text(&rd, "name", false);
	u->email = get_text(&rd, "email", false);
	u->department_id = get_int(&rd, "department_id", false);
	u->department_name = get_text(&rd, "department", false);
	u->creation_date = get_time(&rd, "creation_date", false);
	u->is_active = get_bool(&rd, "is_active");
	if (rd.rc == CRM_OK)
		u->dept = department_from_name(u->department_name);
	return rd.rc;
}

enum crm_code remote_decode_locked(const struct remote_object *o, struct locked_login *l, struct crm_error *err)
{
	struct reader rd = reader(o, "locked login", err);

	memset(l, 0, sizeof *l);
	l->user_id = get_int(&rd, "user_id", true);
	l->name = get_text(&rd, "name", true);
	l->email = get_text(&rd, "email", false);
	l->failures = get_int(&rd, "failed_logins", false);
	l->locked_until = get_time(&rd, "locked_until", false);
	return rd.rc;
}

enum crm_code remote_decode_client(const struct remote_object *o, struct client *c, struct crm_error *err)
{
	struct reader rd = reader(o, "client", err);

	memset(c, 0, sizeof *c);
	c->id = get_int(&rd, "id", false);
	c->full_name = get_text(&rd, "full_name", false);
	c->email = get_text(&rd, "email", false);
	c->phone = get_text(&rd, "phone", false);
	c->company_name = get_text(&rd, "company_name", false);
	c->commercial_contact_id = get_int(&rd, "commercial_contact_id", true);
	c->commercial_name = get_text(&rd, "commercial_name", true);
	c->creation_date = get_time(&rd, "creation_date", false);
	c->last_update = get_time(&rd, "last_update", true);
	return rd.rc;
}

enum crm_code remote_decode_contract(const struct remote_object *o, struct contract *k, struct crm_error *err)
{
	struct reader rd = reader(o, "contract", err);

	memset(k, 0, sizeof *k);
	k->id = get_int(&rd, "id", false);
	k->client_id = get_int(&rd, "client_id", false);
	k->client_name = get_text(&rd, "client_name", false);
	k->commercial_contact_id = get_int(&rd, "commercial_contact_id", true);
	k->commercial_name = get_text(&rd, "commercial_name", true);
	k->total_amount = get_money(&rd, "total_amount");
	k->remaining_amount = get_money(&rd, "remaining_amount");
	k->is_signed = get_bool(&rd, "is_signed");
	k->creation_date = get_time(&rd, "creation_date", false);
	k->payment_due_date = get_text(&rd, "payment_due_date", true);
	return rd.rc;
}

enum crm_code remote_decode_payment(const struct remote_object *o, struct payment *p, struct crm_error *err)
{
	struct reader rd = reader(o, "payment", err);

	memset(p, 0, sizeof *p);
	p->id = get_int(&rd, "id", false);
	p->contract_id = get_int(&rd, "contract_id", false);
	p->client_name = get_text(&rd, "client_name", false);
	p->amount = get_money(&rd, "amount");
	p->paid_on = get_text(&rd, "paid_on", false);
	p->method = get_text(&rd, "method", true);
	p->reference = get_text(&rd, "reference", true);
	p->recorded_by_id = get_int(&rd, "recorded_by_id", true);
	p->recorded_by_name = get_text(&rd, "recorded_by_name", true);
	p->creation_date = get_time(&rd, "creation_date", false);
	p->voided_at = get_time(&rd, "voided_at", true);
	p->void_reason = get_text(&rd, "void_reason", true);
	return rd.rc;
}

enum crm_code remote_decode_event(const struct remote_object *o, struct event *e, struct crm_error *err)
{
	struct reader rd = reader(o, "event", err);

	memset(e, 0, sizeof *e);
	e->id = get_int(&rd, "id", false);
	e->contract_id = get_int(&rd, "contract_id", false);
	e->client_name = get_text(&rd, "client_name", false);
	e->name = get_text(&rd, "name", false);
	e->start_date = get_time(&rd, "start_date", false);
	e->end_date = get_time(&rd, "end_date", false);
	e->support_contact_id = get_int(&rd, "support_contact_id", true);
	e->support_name = get_text(&rd, "support_name", true);
	e->location = get_text(&rd, "location", false);
	e->attendees_count = get_int(&rd, "attendees_count", false);
	e->notes = get_text(&rd, "notes", true);
	e->timezone = get_text(&rd, "timezone", false);
	return rd.rc;
}

/* A journal row's details: an object (as the journal keeps them, written
 * back to its text into *owned, which the caller frees), a string (older
 * rows) or null. */
static const char *get_details(struct reader *rd, const char *key, char **owned)
{
	struct remote_value v;
	json_t *obj;

	*owned = NULL;
	if (!field(rd, key, true, &v))
		return NULL;
	if (v.type == RV_STRING)
		return v.s;
	obj = rd->o->json ? json_object_get(rd->o->json, key) : NULL;
	if (!json_is_object(obj)) {
		wrong(rd, key, "an object or a string");
		return NULL;
	}
	*owned = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
	return *owned;
}

enum crm_code remote_decode_audit(const struct remote_object *o, struct audit_entry *a,
				  bool history, char **owned, struct crm_error *err)
{
	struct reader rd = reader(o, "audit entry", err);

	memset(a, 0, sizeof *a);
	a->id = get_int(&rd, "id", false);
	a->created_at = get_time(&rd, "created_at", false);
	a->actor_id = get_int(&rd, "actor_id", true);
	a->actor_label = get_text(&rd, "actor_label", true);
	a->action = get_text(&rd, "action", false);
	if (!history) { /* a history's entries are all of its record */
		a->entity = get_text(&rd, "entity", true);
		a->entity_id = get_int(&rd, "entity_id", true);
	}
	a->details = get_details(&rd, "details", owned);
	return rd.rc;
}
