#include "doc/doc.h"

#include <string.h>

#include "cli/cmd.h"

/* Text for roff: backslashes and dashes escaped, a leading dot or quote
 * neutralised (it would start a request). */
static void roff(FILE *fp, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", fp);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", fp);
		else if (*s == '-')
			fputs("\\-", fp);
		else
			fputc(*s, fp);
	}
}

static void option_item(FILE *fp, const char *name, const char *metavar, const char *help)
{
	fputs(".TP\n\\fB\\-\\-", fp);
	roff(fp, name);
	fputs("\\fR", fp);
	if (metavar) {
		fputs(" \\fI", fp);
		roff(fp, metavar);
		fputs("\\fR", fp);
	}
	fputc('\n', fp);
	roff(fp, help);
	fputc('\n', fp);
}

static void entry_item(FILE *fp, const struct cmd_entry *e)
{
	char name[64];

	fputs(".TP\n\\fB", fp);
	roff(fp, cmd_name(e, name, sizeof name));
	fputs("\\fR", fp);
	if (e->positional) {
		fputs(" \\fI", fp);
		roff(fp, e->positional);
		fputs("\\fR", fp);
	}
	fputc('\n', fp);
	roff(fp, e->summary);
	fputs(".\n", fp);
	if (!(e->options && e->options[0].name) && !(e->flags & CMD_LIST))
		return;
	fputs(".RS\n", fp);
	for (int i = 0; e->options && e->options[i].name; i++) {
		const struct cmd_option *o = &e->options[i];
		option_item(fp, o->name, o->kind == OPT_VALUE ? o->metavar : NULL, o->help);
	}
	if (e->flags & CMD_LIST) {
		option_item(fp, "limit", "N", "at most N rows");
		option_item(fp, "offset", "N", "skip the first N rows");
	}
	fputs(".RE\n", fp);
}

/* Prose sections: ENVIRONMENT, FILES and so on, one .TP item a pair. */
struct doc_item {
	const char *term;
	const char *text;
};

static void items(FILE *fp, const struct doc_item *it)
{
	for (; it->term; it++) {
		fputs(".TP\n.B ", fp);
		roff(fp, it->term);
		fputc('\n', fp);
		roff(fp, it->text);
		fputc('\n', fp);
	}
}

static const struct doc_item environment[] = {
	{ "DATABASE_URL", "The database: postgresql://user:password@host:port/name, "
			  "sqlite:PATH or a path. --db takes precedence." },
	{ "DB_HOST, DB_PORT, DB_NAME, DB_USERNAME, DB_PASSWORD",
	  "The original project's PostgreSQL settings, used when DATABASE_URL is not set." },
	{ "EPICEVENTS_SERVER", "Send every command to this epicevents serve instead of "
			       "opening a database (as --server): https://, or http:// to "
			       "this machine only." },
	{ "EPICEVENTS_CA_FILE", "PEM certificates to trust for the server's TLS certificate "
				"instead of the system's (a private authority)." },
	{ "EPICEVENTS_TOKEN_FILE", "Where the session token is kept (default "
				   "~/.epic_events_token)." },
	{ "EPICEVENTS_LISTEN", "serve's address when --listen is not given "
			       "(default 127.0.0.1:8080)." },
	{ "JWT_SECRET_KEY", "The key that signs session tokens, at least 32 bytes (the "
			    "original project's setting); without it, a random key made once "
			    "per database and kept in it." },
	{ "SENTRY_DSN", "Report unexpected errors and crashes to this Sentry project "
			"(never a password, token or secret); ENVIRONMENT and APP_VERSION "
			"tag the events." },
	{ "NO_COLOR", "No colours in tables and messages." },
	{ "PAGER", "The pager for long output in the shell." },
	{ "TZ", "The time zone dates are shown and typed in." },
	{ NULL, NULL },
};

static const struct doc_item files[] = {
	{ ".env", "In the current directory: the variables above, read after the "
		  "environment; refused when another user can write it." },
	{ "~/.epic_events_token", "The session token (mode 0600) and, with --server, the "
				  "server it belongs to." },
	{ "~/.local/share/epicevents/epicevents.db", "The database when none is named "
						     "($XDG_DATA_HOME/epicevents when set)." },
	{ "~/.local/state/epicevents/", "The shell's history (never a line with a password) "
					"and the outbox of Sentry events not sent yet "
					"($XDG_STATE_HOME/epicevents when set)." },
	{ NULL, NULL },
};

static const struct doc_item examples[] = {
	{ "epicevents db init --demo", "Create a demo database with its three users." },
	{ "epicevents login --email bill.boquet@epic.com",
	  "Log in (the password is asked for without echo)." },
	{ "epicevents clients list --search casey", "Find a client." },
	{ "epicevents --json contracts unpaid", "The contracts with an amount remaining, for a "
						"program." },
	{ "epicevents events assign 3 --support 2", "Give an event to a Support user." },
	{ "epicevents serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem",
	  "Serve the JSON API over HTTPS." },
	{ "EPICEVENTS_SERVER=https://crm.example.com epicevents whoami",
	  "Use that server instead of a database: no database password on this machine." },
	{ NULL, NULL },
};

void doc_man(FILE *fp, const char *version)
{
	fputs(".TH EPICEVENTS 1 \"\" \"epicevents ", fp);
	roff(fp, version);
	fputs("\" \"User Commands\"\n"
	      ".SH NAME\n"
	      "epicevents \\- the customer\\-relationship manager of Epic Events\n"
	      ".SH SYNOPSIS\n"
	      ".B epicevents\n"
	      "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]\n"
	      ".br\n"
	      ".B epicevents\n"
	      "[\\fIGLOBAL OPTIONS\\fR]\n"
	      ".SH DESCRIPTION\n"
	      "Clients, contracts and events of an event company, for its sales (Commercial),\n"
	      "event support (Support) and management (Management) staff, over one shared\n"
	      "SQLite or PostgreSQL database, or through an\n"
	      ".B epicevents serve\n"
	      "(the JSON API) so that no laptop holds the database password.\n"
	      "Each department may do what its role allows; everything that changes data is\n"
	      "written to a journal.\n"
	      ".PP\n"
	      "Without a command, epicevents opens an interactive shell: the same commands,\n"
	      "with completion, history and questions for what a command misses.\n"
	      "Commands and verbs may be shortened to an unambiguous prefix.\n"
	      ".SH GLOBAL OPTIONS\n", fp);
	for (const struct cmd_global_option *g = cmd_global_options; g->usage; g++) {
		fputs(".TP\n.B ", fp);
		roff(fp, g->usage);
		fputc('\n', fp);
		roff(fp, g->help ? g->help : "the version, or this help");
		fputc('\n', fp);
	}
	fputs(".SH COMMANDS\n.SS Session and server\n", fp);
	for (const struct cmd_entry *e = cmd_top_entries; e->verb; e++)
		entry_item(fp, e);
	for (int i = 0; cmd_nouns[i]; i++) {
		fputs(".SS ", fp);
		roff(fp, cmd_noun_names[i]);
		fputc('\n', fp);
		for (const struct cmd_entry *e = cmd_nouns[i]; e->verb; e++)
			entry_item(fp, e);
	}
	fputs(".SH OUTPUT\n"
	      "Tables for people; with \\fB\\-\\-json\\fR a JSON array (lists) or object,\n"
	      "with \\fB\\-\\-csv\\fR RFC 4180 CSV with a header line. Amounts have two\n"
	      "decimals; instants are RFC 3339 in UTC for programs and local time for people.\n"
	      "Errors are one line on standard error, starting \"epicevents: \".\n"
	      ".SH THE SERVER\n"
	      ".B epicevents serve\n"
	      "answers the JSON API described by its OpenAPI document\n"
	      "(\\fB/api/v1/openapi.json\\fR), with the same rules as the command line,\n"
	      "\\fB/healthz\\fR, \\fB/readyz\\fR and \\fB/metrics\\fR (Prometheus).\n"
	      "It reads the database from \\fBDATABASE_URL\\fR, logs one line per request\n"
	      "on standard error (never a password, token or query value), and stops\n"
	      "gracefully on SIGTERM. Without TLS it listens on loopback only unless told\n"
	      "otherwise, and warns when it does.\n"
	      ".SH ENVIRONMENT\n", fp);
	items(fp, environment);
	fputs(".SH FILES\n", fp);
	items(fp, files);
	fputs(".SH EXIT STATUS\n", fp);
	for (int i = 0; cmd_exit_codes[i].meaning; i++)
		fprintf(fp, ".TP\n.B %d\n%s\n", cmd_exit_codes[i].code, cmd_exit_codes[i].meaning);
	fputs(".SH EXAMPLES\n", fp);
	items(fp, examples);
	fputs(".SH SEE ALSO\n"
	      ".BR psql (1),\n"
	      ".BR sqlite3 (1)\n", fp);
}
