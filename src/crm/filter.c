/*
 * filter.c — listing criteria from text, once for every front end: the
 * CLI's options and the API's query parameters are the same keys.
 */
#include "crm/crm-internal.h"

#include <string.h>

#include "store/store.h"
#include "util/datetime.h"
#include "util/strbuf.h"
#include "util/validate.h"

/* The key without the dashes an option carries ("--client" -> "client"). */
static const char *bare(const char *key)
{
	while (*key == '-')
		key++;
	return key;
}

/* The dashes the caller used, so that messages name keys as they were typed. */
static int dashes(const char *key)
{
	return (int)(bare(key) - key);
}

static enum crm_code unknown_key(const char *key, struct crm_error *err)
{
	crm_error_set(err, CRM_EINVALID, "'%s' is not a criterion of this list", key);
	return crm_error_field(err, bare(key));
}

/* A flag: absent value or "" or "true" sets it, "false" clears it. */
static enum crm_code flag_value(const char *key, const char *value, bool *out,
				struct crm_error *err)
{
	if (!value || !*value || strcmp(value, "true") == 0) {
		*out = true;
		return CRM_OK;
	}
	if (strcmp(value, "false") == 0) {
		*out = false;
		return CRM_OK;
	}
	crm_error_set(err, CRM_EINVALID, "%s takes no value, or true or false, not '%s'", key,
		      value);
	return crm_error_field(err, bare(key));
}

/* One of two opposite flags (--signed/--unsigned): YES for `yes_key`;
 * "false" asks for the other one (a query's signed=false is unsigned). */
static enum crm_code tristate_value(enum tristate *t, const char *key, const char *value,
				    const char *yes_key, const char *no_key,
				    struct crm_error *err)
{
	bool on = false;
	enum tristate want;
	enum crm_code rc = flag_value(key, value, &on, err);

	if (rc)
		return rc;
	want = (strcmp(bare(key), yes_key) == 0) == on ? YES : NO;
	if (*t != ANY && *t != want) {
		crm_error_set(err, CRM_EINVALID, "%.*s%s and %.*s%s exclude each other",
			      dashes(key), key, yes_key, dashes(key), key, no_key);
		return crm_error_field(err, bare(key));
	}
	*t = want;
	return CRM_OK;
}

static enum crm_code id_value(int64_t *out, const char *key, const char *value,
			      struct crm_error *err)
{
	return crm_field(err, bare(key), validate_id(out, key, value ? value : "", err));
}

size_t crm_sort_columns(const char *noun, const char **names, size_t max)
{
	static const struct { const char *noun; const struct store_sort_table *t; } lists[] = {
		{ "clients", &store_client_sorts }, { "contracts", &store_contract_sorts },
		{ "events", &store_event_sorts }, { "payments", &store_payment_sorts },
		{ "users", &store_user_sorts },
	};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		if (strcmp(lists[i].noun, noun) != 0)
			continue;
		size_t n = lists[i].t->n < max ? lists[i].t->n : max;
		for (size_t j = 0; j < n; j++)
			names[j] = lists[i].t->columns[j].name;
		return n;
	}
	return 0;
}

/* sort: COLUMN (ascending) or -COLUMN (descending), COLUMN one of t's. */
static enum crm_code sort_value(struct list_sort *out, const struct store_sort_table *t,
				const char *key, const char *value, struct crm_error *err)
{
	const char *name = value ? value : "";
	bool descending = *name == '-';
	const struct store_sort_column *c = store_sort_find(t, name + descending);
	struct strbuf names = STRBUF_INIT;

	if (c) {
		out->column = c->name;
		out->descending = descending;
		return CRM_OK;
	}
	for (size_t i = 0; i < t->n; i++)
		strbuf_printf(&names, "%s%s", i ? ", " : "", t->columns[i].name);
	crm_error_set(err, CRM_EINVALID,
		      "%s is a column to sort by, -COLUMN for descending order: %s; not '%s'",
		      key, names.buf, name);
	strbuf_free(&names);
	return crm_error_field(err, bare(key));
}

enum crm_code client_filter_set(struct client_filter *f, const char *key, const char *value,
				struct crm_error *err)
{
	if (strcmp(bare(key), "mine") == 0)
		return flag_value(key, value, &f->mine, err);
	if (strcmp(bare(key), "search") == 0) {
		f->search = value;
		return CRM_OK;
	}
	if (strcmp(bare(key), "sort") == 0)
		return sort_value(&f->sort, &store_client_sorts, key, value, err);
	return unknown_key(key, err);
}

enum crm_code contract_filter_set(struct contract_filter *f, const char *key,
				  const char *value, struct crm_error *err)
{
	const char *k = bare(key);

	if (strcmp(k, "signed") == 0 || strcmp(k, "unsigned") == 0)
		return tristate_value(&f->is_signed, key, value, "signed", "unsigned", err);
	if (strcmp(k, "paid") == 0 || strcmp(k, "unpaid") == 0)
		return tristate_value(&f->is_paid, key, value, "paid", "unpaid", err);
	if (strcmp(k, "mine") == 0)
		return flag_value(key, value, &f->mine, err);
	if (strcmp(k, "client") == 0)
		return id_value(&f->client_id, key, value, err);
	if (strcmp(k, "overdue") == 0)
		return flag_value(key, value, &f->overdue, err);
	if (strcmp(k, "sort") == 0)
		return sort_value(&f->sort, &store_contract_sorts, key, value, err);
	return unknown_key(key, err);
}

enum crm_code event_filter_set(struct event_filter *f, const struct tz *zone, const char *key,
			       const char *value, struct crm_error *err)
{
	const char *k = bare(key);

	if (strcmp(k, "no-support") == 0 || strcmp(k, "no_support") == 0)
		return flag_value(key, value, &f->no_support, err);
	if (strcmp(k, "mine") == 0)
		return flag_value(key, value, &f->mine, err);
	if (strcmp(k, "contract") == 0)
		return id_value(&f->contract_id, key, value, err);
	if (strcmp(k, "support") == 0) {
		/* none, me (whoever asks), or a user's id */
		if (value && strcmp(value, "none") == 0)
			return flag_value(key, NULL, &f->no_support, err);
		if (value && strcmp(value, "me") == 0) {
			f->support_me = true;
			return CRM_OK;
		}
		return id_value(&f->support_id, key, value, err);
	}
	if (strcmp(k, "from") == 0) {
		f->has_from = true;
		return crm_field(err, k, datetime_parse(&f->from, key, value ? value : "", zone,
							 err));
	}
	if (strcmp(k, "to") == 0) {
		f->has_to = true;
		return crm_field(err, k, datetime_parse(&f->to, key, value ? value : "", zone,
							 err));
	}
	if (strcmp(k, "sort") == 0)
		return sort_value(&f->sort, &store_event_sorts, key, value, err);
	return unknown_key(key, err);
}

enum crm_code user_filter_set(struct user_filter *f, const char *key, const char *value,
			      struct crm_error *err)
{
	const char *k = bare(key);

	if (strcmp(k, "department") == 0) {
		f->department = value;
		return CRM_OK;
	}
	if (strcmp(k, "active") == 0 || strcmp(k, "inactive") == 0)
		return tristate_value(&f->active, key, value, "active", "inactive", err);
	if (strcmp(k, "sort") == 0)
		return sort_value(&f->sort, &store_user_sorts, key, value, err);
	return unknown_key(key, err);
}

enum crm_code payment_filter_set(struct payment_filter *f, const char *key,
				 const char *value, struct crm_error *err)
{
	const char *k = bare(key);

	if (strcmp(k, "contract") == 0)
		return id_value(&f->contract_id, key, value, err);
	if (strcmp(k, "since") == 0)
		return crm_field(err, k, date_parse(f->since, key, value ? value : "", err));
	if (strcmp(k, "until") == 0)
		return crm_field(err, k, date_parse(f->until, key, value ? value : "", err));
	if (strcmp(k, "sort") == 0)
		return sort_value(&f->sort, &store_payment_sorts, key, value, err);
	return unknown_key(key, err);
}
