/*
 * route.h — the API's routes as data: method, path pattern, handler, what
 * the request may carry (query keys, JSON body keys) and what it needs
 * (a session, a slot for password hashing). server.c matches each request
 * here first; the OpenAPI document (openapi.json) lists the same routes,
 * and tests/api checks the two are one set.
 */
#ifndef EPICEVENTS_API_ROUTE_H
#define EPICEVENTS_API_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "api/body.h"

struct api_request;
struct crm_error;

enum api_route_flags {
	ROUTE_SESSION = 1 << 0,  /* needs a signed-in user (Bearer or cookie) */
	ROUTE_DATABASE = 1 << 1, /* checks a connection out (implied by ROUTE_SESSION) */
	ROUTE_HASHES = 1 << 2,   /* runs PBKDF2: on hashing.h's threads, off the workers */
	ROUTE_LOOPBACK = 1 << 3, /* answers loopback clients only (/metrics) */
	ROUTE_LIST = 1 << 4,     /* takes limit and offset */
	ROUTE_LARGE_BODY = 1 << 5, /* a file (clients import): API_LARGE_BODY_MAX */
};

struct api_route {
	const char *method;   /* "GET" */
	const char *pattern;  /* "/api/v1/clients/{id}": {id} is one path segment
			       * (an integer), {token} one of any text */
	enum crm_code (*handle)(struct api_request *req, struct crm_error *err);
	unsigned flags;       /* enum api_route_flags */
	const char *query;    /* the query keys it takes, space-separated; NULL = none */
	const struct api_body *body; /* the JSON body it takes; NULL = none */
};

extern const struct api_route api_routes[];
extern const size_t api_route_count;

#define ROUTE_ID_MAX 48 /* an id, or a calendar feed's "TOKEN.ics" */

/*
 * Finds the route of method + path. On a match, *out is it and id (when
 * the pattern has {id}) holds that segment's text, NUL-terminated (longer
 * segments match nothing). Without one: false, and *path_known says
 * whether the path exists with other methods, whose names go into allow
 * ("GET, POST", for 405's Allow header).
 */
bool api_route_match(const char *method, const char *path, const struct api_route **out,
		     char id[ROUTE_ID_MAX], bool *path_known, char *allow, size_t allow_size);

/* Whether key is one of the route's query keys. */
bool api_route_takes_query(const struct api_route *r, const char *key);

#endif
