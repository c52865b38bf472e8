/* clients: list, show, create, update, import. */
#include "cli/checks.h"
#include "cli/cmd.h"
#include "cli/render.h"
#include "format/csv-read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "util/i18n.h"

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

/* What `clients import` hears from crm/: bad rows to stderr and, when
 * asked, to the rejects file, opened at the first one. */
struct import_sink {
	const char *rejects_path;
	FILE *rejects;
	bool rejects_failed;
	const char *const *header;
	size_t ncols;
};

static void import_header(void *ctx, const char *const *names, size_t n)
{
	struct import_sink *k = ctx;

	k->header = names;
	k->ncols = n;
}

static void import_warning(void *ctx, const char *text)
{
	(void)ctx;
	fprintf(stderr, "%s\n", text);
}

/* The row as it was read, then its reason: fixed, it imports again. */
static void import_reject(void *ctx, const struct import_reject *r)
{
	struct import_sink *k = ctx;
	const char *row[CSV_FIELDS_MAX + 1];
	size_t n = 0;

	fprintf(stderr, _("line %ld, column %s: %s\n"), r->line, r->column, r->reason);
	if (!k->rejects_path || k->rejects_failed)
		return;
	if (!k->rejects) {
		k->rejects = fopen(k->rejects_path, "wb");
		if (!k->rejects) {
			fprintf(stderr, _("error: cannot write the rejects file '%s': %s\n"),
				k->rejects_path, strerror(errno));
			k->rejects_failed = true;
			return;
		}
		for (size_t i = 0; i < k->ncols && i < CSV_FIELDS_MAX; i++)
			row[n++] = k->header[i];
		row[n++] = "reason";
		out_csv_line(k->rejects, row, n);
		n = 0;
	}
	/* Always as many fields as the header, so the file stays rectangular. */
	for (size_t i = 0; i < k->ncols && i < CSV_FIELDS_MAX; i++)
		row[n++] = i < r->nfields ? r->fields[i] : "";
	row[n++] = r->reason;
	out_csv_line(k->rejects, row, n);
}

static const struct out_column import_columns[] = {
	{ "created", N_("Created"), OUT_INT },
	{ "updated", N_("Updated"), OUT_INT },
	{ "skipped", N_("Skipped"), OUT_INT },
	{ "dry_run", N_("Dry run"), OUT_BOOL },
};

static enum crm_code run_import(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct client_import_options opt = { .dry_run = cmd_flag(a, "dry-run") };
	struct import_sink sink = { .rejects_path = cmd_arg(a, "rejects") };
	struct client_import_report report = { import_header, import_reject, import_warning,
					       &sink };
	struct client_import_counts n;
	const char *dup = cmd_arg(a, "on-duplicate");
	FILE *in;
	enum crm_code rc;

	if (dup && !import_duplicate_from_name(dup, &opt.on_duplicate))
		return crm_error_set(err, CRM_EINVALID,
				     "--on-duplicate is error, skip or update, not '%s'", dup);
	in = fopen(a->id_text, "rb");
	if (!in)
		return crm_error_set(err, CRM_EINVALID, "cannot open '%s': %s", a->id_text,
				     strerror(errno));
	rc = client_import(ctx->crm, &ctx->session, in, &opt, &report, &n, err);
	fclose(in);
	if (sink.rejects && fclose(sink.rejects) != 0 && rc == CRM_OK)
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot write the rejects file '%s'",
				   sink.rejects_path);
	if (rc)
		return rc;
	if (ctx->out.format == OUT_HUMAN) {
		unsigned long total = (unsigned long)(n.created + n.updated + n.skipped);

		printf(opt.dry_run
		       ? P_("dry run: would import %lld client (created %lld, updated %lld, skipped %lld); nothing written\n",
			    "dry run: would import %lld clients (created %lld, updated %lld, skipped %lld); nothing written\n",
			    total)
		       : P_("imported %lld client (created %lld, updated %lld, skipped %lld)\n",
			    "imported %lld clients (created %lld, updated %lld, skipped %lld)\n", total),
		       (long long)total, (long long)n.created,
		       (long long)n.updated, (long long)n.skipped);
		return CRM_OK;
	}
	struct out_value v[] = { out_num(n.created), out_num(n.updated), out_num(n.skipped),
				 out_bool(opt.dry_run) };
	return out_record(&ctx->out, import_columns, OUT_NCOLS(import_columns), v, err);
}

static const struct cmd_option list_options[] = {
	{ .name = "mine", .kind = OPT_FLAG,
	  .help = N_("only clients you are the commercial contact of") },
	{ .name = "search", .kind = OPT_VALUE, .metavar = "TEXT",
	  .help = N_("name, email or company containing TEXT") },
	{ .name = "sort", .kind = OPT_VALUE, .metavar = "COLUMN",
	  .help = N_("order by COLUMN (-COLUMN: descending): id, full_name or company_name") },
	{ 0 },
};

static const struct cmd_option create_options[] = {
	{ .name = "full-name", .kind = OPT_VALUE, .metavar = "NAME",
	  .help = N_("the client's full name"), .prompt = N_("Full name"), .required = true,
	  .check = check_name, .field = CMD_FIELD(struct client_input, full_name) },
	{ .name = "email", .kind = OPT_VALUE, .metavar = "EMAIL", .help = N_("the client's email"),
	  .prompt = N_("Email"), .required = true, .check = check_email,
	  .field = CMD_FIELD(struct client_input, email) },
	{ .name = "phone", .kind = OPT_VALUE, .metavar = "PHONE", .help = N_("the client's phone"),
	  .prompt = N_("Phone"), .required = true, .check = check_phone,
	  .field = CMD_FIELD(struct client_input, phone) },
	{ .name = "company", .kind = OPT_VALUE, .metavar = "COMPANY",
	  .help = N_("the client's company"), .prompt = N_("Company"), .required = true,
	  .check = check_name, .field = CMD_FIELD(struct client_input, company_name) },
	{ 0 },
};

static const struct cmd_option update_options[] = {
	{ .name = "full-name", .kind = OPT_VALUE, .metavar = "NAME", .help = N_("new full name"),
	  .prompt = N_("Full name"), .check = check_name,
	  .field = CMD_FIELD(struct client_input, full_name) },
	{ .name = "email", .kind = OPT_VALUE, .metavar = "EMAIL", .help = N_("new email"),
	  .prompt = N_("Email"), .check = check_email, .field = CMD_FIELD(struct client_input, email) },
	{ .name = "phone", .kind = OPT_VALUE, .metavar = "PHONE", .help = N_("new phone"),
	  .prompt = N_("Phone"), .check = check_phone, .field = CMD_FIELD(struct client_input, phone) },
	{ .name = "company", .kind = OPT_VALUE, .metavar = "COMPANY", .help = N_("new company"),
	  .prompt = N_("Company"), .check = check_name,
	  .field = CMD_FIELD(struct client_input, company_name) },
	{ 0 },
};

static const struct cmd_option import_options[] = {
	{ .name = "dry-run", .kind = OPT_FLAG,
	  .help = N_("check every row and say what would happen; write nothing") },
	{ .name = "on-duplicate", .kind = OPT_VALUE, .metavar = "MODE",
	  .help = N_("a row whose email is stored or earlier in the file: error (a bad row, the "
		  "default), skip (left alone) or update (name, phone and company replaced)") },
	{ .name = "rejects", .kind = OPT_VALUE, .metavar = "FILE",
	  .help = N_("write the bad rows there as CSV, with a reason column, to fix and import again") },
	{ 0 },
};

const struct cmd_entry cmd_clients_entries[] = {
	{ .noun = "clients", .verb = "list", .summary = N_("list clients"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .options = list_options, .run = run_list },
	{ .noun = "clients", .verb = "show", .positional = "ID", .summary = N_("show one client"),
	  .flags = CMD_NEEDS_SESSION, .run = run_show },
	{ .noun = "clients", .verb = "create",
	  .summary = N_("create a client (Commercial: you become its contact)"),
	  .flags = CMD_NEEDS_SESSION, .options = create_options, .run = run_create,
	  .action = "client.create" },
	{ .noun = "clients", .verb = "update", .positional = "ID",
	  .summary = N_("update a client (Commercial: your own clients)"), .flags = CMD_NEEDS_SESSION,
	  .options = update_options, .run = run_update, .action = "client.update" },
	{ .noun = "clients", .verb = "import", .positional = "FILE",
	  .summary = N_("import clients from CSV, all or nothing (Commercial: they become yours)"),
	  .flags = CMD_NEEDS_SESSION, .options = import_options, .run = run_import,
	  .action = "client.import" },
	{ .noun = "clients", .verb = "history", .positional = "ID",
	  .summary = N_("who changed this client, when, and each field's old and new value"),
	  .flags = CMD_NEEDS_SESSION, .run = cmd_run_history },
	{ 0 },
};
