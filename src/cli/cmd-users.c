/* users: list, show, create, update, delete, deactivate, reactivate (Management). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/checks.h"
#include "cli/cmd.h"
#include "cli/prompt.h"
#include "cli/render.h"
#include "crm/policy.h"
#include "util/validate.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static enum crm_code render_user(void *ctx, const struct user *u)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_user_values(u, v);
	return render_values(ctx, v);
}

static enum crm_code show_user(struct cmd_ctx *ctx, int64_t id, struct crm_error *err)
{
	struct render r;

	render_init(&r, ctx, &record_user, err);
	return user_show(ctx->crm, &ctx->session, id, render_user, &r, err);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct user_filter f = { .limit = a->limit, .offset = a->offset };
	char key[CMD_KEY_MAX];
	const char *value;
	struct render r;
	enum crm_code rc = CRM_OK;

	for (int i = 0; rc == CRM_OK && cmd_next_given(a, &i, key, &value);)
		rc = user_filter_set(&f, key, value, err);
	if (rc)
		return rc;
	render_init(&r, ctx, &record_user, err);
	render_list_begin(&r);
	return render_list_end(&r, user_list(ctx->crm, &ctx->session, &f, render_user, &r, err));
}

static enum crm_code run_show(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	return show_user(ctx, a->id, err);
}

static struct user_input user_input_from(const struct cmd_args *a)
{
	struct user_input in = { 0 };

	cmd_bind(a, &in);
	return in;
}

/* A new password: from standard input with --password-stdin, asked twice
 * without echo on a terminal. */
static enum crm_code read_new_password(struct cmd_ctx *ctx, bool from_stdin, char **out,
				       struct crm_error *err)
{
	char *again = NULL;
	enum crm_code rc;

	if (!from_stdin && !ctx->interactive)
		return crm_error_set(err, CRM_EINVALID,
				     "a password is needed: use --password-stdin or a terminal");
	rc = prompt_password("New password", from_stdin, out, err);
	if (rc || from_stdin)
		return rc;
	rc = prompt_password("Repeat the password", false, &again, err);
	if (rc == CRM_OK && strcmp(*out, again) != 0)
		rc = crm_error_set(err, CRM_EINVALID, "the two passwords differ: nothing was changed");
	xfree_secret(again);
	if (rc) {
		xfree_secret(*out);
		*out = NULL;
	}
	return rc;
}

static enum crm_code run_create(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct user_input in = user_input_from(a);
	char *password = NULL;
	int64_t id;
	enum crm_code rc;

	/* Refuse before asking for a password nobody may set. */
	rc = policy_allows(&ctx->session, ACT_USER_MANAGE, err);
	if (rc == CRM_OK)
		rc = read_new_password(ctx, cmd_flag(a, "password-stdin"), &password, err);
	if (rc)
		return rc;
	in.password = password;
	rc = user_create(ctx->crm, &ctx->session, &in, &id, err);
	xfree_secret(password);
	if (rc)
		return rc;
	render_note(ctx, "user %lld created", (long long)id);
	return show_user(ctx, id, err);
}

static enum crm_code run_update(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct user_input in = user_input_from(a);
	char *password = NULL;
	enum crm_code rc = policy_allows(&ctx->session, ACT_USER_MANAGE, err);

	if (rc == CRM_OK && cmd_flag(a, "password-stdin"))
		rc = read_new_password(ctx, true, &password, err);
	if (rc)
		return rc;
	in.password = password;
	rc = user_update(ctx->crm, &ctx->session, a->id, &in, err);
	xfree_secret(password);
	if (rc)
		return rc;
	render_note(ctx, "user %lld updated", (long long)a->id);
	return show_user(ctx, a->id, err);
}

static enum crm_code run_delete(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	const char *heir_text = cmd_arg(a, "reassign-to");
	int64_t heir = 0;
	enum crm_code rc = CRM_OK;

	if (heir_text)
		rc = validate_id(&heir, "--reassign-to", heir_text, err);
	if (rc)
		return rc;
	if (ctx->in_shell && ctx->interactive) {
		char question[96];
		/* TRANSLATORS: the answer stays yes or no (prompt_confirm). */
		snprintf(question, sizeof question, _("Delete user %lld? (yes/no)"),
			 (long long)a->id);
		if (!prompt_confirm(question))
			return crm_error_set(err, CRM_EINVALID, "cancelled: nothing was changed");
	}
	rc = user_delete(ctx->crm, &ctx->session, a->id, heir, err);
	if (rc == CRM_OK)
		render_note(ctx, "user %lld deleted", (long long)a->id);
	if (rc == CRM_OK && ctx->out.format == OUT_JSON)
		printf("{\"id\": %lld, \"deleted\": true}\n", (long long)a->id);
	return rc;
}

/* Someone who leaves: their records go to --reassign-to in the same step. */
static enum crm_code run_deactivate(struct cmd_ctx *ctx, struct cmd_args *a,
				    struct crm_error *err)
{
	const char *heir_text = cmd_arg(a, "reassign-to");
	int64_t heir = 0;
	enum crm_code rc = CRM_OK;

	if (heir_text)
		rc = validate_id(&heir, "--reassign-to", heir_text, err);
	if (rc)
		return rc;
	rc = user_deactivate(ctx->crm, &ctx->session, a->id, heir, err);
	if (rc)
		return rc;
	render_note(ctx, "user %lld deactivated", (long long)a->id);
	return show_user(ctx, a->id, err);
}

static enum crm_code run_reactivate(struct cmd_ctx *ctx, struct cmd_args *a,
				    struct crm_error *err)
{
	enum crm_code rc = user_reactivate(ctx->crm, &ctx->session, a->id, err);

	if (rc)
		return rc;
	render_note(ctx, "user %lld reactivated", (long long)a->id);
	return show_user(ctx, a->id, err);
}

static enum crm_code render_locked(void *ctx, const struct locked_login *l)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_locked_login_values(l, v);
	return render_values(ctx, v);
}

static enum crm_code run_locked(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct render r;

	(void)a;
	render_init(&r, ctx, &record_locked_login, err);
	render_list_begin(&r);
	return render_list_end(&r, user_list_locked(ctx->crm, &ctx->session, render_locked, &r, err));
}

static enum crm_code run_unlock(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	enum crm_code rc = user_unlock(ctx->crm, &ctx->session, a->id, err);

	if (rc == CRM_OK && ctx->out.format == OUT_HUMAN)
		printf(_("user %lld can log in again\n"), (long long)a->id);
	return rc;
}

static const struct cmd_option list_options[] = {
	{ .name = "department", .kind = OPT_VALUE, .metavar = "DEPT",
	  .help = N_("only Commercial, Support or Management") },
	{ .name = "active", .kind = OPT_FLAG, .help = N_("only users who can log in") },
	{ .name = "inactive", .kind = OPT_FLAG, .help = N_("only deactivated users (people who left)") },
	{ .name = "sort", .kind = OPT_VALUE, .metavar = "COLUMN",
	  .help = N_("order by COLUMN (-COLUMN: descending): id, employee_id or name") },
	{ 0 },
};

static const struct cmd_option create_options[] = {
	{ .name = "employee-id", .kind = OPT_VALUE, .metavar = "ID",
	  .help = N_("employee id, e.g. COM002"), .prompt = N_("Employee id"), .required = true,
	  .check = check_employee_id, .field = CMD_FIELD(struct user_input, employee_id) },
	{ .name = "name", .kind = OPT_VALUE, .metavar = "NAME", .help = N_("full name"),
	  .prompt = N_("Name"), .required = true, .check = check_name,
	  .field = CMD_FIELD(struct user_input, name) },
	{ .name = "email", .kind = OPT_VALUE, .metavar = "EMAIL", .help = N_("email, used to log in"),
	  .prompt = N_("Email"), .required = true, .check = check_email,
	  .field = CMD_FIELD(struct user_input, email) },
	{ .name = "department", .kind = OPT_VALUE, .metavar = "DEPT",
	  .help = N_("Commercial, Support or Management"), .prompt = N_("Department"), .required = true,
	  .check = check_department, .field = CMD_FIELD(struct user_input, department) },
	{ .name = "password-stdin", .kind = OPT_FLAG,
	  .help = N_("read the password from standard input") },
	{ 0 },
};

static const struct cmd_option update_options[] = {
	{ .name = "employee-id", .kind = OPT_VALUE, .metavar = "ID", .help = N_("new employee id"),
	  .prompt = N_("Employee id"), .check = check_employee_id,
	  .field = CMD_FIELD(struct user_input, employee_id) },
	{ .name = "name", .kind = OPT_VALUE, .metavar = "NAME", .help = N_("new name"),
	  .prompt = N_("Name"), .check = check_name, .field = CMD_FIELD(struct user_input, name) },
	{ .name = "email", .kind = OPT_VALUE, .metavar = "EMAIL", .help = N_("new email"),
	  .prompt = N_("Email"), .check = check_email, .field = CMD_FIELD(struct user_input, email) },
	{ .name = "department", .kind = OPT_VALUE, .metavar = "DEPT", .help = N_("new department"),
	  .prompt = N_("Department"), .check = check_department,
	  .field = CMD_FIELD(struct user_input, department) },
	{ .name = "password-stdin", .kind = OPT_FLAG,
	  .help = N_("set a new password, read from standard input") },
	{ 0 },
};

static const struct cmd_option delete_options[] = {
	{ .name = "reassign-to", .kind = OPT_VALUE, .metavar = "USER_ID",
	  .help = N_("give the user's clients, contracts and events " "to this user of the same department") },
	{ 0 },
};

static const struct cmd_option deactivate_options[] = {
	{ .name = "reassign-to", .kind = OPT_VALUE, .metavar = "USER_ID",
	  .help = N_("give the user's clients, contracts and upcoming events to this active user "
		  "of the same department") },
	{ 0 },
};

const struct cmd_entry cmd_users_entries[] = {
	{ .noun = "users", .verb = "list", .summary = N_("list users (Management)"),
	  .flags = CMD_NEEDS_SESSION | CMD_LIST, .options = list_options, .run = run_list,
	  .action = "user.manage" },
	{ .noun = "users", .verb = "show", .positional = "ID",
	  .summary = N_("show one user (Management)"), .flags = CMD_NEEDS_SESSION, .run = run_show,
	  .action = "user.manage" },
	{ .noun = "users", .verb = "create", .summary = N_("create a user (Management)"),
	  .flags = CMD_NEEDS_SESSION, .options = create_options, .run = run_create,
	  .action = "user.manage" },
	{ .noun = "users", .verb = "update", .positional = "ID",
	  .summary = N_("update a user (Management)"), .flags = CMD_NEEDS_SESSION,
	  .options = update_options, .run = run_update, .action = "user.manage" },
	{ .noun = "users", .verb = "delete", .positional = "ID",
	  .summary = N_("delete a user (Management)"), .flags = CMD_NEEDS_SESSION,
	  .options = delete_options, .run = run_delete, .action = "user.manage" },
	{ .noun = "users", .verb = "deactivate", .positional = "ID",
	  .summary = N_("deactivate someone who left: no login, name kept on records (Management)"),
	  .flags = CMD_NEEDS_SESSION, .options = deactivate_options, .run = run_deactivate,
	  .action = "user.manage" },
	{ .noun = "users", .verb = "reactivate", .positional = "ID",
	  .summary = N_("let a deactivated user log in again (Management)"),
	  .flags = CMD_NEEDS_SESSION, .run = run_reactivate, .action = "user.manage" },
	{ .noun = "users", .verb = "locked",
	  .summary = N_("emails refused after too many failed logins (Management)"),
	  .flags = CMD_NEEDS_SESSION, .run = run_locked, .action = "user.manage" },
	{ .noun = "users", .verb = "unlock", .positional = "ID",
	  .summary = N_("let a locked-out user log in again (Management)"), .flags = CMD_NEEDS_SESSION,
	  .run = run_unlock, .action = "user.manage" },
	{ .noun = "users", .verb = "history", .positional = "ID",
	  .summary = N_("who changed this user, when, and each field's old and new value "
		     "(Management)"),
	  .flags = CMD_NEEDS_SESSION, .run = cmd_run_history, .action = "user.manage" },
	{ 0 },
};
