#include "cli/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/prompt.h"
#include "remote/remote.h"
#include "report/sentry.h"
#include "sec/tokenfile.h"
#include "store/db.h"
#include "store/migrate.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* Nouns in the order help lists them; top-level verbs have noun NULL. */
const char *const cmd_noun_names[] = {
	"clients", "contracts", "payments", "events", "calendar", "users", "audit", "db", NULL,
};
const struct cmd_entry *const cmd_nouns[] = {
	cmd_clients_entries, cmd_contracts_entries, cmd_payments_entries, cmd_events_entries,
	cmd_calendar_entries, cmd_users_entries, cmd_audit_entries, cmd_db_entries, NULL,
};

/* main.c parses these; help, the man page and the completions list them. */
const struct cmd_global_option cmd_global_options[] = {
	{ "--db URL", N_("postgresql://user:pass@host:port/name, sqlite:PATH or a path") },
	{ "--server URL", N_("send every command to an 'epicevents serve' (also "
			     "EPICEVENTS_SERVER): https://, or http:// to this machine") },
	{ "--json, --csv", N_("output for programs") },
	{ "--no-color", N_("no colours (also NO_COLOR, or when not a terminal)") },
	{ "--version, --help", NULL },
	{ 0 },
};

/* SPEC.md's exit codes. */
const struct cmd_exit_code cmd_exit_codes[] = {
	{ 0, N_("ok") },
	{ 1, N_("unexpected error") },
	{ 2, N_("usage or invalid input") },
	{ 3, N_("not logged in") },
	{ 4, N_("permission denied") },
	{ 5, N_("not found") },
	{ 6, N_("conflict with stored data") },
	{ 0, NULL },
};

const char *cmd_name(const struct cmd_entry *e, char *buf, size_t size)
{
	if (e->noun)
		snprintf(buf, size, "%s %s", e->noun, e->verb);
	else
		snprintf(buf, size, "%s", e->verb);
	return buf;
}

/* Levenshtein distance, for "did you mean". Words here are short. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

/* Every word a user may type first. */
static size_t first_words(const char **words, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; cmd_noun_names[i] && n < max; i++)
		words[n++] = cmd_noun_names[i];
	for (size_t i = 0; cmd_top_entries[i].verb && n < max; i++)
		words[n++] = cmd_top_entries[i].verb;
	return n;
}

static const char *nearest(const char *word, const char **candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = 3; /* suggest only close words */

	for (size_t i = 0; i < n; i++) {
		size_t d = edit_distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}

enum crm_code cmd_find_noun(const char *word, const struct cmd_entry **out,
			    const char **out_name, struct crm_error *err)
{
	int match = -1, count = 0;

	for (int i = 0; cmd_noun_names[i]; i++) {
		if (strcmp(cmd_noun_names[i], word) == 0) {
			match = i;
			count = 1;
			break;
		}
		if (strncmp(cmd_noun_names[i], word, strlen(word)) == 0) {
			match = i;
			count++;
		}
	}
	if (count == 1) {
		*out = cmd_nouns[match];
		*out_name = cmd_noun_names[match];
		return CRM_OK;
	}
	return crm_error_set(err, CRM_EINVALID, "unknown command '%s'", word);
}

enum crm_code cmd_find_verb(const struct cmd_entry *entries, const char *noun,
			    const char *word, const struct cmd_entry **out,
			    struct crm_error *err)
{
	const struct cmd_entry *match = NULL;
	const char *verbs[32];
	size_t nverbs = 0;
	int count = 0;

	for (const struct cmd_entry *e = entries; e->verb; e++) {
		if (nverbs < 32)
			verbs[nverbs++] = e->verb;
		if (strcmp(e->verb, word) == 0) {
			*out = e;
			return CRM_OK;
		}
		if (*word && strncmp(e->verb, word, strlen(word)) == 0) {
			match = e;
			count++;
		}
	}
	if (count == 1) {
		*out = match;
		return CRM_OK;
	}
	if (count > 1)
		return crm_error_set(err, CRM_EINVALID, "'%s %s' is ambiguous: see 'epicevents help %s'",
				     noun ? noun : "", word, noun ? noun : "");
	{
		const char *near = nearest(word, verbs, nverbs);
		if (near && noun)
			return crm_error_set(err, CRM_EINVALID,
					     "unknown command '%s %s': did you mean '%s %s'?",
					     noun, word, noun, near);
		if (noun)
			return crm_error_set(err, CRM_EINVALID,
					     "unknown command '%s %s': see 'epicevents help %s'",
					     noun, word, noun);
	}
	return crm_error_set(err, CRM_EINVALID, "unknown command '%s'", word);
}

enum crm_code cmd_lookup(int nwords, char **words, const struct cmd_entry **out,
			 int *used, struct crm_error *err)
{
	/* Set by cmd_find_noun on success only: -O3 with TSan cannot see that. */
	const struct cmd_entry *entries = NULL;
	const char *noun = NULL;
	const char *all[32];
	size_t n;

	if (nwords < 1)
		return crm_error_set(err, CRM_EINVALID, "no command: see 'epicevents help'");
	for (const struct cmd_entry *e = cmd_top_entries; e->verb; e++) {
		if (strcmp(e->verb, words[0]) == 0) {
			*out = e;
			*used = 1;
			return CRM_OK;
		}
	}
	if (cmd_find_noun(words[0], &entries, &noun, err) == CRM_OK) {
		if (nwords < 2)
			return crm_error_set(err, CRM_EINVALID,
					     "'%s' needs a command: see 'epicevents help %s'",
					     noun, noun);
		*used = 2;
		return cmd_find_verb(entries, noun, words[1], out, err);
	}
	n = first_words(all, 32);
	{
		const char *near = nearest(words[0], all, n);
		if (near)
			return crm_error_set(err, CRM_EINVALID,
					     "unknown command '%s': did you mean '%s'?", words[0], near);
	}
	return crm_error_set(err, CRM_EINVALID,
			     "unknown command '%s': see 'epicevents help'", words[0]);
}

/* ---- prompting for missing fields ----------------------------------- */

static enum crm_code ask_field(const struct cmd_option *opt, char **out,
			       struct crm_error *err)
{
	for (;;) {
		enum crm_code rc = prompt_line(_(opt->prompt), NULL, out, err);
		if (rc)
			return rc;
		if (!**out && !opt->required)
			return CRM_OK;
		if (!opt->check)
			return CRM_OK;
		rc = opt->check(*out, err);
		if (rc == CRM_OK)
			return CRM_OK;
		fprintf(stderr, "  %s\n", err->msg);
		free(*out);
		*out = NULL;
	}
}

enum crm_code cmd_complete_fields(struct cmd_ctx *ctx, struct cmd_args *args,
				  struct crm_error *err)
{
	const struct cmd_entry *e = args->entry;

	if (!e->options)
		return CRM_OK;
	for (int i = 0; e->options[i].name; i++) {
		const struct cmd_option *opt = &e->options[i];
		enum crm_code rc;

		if (!opt->prompt || args->given[i])
			continue;
		if (!opt->required && !ctx->in_shell)
			continue;
		if (!ctx->interactive) {
			char name[64];
			if (!opt->required)
				continue;
			return crm_error_set(err, CRM_EINVALID,
					     "'%s' needs --%s (asked for only on a terminal)",
					     cmd_name(e, name, sizeof name), opt->name);
		}
		rc = ask_field(opt, &args->owned[i], err);
		if (rc)
			return rc;
		if (*args->owned[i]) {
			args->values[i] = args->owned[i];
			args->given[i] = true;
		}
	}
	return CRM_OK;
}

/* ---- running -------------------------------------------------------- */

/* mkdir -p for the default database's folder, private to the user. */
static enum crm_code make_parent_dirs(const char *path, struct crm_error *err)
{
	char *copy = xstrdup(path);
	enum crm_code rc = CRM_OK;

	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			rc = crm_error_set(err, CRM_EINTERNAL, "cannot create '%s': %s",
					   copy, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(copy);
	return rc;
}

static enum crm_code open_database(struct cmd_ctx *ctx, bool check_version,
				   struct crm_error *err)
{
	enum crm_code rc;

	if (!ctx->crm && ctx->cfg->server_url) {
		/* The server checks its own schema (GET /readyz). */
		ctx->crm = crm_open_remote(ctx->cfg->server_url, ctx->cfg->ca_file, &ctx->crm_opt,
					   err);
		if (!ctx->crm)
			return err->code;
	}
	if (remote_is(ctx->crm))
		return CRM_OK;
	if (!ctx->crm) {
		struct db *db;
		if (ctx->cfg->db_is_default) {
			rc = make_parent_dirs(ctx->cfg->db_url + strlen("sqlite:"), err);
			if (rc)
				return rc;
		}
		rc = db_open(&db, ctx->cfg->db_url, err);
		if (rc)
			return crm_error_prefix(err, "database (from %s)", ctx->cfg->db_source);
		ctx->crm = crm_open_local(db, true, &ctx->crm_opt);
	}
	return check_version ? crm_schema_check(ctx->crm, err) : CRM_OK;
}

/* The token file's token, for the handle's backend: a server's token holds
 * that server's URL (tokenfile.h); a database's, none. */
static enum crm_code read_token(struct cmd_ctx *ctx, char **token, struct crm_error *err)
{
	char *server = NULL;
	enum crm_code rc;

	if (!remote_is(ctx->crm))
		return tokenfile_read(token, ctx->cfg->token_file, err);
	rc = tokenfile_read_server(token, &server, ctx->cfg->token_file, err);
	if (rc == CRM_OK && !server)
		rc = crm_error_set(err, CRM_EAUTH,
				   "logged in to a database, not to the server at '%s': log in again",
				   remote_url(ctx->crm));
	else if (rc == CRM_OK && strcmp(server, remote_url(ctx->crm)) != 0)
		rc = crm_error_set(err, CRM_EAUTH,
				   "logged in to another server ('%s'): log in again", server);
	if (rc) {
		xfree_secret(*token);
		*token = NULL;
	}
	free(server);
	return rc;
}

static enum crm_code open_session(struct cmd_ctx *ctx, struct crm_error *err)
{
	char *token = NULL;
	enum crm_code rc = read_token(ctx, &token, err);

	ctx->has_session = false;
	/* A database's schema is checked before the token: through a server
	 * too, when there is no usable token (else the request says it). */
	if (rc != CRM_OK && remote_is(ctx->crm)) {
		struct crm_error ready = { 0 };
		if (remote_ready(ctx->crm, &ready) == CRM_EINTERNAL) {
			*err = ready;
			rc = ready.code;
		}
	}
	if (rc == CRM_OK)
		rc = auth_session(ctx->crm, token, &ctx->session, err);
	xfree_secret(token);
	if (rc == CRM_OK) {
		ctx->has_session = true;
		struct sentry_actor actor = cmd_sentry_actor(ctx);
		sentry_crash_set_user(ctx->sentry, &actor);
	}
	return rc;
}

enum crm_code cmd_execute(struct cmd_ctx *ctx, struct cmd_args *args,
			  struct crm_error *err)
{
	const struct cmd_entry *e = args->entry;
	enum crm_code rc;

	if ((e->flags & CMD_SETUP) && ctx->cfg->server_url) {
		char name[64];
		return crm_error_set(err, CRM_EINVALID,
				     "'%s' is not run through %s: run it on the server",
				     cmd_name(e, name, sizeof name), ctx->cfg->server_source);
	}
	if (e->flags & (CMD_NEEDS_DB | CMD_NEEDS_SESSION | CMD_SETUP)) {
		rc = open_database(ctx, !(e->flags & CMD_SETUP), err);
		if (rc)
			return rc;
	}
	if (e->flags & CMD_NEEDS_SESSION) {
		rc = open_session(ctx, err);
		if (rc)
			return rc;
	}
	rc = ctx->ask_fields ? ctx->ask_fields(ctx, args, err)
			     : cmd_complete_fields(ctx, args, err);
	if (rc)
		return rc;
	return e->run(ctx, args, err);
}

void cmd_ctx_close(struct cmd_ctx *ctx)
{
	if (remote_is(ctx->crm))
		remote_close(ctx->crm);
	else
		crm_close(ctx->crm);
	ctx->crm = NULL;
	ctx->has_session = false;
}

/* ---- help ----------------------------------------------------------- */

void cmd_print_usage(FILE *fp, const struct cmd_entry *e)
{
	char name[64];

	fprintf(fp, _("usage: epicevents %s"), cmd_name(e, name, sizeof name));
	if (e->positional)
		fprintf(fp, " %s", e->positional);
	for (int i = 0; e->options && e->options[i].name; i++) {
		const struct cmd_option *o = &e->options[i];
		const char *open = o->required ? "" : "[";
		const char *close = o->required ? "" : "]";
		if (o->kind == OPT_FLAG)
			fprintf(fp, " %s--%s%s", open, o->name, close);
		else
			fprintf(fp, " %s--%s %s%s", open, o->name, o->metavar, close);
	}
	if (e->flags & CMD_LIST)
		fputs(" [--limit N] [--offset N]", fp);
	fprintf(fp, "\n\n%s\n", _(e->summary));
	if (e->options && e->options[0].name) {
		fputs(_("\noptions:\n"), fp);
		for (int i = 0; e->options[i].name; i++) {
			const struct cmd_option *o = &e->options[i];
			char left[64];
			if (o->kind == OPT_FLAG)
				snprintf(left, sizeof left, "--%s", o->name);
			else
				snprintf(left, sizeof left, "--%s %s", o->name, o->metavar);
			fprintf(fp, "  %-26s %s\n", left, _(o->help));
		}
	}
	if (e->flags & CMD_LIST) {
		fprintf(fp, "  %-26s %s\n", "--limit N", _("at most N rows"));
		fprintf(fp, "  %-26s %s\n", "--offset N", _("skip the first N rows"));
	}
	if (e->flags & (CMD_LIST | CMD_NEEDS_SESSION))
		fputs(_("\nWith --json or --csv, output is for programs (see 'epicevents help').\n"), fp);
}

/* TEXT from column COL on, words wrapped before column 80, the next lines
 * indented by INDENT; ends the last line. */
static void print_wrapped(FILE *fp, int col, int indent, const char *text)
{
	while (*text) {
		size_t word = strcspn(text, " ");
		if (col > indent && col + 1 + (int)word > 80) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		fwrite(text, 1, word, fp);
		col += (int)word;
		text += word;
		text += strspn(text, " ");
	}
	fputc('\n', fp);
}

static void print_entries(FILE *fp, const struct cmd_entry *entries)
{
	for (const struct cmd_entry *e = entries; e->verb; e++) {
		char name[64], left[80];
		cmd_name(e, name, sizeof name);
		snprintf(left, sizeof left, "%s%s%s", name, e->positional ? " " : "",
			 e->positional ? e->positional : "");
		fprintf(fp, "  %-26s %s\n", left, _(e->summary));
	}
}

enum crm_code cmd_print_help(FILE *fp, int nwords, char **words, struct crm_error *err)
{
	const struct cmd_entry *e;
	int used;
	enum crm_code rc;

	if (nwords >= 1) {
		const struct cmd_entry *entries = NULL;
		const char *noun = NULL;
		if (nwords == 1 && cmd_find_noun(words[0], &entries, &noun, err) == CRM_OK) {
			fprintf(fp, _("%s commands:\n"), noun);
			print_entries(fp, entries);
			fprintf(fp, _("\n'epicevents help %s VERB' tells more.\n"), noun);
			return CRM_OK;
		}
		rc = cmd_lookup(nwords, words, &e, &used, err);
		if (rc)
			return rc;
		cmd_print_usage(fp, e);
		return CRM_OK;
	}
	fputs(_("usage: epicevents [--db URL | --server URL] [--json | --csv] [--no-color] COMMAND [ARGS]\n"
		"       epicevents            (no command: the interactive shell)\n\n"
		"Epic Events CRM: clients, contracts and events of an event company.\n\n"
		"commands:\n"), fp);
	print_entries(fp, cmd_top_entries);
	for (int i = 0; cmd_nouns[i]; i++)
		print_entries(fp, cmd_nouns[i]);
	fputs(_("\nglobal options:\n"), fp);
	for (const struct cmd_global_option *g = cmd_global_options; g->usage; g++) {
		if (!g->help) {
			fprintf(fp, "  %s\n", g->usage);
			continue;
		}
		fprintf(fp, "  %-26s ", g->usage);
		print_wrapped(fp, 29, 29, _(g->help));
	}
	fputs(_("\nexit codes: "), fp);
	{
		struct strbuf sb = STRBUF_INIT;
		for (int i = 0; cmd_exit_codes[i].meaning; i++)
			strbuf_printf(&sb, "%s%d %s", i ? ", " : "", cmd_exit_codes[i].code,
				      _(cmd_exit_codes[i].meaning));
		print_wrapped(fp, 12, 12, sb.buf);
		strbuf_free(&sb);
	}
	fputs(_("\n'epicevents help COMMAND' tells more about one command.\n"), fp);
	return CRM_OK;
}

struct sentry_actor cmd_sentry_actor(const struct cmd_ctx *ctx)
{
	struct sentry_actor actor = { 0, NULL };

	if (ctx->has_session) {
		actor.user_id = ctx->session.user_id;
		actor.department = department_name(ctx->session.dept);
	}
	return actor;
}
