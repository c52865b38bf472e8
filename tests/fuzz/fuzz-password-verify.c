/*
 * password_verify on arbitrary stored hashes. Hashes asking for more than
 * 1000 rounds but no more than the cap are skipped, or each input would
 * cost a real PBKDF2; the ones above the cap still run, since they must be
 * refused at once. Input: "password \n stored-hash".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sec/password.h"

#define IDENT "$pbkdf2-sha256$"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int too_slow(const char *stored)
{
	const char *p;
	unsigned long long rounds = 0;

	if (strncmp(stored, IDENT, strlen(IDENT)) != 0)
		return 0;
	for (p = stored + strlen(IDENT); *p >= '0' && *p <= '9'; p++) {
		rounds = rounds * 10 + (unsigned)(*p - '0');
		if (rounds > PASSWORD_ROUNDS_MAX)
			return 0;
	}
	return rounds > 1000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char *stored;
	struct crm_error err;
	bool rehash;
	enum crm_code rc;

	memcpy(text, data, size);
	text[size] = '\0';
	stored = strchr(text, '\n');
	if (!stored) {
		stored = text;
	} else {
		*stored++ = '\0';
	}
	if (!too_slow(stored)) {
		rc = password_verify(text, stored, &rehash, &err);
		if (rc != CRM_OK && rc != CRM_EAUTH && rc != CRM_EINTERNAL)
			abort();
		if (rc != CRM_OK && err.code != rc)
			abort();
		/* a message never carries the stored hash */
		if (rc != CRM_OK && strlen(stored) > 24 && strstr(err.msg, stored))
			abort();
	}
	free(text);
	return 0;
}
