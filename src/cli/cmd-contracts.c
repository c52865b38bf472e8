/* contracts: list, unsigned, unpaid, show, create, update, sign. */
#include <string.h>

#include "cli/checks.h"
#include "cli/cmd.h"
#include "cli/render.h"
#include "util/validate.h"

static enum crm_code render_contract(void *ctx, const struct contract *k)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_contract_values(k, v);
	return render_values(ctx, v);
}

static enum crm_code show_contract(struct cmd_ctx *ctx, int64_t id, struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_contract, err);
	return contract_show(&ctx->crm, &ctx->session, id, render_contract, &r, err);
}

static enum crm_code list_contracts(struct cmd_ctx *ctx, struct contract_filter *f,
				    struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_contract, err);
	render_list_begin(&r);
	return render_list_end(&r, contract_list(&ctx->crm, &ctx->session, f,
						 render_contract, &r, err));
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_filter f = { .mine = cmd_flag(a, "mine"), .limit = a->limit,
				     .offset = a->offset };
	const char *client = cmd_arg(a, "client");

	if (cmd_flag(a, "signed") && cmd_flag(a, "unsigned"))
		return crm_error_set(err, CRM_EINVALID, "--signed and --unsigned exclude each other");
	if (cmd_flag(a, "paid") && cmd_flag(a, "unpaid"))
		return crm_error_set(err, CRM_EINVALID, "--paid and --unpaid exclude each other");
	f.is_signed = cmd_flag(a, "signed") ? YES : cmd_flag(a, "unsigned") ? NO : ANY;
	f.is_paid = cmd_flag(a, "paid") ? YES : cmd_flag(a, "unpaid") ? NO : ANY;
	if (client) {
		enum crm_code rc = validate_id(&f.client_id, "--client", client, err);
		if (rc)
			return rc;
	}
	return list_contracts(ctx, &f, err);
}

static enum crm_code run_unsigned(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_filter f = { .is_signed = NO, .limit = a->limit, .offset = a->offset };
	return list_contracts(ctx, &f, err);
}

static enum crm_code run_unpaid(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_filter f = { .is_paid = NO, .limit = a->limit, .offset = a->offset };
	return list_contracts(ctx, &f, err);
}

static enum crm_code run_show(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	return show_contract(ctx, a->id, err);
}

static enum crm_code run_create(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_input in = {
		.client_id = cmd_arg(a, "client"),
		.total_amount = cmd_arg(a, "total"),
		.remaining_amount = cmd_arg(a, "remaining"),
	};
	int64_t id;
	enum crm_code rc = contract_create(&ctx->crm, &ctx->session, &in, &id, err);

	if (rc)
		return rc;
	render_note(ctx, "contract %lld created", (long long)id);
	return show_contract(ctx, id, err);
}

static enum crm_code run_update(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_input in = {
		.total_amount = cmd_arg(a, "total"),
		.remaining_amount = cmd_arg(a, "remaining"),
	};
	enum crm_code rc = contract_update(&ctx->crm, &ctx->session, a->id, &in, err);

	if (rc)
		return rc;
	render_note(ctx, "contract %lld updated", (long long)a->id);
	return show_contract(ctx, a->id, err);
}

static enum crm_code run_sign(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	enum crm_code rc = contract_sign(&ctx->crm, &ctx->session, a->id, err);

	if (rc)
		return rc;
	render_note(ctx, "contract %lld signed", (long long)a->id);
	return show_contract(ctx, a->id, err);
}

static const struct cmd_option list_options[] = {
	{ "signed", OPT_FLAG, NULL, "only signed contracts", NULL, false, NULL },
	{ "unsigned", OPT_FLAG, NULL, "only contracts not signed yet", NULL, false, NULL },
	{ "paid", OPT_FLAG, NULL, "only fully paid contracts", NULL, false, NULL },
	{ "unpaid", OPT_FLAG, NULL, "only contracts with an amount remaining", NULL, false, NULL },
	{ "mine", OPT_FLAG, NULL, "only contracts of your clients", NULL, false, NULL },
	{ "client", OPT_VALUE, "ID", "only contracts of this client", NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option create_options[] = {
	{ "client", OPT_VALUE, "ID", "the client's id", "Client id", true, check_id },
	{ "total", OPT_VALUE, "AMOUNT", "total amount, e.g. 10000.00", "Total amount", true, check_amount },
	{ "remaining", OPT_VALUE, "AMOUNT", "amount still to pay (default: the total)",
	  "Remaining amount (empty: the total)", false, check_amount },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option update_options[] = {
	{ "total", OPT_VALUE, "AMOUNT", "new total amount", "Total amount", false, check_amount },
	{ "remaining", OPT_VALUE, "AMOUNT", "new amount still to pay", "Remaining amount",
	  false, check_amount },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

const struct cmd_entry cmd_contracts_entries[] = {
	{ "contracts", "list", NULL, "list contracts", CMD_NEEDS_SESSION | CMD_LIST,
	  list_options, run_list },
	{ "contracts", "unsigned", NULL, "list contracts not signed yet",
	  CMD_NEEDS_SESSION | CMD_LIST, NULL, run_unsigned },
	{ "contracts", "unpaid", NULL, "list contracts with an amount remaining",
	  CMD_NEEDS_SESSION | CMD_LIST, NULL, run_unpaid },
	{ "contracts", "show", "ID", "show one contract", CMD_NEEDS_SESSION, NULL, run_show },
	{ "contracts", "create", NULL, "create a contract (Management)", CMD_NEEDS_SESSION,
	  create_options, run_create },
	{ "contracts", "update", "ID", "update amounts (Management; Commercial: own clients)",
	  CMD_NEEDS_SESSION, update_options, run_update },
	{ "contracts", "sign", "ID", "sign a contract (Management; Commercial: own clients)",
	  CMD_NEEDS_SESSION, NULL, run_sign },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};
