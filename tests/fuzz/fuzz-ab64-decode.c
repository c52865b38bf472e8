/* ab64_decode: never crashes; what decodes re-encodes to the input with
 * '+' spelled '.'. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	size_t i;
	unsigned char *raw = ab64_decode((const char *)data, size, &len);
	char *text;

	if (!raw)
		return 0;
	text = ab64_encode(raw, len);
	if (strlen(text) != size)
		abort();
	for (i = 0; i < size; i++)
		if (text[i] != (data[i] == '+' ? '.' : (char)data[i]))
			abort();
	free(text);
	free(raw);
	return 0;
}
