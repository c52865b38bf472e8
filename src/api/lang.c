#include "api/lang.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

const struct api_lang api_langs[] = {
	{ "en", NULL },
	{ "fr", "fr_FR.UTF-8" },
};
const int api_lang_count = (int)(sizeof api_langs / sizeof api_langs[0]);

#define LANGS_MAX 8 /* api_lang_pick's arrays */
_Static_assert(sizeof api_langs / sizeof api_langs[0] <= LANGS_MAX, "raise LANGS_MAX");

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in
 * thousandths; -1 when malformed. */
static int parse_q(const char *p, size_t n)
{
	int q, digits = 0, scale = 100;

	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	q = (p[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (p[1] != '.' || n > 5)
		return -1;
	for (size_t i = 2; i < n; i++, digits++, scale /= 10) {
		if (!is_digit(p[i]) || (q == 1000 && p[i] != '0'))
			return -1;
		q += (p[i] - '0') * scale;
	}
	return q;
}

/* language-range = ( 1*8ALPHA *( "-" 1*8alphanum ) ) / "*" */
static bool valid_range(const char *p, size_t n)
{
	size_t run = 0;
	bool first = true;

	if (n == 1 && p[0] == '*')
		return true;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '-') {
			if (run == 0)
				return false;
			run = 0;
			first = false;
			continue;
		}
		if (!(is_alpha(p[i]) || (!first && is_digit(p[i]))) || ++run > 8)
			return false;
	}
	return run > 0;
}

/* How well range (valid) names tag: 2 exactly, 1 by its primary subtag, 0 not. */
static int match(const char *range, size_t n, const char *tag)
{
	size_t t = strlen(tag), i;

	for (i = 0; i < n && i < t; i++)
		if (lower(range[i]) != tag[i])
			return 0;
	if (i != t)
		return 0;
	if (n == t)
		return 2;
	return range[t] == '-' ? 1 : 0;
}

const struct api_lang *api_lang_pick(const char *header)
{
	/* Per language: q of its exact range, best q of its subtags' ranges,
	 * and where in the header each was first seen. */
	int exact_q[LANGS_MAX], sub_q[LANGS_MAX], seen_at[LANGS_MAX];
	int star_q = -1, star_at = 0, pos = 0;
	int best = 0, best_q = 0, best_at = 0;
	const char *p = header;

	for (int i = 0; i < api_lang_count; i++)
		exact_q[i] = sub_q[i] = -1, seen_at[i] = 0;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *r = p, *stop = p + len, *semi;
		int q = 1000;

		p = end ? end + 1 : NULL;
		while (r < stop && is_ows(*r))
			r++;
		for (semi = r; semi < stop && *semi != ';'; semi++)
			;
		if (semi == stop)
			semi = NULL;
		const char *rend = semi ? semi : stop;
		while (rend > r && is_ows(rend[-1]))
			rend--;
		if (rend == r || !valid_range(r, (size_t)(rend - r)))
			continue;
		if (semi) {
			const char *w = semi + 1, *wend = stop;
			while (w < wend && is_ows(*w))
				w++;
			while (wend > w && is_ows(wend[-1]))
				wend--;
			if (wend - w < 2 || lower(w[0]) != 'q' || w[1] != '=')
				continue;
			q = parse_q(w + 2, (size_t)(wend - w - 2));
			if (q < 0)
				continue;
		}
		pos++;
		if (rend - r == 1 && *r == '*') {
			if (star_q < 0)
				star_q = q, star_at = pos;
			continue;
		}
		for (int i = 0; i < api_lang_count; i++) {
			int m = match(r, (size_t)(rend - r), api_langs[i].tag);
			if (m == 2 && exact_q[i] < 0)
				exact_q[i] = q;
			else if (m == 1 && q > sub_q[i])
				sub_q[i] = q;
			if (m && !seen_at[i])
				seen_at[i] = pos;
		}
	}
	for (int i = 0; i < api_lang_count; i++) {
		int q = exact_q[i] >= 0 ? exact_q[i] : sub_q[i] >= 0 ? sub_q[i] : star_q;
		int at = seen_at[i] ? seen_at[i] : star_at;
		if (q > best_q || (q == best_q && q > 0 && at < best_at)) {
			best = i;
			best_q = q;
			best_at = at;
		}
	}
	return &api_langs[best];
}
