/*
 * hashing.h — the requests that derive a PBKDF2 key (logins, password
 * changes, users given a password) run on a few threads of their own,
 * not on libmicrohttpd's workers: the connection is suspended meanwhile,
 * so a flood of logins waits in this queue while every worker goes on
 * serving reads (SERVER.md: at most threads / 2 at once).
 */
#ifndef EPICEVENTS_API_HASHING_H
#define EPICEVENTS_API_HASHING_H

#include <stdbool.h>

struct api_request;
struct api_hashing;

/* run(req) is what each job does; then the connection is resumed. */
struct api_hashing *api_hashing_start(int threads, int max_waiting,
				      void (*run)(struct api_request *req));

/* Queues req (whose connection the caller has suspended): false when
 * max_waiting jobs already wait (the caller answers 503). */
bool api_hashing_submit(struct api_hashing *h, struct api_request *req);

/* Whether req's job has run (any thread). */
bool api_hashing_done(struct api_hashing *h, struct api_request *req);

/* Runs what is queued, then joins the threads and frees h. */
void api_hashing_stop(struct api_hashing *h);

#endif
