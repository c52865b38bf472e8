/*
 * internal.h — shared between the files of src/format/ only; see format.h.
 */
#ifndef EPICEVENTS_OUT_INTERNAL_H
#define EPICEVENTS_OUT_INTERNAL_H

#include "format/format.h"

#define OUT_PAGE_ROWS_DEFAULT 500

/* One formatted table cell in the current page: text at page.buf + off. */
struct out__cell {
	size_t off;
	size_t len;
	size_t width; /* terminal cells */
};

struct out {
	struct out_options opt; /* fp resolved (never NULL), page_rows set */
	const struct out_column *cols;
	size_t ncols;
	size_t nrows;          /* rows received so far */
	struct strbuf line;    /* reused for each line written */
	int write_errno;       /* first failed write, 0 if none */

	/* OUT_HUMAN list only */
	struct out__cell *cells; /* page_rows * ncols */
	struct strbuf page;      /* text of the cells of the current page */
	size_t page_n;           /* rows in the current page */
	size_t *widths;          /* column widths so far (only grow) */
	bool header_done;
	bool expanded;           /* expanded display from now on */
	size_t blocks;           /* expanded blocks written */
};

/* Appends s as the body of a JSON string, with its quotes. */
void out__json_string(struct strbuf *sb, const char *s);
/* Appends s as one RFC 4180 field; "" for an empty string. */
void out__csv_field(struct strbuf *sb, const char *s);

/* Appends one value as the format shows it (OUT_HUMAN times in zone); for
 * OUT_HUMAN returns its width in cells (0 for the others). */
size_t out__value(struct strbuf *sb, enum out_format format, const struct tz *zone,
		  const struct out_column *col, const struct out_value *val);

/* A journal row's details (OUT_DETAILS) as the format shows them; false
 * when text is not a JSON object (then it is shown as OUT_TEXT). */
bool out__details(struct strbuf *sb, enum out_format format, const char *text,
		  size_t *width);

/* Writes sb to o's stream; remembers the first failure. */
void out__write(struct out *o, const struct strbuf *sb);

/* OUT_HUMAN list, in table.c */
void out__table_init(struct out *o);
void out__table_row(struct out *o, const struct out_value *vals);
void out__table_end(struct out *o);
void out__table_free(struct out *o);
/* Appends a key for a "key: value" line, bold with colour. */
void out__human_key(struct strbuf *sb, const char *key, bool color);
/* Appends "key: value\n" (no blank after the colon when value is empty). */
void out__human_pair(struct strbuf *sb, const char *key, bool color,
		     const char *value, size_t len);

#endif
