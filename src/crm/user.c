#include "crm/crm.h"
#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sec/password.h"
#include "sec/password-policy.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/validate.h"
#include "util/xalloc.h"

static enum crm_code unknown_department(const char *text, struct crm_error *err)
{
	char shown[UTF8_EXCERPT_MAX];

	utf8_excerpt(shown, text, strlen(text));
	return crm_error_set(err, CRM_EINVALID,
			     "department '%s' is not one of Commercial, Support, Management", shown);
}

struct user_fields {
	char *employee_id, *name, *email;
	enum department dept;
	char *password_hash;
};

static void user_fields_free(struct user_fields *f)
{
	free(f->employee_id);
	free(f->name);
	free(f->email);
	xfree_secret(f->password_hash);
}

/* Validates the given fields; a new password is checked and hashed later by
 * hash_new_password, which needs the final email and employee id. */
static enum crm_code user_fields_validate(struct user_fields *f,
					  const struct user_input *in,
					  struct crm_error *err)
{
	enum crm_code rc = CRM_OK;

	memset(f, 0, sizeof *f);
	if (in->employee_id)
		rc = crm_field(err, "employee_id",
			       validate_employee_id(&f->employee_id, NC_("field", "employee id"), in->employee_id,
						    err));
	if (rc == CRM_OK && in->name)
		rc = crm_field(err, "name", validate_text(&f->name, NC_("field", "name"), in->name, 100, err));
	if (rc == CRM_OK && in->email)
		rc = crm_field(err, "email", validate_email(&f->email, NC_("field", "email"), in->email, err));
	if (rc == CRM_OK && in->department) {
		f->dept = department_from_name(in->department);
		if (f->dept == DEPT_NONE)
			rc = crm_field(err, "department", unknown_department(in->department, err));
	}
	if (rc)
		user_fields_free(f);
	return rc;
}

/* Slow (PBKDF2): called before any transaction, so no lock is held. */
static enum crm_code hash_new_password(struct user_fields *f, const char *password,
				       const char *email, const char *employee_id,
				       struct crm_error *err)
{
	enum crm_code rc = password_policy_check(password, email, employee_id, err);

	if (rc == CRM_OK)
		rc = password_hash(&f->password_hash, password, PASSWORD_ROUNDS, err);
	return rc;
}

static enum crm_code check_unique(struct crm *crm, const struct user_fields *f,
				  int64_t except_id, struct crm_error *err)
{
	bool taken = false;
	enum crm_code rc = CRM_OK;

	if (f->email) {
		rc = store_email_taken(crm->db, "users", f->email, except_id, &taken, err);
		if (rc == CRM_OK && taken)
			return crm_error_set(err, CRM_ECONFLICT,
					     "a user with email '%s' already exists", f->email);
	}
	if (rc == CRM_OK && f->employee_id) {
		rc = store_employee_id_taken(crm->db, f->employee_id, except_id, &taken, err);
		if (rc == CRM_OK && taken)
			return crm_error_set(err, CRM_ECONFLICT,
					     "a user with employee id '%s' already exists",
					     f->employee_id);
	}
	return rc;
}

enum crm_code local_user_list(struct crm *crm, const struct session *s,
			      const struct user_filter *f, user_fn fn, void *ctx,
			      struct crm_error *err)
{
	enum department dept = DEPT_NONE;
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc)
		return rc;
	if (f->department) {
		dept = department_from_name(f->department);
		if (dept == DEPT_NONE)
			return unknown_department(f->department, err);
	}
	return store_user_list(crm->db, f, dept, fn, ctx, err);
}

enum crm_code local_user_show(struct crm *crm, const struct session *s, int64_t id,
			      user_fn fn, void *ctx, struct crm_error *err)
{
	struct user_row row = { 0 };
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc == CRM_OK)
		rc = store_user_get(crm->db, id, false, &row, err);
	if (rc == CRM_OK)
		rc = fn(ctx, &row.u);
	user_row_clear(&row);
	return rc;
}

/* user_create's transaction. */
struct user_create_tx {
	const struct session *s;
	const struct user_fields *f;
	int64_t *out_id;
};

static enum crm_code user_create_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct user_create_tx *t = ctx;
	const struct user_fields *f = t->f;
	json_t *details;
	enum crm_code rc;

	rc = check_unique(crm, f, 0, err);
	if (rc == CRM_OK)
		rc = store_user_insert(crm->db, f->employee_id, f->name, f->email,
				       f->password_hash, f->dept, t->out_id, err);
	if (rc == CRM_OK) {
		details = json_object();
		crm_journal_text(details, "employee_id", f->employee_id);
		crm_journal_text(details, "name", f->name);
		crm_journal_text(details, "email", f->email);
		crm_journal_text(details, "department", department_name(f->dept));
		rc = crm_journal(crm, t->s, "create", "user", *t->out_id, details, err);
	}
	return rc;
}

enum crm_code local_user_create(struct crm *crm, const struct session *s,
				const struct user_input *in, int64_t *out_id,
				struct crm_error *err)
{
	struct user_fields f;
	struct user_create_tx t = { s, &f, out_id };
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc)
		return rc;
	if (!in->employee_id || !in->name || !in->email || !in->department || !in->password)
		return crm_error_set(err, CRM_EINVALID,
				     "a user needs an employee id, a name, an email, a department "
				     "and a password");
	rc = user_fields_validate(&f, in, err);
	if (rc)
		return rc;
	rc = hash_new_password(&f, in->password, f.email, f.employee_id, err);
	if (rc == CRM_OK)
		rc = crm_tx(crm, user_create_body, &t, err);
	if (rc == CRM_OK)
		crm_notify(crm, "user_created", s, *out_id);
	user_fields_free(&f);
	return rc;
}

/* Refuses to leave the company without any active Management user: one
 * who has been deactivated cannot log in to manage anyone. Call it under
 * store_lock_management, so that two such changes at once count each
 * other's outcome. */
/* What would happen to the last manager: one whole message each, so that a
 * translation reads whole. */
enum manager_change { MANAGER_MOVED, MANAGER_DELETED, MANAGER_DEACTIVATED };

static enum crm_code check_not_last_manager(struct crm *crm,
					    const struct user_row *target,
					    enum manager_change what,
					    struct crm_error *err)
{
	int64_t managers = 0;
	long long id = (long long)target->u.id;
	enum crm_code rc;

	if (target->u.dept != DEPT_MANAGEMENT || !target->u.is_active)
		return CRM_OK;
	rc = store_user_count_active(crm->db, DEPT_MANAGEMENT, &managers, err);
	if (rc != CRM_OK || managers > 1)
		return rc;
	switch (what) {
	case MANAGER_MOVED:
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is the last active Management user and cannot be moved to another department",
				     id);
	case MANAGER_DELETED:
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is the last active Management user and cannot be deleted",
				     id);
	case MANAGER_DEACTIVATED:
		break;
	}
	return crm_error_set(err, CRM_ECONFLICT,
			     "user %lld is the last active Management user and cannot be deactivated",
			     id);
}

/* A department change must not leave clients or contracts with a commercial
 * contact outside Commercial, nor upcoming events with a support contact
 * outside Support (SPEC.md: reassign first). Events that have ended stay
 * with whoever ran them, as history. */
static enum crm_code check_holdings_fit(struct crm *crm, const struct user_row *target,
					enum department to, struct crm_error *err)
{
	int64_t clients = 0, contracts = 0, events = 0, upcoming = 0, first = 0;
	enum crm_code rc;

	rc = store_user_holdings(crm->db, target->u.id, &clients, &contracts, &events, err);
	if (rc == CRM_OK && to != DEPT_COMMERCIAL && clients + contracts > 0)
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is the commercial contact of %lld client(s) and "
				     "%lld contract(s): their department cannot change until these "
				     "go to another Commercial user (only 'users delete %lld "
				     "--reassign-to USER_ID' moves them)",
				     (long long)target->u.id, (long long)clients,
				     (long long)contracts, (long long)target->u.id);
	if (rc == CRM_OK && to != DEPT_SUPPORT && events > 0)
		rc = store_user_upcoming_events(crm->db, target->u.id, (int64_t)time(NULL),
						&upcoming, &first, err);
	if (rc == CRM_OK && upcoming > 0)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "user %lld is assigned to %lld upcoming event(s) (event %lld "
				   "first): reassign them first with 'events assign EVENT_ID "
				   "--support USER_ID'", (long long)target->u.id,
				   (long long)upcoming, (long long)first);
	return rc;
}

/* user_update's transaction. */
struct user_update_tx {
	const struct session *s;
	int64_t id;
	const struct user_fields *f;
};

static enum crm_code user_update_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct user_update_tx *t = ctx;
	const struct user_fields *f = t->f;
	struct user_row old = { 0 };
	json_t *details;
	enum crm_code rc = CRM_OK;

	if (f->dept != DEPT_NONE)
		rc = store_lock_management(crm->db, err);
	if (rc == CRM_OK)
		rc = store_user_get(crm->db, t->id, true, &old, err);
	if (rc == CRM_OK && f->dept != DEPT_NONE && f->dept != old.u.dept)
		rc = check_not_last_manager(crm, &old, MANAGER_MOVED, err);
	if (rc == CRM_OK && f->dept != DEPT_NONE && f->dept != old.u.dept)
		rc = check_holdings_fit(crm, &old, f->dept, err);
	if (rc == CRM_OK)
		rc = check_unique(crm, f, t->id, err);
	if (rc == CRM_OK)
		rc = store_user_update(crm->db, t->id, f->employee_id, f->name, f->email, f->dept,
				       err);
	/* Tokens issued up to this second stop working (SPEC.md). */
	if (rc == CRM_OK && f->password_hash)
		rc = store_user_set_password(crm->db, t->id, f->password_hash,
					     (int64_t)time(NULL) + 1, err);
	if (rc == CRM_OK) {
		details = json_object();
		crm_journal_change(details, "employee_id", crm_jtext(old.u.employee_id),
				   f->employee_id ? json_string(f->employee_id) : NULL);
		crm_journal_change(details, "name", crm_jtext(old.u.name),
				   f->name ? json_string(f->name) : NULL);
		crm_journal_change(details, "email", crm_jtext(old.u.email),
				   f->email ? json_string(f->email) : NULL);
		crm_journal_change(details, "department", crm_jtext(department_name(old.u.dept)),
				   f->dept != DEPT_NONE ? json_string(department_name(f->dept))
							: NULL);
		/* Never the hash: only that it changed. */
		if (f->password_hash)
			crm_journal_text(details, "password", "changed");
		rc = crm_journal(crm, t->s, "update", "user", t->id, details, err);
	}
	user_row_clear(&old);
	return rc;
}

enum crm_code local_user_update(struct crm *crm, const struct session *s, int64_t id,
				const struct user_input *in, struct crm_error *err)
{
	struct user_fields f;
	struct user_row old = { 0 };
	struct user_update_tx t = { s, id, &f };
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc)
		return rc;
	rc = user_fields_validate(&f, in, err);
	if (rc)
		return rc;
	if (in->password) {
		rc = store_user_get(crm->db, id, false, &old, err);
		if (rc == CRM_OK)
			rc = hash_new_password(&f, in->password, f.email ? f.email : old.u.email,
					       f.employee_id ? f.employee_id : old.u.employee_id, err);
		user_row_clear(&old);
	}
	if (rc == CRM_OK)
		rc = crm_tx(crm, user_update_body, &t, err);
	if (rc == CRM_OK)
		crm_notify(crm, "user_modified", s, id);
	user_fields_free(&f);
	return rc;
}

/* The heir takes every record at once, so it must be able to own each kind:
 * clients and contracts need a Commercial user, events a Support user,
 * whatever department the deleted user is in now (it may have changed
 * since, and a migrated database may hold anything). */
static enum crm_code check_heir(const struct user_row *old, const struct user_row *heir,
				int64_t commercial_records, int64_t events,
				struct crm_error *err)
{
	/* Someone who left can own nothing new (SPEC.md). */
	if (!heir->u.is_active)
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is deactivated: records go to an active user "
				     "(or reactivate them first with 'users reactivate %lld')",
				     (long long)heir->u.id, (long long)heir->u.id);
	if (commercial_records > 0 && events > 0)
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld holds clients or contracts and events, which no "
				     "single user can take over: move the events first with "
				     "'events assign EVENT_ID --support USER_ID'",
				     (long long)old->u.id);
	if (commercial_records > 0 && heir->u.dept != DEPT_COMMERCIAL)
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is in %s, not Commercial: clients and contracts "
				     "go to a Commercial user", (long long)heir->u.id,
				     C_("department", heir->u.department_name));
	if (events > 0 && heir->u.dept != DEPT_SUPPORT)
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is in %s, not Support: events go to a Support "
				     "user", (long long)heir->u.id,
				     C_("department", heir->u.department_name));
	if (commercial_records + events == 0 && heir->u.dept != old->u.dept)
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is in %s, not %s: records go to a user of "
				     "the same department", (long long)heir->u.id,
				     C_("department", heir->u.department_name),
				     C_("department", old->u.department_name));
	return CRM_OK;
}

/* user_delete's transaction. */
struct user_delete_tx {
	const struct session *s;
	int64_t id, reassign_to;
};

static enum crm_code user_delete_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct user_delete_tx *t = ctx;
	struct user_row old = { 0 }, heir = { 0 };
	int64_t clients = 0, contracts = 0, events = 0;
	json_t *details;
	enum crm_code rc;

	rc = store_lock_management(crm->db, err);
	if (rc == CRM_OK)
		rc = store_user_get(crm->db, t->id, true, &old, err);
	if (rc == CRM_OK)
		rc = check_not_last_manager(crm, &old, MANAGER_DELETED, err);
	if (rc == CRM_OK)
		rc = store_user_holdings(crm->db, t->id, &clients, &contracts, &events, err);
	if (rc == CRM_OK && t->reassign_to) {
		rc = store_user_get(crm->db, t->reassign_to, true, &heir, err);
		if (rc == CRM_OK)
			rc = check_heir(&old, &heir, clients + contracts, events, err);
		if (rc == CRM_OK)
			rc = store_user_reassign(crm->db, t->id, t->reassign_to, false, 0, err);
	} else if (rc == CRM_OK && clients + contracts + events > 0) {
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "user %lld is still the contact of %lld client(s), "
				   "%lld contract(s) and %lld event(s): use --reassign-to USER_ID",
				   (long long)t->id, (long long)clients, (long long)contracts,
				   (long long)events);
	}
	if (rc == CRM_OK)
		rc = store_user_delete(crm->db, t->id, err);
	if (rc == CRM_OK) {
		details = json_object();
		crm_journal_text(details, "employee_id", old.u.employee_id);
		crm_journal_text(details, "name", old.u.name);
		if (t->reassign_to)
			json_object_set_new(details, "reassigned_to", json_integer(t->reassign_to));
		rc = crm_journal(crm, t->s, "delete", "user", t->id, details, err);
	}
	user_row_clear(&heir);
	user_row_clear(&old);
	return rc;
}

enum crm_code local_user_delete(struct crm *crm, const struct session *s, int64_t id,
				int64_t reassign_to, struct crm_error *err)
{
	struct user_delete_tx t = { s, id, reassign_to };
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc)
		return rc;
	if (id == s->user_id)
		return crm_error_set(err, CRM_ECONFLICT, "you cannot delete your own account");
	if (reassign_to == id)
		return crm_error_set(err, CRM_EINVALID,
				     "--reassign-to must name another user than the one deleted");
	rc = crm_tx(crm, user_delete_body, &t, err);
	if (rc == CRM_OK)
		crm_notify(crm, "user_deleted", s, id);
	return rc;
}

enum crm_code local_user_list_locked(struct crm *crm, const struct session *s,
				     locked_fn fn, void *ctx, struct crm_error *err)
{
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc)
		return rc;
	return store_login_locked(crm->db, (int64_t)time(NULL) - LOGIN_WINDOW_SECONDS,
				  LOGIN_MAX_FAILURES, LOGIN_WINDOW_SECONDS, fn, ctx, err);
}

/* user_unlock's transaction. */
struct user_unlock_tx {
	const struct session *s;
	int64_t id;
};

static enum crm_code user_unlock_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct user_unlock_tx *t = ctx;
	struct user_row row = { 0 };
	enum crm_code rc;

	rc = store_user_get(crm->db, t->id, false, &row, err);
	if (rc == CRM_OK)
		rc = store_login_forget_failures(crm->db, row.u.email, err);
	if (rc == CRM_OK)
		rc = crm_journal(crm, t->s, "unlock", "user", t->id, NULL, err);
	user_row_clear(&row);
	return rc;
}

enum crm_code local_user_unlock(struct crm *crm, const struct session *s, int64_t id,
				struct crm_error *err)
{
	struct user_unlock_tx t = { s, id };
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc)
		return rc;
	return crm_tx(crm, user_unlock_body, &t, err);
}

/* user_deactivate's and user_reactivate's transaction. */
struct user_active_tx {
	const struct session *s;
	int64_t id, reassign_to;
	int64_t now;
};

/* Refuses an actor deactivated since their session was checked: under
 * the lock, the other manager's deactivation has committed or waits. */
static enum crm_code check_actor_active(struct crm *crm, const struct session *s,
					struct crm_error *err)
{
	struct user_row me = { 0 };
	enum crm_code rc = store_user_get(crm->db, s->user_id, false, &me, err);

	if (rc == CRM_ENOTFOUND || (rc == CRM_OK && !me.u.is_active))
		rc = crm_error_set(err, CRM_EAUTH,
				   "your account was deactivated meanwhile: nothing was changed");
	user_row_clear(&me);
	return rc;
}

/* What still needs a --reassign-to: clients and contracts (whatever the
 * department now), and events that have not ended. Past events keep
 * their name, as history. */
static enum crm_code needs_heir(int64_t id, int64_t clients, int64_t contracts,
				int64_t upcoming, int64_t first, struct crm_error *err)
{
	if (clients + contracts > 0)
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is still the commercial contact of %lld client(s) "
				     "and %lld contract(s): deactivate with 'users deactivate %lld "
				     "--reassign-to USER_ID' (an active Commercial user), which "
				     "hands them over in the same step",
				     (long long)id, (long long)clients, (long long)contracts,
				     (long long)id);
	if (upcoming > 0)
		return crm_error_set(err, CRM_ECONFLICT,
				     "user %lld is assigned to %lld upcoming event(s) (event %lld "
				     "first): deactivate with 'users deactivate %lld --reassign-to "
				     "USER_ID' (an active Support user), which hands them over in "
				     "the same step", (long long)id, (long long)upcoming,
				     (long long)first, (long long)id);
	return CRM_OK;
}

static enum crm_code user_deactivate_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct user_active_tx *t = ctx;
	struct user_row old = { 0 }, heir = { 0 };
	int64_t clients = 0, contracts = 0, events = 0, upcoming = 0, first = 0;
	json_t *details;
	enum crm_code rc;

	/* The lock first (see check_not_last_manager), then the user's row,
	 * which event_assign locks too: an assignment to them either commits
	 * before and is counted below, or waits and sees them deactivated. */
	rc = store_lock_management(crm->db, err);
	if (rc == CRM_OK)
		rc = check_actor_active(crm, t->s, err);
	if (rc == CRM_OK)
		rc = store_user_lock(crm->db, t->id, err);
	if (rc == CRM_OK)
		rc = store_user_get(crm->db, t->id, false, &old, err);
	if (rc == CRM_OK && !old.u.is_active)
		rc = crm_error_set(err, CRM_ECONFLICT, "user %lld is already deactivated",
				   (long long)t->id);
	if (rc == CRM_OK)
		rc = check_not_last_manager(crm, &old, MANAGER_DEACTIVATED, err);
	if (rc == CRM_OK && t->id == t->s->user_id)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "you cannot deactivate your own account: ask another manager");
	if (rc == CRM_OK)
		rc = store_user_holdings(crm->db, t->id, &clients, &contracts, &events, err);
	if (rc == CRM_OK && events > 0)
		rc = store_user_upcoming_events(crm->db, t->id, t->now, &upcoming, &first, err);
	if (rc == CRM_OK && t->reassign_to) {
		rc = store_user_lock(crm->db, t->reassign_to, err);
		if (rc == CRM_OK)
			rc = store_user_get(crm->db, t->reassign_to, false, &heir, err);
		if (rc == CRM_OK)
			rc = check_heir(&old, &heir, clients + contracts, upcoming, err);
		if (rc == CRM_OK)
			rc = store_user_reassign(crm->db, t->id, t->reassign_to, true, t->now, err);
	} else if (rc == CRM_OK) {
		rc = needs_heir(t->id, clients, contracts, upcoming, first, err);
	}
	/* Their tokens stop at once (auth_session refuses them anyway), and
	 * stay stopped after a reactivation: they log in again. */
	if (rc == CRM_OK)
		rc = store_user_set_active(crm->db, t->id, false, t->now + 1, err);
	if (rc == CRM_OK) {
		details = json_object();
		crm_journal_text(details, "employee_id", old.u.employee_id);
		crm_journal_text(details, "name", old.u.name);
		if (t->reassign_to)
			json_object_set_new(details, "reassigned_to", json_integer(t->reassign_to));
		rc = crm_journal(crm, t->s, "deactivate", "user", t->id, details, err);
	}
	user_row_clear(&heir);
	user_row_clear(&old);
	return rc;
}

enum crm_code local_user_deactivate(struct crm *crm, const struct session *s, int64_t id,
				    int64_t reassign_to, struct crm_error *err)
{
	struct user_active_tx t = { s, id, reassign_to, (int64_t)time(NULL) };
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc)
		return rc;
	if (reassign_to == id)
		return crm_error_set(err, CRM_EINVALID,
				     "--reassign-to must name another user than the one deactivated");
	rc = crm_tx(crm, user_deactivate_body, &t, err);
	if (rc == CRM_OK)
		crm_notify(crm, "user_modified", s, id);
	return rc;
}

static enum crm_code user_reactivate_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct user_active_tx *t = ctx;
	struct user_row old = { 0 };
	json_t *details;
	enum crm_code rc;

	rc = store_lock_management(crm->db, err);
	if (rc == CRM_OK)
		rc = check_actor_active(crm, t->s, err);
	if (rc == CRM_OK)
		rc = store_user_lock(crm->db, t->id, err);
	if (rc == CRM_OK)
		rc = store_user_get(crm->db, t->id, false, &old, err);
	if (rc == CRM_OK && old.u.is_active)
		rc = crm_error_set(err, CRM_ECONFLICT, "user %lld is already active",
				   (long long)t->id);
	if (rc == CRM_OK)
		rc = store_user_set_active(crm->db, t->id, true, 0, err);
	if (rc == CRM_OK) {
		details = json_object();
		crm_journal_text(details, "employee_id", old.u.employee_id);
		crm_journal_text(details, "name", old.u.name);
		rc = crm_journal(crm, t->s, "reactivate", "user", t->id, details, err);
	}
	user_row_clear(&old);
	return rc;
}

enum crm_code local_user_reactivate(struct crm *crm, const struct session *s, int64_t id,
				    struct crm_error *err)
{
	struct user_active_tx t = { s, id, 0, (int64_t)time(NULL) };
	enum crm_code rc = policy_allows(s, ACT_USER_MANAGE, err);

	if (rc)
		return rc;
	rc = crm_tx(crm, user_reactivate_body, &t, err);
	if (rc == CRM_OK)
		crm_notify(crm, "user_modified", s, id);
	return rc;
}
