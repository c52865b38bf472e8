/*
 * journal.c — the audit_log: writing a change's row (crm_journal, [old, new]
 * per changed field), `audit list` with its criteria, and a record's
 * history (`clients|contracts|events|users history ID`).
 */
#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/datetime.h"
#include "util/strbuf.h"
#include "util/validate.h"

/* A creation's values become [null, value]: what an update records, from
 * nothing. */
static void as_initial_values(json_t *details)
{
	const char *key;
	json_t *value;

	json_object_foreach(details, key, value) {
		json_t *pair = json_array();

		json_array_append_new(pair, json_null());
		json_array_append(pair, value);
		json_object_set_new(details, key, pair);
	}
}

enum crm_code crm_journal(struct crm *crm, const struct session *s,
			  const char *action, const char *entity,
			  int64_t entity_id, json_t *details,
			  struct crm_error *err)
{
	char label[sizeof ((struct session *)0)->name + sizeof ((struct session *)0)->email + 4];
	char *text = NULL;
	enum crm_code rc;

	if (details && strcmp(action, "create") == 0)
		as_initial_values(details);
	if (details && json_object_size(details) > 0)
		text = json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS);
	snprintf(label, sizeof label, "%s <%s>", s->name, s->email);
	rc = store_audit_add(crm->db, s->user_id, label, action, entity,
			     entity_id, text, err);
	free(text);
	json_decref(details);
	return rc;
}

void crm_journal_text(json_t *details, const char *key, const char *text)
{
	if (details && text)
		json_object_set_new(details, key, json_string(text));
}

void crm_journal_change(json_t *details, const char *key, json_t *old, json_t *new)
{
	if (!old)
		old = json_null();
	if (new && !json_equal(old, new)) {
		json_t *pair = json_array();

		json_array_append_new(pair, old);
		json_array_append_new(pair, new);
		json_object_set_new(details, key, pair);
		return;
	}
	json_decref(old);
	json_decref(new);
}

json_t *crm_jtext(const char *text)
{
	return text ? json_string(text) : json_null();
}

void crm_notify(struct crm *crm, const char *action_type,
		const struct session *s, int64_t entity_id)
{
	if (crm->notify)
		crm->notify(crm->notify_ctx, action_type, s, entity_id);
}

/* What the journal names: tables as data, so that a typo in a criterion
 * is an error rather than an empty list. The import's "import" and any
 * later action go here too. */
const char *const audit_entity_names[] = {
	"client", "contract", "event", "user", "payment", "session", NULL,
};
const char *const audit_action_names[] = {
	"create", "update", "delete", "sign", "assign", "pay", "void", "import",
	"deactivate", "reactivate", "unlock", "login", "login_failed", "login_refused",
	"logout_all", "passwd_failed", "passwd_refused", NULL,
};

/* The table's own string for word (an entity may be given in the plural,
 * as the commands name it: "clients"); NULL when it has none. */
static const char *known_word(const char *const *table, const char *word, bool plural_ok)
{
	size_t n = strlen(word);

	for (int i = 0; table[i]; i++) {
		if (strcmp(table[i], word) == 0)
			return table[i];
		if (plural_ok && n == strlen(table[i]) + 1 && word[n - 1] == 's' &&
		    strncmp(table[i], word, n - 1) == 0)
			return table[i];
	}
	return NULL;
}

static enum crm_code one_of(const char **out, const char *const *table, bool plural_ok,
			    const char *key, const char *value, struct crm_error *err)
{
	struct strbuf names = STRBUF_INIT;
	const char *bare = key + strspn(key, "-");

	*out = known_word(table, value ? value : "", plural_ok);
	if (*out)
		return CRM_OK;
	for (int i = 0; table[i]; i++)
		strbuf_printf(&names, "%s%s", i ? ", " : "", table[i]);
	crm_error_set(err, CRM_EINVALID, "%s '%s' is not one of %s", key, value ? value : "",
		      names.buf ? names.buf : "");
	strbuf_free(&names);
	return crm_error_field(err, bare);
}

/* until as a date is the whole day: the instant before the next midnight. */
static enum crm_code until_value(int64_t *out, const char *key, const char *value,
				 const struct tz *zone, struct crm_error *err)
{
	char day[DATE_TEXT_MAX], next[DATE_TEXT_MAX];
	int y, m, d;
	struct tm tm = { 0 };
	time_t t;

	if (date_parse(day, key, value, NULL) != CRM_OK)
		return datetime_parse(out, key, value, zone, err);
	if (sscanf(day, "%d-%d-%d", &y, &m, &d) != 3)
		return datetime_parse(out, key, value, zone, err);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + 1;
	t = timegm(&tm); /* normalises the day after */
	gmtime_r(&t, &tm);
	strftime(next, sizeof next, "%Y-%m-%d", &tm);
	if (datetime_parse(out, key, next, zone, err) != CRM_OK)
		return datetime_parse(out, key, value, zone, err);
	*out -= 1;
	return CRM_OK;
}

enum crm_code audit_filter_set(struct audit_filter *f, const struct tz *zone, const char *key,
			       const char *value, struct crm_error *err)
{
	const char *k = key + strspn(key, "-");
	enum crm_code rc;

	if (strcmp(k, "entity") == 0)
		return one_of(&f->entity, audit_entity_names, true, key, value, err);
	if (strcmp(k, "action") == 0)
		return one_of(&f->action, audit_action_names, false, key, value, err);
	if (strcmp(k, "id") == 0)
		return crm_field(err, k, validate_id(&f->entity_id, key, value ? value : "", err));
	if (strcmp(k, "actor") == 0)
		return crm_field(err, k, validate_id(&f->actor_id, key, value ? value : "", err));
	if (strcmp(k, "since") == 0) {
		f->has_since = true;
		return crm_field(err, k, datetime_parse(&f->since, key, value ? value : "", zone,
							 err));
	}
	if (strcmp(k, "until") == 0) {
		f->has_until = true;
		return crm_field(err, k, until_value(&f->until, key, value ? value : "", zone, err));
	}
	if (strcmp(k, "newest-first") == 0 || strcmp(k, "newest_first") == 0) {
		if (!value || !*value || strcmp(value, "true") == 0 || strcmp(value, "false") == 0) {
			f->newest_first = !value || strcmp(value, "false") != 0;
			return CRM_OK;
		}
		crm_error_set(err, CRM_EINVALID, "%s takes no value, or true or false, not '%s'",
			      key, value);
		return crm_error_field(err, k);
	}
	if (strcmp(k, "order") == 0) { /* the API's order=newest|oldest */
		if (value && (strcmp(value, "newest") == 0 || strcmp(value, "oldest") == 0)) {
			f->newest_first = strcmp(value, "newest") == 0;
			return CRM_OK;
		}
		crm_error_set(err, CRM_EINVALID, "%s is newest or oldest, not '%s'", key,
			      value ? value : "");
		return crm_error_field(err, k);
	}
	rc = crm_error_set(err, CRM_EINVALID, "'%s' is not a criterion of this list", key);
	crm_error_field(err, k);
	return rc;
}

enum crm_code local_audit_list(struct crm *crm, const struct session *s,
			       const struct audit_filter *f, audit_fn fn, void *ctx,
			       struct crm_error *err)
{
	enum crm_code rc = policy_allows(s, ACT_AUDIT_LIST, err);

	if (rc)
		return rc;
	if (f->entity_id && !f->entity)
		return crm_error_set(err, CRM_EINVALID,
				     "--id needs --entity: ids are per kind of record");
	if (f->has_since && f->has_until && f->since > f->until)
		return crm_error_set(err, CRM_EINVALID, "--since is after --until");
	return store_audit_list(crm->db, f, fn, ctx, err);
}

/* Whether record `id` of entity exists: CRM_ENOTFOUND naming it if not. */
static enum crm_code record_exists(struct crm *crm, const char *entity, int64_t id,
				   struct crm_error *err)
{
	enum crm_code rc;

	if (strcmp(entity, "client") == 0) {
		struct client c = { 0 };
		rc = store_client_get(crm->db, id, false, &c, err);
		client_clear(&c);
	} else if (strcmp(entity, "contract") == 0) {
		struct contract k = { 0 };
		rc = store_contract_get(crm->db, id, false, &k, err);
		contract_clear(&k);
	} else if (strcmp(entity, "event") == 0) {
		struct event e = { 0 };
		rc = store_event_get(crm->db, id, false, &e, err);
		event_clear(&e);
	} else {
		struct user_row u = { 0 };
		rc = store_user_get(crm->db, id, false, &u, err);
		user_row_clear(&u);
	}
	return rc;
}

enum crm_code local_audit_history(struct crm *crm, const struct session *s, const char *entity,
				  int64_t id, audit_fn fn, void *ctx, struct crm_error *err)
{
	struct audit_filter f = { .entity_id = id };
	enum crm_code rc;

	f.entity = known_word(audit_entity_names, entity ? entity : "", true);
	if (!f.entity || strcmp(f.entity, "payment") == 0 || strcmp(f.entity, "session") == 0)
		return crm_error_set(err, CRM_EINVALID, "no history for '%s'",
				     entity ? entity : "");
	/* Whoever may see the record: everyone for clients, contracts and
	 * events; users are Management's. */
	if (strcmp(f.entity, "user") == 0) {
		rc = policy_allows(s, ACT_USER_MANAGE, err);
		if (rc)
			return rc;
	}
	rc = record_exists(crm, f.entity, id, err);
	if (rc == CRM_ENOTFOUND) {
		/* A user deleted since keeps their journal. */
		struct crm_error none = { 0 };
		bool has = false;

		if (store_audit_has_rows(crm->db, f.entity, id, &has, &none) == CRM_OK && has)
			rc = CRM_OK;
		else
			return rc;
		crm_error_clear(err);
	}
	if (rc)
		return rc;
	return store_audit_list(crm->db, &f, fn, ctx, err);
}
