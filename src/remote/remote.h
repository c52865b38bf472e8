/*
 * remote.h — the CLI's other backend: crm.h's operations carried over the
 * server's HTTP API (SERVER.md, "The CLI as a client") with libcurl, and
 * the answers decoded back into model.h's records for the same renderers.
 *
 * crm_open_remote() (declared in crm/crm.h) opens a handle; the front end
 * then calls crm.h's operations exactly as over a database. What only a
 * database can do (db init, db migrate, the schema check) is not carried:
 * the front end asks remote_is() and refuses or skips it.
 */
#ifndef EPICEVENTS_REMOTE_REMOTE_H
#define EPICEVENTS_REMOTE_REMOTE_H

#include <stdbool.h>

#include "crm/crm.h"
#include "util/error.h"

/* Whether the handle is a remote one. */
bool remote_is(const struct crm *crm);

/* Closes a remote handle (crm_close is the local backend's). NULL: nothing. */
void remote_close(struct crm *crm);

/* GET /readyz: CRM_OK when the server's database is ready, else the
 * server's reason (e.g. "database is not initialised: ..."), exit code 1. */
enum crm_code remote_ready(struct crm *crm, struct crm_error *err);

/* The server's base URL as the handle uses it (no trailing '/'). */
const char *remote_url(const struct crm *crm);

/*
 * Checks and normalises a --server / EPICEVENTS_SERVER value into *out
 * (malloc'ed, without a trailing '/'): http:// or https://, a host, no
 * user or password, no query or fragment; http:// only to a loopback
 * address (localhost, 127.0.0.0/8, [::1]), so that no password crosses a
 * network in clear. CRM_EINVALID naming the value otherwise.
 */
enum crm_code remote_url_check(const char *url, char **out, struct crm_error *err);

#endif
