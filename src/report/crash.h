/*
 * crash.h — the fatal-signal handler (internal to report/; the public entry
 * point is sentry_install_crash_handler in sentry.h).
 *
 * Everything the handler needs is made beforehand, on the main path: one
 * complete envelope per signal with a placeholder timestamp of fixed width
 * (so the item's "length" is already right), and the outbox path. The
 * handler then only calls clock_gettime, open, write, close, rename,
 * signal and raise, and formats numbers by hand.
 */
#ifndef EPICEVENTS_REPORT_CRASH_H
#define EPICEVENTS_REPORT_CRASH_H

#include <stdbool.h>

#include "report/envelope.h"

/* base: release, environment, user and department of the crash event (the
 * rest is filled per signal). Returns false when the handler could not be
 * installed (outbox path too long, sigaction failing). */
bool sentry_crash_install(const char *outbox_dir,
			  const struct sentry_event *base,
			  const char *dsn_public);

/* Rebuilds the envelopes after the user changed; nothing when not
 * installed. Safe against a signal arriving meanwhile: the handler keeps
 * reading the previous set until the new one is complete. */
void sentry_crash_update(const struct sentry_event *base,
			 const char *dsn_public);

#endif
