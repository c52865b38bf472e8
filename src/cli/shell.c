#include "cli/shell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <editline/readline.h>

#include "report/sentry.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum crm_code shell_split(const char *line, int *out_count, char ***out_words,
			  struct crm_error *err)
{
	char **words = NULL;
	int count = 0;
	const char *p = line;

	for (;;) {
		struct strbuf word = STRBUF_INIT;
		char quote = 0;
		bool started = false;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		for (; *p; p++) {
			if (quote) {
				if (*p == quote)
					quote = 0;
				else if (*p == '\\' && quote == '"' && p[1])
					strbuf_putc(&word, *++p);
				else
					strbuf_putc(&word, *p);
			} else if (*p == '\'' || *p == '"') {
				quote = *p;
				started = true;
			} else if (*p == '\\' && p[1]) {
				strbuf_putc(&word, *++p);
			} else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
				break;
			} else {
				strbuf_putc(&word, *p);
			}
			started = true;
		}
		if (quote) {
			strbuf_free(&word);
			for (int i = 0; i < count; i++)
				free(words[i]);
			free(words);
			return crm_error_set(err, CRM_EINVALID, "unterminated quote");
		}
		if (started) {
			words = xrealloc(words, (size_t)(count + 2) * sizeof *words);
			words[count++] = strbuf_detach(&word);
			words[count] = NULL;
		}
		strbuf_free(&word);
	}
	*out_count = count;
	*out_words = words;
	return CRM_OK;
}

static void free_words(int n, char **words)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
}

/* Runs one command given as words, in the menu `noun` (NULL = main). */
static enum crm_code shell_command(struct cmd_ctx *ctx, const char *noun, int n,
				   char **words, struct crm_error *err)
{
	const struct cmd_entry *entry = NULL;
	struct cmd_args args;
	struct out_options saved = ctx->out;
	int used = 0;
	enum crm_code rc;

	if (noun) {
		const struct cmd_entry *entries;
		const char *name;
		rc = cmd_find_noun(noun, &entries, &name, err);
		if (rc == CRM_OK)
			rc = cmd_find_verb(entries, name, words[0], &entry, err);
		used = 1;
	} else {
		rc = cmd_lookup(n, words, &entry, &used, err);
	}
	if (rc)
		return rc;
	rc = cmd_parse_args(entry, n - used, words + used, ctx, &args, err);
	if (rc == CRM_OK)
		rc = cmd_execute(ctx, &args, err);
	if (rc == CRM_EINTERNAL) {
		char name[64];
		sentry_capture_error(ctx->sentry, cmd_name(entry, name, sizeof name), rc, err->msg);
	}
	cmd_args_free(&args);
	ctx->out = saved; /* --json on one line applies to that line only */
	fflush(stdout);
	return rc;
}

static void print_menu_help(const char *noun)
{
	if (!noun) {
		fputs("menus: clients, contracts, events, users, audit, db\n"
		      "also: login, logout, whoami, help [COMMAND], exit\n"
		      "Type a menu's name to enter it, or a whole command ('clients list').\n", stdout);
		return;
	}
	{
		char *words[1] = { (char *)noun };
		cmd_print_help(stdout, 1, words);
		fputs("back: return to the main menu\n", stdout);
	}
}

enum crm_code shell_run(struct cmd_ctx *ctx)
{
	char *menu = NULL; /* current noun, NULL = main menu */
	enum crm_code last = CRM_OK;
	bool tty = ctx->interactive && isatty(STDOUT_FILENO);

	ctx->in_shell = true;
	if (tty)
		printf("Epic Events CRM. Type 'help' for the commands, 'exit' to leave.\n");
	for (;;) {
		struct crm_error err = { 0 };
		char prompt[96];
		char *line;
		char **words = NULL;
		int n = 0;
		enum crm_code rc;

		if (tty) {
			/* "bill@clients> ": who is logged in, and where. */
			const char *where = menu ? menu : "main";
			if (ctx->has_session) {
				size_t local = strcspn(ctx->session.email, "@");
				snprintf(prompt, sizeof prompt, "%.*s@%s> ",
					 (int)(local > 40 ? 40 : local), ctx->session.email, where);
			} else {
				snprintf(prompt, sizeof prompt, "%s> ", menu ? menu : "epicevents");
			}
			line = readline(prompt);
		} else {
			size_t cap = 0;
			line = NULL;
			if (getline(&line, &cap, stdin) < 0) {
				free(line);
				line = NULL;
			}
		}
		if (!line) {
			if (menu && tty) {
				free(menu);
				menu = NULL;
				putchar('\n');
				continue;
			}
			break;
		}
		if (shell_split(line, &n, &words, &err) != CRM_OK) {
			fprintf(stderr, "epicevents: %s\n", err.msg);
			free(line);
			if (!tty) {
				last = CRM_EINVALID;
				break;
			}
			continue;
		}
		if (n == 0) {
			free(line);
			free_words(n, words);
			continue;
		}
		if (tty && !strstr(line, "password"))
			add_history(line);
		free(line);

		rc = CRM_OK;
		if (strcmp(words[0], "exit") == 0 || strcmp(words[0], "quit") == 0) {
			free_words(n, words);
			break;
		} else if (strcmp(words[0], "back") == 0) {
			free(menu);
			menu = NULL;
		} else if (strcmp(words[0], "help") == 0) {
			if (n > 1)
				cmd_print_help(stdout, n - 1, words + 1);
			else
				print_menu_help(menu);
		} else if (!menu && n == 1) {
			const struct cmd_entry *entries;
			const char *noun;
			if (cmd_find_noun(words[0], &entries, &noun, &err) == CRM_OK) {
				menu = xstrdup(noun);
			} else {
				rc = shell_command(ctx, NULL, n, words, &err);
			}
		} else {
			rc = shell_command(ctx, menu, n, words, &err);
		}
		free_words(n, words);
		if (rc) {
			fprintf(stderr, "epicevents: %s\n", err.msg);
			last = rc;
			if (!tty)
				break;
		}
	}
	free(menu);
	return tty ? CRM_OK : last;
}
