/* error_class: what an unexpected error's message becomes before Sentry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "report/scrub.h"

static void expect_class(const char *message, const char *want)
{
	char out[512];

	error_class(message, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_paths_and_hosts_are_hidden(void **state)
{
	(void)state;
	expect_class("cannot open database file '/home/jdupont/.local/share/epicevents/epicevents.db'",
		     "cannot open database file '…'");
	expect_class("cannot connect to PostgreSQL at 'db.internal:5432' (database 'crm_prod'): "
		     "connection to server failed: FATAL:  role \"jdupont\" does not exist",
		     "cannot connect to PostgreSQL at '…' (database '…')");
	expect_class("i/o error on database file '/home/x/crm.db': disk I/O error",
		     "i/o error on database file '…'");
}

static void test_library_detail_is_cut_sqlstate_kept(void **state)
{
	(void)state;
	expect_class("database error: duplicate key value violates unique constraint \"x\": "
		     "Key (email)=(a@b.c) (SQLSTATE 23505)",
		     "database error: duplicate key value violates unique constraint '…' "
		     "(SQLSTATE 23505)");
	expect_class("database (from --db): cannot create database file '/home/jd/x.db': "
		     "its directory does not exist",
		     "database (from --db): cannot create database file '…'");
	/* Nothing quoted: nothing names anything, the message stays whole. */
	expect_class("database error: disk full", "database error: disk full");
	expect_class("lost connection to the database", "lost connection to the database");
	expect_class("", "");
}

static void test_unclosed_quote_hides_the_rest(void **state)
{
	(void)state;
	expect_class("cannot read '/home/secret/file", "cannot read '…'");
	expect_class("a \"b", "a '…'");
}

static void test_output_is_bounded(void **state)
{
	char small[8];

	(void)state;
	error_class("déjà déjà déjà", small, sizeof small);
	/* 7 bytes fit: "déjà " (d, é, j, à are 1+2+1+2 bytes); never half an accent. */
	assert_true(strlen(small) < sizeof small);
	assert_string_equal(small, "déjà ");
	error_class("ééééé", small, sizeof small);
	assert_string_equal(small, "ééé");
}

static void test_public_message(void **state)
{
	struct crm_error err;
	char out[256];

	(void)state;
	crm_error_set(&err, CRM_EINTERNAL, "cannot connect to PostgreSQL at 'db.lan:5432' "
		      "(database 'crm'): FATAL: password authentication failed for user \"jd\"");
	error_public_message(&err, out, sizeof out);
	assert_string_equal(out, "cannot connect to PostgreSQL at '…' (database '…')");
	/* A user's error is for the user: shown whole. */
	crm_error_set(&err, CRM_EINVALID, "email 'zoe@' has no domain after the '@'");
	error_public_message(&err, out, sizeof out);
	assert_string_equal(out, "email 'zoe@' has no domain after the '@'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths_and_hosts_are_hidden),
		cmocka_unit_test(test_library_detail_is_cut_sqlstate_kept),
		cmocka_unit_test(test_unclosed_quote_hides_the_rest),
		cmocka_unit_test(test_output_is_bounded),
		cmocka_unit_test(test_public_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
