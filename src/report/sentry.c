#include "report/sentry.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/curl-api.h"

#include "report/crash.h"
#include "report/dsn.h"
#include "report/envelope.h"
#include "report/outbox.h"
#include "report/scrub.h"
#include "report/transport.h"
#include "util/xalloc.h"
#include "version.h"

#define CLIENT_NAME "epicevents/" EPICEVENTS_VERSION

struct queued {
	char *data;
	size_t len;
	char event_id[SENTRY_EVENT_ID_LEN + 1];
};

struct sentry {
	struct sentry_dsn dsn;
	char *endpoint;
	char *auth;
	char *dsn_public;
	char *environment;
	char *release;
	char *outbox_dir; /* NULL: no outbox */
	bool debug;
	/* Captures come from any thread; a flush takes the whole queue. */
	pthread_mutex_t lock;
	struct queued *queue;
	size_t queued;
	bool crash_installed;
};

static void debug_line(const struct sentry *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

size_t sentry_pending(struct sentry *s)
{
	size_t n;

	if (!s)
		return 0;
	pthread_mutex_lock(&s->lock);
	n = s->queued;
	pthread_mutex_unlock(&s->lock);
	return n;
}

static void debug_line(const struct sentry *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->debug)
		return;
	va_start(ap, fmt);
	fputs("epicevents: sentry: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

enum crm_code sentry_open(struct sentry **out, const struct sentry_config *cfg,
			  struct crm_error *err)
{
	enum crm_code rc = CRM_OK;
	struct sentry *s = NULL;
	const char *debug;

	*out = NULL;
	if (!cfg || !cfg->dsn || !cfg->dsn[0])
		goto done;
	s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	rc = sentry_dsn_parse(&s->dsn, cfg->dsn, err);
	if (rc != CRM_OK)
		goto done;
	s->endpoint = sentry_dsn_endpoint(&s->dsn);
	s->auth = sentry_dsn_auth(&s->dsn, CLIENT_NAME);
	s->dsn_public = sentry_dsn_public(&s->dsn);
	s->environment = xstrdup(cfg->environment && cfg->environment[0]
				 ? cfg->environment : "development");
	s->release = xstrdup(cfg->release && cfg->release[0]
			     ? cfg->release : "epicevents@" EPICEVENTS_VERSION);
	if (cfg->outbox_dir && cfg->outbox_dir[0])
		s->outbox_dir = xstrdup(cfg->outbox_dir);
	debug = getenv("EPICEVENTS_DEBUG");
	s->debug = debug && debug[0];
	*out = s;
	s = NULL;
done:
	sentry_close(s);
	return rc;
}

/* The fields every event shares: who and where. */
static struct sentry_event base_event(const struct sentry *s,
				      const struct sentry_actor *actor)
{
	struct sentry_event ev = {
		.release = s->release,
		.environment = s->environment,
	};

	if (actor && actor->user_id > 0) {
		ev.user_id = actor->user_id;
		ev.department = actor->department && actor->department[0]
				? actor->department : NULL;
	}
	return ev;
}

void sentry_crash_set_user(struct sentry *s, const struct sentry_actor *actor)
{
	struct sentry_event ev;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	if (s->crash_installed) {
		ev = base_event(s, actor);
		sentry_crash_update(&ev, s->dsn_public);
	}
	pthread_mutex_unlock(&s->lock);
}

static void enqueue(struct sentry *s, const struct sentry_event *ev)
{
	struct timespec now;
	char ts[SENTRY_TIMESTAMP_SIZE];
	struct queued q;
	char *json;

	clock_gettime(CLOCK_REALTIME, &now);
	sentry_format_timestamp(ts, &now);
	sentry_event_id(q.event_id);
	json = sentry_event_json(ev, q.event_id, ts);
	q.data = sentry_envelope_wrap(q.event_id, s->dsn_public, json, &q.len);
	free(json);

	pthread_mutex_lock(&s->lock);
	/* The same bound as the outbox: a shell left open for days must not
	 * grow without end if it never gets to flush. */
	if (s->queued == SENTRY_OUTBOX_MAX) {
		free(s->queue[0].data);
		memmove(s->queue, s->queue + 1,
			(s->queued - 1) * sizeof *s->queue);
		s->queued--;
	}
	if (!s->queue)
		s->queue = xcalloc(SENTRY_OUTBOX_MAX, sizeof *s->queue);
	s->queue[s->queued++] = q;
	pthread_mutex_unlock(&s->lock);
}

void sentry_capture_message(struct sentry *s, const struct sentry_actor *actor,
			    const char *message, const char *action_type)
{
	struct sentry_event ev;

	if (!s)
		return;
	ev = base_event(s, actor);
	ev.level = "info";
	ev.message = message ? message : "";
	ev.action_type = action_type;
	enqueue(s, &ev);
}

/* The enum's own names: what a developer greps for when triaging. */
static const char *code_symbol(int code)
{
	switch (code) {
	case CRM_EINTERNAL: return "CRM_EINTERNAL";
	case CRM_EINVALID: return "CRM_EINVALID";
	case CRM_EAUTH: return "CRM_EAUTH";
	case CRM_EPERM: return "CRM_EPERM";
	case CRM_ENOTFOUND: return "CRM_ENOTFOUND";
	case CRM_ECONFLICT: return "CRM_ECONFLICT";
	default: return "Error";
	}
}

void sentry_capture_error(struct sentry *s, const struct sentry_actor *actor,
			  const char *command, int exit_code, const char *message)
{
	struct sentry_event ev;
	char code[16];
	char class[512];

	if (!s)
		return;
	snprintf(code, sizeof code, "%d", exit_code);
	error_class(message ? message : "", class, sizeof class);
	ev = base_event(s, actor);
	ev.level = "error";
	ev.exc_type = code_symbol(exit_code);
	ev.exc_value = class;
	ev.command = command;
	ev.exit_code = code;
	enqueue(s, &ev);
}

/* The events a flush took from the queue: its own from then on. */
struct batch {
	struct queued *queue;
	size_t queued;
};

static void batch_free(struct batch *b)
{
	for (size_t i = 0; i < b->queued; i++)
		free(b->queue[i].data);
	free(b->queue);
	b->queue = NULL;
	b->queued = 0;
}

/* What could not be sent goes to the outbox, or is lost without one. */
static size_t spill(const struct sentry *s, struct batch *b, const bool *sent)
{
	size_t stored = 0;

	for (size_t i = 0; i < b->queued; i++) {
		if (sent && sent[i])
			continue;
		if (s->outbox_dir &&
		    sentry_outbox_write(s->outbox_dir, b->queue[i].event_id,
					b->queue[i].data, b->queue[i].len,
					NULL) == CRM_OK)
			stored++;
	}
	batch_free(b);
	return stored;
}

/* Where a job's envelope came from, to settle it after the transfers. */
struct origin {
	bool queued;  /* batch.queue[index], else the outbox file names[index] */
	size_t index;
};

static bool outcome_is_final(enum sentry_outcome o)
{
	return o == SENTRY_DELIVERED || o == SENTRY_DROP;
}

static void add_job(struct sentry_job *jobs, char **job_data,
		    struct origin *origins, size_t *n_jobs, char *data,
		    size_t len, bool queued, size_t index)
{
	job_data[*n_jobs] = data;
	jobs[*n_jobs].data = data;
	jobs[*n_jobs].len = len;
	origins[*n_jobs].queued = queued;
	origins[*n_jobs].index = index;
	(*n_jobs)++;
}

void sentry_flush(struct sentry *s, int budget_ms)
{
	int64_t deadline;
	bool have_outbox;
	int64_t paused;
	int lock = -1;
	char **names = NULL;
	size_t n_names = 0, n_jobs = 0;
	struct sentry_job *jobs = NULL;
	char **job_data = NULL;
	struct origin *origins = NULL;
	bool *sent = NULL; /* per queued event: delivered or dropped */
	struct sentry_send_result res = { 0 };
	struct batch b;
	struct crm_error init_err;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	b.queue = s->queue;
	b.queued = s->queued;
	s->queue = NULL;
	s->queued = 0;
	pthread_mutex_unlock(&s->lock);
	deadline = sentry_now_ms() + (budget_ms > 0 ? budget_ms : 0);
	have_outbox = s->outbox_dir &&
		      sentry_outbox_prepare(s->outbox_dir, NULL) == CRM_OK;
	paused = have_outbox ? sentry_outbox_paused_until(s->outbox_dir) : 0;
	/* A pause longer than any we record is a damaged file, not a wish of
	 * the server's: ignored, it is replaced at the next answer. */
	if (paused > (int64_t)time(NULL) &&
	    paused <= (int64_t)time(NULL) + SENTRY_PAUSE_MAX_S) {
		size_t stored = spill(s, &b, NULL);

		if (stored)
			debug_line(s, "rate limited until %" PRId64
				   ": %zu event(s) kept in the outbox",
				   paused, stored);
		goto done;
	}
	/* Only one process sends the outbox at a time; the others send just
	 * their own events, which nobody else can. */
	if (have_outbox && (lock = sentry_outbox_lock(s->outbox_dir)) >= 0)
		n_names = sentry_outbox_list(s->outbox_dir, &names);

	jobs = xcalloc(n_names + b.queued + 1, sizeof *jobs);
	job_data = xcalloc(n_names + b.queued + 1, sizeof *job_data);
	origins = xcalloc(n_names + b.queued + 1, sizeof *origins);
	sent = xcalloc(b.queued + 1, sizeof *sent);
	/* Oldest first: the outbox, then what this run captured. */
	for (size_t i = 0; i < n_names; i++) {
		char *data, *ready = NULL;
		size_t len, out_len;

		if (sentry_outbox_read(s->outbox_dir, names[i], &data, &len,
				       NULL) == CRM_OK) {
			ready = sentry_envelope_for_sending(
				data, len, s->dsn_public, &out_len);
			free(data);
		}
		if (!ready) {
			/* Cannot be sent, ever: a torn or foreign file. */
			sentry_outbox_remove(s->outbox_dir, names[i]);
			continue;
		}
		add_job(jobs, job_data, origins, &n_jobs, ready, out_len,
			false, i);
	}
	for (size_t i = 0; i < b.queued; i++) {
		size_t out_len;
		char *ready = sentry_envelope_for_sending(
			b.queue[i].data, b.queue[i].len, s->dsn_public,
			&out_len);

		if (ready)
			add_job(jobs, job_data, origins, &n_jobs, ready,
				out_len, true, i);
	}
	if (n_jobs == 0)
		goto done;

	if (curl_api_global_init(&init_err) != CRM_OK) {
		snprintf(res.reason, sizeof res.reason, "%.150s", init_err.msg);
		res.kept = n_jobs;
	} else {
		sentry_transport_send(s->endpoint, s->auth, CLIENT_NAME, jobs,
				      n_jobs, deadline, &res);
	}

	for (size_t j = 0; j < n_jobs; j++) {
		if (!outcome_is_final(jobs[j].outcome))
			continue;
		if (origins[j].queued)
			sent[origins[j].index] = true;
		else
			sentry_outbox_remove(s->outbox_dir,
					     names[origins[j].index]);
	}
	if (have_outbox && res.pause_until > 0)
		sentry_outbox_pause_until(s->outbox_dir, res.pause_until);
	if (res.delivered != n_jobs)
		debug_line(s, "%zu delivered, %zu dropped, %zu kept for "
			   "later%s%s", res.delivered, res.dropped,
			   n_jobs - res.delivered - res.dropped,
			   res.reason[0] ? ": " : "", res.reason);
done:
	spill(s, &b, sent);
	if (have_outbox)
		sentry_outbox_prune(s->outbox_dir, SENTRY_OUTBOX_MAX);
	sentry_outbox_unlock(lock);
	sentry_outbox_names_free(names, n_names);
	for (size_t j = 0; j < n_jobs; j++)
		free(job_data[j]);
	free(job_data);
	free(origins);
	free(jobs);
	free(sent);
}

void sentry_close(struct sentry *s)
{
	if (!s)
		return;
	{
		struct batch left = { s->queue, s->queued };
		batch_free(&left);
	}
	pthread_mutex_destroy(&s->lock);
	sentry_dsn_free(&s->dsn);
	free(s->endpoint);
	xfree_secret(s->auth);
	free(s->dsn_public);
	free(s->environment);
	free(s->release);
	free(s->outbox_dir);
	free(s);
}

void sentry_install_crash_handler(struct sentry *s)
{
	struct sentry_event ev;

	if (!s || !s->outbox_dir || s->crash_installed)
		return;
	if (sentry_outbox_prepare(s->outbox_dir, NULL) != CRM_OK) {
		debug_line(s, "no crash reports: cannot create the outbox");
		return;
	}
	ev = base_event(s, NULL);
	pthread_mutex_lock(&s->lock);
	s->crash_installed = sentry_crash_install(s->outbox_dir, &ev,
						  s->dsn_public);
	pthread_mutex_unlock(&s->lock);
}

#ifdef EPICEVENTS_TEST_HOOKS
static volatile int never; /* keeps the recursion from being "infinite" */

static int overflow_stack(int depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	if (never)
		return frame[0];
	return overflow_stack(depth + 1) + frame[0];
}

void sentry_test_crash_if_requested(void)
{
	const char *how = getenv("EPICEVENTS_TEST_CRASH");
	/* Not NULL: UBSan would report a null store before the fault. */
	volatile int *volatile nowhere = (volatile int *)(uintptr_t)8;

	if (!how)
		return;
	if (strcmp(how, "segv") == 0)
		*nowhere = 1;
	else if (strcmp(how, "abort") == 0)
		abort();
	else if (strcmp(how, "stack") == 0)
		overflow_stack(0);
}
#else
void sentry_test_crash_if_requested(void)
{
}
#endif
