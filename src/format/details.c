/*
 * details.c — a journal row's details (OUT_DETAILS): the JSON object the
 * journal stores, {"phone": ["01 02", "06 11"], "password": "changed"},
 * given to JSON as an object rather than as a string, and to people as
 * "phone: 01 02 → 06 11; password: changed". Rows written before values
 * were kept as [old, new], or by another program, may hold any text: that
 * is shown as the text it is.
 */
#include "format/internal.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* One value for people: a string as itself, null as "-", others as JSON. */
static size_t human_value(struct strbuf *sb, json_t *v)
{
	char *text;
	size_t width;

	if (json_is_string(v))
		return out_escape_human(sb, json_string_value(v));
	if (json_is_null(v)) {
		strbuf_putc(sb, '-');
		return 1;
	}
	text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	width = out_escape_human(sb, text ? text : "?");
	free(text);
	return width;
}

static size_t human_details(struct strbuf *sb, json_t *obj)
{
	const char *key;
	json_t *v;
	size_t width = 0;
	bool first = true;

	json_object_foreach(obj, key, v) {
		if (!first) {
			strbuf_add(sb, "; ", 2);
			width += 2;
		}
		first = false;
		width += out_escape_human(sb, key);
		strbuf_add(sb, ": ", 2);
		width += 2;
		if (json_is_array(v) && json_array_size(v) == 2) {
			width += human_value(sb, json_array_get(v, 0));
			strbuf_puts(sb, " \u2192 ");
			width += 3;
			width += human_value(sb, json_array_get(v, 1));
		} else {
			width += human_value(sb, v);
		}
	}
	return width;
}

bool out__details(struct strbuf *sb, enum out_format format, const char *text,
		  size_t *width)
{
	json_t *obj;
	char *dump;

	*width = 0;
	if (format == OUT_CSV || !text || text[0] != '{')
		return false;
	obj = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return false;
	}
	if (format == OUT_HUMAN) {
		*width = human_details(sb, obj);
	} else {
		/* jansson writes valid UTF-8 JSON; ", " and ": " as the rest. */
		dump = json_dumps(obj, JSON_PRESERVE_ORDER);
		if (!dump) {
			json_decref(obj);
			return false;
		}
		strbuf_puts(sb, dump);
		free(dump);
	}
	json_decref(obj);
	return true;
}
