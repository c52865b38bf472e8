/*
 * main.c — the one-shot front end: `epicevents [GLOBAL] COMMAND ...`.
 *
 * Reads the global options, the configuration and the command, runs it
 * through the command table, prints the error line, reports unexpected
 * errors to Sentry, and turns the result into the exit code. With no
 * command, hands over to the interactive shell.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/render.h"
#include "cli/shell.h"
#include "report/sentry.h"
#include "util/config.h"
#include "util/curl-api.h"
#include "util/i18n.h"
#include "util/tz-cache.h"
#include "util/tz.h"
#include "util/xalloc.h"
#include "version.h"

struct globals {
	const char *db;
	const char *server;
	bool json, csv, no_color, version, help;
};

/* Leading global options; returns the index of the first other word. */
static int parse_globals(int argc, char **argv, struct globals *g,
			 struct crm_error *err)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			g->json = true;
		} else if (strcmp(a, "--csv") == 0) {
			g->csv = true;
		} else if (strcmp(a, "--no-color") == 0) {
			g->no_color = true;
		} else if (strcmp(a, "--version") == 0) {
			g->version = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			g->help = true;
		} else if (strcmp(a, "--db") == 0) {
			if (i + 1 >= argc) {
				crm_error_set(err, CRM_EINVALID, "option '--db' needs a value");
				return -1;
			}
			g->db = argv[++i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			g->db = a + 5;
		} else if (strcmp(a, "--server") == 0) {
			if (i + 1 >= argc) {
				crm_error_set(err, CRM_EINVALID, "option '--server' needs a value");
				return -1;
			}
			g->server = argv[++i];
		} else if (strncmp(a, "--server=", 9) == 0) {
			g->server = a + 9;
		} else if (a[0] == '-' && a[1] != '\0') {
			crm_error_set(err, CRM_EINVALID, "unknown option '%s': see 'epicevents --help'", a);
			return -1;
		} else {
			break;
		}
	}
	return i;
}

static void notify_sentry(void *ctx, const char *action_type,
			  const struct session *actor, int64_t entity_id)
{
	struct sentry *s = ctx;
	char message[128];

	struct sentry_actor who = { actor->user_id, department_name(actor->dept) };

	snprintf(message, sizeof message, "%s: id %lld", action_type, (long long)entity_id);
	sentry_capture_message(s, &who, message, action_type);
}

/* Every user can read a process's arguments (ps, /proc/PID/cmdline): once
 * the configuration holds its own copy, a --db value with a password is
 * overwritten in place. */
static void hide_db_password(const char *db_argument)
{
	if (db_argument && config_url_has_password(db_argument))
		memset((char *)db_argument, 'x', strlen(db_argument));
}

/* A core file would hold the token key, session tokens and whatever
 * password was being checked; crashes are reported to Sentry instead. */
static void disable_core_files(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
}

static int finish_output(int code)
{
	/* A full disk or a closed pipe is an error, not silent success. */
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (code == 0) {
			fprintf(stderr, _("epicevents: cannot write output: %s\n"), strerror(errno));
			return CRM_EINTERNAL;
		}
	}
	return code;
}

int main(int argc, char **argv)
{
	struct globals g = { 0 };
	struct crm_error err = { 0 };
	struct config cfg = { 0 };
	struct cmd_ctx ctx = { 0 };
	struct tz *zone = NULL;
	struct cmd_args args = { 0 };
	const struct cmd_entry *entry = NULL;
	struct sentry *sentry = NULL;
	char command_name[64] = "";
	int first, used = 0;
	enum crm_code rc;

	disable_core_files();
	i18n_init();
	first = parse_globals(argc, argv, &g, &err);
	if (first < 0) {
		render_error(&err);
		return CRM_EINVALID;
	}
	if (g.version) {
		printf("epicevents %s\n", EPICEVENTS_VERSION);
		return finish_output(CRM_OK);
	}
	if (g.help || (first < argc && strcmp(argv[first], "help") == 0)) {
		int skip = g.help ? 0 : 1;
		struct crm_error herr;
		if (cmd_print_help(stdout, argc - first - skip, argv + first + skip, &herr)) {
			render_error(&herr);
			return CRM_EINVALID;
		}
		return finish_output(CRM_OK);
	}
	if (g.json && g.csv) {
		fprintf(stderr, _("epicevents: --json and --csv exclude each other\n"));
		return CRM_EINVALID;
	}

	ctx.out.fp = stdout;
	ctx.out.format = g.json ? OUT_JSON : g.csv ? OUT_CSV : OUT_HUMAN;
	ctx.out.color = !g.no_color && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	ctx.interactive = isatty(STDIN_FILENO);
	if (isatty(STDOUT_FILENO)) {
		/* Rows wider than the terminal switch to one field per line. */
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			ctx.out.width = ws.ws_col;
	}

	if (first < argc) {
		rc = cmd_lookup(argc - first, argv + first, &entry, &used, &err);
		if (rc == CRM_OK)
			rc = cmd_parse_args(entry, argc - first - used, argv + first + used,
					    &ctx, &args, &err);
		if (rc) {
			render_error(&err);
			return rc;
		}
		if (ctx.out.format == OUT_JSON && g.csv) {
			fprintf(stderr, _("epicevents: --json and --csv exclude each other\n"));
			return CRM_EINVALID;
		}
		cmd_name(entry, command_name, sizeof command_name);
		if (g.server && entry->run == cmd_run_serve) {
			fprintf(stderr, _("epicevents: 'serve' runs next to its database: "
				  "--server is for the other commands\n"));
			cmd_args_free(&args);
			return CRM_EINVALID;
		}
	}

	rc = config_load(&cfg, ctx.db_option ? ctx.db_option : g.db, g.server, &err);
	hide_db_password(g.db);
	hide_db_password(ctx.db_option);
	if (rc) {
		render_error(&err);
		cmd_args_free(&args);
		return rc;
	}
	{
		char *outbox = xasprintf("%s/outbox", cfg.state_dir);
		struct sentry_config sc = {
			.dsn = cfg.sentry_dsn,
			.environment = cfg.environment,
			.release = getenv("APP_VERSION") ? cfg.app_version : NULL,
			.outbox_dir = outbox,
		};
		struct crm_error serr;
		if (sentry_open(&sentry, &sc, &serr) != CRM_OK)
			fprintf(stderr, _("epicevents: warning: %s; errors are not reported\n"), serr.msg);
		free(outbox);
	}
	sentry_install_crash_handler(sentry);
	sentry_test_crash_if_requested();

	ctx.cfg = &cfg;
	/* A one-seat program reads and shows times in its user's zone (TZ,
	 * else /etc/localtime): given to crm/ and the formatter, never set for
	 * the process. */
	{
		struct crm_error zerr;
		if (tz_load_default(&zone, &zerr) != CRM_OK)
			zone = NULL; /* UTC */
	}
	ctx.out.zone = zone;
	ctx.crm_opt.zone = zone;
	/* Events created without --timezone: EPICEVENTS_TIMEZONE (checked
	 * when used: a bad name is that command's error), else the system's
	 * zone when it has an IANA name, else UTC. */
	{
		const char *env = getenv("EPICEVENTS_TIMEZONE");
		const struct tz *named;

		if (env && *env)
			ctx.crm_opt.timezone = env;
		else if (zone && tz_cache_get(&named, tz_name(zone), NULL) == CRM_OK)
			ctx.crm_opt.timezone = tz_name(named);
		else
			ctx.crm_opt.timezone = "UTC";
	}
	ctx.sentry = sentry;
	ctx.crm_opt.jwt_secret = cfg.jwt_secret;
	ctx.crm_opt.notify = sentry ? notify_sentry : NULL;
	ctx.crm_opt.notify_ctx = sentry;

	if (entry) {
		rc = cmd_execute(&ctx, &args, &err);
		if (rc) {
			render_error(&err);
			if (rc == CRM_EINTERNAL) {
				struct sentry_actor actor = cmd_sentry_actor(&ctx);
				sentry_capture_error(sentry, &actor, command_name, rc, err.msg);
			}
		}
	} else {
		rc = shell_run(&ctx);
	}

	cmd_ctx_close(&ctx);
	cmd_args_free(&args);
	/* Output first: a slow Sentry must not hold back a pipe's reader. */
	rc = finish_output(rc);
	sentry_flush(sentry, 2000);
	sentry_close(sentry);
	curl_api_global_cleanup();
	config_free(&cfg);
	tz_free(zone);
	return rc;
}
