/*
 * jobs.h — requests run on threads of their own, not on libmicrohttpd's
 * workers, which only move bytes: the connection is suspended meanwhile
 * and resumed when its job has run. Two queues use it (server.c):
 * - the database's: a request waits on the network for each statement,
 *   so more of them run at once than there are workers (as many as the
 *   connection pool gives), while the workers keep answering the rest;
 * - PBKDF2's (logins, password changes, users given a password): at most
 *   threads / 2 at once (SERVER.md), so that a flood of logins waits in
 *   its own queue and never holds up reads.
 */
#ifndef EPICEVENTS_API_JOBS_H
#define EPICEVENTS_API_JOBS_H

#include <stdbool.h>

struct api_request;
struct api_jobs;

/* run(req) is what each job does; then the connection is resumed. */
struct api_jobs *api_jobs_start(int threads, int max_waiting,
				      void (*run)(struct api_request *req));

/* Queues req (whose connection the caller has suspended): false when
 * max_waiting jobs already wait (the caller answers 503). */
bool api_jobs_submit(struct api_jobs *h, struct api_request *req);

/* Whether req's job has run (any thread). */
bool api_jobs_done(struct api_jobs *h, struct api_request *req);

/* Runs what is queued, then joins the threads and frees h. */
void api_jobs_stop(struct api_jobs *h);

#endif
