/* api_lang_pick: never crashes or reads past the header, always picks one
 * of the table's languages, and the same header picks the same one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	const struct api_lang *l;
	int i;

	memcpy(text, data, size);
	text[size] = '\0';
	l = api_lang_pick(text);
	for (i = 0; i < api_lang_count; i++)
		if (l == &api_langs[i])
			break;
	if (i == api_lang_count || api_lang_pick(text) != l)
		abort();
	free(text);
	return 0;
}
