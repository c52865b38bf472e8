/* dotenv_parse: never crashes; every key it hands out is well formed, and
 * its messages never carry bytes of the input after "line N:". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/dotenv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_pair(void *ctx, const char *key, const char *value)
{
	size_t i;

	(void)ctx;
	(void)value;
	if (!key[0] || (key[0] >= '0' && key[0] <= '9') || key[0] == '.')
		abort();
	for (i = 0; key[i]; i++) {
		char c = key[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.'))
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_error err;

	if (dotenv_parse((const char *)data, size, check_pair, NULL, &err) != CRM_OK &&
	    (err.code != CRM_EINVALID || strncmp(err.msg, "line ", 5) != 0))
		abort();
	return 0;
}
