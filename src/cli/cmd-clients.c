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
	return client_show(&ctx->crm, &ctx->session, id, render_client, &r, err);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct client_filter f = {
		.mine = cmd_flag(a, "mine"),
		.search = cmd_arg(a, "search"),
		.limit = a->limit,
		.offset = a->offset,
	};
	struct render r;

	render_init(&r, ctx, &record_client, err);
	render_list_begin(&r);
	return render_list_end(&r, client_list(&ctx->crm, &ctx->session, &f,
					       render_client, &r, err));
}

static enum crm_code run_show(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	return show_client(ctx, a->id, err);
}

static struct client_input client_input_from(const struct cmd_args *a)
{
	return (struct client_input){
		.full_name = cmd_arg(a, "full-name"),
		.email = cmd_arg(a, "email"),
		.phone = cmd_arg(a, "phone"),
		.company_name = cmd_arg(a, "company"),
	};
}

static enum crm_code run_create(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct client_input in = client_input_from(a);
	int64_t id;
	enum crm_code rc = client_create(&ctx->crm, &ctx->session, &in, &id, err);

	if (rc)
		return rc;
	render_note(ctx, "client %lld created", (long long)id);
	return show_client(ctx, id, err);
}

static enum crm_code run_update(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct client_input in = client_input_from(a);
	enum crm_code rc = client_update(&ctx->crm, &ctx->session, a->id, &in, err);

	if (rc)
		return rc;
	render_note(ctx, "client %lld updated", (long long)a->id);
	return show_client(ctx, a->id, err);
}

static const struct cmd_option list_options[] = {
	{ "mine", OPT_FLAG, NULL, "only clients you are the commercial contact of", NULL, false, NULL },
	{ "search", OPT_VALUE, "TEXT", "name, email or company containing TEXT", NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option create_options[] = {
	{ "full-name", OPT_VALUE, "NAME", "the client's full name", "Full name", true, check_name },
	{ "email", OPT_VALUE, "EMAIL", "the client's email", "Email", true, check_email },
	{ "phone", OPT_VALUE, "PHONE", "the client's phone", "Phone", true, check_phone },
	{ "company", OPT_VALUE, "COMPANY", "the client's company", "Company", true, check_name },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option update_options[] = {
	{ "full-name", OPT_VALUE, "NAME", "new full name", "Full name", false, check_name },
	{ "email", OPT_VALUE, "EMAIL", "new email", "Email", false, check_email },
	{ "phone", OPT_VALUE, "PHONE", "new phone", "Phone", false, check_phone },
	{ "company", OPT_VALUE, "COMPANY", "new company", "Company", false, check_name },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

const struct cmd_entry cmd_clients_entries[] = {
	{ "clients", "list", NULL, "list clients", CMD_NEEDS_SESSION | CMD_LIST,
	  list_options, run_list },
	{ "clients", "show", "ID", "show one client", CMD_NEEDS_SESSION, NULL, run_show },
	{ "clients", "create", NULL, "create a client (Commercial: you become its contact)",
	  CMD_NEEDS_SESSION, create_options, run_create },
	{ "clients", "update", "ID", "update a client (Commercial: your own clients)",
	  CMD_NEEDS_SESSION, update_options, run_update },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};
