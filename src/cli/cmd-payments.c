/* payments: list, show, void. Recording one is `contracts pay`. */
#include "cli/cmd.h"
#include "cli/render.h"
#include "util/i18n.h"

static enum crm_code render_payment(void *ctx, const struct payment *p)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_payment_values(p, v);
	return render_values(ctx, v);
}

static enum crm_code show_payment(struct cmd_ctx *ctx, int64_t id, struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_payment, err);
	return payment_show(ctx->crm, &ctx->session, id, render_payment, &r, err);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct payment_filter f = { .limit = a->limit, .offset = a->offset };
	char key[CMD_KEY_MAX];
	const char *value;
	struct render r;
	enum crm_code rc = CRM_OK;

	for (int i = 0; rc == CRM_OK && cmd_next_given(a, &i, key, &value);)
		rc = payment_filter_set(&f, key, value, err);
	if (rc)
		return rc;
	render_init(&r, ctx, &record_payment, err);
	render_list_begin(&r);
	return render_list_end(&r, payment_list(ctx->crm, &ctx->session, &f, render_payment, &r,
						err));
}

static enum crm_code run_show(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	return show_payment(ctx, a->id, err);
}

static enum crm_code run_void(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct payment_void_input in = { 0 };
	enum crm_code rc;

	cmd_bind(a, &in);
	rc = payment_void(ctx->crm, &ctx->session, a->id, &in, err);
	if (rc)
		return rc;
	render_note(ctx, "payment %lld voided", (long long)a->id);
	return show_payment(ctx, a->id, err);
}

static const struct cmd_option list_options[] = {
	{ .name = "contract", .kind = OPT_VALUE, .metavar = "ID",
	  .help = N_("only payments of this contract") },
	{ .name = "since", .kind = OPT_VALUE, .metavar = "YYYY-MM-DD",
	  .help = N_("only payments made on or after this date") },
	{ .name = "until", .kind = OPT_VALUE, .metavar = "YYYY-MM-DD",
	  .help = N_("only payments made on or before this date") },
	{ .name = "sort", .kind = OPT_VALUE, .metavar = "COLUMN",
	  .help = N_("order by COLUMN (-COLUMN: descending): id, paid_on or amount") },
	{ 0 },
};

static const struct cmd_option void_options[] = {
	{ .name = "reason", .kind = OPT_VALUE, .metavar = "TEXT",
	  .help = N_("why it is voided (kept with the payment)"), .prompt = N_("Reason"),
	  .required = true, .field = CMD_FIELD(struct payment_void_input, reason) },
	{ 0 },
};

const struct cmd_entry cmd_payments_entries[] = {
	{ .noun = "payments", .verb = "list", .summary = N_("list payments received"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .options = list_options, .run = run_list },
	{ .noun = "payments", .verb = "show", .positional = "ID", .summary = N_("show one payment"),
	  .flags = CMD_NEEDS_SESSION, .run = run_show },
	{ .noun = "payments", .verb = "void", .positional = "ID",
	  .summary = N_("void a payment: its amount is owed again (Management)"),
	  .flags = CMD_NEEDS_SESSION, .options = void_options, .run = run_void,
	  .action = "payment.void" },
	{ 0 },
};
