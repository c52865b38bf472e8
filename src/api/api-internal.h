/*
 * api-internal.h — what the server's parts share: the server's state and
 * one request's state, from its first byte to libmicrohttpd's completion
 * callback. Every request owns its own; the server's is read-only once
 * started, except for the counters of metrics.h (atomic).
 */
#ifndef EPICEVENTS_API_INTERNAL_H
#define EPICEVENTS_API_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "api/api.h"
#include "api/body.h"
#include "api/jobs.h"
#include "api/lang.h"
#include "api/metrics.h"
#include "api/mhd-api.h"
#include "api/route.h"
#include "format/records.h"
#include "model/model.h"
#include "store/pool.h"
#include "util/strbuf.h"

struct api_stream;

struct api_server {
	const struct api_options *opt;
	struct db_pool *pool;
	struct MHD_Daemon *daemon;
	bool tls;
	char origin[256];        /* --public-url without its path; "" = from Host */
	struct api_jobs *database; /* requests that use it (jobs.h) */
	struct api_jobs *hashing;  /* PBKDF2's (jobs.h) */
	atomic_int in_flight;    /* requests begun and not completed */
	atomic_bool stopping;    /* SIGTERM's grace is over: cut streams */
	atomic_int suspended;    /* connections suspended now (api_suspend) */
	struct api_metrics metrics;
	/* Sentry's sender: delivers what requests captured while it runs. */
	pthread_t sender;
	bool sender_started;
	atomic_bool sender_stop;
};

#define API_HEADERS_MAX 4

struct api_request {
	struct api_server *server;
	struct MHD_Connection *conn;
	const char *method;
	char path[256];          /* for the log: the path, cut at 255 bytes */
	int64_t started_us;      /* monotonic */
	/* Accept-Language's pick (lang.h), English when the system lacks
	 * it: every thread that works for the request speaks it
	 * (api_lang_begin), messages and problem details alike. */
	const struct api_lang *lang;
	bool lang_varies;        /* the answer depends on it: Vary, Content-Language */
	const struct api_route *route;
	char id_text[ROUTE_ID_MAX];
	int64_t id;              /* parsed {id}, or 0 */

	/* the body as it arrives */
	struct strbuf body;
	bool body_too_large;
	bool processed;          /* a response was queued */
	struct api_jobs *queued_on; /* the jobs.h queue running it, or NULL */
	bool job_done;           /* its job has run (under that queue's lock) */

	/* what the handler works with */
	struct db *db;           /* checked out of the pool; back at completion */
	struct crm *crm;
	struct session session;
	const char *token;            /* the session's token (bearer or cookie), borrowed */
	bool has_session;
	bool by_cookie;
	void *input;             /* the route's body, parsed (body.h) */
	struct api_body_store store;

	/* the response being built */
	unsigned status;
	struct strbuf out;       /* a whole body (not streamed) */
	const char *content_type;
	char *headers[API_HEADERS_MAX][2]; /* extra name/value pairs, malloc'ed */
	struct api_stream *stream; /* a streamed list, or NULL */
	int64_t user_id;         /* for the log; 0 = none */
};

/* ---- replies (reply.c) ---------------------------------------------- */

/* Adds a response header (copied). */
void api_header(struct api_request *req, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A problem+json reply for err (RFC 9457, with exit_code; SERVER.md's
 * status mapping). `from_body`: a validation error about a well-formed
 * body is 422, not 400. */
/* One line of the server's own (start, stop, a request's internal error)
 * on standard error, in --log-format's format: "epicevents: [LEVEL: ]TEXT"
 * or {"time", "level", "message"}. LEVEL: "info", "warning" or "error". */
void api_log(const struct api_options *opt, const char *level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void api_problem(struct api_request *req, const struct crm_error *err, bool from_body);
/* The same with an explicit status and detail (413, 415, 405, 503...). */
void api_problem_status(struct api_request *req, unsigned status, enum crm_code code,
			const char *detail);
/* A problem with an "errors" array (taken), one member per bad item:
 * `clients import`'s bad rows. */
void api_problem_errors(struct api_request *req, unsigned status, const struct crm_error *err,
			json_t *errors);
/* The JSON reply of one record (status 200 or 201). */
enum crm_code api_reply_values(struct api_request *req, unsigned status,
			       const struct record_desc *desc, const struct out_value *vals,
			       struct crm_error *err);
/* Status only (204). */
void api_reply_empty(struct api_request *req, unsigned status);

/* ---- lists (list.c) -------------------------------------------------- */

/* Kinds of list, each with its record description and crm/ call. */
struct api_list;
extern const struct api_list api_list_clients, api_list_contracts, api_list_payments,
	api_list_events,
	api_list_users, api_list_audit, api_list_locked, api_list_history;
/* api_list_history's filter: which record's journal. */
struct api_history_key {
	const char *entity; /* static: "client", ... */
	int64_t id;
};

/* Runs a list request whose filter is set: a page (limit > 0) is built
 * whole, with a Link to the next page when full; the whole list
 * (limit 0) streams from a thread of its own. */
enum crm_code api_list_reply(struct api_request *req, const struct api_list *list,
			     const void *filter, int64_t limit, int64_t offset,
			     struct crm_error *err);

/* For server.c: a streamed list's response, and its end. */
struct MHD_Response *api_stream_response(struct api_request *req);
/* Until the list has its status (a first row, or its end), suspends the
 * connection and returns true: the producer resumes it. */
bool api_stream_wait(struct api_request *req);
/* Whether the list failed before its first row; its error then. */
bool api_stream_failed_early(struct api_request *req, struct crm_error *err);
void api_stream_finish(struct api_request *req);

/* ---- per-request helpers (server.c) ---------------------------------- */

/* This thread works for req until api_lang_end(): its messages in
 * req's language (util/i18n.h's per-thread locale). */
void api_lang_begin(const struct api_request *req);
void api_lang_end(void);

/* libmicrohttpd's suspend and resume of req's connection, counted: the
 * daemon may only be stopped once none is suspended. */
void api_suspend(struct api_request *req);
void api_resume(struct api_request *req);

/* A query argument, or NULL. */
const char *api_query(struct api_request *req, const char *key);

#endif
