#include "cli/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/validate.h"

static int option_index(const struct cmd_entry *e, const char *name, size_t len)
{
	if (!e->options)
		return -1;
	for (int i = 0; e->options[i].name; i++)
		if (strlen(e->options[i].name) == len &&
		    strncmp(e->options[i].name, name, len) == 0)
			return i;
	return -1;
}

/* Global output options are accepted after the command too. */
static bool apply_output_option(struct cmd_ctx *ctx, const char *name)
{
	if (strcmp(name, "json") == 0) {
		ctx->out.format = OUT_JSON;
	} else if (strcmp(name, "csv") == 0) {
		ctx->out.format = OUT_CSV;
	} else if (strcmp(name, "no-color") == 0) {
		ctx->out.color = false;
	} else {
		return false;
	}
	return true;
}

static enum crm_code parse_page(struct cmd_args *out, const char *name,
				const char *value, struct crm_error *err)
{
	int64_t v;
	enum crm_code rc;

	if (strcmp(name, "limit") == 0) {
		rc = validate_int(&v, "--limit", value, 1, INT64_C(1000000000000), err);
		out->limit = v;
	} else {
		rc = validate_int(&v, "--offset", value, 0, INT64_C(1000000000000), err);
		out->offset = v;
	}
	return rc;
}

enum crm_code cmd_parse_args(const struct cmd_entry *e, int argc, char **argv,
			     struct cmd_ctx *ctx, struct cmd_args *out,
			     struct crm_error *err)
{
	bool options_done = false;
	char name_buf[64];

	memset(out, 0, sizeof *out);
	out->entry = e;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		const char *name, *eq, *value = NULL;
		size_t name_len;
		int idx;

		if (options_done || arg[0] != '-' || arg[1] != '-' || arg[2] == '\0') {
			if (!options_done && strcmp(arg, "--") == 0) {
				options_done = true;
				continue;
			}
			if (arg[0] == '-' && arg[1] != '\0' && arg[1] != '-' && !options_done)
				return crm_error_set(err, CRM_EINVALID,
						     "unknown option '%s' for '%s': see 'epicevents help %s'",
						     arg, cmd_name(e, name_buf, sizeof name_buf),
						     cmd_name(e, name_buf, sizeof name_buf));
			if (!e->positional || out->id_text)
				return crm_error_set(err, CRM_EINVALID,
						     "unexpected argument '%s' for '%s'", arg,
						     cmd_name(e, name_buf, sizeof name_buf));
			out->id_text = arg;
			continue;
		}
		name = arg + 2;
		eq = strchr(name, '=');
		name_len = eq ? (size_t)(eq - name) : strlen(name);
		if (eq)
			value = eq + 1;

		if (!eq && apply_output_option(ctx, name))
			continue;
		/* --db is global but welcome after the command too. */
		if (name_len == 2 && strncmp(name, "db", 2) == 0) {
			if (!value) {
				if (i + 1 >= argc)
					return crm_error_set(err, CRM_EINVALID, "option '--db' needs a value");
				value = argv[++i];
			}
			ctx->db_option = value;
			continue;
		}
		if ((e->flags & CMD_LIST) &&
		    ((name_len == 5 && strncmp(name, "limit", 5) == 0) ||
		     (name_len == 6 && strncmp(name, "offset", 6) == 0))) {
			char which[8];
			enum crm_code rc;
			memcpy(which, name, name_len);
			which[name_len] = '\0';
			if (!value) {
				if (i + 1 >= argc)
					return crm_error_set(err, CRM_EINVALID,
							     "option '--%s' needs a value", which);
				value = argv[++i];
			}
			rc = parse_page(out, which, value, err);
			if (rc)
				return rc;
			continue;
		}
		idx = option_index(e, name, name_len);
		if (idx < 0)
			return crm_error_set(err, CRM_EINVALID,
					     "unknown option '--%.*s' for '%s': see 'epicevents help %s'",
					     (int)name_len, name,
					     cmd_name(e, name_buf, sizeof name_buf),
					     cmd_name(e, name_buf, sizeof name_buf));
		if (e->options[idx].kind == OPT_FLAG) {
			if (eq)
				return crm_error_set(err, CRM_EINVALID,
						     "option '--%s' takes no value", e->options[idx].name);
			out->given[idx] = true;
			continue;
		}
		if (!value) {
			if (i + 1 >= argc)
				return crm_error_set(err, CRM_EINVALID, "option '--%s' needs a value",
						     e->options[idx].name);
			value = argv[++i];
		}
		if (out->given[idx])
			return crm_error_set(err, CRM_EINVALID, "option '--%s' is given twice",
					     e->options[idx].name);
		out->given[idx] = true;
		out->values[idx] = value;
	}
	if (e->positional) {
		if (!out->id_text)
			return crm_error_set(err, CRM_EINVALID, "'%s' needs an %s: '%s %s'",
					     cmd_name(e, name_buf, sizeof name_buf), e->positional,
					     cmd_name(e, name_buf, sizeof name_buf), e->positional);
		/* Positionals are ids but for `clients import FILE`. */
		if (strcmp(e->positional, "ID") == 0)
			return validate_id(&out->id, NC_("field", "id"), out->id_text, err);
	}
	return CRM_OK;
}

void cmd_args_free(struct cmd_args *args)
{
	for (int i = 0; i < CMD_MAX_OPTIONS; i++)
		free(args->owned[i]);
	memset(args, 0, sizeof *args);
}

/* A run function asking for an option its entry does not declare is a
 * typo that would otherwise read as "not given" forever: it stops the
 * program at the first test that runs the command. */
static int declared_option(const struct cmd_args *args, const char *name)
{
	int idx = option_index(args->entry, name, strlen(name));

	if (idx < 0) {
		fprintf(stderr, "epicevents: internal error: '%s %s' declares no option --%s\n",
			args->entry->noun ? args->entry->noun : "", args->entry->verb, name);
		abort();
	}
	return idx;
}

const char *cmd_arg(const struct cmd_args *args, const char *name)
{
	return args->values[declared_option(args, name)];
}

void cmd_bind(const struct cmd_args *args, void *input)
{
	const struct cmd_option *opts = args->entry->options;

	for (int i = 0; opts && opts[i].name; i++) {
		if (opts[i].field && opts[i].kind == OPT_VALUE)
			*(const char **)((char *)input + opts[i].field - 1) = args->values[i];
	}
}

bool cmd_next_given(const struct cmd_args *args, int *i, char key[CMD_KEY_MAX],
		    const char **value)
{
	const struct cmd_option *opts = args->entry->options;

	for (; opts && opts[*i].name; (*i)++) {
		if (!args->given[*i])
			continue;
		snprintf(key, CMD_KEY_MAX, "--%s", opts[*i].name);
		*value = opts[*i].kind == OPT_FLAG ? NULL : args->values[*i];
		(*i)++;
		return true;
	}
	return false;
}

bool cmd_flag(const struct cmd_args *args, const char *name)
{
	return args->given[declared_option(args, name)];
}
