/* error_class: never crash, always a bounded NUL-terminated result, and no
 * byte of a quoted part survives (the class hides every quoted name). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/scrub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char out[64];
	static char big[65536];

	memcpy(text, data, size);
	text[size] = '\0';
	error_class(text, out, sizeof out);
	if (strlen(out) >= sizeof out)
		abort();
	error_class(text, big, sizeof big);
	/* A class is made of the message's words and '…': it is never longer
	 * than the message plus the ellipsis marks. */
	if (strlen(big) > strlen(text) * 5 + 32)
		abort();
	/* Scrubbing a class again changes nothing (unless it was cut to size). */
	{
		static char again[65536];
		error_class(big, again, sizeof again);
		if (strlen(big) + 8 < sizeof big && strcmp(again, big) != 0)
			abort();
	}
	free(text);
	return 0;
}
