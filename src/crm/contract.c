#include "crm/crm.h"
#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/money.h"
#include "util/validate.h"

static void journal_money(json_t *details, const char *key, int64_t cents)
{
	char text[MONEY_TEXT_MAX];

	money_format(text, cents);
	json_object_set_new(details, key, json_string(text));
}

enum crm_code local_contract_list(struct crm *crm, const struct session *s,
				  const struct contract_filter *f, contract_fn fn,
				  void *ctx, struct crm_error *err)
{
	return store_contract_list(crm->db, f, f->mine ? s->user_id : 0, fn, ctx, err);
}

enum crm_code local_contract_show(struct crm *crm, const struct session *s,
				  int64_t id, contract_fn fn, void *ctx,
				  struct crm_error *err)
{
	struct contract k = { 0 };
	enum crm_code rc = store_contract_get(crm->db, id, false, &k, err);

	(void)s;
	if (rc == CRM_OK)
		rc = fn(ctx, &k);
	contract_clear(&k);
	return rc;
}

enum crm_code local_contract_create(struct crm *crm, const struct session *s,
				    const struct contract_input *in, int64_t *out_id,
				    struct crm_error *err)
{
	struct client client = { 0 };
	int64_t client_id, total, remaining;
	json_t *details;
	enum crm_code rc;

	rc = policy_allows(s, ACT_CONTRACT_CREATE, err);
	if (rc)
		return rc;
	if (!in->client_id || !in->total_amount)
		return crm_error_set(err, CRM_EINVALID, "a contract needs a client and a total amount");
	rc = crm_field(err, "client_id", validate_id(&client_id, "client", in->client_id, err));
	if (rc == CRM_OK)
		rc = crm_field(err, "total_amount",
			       money_parse(&total, "total amount", in->total_amount, err));
	remaining = total;
	if (rc == CRM_OK && in->remaining_amount)
		rc = crm_field(err, "remaining_amount",
			       money_parse(&remaining, "remaining amount", in->remaining_amount,
					   err));
	if (rc == CRM_OK && remaining > total)
		rc = crm_error_set(err, CRM_EINVALID,
				   "remaining amount '%s' is more than the total '%s'",
				   in->remaining_amount, in->total_amount);
	if (rc)
		return rc;

	rc = db_begin(crm->db, err);
	if (rc)
		return rc;
	rc = store_client_get(crm->db, client_id, true, &client, err);
	if (rc == CRM_OK && !client.commercial_contact_id)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "client %lld has no commercial contact: assign one first",
				   (long long)client_id);
	if (rc == CRM_OK)
		rc = store_contract_insert(crm->db, client_id, client.commercial_contact_id,
					   total, remaining, out_id, err);
	if (rc == CRM_OK) {
		details = json_object();
		json_object_set_new(details, "client_id", json_integer(client_id));
		journal_money(details, "total_amount", total);
		journal_money(details, "remaining_amount", remaining);
		rc = crm_journal(crm, s, "create", "contract", *out_id, details, err);
	}
	rc = crm_tx_end(crm, rc, err);
	client_clear(&client);
	return rc;
}

enum crm_code local_contract_update(struct crm *crm, const struct session *s,
				    int64_t id, const struct contract_input *in,
				    struct crm_error *err)
{
	struct contract old = { 0 };
	int64_t total = 0, remaining = 0;
	json_t *details;
	enum crm_code rc;

	rc = policy_allows(s, ACT_CONTRACT_UPDATE, err);
	if (rc)
		return rc;
	if (in->client_id)
		return crm_error_set(err, CRM_EINVALID, "a contract's client cannot be changed");
	if (in->total_amount)
		rc = crm_field(err, "total_amount",
			       money_parse(&total, "total amount", in->total_amount, err));
	if (rc == CRM_OK && in->remaining_amount)
		rc = crm_field(err, "remaining_amount",
			       money_parse(&remaining, "remaining amount", in->remaining_amount,
					   err));
	if (rc)
		return rc;

	rc = db_begin(crm->db, err);
	if (rc)
		return rc;
	/* Locked until commit: a concurrent payment waits and then sees ours. */
	rc = store_contract_get(crm->db, id, true, &old, err);
	if (rc == CRM_OK)
		rc = policy_check_owner(s, ACT_CONTRACT_UPDATE, old.commercial_contact_id, err);
	if (rc == CRM_OK) {
		if (!in->total_amount)
			total = old.total_amount;
		if (!in->remaining_amount)
			remaining = old.remaining_amount;
		if (remaining > total) {
			char r[MONEY_TEXT_MAX], t[MONEY_TEXT_MAX];
			money_format(r, remaining);
			money_format(t, total);
			rc = crm_error_set(err, CRM_EINVALID,
					   "remaining amount %s would be more than the total %s",
					   r, t);
		}
	}
	if (rc == CRM_OK)
		rc = store_contract_set_amounts(crm->db, id, total, remaining, err);
	if (rc == CRM_OK) {
		details = json_object();
		if (total != old.total_amount)
			journal_money(details, "total_amount", total);
		if (remaining != old.remaining_amount)
			journal_money(details, "remaining_amount", remaining);
		rc = crm_journal(crm, s, "update", "contract", id, details, err);
	}
	rc = crm_tx_end(crm, rc, err);
	contract_clear(&old);
	return rc;
}

enum crm_code local_contract_sign(struct crm *crm, const struct session *s,
				  int64_t id, struct crm_error *err)
{
	struct contract old = { 0 };
	enum crm_code rc;

	rc = policy_allows(s, ACT_CONTRACT_SIGN, err);
	if (rc)
		return rc;
	rc = db_begin(crm->db, err);
	if (rc)
		return rc;
	rc = store_contract_get(crm->db, id, true, &old, err);
	if (rc == CRM_OK)
		rc = policy_check_owner(s, ACT_CONTRACT_SIGN, old.commercial_contact_id, err);
	if (rc == CRM_OK)
		rc = store_contract_sign(crm->db, id, err);
	if (rc == CRM_OK)
		rc = crm_journal(crm, s, "sign", "contract", id, NULL, err);
	rc = crm_tx_end(crm, rc, err);
	contract_clear(&old);
	if (rc == CRM_OK)
		crm_notify(crm, "contract_signed", s, id);
	return rc;
}
