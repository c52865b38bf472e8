/*
 * sentry-tool — a test-only driver of report/, standing in for the CLI
 * until main.c calls sentry.h. It reads the configuration as the program
 * will (SENTRY_DSN, ENVIRONMENT, APP_VERSION, XDG_STATE_HOME), does one
 * thing, flushes with the program's 2 s budget and exits 0 — whatever
 * happened to the events, as the real commands must.
 *
 *   sentry-tool message ACTION USER_ID [COUNT] [-- ignored...]
 *   sentry-tool error COMMAND EXIT_CODE MESSAGE [-- ignored...]
 *   sentry-tool flush
 *   sentry-tool crash [segv|abort|stack]
 *
 * Arguments after "--" are ignored: the privacy test puts an e-mail and a
 * password there to show that argv never reaches an event.
 * SENTRY_TOOL_BUDGET_MS overrides the budget.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/sentry.h"
#include "util/curl-api.h"
#include "util/xalloc.h"

static char *outbox_dir(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (state && state[0] == '/')
		return xasprintf("%s/epicevents/outbox", state);
	return xasprintf("%s/.local/state/epicevents/outbox",
			 home ? home : "/tmp");
}

static int usage(void)
{
	fputs("usage: sentry-tool message ACTION USER_ID [COUNT]\n"
	      "       sentry-tool error COMMAND EXIT_CODE MESSAGE\n"
	      "       sentry-tool flush\n"
	      "       sentry-tool crash [segv|abort|stack]\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct sentry_config cfg = { 0 };
	struct sentry *s = NULL;
	struct crm_error err = { 0 };
	const char *budget = getenv("SENTRY_TOOL_BUDGET_MS");
	char *dir = outbox_dir();
	int rc = 0;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			argc = i;
	if (argc < 2) {
		rc = usage();
		goto done;
	}
	cfg.dsn = getenv("SENTRY_DSN");
	cfg.environment = getenv("ENVIRONMENT");
	cfg.release = getenv("APP_VERSION");
	cfg.outbox_dir = dir;
	if (sentry_open(&s, &cfg, &err) != CRM_OK)
		fprintf(stderr, "sentry-tool: warning: %s\n", err.msg);
	sentry_install_crash_handler(s);

	if (strcmp(argv[1], "message") == 0 && (argc == 4 || argc == 5)) {
		long count = argc == 5 ? strtol(argv[4], NULL, 10) : 1;

		struct sentry_actor actor = { strtoll(argv[3], NULL, 10), "management" };
		for (long i = 0; i < count; i++)
			sentry_capture_message(s, &actor, "user changed", argv[2]);
	} else if (strcmp(argv[1], "error") == 0 && argc == 5) {
		sentry_capture_error(s, NULL, argv[2], atoi(argv[3]), argv[4]);
	} else if (strcmp(argv[1], "crash") == 0 && argc <= 3) {
		setenv("EPICEVENTS_TEST_CRASH", argc == 3 ? argv[2] : "segv", 1);
		struct sentry_actor actor = { 7, "support" };
		sentry_crash_set_user(s, &actor);
		sentry_test_crash_if_requested();
		fputs("sentry-tool: no crash (built without test hooks?)\n",
		      stderr);
		rc = 1;
	} else if (strcmp(argv[1], "flush") != 0) {
		rc = usage();
	}
	sentry_flush(s, budget ? atoi(budget) : 2000);
done:
	sentry_close(s);
	curl_api_global_cleanup();
	free(dir);
	return rc;
}
