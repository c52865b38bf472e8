/* base64url_decode: never crashes; what decodes re-encodes to exactly the
 * input (the format is canonical). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len;
	unsigned char *raw = base64url_decode((const char *)data, size, &len);
	char *text;

	if (!raw)
		return 0;
	text = base64url_encode(raw, len);
	if (strlen(text) != size || memcmp(text, data, size) != 0)
		abort();
	free(text);
	free(raw);
	return 0;
}
