/* Unit tests of the DSN parser (report/dsn.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/dsn.h"

static void test_plain(void **state)
{
	struct sentry_dsn d;
	struct crm_error err = { 0 };
	char *s;

	(void)state;
	assert_int_equal(sentry_dsn_parse(&d,
		"https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/4505",
		&err), CRM_OK);
	assert_string_equal(d.scheme, "https");
	assert_string_equal(d.public_key, "0123456789abcdef0123456789abcdef");
	assert_null(d.secret);
	assert_string_equal(d.host, "o1.ingest.sentry.io");
	assert_int_equal(d.port, 0);
	assert_string_equal(d.path_prefix, "");
	assert_string_equal(d.project_id, "4505");
	s = sentry_dsn_endpoint(&d);
	assert_string_equal(s, "https://o1.ingest.sentry.io/api/4505/envelope/");
	free(s);
	s = sentry_dsn_auth(&d, "epicevents/0.1.0");
	assert_string_equal(s, "Sentry sentry_version=7, "
			    "sentry_key=0123456789abcdef0123456789abcdef, "
			    "sentry_client=epicevents/0.1.0");
	free(s);
	s = sentry_dsn_public(&d);
	assert_string_equal(s, "https://0123456789abcdef0123456789abcdef@"
			    "o1.ingest.sentry.io/4505");
	free(s);
	sentry_dsn_free(&d);
}

static void test_port_prefix_secret(void **state)
{
	struct sentry_dsn d;
	char *s;

	(void)state;
	assert_int_equal(sentry_dsn_parse(&d,
		"HTTP://pub:sec@127.0.0.1:9000/sentry/relay/42", NULL), CRM_OK);
	assert_string_equal(d.scheme, "http");
	assert_string_equal(d.public_key, "pub");
	assert_string_equal(d.secret, "sec");
	assert_string_equal(d.host, "127.0.0.1");
	assert_int_equal(d.port, 9000);
	assert_string_equal(d.path_prefix, "/sentry/relay");
	assert_string_equal(d.project_id, "42");
	s = sentry_dsn_endpoint(&d);
	assert_string_equal(s,
		"http://127.0.0.1:9000/sentry/relay/api/42/envelope/");
	free(s);
	s = sentry_dsn_auth(&d, "c/1");
	assert_string_equal(s, "Sentry sentry_version=7, sentry_key=pub, "
			    "sentry_secret=sec, sentry_client=c/1");
	free(s);
	/* The secret never leaves through the envelope header. */
	s = sentry_dsn_public(&d);
	assert_string_equal(s, "http://pub@127.0.0.1:9000/sentry/relay/42");
	free(s);
	sentry_dsn_free(&d);
}

static void test_ipv6(void **state)
{
	struct sentry_dsn d;
	char *s;

	(void)state;
	assert_int_equal(sentry_dsn_parse(&d, "http://k@[::1]:8080/7", NULL),
			 CRM_OK);
	assert_string_equal(d.host, "[::1]");
	assert_int_equal(d.port, 8080);
	s = sentry_dsn_endpoint(&d);
	assert_string_equal(s, "http://[::1]:8080/api/7/envelope/");
	free(s);
	sentry_dsn_free(&d);
}

/* Each bad DSN must fail with a message that names the problem and never
 * repeats the key ("SeCrEtKeY" below). */
static void expect_bad(const char *text, const char *why)
{
	struct sentry_dsn d;
	struct crm_error err = { 0 };

	if (sentry_dsn_parse(&d, text, &err) != CRM_EINVALID)
		fail_msg("accepted '%s'", text);
	assert_int_equal(err.code, CRM_EINVALID);
	assert_non_null(strstr(err.msg, "SENTRY_DSN is malformed: "));
	if (!strstr(err.msg, why))
		fail_msg("'%s': message '%s' lacks '%s'", text, err.msg, why);
	assert_null(strstr(err.msg, "SeCrEtKeY"));
	assert_null(d.public_key);
	assert_null(d.host);
	sentry_dsn_free(&d); /* harmless after a failure */
}

static void test_invalid(void **state)
{
	(void)state;
	expect_bad("", "empty");
	expect_bad(NULL, "empty");
	expect_bad("https://o1.ingest.sentry.io/42", "public key is missing");
	expect_bad("https://@host/42", "public key is missing");
	expect_bad("https://:SeCrEtKeY@host/42", "public key is missing");
	expect_bad("https://SeCrEtKeY@host", "project id is missing");
	expect_bad("https://SeCrEtKeY@host/", "project id is missing");
	expect_bad("https://SeCrEtKeY@host/42/", "project id is missing");
	expect_bad("https://SeCrEtKeY@host/abc", "project id must be a number");
	expect_bad("https://SeCrEtKeY@host/4x2", "project id must be a number");
	expect_bad("ftp://SeCrEtKeY@host/42", "scheme");
	expect_bad("SeCrEtKeY@host/42", "scheme");
	expect_bad("httpx://SeCrEtKeY@host/42", "scheme");
	expect_bad("https://SeCrEtKeY@/42", "host is missing");
	expect_bad("https://SeCrEtKeY@:80/42", "host is missing");
	expect_bad("https://SeCrEtKeY@host:0/42", "port");
	expect_bad("https://SeCrEtKeY@host:65536/42", "port");
	expect_bad("https://SeCrEtKeY@host:/42", "port");
	expect_bad("https://SeCrEtKeY@host:8x/42", "port");
	expect_bad("https://SeCrEtKeY@ho st/42", "host");
	expect_bad("https://SeCrEtKeY@[::1/42", "IPv6");
	expect_bad("https://SeCrEtKeY@host/42?x=1", "query");
	expect_bad("https://SeCrEtKeY@host/42#f", "query");
	expect_bad("https://Se\r\nCrEtKeY@host/42", "public key");
	expect_bad("https://SeCrEtKeY:@host/42", "secret");
	expect_bad("https://SeCrEtKeY@host/a//42", "path");
	expect_bad("https://SeCrEtKeY@host/a b/42", "path");
	expect_bad(" https://SeCrEtKeY@host/42", "scheme");
	expect_bad("https://SeCrEtKeY@host/42 ", "project id must be a number");
	expect_bad("https://SeCrEtKeY@host/12345678901234567890",
		   "project id must be a number");
}

static void test_too_long(void **state)
{
	char *big = malloc(3000);

	(void)state;
	memset(big, 'a', 2999);
	memcpy(big, "https://SeCrEtKeY@", 18);
	big[2999] = '\0';
	expect_bad(big, "longer than");
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_port_prefix_secret),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
