/* tz_parse_tzif and tz_parse_posix: never crash, refuse with CRM_EINVALID
 * and a "timezone '...'" message, and what they accept behaves: every
 * reading is in range, and the wall-clock time of an instant converts back
 * to a set of instants that holds it.
 *
 * The whole input is a TZif file; its last line (between the last two
 * newlines, as a TZif footer is, or after the last one) is also a POSIX TZ
 * string on its own. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_instant(const struct tz *tz, int64_t t)
{
	struct tz_local l;
	int64_t earlier, later;
	enum tz_local_kind k;

	tz_to_local(tz, t, &l);
	if (l.month < 1 || l.month > 12 || l.day < 1 || l.day > 31 || l.hour < 0 ||
	    l.hour > 23 || l.minute < 0 || l.minute > 59 || l.second < 0 ||
	    l.second > 59 || l.utc_offset < -26 * 3600 || l.utc_offset > 26 * 3600 ||
	    !memchr(l.abbr, '\0', sizeof l.abbr))
		abort();
	k = tz_from_local(tz, l.year, l.month, l.day, l.hour, l.minute, l.second,
			  &earlier, &later);
	if (k == TZ_LOCAL_GAP || earlier > t || later < t)
		abort();
	if ((k == TZ_LOCAL_UNIQUE) != (earlier == later))
		abort();
}

static void check_zone(const struct tz *tz, const uint8_t *data, size_t size)
{
	static const int64_t fixed[] = {
		0, -1, INT64_C(-2208988800), INT64_C(1679794200), INT64_C(2147483647),
		INT64_C(2147483648), INT64_C(4102444800), INT64_C(253402300799),
		-(INT64_C(1) << 39), INT64_C(1) << 39,
	};
	int64_t t = 0;
	size_t i;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		check_instant(tz, fixed[i]);
	/* And instants from the input, within +-2^39 s so that their wall
	 * clock time stays inside the range tz.h clamps to. */
	for (i = 0; i + 8 <= size && i < 64; i += 8) {
		memcpy(&t, data + size - 8 - i, 8);
		check_instant(tz, t % (INT64_C(1) << 39));
	}
}

static void check_refusal(enum crm_code rc, const struct tz *tz,
			  const struct crm_error *err)
{
	if (rc == CRM_OK)
		return;
	if (rc != CRM_EINVALID || tz || err->code != CRM_EINVALID ||
	    strncmp(err->msg, "timezone '", 10) != 0 || strchr(err->msg, '\n'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_error err = { 0 };
	struct tz *tz = NULL;
	enum crm_code rc;
	size_t start = size, end = size;
	char *line;

	rc = tz_parse_tzif(&tz, data, size, "Fuzz/Zone", &err);
	check_refusal(rc, tz, &err);
	if (tz) {
		check_zone(tz, data, size);
		tz_free(tz);
		tz = NULL;
	}

	if (end > 0 && data[end - 1] == '\n')
		end--;
	start = end;
	while (start > 0 && data[start - 1] != '\n')
		start--;
	line = malloc(end - start + 1);
	if (!line)
		return 0;
	memcpy(line, data + start, end - start);
	line[end - start] = '\0';
	rc = tz_parse_posix(&tz, line, &err);
	check_refusal(rc, tz, &err);
	if (tz) {
		check_zone(tz, data, size);
		tz_free(tz);
	}
	free(line);
	return 0;
}
