/* db: init, migrate. */
#include <stdio.h>

#include "cli/cmd.h"
#include "cli/prompt.h"
#include "cli/render.h"
#include "store/migrate.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static enum crm_code run_init(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct admin_input admin = { 0 };
	bool want_admin;
	char *password = NULL;
	const char *note = NULL;
	enum crm_code rc;

	cmd_bind(a, &admin);
	want_admin = admin.email || admin.name || admin.employee_id;

	if (want_admin) {
		if (!cmd_flag(a, "password-stdin") && !ctx->interactive)
			return crm_error_set(err, CRM_EINVALID,
					     "the first manager needs a password: use --password-stdin");
		rc = prompt_password("Password for the first manager", cmd_flag(a, "password-stdin"),
				     &password, err);
		if (rc)
			return rc;
		admin.password = password;
	}
	rc = crm_db_init(ctx->crm, cmd_flag(a, "demo"), want_admin ? &admin : NULL, &note, err);
	xfree_secret(password);
	if (rc == CRM_OK)
		printf(_("%s (schema version %d)\n"), _(note), migrate_latest());
	return rc;
}

static enum crm_code run_migrate(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	int from = 0, to = 0;
	enum crm_code rc = crm_db_migrate(ctx->crm, &from, &to, err);

	(void)a;
	if (rc)
		return rc;
	if (from == to)
		printf(_("database schema is up to date (version %d)\n"), to);
	else if (from < 0)
		printf(_("adopted the original project's database: schema version %d\n"), to);
	else
		printf(_("migrated the database schema from version %d to %d\n"), from, to);
	return CRM_OK;
}

static const struct cmd_option init_options[] = {
	{ .name = "demo", .kind = OPT_FLAG,
	  .help = N_("load the demo data into a database without users") },
	{ .name = "admin-email", .kind = OPT_VALUE, .metavar = "EMAIL",
	  .help = N_("create a first Management user with this email"),
	  .field = CMD_FIELD(struct admin_input, email) },
	{ .name = "admin-name", .kind = OPT_VALUE, .metavar = "NAME", .help = N_("its name"),
	  .field = CMD_FIELD(struct admin_input, name) },
	{ .name = "admin-employee-id", .kind = OPT_VALUE, .metavar = "ID",
	  .help = N_("its employee id"), .field = CMD_FIELD(struct admin_input, employee_id) },
	{ .name = "password-stdin", .kind = OPT_FLAG,
	  .help = N_("read its password from standard input") },
	{ 0 },
};

const struct cmd_entry cmd_db_entries[] = {
	{ .noun = "db", .verb = "init",
	  .summary = N_("create or upgrade the schema; never deletes data"), .flags = CMD_SETUP,
	  .options = init_options, .run = run_init },
	{ .noun = "db", .verb = "migrate",
	  .summary = N_("upgrade the schema (adopts the original project's database)"),
	  .flags = CMD_SETUP, .run = run_migrate },
	{ 0 },
};
