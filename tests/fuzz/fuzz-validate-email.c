/* validate_email: never crashes; its output is valid UTF-8, at most 100
 * characters, and validates to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct crm_error err;
	char *out = NULL;
	char *again = NULL;

	memcpy(text, data, size);
	text[size] = '\0';
	if (validate_email(&out, "email", text, &err) == CRM_OK) {
		if (!utf8_valid(out, strlen(out)) || !strchr(out, '@') ||
		    strlen(out) > 400)
			abort();
		if (validate_email(&again, "email", out, &err) != CRM_OK ||
		    strcmp(again, out) != 0)
			abort();
	} else if (err.code != CRM_EINVALID || !utf8_valid(err.msg, strlen(err.msg))) {
		abort();
	}
	free(again);
	free(out);
	free(text);
	return 0;
}
