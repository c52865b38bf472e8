/*
 * crm-internal.h — what the operation files of crm/ share: the handle,
 * transactions, the journal row.
 */
#ifndef EPICEVENTS_CRM_INTERNAL_H
#define EPICEVENTS_CRM_INTERNAL_H

#include <jansson.h>

#include "crm/crm.h"
#include "crm/crm-ops.h"
#include "store/db.h"

/* The handle behind crm.h's opaque struct crm. */
struct crm {
	const struct crm_ops *ops;
	struct db *db;                /* the local backend's connection */
	bool owns_db;
	const struct tz *zone;        /* struct crm_options, as opened */
	const char *timezone;
	const char *jwt_secret;
	crm_notify_fn notify;
	void *notify_ctx;
	bool tx_delivered;            /* crm_tx_delivered, in the running body */
};

/* SPEC.md: after 5 failed logins for one email within 15 minutes, that
 * email is refused for 15 minutes. */
#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_MAX_FAILURES 5

/* rc of one input field's validation; a failure names the field by its key
 * (err->field), e.g. rc = crm_field(err, "email", validate_email(...)). */
static inline enum crm_code crm_field(struct crm_error *err, const char *key, enum crm_code rc)
{
	if (rc)
		crm_error_field(err, key);
	return rc;
}

/*
 * Transactions: every operation that writes does so in crm_tx, which
 * begins a transaction, runs body(crm, ctx, err) in it, commits when the
 * body returns CRM_OK and rolls back otherwise (also when the COMMIT
 * fails); it returns the body's code, or the commit's.
 *
 * When the database gave the transaction up for a concurrent one's sake
 * (db_retryable: a serialization failure or deadlock on PostgreSQL, a stale
 * snapshot on SQLite), crm_tx runs the whole body once more, in a new
 * transaction that starts after the other's outcome: a server with many
 * writers meets such conflicts, and the user should not see an error that
 * a second run resolves. A second conflict is reported (CRM_ECONFLICT
 * "concurrent change: try again"), never retried on and on.
 *
 * So a body may run twice. It must start from ctx's inputs each time
 * (release and reset what a previous run filled in), and leave what cannot
 * be taken back (notifications, output) until crm_tx has returned. A body
 * that does hand something to a caller, such as rows to a listing's
 * callback, calls crm_tx_delivered(crm) before the first: from then on its
 * failures are reported as they are, since the caller has printed part of
 * a result that a second run would repeat.
 */
typedef enum crm_code (*crm_tx_body)(struct crm *crm, void *ctx, struct crm_error *err);
enum crm_code crm_tx(struct crm *crm, crm_tx_body body, void *ctx,
		     struct crm_error *err);
void crm_tx_delivered(struct crm *crm);

/* The key that signs tokens (auth.c; malloc'ed into *key, release with
 * OPENSSL_clear_free): JWT_SECRET_KEY, or the database's own. */
enum crm_code crm_token_key(struct crm *crm, unsigned char **key, size_t *key_len,
			    struct crm_error *err);

/*
 * Writes the audit_log row of a change, inside the caller's transaction.
 * Takes ownership of details (may be NULL). Never pass a secret.
 *
 * details is a JSON object of fields. An update gives each changed field
 * as [old, new] (crm_journal_change), so that `history` can say who
 * changed what from what; a creation gives its initial values as plain
 * values and crm_journal stores each as [null, value], the same shape.
 * Other actions (delete, deactivate, pay, void, login...) keep plain
 * values that describe the act. A secret is only ever "changed".
 */
enum crm_code crm_journal(struct crm *crm, const struct session *s,
			  const char *action, const char *entity,
			  int64_t entity_id, json_t *details,
			  struct crm_error *err);

/* details[key] = text, when text is not NULL. */
void crm_journal_text(json_t *details, const char *key, const char *text);

/* A client's fields, validated and normalised (client.c) as `clients
 * create` and `update` and the import check them: malloc'ed copies, NULL
 * where not given. A failure names the field (err->field). */
struct client_fields {
	char *full_name, *email, *phone, *company_name;
};
enum crm_code client_fields_validate(struct client_fields *out,
				     const struct client_input *in, bool all_required,
				     struct crm_error *err);
void client_fields_free(struct client_fields *f);
/* details[key] = [old, new] when new was given (not NULL) and differs from
 * old; takes ownership of both. A value that is empty is json_null(). */
void crm_journal_change(json_t *details, const char *key, json_t *old, json_t *new);
/* text as a JSON value: a string, or null for NULL (for crm_journal_change). */
json_t *crm_jtext(const char *text);

void crm_notify(struct crm *crm, const char *action_type,
		const struct session *s, int64_t entity_id);

#endif
