/* money_parse / money_format: both sides of every limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/money.h"

static int64_t parse_ok(const char *text)
{
	struct crm_error err = { 0 };
	int64_t cents = -12345;

	if (money_parse(&cents, "total", text, &err) != CRM_OK)
		fail_msg("'%s' refused: %s", text, err.msg);
	return cents;
}

static void parse_bad(const char *text, const char *expected_part)
{
	struct crm_error err = { 0 };
	int64_t cents = -12345;

	assert_int_equal(money_parse(&cents, "total", text, &err), CRM_EINVALID);
	assert_int_equal(err.code, CRM_EINVALID);
	assert_int_equal(cents, -12345);
	assert_non_null(strstr(err.msg, "total"));
	if (expected_part && !strstr(err.msg, expected_part))
		fail_msg("message for '%s' lacks '%s': %s", text, expected_part, err.msg);
}

static void test_accepted_forms(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("0"), 0);
	assert_int_equal(parse_ok("1234"), 123400);
	assert_int_equal(parse_ok("1234.5"), 123450);
	assert_int_equal(parse_ok("1234.50"), 123450);
	assert_int_equal(parse_ok("0.01"), 1);
	assert_int_equal(parse_ok("0.10"), 10);
	assert_int_equal(parse_ok(" 12.5 "), 1250);
	assert_int_equal(parse_ok("\t12.5\n"), 1250);
	/* Decided: leading zeros are harmless; ".5" and "5." as Decimal. */
	assert_int_equal(parse_ok("007"), 700);
	assert_int_equal(parse_ok(".5"), 50);
	assert_int_equal(parse_ok("5."), 500);
	assert_int_equal(parse_ok("0000000000000000000012.34"), 1234);
}

static void test_upper_limit(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("99999999.99"), MONEY_MAX_CENTS);
	assert_int_equal(parse_ok("99999999"), 9999999900);
	parse_bad("100000000.00", "too large");
	parse_bad("100000000", "too large");
	parse_bad("99999999999999999999999999", "too large");
	parse_bad("9223372036854775808", "too large");
}

static void test_refused(void **state)
{
	(void)state;
	parse_bad("", "empty");
	parse_bad("   ", "empty");
	parse_bad("1e3", "'1e3'");
	parse_bad("1E3", NULL);
	parse_bad("nan", "'nan'");
	parse_bad("inf", NULL);
	parse_bad("-1", "sign");
	parse_bad("+1", "sign");
	parse_bad("-0", "sign");
	parse_bad("1.234", "two decimals");
	parse_bad("0.001", "two decimals");
	parse_bad(".", NULL);
	parse_bad("1,000", NULL);
	parse_bad("1 000", NULL);
	parse_bad("1_000", NULL);
	parse_bad("1.2.3", NULL);
	parse_bad("0x10", NULL);
	parse_bad("12abc", NULL);
	parse_bad("1.5 €", NULL);
	parse_bad("١٢", NULL); /* Arabic-Indic digits */
}

static void test_message_is_safe(void **state)
{
	struct crm_error err = { 0 };
	int64_t cents;

	(void)state;
	assert_int_equal(money_parse(&cents, "total", "12\x1b[31m", &err), CRM_EINVALID);
	assert_null(strchr(err.msg, '\x1b'));
	assert_int_equal(money_parse(&cents, "total",
				     "1111111111111111111111111111111111111111111111111111111111x",
				     &err), CRM_EINVALID);
	assert_true(strlen(err.msg) < 200);
}

static void format_is(int64_t cents, const char *expected)
{
	char out[MONEY_TEXT_MAX];

	money_format(out, cents);
	assert_string_equal(out, expected);
}

static void test_format(void **state)
{
	(void)state;
	format_is(0, "0.00");
	format_is(1, "0.01");
	format_is(10, "0.10");
	format_is(1000000, "10000.00");
	format_is(500000, "5000.00");
	format_is(MONEY_MAX_CENTS, "99999999.99");
	format_is(-1, "-0.01");
	format_is(-123456, "-1234.56");
	format_is(INT64_MAX, "92233720368547758.07");
	format_is(INT64_MIN, "-92233720368547758.08");
}

static void test_round_trip(void **state)
{
	static const int64_t values[] = { 0, 1, 9, 10, 99, 100, 101, 123456,
					  MONEY_MAX_CENTS - 1, MONEY_MAX_CENTS };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		char out[MONEY_TEXT_MAX];
		money_format(out, values[i]);
		assert_int_equal(parse_ok(out), values[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted_forms),
		cmocka_unit_test(test_upper_limit),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_message_is_safe),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
