/* The formatter on arbitrary stored text: JSON output always parses and
 * keeps valid UTF-8 text as it was; human output never carries a control
 * character (other than its own newlines) nor invalid UTF-8. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "format/format.h"
#include "util/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct out_column cols[] = {
	{ "id", "ID", OUT_INT },
	{ "name", "Name", OUT_TEXT },
	{ "notes", "Notes", OUT_TEXT },
};

static char *render(enum out_format format, const char *a, const char *b, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	struct out_options opt = { .fp = fp, .format = format, .width = 40 };
	struct out_value v[] = { out_num(7), out_text(a), out_text(b) };
	struct crm_error err;
	struct out *o;

	if (format == OUT_CSV) {
		o = out_list_begin(&opt, cols, 3);
		out_list_row(o, v, &err);
		out_list_row(o, v, &err);
		out_list_end(o, &err);
	} else {
		out_record(&opt, cols, 3, v, &err);
	}
	fclose(fp);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	const char *a, *b;
	char *out;
	size_t len, split;

	memcpy(text, data, size);
	text[size] = '\0';
	split = strlen(text) / 2;
	a = text + split; /* second half */
	b = text;         /* the whole text (NUL-terminated at its first NUL) */

	out = render(OUT_JSON, a, b, &len);
	{
		json_error_t jerr;
		json_t *obj = json_loads(out, 0, &jerr);
		if (!obj)
			abort();
		if (utf8_valid(b, strlen(b)) &&
		    strcmp(json_string_value(json_object_get(obj, "notes")), b) != 0)
			abort();
		json_decref(obj);
	}
	free(out);

	out = render(OUT_HUMAN, a, b, &len);
	if (!utf8_valid(out, len))
		abort();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			abort();
	}
	free(out);

	out = render(OUT_CSV, a, b, &len);
	free(out);
	free(text);
	return 0;
}
