/*
 * payment.c — money received against contracts: contracts pay, payments
 * list/show/void. A payment and the contract's remaining amount change in
 * one transaction, so `contracts unpaid` (which reads remaining_amount, the
 * original project's column) stays true.
 */
#include "crm/crm.h"
#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store/store.h"
#include "util/datetime.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/validate.h"

#define REFERENCE_MAX_CHARS 100
#define VOID_REASON_MAX_CHARS 500

/* The methods the schema's CHECK allows, as stored. */
static const char *const payment_methods[] = {
	"transfer", "card", "cash", "cheque", "other", NULL,
};

static void journal_money(json_t *details, const char *key, int64_t cents)
{
	char text[MONEY_TEXT_MAX];

	money_format(text, cents);
	json_object_set_new(details, key, json_string(text));
}

/* contract_pay's input, checked. */
struct contract_pay_tx {
	const struct session *s;
	int64_t contract_id;
	int64_t amount;
	char paid_on[DATE_TEXT_MAX];
	const char *method;   /* static, or NULL */
	char *reference;      /* NULL when none */
	int64_t *out_id;
};

static enum crm_code contract_pay_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct contract_pay_tx *t = ctx;
	struct contract k = { 0 };
	char remaining[MONEY_TEXT_MAX], amount[MONEY_TEXT_MAX];
	json_t *details;
	enum crm_code rc;

	/* Locked until commit (PostgreSQL; SQLite's BEGIN IMMEDIATE holds the
	 * write lock): a concurrent payment waits, then reads what we left. */
	rc = store_contract_get(crm->db, t->contract_id, true, &k, err);
	if (rc == CRM_OK)
		rc = policy_check_owner(t->s, ACT_CONTRACT_PAY, k.commercial_contact_id, err);
	if (rc == CRM_OK && !k.is_signed)
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "contract %lld is not signed: payments are recorded against "
				   "signed contracts only", (long long)t->contract_id);
	if (rc == CRM_OK && t->amount > k.remaining_amount) {
		money_format(remaining, k.remaining_amount);
		money_format(amount, t->amount);
		rc = crm_error_set(err, CRM_ECONFLICT,
				   "amount %s is more than the %s remaining on contract %lld",
				   amount, remaining, (long long)t->contract_id);
		crm_error_field(err, "amount");
	}
	if (rc == CRM_OK)
		rc = store_contract_pay_down(crm->db, t->contract_id, t->amount, err);
	if (rc == CRM_OK)
		rc = store_payment_insert(crm->db, t->contract_id, t->amount, t->paid_on,
					  t->method, t->reference, t->s->user_id, t->out_id, err);
	if (rc == CRM_OK) {
		details = json_object();
		json_object_set_new(details, "contract_id", json_integer(t->contract_id));
		journal_money(details, "amount", t->amount);
		crm_journal_text(details, "paid_on", t->paid_on);
		crm_journal_text(details, "method", t->method);
		crm_journal_text(details, "reference", t->reference);
		journal_money(details, "remaining_amount", k.remaining_amount - t->amount);
		rc = crm_journal(crm, t->s, "pay", "payment", *t->out_id, details, err);
	}
	contract_clear(&k);
	return rc;
}

static enum crm_code check_method(const char **out, const char *text, struct crm_error *err)
{
	for (int i = 0; payment_methods[i]; i++) {
		if (strcasecmp(payment_methods[i], text) == 0) {
			*out = payment_methods[i];
			return CRM_OK;
		}
	}
	crm_error_set(err, CRM_EINVALID,
		      "method '%.40s' is not one of transfer, card, cash, cheque, other", text);
	return crm_error_field(err, "method");
}

enum crm_code local_contract_pay(struct crm *crm, const struct session *s, int64_t contract_id,
				 const struct payment_input *in, int64_t *out_id,
				 struct crm_error *err)
{
	struct contract_pay_tx t = { .s = s, .contract_id = contract_id, .out_id = out_id };
	char today[DATE_TEXT_MAX];
	enum crm_code rc;

	rc = policy_allows(s, ACT_CONTRACT_PAY, err);
	if (rc)
		return rc;
	if (!in->amount)
		return crm_field(err, "amount",
				 crm_error_set(err, CRM_EINVALID, "a payment needs an amount"));
	rc = crm_field(err, "amount", money_parse(&t.amount, NC_("field", "amount"), in->amount, err));
	if (rc == CRM_OK && t.amount == 0)
		rc = crm_field(err, "amount",
			       crm_error_set(err, CRM_EINVALID,
					     "amount must be more than 0.00"));
	date_today(today, (int64_t)time(NULL), crm->zone);
	if (rc == CRM_OK && in->paid_on)
		rc = crm_field(err, "paid_on", date_parse(t.paid_on, NC_("field", "payment date"), in->paid_on,
							  err));
	else if (rc == CRM_OK)
		memcpy(t.paid_on, today, sizeof today);
	if (rc == CRM_OK && strcmp(t.paid_on, today) > 0)
		rc = crm_field(err, "paid_on",
			       crm_error_set(err, CRM_EINVALID,
					     "payment date %s is in the future (today is %s)",
					     t.paid_on, today));
	if (rc == CRM_OK && in->method && *in->method)
		rc = check_method(&t.method, in->method, err);
	if (rc == CRM_OK && in->reference && *in->reference)
		rc = crm_field(err, "reference",
			       validate_text(&t.reference, NC_("field", "reference"), in->reference,
					     REFERENCE_MAX_CHARS, err));
	if (rc == CRM_OK)
		rc = crm_tx(crm, contract_pay_body, &t, err);
	free(t.reference);
	return rc;
}

enum crm_code local_payment_list(struct crm *crm, const struct session *s,
				 const struct payment_filter *f, payment_fn fn, void *ctx,
				 struct crm_error *err)
{
	(void)s; /* everyone may read payments */
	return store_payment_list(crm->db, f, fn, ctx, err);
}

enum crm_code local_payment_show(struct crm *crm, const struct session *s, int64_t id,
				 payment_fn fn, void *ctx, struct crm_error *err)
{
	struct payment p = { 0 };
	enum crm_code rc = store_payment_get(crm->db, id, false, &p, err);

	(void)s;
	if (rc == CRM_OK)
		rc = fn(ctx, &p);
	payment_clear(&p);
	return rc;
}

/* payment_void's transaction. */
struct payment_void_tx {
	const struct session *s;
	int64_t id;
	const char *reason;
};

static enum crm_code payment_void_body(struct crm *crm, void *ctx, struct crm_error *err)
{
	struct payment_void_tx *t = ctx;
	struct payment p = { 0 };
	struct contract k = { 0 };
	json_t *details;
	enum crm_code rc;

	rc = store_payment_get(crm->db, t->id, true, &p, err);
	if (rc == CRM_OK && p.voided_at)
		rc = crm_error_set(err, CRM_ECONFLICT, "payment %lld is already voided",
				   (long long)t->id);
	/* The contract's lock orders this with payments on it. */
	if (rc == CRM_OK)
		rc = store_contract_get(crm->db, p.contract_id, true, &k, err);
	if (rc == CRM_OK)
		rc = store_contract_pay_back(crm->db, p.contract_id, p.amount, err);
	if (rc == CRM_OK)
		rc = store_payment_void(crm->db, t->id, t->reason, err);
	if (rc == CRM_OK) {
		details = json_object();
		json_object_set_new(details, "contract_id", json_integer(p.contract_id));
		journal_money(details, "amount", p.amount);
		crm_journal_text(details, "reason", t->reason);
		journal_money(details, "remaining_amount", k.remaining_amount + p.amount);
		rc = crm_journal(crm, t->s, "void", "payment", t->id, details, err);
	}
	contract_clear(&k);
	payment_clear(&p);
	return rc;
}

enum crm_code local_payment_void(struct crm *crm, const struct session *s, int64_t id,
				 const struct payment_void_input *in, struct crm_error *err)
{
	struct payment_void_tx t = { .s = s, .id = id };
	char *reason = NULL;
	enum crm_code rc;

	rc = policy_allows(s, ACT_PAYMENT_VOID, err);
	if (rc)
		return rc;
	if (!in->reason || !*in->reason)
		return crm_field(err, "reason",
				 crm_error_set(err, CRM_EINVALID,
					       "voiding a payment needs a reason (--reason TEXT)"));
	rc = crm_field(err, "reason",
		       validate_text(&reason, NC_("field", "reason"), in->reason, VOID_REASON_MAX_CHARS, err));
	t.reason = reason;
	if (rc == CRM_OK)
		rc = crm_tx(crm, payment_void_body, &t, err);
	free(reason);
	return rc;
}
