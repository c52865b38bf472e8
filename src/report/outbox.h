/*
 * outbox.h — the directory of envelopes waiting to be sent (internal to
 * report/).
 *
 * Layout of the directory (created 0700):
 *   <20-digit unix ns>-<event_id>.envelope   one envelope, 0600; names sort
 *                                             oldest first
 *   *.tmp                                     being written (ours or a
 *                                             crashing process's); ignored,
 *                                             removed after an hour
 *   rate-limit                                "<unix seconds>\n": send
 *                                             nothing before then
 *   .lock                                     flock()ed by the process that
 *                                             is sending the outbox, so two
 *                                             processes never send one file
 *                                             twice
 * Every file appears whole or not at all: written under a temporary name,
 * then rename()d.
 */
#ifndef EPICEVENTS_REPORT_OUTBOX_H
#define EPICEVENTS_REPORT_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Larger files are not ours (an event is a few KiB) and are discarded. */
#define SENTRY_OUTBOX_FILE_MAX (1024 * 1024)

/* Creates dir and its missing parents with mode 0700. */
enum crm_code sentry_outbox_prepare(const char *dir, struct crm_error *err);

/* Stores an envelope as "<now ns>-<event_id>.envelope". */
enum crm_code sentry_outbox_write(const char *dir, const char *event_id,
				  const char *data, size_t len,
				  struct crm_error *err);

/* The envelope file names, oldest first (malloc'ed array of malloc'ed
 * names); returns their count. Removes temporary files older than an hour,
 * left by a process killed while writing. A missing directory is empty. */
size_t sentry_outbox_list(const char *dir, char ***names_out);
void sentry_outbox_names_free(char **names, size_t count);

enum crm_code sentry_outbox_read(const char *dir, const char *name,
				 char **data_out, size_t *len_out,
				 struct crm_error *err);
void sentry_outbox_remove(const char *dir, const char *name);

/* Keeps the newest max envelopes, deletes the others. */
void sentry_outbox_prune(const char *dir, size_t max);

/* The unix time before which nothing may be sent; 0 when not paused. */
int64_t sentry_outbox_paused_until(const char *dir);
/* Records a pause; a later pause already recorded is kept. */
void sentry_outbox_pause_until(const char *dir, int64_t until);

/* A descriptor holding the outbox's lock, or -1 when another process holds
 * it (or it cannot be had): then leave the outbox's files alone. */
int sentry_outbox_lock(const char *dir);
void sentry_outbox_unlock(int fd);

#endif
