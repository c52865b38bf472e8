#include "report/transport.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/curl-api.h"

#include "util/strbuf.h"
#include "util/xalloc.h"

int64_t sentry_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Seconds as Sentry writes them: digits, maybe a fraction; rounded up. */
static int64_t parse_seconds(const char *s, const char *end)
{
	char buf[32];
	size_t n = (size_t)(end - s);
	char *stop;
	double v;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= sizeof buf || !isdigit((unsigned char)s[0]))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v = strtod(buf, &stop);
	if (errno || *stop || v < 0)
		return -1;
	if (v > SENTRY_PAUSE_MAX_S)
		return SENTRY_PAUSE_MAX_S;
	return (int64_t)v + ((double)(int64_t)v < v); /* rounded up */
}

/* Does a ';'-separated category list [s, end) concern our events? */
static bool categories_apply(const char *s, const char *end)
{
	if (s == end)
		return true;
	while (s < end) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *stop = semi ? semi : end;
		size_t n = (size_t)(stop - s);

		if ((n == 5 && strncmp(s, "error", 5) == 0) ||
		    (n == 7 && strncmp(s, "default", 7) == 0))
			return true;
		s = semi ? semi + 1 : end;
	}
	return false;
}

int64_t sentry_rate_limits_parse(const char *value)
{
	int64_t best = -1;
	const char *s = value;

	while (s && *s) {
		const char *comma = strchr(s, ',');
		const char *end = comma ? comma : s + strlen(s);
		const char *c1, *c2;

		s = skip_space(s);
		c1 = memchr(s, ':', (size_t)(end - s));
		if (c1) {
			int64_t secs = parse_seconds(s, c1);

			c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
			if (!c2)
				c2 = end;
			if (secs > best && categories_apply(c1 + 1, c2))
				best = secs;
		}
		s = comma ? comma + 1 : NULL;
	}
	return best;
}

int64_t sentry_retry_after_parse(const char *value, time_t now)
{
	const char *s = skip_space(value);
	int64_t secs;

	struct crm_error err;

	if (isdigit((unsigned char)*s))
		return parse_seconds(s, s + strlen(s));
	/* An HTTP date: curl parses those (and is loaded when answers come). */
	if (curl_api_global_init(&err) != CRM_OK)
		return -1;
	secs = (int64_t)curl_getdate(s, NULL);
	if (secs < 0)
		return -1;
	secs -= (int64_t)now;
	if (secs < 0)
		secs = 0;
	return secs > SENTRY_PAUSE_MAX_S ? SENTRY_PAUSE_MAX_S : secs;
}

struct transfer {
	CURL *easy;
	size_t job;
	char *retry_after;
	char *rate_limits;
};

static size_t discard_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
	(void)ptr;
	(void)ud;
	return size * nmemb;
}

/* Keeps the value of a header if it is one of the two we act on. */
static void keep_header(const char *line, size_t n, const char *name,
			char **slot)
{
	size_t len = strlen(name);

	if (n <= len || strncasecmp(line, name, len) != 0 || line[len] != ':')
		return;
	line += len + 1;
	n -= len + 1;
	while (n > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		n--;
	}
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == '\n' ||
			 line[n - 1] == ' '))
		n--;
	free(*slot);
	*slot = xstrndup(line, n);
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *ud)
{
	struct transfer *t = ud;
	size_t n = size * nmemb;

	keep_header(line, n, "Retry-After", &t->retry_after);
	keep_header(line, n, "X-Sentry-Rate-Limits", &t->rate_limits);
	return n;
}

/* Only the first failure is told: it is usually the cause of the others. */
static void note_reason(struct sentry_send_result *res, const char *text)
{
	if (!res->reason[0])
		snprintf(res->reason, sizeof res->reason, "%s", text);
}

static void note_status(struct sentry_send_result *res, long status,
			const char *what)
{
	char text[64];

	snprintf(text, sizeof text, "HTTP %ld%s", status, what);
	note_reason(res, text);
}

static void pause_for(struct sentry_send_result *res, int64_t secs)
{
	int64_t until;

	if (secs <= 0)
		return;
	if (secs > SENTRY_PAUSE_MAX_S)
		secs = SENTRY_PAUSE_MAX_S;
	until = (int64_t)time(NULL) + secs;
	if (until > res->pause_until)
		res->pause_until = until;
}

/* Decides an envelope's fate from how its transfer ended; returns true
 * when no further transfer should start (see transport.h). */
static bool classify(struct transfer *t, CURLcode code,
		     struct sentry_job *job, struct sentry_send_result *res)
{
	long status = 0;
	bool stop = false;
	int64_t limit = t->rate_limits
		? sentry_rate_limits_parse(t->rate_limits) : -1;

	if (code != CURLE_OK) {
		job->outcome = SENTRY_KEEP;
		note_reason(res, curl_easy_strerror(code));
		return true;
	}
	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	if (limit > 0) {
		pause_for(res, limit);
		stop = true;
	}
	if (status >= 200 && status < 300) {
		job->outcome = SENTRY_DELIVERED;
		return stop;
	}
	if (status == 400 || status == 413) {
		job->outcome = SENTRY_DROP;
		note_status(res, status, " (envelope dropped)");
		return stop;
	}
	job->outcome = SENTRY_KEEP;
	note_status(res, status, "");
	if ((status == 429 || status == 503) && !t->rate_limits) {
		int64_t after = t->retry_after
			? sentry_retry_after_parse(t->retry_after, time(NULL))
			: -1;

		if (after < 0 && status == 429)
			after = SENTRY_PAUSE_DEFAULT_S;
		pause_for(res, after);
	}
	return true;
}

static struct transfer *start(CURLM *multi, const char *endpoint,
			      struct curl_slist *headers,
			      const char *user_agent, struct sentry_job *job,
			      size_t index, int64_t remaining_ms)
{
	struct transfer *t = xcalloc(1, sizeof *t);
	CURL *e = curl_easy_init();

	if (!e) {
		free(t);
		return NULL;
	}
	t->easy = e;
	t->job = index;
	curl_easy_setopt(e, CURLOPT_URL, endpoint);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	/* CURLOPT_NOSIGNAL stays 0: curl then ignores SIGPIPE while it
	 * works, so a server hanging up cannot kill the command; and it sets
	 * no alarm(), since Debian's libcurl resolves names in a thread. */
	curl_easy_setopt(e, CURLOPT_POST, 1L);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, job->data);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)job->len);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)remaining_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)remaining_ms);
	/* Never to stdout: that is the command's output. */
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard_body);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(e, CURLOPT_PRIVATE, t);
	if (curl_multi_add_handle(multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		free(t);
		return NULL;
	}
	return t;
}

static void finish(CURLM *multi, struct transfer *t)
{
	curl_multi_remove_handle(multi, t->easy);
	curl_easy_cleanup(t->easy);
	free(t->retry_after);
	free(t->rate_limits);
	free(t);
}

void sentry_transport_send(const char *endpoint, const char *auth,
			   const char *user_agent, struct sentry_job *jobs,
			   size_t count, int64_t deadline_ms,
			   struct sentry_send_result *res)
{
	CURLM *multi = curl_multi_init();
	struct curl_slist *headers = NULL;
	struct transfer *flight[SENTRY_PARALLEL] = { 0 };
	char *auth_header = xasprintf("X-Sentry-Auth: %s", auth);
	size_t next = 0, inflight = 0;
	bool stop = false, accepted = false;

	if (!multi) {
		note_reason(res, "curl_multi_init failed");
		goto done;
	}
	headers = curl_slist_append(
		headers, "Content-Type: application/x-sentry-envelope");
	headers = curl_slist_append(headers, auth_header);
	/* Without this, curl waits up to a second for "100 Continue" before
	 * sending a body over 1 KiB — half the budget. */
	headers = curl_slist_append(headers, "Expect:");

	for (;;) {
		int64_t remaining = deadline_ms - sentry_now_ms();
		/* One transfer alone until one is delivered: a server that is
		 * down or rate-limiting then sees one request, not four. */
		size_t width = accepted ? SENTRY_PARALLEL : 1;
		struct CURLMsg *msg;
		int running, left;

		while (!stop && next < count && inflight < width &&
		       remaining > 0) {
			struct transfer *t = start(multi, endpoint, headers,
						   user_agent, &jobs[next],
						   next, remaining);
			if (!t) {
				note_reason(res, "cannot start a transfer");
				stop = true;
				break;
			}
			for (size_t i = 0; i < SENTRY_PARALLEL; i++)
				if (!flight[i]) {
					flight[i] = t;
					break;
				}
			inflight++;
			next++;
		}
		if (inflight == 0 || remaining <= 0)
			break;
		curl_multi_perform(multi, &running);
		while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
			struct transfer *t = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  (char **)&t);
			if (classify(t, msg->data.result, &jobs[t->job], res))
				stop = true;
			if (jobs[t->job].outcome == SENTRY_DELIVERED)
				accepted = true;
			for (size_t i = 0; i < SENTRY_PARALLEL; i++)
				if (flight[i] == t)
					flight[i] = NULL;
			finish(multi, t);
			inflight--;
		}
		if (inflight > 0) {
			remaining = deadline_ms - sentry_now_ms();
			if (remaining > 1000)
				remaining = 1000;
			if (remaining > 0)
				curl_multi_poll(multi, NULL, 0, (int)remaining,
						NULL);
		}
	}
	/* Out of time: what is still in flight stays for the next flush. */
	for (size_t i = 0; i < SENTRY_PARALLEL; i++)
		if (flight[i]) {
			jobs[flight[i]->job].outcome = SENTRY_KEEP;
			note_reason(res, "time budget exhausted");
			finish(multi, flight[i]);
		}
done:
	for (size_t i = 0; i < count; i++) {
		switch (jobs[i].outcome) {
		case SENTRY_DELIVERED: res->delivered++; break;
		case SENTRY_KEEP: res->kept++; break;
		case SENTRY_DROP: res->dropped++; break;
		case SENTRY_NOT_SENT: res->not_sent++; break;
		}
	}
	curl_slist_free_all(headers);
	if (multi)
		curl_multi_cleanup(multi);
	xfree_secret(auth_header); /* may hold the DSN's secret */
}
