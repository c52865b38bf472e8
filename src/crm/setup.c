#include "crm/crm.h"
#include "crm/crm-internal.h"

#include <string.h>

#include "sec/password.h"
#include "sec/password-policy.h"
#include "store/migrate.h"
#include "store/store.h"
#include "util/datetime.h"
#include "util/validate.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* The original project's demo users, with the hashes its own passlib made
 * (29000 rounds): they are rehashed at 600000 rounds at first login. */
static const struct {
	const char *employee_id, *name, *email, *hash;
	enum department dept;
} demo_users[] = {
	{ "COM001", "Bill Boquet", "bill.boquet@epic.com",
	  "$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
	  DEPT_COMMERCIAL },
	{ "SUP001", "Kate Hastroff", "kate.hastroff@epic.com",
	  "$pbkdf2-sha256$29000$9N4bI8RYy1krJcR4792bcw$Njxeckk6C5pFu/w0JX693hxB/O3WJZZCX3PmZt5QMyI",
	  DEPT_SUPPORT },
	{ "MAN001", "Alice Manager", "alice.manager@epic.com",
	  "$pbkdf2-sha256$29000$x5jzPkfI2XtP6b23dk5JiQ$QGI4e4sKAPBqfwgj1RkAyVWxEL5woLDBwtmZuaE1FI0",
	  DEPT_MANAGEMENT },
};

static enum crm_code load_demo(struct crm *crm, struct crm_error *err)
{
	int64_t ids[3], client_id, contract_id, event_id, start, end;
	struct client_input kevin = {
		"Kevin Casey", "kevin@startup.io", "+678 123 456 78", "Cool Startup LLC",
	};
	enum crm_code rc = CRM_OK;

	for (size_t i = 0; rc == CRM_OK && i < 3; i++)
		rc = store_user_insert(crm->db, demo_users[i].employee_id, demo_users[i].name,
				       demo_users[i].email, demo_users[i].hash,
				       demo_users[i].dept, &ids[i], err);
	if (rc == CRM_OK)
		rc = store_client_insert(crm->db, &kevin, ids[0], &client_id, err);
	if (rc == CRM_OK)
		rc = store_contract_insert(crm->db, client_id, ids[0], 1000000, 500000, NULL,
					   &contract_id, err);
	if (rc == CRM_OK)
		rc = store_contract_sign(crm->db, contract_id, err);
	if (rc == CRM_OK)
		rc = datetime_parse(&start, "start", "2023-05-05T15:00:00Z", NULL, err);
	if (rc == CRM_OK)
		rc = datetime_parse(&end, "end", "2023-05-05T17:00:00Z", NULL, err);
	if (rc == CRM_OK)
		rc = store_event_insert(crm->db, contract_id, "Lou Bouzin General Assembly",
					start, end, "Salle des f\xc3\xaates de Mufflins", 200,
					"General assembly of shareholders (~200 people).",
					"UTC",
					&event_id, err);
	if (rc == CRM_OK)
		rc = store_event_assign(crm->db, event_id, ids[1], err);
	return rc;
}

/* The first manager, validated before anything is written. */
struct admin_fields {
	char *employee_id, *name, *email, *hash;
};

static void admin_fields_free(struct admin_fields *f)
{
	free(f->employee_id);
	free(f->name);
	free(f->email);
	xfree_secret(f->hash);
}

static enum crm_code admin_fields_validate(struct admin_fields *f,
					   const struct admin_input *a,
					   struct crm_error *err)
{
	enum crm_code rc;

	memset(f, 0, sizeof *f);
	if (!a->email || !a->name || !a->employee_id || !a->password)
		return crm_error_set(err, CRM_EINVALID,
				     "a first manager needs --admin-email, --admin-name, "
				     "--admin-employee-id and a password");
	rc = validate_email(&f->email, NC_("field", "admin email"), a->email, err);
	if (rc == CRM_OK)
		rc = validate_text(&f->name, NC_("field", "admin name"), a->name, 100, err);
	if (rc == CRM_OK)
		rc = validate_employee_id(&f->employee_id, NC_("field", "admin employee id"),
					  a->employee_id, err);
	if (rc == CRM_OK)
		rc = password_policy_check(a->password, f->email, f->employee_id, err);
	if (rc == CRM_OK)
		rc = password_hash(&f->hash, a->password, PASSWORD_ROUNDS, err);
	return rc;
}

static enum crm_code create_admin(struct crm *crm, const struct admin_fields *f,
				  struct crm_error *err)
{
	int64_t id;
	enum crm_code rc = store_user_insert(crm->db, f->employee_id, f->name, f->email,
					     f->hash, DEPT_MANAGEMENT, &id, err);

	if (rc == CRM_OK) {
		struct session system = { .user_id = id, .dept = DEPT_MANAGEMENT };
		json_t *details = json_object();
		snprintf(system.name, sizeof system.name, "%s", f->name);
		snprintf(system.email, sizeof system.email, "%s", f->email);
		crm_journal_text(details, "employee_id", f->employee_id);
		crm_journal_text(details, "department", "Management");
		rc = crm_journal(crm, &system, "create", "user", id, details, err);
	}
	return rc;
}

/* crm_db_init's transaction: demo and admin say what was asked for. */
struct db_init_tx {
	bool demo;
	const struct admin_fields *admin; /* NULL: none asked for */
	const char **out_note;
};

static enum crm_code db_init_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct db_init_tx *t = ctx;
	int64_t users = 0, managers = 0;
	enum crm_code rc;

	*t->out_note = N_("database is ready");
	rc = store_lock_setup(crm->db, err);
	if (rc == CRM_OK)
		rc = store_departments_ensure(crm->db, err);
	if (rc == CRM_OK)
		rc = store_user_count(crm->db, DEPT_NONE, &users, err);
	if (rc == CRM_OK)
		rc = store_user_count(crm->db, DEPT_MANAGEMENT, &managers, err);
	if (rc == CRM_OK && t->demo) {
		if (users == 0) {
			rc = load_demo(crm, err);
			*t->out_note = N_("database is ready, with the demo data");
		} else {
			*t->out_note = N_("database is ready; it already has users, so no demo data was loaded");
		}
	}
	if (rc == CRM_OK && t->admin) {
		if (managers == 0)
			rc = create_admin(crm, t->admin, err);
		else
			*t->out_note = N_("database is ready; it already has a Management user, so no admin was created");
	}
	return rc;
}

enum crm_code crm_db_init(struct crm *crm, bool demo,
			  const struct admin_input *admin,
			  const char **out_note, struct crm_error *err)
{
	struct admin_fields fields = { 0 };
	struct db_init_tx t = { demo, admin ? &fields : NULL, out_note };
	enum crm_code rc;

	*out_note = N_("database is ready");
	/* Bad --admin-* values must leave even an empty database untouched. */
	if (admin && (rc = admin_fields_validate(&fields, admin, err)) != CRM_OK)
		goto done;
	rc = migrate_apply(crm->db, NULL, NULL, err);
	if (rc == CRM_OK)
		rc = crm_tx(crm, db_init_body, &t, err);
done:
	admin_fields_free(&fields);
	return rc;
}

/* crm_db_migrate's transaction: what the migrations do not hold. */
static enum crm_code db_migrate_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	enum crm_code rc = store_lock_setup(crm->db, err);

	(void)ctx;
	if (rc == CRM_OK)
		rc = store_departments_ensure(crm->db, err);
	return rc;
}

enum crm_code crm_db_migrate(struct crm *crm, int *out_from, int *out_to,
			     struct crm_error *err)
{
	enum crm_code rc = migrate_apply(crm->db, out_from, out_to, err);

	if (rc)
		return rc;
	return crm_tx(crm, db_migrate_body, NULL, err);
}

enum crm_code crm_schema_check(struct crm *crm, struct crm_error *err)
{
	return migrate_check(crm->db, err);
}

enum crm_code crm_schema_check_once(struct crm *crm, struct crm_error *err)
{
	return migrate_check_once(crm->db, err);
}
