/*
 * sentry.h — reporting to Sentry: the whole story of report/.
 *
 * What is sent (SPEC.md "Journal and Sentry"), only when SENTRY_DSN is set:
 *   - info-level messages for user_created / user_modified / user_deleted /
 *     contract_signed, tagged action_type, with the acting user's id;
 *   - error-level events for unexpected errors (exit code 1);
 *   - fatal-level events for crashes (SIGSEGV, SIGABRT, SIGBUS, SIGFPE,
 *     SIGILL), written to the outbox by the signal handler and sent by the
 *     next run's flush, before that run's own events.
 *
 * Life of a process:
 *
 *     struct sentry *s = NULL;
 *     if (sentry_open(&s, &cfg, &err) != CRM_OK)
 *             warn(err.msg);          // and carry on: s is NULL, Sentry off
 *     sentry_install_crash_handler(s);   // once, with no user
 *     sentry_test_crash_if_requested();
 *     ... sentry_capture_*(s, &actor, ...) ...   // from any thread
 *     sentry_flush(s, 2000);          // just before exit (shell: when idle)
 *     sentry_close(s);
 *     curl_api_global_cleanup();      // util/curl-api.h: the process's own
 *
 * Threads: captures, flushes and sentry_pending may run on several threads
 * at once (the queue is locked; a flush takes the events queued so far).
 * The user of an event is passed with it, never kept in the client. Only
 * sentry_crash_set_user changes process-wide state (the crash handler's
 * envelopes): one-seat front ends (the CLI, the shell) call it when the
 * session changes; a server installs the handler with no user and never
 * calls it.
 *
 * Every function accepts s == NULL and then does nothing, so callers never
 * ask "is Sentry on?". Nothing here can change a command's result: every
 * failure is swallowed (one line on stderr per flush when EPICEVENTS_DEBUG
 * is set and non-empty), nothing is written to stdout.
 *
 * Capturing only queues an envelope in memory; the network is touched only
 * by sentry_flush(), which loads and initialises libcurl at its first work
 * (curl_api_global_init, once per process) — so a
 * command that reports nothing pays a few file-system calls on the outbox
 * (about 0.1 ms), and open plus crash-handler set-up about 0.3 ms.
 *
 * Privacy: the client adds nothing personal of its own — no host name, no
 * environment, no argv, no IP, no e-mail; the user is {"id": "<number>"}
 * only. Message texts come from the caller, who must not put passwords,
 * tokens or client data in them; as a second line of defence anything that
 * looks like an e-mail address (or the "user:password@" of a URL) in a
 * caller's text is replaced by "[redacted]".
 *
 * Outbox ($XDG_STATE_HOME/epicevents/outbox, mode 0700): envelopes not
 * delivered, one file each ("<unix-ns>-<event_id>.envelope", 0600, written
 * to a temporary name then renamed), at most SENTRY_OUTBOX_MAX of them
 * (oldest dropped first), sent oldest first by the next flush. The file
 * "rate-limit" there holds the unix time until which Sentry asked us (429,
 * 503, Retry-After, X-Sentry-Rate-Limits) not to send; until then flush only
 * stores. Answers: 2xx delivered; 400 and 413 dropped (Sentry refuses the
 * bytes themselves, resending cannot help); anything else — 429, 5xx,
 * 401/403/404 from a wrong DSN or an intercepting proxy, network errors,
 * timeouts — kept, and the flush stops sending at the first such failure.
 */
#ifndef EPICEVENTS_REPORT_SENTRY_H
#define EPICEVENTS_REPORT_SENTRY_H

#include <stdint.h>

#include <stddef.h>

#include "util/error.h"

#define SENTRY_OUTBOX_MAX 100

struct sentry_config {
	const char *dsn;         /* SENTRY_DSN; NULL or "" = off */
	const char *environment; /* ENVIRONMENT; NULL = "development" */
	const char *release;     /* sent verbatim (APP_VERSION); NULL =
				  * "epicevents@<program version>" */
	const char *outbox_dir;  /* "$XDG_STATE_HOME/epicevents/outbox"; NULL =
				  * no outbox (undelivered events are lost) */
};

struct sentry;

/* A NULL or empty dsn gives *out = NULL and CRM_OK (Sentry off). A malformed
 * one gives *out = NULL and CRM_EINVALID "SENTRY_DSN is malformed: <why>"
 * (the message never repeats the key): the caller warns and carries on.
 * Cheap: copies the configuration, touches neither disk nor network. */
enum crm_code sentry_open(struct sentry **out, const struct sentry_config *cfg,
			  struct crm_error *err);

/* Who acted, for one event: user.id and the "department" tag. NULL or
 * user_id <= 0: no user. */
struct sentry_actor {
	int64_t user_id;
	const char *department; /* "Management"; NULL = none */
};

/* The user named in a crash report from now on (single-threaded front
 * ends only, see "Threads"); NULL forgets it. */
void sentry_crash_set_user(struct sentry *s, const struct sentry_actor *actor);

/* An info-level event: message.formatted = message, tag action_type
 * ("user_created", "user_modified", "user_deleted", "contract_signed"). */
void sentry_capture_message(struct sentry *s, const struct sentry_actor *actor,
			    const char *message, const char *action_type);

/* An error-level event for a command that failed unexpectedly (SPEC: exit
 * code 1 only; the caller decides): exception {type "CRM_EINTERNAL" (the
 * code's name), value the message's class (scrub.h: no paths, hosts,
 * databases, roles or library detail)}, tags command ("contracts sign") and
 * exit_code. */
void sentry_capture_error(struct sentry *s, const struct sentry_actor *actor,
			  const char *command, int exit_code, const char *message);

/* Sends the outbox (oldest first) then what was captured — one request
 * until the server accepts one, then up to 4 at once — all within budget_ms
 * in total; what is not delivered goes to the outbox. May be called again
 * (the shell flushes when idle). */
void sentry_flush(struct sentry *s, int budget_ms);

/* How many captured events wait for a flush (0 for NULL). The shell flushes
 * while idle at its prompt only when there are some. */
size_t sentry_pending(struct sentry *s);

/* Frees everything. Does not send: whatever is still queued is lost, so call
 * sentry_flush() first. Uninstalls nothing: a crash handler stays valid. */
void sentry_close(struct sentry *s);

/* Installs, for SIGSEGV, SIGABRT, SIGBUS, SIGFPE and SIGILL, a handler that
 * runs on its own stack (so a stack overflow is reported too), writes a
 * fatal-level event into the outbox with async-signal-safe calls only, then
 * re-raises the signal with its default action (exit status and core dump
 * are unchanged). Creates the outbox directory. Call once, after
 * sentry_open; the event carries no user until sentry_crash_set_user. */
void sentry_install_crash_handler(struct sentry *s);

/* Test hook: with EPICEVENTS_TEST_CRASH=segv, abort or stack in the
 * environment, crashes the process that way — only in builds configured
 * with -Dtest_hooks=true (the default); otherwise does nothing. */
void sentry_test_crash_if_requested(void);

#endif
