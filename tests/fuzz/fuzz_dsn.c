/*
 * fuzz_dsn.c — libFuzzer target for the Sentry DSN parser (report/dsn.c).
 *
 * Needs only src/report/dsn.c and src/util/{error,xalloc,strbuf}.c.
 * Beyond "no crash, no leak" it checks what the rest of report/ relies on:
 *   - a rejection's message never quotes the key (nor any of the input);
 *   - an accepted DSN yields an endpoint and an auth header free of
 *     characters that could split or extend an HTTP request;
 *   - the public DSN rebuilt from a parse parses again to the same parts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/dsn.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int cond)
{
	if (!cond)
		abort();
}

static int header_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 && *s != ' ')
			return 0;
	return 1;
}

static int url_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f ||
		    *s == '?' || *s == '#' || *s == '\\')
			return 0;
	return 1;
}

static int looks_like_key(const char *s, const char *end)
{
	int digit = 0;

	if (end - s < 12)
		return 0;
	for (; s < end; s++) {
		if (*s >= '0' && *s <= '9')
			digit = 1;
		else if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			   *s == '-' || *s == '_'))
			return 0;
	}
	return digit;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	struct sentry_dsn dsn, again;
	struct crm_error err = { 0 };

	if (sentry_dsn_parse(&dsn, text, &err) != CRM_OK) {
		const char *scheme = strstr(text, "://");
		const char *at = scheme ? strchr(scheme + 3, '@') : NULL;

		require(err.code == CRM_EINVALID);
		require(strncmp(err.msg, "SENTRY_DSN is malformed: ", 25) == 0);
		/* The would-be key is never echoed. Checked when it cannot
		 * occur in the fixed wording of the messages by chance: 12 or
		 * more key characters, one of them a digit. */
		if (at && looks_like_key(scheme + 3, at)) {
			char *key = xstrndup(scheme + 3,
					     (size_t)(at - (scheme + 3)));
			require(strstr(err.msg, key) == NULL);
			free(key);
		}
		require(dsn.public_key == NULL && dsn.host == NULL);
	} else {
		char *endpoint = sentry_dsn_endpoint(&dsn);
		char *auth = sentry_dsn_auth(&dsn, "epicevents/0.0.0");
		char *pub = sentry_dsn_public(&dsn);

		require(url_safe(endpoint));
		require(header_safe(auth));
		require(dsn.project_id[0] != '\0');
		require(sentry_dsn_parse(&again, pub, NULL) == CRM_OK);
		require(strcmp(again.scheme, dsn.scheme) == 0);
		require(strcmp(again.public_key, dsn.public_key) == 0);
		require(again.secret == NULL);
		require(strcmp(again.host, dsn.host) == 0);
		require(again.port == dsn.port);
		require(strcmp(again.path_prefix, dsn.path_prefix) == 0);
		require(strcmp(again.project_id, dsn.project_id) == 0);
		sentry_dsn_free(&again);
		free(endpoint);
		free(auth);
		free(pub);
		sentry_dsn_free(&dsn);
	}
	free(text);
	return 0;
}
