/*
 * checks.h — one-answer validators for prompts, so that the shell can say
 * what is wrong with a field as soon as it is typed. Each wraps the rule of
 * util/validate.h or util/money.h or util/datetime.h and keeps nothing.
 */
#ifndef EPICEVENTS_CLI_CHECKS_H
#define EPICEVENTS_CLI_CHECKS_H

#include "util/error.h"

enum crm_code check_name(const char *v, struct crm_error *err);      /* 100 */
enum crm_code check_long_text(const char *v, struct crm_error *err); /* 200 */
enum crm_code check_email(const char *v, struct crm_error *err);
enum crm_code check_phone(const char *v, struct crm_error *err);
enum crm_code check_id(const char *v, struct crm_error *err);
enum crm_code check_amount(const char *v, struct crm_error *err);
enum crm_code check_datetime(const char *v, struct crm_error *err);
enum crm_code check_date(const char *v, struct crm_error *err);   /* YYYY-MM-DD */
enum crm_code check_timezone(const char *v, struct crm_error *err); /* IANA name */
enum crm_code check_attendees(const char *v, struct crm_error *err);
enum crm_code check_department(const char *v, struct crm_error *err);
enum crm_code check_employee_id(const char *v, struct crm_error *err);

#endif
