#include "crm/crm-internal.h"
#include "crm/policy.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/store.h"

enum crm_code crm_journal(struct crm *crm, const struct session *s,
			  const char *action, const char *entity,
			  int64_t entity_id, json_t *details,
			  struct crm_error *err)
{
	char label[sizeof ((struct session *)0)->name + sizeof ((struct session *)0)->email + 4];
	char *text = NULL;
	enum crm_code rc;

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

void crm_notify(struct crm *crm, const char *action_type,
		const struct session *s, int64_t entity_id)
{
	if (crm->notify)
		crm->notify(crm->notify_ctx, action_type, s, entity_id);
}

enum crm_code local_audit_list(struct crm *crm, const struct session *s,
			       int64_t limit, int64_t offset, audit_fn fn, void *ctx,
			       struct crm_error *err)
{
	enum crm_code rc = policy_allows(s, ACT_AUDIT_LIST, err);

	if (rc)
		return rc;
	return store_audit_list(crm->db, limit, offset, fn, ctx, err);
}
