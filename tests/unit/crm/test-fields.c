/*
 * test-fields.c — a refused input names its field: every operation that
 * validates input, called on a real SQLite database with one bad field at a
 * time, fails with CRM_EINVALID and err.field set to that field's key (the
 * key records and JSON bodies use), so that a form can show the message
 * beside the field. Errors that are about no field leave it empty.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "crm/crm.h"
#include "store/db.h"
#include "util/xalloc.h"

static char dir[] = "/tmp/epicevents-fields.XXXXXX";
static struct crm *crm;
static struct session bill, alice;

static void login(const char *email, const char *password, struct session *out)
{
	struct crm_error err = { 0 };
	char *token = NULL;

	if (auth_login(crm, email, password, &token, out, &err) != CRM_OK)
		fail_msg("login %s: %s", email, err.msg);
	free(token);
}

static int setup(void **state)
{
	struct crm_error err = { 0 };
	struct db *db;
	const char *note;
	char *url;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	url = xasprintf("sqlite:%s/crm.db", dir);
	if (db_open(&db, url, &err) != CRM_OK)
		fail_msg("%s", err.msg);
	free(url);
	crm = crm_open_local(db, true, NULL);
	if (crm_db_init(crm, true, NULL, &note, &err) != CRM_OK)
		fail_msg("%s", err.msg);
	login("bill.boquet@epic.com", "password123", &bill);
	login("alice.manager@epic.com", "admin123", &alice);
	return 0;
}

static int teardown(void **state)
{
	char path[128];

	(void)state;
	crm_close(crm);
	for (const char *suffix = ""; suffix; suffix = *suffix ? NULL : "-wal") {
		snprintf(path, sizeof path, "%s/crm.db%s", dir, suffix);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/crm.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

#define EXPECT_FIELD(call, key)                                                       \
	do {                                                                          \
		struct crm_error err_ = { 0 };                                       \
		struct crm_error *err = &err_;                                        \
		enum crm_code rc_ = (call);                                           \
		if (rc_ != CRM_EINVALID)                                              \
			fail_msg("%s: code %d (%s), wanted 2", #call, rc_, err_.msg); \
		if (strcmp(err_.field, (key)) != 0)                                   \
			fail_msg("%s: field '%s', wanted '%s' (%s)", #call, err_.field, \
				 (key), err_.msg);                                    \
	} while (0)

static void test_client_fields(void **state)
{
	int64_t id;
	struct client_input ok = { .full_name = "Ana", .email = "ana@ex.fr",
				   .phone = "+33 6 12 34 56 78", .company_name = "Ana SA" };
	struct client_input in;

	(void)state;
	in = ok; in.full_name = "";
	EXPECT_FIELD(client_create(crm, &bill, &in, &id, err), "full_name");
	in = ok; in.email = "ana@";
	EXPECT_FIELD(client_create(crm, &bill, &in, &id, err), "email");
	in = ok; in.phone = "call me";
	EXPECT_FIELD(client_create(crm, &bill, &in, &id, err), "phone");
	in = ok; in.company_name = "\x01";
	EXPECT_FIELD(client_create(crm, &bill, &in, &id, err), "company_name");
	/* A missing field is about the whole form, not one field. */
	in = ok; in.phone = NULL;
	EXPECT_FIELD(client_create(crm, &bill, &in, &id, err), "");
}

static void test_contract_fields(void **state)
{
	int64_t id;

	(void)state;
	EXPECT_FIELD(contract_create(crm, &alice, &(struct contract_input){
		.client_id = "x", .total_amount = "10.00" }, &id, err), "client_id");
	EXPECT_FIELD(contract_create(crm, &alice, &(struct contract_input){
		.client_id = "1", .total_amount = "10.001" }, &id, err), "total_amount");
	EXPECT_FIELD(contract_create(crm, &alice, &(struct contract_input){
		.client_id = "1", .total_amount = "10.00", .remaining_amount = "-1" }, &id, err),
		"remaining_amount");
	EXPECT_FIELD(contract_update(crm, &alice, 1, &(struct contract_input){
		.remaining_amount = "abc" }, err), "remaining_amount");
}

static void test_event_fields(void **state)
{
	struct event_input ok = { .contract_id = "1", .name = "Gala",
				  .start_date = "2031-06-01 18:00", .end_date = "2031-06-01 23:00",
				  .location = "Lyon", .attendees_count = "40" };
	struct event_input in;
	int64_t id;

	(void)state;
	in = ok; in.start_date = "2031-02-30 18:00";
	EXPECT_FIELD(event_create(crm, &bill, &in, &id, err), "start_date");
	in = ok; in.end_date = "tomorrow";
	EXPECT_FIELD(event_create(crm, &bill, &in, &id, err), "end_date");
	in = ok; in.attendees_count = "-3";
	EXPECT_FIELD(event_create(crm, &bill, &in, &id, err), "attendees_count");
	in = ok; in.contract_id = "0";
	EXPECT_FIELD(event_create(crm, &bill, &in, &id, err), "contract_id");
	EXPECT_FIELD(event_update(crm, &alice, 1, &(struct event_input){ .notes = "\x1b[2J" },
				  err), "notes");
}

static void test_user_fields(void **state)
{
	struct user_input ok = { .employee_id = "COM777", .name = "Zed", .email = "zed@epic.com",
				 .department = "Support", .password = "long-enough-pass-1" };
	struct user_input in;
	int64_t id;

	(void)state;
	in = ok; in.department = "Marketing";
	EXPECT_FIELD(user_create(crm, &alice, &in, &id, err), "department");
	in = ok; in.email = "zed";
	EXPECT_FIELD(user_create(crm, &alice, &in, &id, err), "email");
	in = ok; in.employee_id = "no spaces allowed";
	EXPECT_FIELD(user_create(crm, &alice, &in, &id, err), "employee_id");
}

/* Criteria from text: the CLI's "--key" and the API's "key" mean the same. */
static void test_filters(void **state)
{
	struct contract_filter kf = { 0 };
	struct event_filter ef = { 0 };
	struct client_filter cf = { 0 };

	(void)state;
	assert_int_equal(contract_filter_set(&kf, "--unsigned", NULL, NULL), CRM_OK);
	assert_int_equal(kf.is_signed, NO);
	assert_int_equal(contract_filter_set(&kf, "client", "7", NULL), CRM_OK);
	assert_int_equal(kf.client_id, 7);
	assert_int_equal(contract_filter_set(&kf, "paid", "true", NULL), CRM_OK);
	assert_int_equal(kf.is_paid, YES);
	EXPECT_FIELD(contract_filter_set(&kf, "--signed", NULL, err), "signed");
	EXPECT_FIELD(contract_filter_set(&kf, "client", "seven", err), "client");
	EXPECT_FIELD(contract_filter_set(&kf, "mine", "maybe", err), "mine");
	EXPECT_FIELD(contract_filter_set(&kf, "--colour", "red", err), "colour");
	assert_int_equal(event_filter_set(&ef, NULL, "from", "2031-06-01", NULL), CRM_OK);
	assert_true(ef.has_from);
	assert_int_equal(ef.from, INT64_C(1938038400));
	EXPECT_FIELD(event_filter_set(&ef, NULL, "--to", "2031-13-01", err), "to");
	assert_int_equal(event_filter_set(&ef, NULL, "no-support", "", NULL), CRM_OK);
	assert_true(ef.no_support);
	assert_int_equal(client_filter_set(&cf, "search", "dupont", NULL), CRM_OK);
	assert_string_equal(cf.search, "dupont");
	{
		struct crm_error e = { 0 };
		contract_filter_set(&(struct contract_filter){ .is_signed = YES }, "--unsigned",
				    NULL, &e);
		assert_string_equal(e.msg, "--signed and --unsigned exclude each other");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_fields),
		cmocka_unit_test(test_contract_fields),
		cmocka_unit_test(test_event_fields),
		cmocka_unit_test(test_user_fields),
		cmocka_unit_test(test_filters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
