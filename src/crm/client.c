#include "crm/crm.h"
#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/i18n.h"
#include "util/validate.h"

void client_fields_free(struct client_fields *f)
{
	free(f->full_name);
	free(f->email);
	free(f->phone);
	free(f->company_name);
}

enum crm_code client_fields_validate(struct client_fields *out,
				     const struct client_input *in, bool all_required,
				     struct crm_error *err)
{
	enum crm_code rc = CRM_OK;

	memset(out, 0, sizeof *out);
	if (all_required && (!in->full_name || !in->email || !in->phone || !in->company_name))
		return crm_error_set(err, CRM_EINVALID,
				     "a client needs a full name, an email, a phone and a company");
	if (in->full_name)
		rc = crm_field(err, "full_name",
			       validate_text(&out->full_name, NC_("field", "full name"), in->full_name, 100,
					     err));
	if (rc == CRM_OK && in->email)
		rc = crm_field(err, "email", validate_email(&out->email, NC_("field", "email"), in->email, err));
	if (rc == CRM_OK && in->phone)
		rc = crm_field(err, "phone", validate_phone(&out->phone, NC_("field", "phone"), in->phone, err));
	if (rc == CRM_OK && in->company_name)
		rc = crm_field(err, "company_name",
			       validate_text(&out->company_name, NC_("field", "company name"), in->company_name,
					     100, err));
	if (rc)
		client_fields_free(out);
	return rc;
}

static enum crm_code check_email_free(struct crm *crm, const char *email,
				      int64_t except_id, struct crm_error *err)
{
	bool taken = false;
	enum crm_code rc;

	if (!email)
		return CRM_OK;
	rc = store_email_taken(crm->db, "clients", email, except_id, &taken, err);
	if (rc == CRM_OK && taken)
		rc = crm_error_set(err, CRM_ECONFLICT, "a client with email '%s' already exists", email);
	return rc;
}

enum crm_code local_client_list(struct crm *crm, const struct session *s,
				const struct client_filter *f, client_fn fn, void *ctx,
				struct crm_error *err)
{
	if (f->search) {
		char *clean = NULL;
		enum crm_code rc = crm_field(err, "search",
					     validate_notes(&clean, NC_("field", "search text"), f->search, 200, err));
		free(clean);
		if (rc)
			return rc;
	}
	return store_client_list(crm->db, f, f->mine ? s->user_id : 0, fn, ctx, err);
}

enum crm_code local_client_show(struct crm *crm, const struct session *s, int64_t id,
				client_fn fn, void *ctx, struct crm_error *err)
{
	struct client c = { 0 };
	enum crm_code rc = store_client_get(crm->db, id, false, &c, err);

	(void)s;
	if (rc == CRM_OK)
		rc = fn(ctx, &c);
	client_clear(&c);
	return rc;
}

/* client_create's transaction. */
struct client_create_tx {
	const struct session *s;
	const struct client_fields *f;
	int64_t *out_id;
};

static enum crm_code client_create_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct client_create_tx *t = ctx;
	const struct client_fields *f = t->f;
	struct client_input clean = { f->full_name, f->email, f->phone, f->company_name };
	json_t *details;
	enum crm_code rc;

	rc = check_email_free(crm, f->email, 0, err);
	if (rc == CRM_OK)
		rc = store_client_insert(crm->db, &clean, t->s->user_id, t->out_id, err);
	if (rc == CRM_OK) {
		details = json_object();
		crm_journal_text(details, "full_name", f->full_name);
		crm_journal_text(details, "email", f->email);
		crm_journal_text(details, "phone", f->phone);
		crm_journal_text(details, "company_name", f->company_name);
		json_object_set_new(details, "commercial_contact_id", json_integer(t->s->user_id));
		rc = crm_journal(crm, t->s, "create", "client", *t->out_id, details, err);
	}
	return rc;
}

enum crm_code local_client_create(struct crm *crm, const struct session *s,
				  const struct client_input *in, int64_t *out_id,
				  struct crm_error *err)
{
	struct client_fields f;
	struct client_create_tx t = { s, &f, out_id };
	enum crm_code rc;

	rc = policy_allows(s, ACT_CLIENT_CREATE, err);
	if (rc)
		return rc;
	rc = client_fields_validate(&f, in, true, err);
	if (rc)
		return rc;
	rc = crm_tx(crm, client_create_body, &t, err);
	client_fields_free(&f);
	return rc;
}

/* client_update's transaction. */
struct client_update_tx {
	const struct session *s;
	int64_t id;
	const struct client_fields *f;
};

static enum crm_code client_update_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct client_update_tx *t = ctx;
	const struct client_fields *f = t->f;
	struct client_input clean = { f->full_name, f->email, f->phone, f->company_name };
	struct client old = { 0 };
	json_t *details;
	enum crm_code rc;

	rc = store_client_get(crm->db, t->id, true, &old, err);
	if (rc == CRM_OK)
		rc = policy_check_owner(t->s, ACT_CLIENT_UPDATE, old.commercial_contact_id, err);
	if (rc == CRM_OK)
		rc = check_email_free(crm, f->email, t->id, err);
	if (rc == CRM_OK)
		rc = store_client_update(crm->db, t->id, &clean, err);
	if (rc == CRM_OK) {
		details = json_object();
		crm_journal_change(details, "full_name", crm_jtext(old.full_name),
				   f->full_name ? json_string(f->full_name) : NULL);
		crm_journal_change(details, "email", crm_jtext(old.email),
				   f->email ? json_string(f->email) : NULL);
		crm_journal_change(details, "phone", crm_jtext(old.phone),
				   f->phone ? json_string(f->phone) : NULL);
		crm_journal_change(details, "company_name", crm_jtext(old.company_name),
				   f->company_name ? json_string(f->company_name) : NULL);
		rc = crm_journal(crm, t->s, "update", "client", t->id, details, err);
	}
	client_clear(&old);
	return rc;
}

enum crm_code local_client_update(struct crm *crm, const struct session *s,
				  int64_t id, const struct client_input *in,
				  struct crm_error *err)
{
	struct client_fields f;
	struct client_update_tx t = { s, id, &f };
	enum crm_code rc;

	rc = policy_allows(s, ACT_CLIENT_UPDATE, err);
	if (rc)
		return rc;
	rc = client_fields_validate(&f, in, false, err);
	if (rc)
		return rc;
	rc = crm_tx(crm, client_update_body, &t, err);
	client_fields_free(&f);
	return rc;
}
