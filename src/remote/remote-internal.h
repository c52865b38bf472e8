/*
 * remote-internal.h — what remote/'s files share: the handle, one HTTP
 * exchange (http.c), the records' JSON decoders (decode.c).
 */
#ifndef EPICEVENTS_REMOTE_INTERNAL_H
#define EPICEVENTS_REMOTE_INTERNAL_H

#include <jansson.h>

#include "crm/crm-internal.h"
#include "remote/remote.h"
#include "util/strbuf.h"

/* The handle: struct crm first, so that crm.h's dispatch works on it. */
struct remote {
	struct crm crm;
	char *url;          /* base URL, no trailing '/' */
	char *token;        /* the session's token (Bearer), or NULL */
	char *ca_file;      /* EPICEVENTS_CA_FILE, or NULL: the system's store */
	bool loopback;      /* the host is this machine: no proxy */
	void *easy;         /* CURL *, kept for keep-alive; NULL until first use */
};

static inline struct remote *remote_of(struct crm *crm)
{
	return (struct remote *)crm;
}

/*
 * A record of an answer, to be decoded: a jansson object (json, for one
 * record answers), or a list element read by the fast path (rec, record.c).
 * remote_object_get gives a key's value either way (false: no such key);
 * strings are the object's (NUL-terminated, no NUL inside).
 */
enum remote_vtype { RV_NULL, RV_STRING, RV_INT, RV_BOOL, RV_OTHER };
struct remote_value {
	enum remote_vtype type;
	const char *s;   /* RV_STRING */
	int64_t i;       /* RV_INT; RV_BOOL: 1 or 0 */
};
struct remote_field {
	const char *key;
	struct remote_value v;
};
#define REMOTE_FIELDS_MAX 32
struct remote_record {
	size_t n;
	size_t hint; /* where remote_object_get looks first */
	struct remote_field f[REMOTE_FIELDS_MAX];
	struct strbuf text; /* keys and strings, unescaped, each with its NUL */
};
struct remote_object {
	json_t *json;
	struct remote_record *rec;
};

void remote_record_init(struct remote_record *rec);
void remote_record_free(struct remote_record *rec);
/* One flat JSON object (string, integer, boolean and null values) into
 * rec; false when it is anything else or not plainly valid: then jansson
 * decides (it accepts nothing that this refuses wrongly, see record.c). */
bool remote_record_parse(struct remote_record *rec, const char *text, size_t len);
/* The same, for an object at the start of text followed by anything:
 * *used = its length (through its '}'). */
bool remote_record_parse_prefix(struct remote_record *rec, const char *text, size_t len,
				size_t *used);
bool remote_object_get(const struct remote_object *o, const char *key, struct remote_value *v);

/* Called with each element of a JSON array answer, as it arrives. The
 * element is borrowed: it is freed or reused after the call. */
typedef enum crm_code (*remote_element_fn)(void *ctx, const struct remote_object *element,
					   struct crm_error *err);

/*
 * The list splitter (split.c): a JSON array of objects fed in pieces as
 * they arrive; each object, once whole, is parsed (duplicate keys refused)
 * and given to fn. CRM_EINTERNAL with `what` set when the array itself is
 * wrong (not an array, an element that is not an object or is larger than
 * element_max, a missing or extra comma, text after it); fn's own error
 * (what NULL) is returned as it is. remote_split_done: the ']' was seen.
 */
struct remote_split {
	int state;
	int depth;
	bool in_string, escaped;
	size_t element_max;
	struct strbuf buf;
	struct remote_record rec;
	const char *what;
};

void remote_split_init(struct remote_split *sp, size_t element_max);
enum crm_code remote_split_feed(struct remote_split *sp, const char *p, size_t n,
				remote_element_fn fn, void *ctx, struct crm_error *err);
bool remote_split_done(const struct remote_split *sp);
void remote_split_free(struct remote_split *sp);

struct remote_call {
	const char *method;     /* "GET", "POST", ... */
	const char *path;       /* "/api/v1/clients?limit=all": after the base URL */
	json_t *body;           /* sent as application/json when not NULL (borrowed) */
	/* Or a body sent as it is, of raw_type (a CSV file); borrowed. */
	const char *raw, *raw_type;
	size_t raw_len;
	/* A problem answer's document, when not NULL (the caller's reference):
	 * its members beyond exit_code and detail ("errors"). */
	json_t **problem;
	/* The answer: an array streamed to each_element, or one object into
	 * *object (the caller's reference), or nothing (204). */
	remote_element_fn each_element;
	void *ctx;
	json_t **object;
	/* Or a document of type text_type ("text/calendar") appended to *text. */
	struct strbuf *text;
	const char *text_type;
	char **cookie_token;    /* the epicevents_session cookie's value, if set */
};

/* One request. A problem+json answer becomes its exit_code and detail
 * (and field); an unreachable server, a redirect, an answer that is not
 * the JSON expected or that was cut short are CRM_EINTERNAL with one line
 * naming the URL. */
enum crm_code remote_request(struct remote *r, const struct remote_call *call,
			     struct crm_error *err);
void remote_http_close(struct remote *r);

/* Percent-encodes a query value onto sb. */
void remote_query_escape(struct strbuf *sb, const char *value);

/* JSON answers into model.h's records: strings point into the JSON. An
 * object missing a key or with one of the wrong type is CRM_EINTERNAL
 * ("unexpected answer from the server: ..."). */
enum crm_code remote_decode_session(const struct remote_object *o, struct session *s,
				    struct crm_error *err);
enum crm_code remote_decode_user(const struct remote_object *o, struct user *u,
				 struct crm_error *err);
enum crm_code remote_decode_locked(const struct remote_object *o, struct locked_login *l,
				   struct crm_error *err);
enum crm_code remote_decode_client(const struct remote_object *o, struct client *c,
				   struct crm_error *err);
enum crm_code remote_decode_contract(const struct remote_object *o, struct contract *k,
				     struct crm_error *err);
enum crm_code remote_decode_payment(const struct remote_object *o, struct payment *p,
				    struct crm_error *err);
enum crm_code remote_decode_event(const struct remote_object *o, struct event *e,
				  struct crm_error *err);
/* history: an entry of a record's history (no entity, entity_id).
 * *owned: what details point to when the server sent an object (free it
 * after use), else NULL. */
enum crm_code remote_decode_audit(const struct remote_object *o, struct audit_entry *a,
				  bool history, char **owned, struct crm_error *err);

#endif
