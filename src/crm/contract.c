#include "crm/crm.h"
#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/datetime.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/validate.h"

static json_t *money_json(int64_t cents)
{
	char text[MONEY_TEXT_MAX];

	money_format(text, cents);
	return json_string(text);
}

static void journal_money(json_t *details, const char *key, int64_t cents)
{
	json_object_set_new(details, key, money_json(cents));
}

enum crm_code local_contract_list(struct crm *crm, const struct session *s,
				  const struct contract_filter *f, contract_fn fn,
				  void *ctx, struct crm_error *err)
{
	struct contract_filter mine = *f;

	/* "Overdue" is due before today where the user is (the crm's zone). */
	if (mine.overdue)
		date_today(mine.today, (int64_t)time(NULL), crm->zone);
	return store_contract_list(crm->db, &mine, f->mine ? s->user_id : 0, fn, ctx, err);
}

/* A due date as given: NULL keeps (update) or means none (create); "" is
 * none; else a calendar date into out. *out_set says whether to store. */
static enum crm_code due_value(char out[DATE_TEXT_MAX], bool *out_set, const char *text,
			       struct crm_error *err)
{
	out[0] = '\0';
	*out_set = text != NULL;
	if (!text || !*text)
		return CRM_OK;
	return crm_field(err, "payment_due_date", date_parse(out, NC_("field", "due date"), text, err));
}

static const char *due_or_null(const char *due)
{
	return due[0] ? due : NULL;
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

/* contract_create's transaction. */
struct contract_create_tx {
	const struct session *s;
	int64_t client_id, total, remaining;
	char due[DATE_TEXT_MAX];
	int64_t *out_id;
};

static enum crm_code contract_create_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct contract_create_tx *t = ctx;
	struct client client = { 0 };
	json_t *details;
	enum crm_code rc;

	rc = store_client_get(crm->db, t->client_id, true, &client, err);
	if (rc == CRM_OK && !client.commercial_contact_id)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "client %lld has no commercial contact: assign one first",
				   (long long)t->client_id);
	if (rc == CRM_OK)
		rc = store_contract_insert(crm->db, t->client_id, client.commercial_contact_id,
					   t->total, t->remaining, due_or_null(t->due), t->out_id,
					   err);
	if (rc == CRM_OK) {
		details = json_object();
		json_object_set_new(details, "client_id", json_integer(t->client_id));
		journal_money(details, "total_amount", t->total);
		journal_money(details, "remaining_amount", t->remaining);
		crm_journal_text(details, "payment_due_date", due_or_null(t->due));
		rc = crm_journal(crm, t->s, "create", "contract", *t->out_id, details, err);
	}
	client_clear(&client);
	return rc;
}

enum crm_code local_contract_create(struct crm *crm, const struct session *s,
				    const struct contract_input *in, int64_t *out_id,
				    struct crm_error *err)
{
	struct contract_create_tx t = { .s = s, .out_id = out_id };
	enum crm_code rc;

	rc = policy_allows(s, ACT_CONTRACT_CREATE, err);
	if (rc)
		return rc;
	if (!in->client_id || !in->total_amount)
		return crm_error_set(err, CRM_EINVALID, "a contract needs a client and a total amount");
	rc = crm_field(err, "client_id",
		       validate_id(&t.client_id, NC_("field", "client"), in->client_id, err));
	if (rc == CRM_OK)
		rc = crm_field(err, "total_amount",
			       money_parse(&t.total, NC_("field", "total amount"), in->total_amount, err));
	t.remaining = t.total;
	if (rc == CRM_OK && in->remaining_amount)
		rc = crm_field(err, "remaining_amount",
			       money_parse(&t.remaining, NC_("field", "remaining amount"), in->remaining_amount,
					   err));
	if (rc == CRM_OK && t.remaining > t.total)
		rc = crm_error_set(err, CRM_EINVALID,
				   "remaining amount '%s' is more than the total '%s'",
				   in->remaining_amount, in->total_amount);
	if (rc == CRM_OK) {
		bool given;
		rc = due_value(t.due, &given, in->payment_due_date, err);
	}
	if (rc)
		return rc;
	return crm_tx(crm, contract_create_body, &t, err);
}

/* contract_update's transaction; the amounts are the ones given (has_*). */
struct contract_update_tx {
	const struct session *s;
	int64_t id;
	int64_t total, remaining;
	bool has_total, has_remaining, has_due;
	char due[DATE_TEXT_MAX]; /* "" = none */
};

static enum crm_code contract_update_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct contract_update_tx *t = ctx;
	struct contract old = { 0 };
	int64_t total = t->total, remaining = t->remaining;
	json_t *details;
	enum crm_code rc;

	/* Locked until commit: a concurrent payment waits and then sees ours. */
	rc = store_contract_get(crm->db, t->id, true, &old, err);
	if (rc == CRM_OK)
		rc = policy_check_owner(t->s, ACT_CONTRACT_UPDATE, old.commercial_contact_id, err);
	if (rc == CRM_OK) {
		if (!t->has_total)
			total = old.total_amount;
		if (!t->has_remaining)
			remaining = old.remaining_amount;
		if (remaining > total) {
			char r[MONEY_TEXT_MAX], tt[MONEY_TEXT_MAX];
			money_format(r, remaining);
			money_format(tt, total);
			rc = crm_error_set(err, CRM_EINVALID,
					   "remaining amount %s would be more than the total %s",
					   r, tt);
		}
	}
	if (rc == CRM_OK)
		rc = store_contract_set_amounts(crm->db, t->id, total, remaining, err);
	if (rc == CRM_OK && t->has_due)
		rc = store_contract_set_due(crm->db, t->id, due_or_null(t->due), err);
	if (rc == CRM_OK) {
		details = json_object();
		crm_journal_change(details, "total_amount", money_json(old.total_amount),
				   money_json(total));
		crm_journal_change(details, "remaining_amount", money_json(old.remaining_amount),
				   money_json(remaining));
		if (t->has_due)
			crm_journal_change(details, "payment_due_date",
					   crm_jtext(old.payment_due_date),
					   crm_jtext(due_or_null(t->due)));
		rc = crm_journal(crm, t->s, "update", "contract", t->id, details, err);
	}
	contract_clear(&old);
	return rc;
}

enum crm_code local_contract_update(struct crm *crm, const struct session *s,
				    int64_t id, const struct contract_input *in,
				    struct crm_error *err)
{
	struct contract_update_tx t = { .s = s, .id = id };
	enum crm_code rc;

	rc = policy_allows(s, ACT_CONTRACT_UPDATE, err);
	if (rc)
		return rc;
	if (in->client_id)
		return crm_error_set(err, CRM_EINVALID, "a contract's client cannot be changed");
	t.has_total = in->total_amount != NULL;
	t.has_remaining = in->remaining_amount != NULL;
	if (t.has_total)
		rc = crm_field(err, "total_amount",
			       money_parse(&t.total, NC_("field", "total amount"), in->total_amount, err));
	if (rc == CRM_OK && t.has_remaining)
		rc = crm_field(err, "remaining_amount",
			       money_parse(&t.remaining, NC_("field", "remaining amount"), in->remaining_amount,
					   err));
	if (rc == CRM_OK)
		rc = due_value(t.due, &t.has_due, in->payment_due_date, err);
	if (rc)
		return rc;
	return crm_tx(crm, contract_update_body, &t, err);
}

/* contract_sign's transaction. */
struct contract_sign_tx {
	const struct session *s;
	int64_t id;
};

static enum crm_code contract_sign_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct contract_sign_tx *t = ctx;
	struct contract old = { 0 };
	enum crm_code rc;

	rc = store_contract_get(crm->db, t->id, true, &old, err);
	if (rc == CRM_OK)
		rc = policy_check_owner(t->s, ACT_CONTRACT_SIGN, old.commercial_contact_id, err);
	if (rc == CRM_OK)
		rc = store_contract_sign(crm->db, t->id, err);
	if (rc == CRM_OK)
		rc = crm_journal(crm, t->s, "sign", "contract", t->id, NULL, err);
	contract_clear(&old);
	return rc;
}

enum crm_code local_contract_sign(struct crm *crm, const struct session *s,
				  int64_t id, struct crm_error *err)
{
	struct contract_sign_tx t = { s, id };
	enum crm_code rc;

	rc = policy_allows(s, ACT_CONTRACT_SIGN, err);
	if (rc)
		return rc;
	rc = crm_tx(crm, contract_sign_body, &t, err);
	if (rc == CRM_OK)
		crm_notify(crm, "contract_signed", s, id);
	return rc;
}
