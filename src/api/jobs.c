#include "api/jobs.h"

#include <pthread.h>
#include <stdlib.h>

#include "api/api-internal.h"
#include "util/xalloc.h"

struct job {
	struct api_request *req;
	struct job *next;
};

struct api_jobs {
	pthread_mutex_t lock;
	pthread_cond_t queued;
	struct job *head, *tail;
	int waiting, max_waiting;
	bool stopping;
	void (*run)(struct api_request *req);
	int nthreads;
	pthread_t *threads;
};

static void *jobs_main(void *arg)
{
	struct api_jobs *h = arg;

	pthread_mutex_lock(&h->lock);
	for (;;) {
		struct job *j;
		while (!h->head && !h->stopping)
			pthread_cond_wait(&h->queued, &h->lock);
		if (!h->head)
			break;
		j = h->head;
		h->head = j->next;
		if (!h->head)
			h->tail = NULL;
		h->waiting--;
		pthread_mutex_unlock(&h->lock);

		h->run(j->req);

		pthread_mutex_lock(&h->lock);
		j->req->job_done = true;
		MHD_resume_connection(j->req->conn);
		free(j);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

struct api_jobs *api_jobs_start(int threads, int max_waiting,
				      void (*run)(struct api_request *req))
{
	struct api_jobs *h = xcalloc(1, sizeof *h);

	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->queued, NULL);
	h->max_waiting = max_waiting;
	h->run = run;
	h->threads = xcalloc((size_t)threads, sizeof *h->threads);
	for (int i = 0; i < threads; i++)
		if (pthread_create(&h->threads[h->nthreads], NULL, jobs_main, h) == 0)
			h->nthreads++;
	if (h->nthreads == 0)
		abort(); /* not even one thread: the process cannot serve logins */
	return h;
}

bool api_jobs_submit(struct api_jobs *h, struct api_request *req)
{
	struct job *j;

	pthread_mutex_lock(&h->lock);
	if (h->waiting >= h->max_waiting || h->stopping) {
		pthread_mutex_unlock(&h->lock);
		return false;
	}
	j = xcalloc(1, sizeof *j);
	j->req = req;
	if (h->tail)
		h->tail->next = j;
	else
		h->head = j;
	h->tail = j;
	h->waiting++;
	pthread_cond_signal(&h->queued);
	pthread_mutex_unlock(&h->lock);
	return true;
}

bool api_jobs_done(struct api_jobs *h, struct api_request *req)
{
	bool done;

	pthread_mutex_lock(&h->lock);
	done = req->job_done;
	pthread_mutex_unlock(&h->lock);
	return done;
}

void api_jobs_stop(struct api_jobs *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stopping = true;
	pthread_cond_broadcast(&h->queued);
	pthread_mutex_unlock(&h->lock);
	for (int i = 0; i < h->nthreads; i++)
		pthread_join(h->threads[i], NULL);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->queued);
	free(h->threads);
	free(h);
}
