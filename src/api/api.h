/*
 * api.h — `epicevents serve`: the CRM as a JSON API over HTTP (SERVER.md).
 *
 * A front end beside cli/: libmicrohttpd's thread pool accepts requests,
 * the route table (route.h) says which handler runs, each handler parses
 * the request into the same input structs the CLI fills, calls one crm/
 * operation on a connection checked out of a pool for the request's whole
 * life, and writes records through format/records.h, so that the bodies
 * are byte for byte what `epicevents --json` prints.
 *
 *   api_serve(&opt, &err);   runs until SIGTERM or SIGINT, then returns
 *                            CRM_OK once in-flight requests are done
 */
#ifndef EPICEVENTS_API_API_H
#define EPICEVENTS_API_API_H

#include <stdbool.h>

#include "crm/crm.h"
#include "util/error.h"

struct sentry;

/* Every answer carries the version of the API it speaks (the "v1" of its
 * paths), so that a client of another version can say so in plain words
 * rather than misread a 404 or a body. */
#define API_VERSION_HEADER "Epicevents-Api-Version"
#define API_VERSION "1"

enum api_log_format { API_LOG_TEXT, API_LOG_JSON };

struct api_options {
	const char *db_url;        /* the database every request works on */
	const char *listen;        /* "ADDR:PORT"; NULL = 127.0.0.1:8080 */
	int threads;               /* libmicrohttpd workers; 0 = 2 x cores */
	const char *tls_cert;      /* PEM files; both or neither */
	const char *tls_key;
	const char *public_url;    /* the origin browsers use; NULL = from Host */
	enum api_log_format log_format;
	struct crm_options crm;    /* jwt secret, notify (zone: NULL = UTC) */
	struct sentry *sentry;     /* unexpected errors; may be NULL */
};

/* Serves until SIGTERM/SIGINT. Errors only at start: a bad --listen, the
 * port taken, unreadable TLS files, an unreachable database. */
enum crm_code api_serve(const struct api_options *opt, struct crm_error *err);

#endif
