/* The shell's questions for a command's fields: see shell-fields.h. */
#include "cli/shell-fields.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/prompt.h"
#include "cli/shell-complete.h"
#include "cli/shell-internal.h"
#include "crm/policy.h"
#include "util/datetime.h"
#include "util/tz-cache.h"
#include "util/money.h"
#include "util/xalloc.h"
#include "util/i18n.h"

/* ---- the record an update starts from ------------------------------- */

struct current {
	const struct cmd_entry *e;
	char *v[CMD_MAX_OPTIONS]; /* by option index, as the user would type it */
	int64_t owner;            /* the contact the policy's "own" rules mean */
	const struct tz *zone;    /* times are shown and typed in it */
};

static void put(struct current *cur, const char *option, const char *value)
{
	for (int i = 0; cur->e->options && cur->e->options[i].name; i++) {
		if (strcmp(cur->e->options[i].name, option) != 0)
			continue;
		free(cur->v[i]);
		cur->v[i] = value ? xstrdup(value) : NULL;
		return;
	}
}

static enum crm_code got_client(void *data, const struct client *c)
{
	struct current *cur = data;

	put(cur, "full-name", c->full_name);
	put(cur, "email", c->email);
	put(cur, "phone", c->phone);
	put(cur, "company", c->company_name);
	cur->owner = c->commercial_contact_id;
	return CRM_OK;
}

static enum crm_code got_contract(void *data, const struct contract *k)
{
	struct current *cur = data;
	char buf[MONEY_TEXT_MAX];

	money_format(buf, k->total_amount);
	put(cur, "total", buf);
	money_format(buf, k->remaining_amount);
	put(cur, "remaining", buf);
	put(cur, "due", k->payment_due_date);
	cur->owner = k->commercial_contact_id;
	return CRM_OK;
}

static enum crm_code got_event(void *data, const struct event *e)
{
	struct current *cur = data;
	char buf[DATETIME_TEXT_MAX > 24 ? DATETIME_TEXT_MAX : 24];

	/* In the event's own zone: an answer without offset is read in it. */
	const struct tz *zone = tz_cache_or_utc(e->timezone);

	put(cur, "name", e->name);
	datetime_format_local(buf, e->start_date, zone);
	put(cur, "start", buf);
	datetime_format_local(buf, e->end_date, zone);
	put(cur, "end", buf);
	put(cur, "location", e->location);
	snprintf(buf, sizeof buf, "%" PRId64, e->attendees_count);
	put(cur, "attendees", buf);
	put(cur, "notes", e->notes);
	cur->owner = e->support_contact_id;
	return CRM_OK;
}

static enum crm_code got_user(void *data, const struct user *u)
{
	struct current *cur = data;

	put(cur, "employee-id", u->employee_id);
	put(cur, "name", u->name);
	put(cur, "email", u->email);
	put(cur, "department", u->department_name);
	cur->owner = u->id;
	return CRM_OK;
}

/* Reads the record through the same crm/ show function as `show`. */
static enum crm_code fetch_current(struct cmd_ctx *ctx, int64_t id, struct current *cur,
				   struct crm_error *err)
{
	const char *noun = cur->e->noun;

	if (strcmp(noun, "clients") == 0)
		return client_show(ctx->crm, &ctx->session, id, got_client, cur, err);
	if (strcmp(noun, "contracts") == 0)
		return contract_show(ctx->crm, &ctx->session, id, got_contract, cur, err);
	if (strcmp(noun, "events") == 0)
		return event_show(ctx->crm, &ctx->session, id, got_event, cur, err);
	if (strcmp(noun, "users") == 0)
		return user_show(ctx->crm, &ctx->session, id, got_user, cur, err);
	return CRM_OK;
}

/* The policy action of a command that asks for fields, so that a refusal
 * comes before the questions rather than after them. -1: none. */
static int action_of(const struct cmd_entry *e)
{
	enum policy_action action;

	return policy_action_from_name(e->action, &action) ? (int)action : -1;
}

/* ---- asking ---------------------------------------------------------- */

static void show_choices(struct shell *sh, const struct cmd_entry *e,
			 const struct cmd_option *opt)
{
	struct shell_candidates c = { 0 };
	enum shell_choice kind = shell_choice_for(e, opt->name);

	if (kind == CHOICE_NONE || kind == CHOICE_DEPARTMENT || kind == CHOICE_TIMEZONE)
		return;
	shell_choices(sh, kind, "", SHELL_CHOICES_SHOWN, &c);
	if (c.n)
		shell_candidates_print(stderr, &c, 80);
	shell_candidates_free(&c);
}

/* One field, until its answer passes the option's check. *out is NULL for
 * an optional field left empty. */
static enum crm_code ask_one(struct shell *sh, const struct cmd_entry *e,
			     const struct cmd_option *opt, const char *current, bool must,
			     char **out, struct crm_error *err)
{
	show_choices(sh, e, opt);
	for (;;) {
		char *answer = NULL;
		enum crm_code rc;

		sh->asking_entry = e;
		sh->asking = opt;
		rc = prompt_line(_(opt->prompt), current, &answer, err);
		sh->asking = NULL;
		sh->asking_entry = NULL;
		if (rc)
			return rc;
		if (!answer[strspn(answer, " \t")]) {
			free(answer);
			if (must) {
				fputs(_("  a value is needed ('cancel' gives up)\n"), stderr);
				continue;
			}
			*out = NULL;
			return CRM_OK;
		}
		if (opt->check && !(current && strcmp(answer, current) == 0) &&
		    opt->check(answer, err) != CRM_OK) {
			fprintf(stderr, "  %s\n", err->msg);
			free(answer);
			continue;
		}
		*out = answer;
		return CRM_OK;
	}
}

static void heading(const struct cmd_entry *e, bool update, int64_t id)
{
	size_t len = strlen(e->noun);

	/* "clients" -> "client" */
	if (len && e->noun[len - 1] == 's')
		len--;
	if (update)
		fprintf(stderr, _("Updating %.*s %" PRId64 ": Enter keeps the value in brackets; "
				  "'cancel' or Ctrl-C gives up.\n"), (int)len, e->noun, id);
	else if (strcmp(e->verb, "create") == 0)
		fprintf(stderr, _("New %.*s: 'cancel' or Ctrl-C gives up, nothing is written "
				  "before the last answer.\n"), (int)len, e->noun);
}

enum crm_code shell_ask_fields(struct cmd_ctx *ctx, struct cmd_args *args,
			       struct crm_error *err)
{
	struct shell *sh = ctx->front;
	const struct cmd_entry *e = args->entry;
	struct current cur = { .e = e, .zone = ctx->crm_opt.zone };
	bool update, any_given = false, any_asked = false;
	int changed = 0, action;
	enum crm_code rc = CRM_OK;

	if (!sh || !ctx->interactive || !e->options || !e->noun)
		return cmd_complete_fields(ctx, args, err);
	for (int i = 0; e->options[i].name; i++) {
		if (e->options[i].prompt && !args->given[i])
			any_asked = true;
		if (args->given[i])
			any_given = true;
	}
	update = strcmp(e->verb, "update") == 0;
	/* An update that says what to change, or a command with everything
	 * on the line, asks nothing: as in one-shot mode. */
	if (!any_asked || (update && any_given))
		return CRM_OK;
	action = action_of(e);
	if (action >= 0) {
		rc = policy_allows(&ctx->session, (enum policy_action)action, err);
		if (rc)
			return rc;
	}
	if (update) {
		rc = fetch_current(ctx, args->id, &cur, err);
		if (rc == CRM_OK && action >= 0 && action != ACT_USER_MANAGE)
			rc = policy_check_owner(&ctx->session, (enum policy_action)action,
						cur.owner, err);
		if (rc)
			goto done;
	}
	heading(e, update, args->id);
	for (int i = 0; e->options[i].name; i++) {
		const struct cmd_option *opt = &e->options[i];
		char *answer = NULL;

		if (!opt->prompt || args->given[i])
			continue;
		/* Some options on the line: only what is still missing. */
		if (!update && any_given && !opt->required)
			continue;
		rc = ask_one(sh, e, opt, cur.v[i], opt->required && !update, &answer, err);
		if (rc)
			goto done;
		if (!answer)
			continue;
		if (update && cur.v[i] && strcmp(answer, cur.v[i]) == 0) {
			free(answer); /* kept: not sent, not journaled */
			continue;
		}
		args->owned[i] = answer;
		args->values[i] = answer;
		args->given[i] = true;
		changed++;
	}
	if (update && !changed)
		rc = crm_error_set(err, CRM_EINVALID, "nothing changed: every value was kept");
done:
	for (int i = 0; i < CMD_MAX_OPTIONS; i++)
		free(cur.v[i]);
	return rc;
}
