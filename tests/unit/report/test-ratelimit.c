/* Unit tests of the Retry-After and X-Sentry-Rate-Limits parsers
 * (report/transport.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "report/transport.h"

static void test_rate_limits(void **state)
{
	(void)state;
	assert_int_equal(sentry_rate_limits_parse("60::organization"), 60);
	assert_int_equal(sentry_rate_limits_parse("60:error:key"), 60);
	assert_int_equal(sentry_rate_limits_parse("60:default:key"), 60);
	assert_int_equal(sentry_rate_limits_parse("60:transaction:key"), -1);
	assert_int_equal(sentry_rate_limits_parse(
		"60:transaction:key, 2700:default;error;security:organization"),
		2700);
	assert_int_equal(sentry_rate_limits_parse(
		"2700:error:org, 60:error:key"), 2700);
	assert_int_equal(sentry_rate_limits_parse(
		"10:transaction;session:key,20:attachment:project"), -1);
	/* Reason codes and namespaces after the scope are ignored. */
	assert_int_equal(sentry_rate_limits_parse(
		"30:error:org:usage_exceeded"), 30);
	assert_int_equal(sentry_rate_limits_parse("30"), -1);
	assert_int_equal(sentry_rate_limits_parse("1.2:error:key"), 2);
	assert_int_equal(sentry_rate_limits_parse("x:error:key"), -1);
	assert_int_equal(sentry_rate_limits_parse("-5:error:key"), -1);
	assert_int_equal(sentry_rate_limits_parse(""), -1);
	assert_int_equal(sentry_rate_limits_parse(",,, :"), -1);
	/* "errors" is not "error". */
	assert_int_equal(sentry_rate_limits_parse("60:errors:key"), -1);
	assert_int_equal(sentry_rate_limits_parse("99999999:error:key"),
			 SENTRY_PAUSE_MAX_S);
}

static void test_retry_after(void **state)
{
	time_t now = 784111777; /* Sun, 06 Nov 1994 08:49:37 GMT */

	(void)state;
	assert_int_equal(sentry_retry_after_parse("60", now), 60);
	assert_int_equal(sentry_retry_after_parse(" 120 ", now), 120);
	assert_int_equal(sentry_retry_after_parse("0", now), 0);
	assert_int_equal(sentry_retry_after_parse(
		"Sun, 06 Nov 1994 08:50:37 GMT", now), 60);
	assert_int_equal(sentry_retry_after_parse(
		"Sun, 06 Nov 1994 08:40:00 GMT", now), 0); /* past */
	assert_int_equal(sentry_retry_after_parse("soon", now), -1);
	assert_int_equal(sentry_retry_after_parse("", now), -1);
	assert_int_equal(sentry_retry_after_parse("10abc", now), -1);
	assert_int_equal(sentry_retry_after_parse("999999999", now),
			 SENTRY_PAUSE_MAX_S);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_limits),
		cmocka_unit_test(test_retry_after),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
