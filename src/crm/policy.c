#include "crm/policy.h"

#include <string.h>
#include <strings.h>
#include "util/i18n.h"

/* SPEC.md's permission table, line by line. */
static const struct {
	const char *name; /* stable: front ends and API clients key on it */
	const char *what; /* completes "cannot ..." */
	enum policy_grant commercial, support, management;
} policy_table[ACT_COUNT_] = {
	[ACT_CLIENT_CREATE]   = { "client.create",   N_("create clients"),            GRANT_ALL, GRANT_NO,  GRANT_NO  },
	[ACT_CLIENT_UPDATE]   = { "client.update",   N_("update this client"),        GRANT_OWN, GRANT_NO,  GRANT_NO  },
	/* Commercial: the rows become theirs; Management names the Commercial. */
	[ACT_CLIENT_IMPORT]   = { "client.import",   N_("import clients"),            GRANT_OWN, GRANT_NO,  GRANT_ALL },
	[ACT_CONTRACT_CREATE] = { "contract.create", N_("create contracts"),          GRANT_NO,  GRANT_NO,  GRANT_ALL },
	[ACT_CONTRACT_UPDATE] = { "contract.update", N_("update this contract"),      GRANT_OWN, GRANT_NO,  GRANT_ALL },
	[ACT_CONTRACT_SIGN]   = { "contract.sign",   N_("sign this contract"),        GRANT_OWN, GRANT_NO,  GRANT_ALL },
	[ACT_CONTRACT_PAY]    = { "contract.pay",    N_("record payments for this contract"), GRANT_OWN, GRANT_NO, GRANT_ALL },
	[ACT_PAYMENT_VOID]    = { "payment.void",    N_("void payments"),             GRANT_NO,  GRANT_NO,  GRANT_ALL },
	[ACT_EVENT_CREATE]    = { "event.create",    N_("create an event for this contract"), GRANT_OWN, GRANT_NO, GRANT_NO },
	[ACT_EVENT_UPDATE]    = { "event.update",    N_("update this event"),         GRANT_NO,  GRANT_OWN, GRANT_ALL },
	[ACT_EVENT_ASSIGN]    = { "event.assign",    N_("assign support to events"),  GRANT_NO,  GRANT_NO,  GRANT_ALL },
	[ACT_EVENT_MY_EVENTS] = { "event.my_events", N_("list assigned events (support staff only)"), GRANT_NO, GRANT_ALL, GRANT_NO },
	[ACT_USER_MANAGE]     = { "user.manage",     N_("manage users"),              GRANT_NO,  GRANT_NO,  GRANT_ALL },
	[ACT_AUDIT_LIST]      = { "audit.list",      N_("read the journal"),          GRANT_NO,  GRANT_NO,  GRANT_ALL },
};

const char *policy_action_name(enum policy_action action)
{
	return (unsigned)action < ACT_COUNT_ ? policy_table[action].name : NULL;
}

bool policy_action_from_name(const char *name, enum policy_action *out)
{
	for (int i = 0; name && i < ACT_COUNT_; i++) {
		if (strcmp(policy_table[i].name, name) == 0) {
			*out = (enum policy_action)i;
			return true;
		}
	}
	return false;
}

const char *policy_grant_name(enum policy_grant grant)
{
	switch (grant) {
	case GRANT_OWN: return "own";
	case GRANT_ALL: return "all";
	case GRANT_NO: break;
	}
	return "none";
}

enum crm_code crm_permissions(const struct session *s, crm_permission_fn fn, void *ctx)
{
	for (int i = 0; i < ACT_COUNT_; i++) {
		enum crm_code rc = fn(ctx, policy_table[i].name,
				      policy_grant_name(policy_grant(s->dept, (enum policy_action)i)));
		if (rc)
			return rc;
	}
	return CRM_OK;
}

enum policy_grant policy_grant(enum department dept, enum policy_action action)
{
	if ((unsigned)action >= ACT_COUNT_)
		return GRANT_NO;
	switch (dept) {
	case DEPT_COMMERCIAL: return policy_table[action].commercial;
	case DEPT_SUPPORT: return policy_table[action].support;
	case DEPT_MANAGEMENT: return policy_table[action].management;
	case DEPT_NONE: break;
	}
	return GRANT_NO;
}

static enum crm_code denied(const struct session *s, enum policy_action action,
			    struct crm_error *err)
{
	return crm_error_set(err, CRM_EPERM, "permission denied: %s staff cannot %s",
			     C_("department", department_name(s->dept)),
			     i18n_error(policy_table[action].what));
}

enum crm_code policy_allows(const struct session *s, enum policy_action action,
			    struct crm_error *err)
{
	if (policy_grant(s->dept, action) == GRANT_NO)
		return denied(s, action, err);
	return CRM_OK;
}

enum crm_code policy_check_owner(const struct session *s,
				 enum policy_action action, int64_t owner_id,
				 struct crm_error *err)
{
	switch (policy_grant(s->dept, action)) {
	case GRANT_ALL:
		return CRM_OK;
	case GRANT_OWN:
		if (owner_id == s->user_id)
			return CRM_OK;
		return crm_error_set(err, CRM_EPERM,
				     "permission denied: you can only %s when you are its contact",
				     i18n_error(policy_table[action].what));
	case GRANT_NO:
		break;
	}
	return denied(s, action, err);
}
