/* login, logout, whoami (and help, run by the front ends themselves). */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cmd.h"
#include "cli/prompt.h"
#include "cli/render.h"
#include "report/sentry.h"
#include "sec/tokenfile.h"
#include "util/xalloc.h"

static const struct out_column whoami_columns[] = {
	{ "id", "ID", OUT_INT },
	{ "employee_id", "Employee id", OUT_TEXT },
	{ "name", "Name", OUT_TEXT },
	{ "email", "Email", OUT_TEXT },
	{ "department", "Department", OUT_TEXT },
};

static enum crm_code print_session(struct cmd_ctx *ctx, struct crm_error *err)
{
	const struct session *s = &ctx->session;
	struct out_value v[] = {
		out_num(s->user_id),
		out_text(s->employee_id),
		out_text(s->name),
		out_text(s->email),
		out_text(department_name(s->dept)),
	};
	return out_record(&ctx->out, whoami_columns, OUT_NCOLS(whoami_columns), v, err);
}

static enum crm_code run_login(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	const char *email = cmd_arg(a, "email");
	char *asked = NULL, *password = NULL, *token = NULL;
	bool from_stdin = cmd_flag(a, "password-stdin");
	enum crm_code rc = CRM_OK;

	if (!email) {
		if (!ctx->interactive)
			return crm_error_set(err, CRM_EINVALID,
					     "'login' needs --email (asked for only on a terminal)");
		rc = prompt_line("Email", NULL, &asked, err);
		email = asked;
	}
	if (rc == CRM_OK && !from_stdin && !ctx->interactive)
		rc = crm_error_set(err, CRM_EINVALID,
				   "cannot ask for a password without a terminal: use --password-stdin");
	if (rc == CRM_OK)
		rc = prompt_password("Password", from_stdin, &password, err);
	if (rc == CRM_OK)
		rc = auth_login(&ctx->crm, email, password, &token, &ctx->session, err);
	if (rc == CRM_OK)
		rc = tokenfile_write(ctx->cfg->token_file, token, err);
	if (rc == CRM_OK) {
		ctx->has_session = true;
		sentry_set_user(ctx->sentry, ctx->session.user_id,
				department_name(ctx->session.dept));
		if (ctx->out.format == OUT_HUMAN)
			printf("logged in as %s (%s)\n", ctx->session.name,
			       department_name(ctx->session.dept));
		else
			rc = print_session(ctx, err);
	}
	xfree_secret(token);
	xfree_secret(password);
	free(asked);
	return rc;
}

static enum crm_code run_logout(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	enum crm_code rc = tokenfile_remove(ctx->cfg->token_file, err);

	(void)a;
	ctx->has_session = false;
	if (rc == CRM_OK && ctx->out.format == OUT_HUMAN)
		printf("logged out\n");
	return rc;
}

static enum crm_code run_whoami(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	(void)a;
	return print_session(ctx, err);
}

static enum crm_code run_help(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	(void)ctx;
	(void)a;
	(void)err;
	cmd_print_help(stdout, 0, NULL);
	return CRM_OK;
}

static const struct cmd_option login_options[] = {
	{ "email", OPT_VALUE, "EMAIL", "your email (asked for when missing)", NULL, false, NULL },
	{ "password-stdin", OPT_FLAG, NULL, "read the password from standard input", NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

const struct cmd_entry cmd_top_entries[] = {
	{ NULL, "login", NULL, "log in (the session lasts 24 hours)", CMD_NEEDS_DB, login_options,
	  run_login },
	{ NULL, "logout", NULL, "log out: forget the session token", 0, NULL, run_logout },
	{ NULL, "whoami", NULL, "who is logged in", CMD_NEEDS_SESSION, NULL, run_whoami },
	{ NULL, "help", NULL, "this help; 'help COMMAND' for one command", 0, NULL, run_help },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};
