/* audit: list (Management). */
#include "cli/cmd.h"
#include "cli/render.h"

static enum crm_code render_audit(void *ctx, const struct audit_entry *a)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_audit_values(a, v);
	return render_values(ctx, v);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_audit, err);
	render_list_begin(&r);
	return render_list_end(&r, audit_list(ctx->crm, &ctx->session, a->limit, a->offset,
					      render_audit, &r, err));
}

const struct cmd_entry cmd_audit_entries[] = {
	{ .noun = "audit", .verb = "list",
	  .summary = "the journal of changes and logins (Management)",
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .run = run_list, .action = "audit.list" },
	{ 0 },
};
