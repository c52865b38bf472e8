/*
 * text.c — how text is encoded per output format: escaped and measured in
 * terminal cells for people, JSON strings, CSV fields.
 */
#include "format/internal.h"
#include "format/csv-read.h"

#include <string.h>
#include <utf8proc.h>

static const char hex[] = "0123456789abcdef";

static void put_hex_byte(struct strbuf *sb, unsigned char c)
{
	char b[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	strbuf_add(sb, b, sizeof b);
}

static void put_u_escape(struct strbuf *sb, unsigned cp)
{
	char b[6] = { '\\', 'u', hex[(cp >> 12) & 15], hex[(cp >> 8) & 15],
		      hex[(cp >> 4) & 15], hex[cp & 15] };

	strbuf_add(sb, b, sizeof b);
}

/* Code points above ASCII that a terminal could act on, or that could
 * reorder or break what is shown around them. */
static bool needs_u_escape(utf8proc_int32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f)      /* C1 controls (CSI is 0x9b) */
	       || cp == 0x2028 || cp == 0x2029 /* line/paragraph separator */
	       || (cp >= 0x202a && cp <= 0x202e) /* bidi embeddings, overrides */
	       || (cp >= 0x2066 && cp <= 0x2069); /* bidi isolates */
}

/* Decodes one code point at p (n > 0 bytes left). Returns its length, or
 * -1 for an invalid byte (the caller then takes that one byte alone). */
static ptrdiff_t decode(const unsigned char *p, size_t n, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t r = utf8proc_iterate(p, (utf8proc_ssize_t)n, cp);

	return r > 0 ? (ptrdiff_t)r : -1;
}

size_t out_escape_human(struct strbuf *sb, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *end;
	size_t w = 0;

	if (!text)
		return 0;
	end = p + strlen(text);
	while (p < end) {
		utf8proc_int32_t cp;
		ptrdiff_t n;

		if (*p < 0x80) {
			switch (*p) {
			case '\n': strbuf_add(sb, "\\n", 2); w += 2; break;
			case '\r': strbuf_add(sb, "\\r", 2); w += 2; break;
			case '\t': strbuf_add(sb, "\\t", 2); w += 2; break;
			default:
				if (*p < 0x20 || *p == 0x7f) {
					put_hex_byte(sb, *p);
					w += 4;
				} else {
					strbuf_putc(sb, (char)*p);
					w += 1;
				}
			}
			p++;
			continue;
		}
		n = decode(p, (size_t)(end - p), &cp);
		if (n < 0) {
			put_hex_byte(sb, *p);
			w += 4;
			p++;
		} else if (needs_u_escape(cp)) {
			put_u_escape(sb, (unsigned)cp);
			w += 6;
			p += n;
		} else {
			int cw = utf8proc_charwidth(cp);

			strbuf_add(sb, p, (size_t)n);
			w += cw > 0 ? (size_t)cw : 0;
			p += n;
		}
	}
	return w;
}

size_t out_text_width(const char *utf8)
{
	struct strbuf sb = STRBUF_INIT;
	size_t w = out_escape_human(&sb, utf8);

	strbuf_free(&sb);
	return w;
}

void out__json_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);

	strbuf_putc(sb, '"');
	while (p < end) {
		const unsigned char *run = p;
		utf8proc_int32_t cp;
		ptrdiff_t n;

		/* plain bytes and valid UTF-8 sequences go out in one copy */
		for (;;) {
			if (p >= end)
				break;
			if (*p < 0x80) {
				if (*p < 0x20 || *p == '"' || *p == '\\')
					break;
				p++;
				continue;
			}
			n = decode(p, (size_t)(end - p), &cp);
			if (n < 0)
				break;
			p += n;
		}
		if (p > run)
			strbuf_add(sb, run, (size_t)(p - run));
		if (p >= end)
			break;
		if (*p < 0x80) {
			switch (*p) {
			case '"': strbuf_add(sb, "\\\"", 2); break;
			case '\\': strbuf_add(sb, "\\\\", 2); break;
			case '\n': strbuf_add(sb, "\\n", 2); break;
			case '\r': strbuf_add(sb, "\\r", 2); break;
			case '\t': strbuf_add(sb, "\\t", 2); break;
			case '\b': strbuf_add(sb, "\\b", 2); break;
			case '\f': strbuf_add(sb, "\\f", 2); break;
			default: put_u_escape(sb, *p);
			}
		} else {
			strbuf_add(sb, "\xef\xbf\xbd", 3); /* U+FFFD */
		}
		p++;
	}
	strbuf_putc(sb, '"');
}

void out__csv_field(struct strbuf *sb, const char *s)
{
	const char *q;
	bool formula = csv_formula_needs_escape(s);

	if (*s && !formula && !strpbrk(s, ",;\"\r\n")) {
		strbuf_puts(sb, s);
		return;
	}
	/* Quoted with an apostrophe first: a spreadsheet shows it as text
	 * instead of running it (csv-read.h's formula escape). */
	strbuf_putc(sb, '"');
	if (formula)
		strbuf_putc(sb, '\'');
	while ((q = strchr(s, '"'))) {
		strbuf_add(sb, s, (size_t)(q - s + 1));
		strbuf_putc(sb, '"');
		s = q + 1;
	}
	strbuf_puts(sb, s);
	strbuf_putc(sb, '"');
}
