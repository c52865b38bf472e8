#include "util/validate.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define EMAIL_MAX_CHARS 100
#define PHONE_MIN_CHARS 6
#define PHONE_MAX_CHARS 20
#define EMPLOYEE_ID_MAX_CHARS 20
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_BYTES 1024
#define EXCERPT_CHARS 40

/* ---- UTF-8 ---- */

/*
 * Decodes one code point; returns its length in bytes, or 0 when the bytes
 * at s are not valid UTF-8 (overlong forms, surrogates and values above
 * U+10FFFF are invalid: they are how filters are usually slipped past).
 */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n;
	size_t i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;

	while (len > 0) {
		size_t n = utf8_next(p, len, &cp);
		if (n == 0)
			return 0;
		p += n;
		len -= n;
	}
	return 1;
}

/* Code points in s, or SIZE_MAX when s is not valid UTF-8. */
static size_t utf8_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0;

	while (len > 0) {
		uint32_t cp;
		size_t n = utf8_next(p, len, &cp);
		if (n == 0)
			return SIZE_MAX;
		p += n;
		len -= n;
		chars++;
	}
	return chars;
}

/* C0, DEL and C1: what a terminal may take as a command. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

void utf8_excerpt(char out[UTF8_EXCERPT_MAX], const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t o = 0;
	int chars = 0;

	while (len > 0 && chars < EXCERPT_CHARS) {
		uint32_t cp;
		size_t n = utf8_next(p, len, &cp);
		if (n == 0 || is_control(cp)) {
			out[o++] = '?';
			n = n ? n : 1;
		} else {
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
		len -= n;
		chars++;
	}
	if (len > 0) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

/* ---- shared helpers ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static void trim(const char **start, size_t *len)
{
	const char *s = *start;
	size_t n = *len;

	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	*start = s;
	*len = n;
}

static enum crm_code refuse(struct crm_error *err, const char *field,
			    const char *text, size_t len, const char *why)
{
	char shown[UTF8_EXCERPT_MAX];

	utf8_excerpt(shown, text, len);
	return crm_error_set(err, CRM_EINVALID, "%s '%s' %s", C_("field", field), shown, i18n_error(why));
}

/* Counts code points of valid UTF-8, or returns SIZE_MAX when invalid or
 * when a control character not in `allowed` is found (*bad_control set). */
static size_t count_chars(const char *s, size_t len, const char *allowed,
			  bool *bad_control)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0;

	*bad_control = false;
	while (len > 0) {
		uint32_t cp;
		size_t n = utf8_next(p, len, &cp);
		if (n == 0)
			return SIZE_MAX;
		if (is_control(cp) && (cp == 0 || !strchr(allowed, (int)cp))) {
			*bad_control = true;
			return SIZE_MAX;
		}
		p += n;
		len -= n;
		chars++;
	}
	return chars;
}

/* Checks encoding, control characters and length; shared by text and
 * notes, which differ only in what they allow. */
static enum crm_code check_text(const char *field, const char *s, size_t len,
				size_t max_chars, const char *allowed,
				struct crm_error *err)
{
	bool bad_control;
	size_t chars = count_chars(s, len, allowed, &bad_control);

	if (chars == SIZE_MAX && bad_control)
		return refuse(err, field, s, len, "contains a control character");
	if (chars == SIZE_MAX)
		return refuse(err, field, s, len, "is not valid UTF-8");
	if (chars > max_chars)
		return crm_error_set(err, CRM_EINVALID,
				     "%s is too long: %zu characters, at most %zu",
				     C_("field", field), chars, max_chars);
	return CRM_OK;
}

/* ---- text and notes ---- */

enum crm_code validate_text(char **out, const char *field, const char *text,
			    size_t max_chars, struct crm_error *err)
{
	const char *s = text;
	size_t len = strlen(text);
	enum crm_code rc;

	trim(&s, &len);
	if (len == 0)
		return crm_error_set(err, CRM_EINVALID, "%s is empty", C_("field", field));
	rc = check_text(field, s, len, max_chars, "", err);
	if (rc == CRM_OK)
		*out = xstrndup(s, len);
	return rc;
}

enum crm_code validate_notes(char **out, const char *field, const char *text,
			     size_t max_chars, struct crm_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = text;
	size_t len = strlen(text);
	size_t i;
	enum crm_code rc;

	trim(&s, &len);
	/* Text pasted from Windows carries CRLF; keep one kind of line end. */
	for (i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		strbuf_putc(&sb, s[i]);
	}
	rc = check_text(field, sb.buf, sb.len, max_chars, "\n\t", err);
	if (rc != CRM_OK)
		goto done;
	*out = strbuf_detach(&sb);
done:
	strbuf_free(&sb);
	return rc;
}

/* ---- email ---- */

static bool is_ascii_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ascii_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Non-ASCII letters, marks and digits, for internationalised addresses. */
static bool is_unicode_word(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
		return cp >= 0x80;
	default:
		return false;
	}
}

/* RFC 5322 "atext" for an unquoted local part, plus non-ASCII words. */
static bool is_local_char(uint32_t cp)
{
	return is_ascii_alpha(cp) || is_ascii_digit(cp) ||
	       (cp < 0x80 && strchr("!#$%&'*+/=?^_`{|}~-.", (int)cp)) ||
	       is_unicode_word(cp);
}

static bool is_domain_char(uint32_t cp)
{
	return is_ascii_alpha(cp) || is_ascii_digit(cp) || cp == '-' ||
	       is_unicode_word(cp);
}

/* Lowercases valid UTF-8 into sb; returns the character count, or
 * SIZE_MAX for invalid UTF-8 or a control character or a blank. */
static size_t email_lower(struct strbuf *sb, const char *s, size_t len,
			  bool *has_space)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0;

	*has_space = false;
	while (len > 0) {
		uint32_t cp;
		unsigned char enc[4];
		size_t n = utf8_next(p, len, &cp);
		if (n == 0 || is_control(cp))
			return SIZE_MAX;
		if (utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS)
			*has_space = true;
		cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
		strbuf_add(sb, enc, (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, enc));
		p += n;
		len -= n;
		chars++;
	}
	return chars;
}

/* Checks that every character of s[0..len) satisfies ok(); the text is
 * known to be valid UTF-8 here. */
static bool all_chars(const char *s, size_t len, bool (*ok)(uint32_t))
{
	const unsigned char *p = (const unsigned char *)s;

	while (len > 0) {
		uint32_t cp;
		size_t n = utf8_next(p, len, &cp);
		if (n == 0 || !ok(cp))
			return false;
		p += n;
		len -= n;
	}
	return true;
}

static bool is_tld_char(uint32_t cp)
{
	return is_ascii_alpha(cp) || (cp >= 0x80 && is_unicode_word(cp));
}

/* Labels: non-empty, no leading or trailing '-'. The TLD: letters, at
 * least two, or an IDN "xn--" label. */
static const char *email_domain_problem(const char *d, size_t len)
{
	const char *label = d;
	const char *end = d + len;
	const char *dot;
	size_t n;

	if (len == 0)
		return N_("has no domain after the '@'");
	if (!memchr(d, '.', len))
		return N_("has no dot in its domain");
	for (;;) {
		dot = memchr(label, '.', (size_t)(end - label));
		n = (size_t)((dot ? dot : end) - label);
		if (n == 0)
			return N_("has an empty part in its domain");
		if (!all_chars(label, n, is_domain_char))
			return N_("has an invalid character in its domain");
		if (label[0] == '-' || label[n - 1] == '-')
			return N_("has a domain part that starts or ends with '-'");
		if (!dot)
			break;
		label = dot + 1;
	}
	if (n >= 4 && memcmp(label, "xn--", 4) == 0)
		return NULL;
	if (!all_chars(label, n, is_tld_char))
		return N_("has a top-level domain that is not letters");
	if (utf8_count(label, n) < 2)
		return N_("has a top-level domain shorter than 2 letters");
	return NULL;
}

static const char *email_local_problem(const char *l, size_t len)
{
	size_t i;

	if (len == 0)
		return N_("has nothing before the '@'");
	if (!all_chars(l, len, is_local_char))
		return N_("has an invalid character before the '@'");
	if (l[0] == '.' || l[len - 1] == '.')
		return N_("has a misplaced dot before the '@'");
	for (i = 0; i + 1 < len; i++)
		if (l[i] == '.' && l[i + 1] == '.')
			return N_("has a misplaced dot before the '@'");
	return NULL;
}

static const char *email_problem(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	const char *why;

	if (!at)
		return N_("has no '@'");
	if (memchr(at + 1, '@', len - (size_t)(at - s) - 1))
		return N_("has more than one '@'");
	why = email_local_problem(s, (size_t)(at - s));
	if (!why)
		why = email_domain_problem(at + 1, len - (size_t)(at - s) - 1);
	return why;
}

enum crm_code validate_email(char **out, const char *field, const char *text,
			     struct crm_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = text;
	size_t len = strlen(text);
	size_t chars;
	bool has_space;
	const char *why;
	enum crm_code rc = CRM_EINVALID;

	trim(&s, &len);
	if (len == 0) {
		crm_error_set(err, rc, "%s is empty", C_("field", field));
		goto done;
	}
	chars = email_lower(&sb, s, len, &has_space);
	if (chars == SIZE_MAX) {
		refuse(err, field, s, len,
		       memchr(s, ' ', len) || memchr(s, '\t', len)
			       ? "contains a space"
			       : "contains a control character or invalid UTF-8");
		goto done;
	}
	if (chars > EMAIL_MAX_CHARS) {
		refuse(err, field, s, len, "is too long: at most 100 characters");
		goto done;
	}
	if (has_space) {
		refuse(err, field, s, len, "contains a space");
		goto done;
	}
	why = email_problem(sb.buf, sb.len);
	if (why) {
		refuse(err, field, s, len, why);
		goto done;
	}
	*out = strbuf_detach(&sb);
	rc = CRM_OK;
done:
	strbuf_free(&sb);
	return rc;
}

char *email_fold(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = text;
	size_t len = strlen(text);
	bool has_space;

	trim(&s, &len);
	if (email_lower(&sb, s, len, &has_space) > EMAIL_MAX_CHARS) {
		strbuf_free(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* ---- phone ---- */

enum crm_code validate_phone(char **out, const char *field, const char *text,
			     struct crm_error *err)
{
	const char *s = text;
	size_t len = strlen(text);
	bool digit = false;
	size_t i;

	trim(&s, &len);
	if (len == 0)
		return crm_error_set(err, CRM_EINVALID, "%s is empty", C_("field", field));
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digit = true;
		else if (c == '+' && i == 0)
			continue;
		else if (c == '+')
			return refuse(err, field, s, len,
				      "has a '+' that is not at the start");
		else if (!strchr(" .-()", c))
			return refuse(err, field, s, len,
				      "has an invalid character: use digits, spaces, dots, dashes, parentheses and a leading '+'");
	}
	if (!digit)
		return refuse(err, field, s, len, "has no digit");
	if (len < PHONE_MIN_CHARS)
		return refuse(err, field, s, len, "is too short: at least 6 characters");
	if (len > PHONE_MAX_CHARS)
		return refuse(err, field, s, len, "is too long: at most 20 characters");
	*out = xstrndup(s, len);
	return CRM_OK;
}

/* ---- integers ---- */

/* Parses an optional '-' and digits into *out; false on anything else or
 * on overflow. Accumulates downwards so that INT64_MIN fits. */
static bool parse_int(int64_t *out, const char *s, size_t len, bool allow_minus)
{
	bool neg = false;
	int64_t v = 0;
	size_t i = 0;

	if (len > 0 && s[0] == '-' && allow_minus) {
		neg = true;
		i = 1;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_sub_overflow(v, s[i] - '0', &v))
			return false;
	}
	if (!neg) {
		if (v == INT64_MIN)
			return false;
		v = -v;
	}
	*out = v;
	return true;
}

enum crm_code validate_int(int64_t *out, const char *field, const char *text,
			   int64_t min, int64_t max, struct crm_error *err)
{
	const char *s = text;
	size_t len = strlen(text);
	int64_t v;
	char shown[UTF8_EXCERPT_MAX];

	trim(&s, &len);
	if (len == 0)
		return crm_error_set(err, CRM_EINVALID, "%s is empty", C_("field", field));
	if (!parse_int(&v, s, len, min < 0)) {
		/* Digits that only overflowed are a range problem, not a
		 * format one: say so. */
		size_t skip = (min < 0 && s[0] == '-') ? 1 : 0;
		if (len > skip && strspn(s + skip, "0123456789") == len - skip)
			goto range;
		return refuse(err, field, s, len, "is not a whole number");
	}
	if (v < min || v > max)
		goto range;
	*out = v;
	return CRM_OK;
range:
	utf8_excerpt(shown, s, len);
	return crm_error_set(err, CRM_EINVALID,
			     "%s '%s' must be between %" PRId64 " and %" PRId64,
			     C_("field", field), shown, min, max);
}

enum crm_code validate_id(int64_t *out, const char *field, const char *text,
			  struct crm_error *err)
{
	const char *s = text;
	size_t len = strlen(text);
	int64_t v;

	trim(&s, &len);
	if (!parse_int(&v, s, len, false) || v < 1 || v > INT32_MAX)
		return refuse(err, field, s, len, "is not a valid id");
	*out = v;
	return CRM_OK;
}

/* ---- employee id ---- */

enum crm_code validate_employee_id(char **out, const char *field,
				   const char *text, struct crm_error *err)
{
	const char *s = text;
	size_t len = strlen(text);
	size_t i;

	trim(&s, &len);
	if (len == 0)
		return crm_error_set(err, CRM_EINVALID, "%s is empty", C_("field", field));
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (!is_ascii_alpha((unsigned char)c) && !is_ascii_digit((unsigned char)c) &&
		    c != '_' && c != '-')
			return refuse(err, field, s, len,
				      "has an invalid character: use letters, digits, '_' and '-'");
	}
	if (len > EMPLOYEE_ID_MAX_CHARS)
		return refuse(err, field, s, len, "is too long: at most 20 characters");
	*out = xstrndup(s, len);
	return CRM_OK;
}

/* ---- password ---- */

enum crm_code validate_password(const char *password, struct crm_error *err)
{
	size_t len = strlen(password);

	if (len > PASSWORD_MAX_BYTES)
		return crm_error_set(err, CRM_EINVALID,
				     "password is too long: at most 1024 bytes");
	if (!utf8_valid(password, len))
		return crm_error_set(err, CRM_EINVALID, "password is not valid UTF-8");
	if (utf8_count(password, len) < PASSWORD_MIN_CHARS)
		return crm_error_set(err, CRM_EINVALID,
				     "password is too short: use at least 8 characters");
	return CRM_OK;
}
