/* db: init, migrate. */
#include <stdio.h>

#include "cli/cmd.h"
#include "cli/prompt.h"
#include "cli/render.h"
#include "store/migrate.h"
#include "util/xalloc.h"

static enum crm_code run_init(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	struct admin_input admin = {
		.email = cmd_arg(a, "admin-email"),
		.name = cmd_arg(a, "admin-name"),
		.employee_id = cmd_arg(a, "admin-employee-id"),
	};
	bool want_admin = admin.email || admin.name || admin.employee_id;
	char *password = NULL;
	const char *note = NULL;
	enum crm_code rc;

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
	rc = crm_db_init(&ctx->crm, cmd_flag(a, "demo"), want_admin ? &admin : NULL, &note, err);
	xfree_secret(password);
	if (rc == CRM_OK)
		printf("%s (schema version %d)\n", note, migrate_latest());
	return rc;
}

static enum crm_code run_migrate(struct cmd_ctx *ctx, struct cmd_args *a, struct crm_error *err)
{
	int from = 0, to = 0;
	enum crm_code rc = crm_db_migrate(&ctx->crm, &from, &to, err);

	(void)a;
	if (rc)
		return rc;
	if (from == to)
		printf("database schema is up to date (version %d)\n", to);
	else if (from < 0)
		printf("adopted the original project's database: schema version %d\n", to);
	else
		printf("migrated the database schema from version %d to %d\n", from, to);
	return CRM_OK;
}

static const struct cmd_option init_options[] = {
	{ "demo", OPT_FLAG, NULL, "load the demo data into a database without users", NULL, false, NULL },
	{ "admin-email", OPT_VALUE, "EMAIL", "create a first Management user with this email",
	  NULL, false, NULL },
	{ "admin-name", OPT_VALUE, "NAME", "its name", NULL, false, NULL },
	{ "admin-employee-id", OPT_VALUE, "ID", "its employee id", NULL, false, NULL },
	{ "password-stdin", OPT_FLAG, NULL, "read its password from standard input", NULL, false, NULL },
	{ NULL, 0, NULL, NULL, NULL, false, NULL },
};

const struct cmd_entry cmd_db_entries[] = {
	{ "db", "init", NULL, "create or upgrade the schema; never deletes data", CMD_SETUP,
	  init_options, run_init },
	{ "db", "migrate", NULL, "upgrade the schema (adopts the original project's database)",
	  CMD_SETUP, NULL, run_migrate },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL },
};
