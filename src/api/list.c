/*
 * Lists: a page is built whole (it is bounded by its limit) so that its
 * Link header can say whether a next page exists; the whole list streams
 * from a thread of its own through a bounded buffer, so memory stays flat
 * at any size. crm/ pushes rows to a callback while libmicrohttpd pulls
 * body bytes: the producer thread waits when the buffer is full, and the
 * connection is suspended while it is empty.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api-internal.h"
#include "crm/crm.h"
#include "util/xalloc.h"

#define STREAM_BUFFER (64 * 1024)

/* Rows of a list, whichever end they go to. */
struct list_run {
	struct api_request *req;
	const struct api_list *list;
	struct out_options o;
	struct out *out;       /* opened at the first row, as the CLI does */
	int64_t rows;
	struct crm_error *err;
	void (*first_row)(struct list_run *run); /* NULL for a page */
};

struct api_list {
	const struct record_desc *desc;
	size_t filter_size;
	enum crm_code (*run)(struct crm *crm, const struct session *s, const void *filter,
			     struct list_run *run, struct crm_error *err);
};

static enum crm_code row(struct list_run *run, const struct out_value *v)
{
	if (!run->out) {
		if (run->first_row)
			run->first_row(run);
		run->out = out_list_begin(&run->o, run->list->desc->columns,
					  run->list->desc->ncolumns);
	}
	run->rows++;
	return out_list_row(run->out, v, run->err);
}

#define ROW_ADAPTER(name, type, values)                                    \
	static enum crm_code name(void *ctx, const type *r)              \
	{                                                                  \
		struct out_value v[RECORD_MAX_FIELDS];                     \
		values(r, v);                                              \
		return row(ctx, v);                                        \
	}
ROW_ADAPTER(client_row, struct client, record_client_values)
ROW_ADAPTER(contract_row, struct contract, record_contract_values)
ROW_ADAPTER(payment_row, struct payment, record_payment_values)
ROW_ADAPTER(event_row, struct event, record_event_values)
ROW_ADAPTER(user_row, struct user, record_user_values)
ROW_ADAPTER(audit_row, struct audit_entry, record_audit_values)
ROW_ADAPTER(locked_row, struct locked_login, record_locked_login_values)

static enum crm_code run_clients(struct crm *crm, const struct session *s, const void *f,
				 struct list_run *run, struct crm_error *err)
{
	return client_list(crm, s, f, client_row, run, err);
}
static enum crm_code run_contracts(struct crm *crm, const struct session *s, const void *f,
				   struct list_run *run, struct crm_error *err)
{
	return contract_list(crm, s, f, contract_row, run, err);
}
static enum crm_code run_payments(struct crm *crm, const struct session *s, const void *f,
				  struct list_run *run, struct crm_error *err)
{
	return payment_list(crm, s, f, payment_row, run, err);
}
static enum crm_code run_events(struct crm *crm, const struct session *s, const void *f,
				struct list_run *run, struct crm_error *err)
{
	return event_list(crm, s, f, event_row, run, err);
}
static enum crm_code run_users(struct crm *crm, const struct session *s, const void *f,
			       struct list_run *run, struct crm_error *err)
{
	return user_list(crm, s, f, user_row, run, err);
}
static enum crm_code run_audit(struct crm *crm, const struct session *s, const void *f,
			       struct list_run *run, struct crm_error *err)
{
	return audit_list(crm, s, f, audit_row, run, err);
}
ROW_ADAPTER(history_row, struct audit_entry, record_history_values)
static enum crm_code run_history(struct crm *crm, const struct session *s, const void *f,
				 struct list_run *run, struct crm_error *err)
{
	const struct api_history_key *k = f;
	return audit_history(crm, s, k->entity, k->id, history_row, run, err);
}
static enum crm_code run_locked(struct crm *crm, const struct session *s, const void *f,
				struct list_run *run, struct crm_error *err)
{
	(void)f;
	return user_list_locked(crm, s, locked_row, run, err);
}

const struct api_list api_list_clients = { &record_client, sizeof(struct client_filter),
					   run_clients };
const struct api_list api_list_contracts = { &record_contract,
					     sizeof(struct contract_filter), run_contracts };
const struct api_list api_list_payments = { &record_payment,
					    sizeof(struct payment_filter), run_payments };
const struct api_list api_list_events = { &record_event, sizeof(struct event_filter),
					  run_events };
const struct api_list api_list_users = { &record_user, sizeof(struct user_filter), run_users };
const struct api_list api_list_audit = { &record_audit, sizeof(struct audit_filter),
					 run_audit };
const struct api_list api_list_history = { &record_history, sizeof(struct api_history_key),
					   run_history };
const struct api_list api_list_locked = { &record_locked_login, 1, run_locked };

/* ---- a page ------------------------------------------------------------ */

static long strbuf_sink(void *ctx, const char *buf, size_t len)
{
	strbuf_add(ctx, buf, len);
	return (long)len;
}

static void add_escaped(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    strchr("-._~", c)) {
			strbuf_putc(sb, (char)c);
		} else {
			strbuf_putc(sb, '%');
			strbuf_putc(sb, hex[c >> 4]);
			strbuf_putc(sb, hex[c & 15]);
		}
	}
}

struct link_ctx {
	struct strbuf *sb;
	bool first;
};

static enum MHD_Result add_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	struct link_ctx *l = cls;
	(void)kind;
	if (strcmp(key, "offset") == 0 || strcmp(key, "limit") == 0)
		return MHD_YES;
	strbuf_putc(l->sb, l->first ? '?' : '&');
	l->first = false;
	add_escaped(l->sb, key);
	if (value) {
		strbuf_putc(l->sb, '=');
		add_escaped(l->sb, value);
	}
	return MHD_YES;
}

/* Link: <path?criteria&limit=L&offset=O+L>; rel="next" */
static void link_next(struct api_request *req, int64_t limit, int64_t offset)
{
	struct strbuf sb = STRBUF_INIT;
	struct link_ctx l = { &sb, true };

	strbuf_puts(&sb, req->route->pattern);
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_query_arg, &l);
	strbuf_printf(&sb, "%slimit=%lld&offset=%lld", l.first ? "?" : "&", (long long)limit,
		      (long long)(offset + limit));
	api_header(req, "Link", "<%s>; rel=\"next\"", sb.buf);
	strbuf_free(&sb);
}

static enum crm_code page_reply(struct api_request *req, const struct api_list *list,
				const void *filter, int64_t limit, int64_t offset,
				struct crm_error *err)
{
	FILE *fp = out_sink_open(strbuf_sink, &req->out);
	struct list_run run = { .req = req, .list = list, .o = { .fp = fp, .format = OUT_JSON },
				.err = err };
	enum crm_code rc;

	if (!fp)
		return crm_error_set(err, CRM_EINTERNAL, "out of memory");
	strbuf_reset(&req->out);
	rc = list->run(req->crm, &req->session, filter, &run, err);
	if (rc) {
		out_list_abort(run.out);
		fclose(fp);
		return rc;
	}
	if (!run.out)
		run.out = out_list_begin(&run.o, list->desc->columns, list->desc->ncolumns);
	rc = out_list_end(run.out, err);
	fclose(fp);
	if (rc)
		return rc;
	req->status = 200;
	req->content_type = "application/json";
	if (limit > 0 && run.rows == limit)
		link_next(req, limit, offset);
	return CRM_OK;
}

/* ---- the whole list, streamed ------------------------------------------ */

struct api_stream {
	pthread_mutex_t lock;
	pthread_cond_t changed;    /* room in the buffer, or cancelled */
	char buf[STREAM_BUFFER];
	size_t len;
	bool decided;              /* a first row, or the end: the status is known */
	bool started;              /* a first row came: 200 */
	bool done, failed, cancelled;
	bool suspended;            /* the connection waits for us */
	struct crm_error err;      /* when failed before any row */
	pthread_t thread;
	bool thread_started;
	struct list_run run;
	void *filter;              /* the list's copy */
};

/* Lets the connection go on if it waits; with the lock held. */
static void wake(struct api_request *req)
{
	struct api_stream *st = req->stream;

	if (st->suspended) {
		st->suspended = false;
		api_resume(req);
	}
}

static void stream_first_row(struct list_run *run)
{
	struct api_stream *st = run->req->stream;

	pthread_mutex_lock(&st->lock);
	st->started = st->decided = true;
	wake(run->req);
	pthread_mutex_unlock(&st->lock);
}

static long stream_sink(void *ctx, const char *buf, size_t len)
{
	struct api_request *req = ctx;
	struct api_stream *st = req->stream;
	size_t written = 0;

	pthread_mutex_lock(&st->lock);
	while (written < len) {
		if (st->cancelled || atomic_load(&req->server->stopping)) {
			pthread_mutex_unlock(&st->lock);
			errno = EPIPE;
			return -1;
		}
		if (st->len == sizeof st->buf) {
			/* Full: wait for the reader, looking at `stopping` now and then. */
			struct timespec t;
			clock_gettime(CLOCK_REALTIME, &t);
			t.tv_nsec += 200000000L;
			if (t.tv_nsec >= 1000000000L) {
				t.tv_sec++;
				t.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&st->changed, &st->lock, &t);
			continue;
		}
		size_t n = len - written;
		if (n > sizeof st->buf - st->len)
			n = sizeof st->buf - st->len;
		memcpy(st->buf + st->len, buf + written, n);
		st->len += n;
		written += n;
		wake(req);
	}
	pthread_mutex_unlock(&st->lock);
	return (long)len;
}

static void *stream_main(void *arg)
{
	struct api_request *req = arg;
	struct api_stream *st = req->stream;
	struct list_run *run = &st->run;
	struct crm_error err = { 0 };
	FILE *fp = out_sink_open(stream_sink, req);
	enum crm_code rc;

	api_lang_begin(req);
	if (!fp) {
		rc = crm_error_set(&err, CRM_EINTERNAL, "out of memory");
	} else {
		run->o.fp = fp;
		run->err = &err;
		rc = run->list->run(req->crm, &req->session, st->filter, run, &err);
		if (rc == CRM_OK) {
			if (!run->out)
				run->out = out_list_begin(&run->o, run->list->desc->columns,
							  run->list->desc->ncolumns);
			rc = out_list_end(run->out, &err);
		} else {
			out_list_abort(run->out);
		}
		if (fclose(fp) != 0 && rc == CRM_OK)
			rc = crm_error_set(&err, CRM_EINTERNAL, "cannot write output");
	}

	pthread_mutex_lock(&st->lock);
	st->done = st->decided = true;
	st->failed = rc != CRM_OK;
	st->err = err;
	wake(req);
	pthread_mutex_unlock(&st->lock);
	api_lang_end();
	return NULL;
}

static enum crm_code stream_start(struct api_request *req, const struct api_list *list,
				  const void *filter, struct crm_error *err)
{
	struct api_stream *st = xcalloc(1, sizeof *st);

	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->changed, NULL);
	st->filter = xmalloc(list->filter_size);
	memcpy(st->filter, filter, list->filter_size);
	st->run = (struct list_run){ .req = req, .list = list,
				     .o = { .format = OUT_JSON },
				     .first_row = stream_first_row };
	req->stream = st;

	if (pthread_create(&st->thread, NULL, stream_main, req) != 0) {
		api_stream_finish(req);
		return crm_error_set(err, CRM_EINTERNAL, "cannot start a thread: %s",
				     strerror(errno));
	}
	st->thread_started = true;
	return CRM_OK;
}

enum crm_code api_list_reply(struct api_request *req, const struct api_list *list,
			     const void *filter, int64_t limit, int64_t offset,
			     struct crm_error *err)
{
	if (limit > 0 || list == &api_list_locked)
		return page_reply(req, list, filter, limit, offset, err);
	return stream_start(req, list, filter, err);
}

bool api_stream_wait(struct api_request *req)
{
	struct api_stream *st = req->stream;
	bool wait;

	pthread_mutex_lock(&st->lock);
	wait = !st->decided;
	if (wait) {
		st->suspended = true;
		api_suspend(req);
	}
	pthread_mutex_unlock(&st->lock);
	return wait;
}

/* Whether the list failed before its first row; its error then. */
bool api_stream_failed_early(struct api_request *req, struct crm_error *err)
{
	struct api_stream *st = req->stream;
	bool early;

	pthread_mutex_lock(&st->lock);
	early = st->failed && !st->started;
	if (early)
		*err = st->err;
	pthread_mutex_unlock(&st->lock);
	return early;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct api_request *req = cls;
	struct api_stream *st = req->stream;
	ssize_t n;

	(void)pos;
	pthread_mutex_lock(&st->lock);
	if (atomic_load(&req->server->stopping)) {
		/* The stop's grace is over: cut now, not after the buffer. */
		n = MHD_CONTENT_READER_END_WITH_ERROR;
	} else if (st->len > 0) {
		size_t take = st->len < max ? st->len : max;
		memcpy(buf, st->buf, take);
		memmove(st->buf, st->buf + take, st->len - take);
		st->len -= take;
		pthread_cond_broadcast(&st->changed);
		n = (ssize_t)take;
	} else if (st->done) {
		/* A list that failed midway ends without the chunked terminator:
		 * the client sees a cut stream, never a short list that looks whole. */
		n = st->failed ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		st->suspended = true;
		api_suspend(req);
		n = 0;
	}
	pthread_mutex_unlock(&st->lock);
	return n;
}

struct MHD_Response *api_stream_response(struct api_request *req)
{
	return MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, stream_read, req,
						 NULL);
}

void api_stream_finish(struct api_request *req)
{
	struct api_stream *st = req->stream;

	if (!st)
		return;
	pthread_mutex_lock(&st->lock);
	st->cancelled = true;
	pthread_cond_broadcast(&st->changed);
	pthread_mutex_unlock(&st->lock);
	if (st->thread_started)
		pthread_join(st->thread, NULL);
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->changed);
	free(st->filter);
	free(st);
	req->stream = NULL;
}
