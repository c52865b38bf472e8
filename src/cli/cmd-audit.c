/* audit: list (Management). */
#include "cli/cmd.h"
#include "cli/render.h"

static const struct out_column audit_columns[] = {
	{ "id", "ID", OUT_INT },
	{ "created_at", "When", OUT_TIME },
	{ "actor_id", "Actor id", OUT_INT },
	{ "actor_label", "Actor", OUT_TEXT },
	{ "action", "Action", OUT_TEXT },
	{ "entity", "Entity", OUT_TEXT },
	{ "entity_id", "Entity id", OUT_INT },
	{ "details", "Changes", OUT_TEXT },
};

static enum crm_code render_audit(void *ctx, const struct audit_entry *a)
{
	struct out_value v[] = {
		out_num(a->id),
		out_num(a->created_at),
		a->actor_id ? out_num(a->actor_id) : out_null(),
		out_text(a->actor_label),
		out_text(a->action),
		out_text(a->entity),
		a->entity_id ? out_num(a->entity_id) : out_null(),
		out_text(a->details),
	};
	return render_values(ctx, v);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, audit_columns, OUT_NCOLS(audit_columns), err);
	render_list_begin(&r);
	return render_list_end(&r, audit_list(&ctx->crm, &ctx->session, a->limit, a->offset,
					      render_audit, &r, err));
}

const struct cmd_entry cmd_audit_entries[] = {
	{ "audit", "list", NULL, "the journal of changes and logins (Management)",
	  CMD_NEEDS_SESSION | CMD_LIST, NULL, run_list },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};
