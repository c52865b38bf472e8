/* validate_phone (and the other text validators): never crash; accepted
 * output validates to itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void idempotent(enum crm_code (*fn)(char **, const char *, const char *,
					   struct crm_error *), const char *text)
{
	struct crm_error err;
	char *out = NULL;
	char *again = NULL;

	if (fn(&out, "field", text, &err) == CRM_OK) {
		if (fn(&again, "field", out, &err) != CRM_OK || strcmp(again, out) != 0)
			abort();
	} else if (err.code != CRM_EINVALID) {
		abort();
	}
	free(again);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct crm_error err;
	char *out = NULL;
	int64_t v;

	memcpy(text, data, size);
	text[size] = '\0';
	idempotent(validate_phone, text);
	idempotent(validate_employee_id, text);
	if (validate_text(&out, "name", text, 100, &err) == CRM_OK)
		free(out);
	out = NULL;
	if (validate_notes(&out, "notes", text, 1000, &err) == CRM_OK)
		free(out);
	if (validate_int(&v, "n", text, -1000, 1000000, &err) == CRM_OK &&
	    (v < -1000 || v > 1000000))
		abort();
	(void)validate_id(&v, "id", text, &err);
	(void)validate_password(text, &err);
	free(text);
	return 0;
}
