/* validate_*: each rule, both sides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/validate.h"

typedef enum crm_code (*text_fn)(char **, const char *, const char *,
				 struct crm_error *);

static void ok_as(text_fn fn, const char *text, const char *expected)
{
	struct crm_error err = { 0 };
	char *out = NULL;

	if (fn(&out, "field", text, &err) != CRM_OK)
		fail_msg("'%s' refused: %s", text, err.msg);
	assert_non_null(out);
	assert_string_equal(out, expected);
	free(out);
}

static void bad(text_fn fn, const char *text, const char *expected_part)
{
	struct crm_error err = { 0 };
	char *out = (char *)"untouched";

	if (fn(&out, "field", text, &err) != CRM_EINVALID)
		fail_msg("'%s' accepted as '%s'", text, out);
	assert_string_equal(out, "untouched");
	assert_int_equal(err.code, CRM_EINVALID);
	assert_non_null(strstr(err.msg, "field"));
	if (expected_part && !strstr(err.msg, expected_part))
		fail_msg("message for '%s' lacks '%s': %s", text, expected_part, err.msg);
}

/* ---- email ---- */

static void test_email_accepted(void **state)
{
	(void)state;
	ok_as(validate_email, "bill.boquet@epic.com", "bill.boquet@epic.com");
	ok_as(validate_email, "  Kevin@Startup.IO \n", "kevin@startup.io");
	ok_as(validate_email, "a@b.co", "a@b.co");
	ok_as(validate_email, "first+tag@mail.example.org", "first+tag@mail.example.org");
	ok_as(validate_email, "o'brien@x-y.fr", "o'brien@x-y.fr");
	ok_as(validate_email, "ÉLODIE@Exemple.fr", "élodie@exemple.fr");
	ok_as(validate_email, "user@xn--p1ai.xn--p1ai", "user@xn--p1ai.xn--p1ai");
	ok_as(validate_email, "user@пример.рф", "user@пример.рф");
	ok_as(validate_email, "x@1.2.example.com", "x@1.2.example.com");
}

static void test_email_refused(void **state)
{
	(void)state;
	bad(validate_email, "", "empty");
	bad(validate_email, "   ", "empty");
	bad(validate_email, "bob", "no '@'");
	bad(validate_email, "bob@", "no domain");
	bad(validate_email, "@epic.com", "nothing before");
	bad(validate_email, "a@@epic.com", "more than one '@'");
	bad(validate_email, "a@b@epic.com", "more than one '@'");
	bad(validate_email, "bob@localhost", "no dot");
	bad(validate_email, "bob@epic.", "empty part");
	bad(validate_email, "bob@.epic.com", "empty part");
	bad(validate_email, "bob@epic..com", "empty part");
	bad(validate_email, "bob@epic.c", "shorter than 2");
	bad(validate_email, "bob@epic.c0m", "not letters");
	bad(validate_email, "bob@epic.123", "not letters");
	bad(validate_email, "bob smith@epic.com", "space");
	bad(validate_email, "bob@epic .com", "space");
	bad(validate_email, "bob\t@epic.com", "space");
	bad(validate_email, "bob\xc2\xa0x@epic.com", "space"); /* NBSP */
	bad(validate_email, "bob@ep_ic.com", "invalid character");
	bad(validate_email, "bob@-epic.com", "'-'");
	bad(validate_email, "bob@epic-.com", "'-'");
	bad(validate_email, ".bob@epic.com", "dot");
	bad(validate_email, "bob.@epic.com", "dot");
	bad(validate_email, "b..ob@epic.com", "dot");
	bad(validate_email, "\"bob\"@epic.com", "invalid character");
	bad(validate_email, "bob(x)@epic.com", "invalid character");
	bad(validate_email, "bob@epic.com\x1b[2J", NULL);
	bad(validate_email, "bob\xff@epic.com", NULL);
}

static void test_email_length(void **state)
{
	char text[256];
	char *out = NULL;
	struct crm_error err;

	(void)state;
	/* 100 characters exactly: 91 + "@epic.com" (9 characters) */
	memset(text, 'a', 91);
	strcpy(text + 91, "@epic.com");
	assert_int_equal(strlen(text), 100);
	assert_int_equal(validate_email(&out, "email", text, &err), CRM_OK);
	free(out);
	memset(text, 'a', 92);
	strcpy(text + 92, "@epic.com");
	bad(validate_email, text, "at most 100");
	/* counted in characters, not bytes: 90 'é' (180 bytes) + 9 = 99 chars */
	text[0] = '\0';
	for (int i = 0; i < 45; i++)
		strcat(text, "éé");
	strcat(text, "@epic.com");
	assert_int_equal(validate_email(&out, "email", text, &err), CRM_OK);
	free(out);
}

/* ---- phone ---- */

static void test_phone(void **state)
{
	(void)state;
	ok_as(validate_phone, "+678 123 456 78", "+678 123 456 78");
	ok_as(validate_phone, "  01.23.45.67.89 ", "01.23.45.67.89");
	ok_as(validate_phone, "(555) 123-4567", "(555) 123-4567");
	ok_as(validate_phone, "123456", "123456");               /* 6: ok */
	ok_as(validate_phone, "12345678901234567890", "12345678901234567890"); /* 20 */
	bad(validate_phone, "12345", "too short");               /* 5 */
	bad(validate_phone, "123456789012345678901", "too long"); /* 21 */
	bad(validate_phone, "", "empty");
	bad(validate_phone, "+-.() ", "no digit");
	bad(validate_phone, "12+345678", "'+'");
	bad(validate_phone, "++12345678", "'+'");
	bad(validate_phone, "0612345678x", "invalid character");
	bad(validate_phone, "06/12/34/56", "invalid character");
	bad(validate_phone, "06 12\t34 56", "invalid character");
	bad(validate_phone, "０６１２３４５６", "invalid character");
}

/* ---- text and notes ---- */

static enum crm_code text100(char **out, const char *field, const char *text,
			     struct crm_error *err)
{
	return validate_text(out, field, text, 100, err);
}

static enum crm_code notes10(char **out, const char *field, const char *text,
			     struct crm_error *err)
{
	return validate_notes(out, field, text, 10, err);
}

static void test_text(void **state)
{
	char text[400];

	(void)state;
	ok_as(text100, "  Cool Startup LLC ", "Cool Startup LLC");
	ok_as(text100, "Salle des fêtes de Mufflins", "Salle des fêtes de Mufflins");
	ok_as(text100, "日本語の会社", "日本語の会社");
	bad(text100, "", "empty");
	bad(text100, " \t\n ", "empty");
	bad(text100, "tab\there", "control character");
	bad(text100, "line\nbreak", "control character");
	bad(text100, "esc\x1b[31m", "control character");
	bad(text100, "del\x7f", "control character");
	bad(text100, "c1\xc2\x9b", "control character");
	bad(text100, "bad \xff utf8", "UTF-8");
	bad(text100, "overlong \xc0\xaf", "UTF-8");
	bad(text100, "surrogate \xed\xa0\x80", "UTF-8");
	memset(text, 'x', 100);
	text[100] = '\0';
	ok_as(text100, text, text);
	text[100] = 'x';
	text[101] = '\0';
	bad(text100, text, "at most 100");
	/* 100 two-byte characters are 100 characters */
	text[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(text, "é");
	ok_as(text100, text, text);
	strcat(text, "é");
	bad(text100, text, "at most 100");
}

static void test_notes(void **state)
{
	(void)state;
	ok_as(notes10, "", "");
	ok_as(notes10, "   ", "");
	ok_as(notes10, "a\tb\nc", "a\tb\nc");
	ok_as(notes10, " a\r\nb \n", "a\nb");
	ok_as(notes10, "0123456789", "0123456789");
	bad(notes10, "01234567890", "at most 10");
	bad(notes10, "a\rb", "control character");
	bad(notes10, "a\x1b" "b", "control character");
	bad(notes10, "\xfe", "UTF-8");
}

/* ---- integers and ids ---- */

static void int_ok(const char *text, int64_t min, int64_t max, int64_t expected)
{
	struct crm_error err = { 0 };
	int64_t v = -999;

	if (validate_int(&v, "attendees", text, min, max, &err) != CRM_OK)
		fail_msg("'%s' refused: %s", text, err.msg);
	assert_int_equal(v, expected);
}

static void int_bad(const char *text, int64_t min, int64_t max, const char *part)
{
	struct crm_error err = { 0 };
	int64_t v = -999;

	if (validate_int(&v, "attendees", text, min, max, &err) != CRM_EINVALID)
		fail_msg("'%s' accepted as %lld", text, (long long)v);
	assert_int_equal(v, -999);
	if (part && !strstr(err.msg, part))
		fail_msg("message for '%s' lacks '%s': %s", text, part, err.msg);
}

static void test_int(void **state)
{
	(void)state;
	int_ok("0", 0, 1000000, 0);
	int_ok("1000000", 0, 1000000, 1000000);
	int_ok(" 200 ", 0, 1000000, 200);
	int_ok("007", 0, 1000000, 7);
	int_bad("1000001", 0, 1000000, "between 0 and 1000000");
	int_bad("-1", 0, 1000000, "not a whole number"); /* no sign when min >= 0 */
	int_ok("-1", -5, 5, -1);
	int_ok("-5", -5, 5, -5);
	int_bad("-6", -5, 5, "between");
	int_bad("+1", 0, 10, "not a whole number");
	int_bad("1 000", 0, 10000, "not a whole number");
	int_bad("1.0", 0, 10, "not a whole number");
	int_bad("0x10", 0, 100, "not a whole number");
	int_bad("1e3", 0, 10000, "not a whole number");
	int_bad("", 0, 10, "empty");
	int_bad("-", -10, 10, "not a whole number");
	int_bad("abc", 0, 10, "'abc'");
	int_ok("9223372036854775807", 0, INT64_MAX, INT64_MAX);
	int_ok("-9223372036854775808", INT64_MIN, 0, INT64_MIN);
	int_bad("9223372036854775808", 0, INT64_MAX, "between");
	int_bad("-9223372036854775809", INT64_MIN, 0, "between");
	int_bad("99999999999999999999999", 0, 100, "between");
}

static void test_id(void **state)
{
	static const char *bad_ids[] = { "0", "-1", "", "abc", "1.5", "+3",
					 "2147483648", "99999999999999999999", "1 2" };
	struct crm_error err;
	int64_t v = 0;
	size_t i;

	(void)state;
	assert_int_equal(validate_id(&v, "client", "1", &err), CRM_OK);
	assert_int_equal(v, 1);
	assert_int_equal(validate_id(&v, "client", " 42 ", &err), CRM_OK);
	assert_int_equal(v, 42);
	assert_int_equal(validate_id(&v, "client", "2147483647", &err), CRM_OK);
	assert_int_equal(v, 2147483647);
	for (i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		v = -7;
		if (validate_id(&v, "client", bad_ids[i], &err) != CRM_EINVALID)
			fail_msg("id '%s' accepted", bad_ids[i]);
		assert_int_equal(v, -7);
		assert_non_null(strstr(err.msg, "is not a valid id"));
		assert_non_null(strstr(err.msg, "client '"));
	}
}

/* ---- employee id ---- */

static void test_employee_id(void **state)
{
	(void)state;
	ok_as(validate_employee_id, "COM001", "COM001");
	ok_as(validate_employee_id, " man_01-x ", "man_01-x");
	ok_as(validate_employee_id, "A", "A");
	ok_as(validate_employee_id, "ABCDEFGHIJ0123456789", "ABCDEFGHIJ0123456789");
	bad(validate_employee_id, "ABCDEFGHIJ01234567890", "at most 20");
	bad(validate_employee_id, "", "empty");
	bad(validate_employee_id, "COM 001", "invalid character");
	bad(validate_employee_id, "COM.001", "invalid character");
	bad(validate_employee_id, "ÉMP1", "invalid character");
}

/* ---- password ---- */

static void test_password(void **state)
{
	struct crm_error err = { 0 };
	char big[1100];

	(void)state;
	assert_int_equal(validate_password("12345678", &err), CRM_OK);
	assert_int_equal(validate_password("pässwörd", &err), CRM_OK); /* 8 chars, 10 bytes */
	assert_int_equal(validate_password("1234567", &err), CRM_EINVALID);
	assert_non_null(strstr(err.msg, "at least 8"));
	assert_null(strstr(err.msg, "1234567"));
	assert_int_equal(validate_password("ééééééé", &err), CRM_EINVALID); /* 7 chars, 14 bytes */
	assert_int_equal(validate_password("", &err), CRM_EINVALID);
	assert_int_equal(validate_password("secret\xff\xfe" "abc", &err), CRM_EINVALID);
	assert_null(strstr(err.msg, "secret"));
	memset(big, 'p', 1024);
	big[1024] = '\0';
	assert_int_equal(validate_password(big, &err), CRM_OK);
	big[1024] = 'p';
	big[1025] = '\0';
	assert_int_equal(validate_password(big, &err), CRM_EINVALID);
	assert_non_null(strstr(err.msg, "1024"));
}

/* ---- UTF-8 helpers ---- */

static void test_utf8(void **state)
{
	char out[UTF8_EXCERPT_MAX];
	char longtext[400];

	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("ascii", 5));
	assert_true(utf8_valid("é✓😀", strlen("é✓😀")));
	assert_true(utf8_valid("\xf4\x8f\xbf\xbf", 4));   /* U+10FFFF */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));  /* U+110000 */
	assert_false(utf8_valid("\xc0\x80", 2));          /* overlong NUL */
	assert_false(utf8_valid("\xe0\x80\xaf", 3));      /* overlong */
	assert_false(utf8_valid("\xf0\x80\x80\xaf", 4));  /* overlong */
	assert_false(utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
	assert_false(utf8_valid("\xc3", 1));              /* truncated */
	assert_false(utf8_valid("\x80", 1));              /* lone continuation */
	assert_false(utf8_valid("\xff", 1));

	utf8_excerpt(out, "a\x1b[2Jb\xff", 7);
	assert_string_equal(out, "a?[2Jb?");
	memset(longtext, 'x', 100);
	utf8_excerpt(out, longtext, 100);
	assert_int_equal(strlen(out), 43);
	assert_string_equal(out + 40, "...");
	longtext[0] = '\0';
	for (int i = 0; i < 60; i++)
		strcat(longtext, "😀");
	utf8_excerpt(out, longtext, strlen(longtext));
	assert_int_equal(strlen(out), 40 * 4 + 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email_accepted),
		cmocka_unit_test(test_email_refused),
		cmocka_unit_test(test_email_length),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_employee_id),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
