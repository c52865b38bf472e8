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

/* Called with each element of a JSON array answer, as it arrives. The
 * element is borrowed: it is freed after the call. */
typedef enum crm_code (*remote_element_fn)(void *ctx, json_t *element, struct crm_error *err);

struct remote_call {
	const char *method;     /* "GET", "POST", ... */
	const char *path;       /* "/api/v1/clients?limit=all": after the base URL */
	json_t *body;           /* sent as application/json when not NULL (borrowed) */
	/* The answer: an array streamed to each_element, or one object into
	 * *object (the caller's reference), or nothing (204). */
	remote_element_fn each_element;
	void *ctx;
	json_t **object;
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
enum crm_code remote_decode_session(json_t *o, struct session *s, struct crm_error *err);
enum crm_code remote_decode_user(json_t *o, struct user *u, struct crm_error *err);
enum crm_code remote_decode_locked(json_t *o, struct locked_login *l, struct crm_error *err);
enum crm_code remote_decode_client(json_t *o, struct client *c, struct crm_error *err);
enum crm_code remote_decode_contract(json_t *o, struct contract *k, struct crm_error *err);
enum crm_code remote_decode_payment(json_t *o, struct payment *p, struct crm_error *err);
enum crm_code remote_decode_event(json_t *o, struct event *e, struct crm_error *err);
enum crm_code remote_decode_audit(json_t *o, struct audit_entry *a, struct crm_error *err);

#endif
