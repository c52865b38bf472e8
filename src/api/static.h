/*
 * static.h — the web page (web/ in the repository), compiled into the
 * program by embed-web.py and served at "/" and "/web/NAME" without a
 * database connection or a session: the page signs in through the API.
 * Its responses carry SERVER.md's Content-Security-Policy and an ETag;
 * a browser revalidates (Cache-Control: no-cache) and gets 304 while the
 * program is the same.
 */
#ifndef EPICEVENTS_API_STATIC_H
#define EPICEVENTS_API_STATIC_H

#include <stdbool.h>
#include <stddef.h>

struct api_static_file {
	const char *path;         /* "/" or "/web/app.js" */
	const char *content_type; /* "text/javascript; charset=utf-8" */
	const unsigned char *data;
	size_t len;
	const char *etag;         /* "\"0123abcd...\"" */
};

extern const struct api_static_file api_static_files[];
extern const size_t api_static_file_count;

/* The embedded file at url, or NULL. */
const struct api_static_file *api_static_find(const char *url);

struct api_request;

/*
 * Answers a request for an embedded file: GET or HEAD 200, or 304 when
 * If-None-Match names its ETag; another method 405 (Allow: GET, HEAD).
 * True when url is one of them; false to let the API's routes decide.
 */
bool api_static_serve(struct api_request *req, const char *method, const char *url);

#endif
