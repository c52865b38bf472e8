/* datetime_parse_sql: never crashes; accepted text round-trips through the
 * storage form. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/datetime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	int64_t t;
	int64_t back;
	char out[DATETIME_TEXT_MAX];

	memcpy(text, data, size);
	text[size] = '\0';
	if (datetime_parse_sql(&t, text) == 0) {
		datetime_format_sql(out, t);
		/* offsets may push the instant just outside 1900..9999 */
		if (t >= INT64_C(-2208988800) && t <= INT64_C(253402300799) &&
		    (datetime_parse_sql(&back, out) != 0 || back != t))
			abort();
		datetime_format_rfc3339(out, t);
	}
	free(text);
	return 0;
}
