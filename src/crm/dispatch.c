/*
 * dispatch.c — crm.h's operations, each handed to the backend the handle
 * was opened with (crm-ops.h). Nothing else happens here.
 */
#include "crm/crm-internal.h"

enum crm_code auth_login(struct crm *crm, const char *email,
			 const char *password, char **out_token,
			 struct session *out, struct crm_error *err)
{
	return crm->ops->auth_login(crm, email, password, out_token, out, err);
}

enum crm_code auth_session(struct crm *crm, const char *token,
			   struct session *out, struct crm_error *err)
{
	return crm->ops->auth_session(crm, token, out, err);
}

enum crm_code auth_change_password(struct crm *crm, const struct session *s,
				   const char *old_password,
				   const char *new_password, char **out_token,
				   struct crm_error *err)
{
	return crm->ops->auth_change_password(crm, s, old_password, new_password, out_token, err);
}

enum crm_code auth_revoke(struct crm *crm, const char *token, struct crm_error *err)
{
	return crm->ops->auth_revoke(crm, token, err);
}

enum crm_code auth_revoke_all(struct crm *crm, const struct session *s,
			      struct crm_error *err)
{
	return crm->ops->auth_revoke_all(crm, s, err);
}

enum crm_code user_list(struct crm *crm, const struct session *s,
			const struct user_filter *f, user_fn fn, void *ctx,
			struct crm_error *err)
{
	return crm->ops->user_list(crm, s, f, fn, ctx, err);
}

enum crm_code user_show(struct crm *crm, const struct session *s, int64_t id,
			user_fn fn, void *ctx, struct crm_error *err)
{
	return crm->ops->user_show(crm, s, id, fn, ctx, err);
}

enum crm_code user_create(struct crm *crm, const struct session *s,
			  const struct user_input *in, int64_t *out_id,
			  struct crm_error *err)
{
	return crm->ops->user_create(crm, s, in, out_id, err);
}

enum crm_code user_update(struct crm *crm, const struct session *s, int64_t id,
			  const struct user_input *in, struct crm_error *err)
{
	return crm->ops->user_update(crm, s, id, in, err);
}

enum crm_code user_list_locked(struct crm *crm, const struct session *s,
			       locked_fn fn, void *ctx, struct crm_error *err)
{
	return crm->ops->user_list_locked(crm, s, fn, ctx, err);
}

enum crm_code user_unlock(struct crm *crm, const struct session *s, int64_t id,
			  struct crm_error *err)
{
	return crm->ops->user_unlock(crm, s, id, err);
}

enum crm_code user_delete(struct crm *crm, const struct session *s, int64_t id,
			  int64_t reassign_to, struct crm_error *err)
{
	return crm->ops->user_delete(crm, s, id, reassign_to, err);
}

enum crm_code user_deactivate(struct crm *crm, const struct session *s, int64_t id,
			      int64_t reassign_to, struct crm_error *err)
{
	return crm->ops->user_deactivate(crm, s, id, reassign_to, err);
}

enum crm_code user_reactivate(struct crm *crm, const struct session *s, int64_t id,
			      struct crm_error *err)
{
	return crm->ops->user_reactivate(crm, s, id, err);
}

enum crm_code client_list(struct crm *crm, const struct session *s,
			  const struct client_filter *f, client_fn fn, void *ctx,
			  struct crm_error *err)
{
	return crm->ops->client_list(crm, s, f, fn, ctx, err);
}

enum crm_code client_show(struct crm *crm, const struct session *s, int64_t id,
			  client_fn fn, void *ctx, struct crm_error *err)
{
	return crm->ops->client_show(crm, s, id, fn, ctx, err);
}

enum crm_code client_create(struct crm *crm, const struct session *s,
			    const struct client_input *in, int64_t *out_id,
			    struct crm_error *err)
{
	return crm->ops->client_create(crm, s, in, out_id, err);
}

enum crm_code client_update(struct crm *crm, const struct session *s,
			    int64_t id, const struct client_input *in,
			    struct crm_error *err)
{
	return crm->ops->client_update(crm, s, id, in, err);
}

enum crm_code client_import(struct crm *crm, const struct session *s, FILE *in,
			    const struct client_import_options *opt,
			    const struct client_import_report *report,
			    struct client_import_counts *out, struct crm_error *err)
{
	return crm->ops->client_import(crm, s, in, opt, report, out, err);
}

enum crm_code contract_list(struct crm *crm, const struct session *s,
			    const struct contract_filter *f, contract_fn fn,
			    void *ctx, struct crm_error *err)
{
	return crm->ops->contract_list(crm, s, f, fn, ctx, err);
}

enum crm_code contract_show(struct crm *crm, const struct session *s,
			    int64_t id, contract_fn fn, void *ctx,
			    struct crm_error *err)
{
	return crm->ops->contract_show(crm, s, id, fn, ctx, err);
}

enum crm_code contract_create(struct crm *crm, const struct session *s,
			      const struct contract_input *in, int64_t *out_id,
			      struct crm_error *err)
{
	return crm->ops->contract_create(crm, s, in, out_id, err);
}

enum crm_code contract_update(struct crm *crm, const struct session *s,
			      int64_t id, const struct contract_input *in,
			      struct crm_error *err)
{
	return crm->ops->contract_update(crm, s, id, in, err);
}

enum crm_code contract_sign(struct crm *crm, const struct session *s,
			    int64_t id, struct crm_error *err)
{
	return crm->ops->contract_sign(crm, s, id, err);
}

enum crm_code contract_pay(struct crm *crm, const struct session *s, int64_t contract_id,
			   const struct payment_input *in, int64_t *out_id,
			   struct crm_error *err)
{
	return crm->ops->contract_pay(crm, s, contract_id, in, out_id, err);
}

enum crm_code payment_list(struct crm *crm, const struct session *s,
			   const struct payment_filter *f, payment_fn fn, void *ctx,
			   struct crm_error *err)
{
	return crm->ops->payment_list(crm, s, f, fn, ctx, err);
}

enum crm_code payment_show(struct crm *crm, const struct session *s, int64_t id,
			   payment_fn fn, void *ctx, struct crm_error *err)
{
	return crm->ops->payment_show(crm, s, id, fn, ctx, err);
}

enum crm_code payment_void(struct crm *crm, const struct session *s, int64_t id,
			   const struct payment_void_input *in, struct crm_error *err)
{
	return crm->ops->payment_void(crm, s, id, in, err);
}

enum crm_code event_list(struct crm *crm, const struct session *s,
			 const struct event_filter *f, event_fn fn, void *ctx,
			 struct crm_error *err)
{
	return crm->ops->event_list(crm, s, f, fn, ctx, err);
}

enum crm_code event_list_mine(struct crm *crm, const struct session *s,
			      const struct event_filter *f, event_fn fn,
			      void *ctx, struct crm_error *err)
{
	return crm->ops->event_list_mine(crm, s, f, fn, ctx, err);
}

enum crm_code event_show(struct crm *crm, const struct session *s, int64_t id,
			 event_fn fn, void *ctx, struct crm_error *err)
{
	return crm->ops->event_show(crm, s, id, fn, ctx, err);
}

enum crm_code event_calendar(struct crm *crm, const struct session *s,
			     const struct event_filter *f, struct strbuf *out,
			     struct crm_error *err)
{
	return crm->ops->event_calendar(crm, s, f, out, err);
}

enum crm_code calendar_feed(struct crm *crm, const struct session *s, bool rotate,
			    char **out_token, struct crm_error *err)
{
	return crm->ops->calendar_feed(crm, s, rotate, out_token, err);
}

enum crm_code event_create(struct crm *crm, const struct session *s,
			   const struct event_input *in, int64_t *out_id,
			   struct crm_error *err)
{
	return crm->ops->event_create(crm, s, in, out_id, err);
}

enum crm_code event_update(struct crm *crm, const struct session *s,
			   int64_t id, const struct event_input *in,
			   struct crm_error *err)
{
	return crm->ops->event_update(crm, s, id, in, err);
}

enum crm_code event_assign(struct crm *crm, const struct session *s,
			   int64_t id, int64_t support_user_id, bool allow_overlap,
			   struct crm_error *err)
{
	return crm->ops->event_assign(crm, s, id, support_user_id, allow_overlap, err);
}

enum crm_code audit_list(struct crm *crm, const struct session *s,
			 const struct audit_filter *f, audit_fn fn, void *ctx,
			 struct crm_error *err)
{
	return crm->ops->audit_list(crm, s, f, fn, ctx, err);
}

enum crm_code audit_history(struct crm *crm, const struct session *s, const char *entity,
			    int64_t id, audit_fn fn, void *ctx, struct crm_error *err)
{
	return crm->ops->audit_history(crm, s, entity, id, fn, ctx, err);
}
