/* The permission table of crm/policy.c against SPEC.md, cell by cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crm/policy.h"

/* SPEC.md "Permissions": N = no, O = own records only, A = all. */
static const struct {
	enum policy_action action;
	char commercial, support, management;
} spec[] = {
	{ ACT_CLIENT_CREATE,   'A', 'N', 'N' },
	{ ACT_CLIENT_UPDATE,   'O', 'N', 'N' },
	/* "Import": a Commercial's rows become theirs; Management names them. */
	{ ACT_CLIENT_IMPORT,   'O', 'N', 'A' },
	{ ACT_CONTRACT_CREATE, 'N', 'N', 'A' },
	{ ACT_CONTRACT_UPDATE, 'O', 'N', 'A' },
	{ ACT_CONTRACT_SIGN,   'O', 'N', 'A' },
	/* "Beyond the original", Payments: pay own clients'; void Management. */
	{ ACT_CONTRACT_PAY,    'O', 'N', 'A' },
	{ ACT_PAYMENT_VOID,    'N', 'N', 'A' },
	{ ACT_EVENT_CREATE,    'O', 'N', 'N' },
	{ ACT_EVENT_UPDATE,    'N', 'O', 'A' },
	{ ACT_EVENT_ASSIGN,    'N', 'N', 'A' },
	{ ACT_EVENT_MY_EVENTS, 'N', 'A', 'N' },
	{ ACT_USER_MANAGE,     'N', 'N', 'A' },
	{ ACT_AUDIT_LIST,      'N', 'N', 'A' },
};

static enum policy_grant grant_of(char c)
{
	return c == 'A' ? GRANT_ALL : c == 'O' ? GRANT_OWN : GRANT_NO;
}

static void test_table_matches_spec(void **state)
{
	(void)state;
	assert_int_equal(sizeof spec / sizeof *spec, ACT_COUNT_);
	for (size_t i = 0; i < sizeof spec / sizeof *spec; i++) {
		assert_int_equal(policy_grant(DEPT_COMMERCIAL, spec[i].action), grant_of(spec[i].commercial));
		assert_int_equal(policy_grant(DEPT_SUPPORT, spec[i].action), grant_of(spec[i].support));
		assert_int_equal(policy_grant(DEPT_MANAGEMENT, spec[i].action), grant_of(spec[i].management));
		assert_int_equal(policy_grant(DEPT_NONE, spec[i].action), GRANT_NO);
	}
}

static struct session session_of(enum department dept, int64_t id)
{
	struct session s;
	memset(&s, 0, sizeof s);
	s.user_id = id;
	s.dept = dept;
	return s;
}

static void test_owner_checks(void **state)
{
	struct session bill = session_of(DEPT_COMMERCIAL, 1);
	struct session kate = session_of(DEPT_SUPPORT, 2);
	struct session alice = session_of(DEPT_MANAGEMENT, 3);
	struct crm_error err;

	(void)state;
	assert_int_equal(policy_check_owner(&bill, ACT_CLIENT_UPDATE, 1, &err), CRM_OK);
	assert_int_equal(policy_check_owner(&bill, ACT_CLIENT_UPDATE, 7, &err), CRM_EPERM);
	assert_non_null(strstr(err.msg, "permission denied"));
	assert_int_equal(policy_check_owner(&bill, ACT_CLIENT_UPDATE, 0, &err), CRM_EPERM);
	assert_int_equal(policy_check_owner(&kate, ACT_EVENT_UPDATE, 2, &err), CRM_OK);
	assert_int_equal(policy_check_owner(&kate, ACT_EVENT_UPDATE, 0, &err), CRM_EPERM);
	assert_int_equal(policy_check_owner(&alice, ACT_EVENT_UPDATE, 99, &err), CRM_OK);
	assert_int_equal(policy_check_owner(&alice, ACT_CLIENT_UPDATE, 3, &err), CRM_EPERM);
	assert_int_equal(policy_allows(&kate, ACT_CLIENT_CREATE, &err), CRM_EPERM);
	assert_non_null(strstr(err.msg, "Support"));
	assert_int_equal(policy_allows(&bill, ACT_CLIENT_CREATE, &err), CRM_OK);
}

static void test_department_names(void **state)
{
	(void)state;
	assert_int_equal(department_from_name("commercial"), DEPT_COMMERCIAL);
	assert_int_equal(department_from_name("SUPPORT"), DEPT_SUPPORT);
	assert_int_equal(department_from_name("Management"), DEPT_MANAGEMENT);
	assert_int_equal(department_from_name("sales"), DEPT_NONE);
	assert_int_equal(department_from_name(""), DEPT_NONE);
	assert_int_equal(department_from_name(NULL), DEPT_NONE);
	assert_string_equal(department_name(DEPT_SUPPORT), "Support");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_spec),
		cmocka_unit_test(test_owner_checks),
		cmocka_unit_test(test_department_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
