/*
 * sql-text.c — text helpers the two drivers share (see sql-text.h).
 */
#include "store/sql-text.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/strbuf.h"


static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* p is at an opening quote; returns the position after the closing one
 * (a doubled quote is part of the text; with backslashes, \x is too). */
static const char *skip_quoted(const char *p, char quote, bool backslashes)
{
	for (p++; *p; p++) {
		if (backslashes && *p == '\\' && p[1]) {
			p++;
		} else if (*p == quote) {
			if (p[1] != quote)
				return p + 1;
			p++;
		}
	}
	return p;
}

/* p is at '/' '*'; PostgreSQL nests block comments, SQLite does not, and
 * neither kind of program text here relies on the difference. */
static const char *skip_block_comment(const char *p, bool nested)
{
	int depth = 1;

	for (p += 2; *p; p++) {
		if (nested && p[0] == '/' && p[1] == '*') {
			depth++;
			p++;
		} else if (p[0] == '*' && p[1] == '/') {
			p++;
			if (--depth == 0)
				return p + 1;
		}
	}
	return p;
}

/* p is at '$' opening "$tag$" or "$$"; returns after the matching close,
 * or NULL when this is no dollar quote. */
static const char *skip_dollar_quote(const char *p)
{
	const char *q = p + 1;
	size_t taglen;
	const char *end;

	if (*q != '$' && !isalpha((unsigned char)*q) && *q != '_')
		return NULL;
	while (*q != '$') {
		if (!isalnum((unsigned char)*q) && *q != '_')
			return NULL;
		q++;
	}
	taglen = (size_t)(q - p) + 1; /* "$tag$" */
	for (end = q + 1; *end; end++)
		if (*end == '$' && strncmp(end, p, taglen) == 0)
			return end + taglen;
	return end;
}

int db_sql_scan_params(const char *sql, bool dollar_quotes, struct strbuf *out,
		       const char **bad)
{
	const char *p = sql;
	int max = 0;

	while (*p) {
		const char *start = p;
		bool after_ident = p > sql && is_ident_char(p[-1]);

		if (*p == '\'') {
			/* E'...' is PostgreSQL's escape string, where \' does not end it. */
			bool e = dollar_quotes && p > sql && (p[-1] == 'E' || p[-1] == 'e') &&
				 !(p - 1 > sql && is_ident_char(p[-2]));
			p = skip_quoted(p, '\'', e);
		} else if (*p == '"') {
			p = skip_quoted(p, '"', false);
		} else if (!dollar_quotes && *p == '`') {
			p = skip_quoted(p, '`', false);
		} else if (!dollar_quotes && *p == '[') {
			const char *close = strchr(p, ']');
			p = close ? close + 1 : p + strlen(p);
		} else if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			p = skip_block_comment(p, dollar_quotes);
		} else if (*p == '$' && isdigit((unsigned char)p[1]) && !after_ident) {
			long n = 0;
			const char *d = p + 1;
			while (isdigit((unsigned char)*d)) {
				n = n * 10 + (*d - '0');
				if (n > 65535)
					break;
				d++;
			}
			if (n < 1 || n > 65535) {
				if (bad)
					*bad = p;
				return -1;
			}
			if (n > max)
				max = (int)n;
			if (out) {
				strbuf_putc(out, '?');
				strbuf_add(out, p + 1, (size_t)(d - p - 1));
			}
			p = d;
			continue;
		} else if (dollar_quotes && *p == '$' && !after_ident) {
			const char *end = skip_dollar_quote(p);
			p = end ? end : p + 1;
		} else {
			p++;
		}
		if (out)
			strbuf_add(out, start, (size_t)(p - start));
	}
	return max;
}

int db_parse_numeric_cents(const char *text, int64_t *out)
{
	const char *p = text;
	bool neg = false, overflow = false;
	uint64_t mag = 0;
	int frac_digits = 0;
	int round_up = 0;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		if (mag > (UINT64_MAX - 9) / 10)
			overflow = true;
		else
			mag = mag * 10 + (uint64_t)(*p - '0');
	}
	if (mag > UINT64_MAX / 100)
		overflow = true;
	else
		mag *= 100;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (frac_digits == 0)
				mag += (uint64_t)(*p - '0') * 10;
			else if (frac_digits == 1)
				mag += (uint64_t)(*p - '0');
			else if (frac_digits == 2)
				round_up = *p >= '5';
			frac_digits++;
		}
	}
	if (*p != '\0')
		return -1;
	mag += (uint64_t)round_up;
	if (overflow || mag > (uint64_t)INT64_MAX)
		*out = neg ? INT64_MIN : INT64_MAX;
	else
		*out = neg ? -(int64_t)mag : (int64_t)mag;
	return 0;
}

void db_scrub_message(char *out, size_t n, const char *msg, const char *secret)
{
	size_t len = strcspn(msg, "\r\n");
	size_t slen = secret ? strlen(secret) : 0;
	size_t o = 0;

	if (n == 0)
		return;
	for (size_t i = 0; i < len && o + 1 < n;) {
		if (slen && i + slen <= len && memcmp(msg + i, secret, slen) == 0) {
			for (const char *r = "***"; *r && o + 1 < n; r++)
				out[o++] = *r;
			i += slen;
		} else {
			out[o++] = msg[i++];
		}
	}
	out[o] = '\0';
}
