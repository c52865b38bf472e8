/* Completion and pick lists: see shell-complete.h. */
#define _GNU_SOURCE
#include "cli/shell-complete.h"

#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli/shell.h"
#include "format/format.h"
#include "util/datetime.h"
#include "util/money.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

void shell_candidates_free(struct shell_candidates *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->words[i]);
		if (c->labels)
			free(c->labels[i]);
	}
	free(c->words);
	free(c->labels);
	memset(c, 0, sizeof *c);
}

static void add(struct shell_candidates *c, const char *word, const char *label)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->words[i], word) == 0)
			return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->words = xrealloc(c->words, c->cap * sizeof *c->words);
		c->labels = xrealloc(c->labels, c->cap * sizeof *c->labels);
	}
	c->words[c->n] = xstrdup(word);
	c->labels[c->n] = label ? xstrdup(label) : NULL;
	c->n++;
}

static void add_if_prefix(struct shell_candidates *c, const char *word, const char *prefix)
{
	if (strncmp(word, prefix, strlen(prefix)) == 0)
		add(c, word, NULL);
}

/* ---- records from the database -------------------------------------- */

struct walk {
	struct shell_candidates *out;
	const char *prefix;
	bool by_text;  /* prefix is not an id: match it in the label */
	size_t max;
	struct strbuf label;
	const struct tz *zone; /* event times in labels */
};

/* Keeps one record when its id starts with the prefix (or, for text, when
 * its label holds it). Labels are stored text: escaped as tables show it. */
static void take(struct walk *w, int64_t id)
{
	char word[24];

	snprintf(word, sizeof word, "%" PRId64, id);
	if (w->by_text ? !strcasestr(w->label.buf, w->prefix)
		       : strncmp(word, w->prefix, strlen(w->prefix)) != 0)
		return;
	if (w->out->n >= w->max) {
		w->out->more = true;
		return;
	}
	add(w->out, word, w->label.buf);
}

static enum crm_code take_client(void *data, const struct client *c)
{
	struct walk *w = data;

	strbuf_reset(&w->label);
	out_escape_human(&w->label, c->full_name);
	strbuf_puts(&w->label, " - ");
	out_escape_human(&w->label, c->company_name);
	take(w, c->id);
	return CRM_OK;
}

static enum crm_code take_contract(void *data, const struct contract *k)
{
	struct walk *w = data;
	char total[MONEY_TEXT_MAX], due[MONEY_TEXT_MAX];

	money_format(total, k->total_amount);
	money_format(due, k->remaining_amount);
	strbuf_reset(&w->label);
	out_escape_human(&w->label, k->client_name);
	strbuf_printf(&w->label, ": %s, %s due, %s", total, due,
		      k->is_signed ? "signed" : "not signed");
	take(w, k->id);
	return CRM_OK;
}

static enum crm_code take_event(void *data, const struct event *e)
{
	struct walk *w = data;
	char start[DATETIME_TEXT_MAX];

	datetime_format_local(start, e->start_date, w->zone);
	strbuf_reset(&w->label);
	out_escape_human(&w->label, e->name);
	strbuf_printf(&w->label, " (%s)", start);
	take(w, e->id);
	return CRM_OK;
}

static enum crm_code take_user(void *data, const struct user *u)
{
	struct walk *w = data;

	strbuf_reset(&w->label);
	out_escape_human(&w->label, u->name);
	strbuf_puts(&w->label, " (");
	out_escape_human(&w->label, u->department_name);
	strbuf_putc(&w->label, ')');
	take(w, u->id);
	return CRM_OK;
}

enum shell_choice shell_choice_for(const struct cmd_entry *e, const char *option)
{
	if (!option) {
		if (!e->positional || !e->noun || strcmp(e->positional, "ID") != 0)
			return CHOICE_NONE;
		if (strcmp(e->noun, "clients") == 0)
			return CHOICE_CLIENT;
		if (strcmp(e->noun, "contracts") == 0)
			return strcmp(e->verb, "pay") == 0 ? CHOICE_SIGNED_CONTRACT : CHOICE_CONTRACT;
		if (strcmp(e->noun, "events") == 0)
			return CHOICE_EVENT;
		if (strcmp(e->noun, "users") == 0)
			return strcmp(e->verb, "reactivate") == 0 ? CHOICE_INACTIVE_USER
								  : CHOICE_USER;
		return CHOICE_NONE;
	}
	if (strcmp(option, "client") == 0)
		return CHOICE_CLIENT;
	if (strcmp(option, "contract") == 0)
		return e->noun && strcmp(e->noun, "events") == 0 && strcmp(e->verb, "create") == 0
			       ? CHOICE_SIGNED_CONTRACT
			       : CHOICE_CONTRACT;
	if (strcmp(option, "support") == 0)
		return CHOICE_SUPPORT;
	if (strcmp(option, "reassign-to") == 0)
		return CHOICE_USER;
	if (strcmp(option, "department") == 0)
		return CHOICE_DEPARTMENT;
	if (strcmp(option, "on-duplicate") == 0)
		return CHOICE_ON_DUPLICATE;
	if (strcmp(option, "entity") == 0)
		return CHOICE_JOURNAL_ENTITY;
	if (strcmp(option, "action") == 0)
		return CHOICE_JOURNAL_ACTION;
	if (strcmp(option, "actor") == 0)
		return CHOICE_USER;
	if (strcmp(option, "timezone") == 0)
		return CHOICE_TIMEZONE;
	if (strcmp(option, "sort") == 0 && e->noun) {
		for (enum shell_choice k = CHOICE_SORT_CLIENT; k <= CHOICE_SORT_USER; k++)
			if (strcmp(e->noun, shell_sort_noun(k)) == 0)
				return k;
	}
	return CHOICE_NONE;
}

const char *shell_sort_noun(enum shell_choice kind)
{
	switch (kind) {
	case CHOICE_SORT_CLIENT: return "clients";
	case CHOICE_SORT_CONTRACT: return "contracts";
	case CHOICE_SORT_EVENT: return "events";
	case CHOICE_SORT_PAYMENT: return "payments";
	case CHOICE_SORT_USER: return "users";
	default: return NULL;
	}
}

/* Zone names under the zoneinfo root ($TZDIR as util/tz.c reads it) that
 * start with prefix: one directory level at a time ("Europe/" then
 * "Europe/Paris"), as a file-name completion would. Upper-case first
 * letters only: the tree's lower-case files (zone1970.tab, posixrules,
 * ...) and directories such as "posix" or "right" are not zones here. */
static void add_zones(struct shell_candidates *out, const char *prefix)
{
	const char *root = getenv("TZDIR");
	const char *slash = strrchr(prefix, '/');
	size_t dir_len = slash ? (size_t)(slash - prefix) + 1 : 0;
	char path[PATH_MAX], word[PATH_MAX];
	struct dirent *d;
	DIR *dir;

	if (!root || root[0] != '/')
		root = "/usr/share/zoneinfo";
	if (strstr(prefix, "..") ||
	    snprintf(path, sizeof path, "%s/%.*s", root, (int)dir_len, prefix) >= (int)sizeof path ||
	    !(dir = opendir(path)))
		return;
	while ((d = readdir(dir))) {
		struct stat st;
		char full[PATH_MAX];
		if (d->d_name[0] < 'A' || d->d_name[0] > 'Z' ||
		    strncmp(d->d_name, prefix + dir_len, strlen(prefix + dir_len)) != 0)
			continue;
		if (snprintf(full, sizeof full, "%s%s", path, d->d_name) >= (int)sizeof full ||
		    stat(full, &st) != 0)
			continue;
		if (snprintf(word, sizeof word, "%.*s%s%s", (int)dir_len, prefix, d->d_name,
			     S_ISDIR(st.st_mode) ? "/" : "") >= (int)sizeof word)
			continue;
		add(out, word, NULL);
	}
	closedir(dir);
}

void shell_choices(struct shell *sh, enum shell_choice kind, const char *prefix,
		   size_t max, struct shell_candidates *out)
{
	struct cmd_ctx *ctx = sh->ctx;
	struct walk w = { .out = out, .prefix = prefix, .max = max, .zone = ctx->crm_opt.zone };
	struct crm_error err;

	if (kind == CHOICE_DEPARTMENT) {
		static const char *const names[] = { "Commercial", "Support", "Management" };
		for (size_t i = 0; i < 3; i++)
			if (strncasecmp(names[i], prefix, strlen(prefix)) == 0)
				add(out, names[i], NULL);
		return;
	}
	if (kind == CHOICE_ON_DUPLICATE) {
		static const char *const names[] = { "error", "skip", "update" };
		for (size_t i = 0; i < 3; i++)
			if (strncmp(names[i], prefix, strlen(prefix)) == 0)
				add(out, names[i], NULL);
		return;
	}
	if (kind == CHOICE_JOURNAL_ENTITY || kind == CHOICE_JOURNAL_ACTION) {
		const char *const *names = kind == CHOICE_JOURNAL_ENTITY ? audit_entity_names
									 : audit_action_names;
		for (size_t i = 0; names[i]; i++)
			if (strncmp(names[i], prefix, strlen(prefix)) == 0)
				add(out, names[i], NULL);
		return;
	}
	if (kind == CHOICE_TIMEZONE) {
		add_zones(out, prefix);
		return;
	}
	if (shell_sort_noun(kind)) {
		/* each column, then each descending: "full_name" ... "-full_name" ... */
		const char *names[16];
		size_t n = crm_sort_columns(shell_sort_noun(kind), names, 16);
		char word[64];
		for (int desc = 0; desc < 2; desc++)
			for (size_t i = 0; i < n; i++) {
				snprintf(word, sizeof word, "%s%s", desc ? "-" : "", names[i]);
				if (strncmp(word, prefix, strlen(prefix)) == 0)
					add(out, word, NULL);
			}
		return;
	}
	if (kind == CHOICE_NONE || !ctx->crm || !ctx->has_session)
		return;
	w.by_text = prefix[strspn(prefix, "0123456789")] != '\0';
	strbuf_init(&w.label);
	/* Errors (permission denied, ...) just mean nothing to offer. */
	switch (kind) {
	case CHOICE_CLIENT: {
		/* The store searches names itself: the cap applies to matches. */
		struct client_filter f = { .limit = SHELL_CHOICES_FETCH,
					   .search = w.by_text ? prefix : NULL };
		client_list(ctx->crm, &ctx->session, &f, take_client, &w, &err);
		break;
	}
	case CHOICE_CONTRACT:
	case CHOICE_SIGNED_CONTRACT: {
		struct contract_filter f = { .limit = SHELL_CHOICES_FETCH };
		if (kind == CHOICE_SIGNED_CONTRACT) {
			f.is_signed = YES;
			f.mine = ctx->session.dept == DEPT_COMMERCIAL;
		}
		contract_list(ctx->crm, &ctx->session, &f, take_contract, &w, &err);
		break;
	}
	case CHOICE_EVENT: {
		struct event_filter f = { .limit = SHELL_CHOICES_FETCH };
		event_list(ctx->crm, &ctx->session, &f, take_event, &w, &err);
		break;
	}
	case CHOICE_USER:
	case CHOICE_SUPPORT:
	case CHOICE_INACTIVE_USER: {
		struct user_filter f = { .limit = SHELL_CHOICES_FETCH,
					 .department = kind == CHOICE_SUPPORT ? "Support" : NULL,
					 .active = kind == CHOICE_INACTIVE_USER ? NO : YES };
		user_list(ctx->crm, &ctx->session, &f, take_user, &w, &err);
		break;
	}
	default:
		break;
	}
	strbuf_free(&w.label);
}

/* ---- words from the command table ----------------------------------- */

static const char *const shell_words[] = { "back", "help", "exit", "quit", NULL };

static const struct cmd_entry *noun_entries(const char *noun)
{
	for (int i = 0; cmd_noun_names[i]; i++)
		if (strcmp(cmd_noun_names[i], noun) == 0)
			return cmd_nouns[i];
	return NULL;
}

static const struct cmd_entry *find_verb(const struct cmd_entry *entries, const char *word)
{
	const struct cmd_entry *e;
	struct crm_error err;

	if (!entries || cmd_find_verb(entries, NULL, word, &e, &err) != CRM_OK)
		return NULL;
	return e;
}

static const struct cmd_entry *find_top(const char *word)
{
	for (const struct cmd_entry *e = cmd_top_entries; e->verb; e++)
		if (strcmp(e->verb, word) == 0)
			return e;
	return NULL;
}

static void add_first_words(struct shell_candidates *c, const char *menu, const char *prefix)
{
	if (menu) {
		for (const struct cmd_entry *e = noun_entries(menu); e && e->verb; e++)
			add_if_prefix(c, e->verb, prefix);
	} else {
		for (int i = 0; cmd_noun_names[i]; i++)
			add_if_prefix(c, cmd_noun_names[i], prefix);
		for (const struct cmd_entry *e = cmd_top_entries; e->verb; e++)
			add_if_prefix(c, e->verb, prefix);
	}
	for (int i = 0; shell_words[i]; i++)
		if (menu || strcmp(shell_words[i], "back") != 0)
			add_if_prefix(c, shell_words[i], prefix);
}

static const struct cmd_option *find_option(const struct cmd_entry *e, const char *name)
{
	for (int i = 0; e->options && e->options[i].name; i++)
		if (strcmp(e->options[i].name, name) == 0)
			return &e->options[i];
	return NULL;
}

static bool word_given(int n, char **words, const char *option)
{
	for (int i = 0; i < n; i++)
		if (strncmp(words[i], "--", 2) == 0 && strcmp(words[i] + 2, option) == 0)
			return true;
	return false;
}

static void add_option(struct shell_candidates *c, int n, char **words, const char *name,
		       const char *prefix)
{
	char buf[64];

	if (word_given(n, words, name))
		return;
	snprintf(buf, sizeof buf, "--%s", name);
	add_if_prefix(c, buf, prefix);
}

/* After the command's name: options, their values, the ID. */
static void complete_args(struct shell *sh, const struct cmd_entry *e, int n, char **words,
			  const char *partial, struct shell_candidates *out)
{
	bool have_id = false;

	for (int i = 0; i < n; i++) {
		const struct cmd_option *o;
		if (strncmp(words[i], "--", 2) != 0) {
			have_id = true;
			continue;
		}
		o = find_option(e, words[i] + 2);
		if ((o && o->kind == OPT_VALUE) ||
		    ((e->flags & CMD_LIST) &&
		     (strcmp(words[i], "--limit") == 0 || strcmp(words[i], "--offset") == 0))) {
			if (i == n - 1) {
				if (o)
					shell_choices(sh, shell_choice_for(e, o->name), partial,
						      SHELL_CHOICES_SHOWN, out);
				return;
			}
			i++; /* its value */
		}
	}
	if (partial[0] != '-' && e->positional && !have_id) {
		shell_choices(sh, shell_choice_for(e, NULL), partial, SHELL_CHOICES_SHOWN, out);
		return;
	}
	if (partial[0] != '-' && partial[0] != '\0')
		return;
	for (int i = 0; e->options && e->options[i].name; i++)
		add_option(out, n, words, e->options[i].name, partial);
	if (e->flags & CMD_LIST) {
		add_option(out, n, words, "limit", partial);
		add_option(out, n, words, "offset", partial);
	}
	if (e->flags & (CMD_LIST | CMD_NEEDS_SESSION)) {
		add_option(out, n, words, "json", partial);
		add_option(out, n, words, "csv", partial);
	}
}

static void complete_words(struct shell *sh, int n, char **words, const char *partial,
			   struct shell_candidates *out)
{
	const struct cmd_entry *e = NULL;
	const struct cmd_entry *entries;
	int start = 1;

	if (n == 0) {
		add_first_words(out, sh->menu, partial);
		return;
	}
	if (strcmp(words[0], "help") == 0) {
		if (n == 1) {
			add_first_words(out, sh->menu, partial);
		} else if (n == 2 && (entries = noun_entries(words[1]))) {
			for (e = entries; e->verb; e++)
				add_if_prefix(out, e->verb, partial);
		}
		return;
	}
	if (sh->menu)
		e = find_verb(noun_entries(sh->menu), words[0]);
	if (!e)
		e = find_top(words[0]);
	if (!e && (entries = noun_entries(words[0]))) {
		if (n == 1) {
			for (e = entries; e->verb; e++)
				add_if_prefix(out, e->verb, partial);
			return;
		}
		e = find_verb(entries, words[1]);
		start = 2;
	}
	if (e)
		complete_args(sh, e, n - start, words + start, partial, out);
}

void shell_complete(struct shell *sh, const char *before,
		    struct shell_candidates *out, size_t *word_start)
{
	size_t len = strlen(before), start = len;
	const char *partial;
	char *head;
	char **words = NULL;
	int n = 0;
	struct crm_error err;

	while (start > 0 && before[start - 1] != ' ' && before[start - 1] != '\t')
		start--;
	*word_start = start;
	partial = before + start;
	/* Quoted or escaped words are left alone rather than mangled. */
	if (strpbrk(partial, "'\"\\"))
		return;
	if (sh->asking) {
		/* Answering a field: its values only, the whole answer is the word. */
		*word_start = 0;
		shell_choices(sh, shell_choice_for(sh->asking_entry, sh->asking->name), before,
			      SHELL_CHOICES_SHOWN, out);
		return;
	}
	head = xstrndup(before, start);
	if (shell_split(head, &n, &words, &err) == CRM_OK) {
		complete_words(sh, n, words, partial, out);
		for (int i = 0; i < n; i++)
			free(words[i]);
		free(words);
	}
	free(head);
}

void shell_candidates_print(FILE *fp, const struct shell_candidates *c, int cols)
{
	size_t width = 0, per_row;

	if (c->labels && c->n && c->labels[0]) {
		for (size_t i = 0; i < c->n; i++)
			if (strlen(c->words[i]) > width)
				width = strlen(c->words[i]);
		for (size_t i = 0; i < c->n; i++)
			fprintf(fp, "  %*s  %s\n", (int)width, c->words[i],
				c->labels[i] ? c->labels[i] : "");
	} else {
		for (size_t i = 0; i < c->n; i++)
			if (strlen(c->words[i]) > width)
				width = strlen(c->words[i]);
		width += 2;
		per_row = cols > 0 && (size_t)cols > width ? (size_t)cols / width : 1;
		for (size_t i = 0; i < c->n; i++) {
			bool last = (i + 1) % per_row == 0 || i + 1 == c->n;
			fprintf(fp, "%-*s", last ? 0 : (int)width, c->words[i]);
			if (last)
				fputc('\n', fp);
		}
	}
	if (c->more)
		fputs(_("  ... (more: type more of the id or name)\n"), fp);
}
