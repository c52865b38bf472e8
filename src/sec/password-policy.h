/*
 * password-policy.h — what a new password must be (SPEC.md: at least 8
 * characters), and what it must not be: the user's email, its local part,
 * the employee id, or one of the most common passwords. The original demo
 * passwords are in that list: they live on only in `db init --demo` data.
 */
#ifndef EPICEVENTS_SEC_PASSWORD_POLICY_H
#define EPICEVENTS_SEC_PASSWORD_POLICY_H

#include "util/error.h"

/* email and employee_id may be NULL (unknown yet). CRM_EINVALID with a
 * message that never repeats the password. */
enum crm_code password_policy_check(const char *password, const char *email,
				    const char *employee_id,
				    struct crm_error *err);

#endif
