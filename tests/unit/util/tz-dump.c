/*
 * tz-dump — prints what util/tz.c makes of a zone over a range, one line
 * per step, for tz_vs_zoneinfo.py to hold against Python's zoneinfo.
 *
 *   tz-dump utc ZONE FROM TO STEP     "T Y M D h m s OFFSET DST ABBR"
 *   tz-dump local ZONE FROM TO STEP   "L KIND EARLIER LATER"
 *
 * FROM and TO (excluded) are seconds since the epoch; in local mode they
 * are wall-clock readings counted as if UTC, and KIND is u, g or a.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/tz.h"

int main(int argc, char **argv)
{
	struct crm_error err = { 0 };
	struct tz *tz, *utc;
	int64_t from, to, step, t;
	bool local;

	if (argc != 6 || (strcmp(argv[1], "utc") != 0 && strcmp(argv[1], "local") != 0)) {
		fprintf(stderr, "usage: tz-dump utc|local ZONE FROM TO STEP\n");
		return 2;
	}
	local = strcmp(argv[1], "local") == 0;
	from = strtoll(argv[3], NULL, 10);
	to = strtoll(argv[4], NULL, 10);
	step = strtoll(argv[5], NULL, 10);
	if (step <= 0) {
		fprintf(stderr, "tz-dump: STEP must be positive\n");
		return 2;
	}
	if (tz_load(&tz, argv[2], &err) != CRM_OK ||
	    tz_parse_posix(&utc, "UTC0", &err) != CRM_OK) {
		fprintf(stderr, "tz-dump: %s\n", err.msg);
		return 1;
	}
	for (t = from; t < to; t += step) {
		struct tz_local l;

		if (!local) {
			tz_to_local(tz, t, &l);
			printf("%" PRId64 " %d %d %d %d %d %d %" PRId32 " %d %s\n", t,
			       l.year, l.month, l.day, l.hour, l.minute, l.second,
			       l.utc_offset, l.is_dst, l.abbr);
		} else {
			static const char kinds[] = { [TZ_LOCAL_UNIQUE] = 'u',
						      [TZ_LOCAL_GAP] = 'g',
						      [TZ_LOCAL_AMBIGUOUS] = 'a' };
			int64_t e, a;
			enum tz_local_kind k;

			/* The wall-clock fields of t, read in UTC. */
			tz_to_local(utc, t, &l);
			k = tz_from_local(tz, l.year, l.month, l.day, l.hour, l.minute,
					  l.second, &e, &a);
			printf("%" PRId64 " %c %" PRId64 " %" PRId64 "\n", t, kinds[k], e, a);
		}
	}
	tz_free(tz);
	tz_free(utc);
	return ferror(stdout) || fflush(stdout) != 0;
}
