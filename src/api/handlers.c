/* One function per route (route.c): read the request, call crm/, reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "api/handlers.h"
#include "api/openapi.h"
#include "sec/jwt.h"
#include "util/datetime.h"
#include "util/validate.h"
#include "util/xalloc.h"

/* A key the route's body must have: a missing one is a broken rule (422). */
static enum crm_code required(const char *value, const char *key, struct crm_error *err)
{
	if (value)
		return CRM_OK;
	crm_error_set(err, CRM_EINVALID, "'%s' is required", key);
	return crm_error_field(err, key);
}

/* ---- records ----------------------------------------------------------- */

struct record_reply {
	struct api_request *req;
	unsigned status;
	struct crm_error *err;
};

#define RECORD_REPLY(name, type, desc, values)                                       \
	static enum crm_code name(void *ctx, const type *r)                          \
	{                                                                            \
		struct record_reply *rr = ctx;                                       \
		struct out_value v[RECORD_MAX_FIELDS];                               \
		values(r, v);                                                        \
		return api_reply_values(rr->req, rr->status, &desc, v, rr->err);     \
	}
RECORD_REPLY(client_reply, struct client, record_client, record_client_values)
RECORD_REPLY(contract_reply, struct contract, record_contract, record_contract_values)
RECORD_REPLY(payment_reply, struct payment, record_payment, record_payment_values)
RECORD_REPLY(event_reply, struct event, record_event, record_event_values)
RECORD_REPLY(user_reply, struct user, record_user, record_user_values)

static enum crm_code show_client(struct api_request *req, unsigned status, int64_t id,
				 struct crm_error *err)
{
	struct record_reply rr = { req, status, err };
	return client_show(req->crm, &req->session, id, client_reply, &rr, err);
}

static enum crm_code show_contract(struct api_request *req, unsigned status, int64_t id,
				   struct crm_error *err)
{
	struct record_reply rr = { req, status, err };
	return contract_show(req->crm, &req->session, id, contract_reply, &rr, err);
}

static enum crm_code show_event(struct api_request *req, unsigned status, int64_t id,
				struct crm_error *err)
{
	struct record_reply rr = { req, status, err };
	return event_show(req->crm, &req->session, id, event_reply, &rr, err);
}

static enum crm_code show_user(struct api_request *req, unsigned status, int64_t id,
			       struct crm_error *err)
{
	struct record_reply rr = { req, status, err };
	return user_show(req->crm, &req->session, id, user_reply, &rr, err);
}

static void created_at(struct api_request *req, const char *collection, int64_t id)
{
	api_header(req, "Location", "/api/v1/%s/%lld", collection, (long long)id);
}

/* ---- the server's own -------------------------------------------------- */

enum crm_code api_health(struct api_request *req, struct crm_error *err)
{
	(void)err;
	strbuf_puts(&req->out, "{\"status\": \"ok\"}\n");
	req->status = 200;
	req->content_type = "application/json";
	return CRM_OK;
}

enum crm_code api_ready(struct api_request *req, struct crm_error *err)
{
	enum crm_code rc = crm_schema_check(req->crm, err);

	if (rc) {
		/* what a command on the database would say (a client shows it) */
		api_problem_status(req, 503, CRM_EINTERNAL, err->msg);
		return CRM_OK;
	}
	strbuf_puts(&req->out, "{\"status\": \"ready\"}\n");
	req->status = 200;
	req->content_type = "application/json";
	return CRM_OK;
}

enum crm_code api_metrics(struct api_request *req, struct crm_error *err)
{
	(void)err;
	metrics_write(&req->server->metrics, req->server->pool, &req->out);
	req->status = 200;
	req->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return CRM_OK;
}

enum crm_code api_openapi(struct api_request *req, struct crm_error *err)
{
	(void)err;
	strbuf_add(&req->out, api_openapi_document, api_openapi_document_len);
	req->status = 200;
	req->content_type = "application/json";
	return CRM_OK;
}

/* ---- session ----------------------------------------------------------- */

static void set_cookie(struct api_request *req, const char *token)
{
	if (token)
		api_header(req, "Set-Cookie",
			   "epicevents_session=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d%s",
			   token, JWT_LIFETIME_SECONDS, req->server->tls ? "; Secure" : "");
	else
		api_header(req, "Set-Cookie",
			   "epicevents_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s",
			   req->server->tls ? "; Secure" : "");
}

enum crm_code api_session_create(struct api_request *req, struct crm_error *err)
{
	const struct login_input *in = req->input;
	struct out_value v[RECORD_MAX_FIELDS];
	char expires[DATETIME_TEXT_MAX];
	char *token = NULL;
	struct strbuf user = STRBUF_INIT;
	enum crm_code rc;

	rc = required(in->email, "email", err);
	if (rc == CRM_OK)
		rc = required(in->password, "password", err);
	if (rc == CRM_OK)
		rc = auth_login(req->crm, in->email, in->password, &token, &req->session, err);
	if (rc) {
		if (rc == CRM_EAUTH && strncmp(err->msg, "too many failed", 15) == 0)
			atomic_fetch_add(&req->server->metrics.logins_throttled, 1);
		/* A wrong password is 401, not a rule broken by the body. */
		return rc;
	}
	req->has_session = true;
	req->user_id = req->session.user_id;
	datetime_format_rfc3339(expires, (int64_t)time(NULL) + JWT_LIFETIME_SECONDS);
	record_session_values(&req->session, v);
	rc = api_reply_values(req, 201, &record_session, v, err);
	if (rc == CRM_OK) {
		/* {"token": ..., "expires_at": ..., "user": {record}} */
		strbuf_add(&user, req->out.buf, req->out.len - 1); /* without its newline */
		strbuf_reset(&req->out);
		strbuf_printf(&req->out, "{\"token\": \"%s\", \"expires_at\": \"%s\", \"user\": %s}\n",
			      token, expires, user.buf);
		set_cookie(req, token);
	}
	strbuf_free(&user);
	xfree_secret(token);
	return rc;
}

static enum crm_code flag_query(struct api_request *req, const char *key, bool *out,
				struct crm_error *err)
{
	const char *v = api_query(req, key);

	*out = false;
	if (!v)
		return CRM_OK;
	if (!*v || strcmp(v, "true") == 0)
		*out = true;
	else if (strcmp(v, "false") != 0) {
		crm_error_set(err, CRM_EINVALID, "%s takes true or false", key);
		return crm_error_field(err, key);
	}
	return CRM_OK;
}

enum crm_code api_session_delete(struct api_request *req, struct crm_error *err)
{
	bool all;
	enum crm_code rc = flag_query(req, "all", &all, err);

	if (rc == CRM_OK && all)
		rc = auth_revoke_all(req->crm, &req->session, err);
	else if (rc == CRM_OK)
		rc = auth_revoke(req->crm, req->token, err);
	if (rc)
		return rc;
	set_cookie(req, NULL);
	api_reply_empty(req, 204);
	return CRM_OK;
}

struct permissions_text {
	struct strbuf *sb;
	bool first;
};

static enum crm_code add_permission(void *ctx, const char *action, const char *grant)
{
	struct permissions_text *p = ctx;

	if (strcmp(grant, "none") == 0)
		return CRM_OK;
	strbuf_printf(p->sb, "%s\"%s\": \"%s\"", p->first ? "" : ", ", action, grant);
	p->first = false;
	return CRM_OK;
}

enum crm_code api_me_show(struct api_request *req, struct crm_error *err)
{
	struct out_value v[RECORD_MAX_FIELDS];
	struct permissions_text p = { &req->out, true };
	enum crm_code rc;

	record_session_values(&req->session, v);
	rc = api_reply_values(req, 200, &record_session, v, err);
	if (rc)
		return rc;
	/* whoami's object, with "permissions" added before its closing brace */
	req->out.len -= 2; /* "}\n" */
	req->out.buf[req->out.len] = '\0';
	strbuf_puts(&req->out, ", \"permissions\": {");
	rc = crm_permissions(&req->session, add_permission, &p);
	strbuf_puts(&req->out, "}}\n");
	return rc;
}

enum crm_code api_me_password(struct api_request *req, struct crm_error *err)
{
	const struct password_input *in = req->input;
	char *token = NULL;
	enum crm_code rc = required(in->current, "current", err);

	if (rc == CRM_OK)
		rc = required(in->new_password, "new", err);
	if (rc == CRM_OK)
		rc = auth_change_password(req->crm, &req->session, in->current, in->new_password,
					  &token, err);
	if (rc == CRM_OK) {
		/* Every older token stops working, this browser's cookie included:
		 * it gets the fresh one. */
		set_cookie(req, token);
		api_reply_empty(req, 204);
	}
	xfree_secret(token);
	return rc;
}

/* ---- lists ------------------------------------------------------------- */

/* limit: 1..10000 or "all" (default 100); offset >= 0. */
static enum crm_code page_query(struct api_request *req, int64_t *limit, int64_t *offset,
				struct crm_error *err)
{
	const char *l = api_query(req, "limit"), *o = api_query(req, "offset");

	*limit = 100;
	*offset = 0;
	if (l && strcmp(l, "all") == 0)
		*limit = 0;
	else if (l && validate_int(limit, "limit", l, 1, 10000, err))
		return crm_error_prefix(err, "limit is 1 to 10000, or all");
	if (o && validate_int(offset, "offset", o, 0, INT64_C(1) << 53, err))
		return CRM_EINVALID;
	return CRM_OK;
}

struct criteria {
	struct api_request *req;
	enum crm_code (*set)(void *filter, const struct tz *zone, const char *key,
			     const char *value, struct crm_error *err);
	void *filter;
	struct crm_error *err;
	enum crm_code rc;
};

static enum MHD_Result set_criterion(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct criteria *c = cls;

	(void)kind;
	if (strcmp(key, "limit") == 0 || strcmp(key, "offset") == 0)
		return MHD_YES;
	c->rc = c->set(c->filter, NULL, key, value, c->err);
	return c->rc == CRM_OK ? MHD_YES : MHD_NO;
}

static enum crm_code set_criteria(struct api_request *req, void *filter,
				  enum crm_code (*set)(void *, const struct tz *, const char *,
						       const char *, struct crm_error *),
				  struct crm_error *err)
{
	struct criteria c = { req, set, filter, err, CRM_OK };

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, set_criterion, &c);
	return c.rc;
}

static enum crm_code set_client(void *f, const struct tz *z, const char *k, const char *v,
				struct crm_error *err)
{
	(void)z;
	return client_filter_set(f, k, v, err);
}
static enum crm_code set_contract(void *f, const struct tz *z, const char *k, const char *v,
				  struct crm_error *err)
{
	(void)z;
	return contract_filter_set(f, k, v, err);
}
static enum crm_code set_payment(void *f, const struct tz *z, const char *k, const char *v,
				 struct crm_error *err)
{
	(void)z;
	return payment_filter_set(f, k, v, err);
}
static enum crm_code set_event(void *f, const struct tz *z, const char *k, const char *v,
			       struct crm_error *err)
{
	return event_filter_set(f, z, k, v, err);
}
static enum crm_code set_user(void *f, const struct tz *z, const char *k, const char *v,
			      struct crm_error *err)
{
	(void)z;
	return user_filter_set(f, k, v, err);
}

#define LIST_HANDLER(name, filter_type, setter, list)                                   \
	enum crm_code api_##name(struct api_request *req, struct crm_error *err)       \
	{                                                                               \
		filter_type f = { 0 };                                                  \
		int64_t limit, offset;                                                  \
		enum crm_code rc = page_query(req, &limit, &offset, err);               \
		if (rc == CRM_OK)                                                       \
			rc = set_criteria(req, &f, setter, err);                        \
		if (rc)                                                                 \
			return rc;                                                      \
		f.limit = limit;                                                        \
		f.offset = offset;                                                      \
		return api_list_reply(req, &list, &f, limit, offset, err);              \
	}
LIST_HANDLER(clients_list, struct client_filter, set_client, api_list_clients)
LIST_HANDLER(contracts_list, struct contract_filter, set_contract, api_list_contracts)
LIST_HANDLER(payments_list, struct payment_filter, set_payment, api_list_payments)
LIST_HANDLER(events_list, struct event_filter, set_event, api_list_events)
LIST_HANDLER(users_list, struct user_filter, set_user, api_list_users)

static enum crm_code set_audit(void *f, const struct tz *z, const char *k, const char *v,
			       struct crm_error *err)
{
	return audit_filter_set(f, z, k, v, err);
}
LIST_HANDLER(audit_list, struct audit_filter, set_audit, api_list_audit)

/* GET /api/v1/clients/{id}/history, ...: the whole journal of a record. */
static enum crm_code history_reply(struct api_request *req, const char *entity,
				   struct crm_error *err)
{
	struct api_history_key key = { entity, req->id };

	return api_list_reply(req, &api_list_history, &key, 0, 0, err);
}

enum crm_code api_clients_history(struct api_request *req, struct crm_error *err)
{
	return history_reply(req, "client", err);
}
enum crm_code api_contracts_history(struct api_request *req, struct crm_error *err)
{
	return history_reply(req, "contract", err);
}
enum crm_code api_events_history(struct api_request *req, struct crm_error *err)
{
	return history_reply(req, "event", err);
}
enum crm_code api_users_history(struct api_request *req, struct crm_error *err)
{
	return history_reply(req, "user", err);
}

enum crm_code api_users_locked(struct api_request *req, struct crm_error *err)
{
	return api_list_reply(req, &api_list_locked, NULL, 0, 0, err);
}

/* ---- clients ----------------------------------------------------------- */

enum crm_code api_clients_show(struct api_request *req, struct crm_error *err)
{
	return show_client(req, 200, req->id, err);
}

enum crm_code api_clients_create(struct api_request *req, struct crm_error *err)
{
	int64_t id;
	enum crm_code rc = client_create(req->crm, &req->session, req->input, &id, err);

	if (rc)
		return rc;
	created_at(req, "clients", id);
	return show_client(req, 201, id, err);
}

enum crm_code api_clients_update(struct api_request *req, struct crm_error *err)
{
	enum crm_code rc = client_update(req->crm, &req->session, req->id, req->input, err);

	return rc ? rc : show_client(req, 200, req->id, err);
}

/* ---- contracts --------------------------------------------------------- */

enum crm_code api_contracts_show(struct api_request *req, struct crm_error *err)
{
	return show_contract(req, 200, req->id, err);
}

enum crm_code api_contracts_create(struct api_request *req, struct crm_error *err)
{
	int64_t id;
	enum crm_code rc = contract_create(req->crm, &req->session, req->input, &id, err);

	if (rc)
		return rc;
	created_at(req, "contracts", id);
	return show_contract(req, 201, id, err);
}

enum crm_code api_contracts_update(struct api_request *req, struct crm_error *err)
{
	enum crm_code rc = contract_update(req->crm, &req->session, req->id, req->input, err);

	return rc ? rc : show_contract(req, 200, req->id, err);
}

enum crm_code api_contracts_sign(struct api_request *req, struct crm_error *err)
{
	enum crm_code rc = contract_sign(req->crm, &req->session, req->id, err);

	return rc ? rc : show_contract(req, 200, req->id, err);
}

/* ---- payments ---------------------------------------------------------- */

static enum crm_code show_payment(struct api_request *req, unsigned status, int64_t id,
				  struct crm_error *err)
{
	struct record_reply rr = { req, status, err };
	return payment_show(req->crm, &req->session, id, payment_reply, &rr, err);
}

enum crm_code api_contracts_pay(struct api_request *req, struct crm_error *err)
{
	int64_t id;
	enum crm_code rc = contract_pay(req->crm, &req->session, req->id, req->input, &id, err);

	if (rc)
		return rc;
	created_at(req, "payments", id);
	return show_payment(req, 201, id, err);
}

enum crm_code api_payments_show(struct api_request *req, struct crm_error *err)
{
	return show_payment(req, 200, req->id, err);
}

enum crm_code api_payments_void(struct api_request *req, struct crm_error *err)
{
	enum crm_code rc = payment_void(req->crm, &req->session, req->id, req->input, err);

	return rc ? rc : show_payment(req, 200, req->id, err);
}

/* ---- events ------------------------------------------------------------ */

enum crm_code api_events_show(struct api_request *req, struct crm_error *err)
{
	return show_event(req, 200, req->id, err);
}

enum crm_code api_events_create(struct api_request *req, struct crm_error *err)
{
	int64_t id;
	enum crm_code rc = event_create(req->crm, &req->session, req->input, &id, err);

	if (rc)
		return rc;
	created_at(req, "events", id);
	return show_event(req, 201, id, err);
}

enum crm_code api_events_update(struct api_request *req, struct crm_error *err)
{
	struct event_input in = *(const struct event_input *)req->input;
	enum crm_code rc = flag_query(req, "allow_overlap", &in.allow_overlap, err);

	if (rc == CRM_OK)
		rc = event_update(req->crm, &req->session, req->id, &in, err);

	return rc ? rc : show_event(req, 200, req->id, err);
}

enum crm_code api_events_assign(struct api_request *req, struct crm_error *err)
{
	const struct assign_input *in = req->input;
	int64_t support;
	bool allow = false;
	enum crm_code rc = flag_query(req, "allow_overlap", &allow, err);

	if (rc == CRM_OK)
		rc = required(in->support_contact_id, "support_contact_id", err);

	if (rc == CRM_OK &&
	    validate_id(&support, "support_contact_id", in->support_contact_id, err) != CRM_OK)
		rc = crm_error_field(err, "support_contact_id");
	if (rc == CRM_OK)
		rc = event_assign(req->crm, &req->session, req->id, support, allow, err);
	return rc ? rc : show_event(req, 200, req->id, err);
}

/* ---- users ------------------------------------------------------------- */

enum crm_code api_users_show(struct api_request *req, struct crm_error *err)
{
	return show_user(req, 200, req->id, err);
}

enum crm_code api_users_create(struct api_request *req, struct crm_error *err)
{
	int64_t id;
	enum crm_code rc = user_create(req->crm, &req->session, req->input, &id, err);

	if (rc)
		return rc;
	created_at(req, "users", id);
	return show_user(req, 201, id, err);
}

enum crm_code api_users_update(struct api_request *req, struct crm_error *err)
{
	enum crm_code rc = user_update(req->crm, &req->session, req->id, req->input, err);

	return rc ? rc : show_user(req, 200, req->id, err);
}

/* The ?reassign_to= of delete and deactivate; 0 when absent. */
static enum crm_code reassign_query(struct api_request *req, int64_t *out, struct crm_error *err)
{
	const char *to = api_query(req, "reassign_to");

	*out = 0;
	if (to && validate_id(out, "reassign_to", to, err) != CRM_OK)
		return crm_error_field(err, "reassign_to");
	return CRM_OK;
}

enum crm_code api_users_deactivate(struct api_request *req, struct crm_error *err)
{
	int64_t reassign;
	enum crm_code rc = reassign_query(req, &reassign, err);

	if (rc == CRM_OK)
		rc = user_deactivate(req->crm, &req->session, req->id, reassign, err);
	return rc ? rc : show_user(req, 200, req->id, err);
}

enum crm_code api_users_reactivate(struct api_request *req, struct crm_error *err)
{
	enum crm_code rc = user_reactivate(req->crm, &req->session, req->id, err);

	return rc ? rc : show_user(req, 200, req->id, err);
}

enum crm_code api_users_delete(struct api_request *req, struct crm_error *err)
{
	int64_t reassign = 0;
	enum crm_code rc = reassign_query(req, &reassign, err);

	if (rc == CRM_OK)
		rc = user_delete(req->crm, &req->session, req->id, reassign, err);
	if (rc == CRM_OK)
		api_reply_empty(req, 204);
	return rc;
}

enum crm_code api_users_unlock(struct api_request *req, struct crm_error *err)
{
	enum crm_code rc = user_unlock(req->crm, &req->session, req->id, err);

	if (rc == CRM_OK)
		api_reply_empty(req, 204);
	return rc;
}

/* ---- calendars --------------------------------------------------------- */

enum crm_code api_calendar(struct api_request *req, struct crm_error *err)
{
	struct event_filter f = { 0 };
	enum crm_code rc = set_criteria(req, &f, set_event, err);

	if (rc == CRM_OK)
		rc = event_calendar(req->crm, &req->session, &f, &req->out, err);
	if (rc)
		return rc;
	req->status = 200;
	req->content_type = "text/calendar; charset=utf-8";
	return CRM_OK;
}

/* {"token": ..., "url": ...}: the URL on this server's origin (--public-url,
 * else the Host the client used). */
static enum crm_code feed_reply(struct api_request *req, bool rotate, struct crm_error *err)
{
	char *token = NULL;
	char base[300];
	json_t *doc;
	enum crm_code rc = calendar_feed(req->crm, &req->session, rotate, &token, err);

	if (rc)
		return rc;
	if (req->server->origin[0]) {
		snprintf(base, sizeof base, "%s", req->server->origin);
	} else {
		const char *host = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
								MHD_HTTP_HEADER_HOST);
		snprintf(base, sizeof base, "%s://%s", req->server->tls ? "https" : "http",
			 host ? host : "localhost");
	}
	doc = json_object();
	json_object_set_new(doc, "token", json_string(token));
	json_object_set_new(doc, "url", json_sprintf("%s/ical/%s.ics", base, token));
	free(token);
	{
		char *text = json_dumps(doc, JSON_COMPACT);
		strbuf_puts(&req->out, text);
		strbuf_putc(&req->out, '\n');
		OPENSSL_cleanse(text, strlen(text));
		free(text);
	}
	json_decref(doc);
	req->status = 200;
	req->content_type = "application/json";
	return CRM_OK;
}

enum crm_code api_calendar_feed(struct api_request *req, struct crm_error *err)
{
	return feed_reply(req, false, err);
}

enum crm_code api_calendar_rotate(struct api_request *req, struct crm_error *err)
{
	return feed_reply(req, true, err);
}

enum crm_code api_calendar_ical(struct api_request *req, struct crm_error *err)
{
	char token[ROUTE_ID_MAX];
	size_t n = strlen(req->id_text);
	enum crm_code rc;

	if (n <= 4 || strcmp(req->id_text + n - 4, ".ics") != 0)
		return crm_error_set(err, CRM_ENOTFOUND, "no such calendar feed");
	memcpy(token, req->id_text, n - 4);
	token[n - 4] = '\0';
	rc = calendar_feed_events(req->crm, token, &req->out, err);
	OPENSSL_cleanse(token, sizeof token);
	if (rc)
		return rc;
	req->status = 200;
	req->content_type = "text/calendar; charset=utf-8";
	return CRM_OK;
}
