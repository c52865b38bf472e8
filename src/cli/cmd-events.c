/* events: list, no-support, my-events, show, create, update, assign. */
#include "cli/checks.h"
#include "cli/cmd.h"
#include "cli/render.h"
#include "util/datetime.h"
#include "util/validate.h"

static enum crm_code render_event(void *ctx, const struct event *e)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_event_values(e, v);
	return render_values(ctx, v);
}

static enum crm_code show_event(struct cmd_ctx *ctx, int64_t id, struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_event, err);
	return event_show(&ctx->crm, &ctx->session, id, render_event, &r, err);
}

static enum crm_code list_events(struct cmd_ctx *ctx, struct event_filter *f, bool mine_only,
				 struct crm_error *err)
{
	struct render r;
	enum crm_code rc;

	render_init(&r, ctx, &record_event, err);
	render_list_begin(&r);
	rc = mine_only ? event_list_mine(&ctx->crm, &ctx->session, f, render_event, &r, err)
		       : event_list(&ctx->crm, &ctx->session, f, render_event, &r, err);
	return render_list_end(&r, rc);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_filter f = {
		.no_support = cmd_flag(a, "no-support"),
		.mine = cmd_flag(a, "mine"),
		.limit = a->limit,
		.offset = a->offset,
	};
	const char *contract = cmd_arg(a, "contract");
	const char *from = cmd_arg(a, "from");
	const char *to = cmd_arg(a, "to");
	enum crm_code rc = CRM_OK;

	if (contract)
		rc = validate_id(&f.contract_id, "--contract", contract, err);
	if (rc == CRM_OK && from) {
		rc = datetime_parse(&f.from, "--from", from, err);
		f.has_from = true;
	}
	if (rc == CRM_OK && to) {
		rc = datetime_parse(&f.to, "--to", to, err);
		f.has_to = true;
	}
	if (rc)
		return rc;
	return list_events(ctx, &f, false, err);
}

static enum crm_code run_no_support(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_filter f = { .no_support = true, .limit = a->limit, .offset = a->offset };
	return list_events(ctx, &f, false, err);
}

static enum crm_code run_my_events(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_filter f = { .limit = a->limit, .offset = a->offset };
	return list_events(ctx, &f, true, err);
}

static enum crm_code run_show(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	return show_event(ctx, a->id, err);
}

static struct event_input event_input_from(const struct cmd_args *a)
{
	return (struct event_input){
		.contract_id = cmd_arg(a, "contract"),
		.name = cmd_arg(a, "name"),
		.start_date = cmd_arg(a, "start"),
		.end_date = cmd_arg(a, "end"),
		.location = cmd_arg(a, "location"),
		.attendees_count = cmd_arg(a, "attendees"),
		.notes = cmd_arg(a, "notes"),
	};
}

static enum crm_code run_create(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_input in = event_input_from(a);
	int64_t id;
	enum crm_code rc = event_create(&ctx->crm, &ctx->session, &in, &id, err);

	if (rc)
		return rc;
	render_note(ctx, "event %lld created", (long long)id);
	return show_event(ctx, id, err);
}

static enum crm_code run_update(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_input in = event_input_from(a);
	enum crm_code rc = event_update(&ctx->crm, &ctx->session, a->id, &in, err);

	if (rc)
		return rc;
	render_note(ctx, "event %lld updated", (long long)a->id);
	return show_event(ctx, a->id, err);
}

static enum crm_code run_assign(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	int64_t support;
	enum crm_code rc = validate_id(&support, "--support", cmd_arg(a, "support"), err);

	if (rc == CRM_OK)
		rc = event_assign(&ctx->crm, &ctx->session, a->id, support, err);
	if (rc)
		return rc;
	render_note(ctx, "event %lld assigned to user %lld", (long long)a->id, (long long)support);
	return show_event(ctx, a->id, err);
}

static const struct cmd_option list_options[] = {
	{ "no-support", OPT_FLAG, NULL, "only events without a support contact", NULL, false, NULL },
	{ "mine", OPT_FLAG, NULL, "your events (support: assigned; commercial: your clients')",
	  NULL, false, NULL },
	{ "contract", OPT_VALUE, "ID", "only events of this contract", NULL, false, NULL },
	{ "from", OPT_VALUE, "DATE", "starting at or after DATE", NULL, false, NULL },
	{ "to", OPT_VALUE, "DATE", "starting at or before DATE", NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option create_options[] = {
	{ "contract", OPT_VALUE, "ID", "a signed contract of your client", "Contract id", true, check_id },
	{ "name", OPT_VALUE, "NAME", "the event's name", "Name", true, check_long_text },
	{ "start", OPT_VALUE, "DATETIME", "start, e.g. '2026-06-01 18:00' (local) or RFC 3339",
	  "Start (YYYY-MM-DD HH:MM)", true, check_datetime },
	{ "end", OPT_VALUE, "DATETIME", "end, at or after the start", "End (YYYY-MM-DD HH:MM)",
	  true, check_datetime },
	{ "location", OPT_VALUE, "PLACE", "where it happens", "Location", true, check_long_text },
	{ "attendees", OPT_VALUE, "N", "expected attendees, 0 to 1000000", "Attendees", true,
	  check_attendees },
	{ "notes", OPT_VALUE, "TEXT", "free notes", "Notes (optional)", false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option update_options[] = {
	{ "name", OPT_VALUE, "NAME", "new name", "Name", false, check_long_text },
	{ "start", OPT_VALUE, "DATETIME", "new start", "Start", false, check_datetime },
	{ "end", OPT_VALUE, "DATETIME", "new end", "End", false, check_datetime },
	{ "location", OPT_VALUE, "PLACE", "new location", "Location", false, check_long_text },
	{ "attendees", OPT_VALUE, "N", "new number of attendees", "Attendees", false, check_attendees },
	{ "notes", OPT_VALUE, "TEXT", "new notes ('' clears them)", "Notes", false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option assign_options[] = {
	{ "support", OPT_VALUE, "USER_ID", "the Support user to assign", "Support user id", true,
	  check_id },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

const struct cmd_entry cmd_events_entries[] = {
	{ "events", "list", NULL, "list events", CMD_NEEDS_SESSION | CMD_LIST, list_options, run_list },
	{ "events", "no-support", NULL, "list events without a support contact",
	  CMD_NEEDS_SESSION | CMD_LIST, NULL, run_no_support },
	{ "events", "my-events", NULL, "list the events assigned to you (Support)",
	  CMD_NEEDS_SESSION | CMD_LIST, NULL, run_my_events },
	{ "events", "show", "ID", "show one event", CMD_NEEDS_SESSION, NULL, run_show },
	{ "events", "create", NULL, "create an event (Commercial: own clients' signed contracts)",
	  CMD_NEEDS_SESSION, create_options, run_create },
	{ "events", "update", "ID", "update an event (Support: assigned; Management)",
	  CMD_NEEDS_SESSION, update_options, run_update },
	{ "events", "assign", "ID", "assign a Support user (Management)", CMD_NEEDS_SESSION,
	  assign_options, run_assign },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};
