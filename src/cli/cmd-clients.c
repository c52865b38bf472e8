/* clients: list, show, create, update. */
#include "cli/checks.h"
#include "cli/cmd.h"
#include "cli/render.h"

static enum crm_code render_client(void *ctx, const struct client *c)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_client_values(c, v);
	return render_values(ctx, v);
}

static enum crm_code show_client(struct cmd_ctx *ctx, int64_t id, struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_client, err);
	return client_show(ctx->crm, &ctx->session, id, render_client, &r, err);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct client_filter f = { .limit = a->limit, .offset = a->offset };
	char key[CMD_KEY_MAX];
	const char *value;
	struct render r;
	enum crm_code rc = CRM_OK;

	for (int i = 0; rc == CRM_OK && cmd_next_given(a, &i, key, &value);)
		rc = client_filter_set(&f, key, value, err);
	if (rc)
		return rc;

	render_init(&r, ctx, &record_client, err);
	render_list_begin(&r);
	return render_list_end(&r, client_list(ctx->crm, &ctx->session, &f,
					       render_client, &r, err));
}

static enum crm_code run_show(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	return show_client(ctx, a->id, err);
}

static enum crm_code run_create(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct client_input in = { 0 };
	int64_t id;
	enum crm_code rc;

	cmd_bind(a, &in);
	rc = client_create(ctx->crm, &ctx->session, &in, &id, err);

	if (rc)
		return rc;
	render_note(ctx, "client %lld created", (long long)id);
	return show_client(ctx, id, err);
}

static enum crm_code run_update(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct client_input in = { 0 };
	enum crm_code rc;

	cmd_bind(a, &in);
	rc = client_update(ctx->crm, &ctx->session, a->id, &in, err);

	if (rc)
		return rc;
	render_note(ctx, "client %lld updated", (long long)a->id);
	return show_client(ctx, a->id, err);
}

static const struct cmd_option list_options[] = {
	{ .name = "mine", .kind = OPT_FLAG,
	  .help = "only clients you are the commercial contact of" },
	{ .name = "search", .kind = OPT_VALUE, .metavar = "TEXT",
	  .help = "name, email or company containing TEXT" },
	{ 0 },
};

static const struct cmd_option create_options[] = {
	{ .name = "full-name", .kind = OPT_VALUE, .metavar = "NAME",
	  .help = "the client's full name", .prompt = "Full name", .required = true,
	  .check = check_name, .field = CMD_FIELD(struct client_input, full_name) },
	{ .name = "email", .kind = OPT_VALUE, .metavar = "EMAIL", .help = "the client's email",
	  .prompt = "Email", .required = true, .check = check_email,
	  .field = CMD_FIELD(struct client_input, email) },
	{ .name = "phone", .kind = OPT_VALUE, .metavar = "PHONE", .help = "the client's phone",
	  .prompt = "Phone", .required = true, .check = check_phone,
	  .field = CMD_FIELD(struct client_input, phone) },
	{ .name = "company", .kind = OPT_VALUE, .metavar = "COMPANY",
	  .help = "the client's company", .prompt = "Company", .required = true,
	  .check = check_name, .field = CMD_FIELD(struct client_input, company_name) },
	{ 0 },
};

static const struct cmd_option update_options[] = {
	{ .name = "full-name", .kind = OPT_VALUE, .metavar = "NAME", .help = "new full name",
	  .prompt = "Full name", .check = check_name,
	  .field = CMD_FIELD(struct client_input, full_name) },
	{ .name = "email", .kind = OPT_VALUE, .metavar = "EMAIL", .help = "new email",
	  .prompt = "Email", .check = check_email, .field = CMD_FIELD(struct client_input, email) },
	{ .name = "phone", .kind = OPT_VALUE, .metavar = "PHONE", .help = "new phone",
	  .prompt = "Phone", .check = check_phone, .field = CMD_FIELD(struct client_input, phone) },
	{ .name = "company", .kind = OPT_VALUE, .metavar = "COMPANY", .help = "new company",
	  .prompt = "Company", .check = check_name,
	  .field = CMD_FIELD(struct client_input, company_name) },
	{ 0 },
};

const struct cmd_entry cmd_clients_entries[] = {
	{ .noun = "clients", .verb = "list", .summary = "list clients",
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .options = list_options, .run = run_list },
	{ .noun = "clients", .verb = "show", .positional = "ID", .summary = "show one client",
	  .flags = CMD_NEEDS_SESSION, .run = run_show },
	{ .noun = "clients", .verb = "create",
	  .summary = "create a client (Commercial: you become its contact)",
	  .flags = CMD_NEEDS_SESSION, .options = create_options, .run = run_create,
	  .action = "client.create" },
	{ .noun = "clients", .verb = "update", .positional = "ID",
	  .summary = "update a client (Commercial: your own clients)", .flags = CMD_NEEDS_SESSION,
	  .options = update_options, .run = run_update, .action = "client.update" },
	{ .noun = "clients", .verb = "history", .positional = "ID",
	  .summary = "who changed this client, when, and each field's old and new value",
	  .flags = CMD_NEEDS_SESSION, .run = cmd_run_history },
	{ 0 },
};
