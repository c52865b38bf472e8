/*
 * money.h — amounts as exact integer cents.
 *
 * The program never holds money in floating point. Text in, cents out;
 * cents in, text out. Bounds follow SPEC.md: 0 <= amount <= 99999999.99.
 */
#ifndef EPICEVENTS_UTIL_MONEY_H
#define EPICEVENTS_UTIL_MONEY_H

#include <stdint.h>

#include "util/error.h"

#define MONEY_MAX_CENTS INT64_C(9999999999) /* 99999999.99 */
#define MONEY_TEXT_MAX 24                    /* enough for any int64 + ".00" */

/*
 * Parses "1234", "1234.5", "1234.50" (surrounding blanks allowed) into cents.
 * Also accepted, as Python's Decimal does: leading zeros ("007"), ".5"
 * (0.50) and "5." (5.00).
 * Refused, with CRM_EINVALID and a message naming `field` and the text:
 * empty, a sign (even "-0"), exponents ("1e3"), "nan"/"inf", more than two
 * fraction digits, a lone ".", thousands separators, anything above
 * MONEY_MAX_CENTS. *out_cents is untouched on failure.
 */
enum crm_code money_parse(int64_t *out_cents, const char *field,
			  const char *text, struct crm_error *err);

/* Formats cents as "10000.00" (negative values get a leading '-'). */
void money_format(char out[MONEY_TEXT_MAX], int64_t cents);

#endif
