/* events: list, no-support, my-events, show, create, update, assign. */
#include "cli/checks.h"
#include "cli/cmd.h"
#include "cli/render.h"
#include "util/datetime.h"
#include "util/validate.h"
#include "util/i18n.h"

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
	return event_show(ctx->crm, &ctx->session, id, render_event, &r, err);
}

static enum crm_code list_events(struct cmd_ctx *ctx, struct event_filter *f, bool mine_only,
				 struct crm_error *err)
{
	struct render r;
	enum crm_code rc;

	render_init(&r, ctx, &record_event, err);
	render_list_begin(&r);
	rc = mine_only ? event_list_mine(ctx->crm, &ctx->session, f, render_event, &r, err)
		       : event_list(ctx->crm, &ctx->session, f, render_event, &r, err);
	return render_list_end(&r, rc);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_filter f = { .limit = a->limit, .offset = a->offset };
	char key[CMD_KEY_MAX];
	const char *value;
	enum crm_code rc = CRM_OK;

	for (int i = 0; rc == CRM_OK && cmd_next_given(a, &i, key, &value);)
		rc = event_filter_set(&f, ctx->crm_opt.zone, key, value, err);
	if (rc)
		return rc;
	return list_events(ctx, &f, false, err);
}

/* The calendar goes to the output as it is: --json and --csv do not apply
 * to a document with a format of its own. */
static enum crm_code run_ical(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_filter f = { 0 };
	struct strbuf text = STRBUF_INIT;
	char key[CMD_KEY_MAX];
	const char *value;
	FILE *fp = ctx->out.fp ? ctx->out.fp : stdout;
	enum crm_code rc = CRM_OK;

	for (int i = 0; rc == CRM_OK && cmd_next_given(a, &i, key, &value);)
		rc = event_filter_set(&f, ctx->crm_opt.zone, key, value, err);
	if (rc == CRM_OK)
		rc = event_calendar(ctx->crm, &ctx->session, &f, &text, err);
	if (rc == CRM_OK && (fwrite(text.buf, 1, text.len, fp) != text.len || fflush(fp) != 0))
		rc = crm_error_set(err, CRM_EINTERNAL, "cannot write the calendar to the output");
	strbuf_free(&text);
	return rc;
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
	struct event_input in = { 0 };

	cmd_bind(a, &in);
	return in;
}

static enum crm_code run_create(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_input in = event_input_from(a);
	int64_t id;
	enum crm_code rc = event_create(ctx->crm, &ctx->session, &in, &id, err);

	if (rc)
		return rc;
	render_note(ctx, "event %lld created", (long long)id);
	return show_event(ctx, id, err);
}

static enum crm_code run_update(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct event_input in = event_input_from(a);
	enum crm_code rc;

	in.allow_overlap = cmd_flag(a, "allow-overlap");
	rc = event_update(ctx->crm, &ctx->session, a->id, &in, err);

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
		rc = event_assign(ctx->crm, &ctx->session, a->id, support,
				  cmd_flag(a, "allow-overlap"), err);
	if (rc)
		return rc;
	render_note(ctx, "event %lld assigned to user %lld", (long long)a->id, (long long)support);
	return show_event(ctx, a->id, err);
}

static const struct cmd_option list_options[] = {
	{ .name = "no-support", .kind = OPT_FLAG, .help = N_("only events without a support contact") },
	{ .name = "mine", .kind = OPT_FLAG,
	  .help = N_("your events (support: assigned; commercial: your clients')") },
	{ .name = "contract", .kind = OPT_VALUE, .metavar = "ID",
	  .help = N_("only events of this contract") },
	{ .name = "support", .kind = OPT_VALUE, .metavar = "ID|none|me",
	  .help = N_("only events assigned to this user, to nobody, or to you") },
	{ .name = "from", .kind = OPT_VALUE, .metavar = "DATE",
	  .help = N_("only events still running at or after DATE"), .check = check_datetime },
	{ .name = "to", .kind = OPT_VALUE, .metavar = "DATE",
	  .help = N_("only events starting before DATE"), .check = check_datetime },
	{ .name = "sort", .kind = OPT_VALUE, .metavar = "COLUMN",
	  .help = N_("order by COLUMN (-COLUMN: descending): id, start_date or attendees_count") },
	{ 0 },
};

static const struct cmd_option ical_options[] = {
	{ .name = "mine", .kind = OPT_FLAG,
	  .help = N_("your events (support: assigned; commercial: your clients')") },
	{ .name = "support", .kind = OPT_VALUE, .metavar = "ID",
	  .help = N_("events assigned to this user ('me', or 'none' for no one)") },
	{ .name = "contract", .kind = OPT_VALUE, .metavar = "ID",
	  .help = N_("only events of this contract") },
	{ .name = "from", .kind = OPT_VALUE, .metavar = "DATE",
	  .help = N_("starting at or after DATE") },
	{ .name = "to", .kind = OPT_VALUE, .metavar = "DATE", .help = N_("starting at or before DATE") },
	{ 0 },
};

static const struct cmd_option create_options[] = {
	{ .name = "contract", .kind = OPT_VALUE, .metavar = "ID",
	  .help = N_("a signed contract of your client"), .prompt = N_("Contract id"), .required = true,
	  .check = check_id, .field = CMD_FIELD(struct event_input, contract_id) },
	{ .name = "name", .kind = OPT_VALUE, .metavar = "NAME", .help = N_("the event's name"),
	  .prompt = N_("Name"), .required = true, .check = check_long_text,
	  .field = CMD_FIELD(struct event_input, name) },
	{ .name = "start", .kind = OPT_VALUE, .metavar = "DATETIME",
	  .help = N_("start, e.g. '2026-06-01 18:00' (in the event's zone) or RFC 3339"),
	  .prompt = N_("Start (YYYY-MM-DD HH:MM)"), .required = true, .check = check_datetime,
	  .field = CMD_FIELD(struct event_input, start_date) },
	{ .name = "end", .kind = OPT_VALUE, .metavar = "DATETIME",
	  .help = N_("end, at or after the start"), .prompt = N_("End (YYYY-MM-DD HH:MM)"),
	  .required = true, .check = check_datetime,
	  .field = CMD_FIELD(struct event_input, end_date) },
	{ .name = "location", .kind = OPT_VALUE, .metavar = "PLACE", .help = N_("where it happens"),
	  .prompt = N_("Location"), .required = true, .check = check_long_text,
	  .field = CMD_FIELD(struct event_input, location) },
	{ .name = "attendees", .kind = OPT_VALUE, .metavar = "N",
	  .help = N_("expected attendees, 0 to 1000000"), .prompt = N_("Attendees"), .required = true,
	  .check = check_attendees, .field = CMD_FIELD(struct event_input, attendees_count) },
	{ .name = "notes", .kind = OPT_VALUE, .metavar = "TEXT", .help = N_("free notes"),
	  .prompt = N_("Notes (optional)"), .field = CMD_FIELD(struct event_input, notes) },
	{ .name = "timezone", .kind = OPT_VALUE, .metavar = "ZONE",
	  .help = N_("IANA zone it happens in, e.g. Europe/Paris (default EPICEVENTS_TIMEZONE, "
		  "else the system's); times without offset are read in it"),
	  .check = check_timezone, .field = CMD_FIELD(struct event_input, timezone) },
	{ 0 },
};

static const struct cmd_option update_options[] = {
	{ .name = "name", .kind = OPT_VALUE, .metavar = "NAME", .help = N_("new name"),
	  .prompt = N_("Name"), .check = check_long_text, .field = CMD_FIELD(struct event_input, name) },
	{ .name = "start", .kind = OPT_VALUE, .metavar = "DATETIME", .help = N_("new start"),
	  .prompt = N_("Start"), .check = check_datetime,
	  .field = CMD_FIELD(struct event_input, start_date) },
	{ .name = "end", .kind = OPT_VALUE, .metavar = "DATETIME", .help = N_("new end"),
	  .prompt = N_("End"), .check = check_datetime,
	  .field = CMD_FIELD(struct event_input, end_date) },
	{ .name = "location", .kind = OPT_VALUE, .metavar = "PLACE", .help = N_("new location"),
	  .prompt = N_("Location"), .check = check_long_text,
	  .field = CMD_FIELD(struct event_input, location) },
	{ .name = "attendees", .kind = OPT_VALUE, .metavar = "N",
	  .help = N_("new number of attendees"), .prompt = N_("Attendees"), .check = check_attendees,
	  .field = CMD_FIELD(struct event_input, attendees_count) },
	{ .name = "notes", .kind = OPT_VALUE, .metavar = "TEXT",
	  .help = N_("new notes ('' clears them)"), .prompt = N_("Notes"),
	  .field = CMD_FIELD(struct event_input, notes) },
	{ .name = "timezone", .kind = OPT_VALUE, .metavar = "ZONE",
	  .help = N_("new IANA zone (the instants stay; times given with it are read in it)"),
	  .check = check_timezone, .field = CMD_FIELD(struct event_input, timezone) },
	{ .name = "allow-overlap", .kind = OPT_FLAG,
	  .help = N_("keep the new times even if the support contact has another event then") },
	{ 0 },
};

static const struct cmd_option assign_options[] = {
	{ .name = "support", .kind = OPT_VALUE, .metavar = "USER_ID",
	  .help = N_("the Support user to assign"), .prompt = N_("Support user id"), .required = true,
	  .check = check_id },
	{ .name = "allow-overlap", .kind = OPT_FLAG,
	  .help = N_("assign even if they have another event at that time") },
	{ 0 },
};

const struct cmd_entry cmd_events_entries[] = {
	{ .noun = "events", .verb = "list", .summary = N_("list events"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .options = list_options, .run = run_list },
	{ .noun = "events", .verb = "no-support",
	  .summary = N_("list events without a support contact"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .run = run_no_support },
	{ .noun = "events", .verb = "my-events",
	  .summary = N_("list the events assigned to you (Support)"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .run = run_my_events, .action = "event.my_events" },
	{ .noun = "events", .verb = "ical",
	  .summary = N_("the events as an iCalendar file (RFC 5545) on the output"),
	  .flags = CMD_NEEDS_SESSION, .options = ical_options, .run = run_ical },
	{ .noun = "events", .verb = "show", .positional = "ID", .summary = N_("show one event"),
	  .flags = CMD_NEEDS_SESSION, .run = run_show },
	{ .noun = "events", .verb = "create",
	  .summary = N_("create an event (Commercial: own clients' signed contracts)"),
	  .flags = CMD_NEEDS_SESSION, .options = create_options, .run = run_create,
	  .action = "event.create" },
	{ .noun = "events", .verb = "update", .positional = "ID",
	  .summary = N_("update an event (Support: assigned; Management)"), .flags = CMD_NEEDS_SESSION,
	  .options = update_options, .run = run_update, .action = "event.update" },
	{ .noun = "events", .verb = "assign", .positional = "ID",
	  .summary = N_("assign a Support user (Management)"), .flags = CMD_NEEDS_SESSION,
	  .options = assign_options, .run = run_assign, .action = "event.assign" },
	{ .noun = "events", .verb = "history", .positional = "ID",
	  .summary = N_("who changed this event, when, and each field's old and new value"),
	  .flags = CMD_NEEDS_SESSION, .run = cmd_run_history },
	{ 0 },
};
