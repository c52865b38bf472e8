/*
 * record.c — the fast path for a list's elements: one flat JSON object
 * (string, integer, true/false/null values: what the API's records are)
 * parsed in one pass into key/value pairs, its strings unescaped into one
 * reused buffer, no allocation per element. jansson builds a tree of
 * allocated nodes through a byte-at-a-time lexer: at 100k rows that was
 * most of a remote `--json clients list`.
 *
 * It only ever accepts what jansson accepts, with the same values
 * (tests/fuzz/fuzz-remote-split.c checks it): anything it does not handle
 * plainly (a nested value, a number that is not a short integer, a \u
 * escape, a duplicate key, too many keys, any syntax error) returns false,
 * and the caller asks jansson, whose verdict and message stand.
 */
#include <string.h>

#include "remote/remote-internal.h"

#define INT_DIGITS_MAX 18 /* fits int64_t whatever the digits */

void remote_record_init(struct remote_record *rec)
{
	rec->n = 0;
	strbuf_init(&rec->text);
}

void remote_record_free(struct remote_record *rec)
{
	strbuf_free(&rec->text);
}

static bool space(char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

struct cursor {
	const unsigned char *p, *end;
};

static void skip_space(struct cursor *c)
{
	while (c->p < c->end && space((char)*c->p))
		c->p++;
}

/* One UTF-8 sequence starting at c->p (a byte >= 0x80), RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF. */
static bool utf8_sequence(struct cursor *c)
{
	const unsigned char *p = c->p;
	size_t left = (size_t)(c->end - p);
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;

	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	} else {
		return false;
	}
	if (left < len || p[1] < lo || p[1] > hi)
		return false;
	for (size_t i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return false;
	c->p += len;
	return true;
}

/* A string at c->p ('"'), unescaped at *w with its NUL (the buffer is
 * large enough: see remote_record_parse); *w moves past the NUL. */
static bool string(struct cursor *c, char **w)
{
	char *out = *w;

	c->p++;
	for (;;) {
		const unsigned char *run = c->p;

		/* a run of plain ASCII at once */
		while (c->p < c->end && *c->p >= 0x20 && *c->p < 0x80 && *c->p != '"' &&
		       *c->p != '\\')
			c->p++;
		memcpy(out, run, (size_t)(c->p - run));
		out += c->p - run;
		if (c->p >= c->end)
			return false;
		if (*c->p == '"') {
			c->p++;
			*out++ = '\0';
			*w = out;
			return true;
		}
		if (*c->p == '\\') {
			if (c->end - c->p < 2)
				return false;
			switch (c->p[1]) {
			case '"': *out++ = '"'; break;
			case '\\': *out++ = '\\'; break;
			case '/': *out++ = '/'; break;
			case 'b': *out++ = '\b'; break;
			case 'f': *out++ = '\f'; break;
			case 'n': *out++ = '\n'; break;
			case 'r': *out++ = '\r'; break;
			case 't': *out++ = '\t'; break;
			default: return false; /* \u (and anything wrong): jansson's */
			}
			c->p += 2;
		} else if (*c->p < 0x20) {
			return false;
		} else {
			run = c->p;
			if (!utf8_sequence(c))
				return false;
			memcpy(out, run, (size_t)(c->p - run));
			out += c->p - run;
		}
	}
}

static bool literal(struct cursor *c, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return false;
	c->p += n;
	return true;
}

/* -?(0|[1-9][0-9]*), at most INT_DIGITS_MAX digits, not followed by a
 * fraction or an exponent. */
static bool integer(struct cursor *c, int64_t *out)
{
	bool neg = false;
	int64_t v = 0;
	size_t digits = 0;

	if (c->p < c->end && *c->p == '-') {
		neg = true;
		c->p++;
	}
	if (c->p >= c->end || *c->p < '0' || *c->p > '9')
		return false;
	if (*c->p == '0') {
		c->p++;
		digits = 1;
	} else {
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
			if (++digits > INT_DIGITS_MAX)
				return false;
			v = v * 10 + (*c->p++ - '0');
		}
	}
	if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E' ||
			      (*c->p >= '0' && *c->p <= '9')))
		return false;
	*out = neg ? -v : v;
	return true;
}

bool remote_record_parse_prefix(struct remote_record *rec, const char *text, size_t len,
				size_t *used)
{
	struct cursor c = { (const unsigned char *)text, (const unsigned char *)text + len };
	size_t key_at[REMOTE_FIELDS_MAX], val_at[REMOTE_FIELDS_MAX], key_len[REMOTE_FIELDS_MAX];
	char *w;

	rec->n = 0;
	rec->hint = 0;
	/* Unescaped, a string with its NUL is never longer than it was with
	 * its quotes: the text's length is room enough for all of them. */
	strbuf_reset(&rec->text);
	strbuf_grow(&rec->text, len + 1);
	w = rec->text.buf;
	skip_space(&c);
	if (c.p >= c.end || *c.p != '{')
		return false;
	c.p++;
	skip_space(&c);
	if (c.p < c.end && *c.p == '}') {
		c.p++;
		goto end;
	}
	for (;;) {
		struct remote_field *f;

		if (rec->n == REMOTE_FIELDS_MAX)
			return false;
		f = &rec->f[rec->n];
		key_at[rec->n] = (size_t)(w - rec->text.buf);
		if (c.p >= c.end || *c.p != '"' || !string(&c, &w))
			return false;
		key_len[rec->n] = (size_t)(w - rec->text.buf) - key_at[rec->n];
		skip_space(&c);
		if (c.p >= c.end || *c.p != ':')
			return false;
		c.p++;
		skip_space(&c);
		if (c.p >= c.end)
			return false;
		val_at[rec->n] = 0;
		f->v.i = 0;
		switch (*c.p) {
		case '"':
			f->v.type = RV_STRING;
			val_at[rec->n] = (size_t)(w - rec->text.buf);
			if (!string(&c, &w))
				return false;
			break;
		case 't':
			f->v.type = RV_BOOL;
			f->v.i = 1;
			if (!literal(&c, "true"))
				return false;
			break;
		case 'f':
			f->v.type = RV_BOOL;
			if (!literal(&c, "false"))
				return false;
			break;
		case 'n':
			f->v.type = RV_NULL;
			if (!literal(&c, "null"))
				return false;
			break;
		default:
			f->v.type = RV_INT;
			if (!integer(&c, &f->v.i))
				return false;
			break;
		}
		rec->n++;
		skip_space(&c);
		if (c.p < c.end && *c.p == ',') {
			c.p++;
			skip_space(&c);
			continue;
		}
		if (c.p < c.end && *c.p == '}') {
			c.p++;
			break;
		}
		return false;
	}
end:
	*used = (size_t)(c.p - (const unsigned char *)text);
	rec->text.len = (size_t)(w - rec->text.buf);
	*w = '\0';
	/* The text is whole now: offsets into pointers. */
	for (size_t i = 0; i < rec->n; i++) {
		rec->f[i].key = rec->text.buf + key_at[i];
		rec->f[i].v.s = rec->f[i].v.type == RV_STRING ? rec->text.buf + val_at[i] : NULL;
		for (size_t j = 0; j < i; j++)
			if (key_len[j] == key_len[i] && rec->f[j].key[0] == rec->f[i].key[0] &&
			    memcmp(rec->f[j].key, rec->f[i].key, key_len[i]) == 0)
				return false; /* jansson refuses it, with its message */
	}
	return true;
}

bool remote_record_parse(struct remote_record *rec, const char *text, size_t len)
{
	size_t used;

	if (!remote_record_parse_prefix(rec, text, len, &used))
		return false;
	while (used < len && space(text[used]))
		used++;
	return used == len;
}

bool remote_object_get(const struct remote_object *o, const char *key, struct remote_value *v)
{
	json_t *j;

	memset(v, 0, sizeof *v);
	if (o->rec) {
		/* The decoders ask for the keys in the order the server sends
		 * them: start where the last one was found. */
		struct remote_record *rec = o->rec;

		for (size_t k = 0; k < rec->n; k++) {
			size_t i = (rec->hint + k) % rec->n;

			if (strcmp(rec->f[i].key, key) == 0) {
				rec->hint = i + 1;
				*v = rec->f[i].v;
				return true;
			}
		}
		return false;
	}
	j = json_object_get(o->json, key);
	if (!j)
		return false;
	switch (json_typeof(j)) {
	case JSON_NULL:
		v->type = RV_NULL;
		break;
	case JSON_STRING:
		v->type = RV_STRING;
		v->s = json_string_value(j);
		break;
	case JSON_INTEGER:
		v->type = RV_INT;
		v->i = (int64_t)json_integer_value(j);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		v->type = RV_BOOL;
		v->i = json_is_true(j);
		break;
	default:
		v->type = RV_OTHER;
		break;
	}
	return true;
}
