#include "sec/password-policy.h"

#include <string.h>
#include <strings.h>

#include "util/validate.h"

/* The most common passwords of 8 characters or more in public breach
 * lists, lowercased; compared case-insensitively. */
static const char *const common_passwords[] = {
	"password", "password1", "password12", "password123", "password1234",
	"passw0rd", "p@ssw0rd", "p@ssword", "12345678", "123456789", "1234567890",
	"12345678910", "87654321", "11111111", "00000000", "88888888", "12341234",
	"11223344", "123123123", "qwertyui", "qwertyuiop", "qwerty123", "qwerty12",
	"1q2w3e4r", "1qaz2wsx", "zaq12wsx", "azertyuiop", "azerty123", "abcd1234",
	"abc12345", "abcdefgh", "iloveyou", "iloveyou1", "sunshine", "princess",
	"football", "baseball", "welcome1", "welcome123", "admin123", "admin1234",
	"administrator", "letmein1", "trustno1", "starwars", "superman", "whatever",
	"michelle", "jennifer", "computer", "internet", "liverpool", "chocolate",
	"changeme", "changeme123", "default1", "secret123", "monkey123", "dragon123",
	"master123", "football1", "baseball1", "q1w2e3r4", "q1w2e3r4t5", "asdfghjk",
	"asdfasdf", "zxcvbnm1", "1234qwer", "qazwsxedc", "motdepasse", "soleil123",
	"epicevents", "epicevents1", "epicevents123",
};

enum crm_code password_policy_check(const char *password, const char *email,
				    const char *employee_id,
				    struct crm_error *err)
{
	enum crm_code rc = validate_password(password, err);

	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof common_passwords / sizeof *common_passwords; i++)
		if (strcasecmp(password, common_passwords[i]) == 0)
			return crm_error_set(err, CRM_EINVALID,
					     "that password is one of the most common ones: choose another");
	if (email) {
		size_t local = strcspn(email, "@");
		if (strcasecmp(password, email) == 0 ||
		    (strlen(password) == local && strncasecmp(password, email, local) == 0))
			return crm_error_set(err, CRM_EINVALID,
					     "the password must not be the email address");
	}
	if (employee_id && strcasecmp(password, employee_id) == 0)
		return crm_error_set(err, CRM_EINVALID, "the password must not be the employee id");
	return CRM_OK;
}
