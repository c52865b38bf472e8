/*
 * remote.c — crm.h's operations over the server's API (api-conventions:
 * routes, bodies, query keys), one request each, as the ops table of a
 * remote handle. The server runs crm/ itself: every rule is checked there.
 * Checked here first, with crm/'s own functions and in crm/'s order, only
 * what must be converted before it can be sent (ids and counts into JSON
 * integers, times typed in the user's zone into RFC 3339), so that a bad
 * value gets the message it gets against a database.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm/policy.h"
#include "remote/remote-internal.h"
#include "util/datetime.h"
#include "util/i18n.h"
#include "util/tz-cache.h"
#include "util/url.h"
#include "util/validate.h"
#include "util/xalloc.h"

/* event.c's limits, checked in its order (see event_body). */
#define EVENT_TEXT_MAX 200
#define EVENT_NOTES_MAX 10000
#define ATTENDEES_MAX 1000000
/* The server's largest page; a larger --limit reads the whole list. */
#define PAGE_MAX 10000

/* ---- requests -------------------------------------------------------- */

static enum crm_code get_object(struct remote *r, const char *path, json_t **out,
				struct crm_error *err)
{
	struct remote_call call = { .method = "GET", .path = path, .object = out };

	return remote_request(r, &call, err);
}

/* A request answered with a record (or 204 when out is NULL). */
static enum crm_code send_json(struct remote *r, const char *method, const char *path,
			       json_t *body, json_t **out, struct crm_error *err)
{
	struct remote_call call = { .method = method, .path = path, .body = body,
				    .object = out };

	return remote_request(r, &call, err);
}

/* The id of a created record's answer. */
static enum crm_code created_id(json_t *doc, int64_t *out_id, struct crm_error *err)
{
	json_t *id = json_object_get(doc, "id");

	if (!json_is_integer(id))
		return crm_error_set(err, CRM_EINTERNAL,
				     "unexpected answer from the server: a created record without its id");
	*out_id = (int64_t)json_integer_value(id);
	return CRM_OK;
}

static enum crm_code post_created(struct remote *r, const char *path, json_t *body,
				  int64_t *out_id, struct crm_error *err)
{
	json_t *doc = NULL;
	enum crm_code rc = send_json(r, "POST", path, body, &doc, err);

	if (rc == CRM_OK)
		rc = created_id(doc, out_id, err);
	json_decref(doc);
	return rc;
}

static enum crm_code patch(struct remote *r, const char *collection, int64_t id, json_t *body,
			   struct crm_error *err)
{
	char path[96];
	json_t *doc = NULL;
	enum crm_code rc;

	snprintf(path, sizeof path, "/api/v1/%s/%" PRId64, collection, id);
	rc = send_json(r, "PATCH", path, body, &doc, err);
	json_decref(doc);
	return rc;
}

/* A POST without a body whose answer is not needed. */
static enum crm_code post_empty(struct remote *r, const char *path, struct crm_error *err)
{
	return send_json(r, "POST", path, NULL, NULL, err);
}

/* body[key] = text, when given. A JSON string cannot hold bytes that are
 * not UTF-8 (json_string refuses them, and the key would silently go
 * missing): each such byte is sent as '?', as messages quote it, and the
 * server refuses the value as a database's command would. */
static void put_text(json_t *body, const char *key, const char *text)
{
	size_t len;
	char *copy;

	if (!text)
		return;
	len = strlen(text);
	if (utf8_valid(text, len)) {
		json_object_set_new(body, key, json_string(text));
		return;
	}
	copy = xmalloc(len + 1);
	for (size_t i = 0, o = 0; i <= len;) {
		unsigned char c = (unsigned char)text[i];
		size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
		if (i == len) {
			copy[o] = '\0';
			break;
		}
		if (n && i + n <= len && utf8_valid(text + i, n)) {
			memcpy(copy + o, text + i, n);
			o += n;
			i += n;
		} else {
			copy[o++] = '?';
			i++;
		}
	}
	json_object_set_new(body, key, json_string(copy));
	free(copy);
}

/* ---- lists ----------------------------------------------------------- */

/* One element into its record, then to the caller's callback. */
struct list_ctx {
	enum crm_code (*decode_and_call)(struct list_ctx *l, const struct remote_object *el,
					 struct crm_error *err);
	void *fn;
	void *ctx;
	int64_t left; /* rows still wanted; -1: all */
};

static enum crm_code each_element(void *ctx, const struct remote_object *el,
				  struct crm_error *err)
{
	struct list_ctx *l = ctx;

	if (l->left == 0)
		return CRM_OK;
	if (l->left > 0)
		l->left--;
	return l->decode_and_call(l, el, err);
}

#define LIST_DECODER(name, type, decode, fn_type)                                     \
	static enum crm_code name(struct list_ctx *l, const struct remote_object *el,  \
				  struct crm_error *err)                              \
	{                                                                              \
		type rec;                                                              \
		enum crm_code rc = decode(el, &rec, err);                              \
		return rc ? rc : ((fn_type)l->fn)(l->ctx, &rec);                       \
	}
LIST_DECODER(call_user, struct user, remote_decode_user, user_fn)
LIST_DECODER(call_locked, struct locked_login, remote_decode_locked, locked_fn)
LIST_DECODER(call_client, struct client, remote_decode_client, client_fn)
LIST_DECODER(call_contract, struct contract, remote_decode_contract, contract_fn)
LIST_DECODER(call_payment, struct payment, remote_decode_payment, payment_fn)
LIST_DECODER(call_event, struct event, remote_decode_event, event_fn)

static enum crm_code call_journal(struct list_ctx *l, const struct remote_object *el,
				  bool history, struct crm_error *err)
{
	struct audit_entry rec;
	char *owned = NULL;
	enum crm_code rc = remote_decode_audit(el, &rec, history, &owned, err);

	if (rc == CRM_OK)
		rc = ((audit_fn)l->fn)(l->ctx, &rec);
	free(owned);
	return rc;
}

static enum crm_code call_audit(struct list_ctx *l, const struct remote_object *el,
				struct crm_error *err)
{
	return call_journal(l, el, false, err);
}

static enum crm_code call_history(struct list_ctx *l, const struct remote_object *el,
				  struct crm_error *err)
{
	return call_journal(l, el, true, err);
}

/* Query text: "?key=value&..." built one key at a time. */
static void query_add(struct strbuf *q, const char *key, const char *value)
{
	strbuf_putc(q, q->len ? '&' : '?');
	strbuf_puts(q, key);
	strbuf_putc(q, '=');
	remote_query_escape(q, value);
}

static void query_int(struct strbuf *q, const char *key, int64_t v)
{
	char text[24];

	snprintf(text, sizeof text, "%" PRId64, v);
	query_add(q, key, text);
}

/* limit and offset; *left = the rows to keep (-1: all the server sends). */
/* sort=COLUMN or -COLUMN, when the list is sorted (by id otherwise). */
static void query_sort(struct strbuf *q, const struct list_sort *sort)
{
	char text[80];

	if (!sort->column)
		return;
	snprintf(text, sizeof text, "%s%s", sort->descending ? "-" : "", sort->column);
	query_add(q, "sort", text);
}

static void query_page(struct strbuf *q, int64_t limit, int64_t offset, int64_t *left)
{
	*left = -1;
	if (limit > 0 && limit <= PAGE_MAX) {
		query_int(q, "limit", limit);
	} else {
		query_add(q, "limit", "all");
		if (limit > 0)
			*left = limit;
	}
	if (offset > 0)
		query_int(q, "offset", offset);
}

static enum crm_code list(struct remote *r, const char *collection, struct strbuf *q,
			  struct list_ctx *l, struct crm_error *err)
{
	char *path = xasprintf("/api/v1/%s%s", collection, q->buf);
	struct remote_call call = { .method = "GET", .path = path,
				    .each_element = each_element, .ctx = l };
	enum crm_code rc = remote_request(r, &call, err);

	free(path);
	strbuf_free(q);
	return rc;
}

static enum crm_code show(struct remote *r, const char *collection, int64_t id,
			  enum crm_code (*decode_and_call)(struct list_ctx *,
							   const struct remote_object *,
							   struct crm_error *),
			  void *fn, void *ctx, struct crm_error *err)
{
	char path[96];
	json_t *doc = NULL;
	struct list_ctx l = { decode_and_call, fn, ctx, -1 };
	enum crm_code rc;

	snprintf(path, sizeof path, "/api/v1/%s/%" PRId64, collection, id);
	rc = get_object(r, path, &doc, err);
	if (rc == CRM_OK)
		rc = decode_and_call(&l, &(struct remote_object){ doc, NULL }, err);
	json_decref(doc);
	return rc;
}

/* ---- authentication -------------------------------------------------- */

static void set_token(struct remote *r, const char *token)
{
	xfree_secret(r->token);
	r->token = token ? xstrdup(token) : NULL;
}

static enum crm_code remote_auth_login(struct crm *crm, const char *email,
				       const char *password, char **out_token,
				       struct session *out, struct crm_error *err)
{
	struct remote *r = remote_of(crm);
	json_t *body = json_object(), *doc = NULL;
	json_t *token;
	enum crm_code rc;

	put_text(body, "email", email);
	put_text(body, "password", password);
	set_token(r, NULL);
	rc = send_json(r, "POST", "/api/v1/session", body, &doc, err);
	json_decref(body);
	if (rc)
		return rc;
	token = json_object_get(doc, "token");
	if (!json_is_string(token) || !*json_string_value(token))
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "unexpected answer from the server: a login without its token");
	if (rc == CRM_OK)
		rc = remote_decode_session(&(struct remote_object){ json_object_get(doc, "user"),
								    NULL }, out, err);
	if (rc == CRM_OK) {
		set_token(r, json_string_value(token));
		*out_token = xstrdup(json_string_value(token));
	}
	json_decref(doc);
	return rc;
}

static enum crm_code remote_auth_session(struct crm *crm, const char *token,
					 struct session *out, struct crm_error *err)
{
	struct remote *r = remote_of(crm);
	json_t *doc = NULL;
	enum crm_code rc;

	set_token(r, token);
	rc = get_object(r, "/api/v1/me", &doc, err);
	if (rc == CRM_OK)
		rc = remote_decode_session(&(struct remote_object){ doc, NULL }, out, err);
	if (rc)
		set_token(r, NULL);
	json_decref(doc);
	return rc;
}

static enum crm_code remote_auth_change_password(struct crm *crm, const struct session *s,
						 const char *old_password,
						 const char *new_password, char **out_token,
						 struct crm_error *err)
{
	struct remote *r = remote_of(crm);
	json_t *body = json_object();
	char *fresh = NULL;
	struct remote_call call = { .method = "PUT", .path = "/api/v1/me/password",
				    .body = body, .cookie_token = &fresh };
	enum crm_code rc;

	(void)s;
	put_text(body, "current", old_password);
	put_text(body, "new", new_password);
	rc = remote_request(r, &call, err);
	json_decref(body);
	if (rc == CRM_OK && !fresh)
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "the password was changed, but the server sent no new session: "
				   "log in again");
	if (rc == CRM_OK) {
		set_token(r, fresh);
		*out_token = fresh;
		fresh = NULL;
	}
	xfree_secret(fresh);
	return rc;
}

/* The handle's own token: the one the server is told to end. */
static enum crm_code remote_auth_revoke(struct crm *crm, const char *token,
					struct crm_error *err)
{
	(void)token;
	return send_json(remote_of(crm), "DELETE", "/api/v1/session", NULL, NULL, err);
}

static enum crm_code remote_auth_revoke_all(struct crm *crm, const struct session *s,
					    struct crm_error *err)
{
	(void)s;
	return send_json(remote_of(crm), "DELETE", "/api/v1/session?all=true", NULL, NULL, err);
}

/* ---- text that JSON cannot carry ------------------------------------- */

/* Whether one of the texts given is not UTF-8 (a JSON string cannot hold
 * it: json_string would drop the key and the server would never see it). */
static bool any_bad_utf8(const char *const *texts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (texts[i] && !utf8_valid(texts[i], strlen(texts[i])))
			return true;
	return false;
}

/* One check of crm/'s, made here: its message and field, or CRM_OK. */
static enum crm_code local_check(enum crm_code (*validate)(char **, const char *, const char *,
							   struct crm_error *),
				 const char *key, const char *label, const char *text,
				 struct crm_error *err)
{
	char *clean = NULL;
	enum crm_code rc;

	if (!text)
		return CRM_OK;
	rc = validate(&clean, label, text, err);
	free(clean);
	return rc ? crm_error_field(err, key) : CRM_OK;
}

static enum crm_code local_text(const char *key, const char *label, const char *text,
				struct crm_error *err)
{
	char *clean = NULL;
	enum crm_code rc;

	if (!text)
		return CRM_OK;
	rc = validate_text(&clean, label, text, 100, err);
	free(clean);
	return rc ? crm_error_field(err, key) : CRM_OK;
}

/* ---- users ----------------------------------------------------------- */

/* With text that is not UTF-8, crm/user.c's refusal, in its order
 * (permission, then each field), made here; else CRM_OK (the server checks). */
static enum crm_code user_bad_text(const struct session *s, const struct user_input *in,
				   struct crm_error *err)
{
	const char *texts[] = { in->employee_id, in->name, in->email };
	enum crm_code rc;

	if (!any_bad_utf8(texts, 3))
		return CRM_OK;
	if ((rc = policy_allows(s, ACT_USER_MANAGE, err)) ||
	    (rc = local_check(validate_employee_id, "employee_id", "employee id",
			      in->employee_id, err)) ||
	    (rc = local_text("name", "name", in->name, err)) ||
	    (rc = local_check(validate_email, "email", "email", in->email, err)))
		return rc;
	return CRM_OK;
}

static json_t *user_body(const struct user_input *in)
{
	json_t *body = json_object();

	put_text(body, "employee_id", in->employee_id);
	put_text(body, "name", in->name);
	put_text(body, "email", in->email);
	put_text(body, "department", in->department);
	put_text(body, "password", in->password);
	return body;
}

static enum crm_code remote_user_list(struct crm *crm, const struct session *s,
				      const struct user_filter *f, user_fn fn, void *ctx,
				      struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_user, (void *)fn, ctx, -1 };

	(void)s;
	if (f->department)
		query_add(&q, "department", f->department);
	if (f->active != ANY)
		query_add(&q, "active", f->active == YES ? "true" : "false");
	query_sort(&q, &f->sort);
	query_page(&q, f->limit, f->offset, &l.left);
	return list(remote_of(crm), "users", &q, &l, err);
}

static enum crm_code remote_user_show(struct crm *crm, const struct session *s, int64_t id,
				      user_fn fn, void *ctx, struct crm_error *err)
{
	(void)s;
	return show(remote_of(crm), "users", id, call_user, (void *)fn, ctx, err);
}

static enum crm_code remote_user_create(struct crm *crm, const struct session *s,
					const struct user_input *in, int64_t *out_id,
					struct crm_error *err)
{
	json_t *body;
	enum crm_code rc = user_bad_text(s, in, err);

	if (rc)
		return rc;
	body = user_body(in);
	rc = post_created(remote_of(crm), "/api/v1/users", body, out_id, err);
	json_decref(body);
	return rc;
}

static enum crm_code remote_user_update(struct crm *crm, const struct session *s, int64_t id,
					const struct user_input *in, struct crm_error *err)
{
	json_t *body;
	enum crm_code rc = user_bad_text(s, in, err);

	if (rc)
		return rc;
	body = user_body(in);
	rc = patch(remote_of(crm), "users", id, body, err);
	json_decref(body);
	return rc;
}

static enum crm_code remote_user_list_locked(struct crm *crm, const struct session *s,
					     locked_fn fn, void *ctx, struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_locked, (void *)fn, ctx, -1 };

	(void)s;
	return list(remote_of(crm), "users/locked", &q, &l, err);
}

static enum crm_code remote_user_unlock(struct crm *crm, const struct session *s, int64_t id,
					struct crm_error *err)
{
	char path[96];

	(void)s;
	snprintf(path, sizeof path, "/api/v1/users/%" PRId64 "/unlock", id);
	return post_empty(remote_of(crm), path, err);
}

static enum crm_code remote_user_delete(struct crm *crm, const struct session *s, int64_t id,
					int64_t reassign_to, struct crm_error *err)
{
	char path[128];

	(void)s;
	if (reassign_to)
		snprintf(path, sizeof path, "/api/v1/users/%" PRId64 "?reassign_to=%" PRId64, id,
			 reassign_to);
	else
		snprintf(path, sizeof path, "/api/v1/users/%" PRId64, id);
	return send_json(remote_of(crm), "DELETE", path, NULL, NULL, err);
}

static enum crm_code remote_user_deactivate(struct crm *crm, const struct session *s,
					    int64_t id, int64_t reassign_to,
					    struct crm_error *err)
{
	char path[128];

	(void)s;
	if (reassign_to)
		snprintf(path, sizeof path,
			 "/api/v1/users/%" PRId64 "/deactivate?reassign_to=%" PRId64, id,
			 reassign_to);
	else
		snprintf(path, sizeof path, "/api/v1/users/%" PRId64 "/deactivate", id);
	return post_empty(remote_of(crm), path, err);
}

static enum crm_code remote_user_reactivate(struct crm *crm, const struct session *s,
					    int64_t id, struct crm_error *err)
{
	char path[96];

	(void)s;
	snprintf(path, sizeof path, "/api/v1/users/%" PRId64 "/reactivate", id);
	return post_empty(remote_of(crm), path, err);
}

/* ---- clients --------------------------------------------------------- */

static json_t *client_body(const struct client_input *in)
{
	json_t *body = json_object();

	put_text(body, "full_name", in->full_name);
	put_text(body, "email", in->email);
	put_text(body, "phone", in->phone);
	put_text(body, "company_name", in->company_name);
	return body;
}

/* With text that is not UTF-8, crm/client.c's refusal, in its order
 * (permission, the fields a new client needs, then each field). */
static enum crm_code client_bad_text(const struct session *s, enum policy_action act,
				     const struct client_input *in, bool create,
				     struct crm_error *err)
{
	const char *texts[] = { in->full_name, in->email, in->phone, in->company_name };
	enum crm_code rc;

	if (!any_bad_utf8(texts, 4))
		return CRM_OK;
	if ((rc = policy_allows(s, act, err)))
		return rc;
	if (create && (!in->full_name || !in->email || !in->phone || !in->company_name))
		return crm_error_set(err, CRM_EINVALID,
				     "a client needs a full name, an email, a phone and a company");
	if ((rc = local_text("full_name", "full name", in->full_name, err)) ||
	    (rc = local_check(validate_email, "email", "email", in->email, err)) ||
	    (rc = local_check(validate_phone, "phone", "phone", in->phone, err)) ||
	    (rc = local_text("company_name", "company name", in->company_name, err)))
		return rc;
	return CRM_OK;
}

static enum crm_code remote_client_list(struct crm *crm, const struct session *s,
					const struct client_filter *f, client_fn fn, void *ctx,
					struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_client, (void *)fn, ctx, -1 };

	(void)s;
	if (f->search)
		query_add(&q, "search", f->search);
	if (f->mine)
		query_add(&q, "mine", "true");
	query_sort(&q, &f->sort);
	query_page(&q, f->limit, f->offset, &l.left);
	return list(remote_of(crm), "clients", &q, &l, err);
}

static enum crm_code remote_client_show(struct crm *crm, const struct session *s, int64_t id,
					client_fn fn, void *ctx, struct crm_error *err)
{
	(void)s;
	return show(remote_of(crm), "clients", id, call_client, (void *)fn, ctx, err);
}

static enum crm_code remote_client_create(struct crm *crm, const struct session *s,
					  const struct client_input *in, int64_t *out_id,
					  struct crm_error *err)
{
	json_t *body;
	enum crm_code rc = client_bad_text(s, ACT_CLIENT_CREATE, in, true, err);

	if (rc)
		return rc;
	body = client_body(in);
	rc = post_created(remote_of(crm), "/api/v1/clients", body, out_id, err);
	json_decref(body);
	return rc;
}

/* The server's bound on a file to import (api/body.h's API_LARGE_BODY_MAX). */
#define IMPORT_BODY_MAX (16 * 1024 * 1024)

static int64_t count_of(json_t *doc, const char *key)
{
	json_t *v = json_object_get(doc, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* The file goes whole to POST /api/v1/clients/import (so it is held in
 * memory, at most 16 MiB); bad rows come back in the problem's "errors",
 * without their fields: the rejects file then has the reasons only. */
static enum crm_code remote_client_import(struct crm *crm, const struct session *s, FILE *in,
					  const struct client_import_options *opt,
					  const struct client_import_report *report,
					  struct client_import_counts *out, struct crm_error *err)
{
	static const char *const dup_names[] = { "error", "skip", "update" };
	struct strbuf file = STRBUF_INIT;
	char chunk[65536], path[128];
	size_t n;
	json_t *doc = NULL, *problem = NULL;
	struct remote_call call = { .method = "POST", .path = path, .raw_type = "text/csv",
				    .object = &doc, .problem = &problem };
	enum crm_code rc = policy_allows(s, ACT_CLIENT_IMPORT, err);

	memset(out, 0, sizeof *out);
	if (rc)
		return rc;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0 && file.len <= IMPORT_BODY_MAX)
		strbuf_add(&file, chunk, n);
	if (ferror(in))
		rc = crm_error_set(err, CRM_EINVALID, "cannot read the file");
	else if (file.len > IMPORT_BODY_MAX)
		rc = crm_error_set(err, CRM_EINVALID,
				   "the file is larger than the server takes (16 MiB): split it, "
				   "or import on the server's machine with --db");
	if (rc)
		goto done;
	snprintf(path, sizeof path, "/api/v1/clients/import?dry_run=%s&on_duplicate=%s",
		 opt->dry_run ? "true" : "false", dup_names[opt->on_duplicate]);
	call.raw = file.len ? file.buf : "";
	call.raw_len = file.len;
	rc = remote_request(remote_of(crm), &call, err);
	if (rc == CRM_OK) {
		out->created = count_of(doc, "created");
		out->updated = count_of(doc, "updated");
		out->skipped = count_of(doc, "skipped");
	} else if (rc == CRM_EINVALID && report && report->reject) {
		size_t i;
		json_t *e;

		json_array_foreach(json_object_get(problem, "errors"), i, e) {
			struct import_reject rj = {
				(long)count_of(e, "line"),
				json_string_value(json_object_get(e, "column")),
				json_string_value(json_object_get(e, "reason")), NULL, 0
			};
			if (!rj.column)
				rj.column = "?";
			if (!rj.reason)
				rj.reason = "?";
			report->reject(report->ctx, &rj);
		}
	}
done:
	json_decref(doc);
	json_decref(problem);
	strbuf_free(&file);
	return rc;
}

static enum crm_code remote_client_update(struct crm *crm, const struct session *s,
					  int64_t id, const struct client_input *in,
					  struct crm_error *err)
{
	json_t *body;
	enum crm_code rc = client_bad_text(s, ACT_CLIENT_UPDATE, in, false, err);

	if (rc)
		return rc;
	body = client_body(in);
	rc = patch(remote_of(crm), "clients", id, body, err);
	json_decref(body);
	return rc;
}

/* ---- contracts ------------------------------------------------------- */

static enum crm_code remote_contract_list(struct crm *crm, const struct session *s,
					  const struct contract_filter *f, contract_fn fn,
					  void *ctx, struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_contract, (void *)fn, ctx, -1 };

	(void)s;
	if (f->is_signed != ANY)
		query_add(&q, "signed", f->is_signed == YES ? "true" : "false");
	if (f->is_paid != ANY)
		query_add(&q, "paid", f->is_paid == YES ? "true" : "false");
	if (f->client_id)
		query_int(&q, "client", f->client_id);
	if (f->mine)
		query_add(&q, "mine", "true");
	if (f->overdue)
		query_add(&q, "overdue", "true");
	query_sort(&q, &f->sort);
	query_page(&q, f->limit, f->offset, &l.left);
	return list(remote_of(crm), "contracts", &q, &l, err);
}

static enum crm_code remote_contract_show(struct crm *crm, const struct session *s,
					  int64_t id, contract_fn fn, void *ctx,
					  struct crm_error *err)
{
	(void)s;
	return show(remote_of(crm), "contracts", id, call_contract, (void *)fn, ctx, err);
}

static enum crm_code remote_contract_create(struct crm *crm, const struct session *s,
					    const struct contract_input *in, int64_t *out_id,
					    struct crm_error *err)
{
	json_t *body;
	int64_t client_id;
	enum crm_code rc;

	/* contract.c's first checks, up to the client id, which JSON carries
	 * as an integer. */
	rc = policy_allows(s, ACT_CONTRACT_CREATE, err);
	if (rc)
		return rc;
	if (!in->client_id || !in->total_amount)
		return crm_error_set(err, CRM_EINVALID, "a contract needs a client and a total amount");
	if (validate_id(&client_id, NC_("field", "client"), in->client_id, err))
		return crm_error_field(err, "client_id");
	body = json_object();
	json_object_set_new(body, "client_id", json_integer(client_id));
	put_text(body, "total_amount", in->total_amount);
	put_text(body, "remaining_amount", in->remaining_amount);
	put_text(body, "payment_due_date", in->payment_due_date);
	rc = post_created(remote_of(crm), "/api/v1/contracts", body, out_id, err);
	json_decref(body);
	return rc;
}

static enum crm_code remote_contract_update(struct crm *crm, const struct session *s,
					    int64_t id, const struct contract_input *in,
					    struct crm_error *err)
{
	json_t *body;
	enum crm_code rc = policy_allows(s, ACT_CONTRACT_UPDATE, err);

	if (rc)
		return rc;
	if (in->client_id)
		return crm_error_set(err, CRM_EINVALID, "a contract's client cannot be changed");
	body = json_object();
	put_text(body, "total_amount", in->total_amount);
	put_text(body, "remaining_amount", in->remaining_amount);
	put_text(body, "payment_due_date", in->payment_due_date);
	rc = patch(remote_of(crm), "contracts", id, body, err);
	json_decref(body);
	return rc;
}

static enum crm_code remote_contract_sign(struct crm *crm, const struct session *s,
					  int64_t id, struct crm_error *err)
{
	char path[96];

	(void)s;
	snprintf(path, sizeof path, "/api/v1/contracts/%" PRId64 "/sign", id);
	return post_empty(remote_of(crm), path, err);
}

/* ---- payments -------------------------------------------------------- */

static enum crm_code remote_contract_pay(struct crm *crm, const struct session *s,
					 int64_t contract_id, const struct payment_input *in,
					 int64_t *out_id, struct crm_error *err)
{
	char path[96];
	json_t *body;
	enum crm_code rc = policy_allows(s, ACT_CONTRACT_PAY, err);

	if (rc)
		return rc;
	snprintf(path, sizeof path, "/api/v1/contracts/%" PRId64 "/payments", contract_id);
	body = json_object();
	put_text(body, "amount", in->amount);
	put_text(body, "paid_on", in->paid_on);
	put_text(body, "method", in->method);
	put_text(body, "reference", in->reference);
	rc = post_created(remote_of(crm), path, body, out_id, err);
	json_decref(body);
	return rc;
}

static enum crm_code remote_payment_list(struct crm *crm, const struct session *s,
					 const struct payment_filter *f, payment_fn fn,
					 void *ctx, struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_payment, (void *)fn, ctx, -1 };

	(void)s;
	if (f->contract_id)
		query_int(&q, "contract", f->contract_id);
	if (f->since[0])
		query_add(&q, "since", f->since);
	if (f->until[0])
		query_add(&q, "until", f->until);
	query_sort(&q, &f->sort);
	query_page(&q, f->limit, f->offset, &l.left);
	return list(remote_of(crm), "payments", &q, &l, err);
}

static enum crm_code remote_payment_show(struct crm *crm, const struct session *s, int64_t id,
					 payment_fn fn, void *ctx, struct crm_error *err)
{
	(void)s;
	return show(remote_of(crm), "payments", id, call_payment, (void *)fn, ctx, err);
}

static enum crm_code remote_payment_void(struct crm *crm, const struct session *s, int64_t id,
					 const struct payment_void_input *in,
					 struct crm_error *err)
{
	char path[96];
	json_t *body, *doc = NULL;
	enum crm_code rc = policy_allows(s, ACT_PAYMENT_VOID, err);

	if (rc)
		return rc;
	snprintf(path, sizeof path, "/api/v1/payments/%" PRId64 "/void", id);
	body = json_object();
	put_text(body, "reason", in->reason);
	rc = send_json(remote_of(crm), "POST", path, body, &doc, err);
	json_decref(body);
	json_decref(doc);
	return rc;
}

/* ---- events ---------------------------------------------------------- */

static void query_time(struct strbuf *q, const char *key, int64_t utc)
{
	char text[DATETIME_TEXT_MAX];

	datetime_format_rfc3339(text, utc);
	query_add(q, key, text);
}

static void event_criteria(struct strbuf *q, const struct event_filter *f, bool support_me)
{
	if (support_me || f->support_me)
		query_add(q, "support", "me");
	else if (f->no_support)
		query_add(q, "support", "none");
	else if (f->support_id)
		query_int(q, "support", f->support_id);
	if (f->mine)
		query_add(q, "mine", "true");
	if (f->contract_id)
		query_int(q, "contract", f->contract_id);
	if (f->has_from)
		query_time(q, "from", f->from);
	if (f->has_to)
		query_time(q, "to", f->to);
}

static void event_query(struct strbuf *q, const struct event_filter *f, bool support_me,
			int64_t *left)
{
	event_criteria(q, f, support_me);
	query_sort(q, &f->sort);
	query_page(q, f->limit, f->offset, left);
}

static enum crm_code remote_event_list(struct crm *crm, const struct session *s,
				       const struct event_filter *f, event_fn fn, void *ctx,
				       struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_event, (void *)fn, ctx, -1 };

	(void)s;
	event_query(&q, f, false, &l.left);
	return list(remote_of(crm), "events", &q, &l, err);
}

static enum crm_code remote_event_list_mine(struct crm *crm, const struct session *s,
					    const struct event_filter *f, event_fn fn,
					    void *ctx, struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_event, (void *)fn, ctx, -1 };
	enum crm_code rc = policy_allows(s, ACT_EVENT_MY_EVENTS, err);

	if (rc)
		return rc;
	event_query(&q, f, true, &l.left);
	return list(remote_of(crm), "events", &q, &l, err);
}

static enum crm_code remote_event_show(struct crm *crm, const struct session *s, int64_t id,
				       event_fn fn, void *ctx, struct crm_error *err)
{
	(void)s;
	return show(remote_of(crm), "events", id, call_event, (void *)fn, ctx, err);
}

static enum crm_code remote_event_calendar(struct crm *crm, const struct session *s,
					   const struct event_filter *f, struct strbuf *out,
					   struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	char *path;
	enum crm_code rc;

	(void)s;
	event_criteria(&q, f, false);
	path = xasprintf("/api/v1/calendar%s", q.buf);
	{
		struct remote_call call = { .method = "GET", .path = path, .text = out,
					    .text_type = "text/calendar" };
		rc = remote_request(remote_of(crm), &call, err);
	}
	free(path);
	strbuf_free(&q);
	return rc;
}

static enum crm_code remote_calendar_feed(struct crm *crm, const struct session *s,
					  bool rotate, char **out_token, struct crm_error *err)
{
	json_t *doc = NULL, *token;
	enum crm_code rc;

	(void)s;
	*out_token = NULL;
	rc = send_json(remote_of(crm), "POST",
		       rotate ? "/api/v1/calendar/feed/rotate" : "/api/v1/calendar/feed", NULL,
		       &doc, err);
	if (rc == CRM_OK) {
		token = json_object_get(doc, "token");
		if (json_is_string(token))
			*out_token = xstrdup(json_string_value(token));
		else
			rc = crm_error_set(err, CRM_EINTERNAL,
					   "unexpected answer from the server: a feed without its token");
	}
	json_decref(doc);
	return rc;
}

/* A text field checked as event.c checks it (the server checks it again). */
static enum crm_code check_text(const char *key, const char *label, const char *text,
				size_t max, bool notes, json_t *body, struct crm_error *err)
{
	char *clean = NULL;
	enum crm_code rc;

	if (!text)
		return CRM_OK;
	rc = notes ? validate_notes(&clean, label, text, max, err)
		   : validate_text(&clean, label, text, max, err);
	free(clean);
	if (rc)
		return crm_error_field(err, key);
	put_text(body, key, text);
	return CRM_OK;
}

static enum crm_code check_time(const char *key, const char *label, const char *text,
				json_t *body, struct crm_error *err)
{
	int64_t utc;

	if (!text)
		return CRM_OK;
	/* The syntax only, as event.c first checks it: a time without an
	 * offset is read by the server in the event's zone, which it knows. */
	if (datetime_parse(&utc, label, text, NULL, err))
		return crm_error_field(err, key);
	put_text(body, key, text);
	return CRM_OK;
}

/* The zone as event.c checks it, sent by name. */
static enum crm_code check_zone(const char *name, json_t *body, struct crm_error *err)
{
	const struct tz *zone;
	enum crm_code rc;

	if (!name)
		return CRM_OK;
	rc = tz_cache_get(&zone, name, err);
	if (rc == CRM_OK)
		put_text(body, "timezone", name);
	return rc;
}

/*
 * The body of an event's create or update: event.c's checks, in its order
 * (permission, required fields, then each field), since the times typed in
 * the user's zone and the integers must be converted before they are sent;
 * the first bad field then gets the message it gets against a database.
 */
static enum crm_code event_body(struct crm *crm, const struct session *s,
				const struct event_input *in, bool create, json_t **out,
				struct crm_error *err)
{
	json_t *body;
	int64_t n;
	enum crm_code rc = policy_allows(s, create ? ACT_EVENT_CREATE : ACT_EVENT_UPDATE, err);

	*out = NULL;
	if (rc)
		return rc;
	if (create && (!in->contract_id || !in->name || !in->start_date || !in->end_date ||
		       !in->location || !in->attendees_count))
		return crm_error_set(err, CRM_EINVALID,
				     "an event needs a contract, a name, a start, an end, "
				     "a location and a number of attendees");
	if (!create && in->contract_id)
		return crm_error_set(err, CRM_EINVALID, "an event's contract cannot be changed");
	body = json_object();
	if (in->contract_id) {
		rc = validate_id(&n, NC_("field", "contract"), in->contract_id, err);
		if (rc)
			crm_error_field(err, "contract_id");
		else
			json_object_set_new(body, "contract_id", json_integer(n));
	}
	if (rc == CRM_OK)
		rc = check_text("name", "name", in->name, EVENT_TEXT_MAX, false, body, err);
	if (rc == CRM_OK)
		rc = check_zone(in->timezone, body, err);
	if (rc == CRM_OK)
		rc = check_time("start_date", "start", in->start_date, body, err);
	if (rc == CRM_OK)
		rc = check_time("end_date", "end", in->end_date, body, err);
	if (rc == CRM_OK)
		rc = check_text("location", "location", in->location, EVENT_TEXT_MAX, false, body,
				err);
	if (rc == CRM_OK && in->attendees_count) {
		rc = validate_int(&n, NC_("field", "attendees"), in->attendees_count, 0, ATTENDEES_MAX, err);
		if (rc)
			crm_error_field(err, "attendees_count");
		else
			json_object_set_new(body, "attendees_count", json_integer(n));
	}
	if (rc == CRM_OK)
		rc = check_text("notes", "notes", in->notes, EVENT_NOTES_MAX, true, body, err);
	/* A new event without --timezone: this user's default, not the
	 * server's (EPICEVENTS_TIMEZONE is read where the command is typed). */
	if (rc == CRM_OK && create && !in->timezone) {
		rc = check_zone(crm->timezone ? crm->timezone : "UTC", body, err);
		if (rc)
			crm_error_prefix(err, "EPICEVENTS_TIMEZONE");
	}
	if (rc)
		json_decref(body);
	else
		*out = body;
	return rc;
}

static enum crm_code remote_event_create(struct crm *crm, const struct session *s,
					 const struct event_input *in, int64_t *out_id,
					 struct crm_error *err)
{
	json_t *body;
	enum crm_code rc = event_body(crm, s, in, true, &body, err);

	if (rc == CRM_OK)
		rc = post_created(remote_of(crm), "/api/v1/events", body, out_id, err);
	json_decref(body);
	return rc;
}

static enum crm_code remote_event_update(struct crm *crm, const struct session *s,
					 int64_t id, const struct event_input *in,
					 struct crm_error *err)
{
	json_t *body;
	enum crm_code rc = event_body(crm, s, in, false, &body, err);
	char path[96];
	json_t *doc = NULL;

	snprintf(path, sizeof path, "/api/v1/events/%" PRId64 "%s", id,
		 in->allow_overlap ? "?allow_overlap=true" : "");
	if (rc == CRM_OK)
		rc = send_json(remote_of(crm), "PATCH", path, body, &doc, err);
	json_decref(doc);
	json_decref(body);
	return rc;
}

static enum crm_code remote_event_assign(struct crm *crm, const struct session *s,
					 int64_t id, int64_t support_user_id, bool allow_overlap,
					 struct crm_error *err)
{
	char path[96];
	json_t *body = json_object(), *doc = NULL;
	enum crm_code rc;

	(void)s;
	snprintf(path, sizeof path, "/api/v1/events/%" PRId64 "/assign%s", id,
		 allow_overlap ? "?allow_overlap=true" : "");
	json_object_set_new(body, "support_contact_id", json_integer(support_user_id));
	rc = send_json(remote_of(crm), "POST", path, body, &doc, err);
	json_decref(body);
	json_decref(doc);
	return rc;
}

/* ---- journal --------------------------------------------------------- */

static enum crm_code remote_audit_list(struct crm *crm, const struct session *s,
				       const struct audit_filter *f, audit_fn fn, void *ctx,
				       struct crm_error *err)
{
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_audit, (void *)fn, ctx, -1 };

	(void)s;
	if (f->entity)
		query_add(&q, "entity", f->entity);
	if (f->entity_id)
		query_int(&q, "id", f->entity_id);
	if (f->actor_id)
		query_int(&q, "actor", f->actor_id);
	if (f->action)
		query_add(&q, "action", f->action);
	/* Instants: an until typed as a date is already its day's last second. */
	if (f->has_since)
		query_time(&q, "since", f->since);
	if (f->has_until)
		query_time(&q, "until", f->until);
	if (f->newest_first)
		query_add(&q, "order", "newest");
	query_page(&q, f->limit, f->offset, &l.left);
	return list(remote_of(crm), "audit", &q, &l, err);
}

/* GET /api/v1/clients/{id}/history, ... */
static enum crm_code remote_audit_history(struct crm *crm, const struct session *s,
					  const char *entity, int64_t id, audit_fn fn, void *ctx,
					  struct crm_error *err)
{
	static const char *const collections[] = { "clients", "contracts", "events", "users" };
	struct strbuf q = STRBUF_INIT;
	struct list_ctx l = { call_history, (void *)fn, ctx, -1 };
	char path[96];

	(void)s;
	for (size_t i = 0; i < sizeof collections / sizeof collections[0]; i++) {
		size_t n = strlen(entity);
		if (strncmp(collections[i], entity, n) == 0 &&
		    (collections[i][n] == '\0' || strcmp(collections[i] + n, "s") == 0)) {
			snprintf(path, sizeof path, "%s/%" PRId64 "/history", collections[i], id);
			return list(remote_of(crm), path, &q, &l, err);
		}
	}
	return crm_error_set(err, CRM_EINVALID, "no history for '%s'", entity);
}

/* ---- the handle ------------------------------------------------------ */

#define CRM_REMOTE_ENTRY(name) .name = remote_##name,
static const struct crm_ops crm_remote_ops = {
	CRM_OPERATIONS(CRM_REMOTE_ENTRY)
};
#undef CRM_REMOTE_ENTRY

static bool part_is(const struct url_part *p, const char *text)
{
	return p->p && p->n == strlen(text) && strncasecmp(p->p, text, p->n) == 0;
}

static bool host_is_loopback(const struct url_part *host)
{
	char ip[64];
	struct in_addr a4;

	if (part_is(host, "localhost") || part_is(host, "[::1]"))
		return true;
	if (host->n >= sizeof ip)
		return false;
	memcpy(ip, host->p, host->n);
	ip[host->n] = '\0';
	return inet_pton(AF_INET, ip, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

enum crm_code remote_url_check(const char *url, char **out, struct crm_error *err)
{
	struct url_parts u;
	size_t len;
	char shown[UTF8_EXCERPT_MAX];

	utf8_excerpt(shown, url, strlen(url));
	if (!url_split(url, &u) || !(part_is(&u.scheme, "http") || part_is(&u.scheme, "https")))
		return crm_error_set(err, CRM_EINVALID,
				     "server '%s' is not an http:// or https:// URL", shown);
	if (u.user.p || u.password.p)
		return crm_error_set(err, CRM_EINVALID,
				     "server '%s': put no user or password in the address "
				     "(log in with 'epicevents login')", u.password.p ? "(hidden)" : shown);
	if (!u.host.p || u.host.n == 0)
		return crm_error_set(err, CRM_EINVALID, "server '%s' has no host", shown);
	if (u.query.p || u.fragment.p)
		return crm_error_set(err, CRM_EINVALID,
				     "server '%s': give the address without '?' or '#'", shown);
	if (part_is(&u.scheme, "http") && !host_is_loopback(&u.host))
		return crm_error_set(err, CRM_EINVALID,
				     "server '%s': http:// would send passwords in clear; use "
				     "https://, or http:// only to this machine (127.0.0.1, localhost, [::1])",
				     shown);
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	*out = xstrndup(url, len);
	return CRM_OK;
}

struct crm *crm_open_remote(const char *server_url, const char *ca_file,
			    const struct crm_options *opt, struct crm_error *err)
{
	struct remote *r;
	char *url;

	if (remote_url_check(server_url, &url, err))
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->crm.ops = &crm_remote_ops;
	r->url = url;
	r->ca_file = ca_file && *ca_file ? xstrdup(ca_file) : NULL;
	{
		struct url_parts u;
		r->loopback = url_split(url, &u) && host_is_loopback(&u.host);
	}
	if (opt) {
		r->crm.zone = opt->zone;
		r->crm.timezone = opt->timezone;
		r->crm.notify = opt->notify;
		r->crm.notify_ctx = opt->notify_ctx;
	}
	return &r->crm;
}

bool remote_is(const struct crm *crm)
{
	return crm && crm->ops == &crm_remote_ops;
}

enum crm_code remote_ready(struct crm *crm, struct crm_error *err)
{
	json_t *doc = NULL;
	enum crm_code rc = get_object((struct remote *)crm, "/readyz", &doc, err);

	json_decref(doc);
	return rc;
}

const char *remote_url(const struct crm *crm)
{
	return ((const struct remote *)crm)->url;
}

void remote_close(struct crm *crm)
{
	struct remote *r;

	if (!crm)
		return;
	r = remote_of(crm);
	remote_http_close(r);
	xfree_secret(r->token);
	free(r->url);
	free(r->ca_file);
	free(r);
}
