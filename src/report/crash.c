#include "report/crash.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h> /* rename() only: no stdio in the handler */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

/* The placeholder has the width of every real timestamp up to year 9999,
 * so the item header's "length" computed now stays true. */
#define TS_PLACEHOLDER "0000-00-00T00:00:00.000000Z"
#define TS_LEN (SENTRY_TIMESTAMP_SIZE - 1)
#define TS_KEY "\"timestamp\":\""
/* A stack overflow leaves no stack to run the handler on: this one is ours. */
#define ALT_STACK_SIZE (64 * 1024)

static const struct {
	int sig;
	const char *name;
	const char *what;
} fatal_signals[] = {
	{ SIGSEGV, "SIGSEGV", "segmentation fault (invalid memory access)" },
	{ SIGABRT, "SIGABRT", "aborted" },
	{ SIGBUS, "SIGBUS", "bus error (bad memory access)" },
	{ SIGFPE, "SIGFPE", "arithmetic exception" },
	{ SIGILL, "SIGILL", "illegal instruction" },
};
#define N_SIGNALS (sizeof fatal_signals / sizeof fatal_signals[0])

struct crash_envelope {
	char *data;
	size_t len;
	size_t ts_off; /* where the placeholder timestamp starts */
};

/* Two sets, so that sentry_crash_update can build the new one while the
 * handler may still read the old; `active` flips once the new is whole. */
static struct crash_envelope sets[2][N_SIGNALS];
static volatile sig_atomic_t active = -1;
static char event_id[SENTRY_EVENT_ID_LEN + 1];
static char outbox[PATH_MAX];
static size_t outbox_len;
static char alt_stack[ALT_STACK_SIZE];

static void build_set(struct crash_envelope *set,
		      const struct sentry_event *base, const char *dsn_public)
{
	for (size_t i = 0; i < N_SIGNALS; i++) {
		struct sentry_event ev = *base;
		char *json;
		const char *ts;

		ev.level = "fatal";
		ev.message = NULL;
		ev.exc_type = fatal_signals[i].name;
		ev.exc_value = fatal_signals[i].what;
		json = sentry_event_json(&ev, event_id, TS_PLACEHOLDER);
		set[i].data = sentry_envelope_wrap(event_id, dsn_public, json,
						   &set[i].len);
		free(json);
		/* The event is built right here, so the key is always there. */
		ts = strstr(set[i].data, TS_KEY TS_PLACEHOLDER);
		set[i].ts_off = (size_t)(ts - set[i].data) + strlen(TS_KEY);
	}
}

static void free_set(struct crash_envelope *set)
{
	for (size_t i = 0; i < N_SIGNALS; i++) {
		free(set[i].data);
		set[i].data = NULL;
	}
}

/* --- in the handler: async-signal-safe only below this line --- */

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static size_t append(char *dst, size_t at, const char *src, size_t n)
{
	memcpy(dst + at, src, n); /* memcpy is async-signal-safe (POSIX 2016) */
	return at + n;
}

static void write_crash(int sig)
{
	const struct crash_envelope *env = NULL;
	char tmp[PATH_MAX + 96], final[PATH_MAX + 96];
	char digits[20], ns[20], ts[SENTRY_TIMESTAMP_SIZE];
	struct timespec now;
	size_t n, at, base;
	uint64_t t;
	int set = active;
	int fd;

	if (set < 0)
		return;
	for (size_t i = 0; i < N_SIGNALS; i++)
		if (fatal_signals[i].sig == sig)
			env = &sets[set][i];
	if (!env || !env->data)
		return;

	clock_gettime(CLOCK_REALTIME, &now);
	sentry_format_timestamp(ts, &now);
	/* "<20-digit ns>-<event_id>", zero-padded so names sort by time. */
	t = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	n = sentry_format_u64(digits, t);
	memset(ns, '0', sizeof ns);
	memcpy(ns + sizeof ns - n, digits, n);

	at = append(tmp, 0, outbox, outbox_len);
	at = append(tmp, at, "/", 1);
	at = append(tmp, at, ns, sizeof ns);
	at = append(tmp, at, "-", 1);
	at = append(tmp, at, event_id, SENTRY_EVENT_ID_LEN);
	base = at;
	memcpy(final, tmp, base);
	at = append(tmp, base, "-crash.tmp", sizeof "-crash.tmp");
	append(final, base, ".envelope", sizeof ".envelope");

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	write_all(fd, env->data, env->ts_off);
	write_all(fd, ts, TS_LEN);
	write_all(fd, env->data + env->ts_off + TS_LEN,
		  env->len - env->ts_off - TS_LEN);
	if (close(fd) == 0)
		rename(tmp, final);
	else
		unlink(tmp);
}

static void on_fatal_signal(int sig)
{
	static volatile sig_atomic_t busy;
	int saved = errno;

	/* A fault inside the handler itself must not loop: the second one
	 * goes straight to the default action. */
	if (!busy) {
		busy = 1;
		write_crash(sig);
	}
	signal(sig, SIG_DFL);
	/* Blocked until we return, then kills with the usual status. */
	raise(sig);
	errno = saved;
}

/* --- back on the main path --- */

bool sentry_crash_install(const char *outbox_dir,
			  const struct sentry_event *base,
			  const char *dsn_public)
{
	struct sigaction sa;
	stack_t ss, old;
	size_t len = strlen(outbox_dir);

	if (active >= 0)
		return true;
	if (len == 0 || len >= sizeof outbox - 1)
		return false;
	memcpy(outbox, outbox_dir, len + 1);
	outbox_len = len;
	sentry_event_id(event_id);
	build_set(sets[0], base, dsn_public);
	active = 0;

	/* Keep an alternate stack somebody (a sanitizer) already set up. */
	if (sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE)) {
		ss.ss_sp = alt_stack;
		ss.ss_size = sizeof alt_stack;
		ss.ss_flags = 0;
		sigaltstack(&ss, NULL);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_SIGNALS; i++)
		if (sigaction(fatal_signals[i].sig, &sa, NULL) != 0)
			return false;
	return true;
}

void sentry_crash_update(const struct sentry_event *base,
			 const char *dsn_public)
{
	int next;

	if (active < 0)
		return;
	next = 1 - active;
	free_set(sets[next]);
	build_set(sets[next], base, dsn_public);
	active = next;
}
