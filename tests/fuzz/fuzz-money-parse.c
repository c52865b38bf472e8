/* money_parse: never crashes; what it accepts is in range and round-trips
 * through money_format. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct crm_error err;
	int64_t cents;
	int64_t back;
	char out[MONEY_TEXT_MAX];

	memcpy(text, data, size);
	text[size] = '\0';
	if (money_parse(&cents, "amount", text, &err) == CRM_OK) {
		if (cents < 0 || cents > MONEY_MAX_CENTS)
			abort();
		money_format(out, cents);
		if (money_parse(&back, "amount", out, &err) != CRM_OK || back != cents)
			abort();
	} else if (err.code != CRM_EINVALID || strlen(err.msg) == 0) {
		abort();
	}
	free(text);
	return 0;
}
