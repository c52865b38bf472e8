/* Unit tests of event and envelope building (report/envelope.h): parsed
 * back with jansson, field by field, with no field to spare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "report/envelope.h"

/* The object's keys, sorted, comma-separated: compares whole key sets. */
static char *keys_of(json_t *obj)
{
	const char *names[32];
	const char *key;
	json_t *value;
	size_t n = 0;
	char *out = calloc(1, 512);

	json_object_foreach(obj, key, value) {
		(void)value;
		if (n < 32)
			names[n++] = key;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				const char *t = names[i];
				names[i] = names[j];
				names[j] = t;
			}
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(out, ",");
		strcat(out, names[i]);
	}
	return out;
}

static void assert_keys(json_t *obj, const char *expected)
{
	char *keys = keys_of(obj);

	assert_string_equal(keys, expected);
	free(keys);
}

static void test_event_id(void **state)
{
	char a[SENTRY_EVENT_ID_LEN + 1], b[SENTRY_EVENT_ID_LEN + 1];

	(void)state;
	sentry_event_id(a);
	sentry_event_id(b);
	assert_int_equal(strlen(a), 32);
	assert_int_equal(strspn(a, "0123456789abcdef"), 32);
	assert_string_not_equal(a, b);
}

static void test_timestamp(void **state)
{
	/* Epoch, leap days, a century rule, the far future. */
	const time_t samples[] = { 0, 951782400, 951868799, 1078012800,
				   1700000000, 4102444799, 4107542400,
				   253402300799 };
	char got[SENTRY_TIMESTAMP_SIZE], want[64];

	(void)state;
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		struct timespec ts = { .tv_sec = samples[i], .tv_nsec = 123456789 };
		struct tm tm;

		gmtime_r(&samples[i], &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S.123456Z", &tm);
		sentry_format_timestamp(got, &ts);
		assert_string_equal(got, want);
	}
	/* Every day for 3 years around a leap year. */
	for (time_t t = 946684800; t < 946684800 + 3 * 366 * 86400; t += 86399) {
		struct timespec ts = { .tv_sec = t, .tv_nsec = 0 };
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S.000000Z", &tm);
		sentry_format_timestamp(got, &ts);
		assert_string_equal(got, want);
	}
}

static void test_format_u64(void **state)
{
	char buf[21];
	size_t n;

	(void)state;
	n = sentry_format_u64(buf, 0);
	buf[n] = '\0';
	assert_string_equal(buf, "0");
	n = sentry_format_u64(buf, UINT64_MAX);
	buf[n] = '\0';
	assert_string_equal(buf, "18446744073709551615");
}

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &e);

	if (!j)
		fail_msg("not JSON (%s): %s", e.text, text);
	return j;
}

static void test_message_event(void **state)
{
	struct sentry_event ev = {
		.level = "info", .message = "user 12 created",
		.release = "epicevents@0.1.0", .environment = "production",
		.user_id = 42, .action_type = "user_created",
		.department = "management",
	};
	char *text = sentry_event_json(&ev, "0123456789abcdef0123456789abcdef",
				       "2024-05-01T12:00:00.000000Z");
	json_t *j = parse(text);

	(void)state;
	assert_keys(j, "environment,event_id,level,logger,message,platform,"
		       "release,tags,timestamp,user");
	assert_string_equal(json_string_value(json_object_get(j, "event_id")),
			    "0123456789abcdef0123456789abcdef");
	assert_string_equal(json_string_value(json_object_get(j, "timestamp")),
			    "2024-05-01T12:00:00.000000Z");
	assert_string_equal(json_string_value(json_object_get(j, "platform")), "c");
	assert_string_equal(json_string_value(json_object_get(j, "level")), "info");
	assert_string_equal(json_string_value(json_object_get(j, "logger")),
			    "epicevents");
	/* Configuration is verbatim: the '@' of a release is not an e-mail. */
	assert_string_equal(json_string_value(json_object_get(j, "release")),
			    "epicevents@0.1.0");
	assert_string_equal(json_string_value(json_object_get(j, "environment")),
			    "production");
	assert_keys(json_object_get(j, "user"), "id");
	assert_string_equal(json_string_value(
		json_object_get(json_object_get(j, "user"), "id")), "42");
	assert_keys(json_object_get(j, "tags"), "action_type,department");
	assert_keys(json_object_get(j, "message"), "formatted");
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(j, "message"), "formatted")), "user 12 created");
	json_decref(j);
	free(text);
}

static void test_error_event(void **state)
{
	struct sentry_event ev = {
		.level = "error", .exc_type = "CRM_EINTERNAL",
		.exc_value = "database unreachable", .release = "r",
		.environment = "e", .command = "contracts sign", .exit_code = "1",
	};
	char *text = sentry_event_json(&ev, "0123456789abcdef0123456789abcdef",
				       "2024-05-01T12:00:00.000000Z");
	json_t *j = parse(text), *values, *exc;

	(void)state;
	assert_keys(j, "environment,event_id,exception,level,logger,platform,"
		       "release,tags,timestamp");
	assert_keys(json_object_get(j, "tags"), "command,exit_code");
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(j, "tags"), "exit_code")), "1");
	assert_keys(json_object_get(j, "exception"), "values");
	values = json_object_get(json_object_get(j, "exception"), "values");
	assert_int_equal(json_array_size(values), 1);
	exc = json_array_get(values, 0);
	assert_keys(exc, "type,value");
	assert_string_equal(json_string_value(json_object_get(exc, "type")),
			    "CRM_EINTERNAL");
	assert_string_equal(json_string_value(json_object_get(exc, "value")),
			    "database unreachable");
	json_decref(j);
	free(text);
}

static void test_no_tags_no_user(void **state)
{
	struct sentry_event ev = { .level = "info", .message = "m",
				   .release = "r", .environment = "e" };
	char *text = sentry_event_json(&ev, "0123456789abcdef0123456789abcdef",
				       "2024-05-01T12:00:00.000000Z");
	json_t *j = parse(text);

	(void)state;
	assert_keys(j, "environment,event_id,level,logger,message,platform,"
		       "release,timestamp");
	json_decref(j);
	free(text);
}

static void test_envelope(void **state)
{
	const char *id = "0123456789abcdef0123456789abcdef";
	const char *event = "{\"event_id\":\"0123456789abcdef0123456789abcdef\"}";
	size_t len, slen;
	char *env = sentry_envelope_wrap(id, "https://k@h/1", event, &len);
	char *sending, *nl1, *nl2;
	json_t *header, *item;

	(void)state;
	assert_int_equal(strlen(env), len);
	nl1 = strchr(env, '\n');
	nl2 = strchr(nl1 + 1, '\n');
	assert_non_null(nl2);
	*nl1 = '\0';
	*nl2 = '\0';
	header = parse(env);
	item = parse(nl1 + 1);
	assert_keys(header, "dsn,event_id");
	assert_string_equal(json_string_value(json_object_get(header, "event_id")),
			    id);
	assert_keys(item, "length,type");
	assert_string_equal(json_string_value(json_object_get(item, "type")),
			    "event");
	assert_int_equal(json_integer_value(json_object_get(item, "length")),
			 strlen(event));
	/* The payload, then a newline, then nothing. */
	assert_int_equal(strlen(nl2 + 1), strlen(event) + 1);
	assert_memory_equal(nl2 + 1, event, strlen(event));
	assert_int_equal(nl2[1 + strlen(event)], '\n');
	json_decref(header);
	json_decref(item);
	*nl1 = '\n';
	*nl2 = '\n';

	/* At sending: sent_at added, dsn refreshed, the rest byte for byte. */
	sending = sentry_envelope_for_sending(env, len, "https://k2@h/1", &slen);
	assert_non_null(sending);
	nl1 = strchr(sending, '\n');
	assert_memory_equal(nl1, strchr(env, '\n'), len - (size_t)(strchr(env, '\n') - env));
	*nl1 = '\0';
	header = parse(sending);
	assert_keys(header, "dsn,event_id,sent_at");
	assert_string_equal(json_string_value(json_object_get(header, "dsn")),
			    "https://k2@h/1");
	json_decref(header);
	free(sending);
	free(env);
}

static void test_for_sending_rejects(void **state)
{
	size_t len;

	(void)state;
	assert_null(sentry_envelope_for_sending("", 0, NULL, &len));
	assert_null(sentry_envelope_for_sending("garbage\nx\n", 10, NULL, &len));
	assert_null(sentry_envelope_for_sending("[1]\nx\n", 6, NULL, &len));
	assert_null(sentry_envelope_for_sending("{\"a\":1}\nx\n", 10, NULL, &len));
	assert_null(sentry_envelope_for_sending("{\"event_id\":\"x\"}", 16,
						NULL, &len));
}

static void expect_scrub(const char *in, const char *want)
{
	char *got = sentry_scrub(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_scrub(void **state)
{
	char *big = malloc(SENTRY_TEXT_MAX + 100), *got;

	(void)state;
	expect_scrub("plain text", "plain text");
	expect_scrub("duplicate email 'bob.smith+x@example.co.uk'",
		     "duplicate email '[redacted]'");
	expect_scrub("a@b", "[redacted]");
	expect_scrub("(alice@example.com)", "([redacted])");
	expect_scrub("postgresql://crm:s3cret@db.local:5432/crm",
		     "postgresql://[redacted]:5432/crm");
	expect_scrub("@ alone, trailing@ and @leading", "@ alone, trailing@ and @leading");
	expect_scrub("bad \xff utf8 \xc3\x28", "bad \xef\xbf\xbd utf8 \xef\xbf\xbd(");
	expect_scrub("caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac");
	expect_scrub("overlong \xc0\xaf surrogate \xed\xa0\x80",
		     "overlong \xef\xbf\xbd\xef\xbf\xbd surrogate "
		     "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");

	memset(big, 'x', SENTRY_TEXT_MAX + 99);
	big[SENTRY_TEXT_MAX + 99] = '\0';
	got = sentry_scrub(big);
	assert_int_equal(strlen(got), SENTRY_TEXT_MAX);
	free(got);
	free(big);
}

/* Invalid UTF-8 from the caller must still give a valid event, not a
 * missing field. */
static void test_invalid_utf8_event(void **state)
{
	struct sentry_event ev = { .level = "info", .message = "x\xff",
				   .release = "r\xfe", .environment = "e" };
	char *text = sentry_event_json(&ev, "0123456789abcdef0123456789abcdef",
				       "2024-05-01T12:00:00.000000Z");
	json_t *j = parse(text);

	(void)state;
	assert_string_equal(json_string_value(json_object_get(
		json_object_get(j, "message"), "formatted")), "x\xef\xbf\xbd");
	assert_string_equal(json_string_value(json_object_get(j, "release")),
			    "r\xef\xbf\xbd");
	json_decref(j);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_id),
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_format_u64),
		cmocka_unit_test(test_message_event),
		cmocka_unit_test(test_error_event),
		cmocka_unit_test(test_no_tags_no_user),
		cmocka_unit_test(test_envelope),
		cmocka_unit_test(test_for_sending_rejects),
		cmocka_unit_test(test_scrub),
		cmocka_unit_test(test_invalid_utf8_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
