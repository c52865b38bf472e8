#include "util/datetime.h"
#include "util/tz.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/i18n.h"
#include "util/validate.h"

#define YEAR_MIN 1900
#define YEAR_MAX 9999

/* What the text said, before any time zone is applied. */
struct dt_fields {
	int year, month, day, hour, minute, second;
	bool has_time;
	bool has_offset;   /* Z or +HH:MM: an instant, not a local time */
	int offset_seconds; /* east of UTC */
};

/* Reads exactly n digits. */
static bool read_digits(const char **p, const char *end, int n, int *out)
{
	int v = 0;
	int i;

	if (end - *p < n)
		return false;
	for (i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool read_char(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		(*p)++;
		return true;
	}
	return false;
}

/* "+HH:MM" / "-HH:MM"; with `lax`, also "+HH" and "+HHMM", the forms
 * PostgreSQL prints for timestamptz. */
static bool read_offset(const char **p, const char *end, bool lax, int *out)
{
	int sign;
	int hh;
	int mm = 0;

	if (read_char(p, end, '+'))
		sign = 1;
	else if (read_char(p, end, '-'))
		sign = -1;
	else
		return false;
	if (!read_digits(p, end, 2, &hh))
		return false;
	if (read_char(p, end, ':')) {
		if (!read_digits(p, end, 2, &mm))
			return false;
	} else if (!lax) {
		return false;
	} else if (*p < end) {
		if (!read_digits(p, end, 2, &mm))
			return false;
	}
	if (hh > 23 || mm > 59)
		return false;
	*out = sign * (hh * 3600 + mm * 60);
	return true;
}

static bool read_time(const char **p, const char *end, struct dt_fields *f)
{
	f->second = 0;
	if (!read_digits(p, end, 2, &f->hour) || !read_char(p, end, ':') ||
	    !read_digits(p, end, 2, &f->minute))
		return false;
	if (read_char(p, end, ':')) {
		if (!read_digits(p, end, 2, &f->second))
			return false;
		/* Fractions are dropped: minutes are this program's grain. */
		if (read_char(p, end, '.')) {
			const char *digits = *p;
			while (*p < end && **p >= '0' && **p <= '9')
				(*p)++;
			if (*p == digits)
				return false;
		}
	}
	f->has_time = true;
	return true;
}

/*
 * YYYY-MM-DD [(' '|'T') HH:MM[:SS[.frac]] [Z|+HH:MM|-HH:MM]].
 * Checks only the shape; the calendar is checked by round-tripping.
 */
static bool scan(const char *p, const char *end, bool lax_offset,
		 struct dt_fields *f)
{
	memset(f, 0, sizeof *f);
	if (!read_digits(&p, end, 4, &f->year) || !read_char(&p, end, '-') ||
	    !read_digits(&p, end, 2, &f->month) || !read_char(&p, end, '-') ||
	    !read_digits(&p, end, 2, &f->day))
		return false;
	if (p == end)
		return true;
	if (!read_char(&p, end, ' ') && !read_char(&p, end, 'T') &&
	    !read_char(&p, end, 't'))
		return false;
	if (!read_time(&p, end, f))
		return false;
	if (p == end)
		return true;
	if (read_char(&p, end, 'Z') || read_char(&p, end, 'z')) {
		f->has_offset = true;
		f->offset_seconds = 0;
	} else if (read_offset(&p, end, lax_offset, &f->offset_seconds)) {
		f->has_offset = true;
	} else {
		return false;
	}
	return p == end;
}

static void fields_to_tm(const struct dt_fields *f, struct tm *tm)
{
	memset(tm, 0, sizeof *tm);
	tm->tm_year = f->year - 1900;
	tm->tm_mon = f->month - 1;
	tm->tm_mday = f->day;
	tm->tm_hour = f->hour;
	tm->tm_min = f->minute;
	tm->tm_sec = f->second;
	tm->tm_isdst = -1;
}

static bool same_fields(const struct tm *tm, const struct dt_fields *f)
{
	return tm->tm_year == f->year - 1900 && tm->tm_mon == f->month - 1 &&
	       tm->tm_mday == f->day && tm->tm_hour == f->hour &&
	       tm->tm_min == f->minute && tm->tm_sec == f->second;
}

/*
 * timegm normalises 2023-02-30 into March without complaint; comparing its
 * result back with the input is what rejects impossible dates, for every
 * month length and leap-year rule, without a table of our own.
 */
static bool calendar_valid(const struct dt_fields *f)
{
	struct tm tm;
	time_t t;

	if (f->year < YEAR_MIN || f->year > YEAR_MAX || f->month < 1 ||
	    f->month > 12 || f->day < 1 || f->day > 31 || f->hour > 23 ||
	    f->minute > 59 || f->second > 59)
		return false;
	fields_to_tm(f, &tm);
	t = timegm(&tm);
	if (!gmtime_r(&t, &tm))
		return false;
	return same_fields(&tm, f);
}

static int64_t fields_to_utc(const struct dt_fields *f)
{
	struct tm tm;

	fields_to_tm(f, &tm);
	return (int64_t)timegm(&tm) - f->offset_seconds;
}

/* Wall-clock time in `zone` (NULL: UTC). A time that the clocks skip
 * (02:30 on a spring-forward night) is refused rather than silently moved by
 * an hour; one that happens twice (autumn) is refused too, since either
 * reading may be the one meant: an offset says which. */
static enum tz_local_kind local_to_utc(const struct dt_fields *f, const struct tz *zone,
				       int64_t *out)
{
	int64_t earlier, later;
	enum tz_local_kind kind;

	if (!zone) {
		*out = fields_to_utc(f);
		return TZ_LOCAL_UNIQUE;
	}
	kind = tz_from_local(zone, f->year, f->month, f->day, f->hour, f->minute, f->second,
			     &earlier, &later);
	if (kind == TZ_LOCAL_UNIQUE)
		*out = earlier;
	return kind;
}

/* The later reading's offset, "+01:00" for Paris in October: the hint
 * of an ambiguous time's message. */
static const char *ambiguous_hint(const struct dt_fields *f, const struct tz *zone)
{
	static __thread char hint[16];
	int64_t earlier, later;
	struct tz_local l;
	int32_t off;

	tz_from_local(zone, f->year, f->month, f->day, f->hour, f->minute, f->second,
		      &earlier, &later);
	tz_to_local(zone, later, &l);
	off = l.utc_offset < 0 ? -l.utc_offset : l.utc_offset;
	snprintf(hint, sizeof hint, "%c%02d:%02d", l.utc_offset < 0 ? '-' : '+',
		 (int)(off / 3600) % 100, (int)(off / 60 % 60));
	return hint;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

enum crm_code datetime_parse(int64_t *out_utc, const char *field,
			     const char *text, const struct tz *zone,
			     struct crm_error *err)
{
	const char *start = text;
	const char *end = text + strlen(text);
	struct dt_fields f;
	char shown[UTF8_EXCERPT_MAX];
	int64_t utc = 0;

	while (start < end && is_blank(*start))
		start++;
	while (end > start && is_blank(end[-1]))
		end--;
	if (start == end)
		return crm_error_set(err, CRM_EINVALID,
				     "%s is empty: give a date such as 2023-05-05 15:00",
				     C_("field", field));
	utf8_excerpt(shown, start, (size_t)(end - start));
	if (!scan(start, end, false, &f))
		return crm_error_set(err, CRM_EINVALID,
				     "%s '%s' is not a date: use YYYY-MM-DD, YYYY-MM-DD HH:MM or 2023-05-05T15:00:00+02:00",
				     C_("field", field), shown);
	if (f.year < YEAR_MIN || f.year > YEAR_MAX)
		return crm_error_set(err, CRM_EINVALID,
				     "%s '%s' has a year outside 1900 to 9999",
				     C_("field", field), shown);
	if (!calendar_valid(&f))
		return crm_error_set(err, CRM_EINVALID,
				     "%s '%s' is not a real date or time", C_("field", field), shown);
	if (f.has_offset) {
		*out_utc = fields_to_utc(&f);
		return CRM_OK;
	}
	switch (local_to_utc(&f, zone, &utc)) {
	case TZ_LOCAL_GAP:
		return crm_error_set(err, CRM_EINVALID,
				     "%s '%s' does not exist in the %s time zone (clocks change then): give another time or a UTC offset",
				     C_("field", field), shown, tz_name(zone));
	case TZ_LOCAL_AMBIGUOUS:
		return crm_error_set(err, CRM_EINVALID,
				     "%s '%s' happens twice in the %s time zone (clocks go back then): add its UTC offset, e.g. %.16s%s",
				     C_("field", field), shown, tz_name(zone), shown,
				     ambiguous_hint(&f, zone));
	default:
		*out_utc = utc;
		return CRM_OK;
	}
}

/* Proleptic Gregorian calendar arithmetic (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool fast_fields_valid(const struct dt_fields *f)
{
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = f->year;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < YEAR_MIN || y > YEAR_MAX || f->month < 1 || f->month > 12 || f->day < 1 ||
	    f->hour > 23 || f->minute > 59 || f->second > 59)
		return false;
	return f->day <= mdays[f->month - 1] + (f->month == 2 && leap);
}

static void put2(char *o, unsigned v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

static bool fast_format(char out[DATETIME_TEXT_MAX], int64_t utc, char sep, bool z)
{
	int64_t days = utc >= 0 ? utc / 86400 : -((-utc + 86399) / 86400);
	int64_t secs = utc - days * 86400;
	int y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	if (y < 1000 || y > 9999)
		return false;
	/* Formatting by hand: strftime and gmtime_r cost 13% of a listing. */
	put2(out, (unsigned)y / 100);
	put2(out + 2, (unsigned)y % 100);
	out[4] = '-';
	put2(out + 5, m);
	out[7] = '-';
	put2(out + 8, d);
	out[10] = sep;
	put2(out + 11, (unsigned)(secs / 3600));
	out[13] = ':';
	put2(out + 14, (unsigned)(secs / 60 % 60));
	out[16] = ':';
	put2(out + 17, (unsigned)(secs % 60));
	out[19] = z ? 'Z' : '\0';
	out[20] = '\0';
	return true;
}

int datetime_parse_sql(int64_t *out_utc, const char *text)
{
	struct dt_fields f;

	if (!scan(text, text + strlen(text), true, &f) || !f.has_time ||
	    !fast_fields_valid(&f))
		return -1;
	*out_utc = days_from_civil(f.year, (unsigned)f.month, (unsigned)f.day) * 86400 +
		   f.hour * 3600 + f.minute * 60 + f.second - f.offset_seconds;
	return 0;
}

/* Values outside what struct tm holds only come from corrupt data; print
 * something recognisable rather than garbage. */
static void format_fallback(char out[DATETIME_TEXT_MAX], int64_t utc)
{
	snprintf(out, DATETIME_TEXT_MAX, "@%" PRId64, utc);
}

void datetime_format_rfc3339(char out[DATETIME_TEXT_MAX], int64_t utc)
{
	if (fast_format(out, utc, 'T', true))
		return;
	struct tm tm;
	time_t t = (time_t)utc;

	if (!gmtime_r(&t, &tm) ||
	    strftime(out, DATETIME_TEXT_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		format_fallback(out, utc);
}

void datetime_format_sql(char out[DATETIME_TEXT_MAX], int64_t utc)
{
	if (fast_format(out, utc, ' ', false))
		return;
	struct tm tm;
	time_t t = (time_t)utc;

	if (!gmtime_r(&t, &tm) ||
	    strftime(out, DATETIME_TEXT_MAX, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		format_fallback(out, utc);
}

void datetime_format_local(char out[DATETIME_TEXT_MAX], int64_t utc, const struct tz *zone)
{
	struct tz_local l;

	if (!zone) {
		char full[DATETIME_TEXT_MAX];
		datetime_format_sql(full, utc);
		/* "YYYY-MM-DD HH:MM:SS" less its seconds; the fallback as it is. */
		snprintf(out, DATETIME_TEXT_MAX, "%.*s", full[0] == '@' ? DATETIME_TEXT_MAX - 1 : 16,
			 full);
		return;
	}
	tz_to_local(zone, utc, &l);
	if (l.year < 0 || l.year > 9999 ||
	    snprintf(out, DATETIME_TEXT_MAX, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day,
		     l.hour, l.minute) >= DATETIME_TEXT_MAX)
		format_fallback(out, utc);
}

void datetime_format_zoned(char out[DATETIME_TEXT_MAX], int64_t utc, const struct tz *zone)
{
	struct tz_local l;

	if (!zone) {
		datetime_format_local(out, utc, NULL);
		if (strlen(out) == 16)
			strcat(out, " UTC");
		return;
	}
	tz_to_local(zone, utc, &l);
	if (l.year < 0 || l.year > 9999 ||
	    snprintf(out, DATETIME_TEXT_MAX, "%04d-%02d-%02d %02d:%02d %s", l.year, l.month,
		     l.day, l.hour, l.minute, l.abbr) >= DATETIME_TEXT_MAX)
		format_fallback(out, utc);
}

/* "YYYY-MM-DD"; the ranges are the calendar's (years 0..9999 here). */
static void put_date(char out[DATE_TEXT_MAX], int year, unsigned month, unsigned day)
{
	unsigned y = year < 0 ? 0 : (unsigned)year % 10000;

	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	put2(out + 5, month % 100);
	out[7] = '-';
	put2(out + 8, day % 100);
	out[10] = '\0';
}

enum crm_code date_parse(char out[DATE_TEXT_MAX], const char *field, const char *text,
			 struct crm_error *err)
{
	const char *start = text, *end = text + strlen(text), *p;
	struct dt_fields f = { 0 };
	char shown[UTF8_EXCERPT_MAX];

	while (start < end && is_blank(*start))
		start++;
	while (end > start && is_blank(end[-1]))
		end--;
	if (start == end)
		return crm_error_set(err, CRM_EINVALID,
				     "%s is empty: give a date such as 2023-05-05", C_("field", field));
	utf8_excerpt(shown, start, (size_t)(end - start));
	p = start;
	if (!read_digits(&p, end, 4, &f.year) || !read_char(&p, end, '-') ||
	    !read_digits(&p, end, 2, &f.month) || !read_char(&p, end, '-') ||
	    !read_digits(&p, end, 2, &f.day) || p != end)
		return crm_error_set(err, CRM_EINVALID, "%s '%s' is not a date: use YYYY-MM-DD",
				     C_("field", field), shown);
	if (f.year < YEAR_MIN || f.year > YEAR_MAX)
		return crm_error_set(err, CRM_EINVALID,
				     "%s '%s' has a year outside 1900 to 9999", C_("field", field), shown);
	if (!calendar_valid(&f))
		return crm_error_set(err, CRM_EINVALID, "%s '%s' is not a real date", C_("field", field),
				     shown);
	put_date(out, f.year, (unsigned)f.month, (unsigned)f.day);
	return CRM_OK;
}

void date_today(char out[DATE_TEXT_MAX], int64_t now, const struct tz *zone)
{
	int y;
	unsigned m, d;

	if (zone) {
		struct tz_local l;
		tz_to_local(zone, now, &l);
		put_date(out, l.year, (unsigned)l.month, (unsigned)l.day);
		return;
	}
	civil_from_days(now >= 0 ? now / 86400 : (now - 86399) / 86400, &y, &m, &d);
	put_date(out, y, m, d);
}
