#include "crm/crm.h"
#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/datetime.h"
#include "util/i18n.h"
#include "util/tz-cache.h"
#include "util/tz.h"
#include "util/validate.h"
#include "util/xalloc.h"

#define EVENT_NOTES_MAX 10000
#define ATTENDEES_MAX 1000000

/* The given fields, validated; `has` says which were given. Times are
 * parsed by event_times once the event's zone is known. */
struct event_fields {
	int64_t contract_id;
	char *name, *location, *notes;
	const struct tz *zone;       /* --timezone, or NULL */
	int64_t start, end, attendees;
	bool has_start, has_end, has_attendees;
};

static void event_fields_free(struct event_fields *f)
{
	free(f->name);
	free(f->location);
	free(f->notes);
}

/* Everything but the times, which event_times reads in the event's zone. */
static enum crm_code event_fields_validate(struct event_fields *f,
					   const struct event_input *in,
					   struct crm_error *err)
{
	enum crm_code rc = CRM_OK;

	memset(f, 0, sizeof *f);
	if (in->contract_id)
		rc = crm_field(err, "contract_id",
			       validate_id(&f->contract_id, NC_("field", "contract"), in->contract_id, err));
	if (rc == CRM_OK && in->name)
		rc = crm_field(err, "name", validate_text(&f->name, NC_("field", "name"), in->name, 200, err));
	if (rc == CRM_OK && in->timezone)
		rc = tz_cache_get(&f->zone, in->timezone, err);
	/* The syntax of the times now (in UTC, which has no gap): a typo is
	 * reported before anything is read from the database. */
	if (rc == CRM_OK && in->start_date)
		rc = crm_field(err, "start_date",
			       datetime_parse(&f->start, NC_("field", "start"), in->start_date, NULL, err));
	if (rc == CRM_OK && in->end_date)
		rc = crm_field(err, "end_date",
			       datetime_parse(&f->end, NC_("field", "end"), in->end_date, NULL, err));
	if (rc == CRM_OK && in->location)
		rc = crm_field(err, "location",
			       validate_text(&f->location, NC_("field", "location"), in->location, 200, err));
	if (rc == CRM_OK && in->attendees_count) {
		rc = crm_field(err, "attendees_count",
			       validate_int(&f->attendees, NC_("field", "attendees"), in->attendees_count, 0,
					    ATTENDEES_MAX, err));
		f->has_attendees = true;
	}
	if (rc == CRM_OK && in->notes)
		rc = crm_field(err, "notes",
			       validate_notes(&f->notes, NC_("field", "notes"), in->notes, EVENT_NOTES_MAX, err));
	if (rc)
		event_fields_free(f);
	return rc;
}

/* The times as typed, read in the event's zone: its new one when given,
 * else `zone` (the stored one, or the default for a new event). */
static enum crm_code event_times(struct event_fields *f, const struct event_input *in,
				 const struct tz *zone, struct crm_error *err)
{
	enum crm_code rc = CRM_OK;

	if (f->zone)
		zone = f->zone;
	if (in->start_date) {
		rc = crm_field(err, "start_date",
			       datetime_parse(&f->start, NC_("field", "start"), in->start_date, zone, err));
		f->has_start = true;
	}
	if (rc == CRM_OK && in->end_date) {
		rc = crm_field(err, "end_date",
			       datetime_parse(&f->end, NC_("field", "end"), in->end_date, zone, err));
		f->has_end = true;
	}
	return rc;
}

/* The zone of an event created without --timezone (crm_options.timezone). */
static enum crm_code default_zone(struct crm *crm, const struct tz **out, struct crm_error *err)
{
	enum crm_code rc = tz_cache_get(out, crm->timezone ? crm->timezone : "UTC", err);

	if (rc)
		crm_error_prefix(err, "EPICEVENTS_TIMEZONE");
	return rc;
}

static enum crm_code check_dates(int64_t start, int64_t end, struct crm_error *err)
{
	if (end < start)
		return crm_error_set(err, CRM_EINVALID, "an event cannot end before it starts");
	return CRM_OK;
}

static json_t *time_json(int64_t utc)
{
	char text[DATETIME_TEXT_MAX];

	datetime_format_rfc3339(text, utc);
	return json_string(text);
}

static void journal_time(json_t *details, const char *key, int64_t utc)
{
	json_object_set_new(details, key, time_json(utc));
}

/*
 * The schedule rule (SPEC.md): support_id may not hold another event whose
 * [start, end) overlaps e's, a zero-length event being the second it starts
 * at (store_event_overlap). The caller holds support_id's row lock, so two
 * bookings of one person cannot both pass. Allowed: the overlap is
 * journalled in details.
 */
static enum crm_code check_overlap(struct crm *crm, int64_t support_id, const struct event *e,
				   bool allow, json_t *details, struct crm_error *err)
{
	struct event other = { 0 };
	char from[DATETIME_TEXT_MAX], to[DATETIME_TEXT_MAX];
	const struct tz *zone;
	enum crm_code rc = store_event_overlap(crm->db, support_id, e->id, e->start_date,
					       e->end_date, &other, err);

	if (rc || other.id == 0)
		goto done;
	if (allow) {
		json_object_set_new(details, "allow_overlap", json_true());
		json_object_set_new(details, "overlaps_event_id", json_integer(other.id));
		goto done;
	}
	zone = tz_cache_or_utc(other.timezone);
	datetime_format_zoned(from, other.start_date, zone);
	datetime_format_zoned(to, other.end_date, zone);
	rc = crm_error_set(err, CRM_ECONFLICT,
			   "user %lld already has event %lld '%.80s' from %s to %s: "
			   "give --allow-overlap to book them anyway",
			   (long long)support_id, (long long)other.id, other.name, from, to);
done:
	event_clear(&other);
	return rc;
}

enum crm_code local_event_list(struct crm *crm, const struct session *s,
			       const struct event_filter *f, event_fn fn, void *ctx,
			       struct crm_error *err)
{
	int64_t support = 0, commercial = 0;

	if (f->has_from && f->has_to && f->to < f->from) {
		crm_error_set(err, CRM_EINVALID, "to is before from: the window ends before it starts");
		return crm_error_field(err, "to");
	}
	if (f->mine) {
		if (s->dept == DEPT_SUPPORT)
			support = s->user_id;
		else if (s->dept == DEPT_COMMERCIAL)
			commercial = s->user_id;
		else
			return crm_error_set(err, CRM_EINVALID,
					     "--mine means your clients' events (commercial) "
					     "or your assigned events (support)");
	}
	if (f->support_me) {
		/* the API's events?support=me is `events my-events`: Support's */
		enum crm_code rc = policy_allows(s, ACT_EVENT_MY_EVENTS, err);
		if (rc)
			return rc;
		support = s->user_id;
	}
	return store_event_list(crm->db, f, support, commercial, fn, ctx, err);
}

enum crm_code local_event_list_mine(struct crm *crm, const struct session *s,
				    const struct event_filter *f, event_fn fn,
				    void *ctx, struct crm_error *err)
{
	enum crm_code rc = policy_allows(s, ACT_EVENT_MY_EVENTS, err);

	if (rc)
		return rc;
	return store_event_list(crm->db, f, s->user_id, 0, fn, ctx, err);
}

enum crm_code local_event_show(struct crm *crm, const struct session *s, int64_t id,
			       event_fn fn, void *ctx, struct crm_error *err)
{
	struct event e = { 0 };
	enum crm_code rc = store_event_get(crm->db, id, false, &e, err);

	(void)s;
	if (rc == CRM_OK)
		rc = fn(ctx, &e);
	event_clear(&e);
	return rc;
}

/* event_create's transaction. */
struct event_create_tx {
	const struct session *s;
	const struct event_fields *f;
	const char *zone_name;
	int64_t *out_id;
};

static enum crm_code event_create_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct event_create_tx *t = ctx;
	const struct event_fields *f = t->f;
	const char *zone_name = t->zone_name;
	struct contract k = { 0 };
	json_t *details;
	enum crm_code rc;

	rc = store_contract_get(crm->db, f->contract_id, true, &k, err);
	if (rc == CRM_OK)
		rc = policy_check_owner(t->s, ACT_EVENT_CREATE, k.commercial_contact_id, err);
	if (rc == CRM_OK && !k.is_signed)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "contract %lld is not signed: events need a signed contract",
				   (long long)k.id);
	if (rc == CRM_OK)
		rc = store_event_insert(crm->db, f->contract_id, f->name, f->start, f->end,
					f->location, f->attendees,
					f->notes && *f->notes ? f->notes : NULL, zone_name,
					t->out_id, err);
	if (rc == CRM_OK) {
		details = json_object();
		json_object_set_new(details, "contract_id", json_integer(f->contract_id));
		crm_journal_text(details, "name", f->name);
		journal_time(details, "start_date", f->start);
		journal_time(details, "end_date", f->end);
		crm_journal_text(details, "location", f->location);
		json_object_set_new(details, "attendees_count", json_integer(f->attendees));
		crm_journal_text(details, "timezone", zone_name);
		rc = crm_journal(crm, t->s, "create", "event", *t->out_id, details, err);
	}
	contract_clear(&k);
	return rc;
}

enum crm_code local_event_create(struct crm *crm, const struct session *s,
				 const struct event_input *in, int64_t *out_id,
				 struct crm_error *err)
{
	struct event_fields f;
	struct event_create_tx t = { s, &f, NULL, out_id };
	const struct tz *zone = NULL;
	enum crm_code rc;

	rc = policy_allows(s, ACT_EVENT_CREATE, err);
	if (rc)
		return rc;
	if (!in->contract_id || !in->name || !in->start_date || !in->end_date ||
	    !in->location || !in->attendees_count)
		return crm_error_set(err, CRM_EINVALID,
				     "an event needs a contract, a name, a start, an end, "
				     "a location and a number of attendees");
	rc = event_fields_validate(&f, in, err);
	if (rc)
		return rc;
	if (!f.zone)
		rc = default_zone(crm, &zone, err);
	if (rc == CRM_OK)
		rc = event_times(&f, in, zone, err);
	if (rc == CRM_OK) {
		t.zone_name = tz_name(f.zone ? f.zone : zone);
		rc = check_dates(f.start, f.end, err);
	}
	if (rc == CRM_OK)
		rc = crm_tx(crm, event_create_body, &t, err);
	event_fields_free(&f);
	return rc;
}

/* event_update's transaction. */
struct event_update_tx {
	const struct session *s;
	int64_t id;
	const struct event_input *in;
	struct event_fields *f;
};

/* The event's support user's row locked (store_user_lock), then the event
 * FOR UPDATE: the order event_assign takes them in, so that the two cannot
 * deadlock; should the event have changed hands in between, the new
 * assignee is locked too. */
static enum crm_code lock_event_and_support(struct crm *crm, int64_t id, struct event *e,
					    struct crm_error *err)
{
	struct event peek = { 0 };
	int64_t locked = 0;
	enum crm_code rc = store_event_get(crm->db, id, false, &peek, err);

	if (rc == CRM_OK && peek.support_contact_id) {
		locked = peek.support_contact_id;
		rc = store_user_lock(crm->db, locked, err);
	}
	event_clear(&peek);
	if (rc == CRM_OK)
		rc = store_event_get(crm->db, id, true, e, err);
	if (rc == CRM_OK && e->support_contact_id && e->support_contact_id != locked)
		rc = store_user_lock(crm->db, e->support_contact_id, err);
	return rc;
}

static enum crm_code event_update_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct event_update_tx *t = ctx;
	struct event_fields *f = t->f;
	struct event e = { 0 };
	struct event next;
	json_t *details = NULL;
	enum crm_code rc;

	f->has_start = f->has_end = false;
	rc = lock_event_and_support(crm, t->id, &e, err);
	if (rc == CRM_OK)
		rc = policy_check_owner(t->s, ACT_EVENT_UPDATE, e.support_contact_id, err);
	/* Times without an offset: in the new zone if given, else the event's. */
	if (rc == CRM_OK)
		rc = event_times(f, t->in, tz_cache_or_utc(e.timezone), err);
	if (rc)
		goto done;

	next = e;
	if (f->name)
		next.name = f->name;
	if (f->has_start)
		next.start_date = f->start;
	if (f->has_end)
		next.end_date = f->end;
	if (f->location)
		next.location = f->location;
	if (f->has_attendees)
		next.attendees_count = f->attendees;
	if (f->notes)
		next.notes = *f->notes ? f->notes : NULL;
	if (f->zone)
		next.timezone = tz_name(f->zone);
	details = json_object();
	rc = check_dates(next.start_date, next.end_date, err);
	if (rc == CRM_OK && e.support_contact_id &&
	    (next.start_date != e.start_date || next.end_date != e.end_date))
		rc = check_overlap(crm, e.support_contact_id, &next, t->in->allow_overlap,
				   details, err);
	if (rc == CRM_OK)
		rc = store_event_update(crm->db, &next, err);
	if (rc == CRM_OK) {
		/* [old, new] of each field that changed (crm-internal.h) */
		crm_journal_change(details, "name", crm_jtext(e.name), crm_jtext(next.name));
		crm_journal_change(details, "start_date", time_json(e.start_date),
				   time_json(next.start_date));
		crm_journal_change(details, "end_date", time_json(e.end_date),
				   time_json(next.end_date));
		crm_journal_change(details, "location", crm_jtext(e.location),
				   crm_jtext(next.location));
		crm_journal_change(details, "attendees_count", json_integer(e.attendees_count),
				   json_integer(next.attendees_count));
		crm_journal_change(details, "notes", crm_jtext(e.notes), crm_jtext(next.notes));
		crm_journal_change(details, "timezone", crm_jtext(e.timezone),
				   crm_jtext(next.timezone));
		rc = crm_journal(crm, t->s, "update", "event", t->id, details, err);
		details = NULL; /* crm_journal took it */
	}
done:
	json_decref(details);
	event_clear(&e);
	return rc;
}

enum crm_code local_event_update(struct crm *crm, const struct session *s,
				 int64_t id, const struct event_input *in,
				 struct crm_error *err)
{
	struct event_fields f;
	struct event_update_tx t = { s, id, in, &f };
	enum crm_code rc;

	rc = policy_allows(s, ACT_EVENT_UPDATE, err);
	if (rc)
		return rc;
	if (in->contract_id)
		return crm_error_set(err, CRM_EINVALID, "an event's contract cannot be changed");
	rc = event_fields_validate(&f, in, err);
	if (rc)
		return rc;
	rc = crm_tx(crm, event_update_body, &t, err);
	event_fields_free(&f);
	return rc;
}

/* event_assign's transaction. */
struct event_assign_tx {
	const struct session *s;
	int64_t id, support_user_id;
	bool allow_overlap;
};

static enum crm_code event_assign_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct event_assign_tx *t = ctx;
	struct event e = { 0 };
	struct user_row support = { 0 };
	json_t *details;
	enum crm_code rc;

	/* The assignee's row stays locked until commit, so that a concurrent
	 * department change (which locks it too) either sees this assignment
	 * or is seen here. The user before the event: user_delete locks the
	 * heir's row before updating its events, and the same order cannot
	 * deadlock with it. */
	rc = store_user_lock(crm->db, t->support_user_id, err);
	if (rc == CRM_OK)
		rc = store_event_get(crm->db, t->id, true, &e, err);
	if (rc == CRM_OK)
		rc = store_user_get(crm->db, t->support_user_id, false, &support, err);
	if (rc == CRM_OK && support.u.dept != DEPT_SUPPORT)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "user %lld is in %s, not Support: only Support staff can be "
				   "assigned to events", (long long)t->support_user_id,
				   C_("department", support.u.department_name));
	if (rc == CRM_OK && !support.u.is_active)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "user %lld is deactivated: only active users can be assigned "
				   "to events", (long long)t->support_user_id);
	details = json_object();
	/* Under the assignee's row lock: no other booking of theirs can pass
	 * its own check until this one has committed or rolled back. */
	if (rc == CRM_OK && e.support_contact_id != t->support_user_id)
		rc = check_overlap(crm, t->support_user_id, &e, t->allow_overlap, details, err);
	if (rc == CRM_OK)
		rc = store_event_assign(crm->db, t->id, t->support_user_id, err);
	if (rc == CRM_OK) {
		crm_journal_change(details, "support_contact_id",
				   e.support_contact_id ? json_integer(e.support_contact_id)
							: json_null(),
				   json_integer(t->support_user_id));
		rc = crm_journal(crm, t->s, "assign", "event", t->id, details, err);
		details = NULL; /* crm_journal took it */
	}
	json_decref(details);
	user_row_clear(&support);
	event_clear(&e);
	return rc;
}

enum crm_code local_event_assign(struct crm *crm, const struct session *s,
				 int64_t id, int64_t support_user_id, bool allow_overlap,
				 struct crm_error *err)
{
	struct event_assign_tx t = { s, id, support_user_id, allow_overlap };
	enum crm_code rc;

	rc = policy_allows(s, ACT_EVENT_ASSIGN, err);
	if (rc)
		return rc;
	return crm_tx(crm, event_assign_body, &t, err);
}
