/* util/tz: known instants and wall-clock times in six zones, gaps and
 * repeated hours, the footer rule, POSIX TZ strings, refused names and
 * malformed TZif files, the process's default zone. Expected values are
 * Python zoneinfo's (tz_vs_zoneinfo.py sweeps whole years). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/tz.h"

static struct tz *load(const char *name)
{
	struct crm_error err = { 0 };
	struct tz *tz = NULL;

	if (tz_load(&tz, name, &err) != CRM_OK)
		fail_msg("'%s' refused: %s", name, err.msg);
	assert_string_equal(tz_name(tz), name);
	return tz;
}

static struct tz *posix(const char *rule)
{
	struct crm_error err = { 0 };
	struct tz *tz = NULL;

	if (tz_parse_posix(&tz, rule, &err) != CRM_OK)
		fail_msg("'%s' refused: %s", rule, err.msg);
	return tz;
}

/* utc reads as "YYYY-MM-DD HH:MM:SS" with that offset, DST flag and abbr. */
static void local_is(const struct tz *tz, int64_t utc, const char *wall,
		     int32_t offset, bool dst, const char *abbr)
{
	struct tz_local l;
	char got[64];

	memset(&l, 0x5a, sizeof l);
	tz_to_local(tz, utc, &l);
	snprintf(got, sizeof got, "%04d-%02d-%02d %02d:%02d:%02d", l.year, l.month,
		 l.day, l.hour, l.minute, l.second);
	if (strcmp(got, wall) != 0 || l.utc_offset != offset || l.is_dst != dst ||
	    strcmp(l.abbr, abbr) != 0)
		fail_msg("%s at %lld: got %s %d %d %s, want %s %d %d %s", tz_name(tz),
			 (long long)utc, got, (int)l.utc_offset, l.is_dst, l.abbr, wall,
			 (int)offset, dst, abbr);
}

static void from_local_is(const struct tz *tz, int y, int mo, int d, int h, int mi,
			  enum tz_local_kind kind, int64_t earlier, int64_t later)
{
	int64_t e = -1, l = -1;
	enum tz_local_kind k = tz_from_local(tz, y, mo, d, h, mi, 0, &e, &l);

	if (k != kind || e != earlier || l != later)
		fail_msg("%s %04d-%02d-%02d %02d:%02d: got %d %lld %lld, want %d %lld %lld",
			 tz_name(tz), y, mo, d, h, mi, k, (long long)e, (long long)l,
			 kind, (long long)earlier, (long long)later);
}

static void test_known_instants(void **state)
{
	struct tz *paris = load("Europe/Paris");
	struct tz *ny = load("America/New_York");
	struct tz *kolkata = load("Asia/Kolkata");
	struct tz *lhi = load("Australia/Lord_Howe");
	struct tz *chatham = load("Pacific/Chatham");
	struct tz *utc = load("UTC");

	(void)state;
	local_is(paris, 1683298800, "2023-05-05 17:00:00", 7200, true, "CEST");
	local_is(paris, 1673784000, "2023-01-15 13:00:00", 3600, false, "CET");
	local_is(ny, 1678604399, "2023-03-12 01:59:59", -18000, false, "EST");
	local_is(ny, 1678604400, "2023-03-12 03:00:00", -14400, true, "EDT");
	local_is(kolkata, 1672531200, "2023-01-01 05:30:00", 19800, false, "IST");
	local_is(lhi, 1685577600, "2023-06-01 10:30:00", 37800, false, "+1030");
	local_is(lhi, 1704067200, "2024-01-01 11:00:00", 39600, true, "+11");
	local_is(chatham, 1685577600, "2023-06-01 12:45:00", 45900, false, "+1245");
	local_is(chatham, 1704067200, "2024-01-01 13:45:00", 49500, true, "+1345");
	local_is(utc, 1683298800, "2023-05-05 15:00:00", 0, false, "UTC");
	local_is(utc, -1, "1969-12-31 23:59:59", 0, false, "UTC");

	/* After 2037, where Debian's files stop listing transitions. */
	local_is(paris, 2540289600, "2050-07-01 14:00:00", 7200, true, "CEST");
	local_is(ny, 4101840000, "2099-12-24 19:00:00", -18000, false, "EST");
	local_is(lhi, 2840140800, "2060-01-01 11:00:00", 39600, true, "+11");
	local_is(chatham, 3171398400, "2070-07-01 12:45:00", 45900, false, "+1245");

	/* Before 1900: local mean time, the first type of the file. */
	local_is(paris, -3786825600, "1850-01-01 00:09:21", 561, false, "LMT");
	local_is(ny, -5351616000, "1800-05-31 19:03:58", -17762, false, "LMT");
	local_is(kolkata, -3786825600, "1850-01-01 05:53:28", 21208, false, "LMT");
	local_is(utc, -3786825600, "1850-01-01 00:00:00", 0, false, "UTC");

	/* Far instants are clamped, never overflow. */
	local_is(utc, INT64_MIN, "-32873-11-12 23:23:44", 0, false, "UTC");
	local_is(utc, INT64_MAX, "36812-02-20 00:36:16", 0, false, "UTC");

	tz_free(paris);
	tz_free(ny);
	tz_free(kolkata);
	tz_free(lhi);
	tz_free(chatham);
	tz_free(utc);
}

static void test_from_local(void **state)
{
	struct tz *paris = load("Europe/Paris");
	struct tz *ny = load("America/New_York");
	struct tz *lhi = load("Australia/Lord_Howe");
	struct tz *chatham = load("Pacific/Chatham");
	struct tz *utc = load("UTC");
	int64_t e = 0;

	(void)state;
	from_local_is(paris, 2023, 7, 14, 12, 0, TZ_LOCAL_UNIQUE, 1689328800, 1689328800);
	/* 02:30 does not exist: read in CET, it is 03:30 CEST. */
	from_local_is(paris, 2023, 3, 26, 2, 30, TZ_LOCAL_GAP, 1679794200, 1679794200);
	from_local_is(paris, 2023, 10, 29, 2, 30, TZ_LOCAL_AMBIGUOUS, 1698539400, 1698543000);
	from_local_is(ny, 2023, 3, 12, 2, 30, TZ_LOCAL_GAP, 1678606200, 1678606200);
	from_local_is(ny, 2023, 11, 5, 1, 30, TZ_LOCAL_AMBIGUOUS, 1699162200, 1699165800);
	/* Lord Howe moves its clocks by half an hour. */
	from_local_is(lhi, 2023, 10, 1, 2, 15, TZ_LOCAL_GAP, 1696088700, 1696088700);
	from_local_is(lhi, 2023, 10, 1, 2, 30, TZ_LOCAL_UNIQUE, 1696087800, 1696087800);
	from_local_is(lhi, 2024, 4, 7, 1, 45, TZ_LOCAL_AMBIGUOUS, 1712414700, 1712416500);
	from_local_is(lhi, 2024, 4, 7, 2, 0, TZ_LOCAL_UNIQUE, 1712417400, 1712417400);
	/* Chatham changes at 02:45 standard time. */
	from_local_is(chatham, 2023, 9, 24, 3, 0, TZ_LOCAL_GAP, 1695478500, 1695478500);
	from_local_is(chatham, 2024, 4, 7, 3, 15, TZ_LOCAL_AMBIGUOUS, 1712410200, 1712413800);
	/* The footer rule, 2050 and 2060. */
	from_local_is(paris, 2050, 3, 27, 2, 30, TZ_LOCAL_GAP, 2531957400, 2531957400);
	from_local_is(paris, 2050, 10, 30, 2, 30, TZ_LOCAL_AMBIGUOUS, 2550702600, 2550706200);
	from_local_is(lhi, 2060, 10, 3, 2, 0, TZ_LOCAL_GAP, 2863956600, 2863956600);
	/* Paris mean time, before any transition. */
	from_local_is(paris, 1850, 1, 1, 0, 0, TZ_LOCAL_UNIQUE, -3786826161, -3786826161);
	/* Fields combine like timegm(): month 13, day 0, minute 90. */
	from_local_is(utc, 2023, 13, 1, 0, 0, TZ_LOCAL_UNIQUE, 1704067200, 1704067200);
	from_local_is(utc, 2024, 1, 0, 0, 0, TZ_LOCAL_UNIQUE, 1703980800, 1703980800);
	from_local_is(utc, 2024, 0, 1, 0, 90, TZ_LOCAL_UNIQUE, 1701394200, 1701394200);
	/* Either output may be NULL; absurd fields do not overflow. */
	assert_int_equal(tz_from_local(paris, 2023, 7, 14, 12, 0, 0, NULL, NULL),
			 TZ_LOCAL_UNIQUE);
	assert_int_equal(tz_from_local(utc, 2023, 7, 14, 12, 0, 0, &e, NULL),
			 TZ_LOCAL_UNIQUE);
	assert_int_equal(e, 1689336000);
	(void)tz_from_local(paris, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX,
			    INT32_MAX, INT32_MAX, NULL, NULL);
	(void)tz_from_local(paris, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN,
			    INT32_MIN, INT32_MIN, NULL, NULL);

	tz_free(paris);
	tz_free(ny);
	tz_free(lhi);
	tz_free(chatham);
	tz_free(utc);
}

static void test_posix_rules(void **state)
{
	struct tz *tz;

	(void)state;
	/* Lord Howe as an old TZ string: DST of 30 minutes. */
	tz = posix("LHST-10:30LHDT-11,M10.1.0,M4.1.0");
	local_is(tz, 1696087799, "2023-10-01 01:59:59", 37800, false, "LHST");
	local_is(tz, 1696087800, "2023-10-01 02:30:00", 39600, true, "LHDT");
	local_is(tz, 1712415599, "2024-04-07 01:59:59", 39600, true, "LHDT");
	local_is(tz, 1712415600, "2024-04-07 01:30:00", 37800, false, "LHST");
	tz_free(tz);

	tz = posix("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
	local_is(tz, 1704067200, "2024-01-01 13:45:00", 49500, true, "+1345");
	local_is(tz, 1685577600, "2023-06-01 12:45:00", 45900, false, "+1245");
	tz_free(tz);

	tz = posix("<+0530>-5:30");
	local_is(tz, 1672531200, "2023-01-01 05:30:00", 19800, false, "+0530");
	from_local_is(tz, 2023, 1, 1, 5, 30, TZ_LOCAL_UNIQUE, 1672531200, 1672531200);
	tz_free(tz);

	/* A rule time past 24 h: the fourth Thursday of March at 26:00 is
	 * Friday 02:00 (Israel). */
	tz = posix("IST-2IDT,M3.4.4/26,M10.5.0");
	local_is(tz, 1679615999, "2023-03-24 01:59:59", 7200, false, "IST");
	local_is(tz, 1679616000, "2023-03-24 03:00:00", 10800, true, "IDT");
	tz_free(tz);

	/* Negative rule times: Saturday 22:00 and 23:00 (Greenland). */
	tz = posix("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1");
	local_is(tz, 1679792399, "2023-03-25 21:59:59", -10800, false, "-03");
	local_is(tz, 1679792400, "2023-03-25 23:00:00", -7200, true, "-02");
	local_is(tz, 1698541199, "2023-10-28 22:59:59", -7200, true, "-02");
	local_is(tz, 1698541200, "2023-10-28 22:00:00", -10800, false, "-03");
	tz_free(tz);

	/* DST all year: the change back coincides with the next change on. */
	tz = posix("EST5EDT,0/0,J365/25");
	local_is(tz, 1672574400, "2023-01-01 08:00:00", -14400, true, "EDT");
	local_is(tz, 1688212800, "2023-07-01 08:00:00", -14400, true, "EDT");
	from_local_is(tz, 2023, 1, 1, 0, 30, TZ_LOCAL_UNIQUE, 1672547400, 1672547400);
	tz_free(tz);

	/* Jn never counts February 29, n does: in 2024, J60 is March 1 and
	 * 59 is February 29. */
	tz = posix("AAA3BBB,J60/0,J300/0");
	local_is(tz, 1709175600, "2024-02-29 00:00:00", -10800, false, "AAA");
	local_is(tz, 1709262000, "2024-03-01 01:00:00", -7200, true, "BBB");
	tz_free(tz);
	tz = posix("AAA3BBB,59/0,300/0");
	local_is(tz, 1709175600, "2024-02-29 01:00:00", -7200, true, "BBB");
	local_is(tz, 1709175599, "2024-02-28 23:59:59", -10800, false, "AAA");
	tz_free(tz);

	/* DST offset given explicitly, and the default of one hour. */
	tz = posix("AAA3BBB1,M3.2.0,M11.1.0");
	local_is(tz, 1688212800, "2023-07-01 11:00:00", -3600, true, "BBB");
	tz_free(tz);
	tz = posix("EST5EDT,M3.2.0,M11.1.0");
	local_is(tz, 1688212800, "2023-07-01 08:00:00", -14400, true, "EDT");
	tz_free(tz);
}

static void posix_refused(const char *rule)
{
	struct crm_error err = { 0 };
	struct tz *tz = (struct tz *)&err;

	if (tz_parse_posix(&tz, rule, &err) != CRM_EINVALID)
		fail_msg("'%s' accepted", rule);
	assert_null(tz);
	assert_int_equal(err.code, CRM_EINVALID);
	assert_non_null(strstr(err.msg, "timezone '"));
}

static void test_posix_refused(void **state)
{
	(void)state;
	posix_refused("");
	posix_refused("CET");
	posix_refused("AB-1");
	posix_refused("CET-25");
	posix_refused("CET-1:60");
	posix_refused("CET-1CEST");             /* DST without a rule */
	posix_refused("CET-1CEST,M3.5.0");
	posix_refused("CET-1CEST,M13.1.0,M10.5.0");
	posix_refused("CET-1CEST,M3.6.0,M10.5.0");
	posix_refused("CET-1CEST,M3.5.7,M10.5.0");
	posix_refused("CET-1CEST,M3.5.0/168,M10.5.0");
	posix_refused("CET-1CEST,M3.5.0,M10.5.0/3x");
	posix_refused("CET-1CEST,J0,J365");
	posix_refused("CET-1CEST,366,J1");
	posix_refused("<+05-5");
	posix_refused("<+5>-5");
	posix_refused("ABCDEFGHIJKLMNOP-1");
}

static void refused(const char *name, const char *expected_part)
{
	struct crm_error err = { 0 };
	struct tz *tz = (struct tz *)&err;

	if (tz_load(&tz, name, &err) != CRM_EINVALID)
		fail_msg("'%s' accepted", name);
	assert_null(tz);
	assert_int_equal(err.code, CRM_EINVALID);
	if (!strstr(err.msg, expected_part) || !strstr(err.msg, "timezone '"))
		fail_msg("'%s': message lacks '%s': %s", name, expected_part, err.msg);
	if (strchr(err.msg, '\n'))
		fail_msg("'%s': message spans lines: %s", name, err.msg);
}

static void test_names(void **state)
{
	struct tz *tz;

	(void)state;
	refused("Mars/Olympus", "timezone 'Mars/Olympus' is unknown");
	refused("Europe", "timezone 'Europe' is unknown");
	refused("../../etc/passwd", "is not a zone name");
	refused("/etc/passwd", "is not a zone name");
	refused("", "timezone '' is not a zone name");
	refused("Europe/../../x", "is not a zone name");
	refused("Europe/Paris\n", "timezone 'Europe/Paris?' is not a zone name");
	refused("Europe/Paris/", "is not a zone name");
	refused("Europe//Paris", "is not a zone name");
	refused("Europe\\Paris", "is not a zone name");
	refused("Europe/.Paris", "is not a zone name");
	refused("-Europe/Paris", "is not a zone name");
	refused("Europe/Pa ris", "is not a zone name");
	refused("zone.tab", "is not a zone name");
	refused("tzdata.zi", "is not a zone name");
	/* Names that are files of the tree but not zones. */
	refused("leapseconds", "is not a valid TZif file");
	refused("right/UTC", "leap seconds");

	tz = load("Etc/GMT-1");
	local_is(tz, 0, "1970-01-01 01:00:00", 3600, false, "+01");
	tz_free(tz);
	tz = load("Etc/GMT+12");
	local_is(tz, 0, "1969-12-31 12:00:00", -43200, false, "-12");
	tz_free(tz);
	/* A link inside the tree is followed, and the name is kept. */
	tz = load("US/Eastern");
	local_is(tz, 1678604400, "2023-03-12 03:00:00", -14400, true, "EDT");
	tz_free(tz);
	tz_free(NULL);
}

/* ---- malformed files ---- */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = malloc(1 << 16);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	return buf;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Offset of the version 2 header. */
static size_t v2_header(const unsigned char *d)
{
	return 44 + get32(d + 32) * 5 + get32(d + 36) * 6 + get32(d + 40) +
	       get32(d + 28) * 8 + get32(d + 24) + get32(d + 20);
}

static void bad_bytes(const unsigned char *d, size_t len, const char *expected_part)
{
	struct crm_error err = { 0 };
	struct tz *tz = (struct tz *)&err;

	if (tz_parse_tzif(&tz, d, len, "Bad/Zone", &err) != CRM_EINVALID)
		fail_msg("accepted (%zu bytes), wanted '%s'", len, expected_part);
	assert_null(tz);
	if (!strstr(err.msg, "timezone 'Bad/Zone' is not a valid TZif file") ||
	    !strstr(err.msg, expected_part))
		fail_msg("message lacks '%s': %s", expected_part, err.msg);
}

/* Copies the file, sets the 32-bit value at `at`, and expects a refusal. */
static void lying(const unsigned char *d, size_t len, size_t at, uint32_t v,
		  const char *expected_part)
{
	unsigned char *copy = malloc(len);

	assert_non_null(copy);
	memcpy(copy, d, len);
	put32(copy + at, v);
	bad_bytes(copy, len, expected_part);
	free(copy);
}

static void test_malformed_bytes(void **state)
{
	size_t len, i, h2, types;
	unsigned char *d = slurp("/usr/share/zoneinfo/Europe/Paris", &len);
	unsigned char *copy = malloc(len + 1);
	struct crm_error err = { 0 };
	struct tz *tz;
	uint32_t ntrans;

	(void)state;
	assert_non_null(copy);
	/* The real file parses... */
	assert_int_equal(tz_parse_tzif(&tz, d, len, "Europe/Paris", &err), CRM_OK);
	tz_free(tz);
	/* ...and no strict prefix of it does. */
	for (i = 0; i < len; i++)
		bad_bytes(d, i, "");
	bad_bytes(NULL, 0, "no TZif header");
	bad_bytes((const unsigned char *)"root:x:0:0:root:/root:/bin/bash\n", 32,
		  "no TZif header");

	/* Version 1 alone is not enough. */
	memcpy(copy, d, len);
	copy[4] = 0;
	bad_bytes(copy, len, "version 1");

	h2 = v2_header(d);
	ntrans = get32(d + h2 + 32);
	lying(d, len, h2 + 32, 0xffffffff, "counts exceed the file size");
	lying(d, len, h2 + 32, ntrans + 1, "");
	lying(d, len, h2 + 40, 0x7fffffff, "counts exceed the file size");
	lying(d, len, 32, 0xfffffff0, "truncated");
	lying(d, len, h2 + 36, 0, "no time type");
	/* A leap second from nowhere: its 12 bytes come out of the footer. */
	memcpy(copy, d, len);
	put32(copy + h2 + 28, 1);
	tz = (struct tz *)&err;
	assert_int_equal(tz_parse_tzif(&tz, copy, len, "Bad/Zone", &err), CRM_EINVALID);
	assert_null(tz);
	assert_non_null(strstr(err.msg, "timezone 'Bad/Zone' counts leap seconds"));
	/* One UT indicator fewer than types: the sizes still add up. */
	assert_true(get32(d + h2 + 20) > 0);
	lying(d, len, h2 + 20, get32(d + h2 + 20) - 1, "inconsistent counts");
	lying(d, len, h2, 0x545a6946 ^ 1, "no version 2 header");
	/* Second transition before the first. */
	lying(d, len, h2 + 44 + 8, 0x80000000, "transitions out of order");
	/* An offset of 100 hours in the first type. */
	types = h2 + 44 + ntrans * 9;
	lying(d, len, types, 360000, "malformed time type");

	/* A transition to type 200, an abbreviation outside the table. */
	memcpy(copy, d, len);
	copy[h2 + 44 + ntrans * 8] = 200;
	bad_bytes(copy, len, "transition to an unknown type");
	memcpy(copy, d, len);
	copy[types + 5] = 0xff;
	bad_bytes(copy, len, "malformed time type");

	/* The footer: garbage, missing newline, trailing bytes. */
	memcpy(copy, d, len);
	copy[len - 2] = 'x'; /* "...,M10.5.0/x\n" */
	bad_bytes(copy, len, "malformed TZ string in the footer");
	memcpy(copy, d, len);
	copy[len - 1] = 'x';
	bad_bytes(copy, len, "malformed footer");
	memcpy(copy, d, len);
	copy[len] = 'x';
	bad_bytes(copy, len + 1, "malformed footer");

	free(copy);
	free(d);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void file_refused(const char *path, const char *expected_part)
{
	struct crm_error err = { 0 };
	struct tz *tz = (struct tz *)&err;

	if (tz_load_file(&tz, path, "Test/Zone", &err) != CRM_EINVALID)
		fail_msg("'%s' accepted", path);
	assert_null(tz);
	if (!strstr(err.msg, expected_part))
		fail_msg("'%s': message lacks '%s': %s", path, expected_part, err.msg);
}

static void test_malformed_files(void **state)
{
	char dir[] = "/tmp/test-tz-XXXXXX";
	char path[256], good[256], fifo[256], big[256], sub[256];
	size_t len;
	unsigned char *d = slurp("/usr/share/zoneinfo/Asia/Kolkata", &len);
	struct crm_error err = { 0 };
	struct tz *tz;
	char *old_tzdir = getenv("TZDIR") ? strdup(getenv("TZDIR")) : NULL;
	unsigned char *zeros = calloc(1, 300 * 1024);

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/truncated", dir);
	write_file(path, d, len / 2);
	file_refused(path, "timezone 'Test/Zone' is not a valid TZif file");
	snprintf(path, sizeof path, "%s/passwd", dir);
	write_file(path, "root:x:0:0:root:/root:/bin/bash\n", 32);
	file_refused(path, "no TZif header");
	file_refused(dir, "timezone 'Test/Zone' is unknown");
	snprintf(path, sizeof path, "%s/missing", dir);
	file_refused(path, "timezone 'Test/Zone' is unknown");
	/* A FIFO would block a plain open(). */
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	file_refused(fifo, "timezone 'Test/Zone' is unknown");
	assert_non_null(zeros);
	snprintf(big, sizeof big, "%s/big", dir);
	write_file(big, zeros, 300 * 1024);
	file_refused(big, "too large");

	/* TZDIR moves the root, and only an absolute one is taken. */
	snprintf(sub, sizeof sub, "%s/Test", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(good, sizeof good, "%s/Test/Zone", dir);
	write_file(good, d, len);
	setenv("TZDIR", dir, 1);
	tz = load("Test/Zone");
	local_is(tz, 0, "1970-01-01 05:30:00", 19800, false, "IST");
	tz_free(tz);
	refused("truncated", "timezone 'truncated' is not a valid TZif file");
	setenv("TZDIR", "relative/dir", 1);
	refused("Test/Zone", "timezone 'Test/Zone' is unknown");
	if (old_tzdir)
		setenv("TZDIR", old_tzdir, 1);
	else
		unsetenv("TZDIR");
	assert_int_equal(tz_load_file(&tz, good, "Test/Zone", &err), CRM_OK);
	tz_free(tz);

	unlink(good);
	rmdir(sub);
	unlink(big);
	unlink(fifo);
	snprintf(path, sizeof path, "%s/truncated", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/passwd", dir);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
	free(old_tzdir);
	free(zeros);
	free(d);
}

static void default_is(const char *tz_env, const char *expected_name)
{
	struct crm_error err = { 0 };
	struct tz *tz = NULL;

	if (tz_env)
		setenv("TZ", tz_env, 1);
	else
		unsetenv("TZ");
	assert_int_equal(tz_load_default(&tz, &err), CRM_OK);
	assert_non_null(tz);
	if (expected_name)
		assert_string_equal(tz_name(tz), expected_name);
	tz_free(tz);
}

static void test_default(void **state)
{
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	(void)state;
	default_is(":Europe/Paris", "Europe/Paris");
	default_is("Asia/Kolkata", "Asia/Kolkata");
	default_is("", "UTC");
	default_is("CET-1CEST,M3.5.0,M10.5.0/3", "CET-1CEST,M3.5.0,M10.5.0/3");
	/* Neither a zone nor a rule: /etc/localtime, whatever it is here. */
	default_is("Mars/Olympus", NULL);
	default_is(":../../etc/passwd", NULL);
	default_is(NULL, NULL);
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	free(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_instants),
		cmocka_unit_test(test_from_local),
		cmocka_unit_test(test_posix_rules),
		cmocka_unit_test(test_posix_refused),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_malformed_bytes),
		cmocka_unit_test(test_malformed_files),
		cmocka_unit_test(test_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
