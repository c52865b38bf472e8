/*
 * shell.c — the shell's loop: reads a line, finds its command in the menu
 * or the main table, runs it through cmd_execute() like one-shot mode.
 * See shell.h for what it promises; the parts live in shell-*.c.
 */
#include "cli/shell.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/prompt.h"
#include "cli/render.h"
#include "cli/shell-edit.h"
#include "cli/shell-fields.h"
#include "cli/shell-history.h"
#include "cli/shell-internal.h"
#include "cli/shell-pager.h"
#include "format/format.h"
#include "report/sentry.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "version.h"
#include "util/i18n.h"

volatile sig_atomic_t shell_interrupted;

/* Ctrl-C only raises the flag: prompts see it and cancel, a database
 * write in progress goes on to its commit or rollback. */
static void on_sigint(int sig)
{
	(void)sig;
	shell_interrupted = 1;
}

static void free_words(int n, char **words)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

/* ---- output ---------------------------------------------------------- */

/* Where a command's results go: through the pager on a terminal (never
 * for --json/--csv), at the terminal's width so that wide tables switch
 * to one field per line. NULL = straight to stdout. */
static struct shell_pager *output_begin(struct shell *sh)
{
	struct cmd_ctx *ctx = sh->ctx;
	struct shell_pager *pager;
	int rows, cols;

	if (!sh->screen)
		return NULL;
	shell_screen_size(&rows, &cols);
	ctx->out.width = cols;
	if (!sh->tty || ctx->out.format != OUT_HUMAN)
		return NULL;
	pager = shell_pager_open(rows, cols);
	ctx->out.fp = shell_pager_file(pager);
	return pager;
}

static const struct cmd_entry *top_entry(const char *verb)
{
	for (const struct cmd_entry *e = cmd_top_entries; e->verb; e++)
		if (strcmp(e->verb, verb) == 0)
			return e;
	return NULL;
}

static const struct cmd_entry *menu_entries(const char *noun)
{
	for (int i = 0; cmd_noun_names[i]; i++)
		if (strcmp(cmd_noun_names[i], noun) == 0)
			return cmd_nouns[i];
	return NULL;
}

/* Runs one command with its arguments (after its name). */
static enum crm_code run_entry(struct shell *sh, const struct cmd_entry *e, int argc,
			       char **argv, struct crm_error *err)
{
	struct cmd_ctx *ctx = sh->ctx;
	struct out_options saved = ctx->out;
	const char *saved_db = ctx->db_option;
	struct shell_pager *pager = NULL;
	struct cmd_args args;
	enum crm_code rc;

	rc = cmd_parse_args(e, argc, argv, ctx, &args, err);
	if (rc == CRM_OK && ctx->db_option != saved_db)
		rc = crm_error_set(err, CRM_EINVALID,
				   "--db cannot change inside the shell: start it with 'epicevents --db URL'");
	if (rc == CRM_OK) {
		shell_interrupted = 0;
		pager = output_begin(sh);
		rc = cmd_execute(ctx, &args, err);
		fflush(ctx->out.fp ? ctx->out.fp : stdout);
		/* Output cut on purpose (pager quit, Ctrl-C) is no failure. */
		if (pager && shell_pager_close(pager) && rc == CRM_EINTERNAL)
			rc = CRM_OK;
		shell_interrupted = 0;
	}
	if (rc == CRM_EINTERNAL) {
		char name[64];
		struct sentry_actor actor = cmd_sentry_actor(ctx);
		sentry_capture_error(ctx->sentry, &actor, cmd_name(e, name, sizeof name), rc,
				     err->msg);
	}
	cmd_args_free(&args);
	ctx->out = saved; /* --json on one line applies to that line only */
	ctx->db_option = saved_db;
	if (ctx->has_session)
		snprintf(sh->last_email, sizeof sh->last_email, "%s", ctx->session.email);
	fflush(stdout);
	/* On the terminal, a write cut by Ctrl-C is the person's choice, not a
	 * failure to report at exit; redirected output keeps its error. */
	if (sh->edit && ferror(stdout))
		clearerr(stdout);
	return rc;
}

/* ---- help ------------------------------------------------------------ */

static void print_verbs_of(FILE *fp, const struct cmd_entry *entries)
{
	const char *sep = "";

	for (const struct cmd_entry *e = entries; e->verb; e++) {
		fprintf(fp, "%s%s", sep, e->verb);
		sep = ", ";
	}
}

static void print_menu_help(FILE *fp, const char *menu)
{
	if (!menu) {
		fputs(_("Menus (type one to enter it; 'back' or Ctrl-D leaves it):\n"), fp);
		for (int i = 0; cmd_noun_names[i]; i++) {
			fprintf(fp, "  %-16s", cmd_noun_names[i]);
			print_verbs_of(fp, cmd_nouns[i]);
			fputc('\n', fp);
		}
		fputs(_("Commands:\n"), fp);
		for (const struct cmd_entry *e = cmd_top_entries; e->verb; e++)
			if (strcmp(e->verb, "help") != 0)
				fprintf(fp, "  %-16s%s\n", e->verb, _(e->summary));
		fputs(_("  help [COMMAND]  this help, or one command's options\n"
			"  exit, quit      leave the shell (or Ctrl-D)\n"
			"A whole command works from any menu: 'contracts list --unpaid'.\n"
			"Tab completes menus, commands, options and ids.\n"), fp);
		return;
	}
	fprintf(fp, _("%s menu:\n"), menu);
	for (const struct cmd_entry *e = menu_entries(menu); e && e->verb; e++) {
		char left[48];
		snprintf(left, sizeof left, "%s%s%s", e->verb, e->positional ? " " : "",
			 e->positional ? e->positional : "");
		fprintf(fp, "  %-16s%s\n", left, _(e->summary));
	}
	fputs(_("  back            the main menu (or Ctrl-D)\n"
		"  help [VERB]     this help, or one command's options\n"
		"  exit            leave the shell\n"
		"'create' and 'update ID' ask for each field; options work too "
		"('list --mine', 'show 3 --json').\n"), fp);
}

static enum crm_code print_help(struct shell *sh, int n, char **words, struct crm_error *err)
{
	struct cmd_ctx *ctx = sh->ctx;
	struct out_options saved = ctx->out;
	struct shell_pager *pager = output_begin(sh);
	FILE *fp = pager ? shell_pager_file(pager) : stdout;
	const struct cmd_entry *e;
	enum crm_code rc = CRM_OK;

	if (n == 0)
		print_menu_help(fp, sh->menu);
	else if (sh->menu && n == 1 &&
		 cmd_find_verb(menu_entries(sh->menu), sh->menu, words[0], &e, err) == CRM_OK)
		cmd_print_usage(fp, e);
	else
		rc = cmd_print_help(fp, n, words, err);
	fflush(fp);
	if (pager)
		shell_pager_close(pager);
	ctx->out = saved;
	return rc;
}

/* ---- one line ---------------------------------------------------------- */

enum line_kind {
	LINE_QUIT,
	LINE_BACK,
	LINE_HELP,
	LINE_MENU, /* enter the menu `menu` */
	LINE_RUN,  /* run `entry` with argc/argv */
};

struct line_plan {
	enum line_kind kind;
	const char *menu;
	const struct cmd_entry *entry;
	int argc;
	char **argv;
};

static bool is_exact_noun_or_top(const char *word)
{
	if (top_entry(word))
		return true;
	for (int i = 0; cmd_noun_names[i]; i++)
		if (strcmp(cmd_noun_names[i], word) == 0)
			return true;
	return false;
}

/* What a line asks for. In a menu its first word is a verb of the menu;
 * a menu's name or a top-level command (login, whoami) works anywhere. */
static enum crm_code plan_line(struct shell *sh, int n, char **words, struct line_plan *p,
			       struct crm_error *err)
{
	const struct cmd_entry *entries;
	const char *noun;
	int used = 0;
	enum crm_code rc;

	memset(p, 0, sizeof *p);
	if (strcmp(words[0], "exit") == 0 || strcmp(words[0], "quit") == 0) {
		p->kind = LINE_QUIT;
		return CRM_OK;
	}
	if (strcmp(words[0], "back") == 0) {
		p->kind = LINE_BACK;
		return CRM_OK;
	}
	if (strcmp(words[0], "help") == 0) {
		p->kind = LINE_HELP;
		p->argc = n - 1;
		p->argv = words + 1;
		return CRM_OK;
	}
	if (sh->menu) {
		rc = cmd_find_verb(menu_entries(sh->menu), sh->menu, words[0], &p->entry, err);
		if (rc == CRM_OK) {
			p->kind = LINE_RUN;
			p->argc = n - 1;
			p->argv = words + 1;
			return CRM_OK;
		}
		if (!is_exact_noun_or_top(words[0]))
			return rc;
	}
	if (n == 1 && cmd_find_noun(words[0], &entries, &noun, err) == CRM_OK) {
		p->kind = LINE_MENU;
		p->menu = noun;
		return CRM_OK;
	}
	rc = cmd_lookup(n, words, &p->entry, &used, err);
	if (rc)
		return rc;
	p->kind = LINE_RUN;
	p->argc = n - used;
	p->argv = words + used;
	return CRM_OK;
}

/* The session is over (exit code 3): log in again where we are, offering
 * the last email, instead of sending the user out to a one-shot login. */
static enum crm_code relogin(struct shell *sh, struct crm_error *err)
{
	const struct cmd_entry *login = top_entry("login");
	char *email = NULL;
	char *argv[2];
	enum crm_code rc;

	fputs(_("Log in to go on ('cancel' or Ctrl-C gives up).\n"), stderr);
	rc = prompt_line(_("Email"), sh->last_email[0] ? sh->last_email : NULL, &email, err);
	if (rc)
		return rc;
	argv[0] = (char *)"--email";
	argv[1] = email;
	rc = run_entry(sh, login, 2, argv, err);
	free(email);
	return rc;
}

static enum crm_code run_plan(struct shell *sh, const struct line_plan *p, struct crm_error *err)
{
	enum crm_code rc;

	switch (p->kind) {
	case LINE_BACK:
		free(sh->menu);
		sh->menu = NULL;
		return CRM_OK;
	case LINE_HELP:
		return print_help(sh, p->argc, p->argv, err);
	case LINE_MENU:
		free(sh->menu);
		sh->menu = xstrdup(p->menu);
		return CRM_OK;
	case LINE_RUN:
		break;
	default:
		return CRM_OK;
	}
	rc = run_entry(sh, p->entry, p->argc, p->argv, err);
	/* Only a refused session: a wrong current password (passwd) is exit
	 * code 3 too, but the session is still there. */
	if (rc != CRM_EAUTH || !sh->tty || sh->ctx->has_session ||
	    strcmp(p->entry->verb, "login") == 0 || strcmp(p->entry->verb, "logout") == 0)
		return rc;
	render_error(err);
	rc = relogin(sh, err);
	if (rc)
		return rc;
	/* The session check comes before any question or write, so running
	 * the command again repeats nothing. */
	return run_entry(sh, p->entry, p->argc, p->argv, err);
}

/* ---- the loop ------------------------------------------------------ */

static enum crm_code no_op(struct cmd_ctx *ctx, struct cmd_args *args, struct crm_error *err)
{
	(void)ctx;
	(void)args;
	(void)err;
	return CRM_OK;
}

/* Reads the saved session, if any, so that the first prompt already
 * says who is logged in. */
static void greet(struct shell *sh)
{
	static const struct cmd_entry probe = {
		.verb = "session", .summary = "", .flags = CMD_NEEDS_SESSION, .run = no_op,
	};
	struct cmd_ctx *ctx = sh->ctx;
	struct cmd_args args = { .entry = &probe };
	struct crm_error err = { 0 };
	enum crm_code rc = CRM_EAUTH;

	printf(_("Epic Events CRM %s. Type 'help' for the commands, 'exit' or Ctrl-D to leave.\n"),
	       EPICEVENTS_VERSION);
	if (access(ctx->cfg->token_file, F_OK) == 0)
		rc = cmd_execute(ctx, &args, &err);
	if (rc == CRM_OK) {
		snprintf(sh->last_email, sizeof sh->last_email, "%s", ctx->session.email);
		printf(_("Logged in as %s (%s).\n"), ctx->session.name,
		       C_("department", department_name(ctx->session.dept)));
	} else {
		if (rc != CRM_EAUTH)
			render_error(&err);
		fputs(_("Not logged in: type 'login'.\n"), stdout);
	}
	fflush(stdout);
}

/* "bill@clients> ": who is logged in, and where. */
static void make_prompt(const struct shell *sh, char *buf, size_t size)
{
	const struct cmd_ctx *ctx = sh->ctx;

	if (ctx->has_session) {
		/* The first part of the email: "bill" for bill.boquet@epic.com. */
		size_t local = strcspn(ctx->session.email, "@.+");
		snprintf(buf, size, "%.*s@%s> ", (int)(local > 40 ? 40 : local),
			 ctx->session.email, sh->menu ? sh->menu : "main");
	} else {
		snprintf(buf, size, "%s> ", sh->menu ? sh->menu : "epicevents");
	}
}

/* Names typed in the shell are UTF-8; libedit decodes with the locale's
 * character type, so a C locale falls back to C.UTF-8. */
static void set_ctype_locale(void)
{
	const char *loc = setlocale(LC_CTYPE, "");

	if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

static enum shell_read read_line(struct shell *sh, char **out)
{
	char prompt[96];

	if (sh->edit) {
		/* Idle at the prompt: deliver what the last command reported,
		 * with a short budget (what is left goes to the outbox). */
		if (sentry_pending(sh->ctx->sentry))
			sentry_flush(sh->ctx->sentry, 500);
		make_prompt(sh, prompt, sizeof prompt);
		return shell_edit_read(sh->edit, prompt, out);
	}
	{
		size_t cap = 0;
		char *line = NULL;
		ssize_t len = getline(&line, &cap, stdin);
		if (len < 0) {
			free(line);
			return SHELL_EOF;
		}
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		*out = line;
		return SHELL_LINE;
	}
}

enum crm_code shell_run(struct cmd_ctx *ctx)
{
	struct shell sh = { .ctx = ctx };
	struct sigaction old_int, act = { .sa_handler = on_sigint, .sa_flags = SA_RESTART };
	enum crm_code last = CRM_OK;
	char *history_path = NULL;

	sh.tty = ctx->interactive;
	sh.screen = isatty(STDOUT_FILENO);
	ctx->in_shell = true;
	ctx->front = &sh;
	ctx->ask_fields = shell_ask_fields;
	if (!sh.tty)
		ctx->out.color = false; /* scripts: no prompts, no colour */
	if (sh.tty) {
		set_ctype_locale();
		sigemptyset(&act.sa_mask);
		sigaction(SIGINT, &act, &old_int);
		history_path = shell_history_path(ctx->cfg->state_dir);
		sh.edit = shell_edit_open(&sh, history_path);
		if (sh.edit)
			prompt_set_reader(shell_edit_prompt_reader, sh.edit);
		greet(&sh);
	}
	for (;;) {
		struct crm_error err = { 0 };
		struct line_plan plan;
		char *line = NULL;
		char **words = NULL;
		int n = 0;
		enum shell_read got = read_line(&sh, &line);
		enum crm_code rc;

		if (got == SHELL_INTERRUPTED)
			continue;
		if (got == SHELL_EOF) {
			/* Ctrl-D: back one menu; from the main menu, leave. */
			if (sh.menu && sh.tty) {
				free(sh.menu);
				sh.menu = NULL;
				continue;
			}
			break;
		}
		rc = shell_split(line, &n, &words, &err);
		if (rc == CRM_OK && n == 0) {
			free(line);
			free(words);
			continue;
		}
		if (rc == CRM_OK)
			rc = plan_line(&sh, n, words, &plan, &err);
		/* Recalling 'exit' is no use; a line with a secret is never kept. */
		if (sh.edit && !(rc == CRM_OK && plan.kind == LINE_QUIT) &&
		    shell_history_keeps(line, rc == CRM_OK ? plan.entry : NULL))
			shell_edit_remember(sh.edit, line);
		free(line);
		if (rc == CRM_OK && plan.kind == LINE_QUIT) {
			free_words(n, words);
			break;
		}
		if (rc == CRM_OK)
			rc = run_plan(&sh, &plan, &err);
		free_words(n, words);
		if (rc) {
			render_error(&err);
			last = rc;
			if (!sh.tty)
				break;
		}
	}
	if (sh.tty) {
		prompt_set_reader(NULL, NULL);
		shell_edit_close(sh.edit);
		sigaction(SIGINT, &old_int, NULL);
	}
	free(history_path);
	free(sh.menu);
	ctx->front = NULL;
	ctx->ask_fields = NULL;
	return sh.tty ? CRM_OK : last;
}
