/* login, logout, whoami (and help, run by the front ends themselves). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/prompt.h"
#include "cli/render.h"
#include "remote/remote.h"
#include "report/sentry.h"
#include "sec/tokenfile.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* The token, with the server's URL when the handle is a server's. */
static enum crm_code keep_token(struct cmd_ctx *ctx, const char *token, struct crm_error *err)
{
	return tokenfile_write_server(ctx->cfg->token_file, token,
				      remote_is(ctx->crm) ? remote_url(ctx->crm) : NULL, err);
}

static enum crm_code print_session(struct cmd_ctx *ctx, struct crm_error *err)
{
	struct out_value v[RECORD_MAX_FIELDS];

	record_session_values(&ctx->session, v);
	return out_record(&ctx->out, record_session.columns, record_session.ncolumns, v,
			  err);
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
		rc = auth_login(ctx->crm, email, password, &token, &ctx->session, err);
	if (rc == CRM_OK)
		rc = keep_token(ctx, token, err);
	if (rc == CRM_OK) {
		ctx->has_session = true;
		struct sentry_actor actor = cmd_sentry_actor(ctx);
		sentry_crash_set_user(ctx->sentry, &actor);
		if (ctx->out.format == OUT_HUMAN)
			printf(_("logged in as %s (%s)\n"), ctx->session.name,
			       C_("department", department_name(ctx->session.dept)));
		else
			rc = print_session(ctx, err);
	}
	xfree_secret(token);
	xfree_secret(password);
	free(asked);
	return rc;
}

static const struct cmd_entry cmd_logout_all_entry;

static enum crm_code run_logout(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	enum crm_code rc = CRM_OK;

	if (cmd_flag(a, "all")) {
		/* Needs the session (and so the database), which plain logout does not. */
		struct cmd_args session_args = { .entry = &cmd_logout_all_entry };
		rc = cmd_execute(ctx, &session_args, err);
		if (rc)
			return rc;
	}
	rc = tokenfile_remove(ctx->cfg->token_file, err);
	ctx->has_session = false;
	if (rc == CRM_OK && ctx->out.format == OUT_HUMAN)
		fputs(cmd_flag(a, "all") ? _("logged out everywhere\n") : _("logged out\n"), stdout);
	return rc;
}

static enum crm_code run_revoke_all(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	(void)a;
	return auth_revoke_all(ctx->crm, &ctx->session, err);
}

/* The session half of `logout --all`, run through cmd_execute so that it
 * gets the database and the session like any command. */
static const struct cmd_entry cmd_logout_all_entry = {
	.verb = "logout", .summary = N_("log out everywhere"), .flags = CMD_NEEDS_SESSION,
	.run = run_revoke_all,
};

static enum crm_code run_passwd(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	bool from_stdin = cmd_flag(a, "password-stdin");
	char *old = NULL, *fresh = NULL, *again = NULL, *token = NULL;
	enum crm_code rc;

	if (!from_stdin && !ctx->interactive)
		return crm_error_set(err, CRM_EINVALID,
				     "cannot ask for passwords without a terminal: use --password-stdin "
				     "(current and new password, one per line)");
	rc = prompt_password("Current password", from_stdin, &old, err);
	if (rc == CRM_OK)
		rc = prompt_password("New password", from_stdin, &fresh, err);
	if (rc == CRM_OK && !from_stdin) {
		rc = prompt_password("Repeat the new password", false, &again, err);
		if (rc == CRM_OK && strcmp(fresh, again) != 0)
			rc = crm_error_set(err, CRM_EINVALID, "the two passwords differ: nothing was changed");
	}
	if (rc == CRM_OK)
		rc = auth_change_password(ctx->crm, &ctx->session, old, fresh, &token, err);
	if (rc == CRM_OK)
		rc = keep_token(ctx, token, err);
	if (rc == CRM_OK && ctx->out.format == OUT_HUMAN)
		fputs(_("password changed; your other sessions were logged out\n"), stdout);
	xfree_secret(old);
	xfree_secret(fresh);
	xfree_secret(again);
	xfree_secret(token);
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
	return cmd_print_help(stdout, 0, NULL, err);
}

static const struct cmd_option login_options[] = {
	{ .name = "email", .kind = OPT_VALUE, .metavar = "EMAIL",
	  .help = N_("your email (asked for when missing)") },
	{ .name = "password-stdin", .kind = OPT_FLAG,
	  .help = N_("read the password from standard input") },
	{ 0 },
};

static const struct cmd_option logout_options[] = {
	{ .name = "all", .kind = OPT_FLAG, .help = N_("also end every other session of yours") },
	{ 0 },
};

static const struct cmd_option passwd_options[] = {
	{ .name = "password-stdin", .kind = OPT_FLAG,
	  .help = N_("read the current then the new password from standard " "input, one per line") },
	{ 0 },
};

const struct cmd_entry cmd_top_entries[] = {
	{ .verb = "login", .summary = N_("log in (the session lasts 24 hours)"), .flags = CMD_NEEDS_DB,
	  .options = login_options, .run = run_login },
	{ .verb = "logout", .summary = N_("log out: forget the session token"),
	  .options = logout_options, .run = run_logout },
	{ .verb = "passwd", .summary = N_("change your password"),
	  .flags = CMD_NEEDS_SESSION | CMD_SECRET, .options = passwd_options, .run = run_passwd },
	{ .verb = "whoami", .summary = N_("who is logged in"), .flags = CMD_NEEDS_SESSION,
	  .run = run_whoami },
	{ .verb = "serve", .summary = N_("serve the JSON API (and later the web page) over HTTP"),
	  .options = cmd_serve_options, .run = cmd_run_serve },
	{ .verb = "help", .summary = N_("this help; 'help COMMAND' for one command"), .run = run_help },
	{ 0 },
};
