/* datetime_parse and friends: every accepted form, offsets, zones, calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "util/datetime.h"
#include "util/tz.h"

#define T_2023_05_05_1500Z INT64_C(1683298800)
#define T_2023_05_05_0000Z INT64_C(1683244800)

/* The zone wall-clock times are read and shown in (crm's caller names it). */
static struct tz *zone;

static void use_tz(const char *name)
{
	struct crm_error err;

	tz_free(zone);
	zone = NULL;
	if (tz_load(&zone, name, &err) != CRM_OK)
		fail_msg("%s", err.msg);
	/* The process's own TZ is something else, and must not matter. */
	setenv("TZ", "Pacific/Chatham", 1);
	tzset();
}

static int setup_utc(void **state)
{
	(void)state;
	use_tz("UTC");
	return 0;
}

static int64_t parse_ok(const char *text)
{
	struct crm_error err = { 0 };
	int64_t t = -1;

	if (datetime_parse(&t, "start", text, zone, &err) != CRM_OK)
		fail_msg("'%s' refused: %s", text, err.msg);
	return t;
}

static void parse_bad(const char *text, const char *expected_part)
{
	struct crm_error err = { 0 };
	int64_t t = 42;

	if (datetime_parse(&t, "start", text, zone, &err) != CRM_EINVALID)
		fail_msg("'%s' accepted as %lld", text, (long long)t);
	assert_int_equal(err.code, CRM_EINVALID);
	assert_int_equal(t, 42);
	assert_non_null(strstr(err.msg, "start"));
	if (expected_part && !strstr(err.msg, expected_part))
		fail_msg("message for '%s' lacks '%s': %s", text, expected_part, err.msg);
}

static void test_local_forms_in_utc(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2023-05-05"), T_2023_05_05_0000Z);
	assert_int_equal(parse_ok("2023-05-05 15:00"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05 15:00:00"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T15:00"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T15:00:07"), T_2023_05_05_1500Z + 7);
	assert_int_equal(parse_ok("  2023-05-05 15:00  "), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05 15:00:07.999"), T_2023_05_05_1500Z + 7);
}

static void test_rfc3339(void **state)
{
	(void)state;
	use_tz("Asia/Tokyo"); /* must not matter with an explicit offset */
	assert_int_equal(parse_ok("2023-05-05T15:00:00Z"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05t15:00:00z"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05 15:00:00Z"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T15:00Z"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T15:00:00.123456Z"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T20:30:00+05:30"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T17:00:00+02:00"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T12:00:00-03:00"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T15:00:00+00:00"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T15:00:00-00:00"), T_2023_05_05_1500Z);
	assert_int_equal(parse_ok("2023-05-05T15:00:00+23:59"),
			 T_2023_05_05_1500Z - 23 * 3600 - 59 * 60);
	/* Offsets may cross the day boundary. */
	assert_int_equal(parse_ok("2023-05-06T00:30:00+09:30"), T_2023_05_05_1500Z);
	use_tz("UTC");
}

static void test_local_time_zone(void **state)
{
	(void)state;
	use_tz("Europe/Paris");
	/* Summer: CEST = UTC+2 */
	assert_int_equal(parse_ok("2023-05-05 17:00"), T_2023_05_05_1500Z);
	/* Winter: CET = UTC+1 */
	assert_int_equal(parse_ok("2023-01-15 10:00"), INT64_C(1673773200));
	/* Local midnight */
	assert_int_equal(parse_ok("2023-05-05"), T_2023_05_05_0000Z - 2 * 3600);
	/* 02:30 does not exist on 2024-03-31 in Paris: refused, not shifted */
	parse_bad("2024-03-31 02:30", "does not exist");
	assert_int_equal(parse_ok("2024-03-31 01:59"), INT64_C(1711846740));
	assert_int_equal(parse_ok("2024-03-31 03:00"), INT64_C(1711846800));
	/* the repeated hour in October is refused without an offset, which
	 * then picks either reading */
	parse_bad("2024-10-27 02:30", "happens twice");
	assert_int_equal(parse_ok("2024-10-27 02:30+02:00"), INT64_C(1729989000));
	assert_int_equal(parse_ok("2024-10-27 02:30+01:00"), INT64_C(1729992600));
	use_tz("America/New_York");
	assert_int_equal(parse_ok("2023-05-05 11:00"), T_2023_05_05_1500Z);
	use_tz("Asia/Kolkata");
	assert_int_equal(parse_ok("2023-05-05 20:30"), T_2023_05_05_1500Z);
	use_tz("UTC");
}

static void test_calendar(void **state)
{
	(void)state;
	parse_bad("2023-02-29", "not a real date");
	assert_int_equal(parse_ok("2024-02-29"), INT64_C(1709164800));
	parse_bad("2100-02-29", "not a real date");
	parse_ok("2000-02-29");
	parse_bad("2023-04-31", NULL);
	parse_bad("2023-02-30 10:00", NULL);
	parse_bad("2023-13-01", NULL);
	parse_bad("2023-00-10", NULL);
	parse_bad("2023-01-00", NULL);
	parse_bad("2023-01-32", NULL);
	parse_bad("2023-05-05 24:00", NULL);
	parse_ok("2023-05-05 23:59");
	parse_ok("2023-05-05 00:00");
	parse_bad("2023-05-05 23:60", NULL);
	parse_bad("2023-05-05 23:59:60", NULL);
	parse_bad("2023-05-05T24:00:00Z", NULL);
	parse_bad("2023-02-29T10:00:00Z", NULL);
	assert_int_equal(parse_ok("1900-01-01T00:00:00Z"), INT64_C(-2208988800));
	assert_int_equal(parse_ok("9999-12-31T23:59:59Z"), INT64_C(253402300799));
	parse_bad("1899-12-31", "1900");
	parse_bad("0000-01-01", NULL);
	parse_bad("10000-01-01", NULL);
}

static void test_malformed(void **state)
{
	static const char *bad[] = {
		"", "   ", "tomorrow", "2023-5-5", "2023/05/05", "05/05/2023",
		"2023-05-05 15", "2023-05-05 15:0", "2023-05-05 1500",
		"2023-05-05 15:00:0", "2023-05-05 15:00:00.", "2023-05-05  15:00",
		"2023-05-05T15:00:00+0530", "2023-05-05T15:00:00+05",
		"2023-05-05T15:00:00+24:00", "2023-05-05T15:00:00+05:60",
		"2023-05-05T15:00:00 Z", "2023-05-05T15:00:00Zjunk",
		"2023-05-05T15:00:00GMT", "2023-05-05x", "2023-05-05 15:00 x",
		"+2023-05-05", "-2023-05-05", "２０２３-05-05", "2023-05-05\n15:00",
		"2023-05-05T15:00:00+05:30:00",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		parse_bad(bad[i], NULL);
	parse_bad("", "empty");
}

static int64_t sql_ok(const char *text)
{
	int64_t t = -1;

	if (datetime_parse_sql(&t, text) != 0)
		fail_msg("sql '%s' refused", text);
	return t;
}

static void test_sql(void **state)
{
	static const char *bad[] = {
		"", "2023-05-05", "2023-05-05 25:00:00", "2023-02-29 10:00:00",
		"garbage", "2023-05-05 15:00:00 ", "2023-05-05 15:00:00+2",
	};
	size_t i;
	int64_t t = 7;

	(void)state;
	use_tz("Europe/Paris"); /* SQL text is UTC whatever TZ says */
	assert_int_equal(sql_ok("2023-05-05 15:00:00"), T_2023_05_05_1500Z);
	assert_int_equal(sql_ok("2023-05-05 15:00:00.451369"), T_2023_05_05_1500Z);
	assert_int_equal(sql_ok("2023-05-05T15:00:00Z"), T_2023_05_05_1500Z);
	assert_int_equal(sql_ok("2023-05-05 15:00:00+00"), T_2023_05_05_1500Z);
	assert_int_equal(sql_ok("2023-05-05 17:00:00+02"), T_2023_05_05_1500Z);
	assert_int_equal(sql_ok("2023-05-05 20:30:00+0530"), T_2023_05_05_1500Z);
	assert_int_equal(sql_ok("2023-05-05 15:00"), T_2023_05_05_1500Z);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (datetime_parse_sql(&t, bad[i]) == 0)
			fail_msg("sql '%s' accepted", bad[i]);
		assert_int_equal(t, 7);
	}
	use_tz("UTC");
}

static void test_format(void **state)
{
	char out[DATETIME_TEXT_MAX];

	(void)state;
	datetime_format_rfc3339(out, T_2023_05_05_1500Z);
	assert_string_equal(out, "2023-05-05T15:00:00Z");
	datetime_format_sql(out, T_2023_05_05_1500Z);
	assert_string_equal(out, "2023-05-05 15:00:00");
	datetime_format_sql(out, 0);
	assert_string_equal(out, "1970-01-01 00:00:00");
	use_tz("Europe/Paris");
	datetime_format_local(out, T_2023_05_05_1500Z, zone);
	assert_string_equal(out, "2023-05-05 17:00");
	use_tz("UTC");
	datetime_format_local(out, T_2023_05_05_1500Z, zone);
	assert_string_equal(out, "2023-05-05 15:00");
	datetime_format_local(out, T_2023_05_05_1500Z, NULL);
	assert_string_equal(out, "2023-05-05 15:00");
	/* absurd values do not crash and are recognisable */
	datetime_format_rfc3339(out, INT64_MAX);
	assert_true(out[0] == '@');
}

static void test_round_trip(void **state)
{
	char out[DATETIME_TEXT_MAX];
	int64_t t;

	(void)state;
	for (t = INT64_C(-2208988800); t < INT64_C(253402300799); t += INT64_C(86400 * 97 + 3671)) {
		int64_t back = -1;
		datetime_format_sql(out, t);
		assert_int_equal(datetime_parse_sql(&back, out), 0);
		assert_int_equal(back, t);
		datetime_format_rfc3339(out, t);
		assert_int_equal(parse_ok(out), t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_forms_in_utc),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_local_time_zone),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_sql),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};
	int failed = cmocka_run_group_tests(tests, setup_utc, NULL);

	tz_free(zone);
	return failed;
}
