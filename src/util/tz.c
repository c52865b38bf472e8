#include "util/tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

#define TZ_ROOT_DEFAULT "/usr/share/zoneinfo"
#define TZ_NAME_MAX 255
/* The largest real TZif file is under 10 KiB; anything near this is not one. */
#define TZ_FILE_MAX (256 * 1024)
#define TZ_UTC_LIMIT (INT64_C(1) << 40)
/* RFC 8536 section 3.2 asks for offsets in -89999..93599; keeping them
 * within 26 hours keeps every sum below far from overflowing. */
#define TZ_OFFSET_LIMIT (26 * 3600)
#define DAY 86400

struct tz_type {
	int32_t utoff;
	bool isdst;
	char abbr[16];
};

/* When a POSIX rule changes the clocks, in local time of the side it leaves. */
struct tz_date {
	char kind;    /* 'J': day 1..365 never counting Feb 29; 'D': day 0..365; 'M' */
	int day;      /* J and D */
	int month, week, wday; /* M: week 5 is the last one */
	int32_t time; /* seconds after local midnight: -167 h..167 h */
};

struct tz_rule {
	struct tz_type std, dst;
	bool has_dst;
	struct tz_date start, end; /* to DST, back to standard */
};

struct tz {
	char *name;
	size_t ntrans;
	int64_t *trans;      /* ascending */
	uint8_t *trans_type; /* index into types for each transition */
	size_t ntypes;
	struct tz_type *types;
	bool has_rule;       /* after the last transition (or always, if none) */
	struct tz_rule rule;
};

/* ---- civil calendar (proleptic Gregorian, days since 1970-01-01) ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return len[m - 1] + (m == 2 && is_leap(y));
}

/* After Howard Hinnant's days_from_civil; m is 1..12. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t clamp_utc(int64_t t)
{
	return t < -TZ_UTC_LIMIT ? -TZ_UTC_LIMIT : t > TZ_UTC_LIMIT ? TZ_UTC_LIMIT : t;
}

/* ---- POSIX TZ rules ---- */

/* The local time (seconds since the epoch, as if UTC) at which `d` falls in year y. */
static int64_t rule_date_local(int64_t y, const struct tz_date *d)
{
	int64_t day;

	if (d->kind == 'J') {
		day = days_from_civil(y, 1, 1) + d->day - 1;
		if (is_leap(y) && d->day >= 60)
			day++;
	} else if (d->kind == 'D') {
		day = days_from_civil(y, 1, 1) + d->day;
	} else {
		int64_t first = days_from_civil(y, d->month, 1);
		int wd = (int)((first + 4) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
		int mday = 1 + (d->wday - wd + 7) % 7 + (d->week - 1) * 7;

		while (mday > month_days(y, d->month))
			mday -= 7;
		day = first + mday - 1;
	}
	return day * DAY + d->time;
}

static const struct tz_type *rule_type_at(const struct tz_rule *r, int64_t t)
{
	const struct tz_type *best = &r->std;
	int64_t best_t = INT64_MIN;
	int64_t y;
	int m, d;

	if (!r->has_dst)
		return &r->std;
	civil_from_days(floor_div(t + r->std.utoff, DAY), &y, &m, &d);
	/* The last change at or before t. Rule times of up to 167 hours can
	 * move a change into the next or previous year, hence three years.
	 * On a tie the change to DST wins: "0/0,J365/25" is DST all year. */
	for (int64_t yy = y - 1; yy <= y + 1; yy++) {
		int64_t s = rule_date_local(yy, &r->start) - r->std.utoff;
		int64_t e = rule_date_local(yy, &r->end) - r->dst.utoff;

		if (e <= t && e > best_t) {
			best_t = e;
			best = &r->std;
		}
		if (s <= t && s >= best_t) {
			best_t = s;
			best = &r->dst;
		}
	}
	return best;
}

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "CET" (three or more letters) or "<+0530>" (three or more of [A-Za-z0-9+-]). */
static bool parse_abbr(const char **p, char out[16])
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '<') {
		s++;
		while (is_alpha(s[n]) || is_digit(s[n]) || s[n] == '+' || s[n] == '-')
			n++;
		if (s[n] != '>' || n < 3 || n > 15)
			return false;
		memcpy(out, s, n);
		out[n] = '\0';
		*p = s + n + 1;
		return true;
	}
	while (is_alpha(s[n]))
		n++;
	if (n < 3 || n > 15)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	*p = s + n;
	return true;
}

static bool parse_num(const char **p, int max_digits, int max, int *out)
{
	int v = 0;
	int n = 0;

	while (is_digit(**p) && n < max_digits) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n == 0 || v > max || is_digit(**p))
		return false;
	*out = v;
	return true;
}

/* [+-]hh[:mm[:ss]] with hh at most max_hours. */
static bool parse_hms(const char **p, int max_hours, int32_t *out)
{
	int sign = 1;
	int h, m = 0, s = 0;

	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	if (!parse_num(p, 3, max_hours, &h))
		return false;
	if (**p == ':') {
		(*p)++;
		if (!parse_num(p, 2, 59, &m))
			return false;
		if (**p == ':') {
			(*p)++;
			if (!parse_num(p, 2, 59, &s))
				return false;
		}
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return true;
}

/* Jn, n or Mm.w.d, then an optional /time (default 02:00). */
static bool parse_date(const char **p, struct tz_date *d)
{
	d->time = 2 * 3600;
	if (**p == 'J') {
		(*p)++;
		d->kind = 'J';
		if (!parse_num(p, 3, 365, &d->day) || d->day < 1)
			return false;
	} else if (**p == 'M') {
		(*p)++;
		d->kind = 'M';
		if (!parse_num(p, 2, 12, &d->month) || d->month < 1 || *(*p)++ != '.' ||
		    !parse_num(p, 1, 5, &d->week) || d->week < 1 || *(*p)++ != '.' ||
		    !parse_num(p, 1, 6, &d->wday))
			return false;
	} else {
		d->kind = 'D';
		if (!parse_num(p, 3, 365, &d->day))
			return false;
	}
	if (**p == '/') {
		(*p)++;
		return parse_hms(p, 167, &d->time);
	}
	return true;
}

/* POSIX TZ offsets count west of UTC: "CET-1" is one hour east. */
static bool parse_rule(const char *s, struct tz_rule *r)
{
	int32_t off;

	memset(r, 0, sizeof *r);
	if (!parse_abbr(&s, r->std.abbr) || !parse_hms(&s, 24, &off))
		return false;
	r->std.utoff = -off;
	if (*s == '\0')
		return true;
	if (!parse_abbr(&s, r->dst.abbr))
		return false;
	r->has_dst = true;
	r->dst.isdst = true;
	r->dst.utoff = r->std.utoff + 3600;
	if (*s != ',') {
		if (!parse_hms(&s, 24, &off))
			return false;
		r->dst.utoff = -off;
	}
	/* POSIX leaves a DST zone without a rule to the implementation; TZif
	 * footers always carry one, so no guess is made here. */
	if (*s++ != ',' || !parse_date(&s, &r->start) || *s++ != ',' ||
	    !parse_date(&s, &r->end))
		return false;
	return *s == '\0';
}

/* ---- lookup ---- */

static const struct tz_type *type_at(const struct tz *tz, int64_t t)
{
	size_t lo, hi;

	if (tz->ntrans == 0 || t >= tz->trans[tz->ntrans - 1]) {
		if (tz->has_rule)
			return rule_type_at(&tz->rule, t);
		if (tz->ntrans == 0)
			return &tz->types[0];
		return &tz->types[tz->trans_type[tz->ntrans - 1]];
	}
	/* RFC 8536 section 3.2: before the first transition, the first type. */
	if (t < tz->trans[0])
		return &tz->types[0];
	lo = 0; /* trans[lo] <= t < trans[hi] */
	hi = tz->ntrans - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (tz->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return &tz->types[tz->trans_type[lo]];
}

static int32_t offset_at(const struct tz *tz, int64_t t)
{
	return type_at(tz, clamp_utc(t))->utoff;
}

void tz_to_local(const struct tz *tz, int64_t utc, struct tz_local *out)
{
	const struct tz_type *type;
	int64_t local, days, secs, y;

	utc = clamp_utc(utc);
	type = type_at(tz, utc);
	local = utc + type->utoff;
	days = floor_div(local, DAY);
	secs = local - days * DAY;
	civil_from_days(days, &y, &out->month, &out->day);
	out->year = (int)y;
	out->hour = (int)(secs / 3600);
	out->minute = (int)(secs / 60 % 60);
	out->second = (int)(secs % 60);
	out->utc_offset = type->utoff;
	out->is_dst = type->isdst;
	memcpy(out->abbr, type->abbr, sizeof out->abbr);
}

/* Every distinct offset the zone can show; at most 256 types + 2. */
static size_t offsets_of(const struct tz *tz, int32_t *offs)
{
	size_t n = 0;
	size_t i, j;

	for (i = 0; i < tz->ntypes + 2; i++) {
		int32_t o;

		if (i < tz->ntypes)
			o = tz->types[i].utoff;
		else if (tz->has_rule && i == tz->ntypes)
			o = tz->rule.std.utoff;
		else if (tz->has_rule && tz->rule.has_dst)
			o = tz->rule.dst.utoff;
		else
			continue;
		for (j = 0; j < n && offs[j] != o; j++)
			;
		if (j == n)
			offs[n++] = o;
	}
	return n;
}

enum tz_local_kind tz_from_local(const struct tz *tz, int year, int month,
				 int day, int hour, int minute, int second,
				 int64_t *earlier, int64_t *later)
{
	int32_t offs[258];
	size_t n = offsets_of(tz, offs);
	int64_t y = (int64_t)year + floor_div((int64_t)month - 1, 12);
	int m = (int)(((int64_t)month - 1) - floor_div((int64_t)month - 1, 12) * 12) + 1;
	int64_t local, first = INT64_MAX, last = INT64_MIN;
	int32_t min_off = INT32_MAX, max_off = INT32_MIN;
	enum tz_local_kind kind;
	size_t i;

	local = days_from_civil(y, m, 1) + (int64_t)day - 1;
	local = local * DAY + (int64_t)hour * 3600 + (int64_t)minute * 60 + second;
	local = clamp_utc(local);
	/* An instant t shows `local` iff offset_at(t) == local - t, and that
	 * offset is one of the zone's: try each. */
	for (i = 0; i < n; i++) {
		int64_t t = local - offs[i];

		if (offs[i] < min_off)
			min_off = offs[i];
		if (offs[i] > max_off)
			max_off = offs[i];
		if (offset_at(tz, t) != offs[i])
			continue;
		if (t < first)
			first = t;
		if (t > last)
			last = t;
	}
	if (first <= last) {
		kind = first == last ? TZ_LOCAL_UNIQUE : TZ_LOCAL_AMBIGUOUS;
	} else {
		/* A gap: t + offset_at(t) jumps over `local` somewhere between
		 * these two; find where, and read `local` with the offset
		 * before the jump. */
		int64_t lo = local - max_off, hi = local - min_off;

		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;

			if (mid + offset_at(tz, mid) < local)
				lo = mid;
			else
				hi = mid;
		}
		first = last = local - offset_at(tz, lo);
		kind = TZ_LOCAL_GAP;
	}
	if (earlier)
		*earlier = first;
	if (later)
		*later = last;
	return kind;
}

/* ---- loading ---- */

/* The name as it may appear in a message: printable, not too long. */
static void quote_name(char out[80], const char *name)
{
	size_t i;

	for (i = 0; name[i] && i < 64; i++)
		out[i] = (name[i] >= 0x20 && name[i] < 0x7f) ? name[i] : '?';
	if (name[i]) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

static enum crm_code bad_file(struct crm_error *err, const char *name, const char *why)
{
	char q[80];

	quote_name(q, name);
	return crm_error_set(err, CRM_EINVALID,
			     "timezone '%s' is not a valid TZif file: %s", q, why);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const uint8_t *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzif_counts {
	uint32_t isut, isstd, leap, time, type, chr;
};

/* Reads a header at p (44 bytes known to be there) and returns the size of
 * the data block after it, with 4 or 8 byte times. */
static uint64_t tzif_header(const uint8_t *p, struct tzif_counts *c, int tsize)
{
	c->isut = be32(p + 20);
	c->isstd = be32(p + 24);
	c->leap = be32(p + 28);
	c->time = be32(p + 32);
	c->type = be32(p + 36);
	c->chr = be32(p + 40);
	return (uint64_t)c->time * (tsize + 1) + (uint64_t)c->type * 6 + c->chr +
	       (uint64_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

static struct tz *tz_new(const char *name)
{
	struct tz *tz = xcalloc(1, sizeof *tz);

	tz->name = xstrdup(name);
	return tz;
}

enum crm_code tz_parse_tzif(struct tz **out, const void *data, size_t len,
			    const char *name, struct crm_error *err)
{
	const uint8_t *d = data;
	struct tzif_counts c;
	uint64_t size, pos;
	const uint8_t *types, *chars, *end;
	const char *footer, *nl;
	char footer_buf[256];
	struct tz *tz;
	size_t i;

	*out = NULL;
	if (len < 44 || memcmp(d, "TZif", 4) != 0)
		return bad_file(err, name, "no TZif header");
	if (d[4] < '2')
		return bad_file(err, name, "version 1 (version 2 or later needed)");
	/* Skip the version 1 block: its 32-bit times are a subset. */
	size = tzif_header(d, &c, 4);
	if (size > len - 44 || len - 44 - size < 44)
		return bad_file(err, name, "truncated");
	pos = 44 + size;
	if (memcmp(d + pos, "TZif", 4) != 0 || d[pos + 4] < '2')
		return bad_file(err, name, "no version 2 header");
	size = tzif_header(d + pos, &c, 8);
	pos += 44;
	/* The footer is at least "\n\n". */
	if (size > len - pos || len - pos - size < 2)
		return bad_file(err, name, "counts exceed the file size");
	if (c.type == 0 || c.type > 256 || c.chr == 0)
		return bad_file(err, name, "no time type");
	if ((c.isut != 0 && c.isut != c.type) || (c.isstd != 0 && c.isstd != c.type))
		return bad_file(err, name, "inconsistent counts");
	if (c.leap != 0) {
		char q[80];

		quote_name(q, name);
		return crm_error_set(err, CRM_EINVALID,
				     "timezone '%s' counts leap seconds, which this program does not", q);
	}

	tz = tz_new(name);
	tz->ntrans = c.time;
	tz->ntypes = c.type;
	tz->trans = xcalloc(c.time ? c.time : 1, sizeof *tz->trans);
	tz->trans_type = xcalloc(c.time ? c.time : 1, 1);
	tz->types = xcalloc(c.type, sizeof *tz->types);
	for (i = 0; i < c.time; i++) {
		tz->trans[i] = be64(d + pos + 8 * i);
		if (i > 0 && tz->trans[i] <= tz->trans[i - 1]) {
			tz_free(tz);
			return bad_file(err, name, "transitions out of order");
		}
	}
	pos += 8 * (uint64_t)c.time;
	for (i = 0; i < c.time; i++) {
		tz->trans_type[i] = d[pos + i];
		if (d[pos + i] >= c.type) {
			tz_free(tz);
			return bad_file(err, name, "transition to an unknown type");
		}
	}
	pos += c.time;
	types = d + pos;
	chars = types + 6 * (size_t)c.type;
	for (i = 0; i < c.type; i++) {
		const uint8_t *t = types + 6 * i;
		int32_t utoff = (int32_t)be32(t);
		const uint8_t *nul;
		size_t alen;

		if (utoff < -TZ_OFFSET_LIMIT || utoff > TZ_OFFSET_LIMIT || t[4] > 1 ||
		    t[5] >= c.chr || !(nul = memchr(chars + t[5], 0, c.chr - t[5]))) {
			tz_free(tz);
			return bad_file(err, name, "malformed time type");
		}
		alen = (size_t)(nul - (chars + t[5]));
		if (alen > sizeof tz->types[i].abbr - 1)
			alen = sizeof tz->types[i].abbr - 1;
		tz->types[i].utoff = utoff;
		tz->types[i].isdst = t[4];
		memcpy(tz->types[i].abbr, chars + t[5], alen);
	}
	pos += size - 9 * (uint64_t)c.time;

	/* The footer: "\n" TZ string "\n", ending the file. */
	end = d + len;
	footer = (const char *)d + pos;
	nl = footer[0] == '\n' ? memchr(footer + 1, '\n', (size_t)(end - (const uint8_t *)footer - 1)) : NULL;
	if (!nl || (const uint8_t *)nl + 1 != end || (size_t)(nl - footer - 1) >= sizeof footer_buf ||
	    memchr(footer + 1, '\0', (size_t)(nl - footer - 1))) {
		tz_free(tz);
		return bad_file(err, name, "malformed footer");
	}
	memcpy(footer_buf, footer + 1, (size_t)(nl - footer - 1));
	footer_buf[nl - footer - 1] = '\0';
	if (footer_buf[0]) {
		if (!parse_rule(footer_buf, &tz->rule)) {
			tz_free(tz);
			return bad_file(err, name, "malformed TZ string in the footer");
		}
		tz->has_rule = true;
	}
	*out = tz;
	return CRM_OK;
}

enum crm_code tz_parse_posix(struct tz **out, const char *rule, struct crm_error *err)
{
	struct tz_rule r;
	char q[80];

	*out = NULL;
	if (strlen(rule) > TZ_NAME_MAX || !parse_rule(rule, &r)) {
		quote_name(q, rule);
		return crm_error_set(err, CRM_EINVALID,
				     "timezone '%s' is not a POSIX TZ string", q);
	}
	*out = tz_new(rule);
	(*out)->rule = r;
	(*out)->has_rule = true;
	return CRM_OK;
}

enum crm_code tz_load_file(struct tz **out, const char *path, const char *name,
			   struct crm_error *err)
{
	char q[80];
	struct stat st;
	uint8_t *buf;
	size_t len = 0;
	enum crm_code rc;
	int fd;

	*out = NULL;
	quote_name(q, name);
	/* O_NONBLOCK: a FIFO planted in the tree must not hang the caller. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
			return crm_error_set(err, CRM_EINVALID, "timezone '%s' is unknown", q);
		/* glibc's strerror() is thread-safe since 2.32. */
		return crm_error_set(err, CRM_EINVALID, "timezone '%s' cannot be read: %s",
				     q, strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return crm_error_set(err, CRM_EINVALID, "timezone '%s' is unknown", q);
	}
	if (st.st_size > TZ_FILE_MAX) {
		close(fd);
		return bad_file(err, name, "too large");
	}
	buf = xmalloc((size_t)st.st_size + 1);
	/* Read one byte more than announced, in case the file grew. */
	while (len <= (size_t)st.st_size) {
		ssize_t r = read(fd, buf + len, (size_t)st.st_size + 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = crm_error_set(err, CRM_EINVALID, "timezone '%s' cannot be read: %s",
					   q, strerror(errno));
			close(fd);
			free(buf);
			return rc;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (len > (size_t)st.st_size)
		rc = bad_file(err, name, "changed while read");
	else
		rc = tz_parse_tzif(out, buf, len, name, err);
	free(buf);
	return rc;
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	const char *p;

	if (n == 0 || n > TZ_NAME_MAX)
		return false;
	for (p = name; *p; p++) {
		char c = *p;
		bool start = p == name || p[-1] == '/';

		if (c == '/') {
			if (start || p[1] == '\0')
				return false;
		} else if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '+' && c != '-') {
			return false;
		} else if (start && c == '-') {
			return false;
		}
	}
	return true;
}

static const char *zoneinfo_root(void)
{
	const char *dir = getenv("TZDIR");

	return dir && dir[0] == '/' ? dir : TZ_ROOT_DEFAULT;
}

enum crm_code tz_load(struct tz **out, const char *name, struct crm_error *err)
{
	char q[80];
	char *path;
	enum crm_code rc;

	*out = NULL;
	if (!name_ok(name)) {
		quote_name(q, name);
		return crm_error_set(err, CRM_EINVALID,
				     "timezone '%s' is not a zone name (like 'Europe/Paris')", q);
	}
	path = xasprintf("%s/%s", zoneinfo_root(), name);
	rc = tz_load_file(out, path, name, err);
	free(path);
	return rc;
}

/* /etc/localtime links to ".../zoneinfo/Europe/Paris" on Debian; the zone
 * is then known by its name rather than as "localtime". */
static bool localtime_name(char *buf, size_t size)
{
	ssize_t n = readlink("/etc/localtime", buf, size - 1);
	const char *p, *found = NULL;

	if (n <= 0)
		return false;
	buf[n] = '\0';
	for (p = buf; (p = strstr(p, "zoneinfo/")); p++)
		found = p + strlen("zoneinfo/");
	if (!found || !name_ok(found))
		return false;
	memmove(buf, found, strlen(found) + 1);
	return true;
}

enum crm_code tz_load_default(struct tz **out, struct crm_error *err)
{
	const char *env = getenv("TZ");
	char link[512];

	*out = NULL;
	if (env && env[0] == '\0')
		goto utc;
	if (env) {
		const char *name = env[0] == ':' ? env + 1 : env;

		if (tz_load(out, name, NULL) == CRM_OK ||
		    (env[0] != ':' && tz_parse_posix(out, env, NULL) == CRM_OK))
			return CRM_OK;
	}
	if (localtime_name(link, sizeof link) && tz_load(out, link, NULL) == CRM_OK)
		return CRM_OK;
	if (tz_load_file(out, "/etc/localtime", "localtime", NULL) == CRM_OK)
		return CRM_OK;
utc:
	if (tz_load(out, "UTC", NULL) == CRM_OK)
		return CRM_OK;
	return tz_parse_posix(out, "UTC0", err);
}

void tz_free(struct tz *tz)
{
	if (!tz)
		return;
	free(tz->name);
	free(tz->trans);
	free(tz->trans_type);
	free(tz->types);
	free(tz);
}

const char *tz_name(const struct tz *tz)
{
	return tz->name;
}
