/* tx.c — crm_tx, the one way crm/ runs a transaction (crm-internal.h). */
#include "crm/crm-internal.h"

/* Runs of a body: the first, and one more after a conflict the database
 * calls retryable. Twice in a row means heavy contention on the same rows,
 * which the user should hear about rather than wait through. */
#define CRM_TX_RUNS 2

/* One run of body in a transaction of its own. */
static enum crm_code tx_run(struct crm *crm, crm_tx_body body, void *ctx,
			    struct crm_error *err)
{
	enum crm_code rc = db_begin(crm->db, err);

	if (rc)
		return rc;
	rc = body(crm, ctx, err);
	if (rc == CRM_OK)
		rc = db_commit(crm->db, err);
	if (rc)
		db_rollback(crm->db); /* also after a failed COMMIT (db.h) */
	return rc;
}

enum crm_code crm_tx(struct crm *crm, crm_tx_body body, void *ctx,
		     struct crm_error *err)
{
	enum crm_code rc;

	for (int run = 1;; run++) {
		crm->tx_delivered = false;
		rc = tx_run(crm, body, ctx, err);
		/* db_retryable still speaks of the run that just ended: only
		 * db_begin and statements outside a transaction clear it. */
		if (rc == CRM_OK || run == CRM_TX_RUNS || crm->tx_delivered ||
		    !db_retryable(crm->db))
			break;
		/* The conflict is resolved by the next run or reported by it:
		 * its message (and field) must not outlive it either way. */
		crm_error_clear(err);
	}
	crm->tx_delivered = false;
	return rc;
}

void crm_tx_delivered(struct crm *crm)
{
	crm->tx_delivered = true;
}
