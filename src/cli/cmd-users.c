/* users: list, show, create, update, delete (Management). */
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
	return user_show(&ctx->crm, &ctx->session, id, render_user, &r, err);
}

static enum crm_code run_list(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct user_filter f = { .department = cmd_arg(a, "department"), .limit = a->limit,
				 .offset = a->offset };
	struct render r;

	render_init(&r, ctx, &record_user, err);
	render_list_begin(&r);
	return render_list_end(&r, user_list(&ctx->crm, &ctx->session, &f, render_user, &r, err));
}

static enum crm_code run_show(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	return show_user(ctx, a->id, err);
}

static struct user_input user_input_from(const struct cmd_args *a)
{
	return (struct user_input){
		.employee_id = cmd_arg(a, "employee-id"),
		.name = cmd_arg(a, "name"),
		.email = cmd_arg(a, "email"),
		.department = cmd_arg(a, "department"),
	};
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
	rc = user_create(&ctx->crm, &ctx->session, &in, &id, err);
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
	rc = user_update(&ctx->crm, &ctx->session, a->id, &in, err);
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
		snprintf(question, sizeof question, "Delete user %lld? (yes/no)", (long long)a->id);
		if (!prompt_confirm(question))
			return crm_error_set(err, CRM_EINVALID, "cancelled: nothing was changed");
	}
	rc = user_delete(&ctx->crm, &ctx->session, a->id, heir, err);
	if (rc == CRM_OK)
		render_note(ctx, "user %lld deleted", (long long)a->id);
	if (rc == CRM_OK && ctx->out.format == OUT_JSON)
		printf("{\"id\": %lld, \"deleted\": true}\n", (long long)a->id);
	return rc;
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
	return render_list_end(&r, user_list_locked(&ctx->crm, &ctx->session, render_locked, &r, err));
}

static enum crm_code run_unlock(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	enum crm_code rc = user_unlock(&ctx->crm, &ctx->session, a->id, err);

	if (rc == CRM_OK && ctx->out.format == OUT_HUMAN)
		printf("user %lld can log in again\n", (long long)a->id);
	return rc;
}

static const struct cmd_option list_options[] = {
	{ "department", OPT_VALUE, "DEPT", "only Commercial, Support or Management", NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option create_options[] = {
	{ "employee-id", OPT_VALUE, "ID", "employee id, e.g. COM002", "Employee id", true,
	  check_employee_id },
	{ "name", OPT_VALUE, "NAME", "full name", "Name", true, check_name },
	{ "email", OPT_VALUE, "EMAIL", "email, used to log in", "Email", true, check_email },
	{ "department", OPT_VALUE, "DEPT", "Commercial, Support or Management", "Department",
	  true, check_department },
	{ "password-stdin", OPT_FLAG, NULL, "read the password from standard input", NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option update_options[] = {
	{ "employee-id", OPT_VALUE, "ID", "new employee id", "Employee id", false, check_employee_id },
	{ "name", OPT_VALUE, "NAME", "new name", "Name", false, check_name },
	{ "email", OPT_VALUE, "EMAIL", "new email", "Email", false, check_email },
	{ "department", OPT_VALUE, "DEPT", "new department", "Department", false, check_department },
	{ "password-stdin", OPT_FLAG, NULL, "set a new password, read from standard input",
	  NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

static const struct cmd_option delete_options[] = {
	{ "reassign-to", OPT_VALUE, "USER_ID", "give the user's clients, contracts and events "
	  "to this user of the same department", NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

const struct cmd_entry cmd_users_entries[] = {
	{ "users", "list", NULL, "list users (Management)", CMD_NEEDS_SESSION | CMD_LIST,
	  list_options, run_list },
	{ "users", "show", "ID", "show one user (Management)", CMD_NEEDS_SESSION, NULL, run_show },
	{ "users", "create", NULL, "create a user (Management)", CMD_NEEDS_SESSION,
	  create_options, run_create },
	{ "users", "update", "ID", "update a user (Management)", CMD_NEEDS_SESSION,
	  update_options, run_update },
	{ "users", "delete", "ID", "delete a user (Management)", CMD_NEEDS_SESSION,
	  delete_options, run_delete },
	{ "users", "locked", NULL, "emails refused after too many failed logins (Management)",
	  CMD_NEEDS_SESSION, NULL, run_locked },
	{ "users", "unlock", "ID", "let a locked-out user log in again (Management)",
	  CMD_NEEDS_SESSION, NULL, run_unlock },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};
