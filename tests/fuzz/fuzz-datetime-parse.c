/* datetime_parse: never crashes; what it accepts formats and reads back as
 * the same instant. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/datetime.h"
#include "util/tz.h"

#define FIRST INT64_C(-2208988800) /* 1900-01-01T00:00:00Z */
#define LAST INT64_C(253402300799)  /* 9999-12-31T23:59:59Z */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A zone with daylight saving, so that the gap and overlap paths run. */
static struct tz *paris;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct crm_error err;

	(void)argc;
	(void)argv;
	if (tz_load(&paris, "Europe/Paris", &err) != CRM_OK)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct crm_error err;
	int64_t t;
	int64_t back;
	char out[DATETIME_TEXT_MAX];

	memcpy(text, data, size);
	text[size] = '\0';
	if (datetime_parse(&t, "start", text, paris, &err) == CRM_OK) {
		/* An offset or a local zone may move the instant just outside
		 * the years the parsers take; only check the round trip inside. */
		if (t < FIRST || t > LAST)
			goto done;
		datetime_format_sql(out, t);
		if (datetime_parse_sql(&back, out) != 0 || back != t)
			abort();
		datetime_format_rfc3339(out, t);
		if (datetime_parse(&back, "start", out, paris, &err) != CRM_OK || back != t)
			abort();
		datetime_format_local(out, t, paris);
		datetime_format_zoned(out, t, paris);
	} else if (err.code != CRM_EINVALID) {
		abort();
	}
done:
	free(text);
	return 0;
}
