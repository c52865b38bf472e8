/* csv-read.c — the streaming CSV reader and the formula escape (csv-read.h). */
#include "format/csv-read.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define CSV_BUFFER (64 * 1024)

struct csv_reader {
	FILE *fp;                /* NULL for a memory reader */
	char *own;               /* the read buffer (file readers) */
	const char *buf;
	size_t pos, len;
	bool eof;
	char sep;
	bool bom;
	size_t field_max;
	long line;               /* current physical line */
	struct strbuf text;      /* the record's fields, NUL-separated */
	size_t *starts;          /* offsets of the fields in text */
	char **fields;           /* pointers handed out, rebuilt per record */
	size_t cap;
	long fault_line;
	size_t fault_column;
	const char *fault;
};

/* Refills a file reader's buffer; false at the end of the input. */
static bool refill(struct csv_reader *r)
{
	if (r->eof || !r->fp)
		return false;
	r->len = fread(r->own, 1, CSV_BUFFER, r->fp);
	r->pos = 0;
	if (r->len == 0) {
		r->eof = true;
		return false;
	}
	return true;
}

/* The next byte, or -1 at the end. */
static inline int next(struct csv_reader *r)
{
	if (r->pos == r->len && !refill(r))
		return -1;
	return (unsigned char)r->buf[r->pos++];
}

static inline int peek(struct csv_reader *r)
{
	if (r->pos == r->len && !refill(r))
		return -1;
	return (unsigned char)r->buf[r->pos];
}

/* Skips the BOM and counts the separators of the first line that lies in
 * the buffer, outside quotes. */
static void start(struct csv_reader *r)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;

	if (r->len >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0) {
		r->pos = 3;
		r->bom = true;
	}
	for (size_t i = r->pos; i < r->len; i++) {
		char c = r->buf[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ',')
			commas++;
		else if (!quoted && c == ';')
			semis++;
	}
	r->sep = semis > commas ? ';' : ',';
}

static struct csv_reader *reader_new(void)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);

	strbuf_init(&r->text);
	r->field_max = CSV_FIELD_MAX;
	r->line = 1;
	return r;
}

struct csv_reader *csv_reader_open(FILE *fp)
{
	struct csv_reader *r = reader_new();

	r->fp = fp;
	r->own = xmalloc(CSV_BUFFER);
	r->buf = r->own;
	/* A short first read (a pipe) still holds the header line nearly
	 * always; the separator falls back to ',' otherwise. */
	refill(r);
	start(r);
	return r;
}

struct csv_reader *csv_reader_open_mem(const char *data, size_t len)
{
	struct csv_reader *r = reader_new();

	r->buf = data;
	r->len = len;
	r->eof = true;
	start(r);
	return r;
}

void csv_reader_close(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->own);
	strbuf_free(&r->text);
	free(r->starts);
	free(r->fields);
	free(r);
}

void csv_reader_set_field_max(struct csv_reader *r, size_t max)
{
	r->field_max = max;
}

char csv_reader_separator(const struct csv_reader *r)
{
	return r->sep;
}

bool csv_reader_had_bom(const struct csv_reader *r)
{
	return r->bom;
}

void csv_reader_fault(const struct csv_reader *r, long *line, size_t *column,
		      const char **reason)
{
	*line = r->fault_line;
	*column = r->fault_column;
	*reason = r->fault ? r->fault : "no fault";
}

static enum csv_status fault(struct csv_reader *r, long line, size_t nfields,
			     const char *why)
{
	r->fault_line = line;
	r->fault_column = nfields + 1;
	r->fault = why;
	r->eof = true;
	r->pos = r->len; /* nothing more is read */
	return CSV_BAD;
}

/* Ends the current field: its start offset was pushed already. */
static bool end_field(struct csv_reader *r, size_t *nfields)
{
	strbuf_putc(&r->text, '\0');
	(*nfields)++;
	if (*nfields >= CSV_FIELDS_MAX)
		return false;
	if (*nfields >= r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->starts = xrealloc(r->starts, r->cap * sizeof *r->starts);
	}
	r->starts[*nfields] = r->text.len;
	return true;
}

/* Consumes an LF after a CR; counts the line. */
static void end_line(struct csv_reader *r, int c)
{
	if (c == '\r' && peek(r) == '\n')
		r->pos++;
	r->line++;
}

enum csv_status csv_read(struct csv_reader *r, struct csv_record *out)
{
	size_t nfields, flen;
	long rec_line, quote_line;
	int c;

again:
	if (r->fault)
		return CSV_BAD;
	strbuf_reset(&r->text);
	nfields = 0;
	if (!r->cap) {
		r->cap = 16;
		r->starts = xrealloc(r->starts, r->cap * sizeof *r->starts);
	}
	r->starts[0] = 0;
	rec_line = r->line;
	c = next(r);
	if (c < 0)
		return CSV_END;
	if (c == '\n' || c == '\r') { /* a blank line */
		end_line(r, c);
		goto again;
	}
	for (;;) { /* one field per turn, c its first byte */
		flen = 0;
		if (c == '"') {
			quote_line = r->line;
			for (;;) {
				c = next(r);
				if (c < 0)
					return fault(r, quote_line, nfields, "unterminated quote");
				if (c == '"') {
					c = next(r);
					if (c != '"')
						break;
				} else if (c == '\n' || (c == '\r' && peek(r) != '\n')) {
					r->line++;
				} else if (c == '\0') {
					return fault(r, r->line, nfields, "contains a NUL byte");
				}
				if (++flen > r->field_max)
					return fault(r, quote_line, nfields, "field is too long");
				strbuf_putc(&r->text, (char)c);
			}
			if (c >= 0 && c != r->sep && c != '\n' && c != '\r')
				return fault(r, r->line, nfields,
					     "text after a closing quote (a quote inside a quoted field is written \"\")");
		} else {
			while (c >= 0 && c != r->sep && c != '\n' && c != '\r') {
				if (c == '"')
					return fault(r, r->line, nfields,
						     "quote inside a field that does not start with one");
				if (c == '\0')
					return fault(r, r->line, nfields, "contains a NUL byte");
				if (++flen > r->field_max)
					return fault(r, r->line, nfields, "field is too long");
				strbuf_putc(&r->text, (char)c);
				c = next(r);
			}
		}
		if (!end_field(r, &nfields))
			return fault(r, rec_line, nfields, "too many fields");
		if (c == r->sep) {
			c = next(r);
			continue;
		}
		if (c == '\n' || c == '\r')
			end_line(r, c);
		break; /* end of record (or of input) */
	}
	if (nfields > r->cap) /* never: end_field keeps cap > nfields */
		abort();
	r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	for (size_t i = 0; i < nfields; i++)
		r->fields[i] = r->text.buf + r->starts[i];
	out->fields = r->fields;
	out->nfields = nfields;
	out->line = rec_line;
	return CSV_RECORD;
}

bool csv_formula_needs_escape(const char *s)
{
	while (*s == '\'')
		s++;
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

const char *csv_formula_unescape(const char *s)
{
	return s[0] == '\'' && csv_formula_needs_escape(s + 1) ? s + 1 : s;
}
