/* contracts: list, unsigned, unpaid, overdue, show, create, update, sign, pay. */
#include <string.h>

#include "cli/checks.h"
#include "cli/cmd.h"
#include "cli/render.h"
#include "util/validate.h"
#include "util/i18n.h"

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
	return contract_show(ctx->crm, &ctx->session, id, render_contract, &r, err);
}

static enum crm_code list_contracts(struct cmd_ctx *ctx, struct contract_filter *f,
				    struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_contract, err);
	render_list_begin(&r);
	return render_list_end(&r, contract_list(ctx->crm, &ctx->session, f,
						 render_contract, &r, err));
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_filter f = { .limit = a->limit, .offset = a->offset };
	char key[CMD_KEY_MAX];
	const char *value;
	enum crm_code rc = CRM_OK;

	for (int i = 0; rc == CRM_OK && cmd_next_given(a, &i, key, &value);)
		rc = contract_filter_set(&f, key, value, err);
	if (rc)
		return rc;
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

static enum crm_code run_overdue(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_filter f = { .overdue = true, .limit = a->limit, .offset = a->offset };
	return list_contracts(ctx, &f, err);
}

static enum crm_code run_show(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	return show_contract(ctx, a->id, err);
}

static enum crm_code run_create(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_input in = { 0 };
	int64_t id;
	enum crm_code rc;

	cmd_bind(a, &in);
	rc = contract_create(ctx->crm, &ctx->session, &in, &id, err);

	if (rc)
		return rc;
	render_note(ctx, "contract %lld created", (long long)id);
	return show_contract(ctx, id, err);
}

static enum crm_code run_update(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct contract_input in = { 0 };
	enum crm_code rc;

	cmd_bind(a, &in);
	rc = contract_update(ctx->crm, &ctx->session, a->id, &in, err);

	if (rc)
		return rc;
	render_note(ctx, "contract %lld updated", (long long)a->id);
	return show_contract(ctx, a->id, err);
}

static enum crm_code run_sign(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	enum crm_code rc = contract_sign(ctx->crm, &ctx->session, a->id, err);

	if (rc)
		return rc;
	render_note(ctx, "contract %lld signed", (long long)a->id);
	return show_contract(ctx, a->id, err);
}

static enum crm_code render_payment(void *ctx, const struct payment *p)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_payment_values(p, v);
	return render_values(ctx, v);
}

static enum crm_code run_pay(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct payment_input in = { 0 };
	struct render r;
	int64_t id;
	enum crm_code rc;

	cmd_bind(a, &in);
	rc = contract_pay(ctx->crm, &ctx->session, a->id, &in, &id, err);
	if (rc)
		return rc;
	render_note(ctx, "payment %lld recorded against contract %lld", (long long)id,
		    (long long)a->id);
	render_init(&r, ctx, &record_payment, err);
	return payment_show(ctx->crm, &ctx->session, id, render_payment, &r, err);
}

static const struct cmd_option list_options[] = {
	{ .name = "signed", .kind = OPT_FLAG, .help = N_("only signed contracts") },
	{ .name = "unsigned", .kind = OPT_FLAG, .help = N_("only contracts not signed yet") },
	{ .name = "paid", .kind = OPT_FLAG, .help = N_("only fully paid contracts") },
	{ .name = "unpaid", .kind = OPT_FLAG, .help = N_("only contracts with an amount remaining") },
	{ .name = "mine", .kind = OPT_FLAG, .help = N_("only contracts of your clients") },
	{ .name = "client", .kind = OPT_VALUE, .metavar = "ID",
	  .help = N_("only contracts of this client") },
	{ .name = "overdue", .kind = OPT_FLAG,
	  .help = N_("only unpaid contracts due before today") },
	{ .name = "sort", .kind = OPT_VALUE, .metavar = "COLUMN",
	  .help = N_("order by COLUMN (-COLUMN: descending): id, total_amount, remaining_amount "
		  "or payment_due_date") },
	{ 0 },
};

static const struct cmd_option create_options[] = {
	{ .name = "client", .kind = OPT_VALUE, .metavar = "ID", .help = N_("the client's id"),
	  .prompt = N_("Client id"), .required = true, .check = check_id,
	  .field = CMD_FIELD(struct contract_input, client_id) },
	{ .name = "total", .kind = OPT_VALUE, .metavar = "AMOUNT",
	  .help = N_("total amount, e.g. 10000.00"), .prompt = N_("Total amount"), .required = true,
	  .check = check_amount, .field = CMD_FIELD(struct contract_input, total_amount) },
	{ .name = "remaining", .kind = OPT_VALUE, .metavar = "AMOUNT",
	  .help = N_("amount still to pay (default: the total)"),
	  .prompt = N_("Remaining amount (empty: the total)"), .check = check_amount,
	  .field = CMD_FIELD(struct contract_input, remaining_amount) },
	{ .name = "due", .kind = OPT_VALUE, .metavar = "YYYY-MM-DD",
	  .help = N_("payment due date (default: none)"),
	  .prompt = N_("Payment due date, YYYY-MM-DD (empty: none)"), .check = check_date,
	  .field = CMD_FIELD(struct contract_input, payment_due_date) },
	{ 0 },
};

static const struct cmd_option update_options[] = {
	{ .name = "total", .kind = OPT_VALUE, .metavar = "AMOUNT", .help = N_("new total amount"),
	  .prompt = N_("Total amount"), .check = check_amount,
	  .field = CMD_FIELD(struct contract_input, total_amount) },
	{ .name = "remaining", .kind = OPT_VALUE, .metavar = "AMOUNT",
	  .help = N_("new amount still to pay"), .prompt = N_("Remaining amount"), .check = check_amount,
	  .field = CMD_FIELD(struct contract_input, remaining_amount) },
	{ .name = "due", .kind = OPT_VALUE, .metavar = "YYYY-MM-DD",
	  .help = N_("payment due date ('' clears it)"), .prompt = N_("Payment due date, YYYY-MM-DD"),
	  .check = check_date, .field = CMD_FIELD(struct contract_input, payment_due_date) },
	{ 0 },
};

static const struct cmd_option pay_options[] = {
	{ .name = "amount", .kind = OPT_VALUE, .metavar = "AMOUNT",
	  .help = N_("amount received, at most what remains"), .prompt = N_("Amount"),
	  .required = true, .check = check_amount,
	  .field = CMD_FIELD(struct payment_input, amount) },
	{ .name = "date", .kind = OPT_VALUE, .metavar = "YYYY-MM-DD",
	  .help = N_("when it was paid (default: today; not in the future)"),
	  .prompt = N_("Paid on, YYYY-MM-DD (empty: today)"), .check = check_date,
	  .field = CMD_FIELD(struct payment_input, paid_on) },
	{ .name = "method", .kind = OPT_VALUE, .metavar = "transfer|card|cash|cheque|other",
	  .help = N_("how it was paid"), .field = CMD_FIELD(struct payment_input, method) },
	{ .name = "reference", .kind = OPT_VALUE, .metavar = "TEXT",
	  .help = N_("bank reference, cheque number, ..."),
	  .field = CMD_FIELD(struct payment_input, reference) },
	{ 0 },
};

const struct cmd_entry cmd_contracts_entries[] = {
	{ .noun = "contracts", .verb = "list", .summary = N_("list contracts"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .options = list_options, .run = run_list },
	{ .noun = "contracts", .verb = "unsigned", .summary = N_("list contracts not signed yet"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .run = run_unsigned },
	{ .noun = "contracts", .verb = "unpaid",
	  .summary = N_("list contracts with an amount remaining"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .run = run_unpaid },
	{ .noun = "contracts", .verb = "overdue",
	  .summary = N_("list unpaid contracts due before today"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .run = run_overdue },
	{ .noun = "contracts", .verb = "show", .positional = "ID", .summary = N_("show one contract"),
	  .flags = CMD_NEEDS_SESSION, .run = run_show },
	{ .noun = "contracts", .verb = "create", .summary = N_("create a contract (Management)"),
	  .flags = CMD_NEEDS_SESSION, .options = create_options, .run = run_create,
	  .action = "contract.create" },
	{ .noun = "contracts", .verb = "update", .positional = "ID",
	  .summary = N_("update amounts (Management; Commercial: own clients)"),
	  .flags = CMD_NEEDS_SESSION, .options = update_options, .run = run_update,
	  .action = "contract.update" },
	{ .noun = "contracts", .verb = "sign", .positional = "ID",
	  .summary = N_("sign a contract (Management; Commercial: own clients)"),
	  .flags = CMD_NEEDS_SESSION, .run = run_sign, .action = "contract.sign" },
	{ .noun = "contracts", .verb = "pay", .positional = "ID",
	  .summary = N_("record a payment (Management; Commercial: own clients)"),
	  .flags = CMD_NEEDS_SESSION, .options = pay_options, .run = run_pay,
	  .action = "contract.pay" },
	{ .noun = "contracts", .verb = "history", .positional = "ID",
	  .summary = N_("who changed this contract, when, and each field's old and new value"),
	  .flags = CMD_NEEDS_SESSION, .run = cmd_run_history },
	{ 0 },
};
