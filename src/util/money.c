#include "util/money.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/validate.h"
#include "util/i18n.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static enum crm_code refuse(struct crm_error *err, const char *field,
			    const char *text, size_t len, const char *why)
{
	char shown[UTF8_EXCERPT_MAX];

	utf8_excerpt(shown, text, len);
	return crm_error_set(err, CRM_EINVALID, "%s '%s' %s", C_("field", field), shown, i18n_error(why));
}

/*
 * A strict grammar, digits [ '.' digits ], instead of strtod: strtod would
 * take "1e3", "nan", "0x10" and round 0.1 to binary, and amounts must be
 * exact. Leading zeros ("007") are harmless and accepted; ".5" and "5." are
 * accepted as 0.50 and 5.00, as Python's Decimal does, but a lone "." is not.
 */
enum crm_code money_parse(int64_t *out_cents, const char *field,
			  const char *text, struct crm_error *err)
{
	const char *start = text;
	const char *end = text + strlen(text);
	const char *p;
	int64_t units = 0;
	int64_t cents = 0;
	int int_digits = 0;
	int frac_digits = 0;

	while (start < end && is_blank(*start))
		start++;
	while (end > start && is_blank(end[-1]))
		end--;
	if (start == end)
		return crm_error_set(err, CRM_EINVALID,
				     "%s is empty: give an amount such as 1234.50", C_("field", field));
	if (*start == '-' || *start == '+')
		return refuse(err, field, start, (size_t)(end - start),
			      "must be an amount without a sign, e.g. 1234.50");
	for (p = start; p < end && is_digit(*p); p++, int_digits++) {
		units = units * 10 + (*p - '0');
		/* Stop early: more digits cannot bring it back under the
		 * maximum, and could overflow. */
		if (units > MONEY_MAX_CENTS / 100)
			return refuse(err, field, start, (size_t)(end - start),
				      "is too large: the maximum is 99999999.99");
	}
	if (p < end && *p == '.') {
		for (p++; p < end && is_digit(*p); p++, frac_digits++) {
			if (frac_digits == 2)
				return refuse(err, field, start, (size_t)(end - start),
					      "has more than two decimals");
			cents = cents * 10 + (*p - '0');
		}
	}
	if (p != end || int_digits + frac_digits == 0)
		return refuse(err, field, start, (size_t)(end - start),
			      "is not an amount: use digits with at most two decimals, e.g. 1234.50");
	if (frac_digits == 1)
		cents *= 10;
	*out_cents = units * 100 + cents;
	return CRM_OK;
}

void money_format(char out[MONEY_TEXT_MAX], int64_t cents)
{
	/* Works in unsigned so that INT64_MIN has a magnitude too. */
	uint64_t mag = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;

	snprintf(out, MONEY_TEXT_MAX, "%s%" PRIu64 ".%02" PRIu64,
		 cents < 0 ? "-" : "", mag / 100, mag % 100);
}
