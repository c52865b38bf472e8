/*
 * csv-read.h — the CSV reader, beside the writer (out.c, text.c).
 *
 * Reads what `--csv` writes and what spreadsheets save: RFC 4180 records
 * (quoted fields with doubled quotes, commas and line breaks inside, CRLF or
 * LF line ends), an optional UTF-8 byte order mark, and ',' or ';' as the
 * separator, chosen from the first line (the one found more often outside
 * quotes; ',' on a tie), since French spreadsheets write ';'.
 *
 * It streams: a fixed read buffer and the current record only, so memory
 * does not grow with the file. A field longer than the reader's bound, a
 * record with too many fields, a quote inside an unquoted field, text after
 * a closing quote, a NUL byte or an unterminated quote stop the reading
 * (CSV_BAD): after such a fault the rest of the file cannot be trusted to
 * split where its author meant. Bytes are passed as they are: UTF-8
 * validity is the caller's check, per field.
 *
 * Blank lines are skipped (spreadsheets leave them at the end).
 *
 * The formula escape (csv_formula_*) is the writer's and the reader's
 * shared rule, kept here so the two cannot drift apart.
 */
#ifndef EPICEVENTS_FORMAT_CSV_READ_H
#define EPICEVENTS_FORMAT_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The bounds a reader applies (csv_reader_open's defaults). */
#define CSV_FIELD_MAX (64 * 1024)
#define CSV_FIELDS_MAX 256

enum csv_status {
	CSV_RECORD, /* a record in *out */
	CSV_END,    /* no more records */
	CSV_BAD,    /* a fault: csv_reader_fault says where and why */
};

/* One record; valid until the next csv_read. fields[i] is NUL-terminated
 * (a field cannot hold a NUL: that is a fault). */
struct csv_record {
	char **fields;
	size_t nfields;
	long line;   /* physical line the record starts on, from 1 */
};

struct csv_reader;

/* A reader of fp (not closed by it); reads the first buffer at once to
 * skip the BOM and choose the separator. */
struct csv_reader *csv_reader_open(FILE *fp);
/* The same over a memory buffer (tests, fuzzing); data must outlive it. */
struct csv_reader *csv_reader_open_mem(const char *data, size_t len);
void csv_reader_close(struct csv_reader *r); /* NULL: nothing */

/* Lowers the field bound (tests). */
void csv_reader_set_field_max(struct csv_reader *r, size_t max);

char csv_reader_separator(const struct csv_reader *r);
bool csv_reader_had_bom(const struct csv_reader *r);

enum csv_status csv_read(struct csv_reader *r, struct csv_record *out);

/* After CSV_BAD: the physical line and the field number (from 1) where
 * the fault is, and why (a static lowercase phrase, "unterminated quote"). */
void csv_reader_fault(const struct csv_reader *r, long *line, size_t *column,
		      const char **reason);

/*
 * The formula escape (OWASP's "CSV injection"): a spreadsheet runs a cell
 * that starts with = + - @ (or a tab or CR) as a formula. The writer puts
 * an apostrophe before such a text, inside quotes, which spreadsheets show
 * as text; the reader takes exactly that apostrophe away again.
 *
 * A text "needs" the escape when, after any apostrophes it starts with, its
 * first character is one of those. Escaping adds one apostrophe to a text
 * that needs it; unescaping removes one from a text that starts with an
 * apostrophe and whose remainder needs it. So every stored text comes back
 * unchanged, "'=x" included (written "''=x"), and a text the writer did not
 * escape is never altered by the reader.
 */
bool csv_formula_needs_escape(const char *s);
/* The text without its escape: s itself, or s + 1. */
const char *csv_formula_unescape(const char *s);

#endif
