/* audit: list (Management); and every noun's `history ID`. */
#include "cli/cmd.h"
#include "cli/render.h"
#include "util/i18n.h"

static enum crm_code render_audit(void *ctx, const struct audit_entry *a)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_audit_values(a, v);
	return render_values(ctx, v);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct audit_filter f = { .limit = a->limit, .offset = a->offset };
	char key[CMD_KEY_MAX];
	const char *value;
	struct render r;
	enum crm_code rc = CRM_OK;

	for (int i = 0; rc == CRM_OK && cmd_next_given(a, &i, key, &value);)
		rc = audit_filter_set(&f, crm_zone(ctx->crm), key, value, err);
	if (rc)
		return rc;
	render_init(&r, ctx, &record_audit, err);
	render_list_begin(&r);
	return render_list_end(&r, audit_list(ctx->crm, &ctx->session, &f, render_audit, &r,
					      err));
}

static enum crm_code render_history(void *ctx, const struct audit_entry *a)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_history_values(a, v);
	return render_values(ctx, v);
}

/* `clients history ID`, ...: the noun names the kind of record. */
enum crm_code cmd_run_history(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_history, err);
	render_list_begin(&r);
	return render_list_end(&r, audit_history(ctx->crm, &ctx->session, a->entry->noun, a->id,
						 render_history, &r, err));
}

static const struct cmd_option list_options[] = {
	{ .name = "entity", .kind = OPT_VALUE, .metavar = "E",
	  .help = N_("only rows about client, contract, event, user, payment or session") },
	{ .name = "id", .kind = OPT_VALUE, .metavar = "N",
	  .help = N_("only rows about that record (with --entity)") },
	{ .name = "actor", .kind = OPT_VALUE, .metavar = "USER_ID",
	  .help = N_("only what this user did") },
	{ .name = "action", .kind = OPT_VALUE, .metavar = "A",
	  .help = N_("only this action (create, update, delete, sign, assign, login, ...)") },
	{ .name = "since", .kind = OPT_VALUE, .metavar = "DATE",
	  .help = N_("only rows written at or after this date or time") },
	{ .name = "until", .kind = OPT_VALUE, .metavar = "DATE",
	  .help = N_("only rows written until this date (the whole day) or time") },
	{ .name = "newest-first", .kind = OPT_FLAG, .help = N_("the latest rows first") },
	{ 0 },
};

const struct cmd_entry cmd_audit_entries[] = {
	{ .noun = "audit", .verb = "list",
	  .summary = N_("the journal of changes and logins (Management)"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .options = list_options, .run = run_list,
	  .action = "audit.list" },
	{ 0 },
};
