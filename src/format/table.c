/*
 * table.c — OUT_HUMAN lists: a page of rows is buffered, measured in
 * terminal cells and printed as an aligned table, or as "key: value"
 * blocks when it would not fit the terminal (expanded display).
 */
#include "format/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "util/i18n.h"

#define BOLD "\033[1m"
#define RESET "\033[0m"
#define GAP 2 /* blanks between columns */

static const char *heading(const struct out_column *col)
{
	return col->heading ? _(col->heading) : col->key;
}

static bool right_aligned(const struct out_column *col)
{
	return col->type == OUT_INT || col->type == OUT_MONEY;
}

void out__human_key(struct strbuf *sb, const char *key, bool color)
{
	if (color)
		strbuf_puts(sb, BOLD);
	out_escape_human(sb, key);
	if (color)
		strbuf_puts(sb, RESET);
}

void out__human_pair(struct strbuf *sb, const char *key, bool color,
		     const char *value, size_t len)
{
	out__human_key(sb, key, color);
	strbuf_putc(sb, ':');
	if (len) {
		strbuf_putc(sb, ' ');
		strbuf_add(sb, value, len);
	}
	strbuf_putc(sb, '\n');
}

void out__table_init(struct out *o)
{
	o->cells = xcalloc(o->opt.page_rows * o->ncols, sizeof *o->cells);
	o->widths = xcalloc(o->ncols, sizeof *o->widths);
	strbuf_init(&o->page);
	for (size_t c = 0; c < o->ncols; c++)
		o->widths[c] = out_text_width(heading(&o->cols[c]));
}

static void put_spaces(struct strbuf *sb, size_t n)
{
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, ' ', n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

/*
 * Appends one cell of a table line. Padding is held in *pending and written
 * only before later text, so lines never end in blanks.
 */
static void put_cell(struct strbuf *sb, size_t *pending, const char *text,
		     size_t len, size_t width, size_t colw, bool right,
		     bool bold)
{
	size_t pad = colw > width ? colw - width : 0;

	if (right)
		*pending += pad;
	if (len) {
		put_spaces(sb, *pending);
		*pending = 0;
		if (bold)
			strbuf_puts(sb, BOLD);
		strbuf_add(sb, text, len);
		if (bold)
			strbuf_puts(sb, RESET);
	}
	if (!right)
		*pending += pad;
	*pending += GAP;
}

static void print_header(struct out *o)
{
	struct strbuf text = STRBUF_INIT;
	size_t pending = 0;
	const char *dash = o->opt.color ? "\xe2\x94\x80" : "-"; /* U+2500 */

	strbuf_reset(&o->line);
	for (size_t c = 0; c < o->ncols; c++) {
		size_t w;

		strbuf_reset(&text);
		w = out_escape_human(&text, heading(&o->cols[c]));
		put_cell(&o->line, &pending, text.buf, text.len, w,
			 o->widths[c], right_aligned(&o->cols[c]),
			 o->opt.color);
	}
	strbuf_putc(&o->line, '\n');
	pending = 0;
	for (size_t c = 0; c < o->ncols; c++) {
		strbuf_reset(&text);
		for (size_t i = 0; i < o->widths[c]; i++)
			strbuf_puts(&text, dash);
		put_cell(&o->line, &pending, text.buf, text.len, o->widths[c],
			 o->widths[c], false, false);
	}
	strbuf_putc(&o->line, '\n');
	out__write(o, &o->line);
	strbuf_free(&text);
	o->header_done = true;
}

static void print_rows(struct out *o)
{
	for (size_t r = 0; r < o->page_n; r++) {
		const struct out__cell *row = o->cells + r * o->ncols;
		size_t pending = 0;

		strbuf_reset(&o->line);
		for (size_t c = 0; c < o->ncols; c++)
			put_cell(&o->line, &pending, o->page.buf + row[c].off,
				 row[c].len, row[c].width, o->widths[c],
				 right_aligned(&o->cols[c]), false);
		strbuf_putc(&o->line, '\n');
		out__write(o, &o->line);
	}
}

static void print_blocks(struct out *o)
{
	for (size_t r = 0; r < o->page_n; r++) {
		const struct out__cell *row = o->cells + r * o->ncols;

		strbuf_reset(&o->line);
		if (o->blocks++ || o->header_done) /* after a table too */
			strbuf_putc(&o->line, '\n');
		for (size_t c = 0; c < o->ncols; c++)
			out__human_pair(&o->line, o->cols[c].key, o->opt.color,
					o->page.buf + row[c].off, row[c].len);
		out__write(o, &o->line);
	}
}

static void flush_page(struct out *o)
{
	size_t total = 0;

	if (!o->page_n)
		return;
	for (size_t c = 0; c < o->ncols; c++) {
		for (size_t r = 0; r < o->page_n; r++) {
			size_t w = o->cells[r * o->ncols + c].width;

			if (w > o->widths[c])
				o->widths[c] = w;
		}
		total += o->widths[c] + (c ? GAP : 0);
	}
	if (!o->expanded && o->opt.width > 0 && total > (size_t)o->opt.width)
		o->expanded = true;
	if (o->expanded) {
		print_blocks(o);
	} else {
		if (!o->header_done)
			print_header(o);
		print_rows(o);
	}
	o->page_n = 0;
	strbuf_reset(&o->page);
}

void out__table_row(struct out *o, const struct out_value *vals)
{
	struct out__cell *row = o->cells + o->page_n * o->ncols;

	for (size_t c = 0; c < o->ncols; c++) {
		row[c].off = o->page.len;
		row[c].width = out__value(&o->page, OUT_HUMAN, o->opt.zone, &o->cols[c],
					  &vals[c]);
		row[c].len = o->page.len - row[c].off;
	}
	if (++o->page_n == o->opt.page_rows)
		flush_page(o);
}

void out__table_end(struct out *o)
{
	flush_page(o);
	if (!o->nrows) {
		strbuf_reset(&o->line);
		strbuf_puts(&o->line, "(no rows)\n");
		out__write(o, &o->line);
	}
}

void out__table_free(struct out *o)
{
	if (!o->cells)
		return;
	free(o->cells);
	free(o->widths);
	strbuf_free(&o->page);
	o->cells = NULL;
	o->widths = NULL;
}
