/*
 * format.h — the one output formatter (out_*): every command prints its
 * results here.
 *
 * A command describes its columns once (a static array of struct out_column)
 * and feeds values, either one record or a list row by row:
 *
 *   static const struct out_column cols[] = {
 *       { "id",               "ID",         OUT_INT   },
 *       { "full_name",        "Full name",  OUT_TEXT  },
 *       { "total_amount",     "Total",      OUT_MONEY },
 *       { "creation_date",    "Created",    OUT_TIME  },
 *       { "is_signed",        "Signed",     OUT_BOOL  },
 *   };
 *   struct out *o = out_list_begin(&opt, cols, OUT_NCOLS(cols));
 *   for each row {
 *       struct out_value v[] = { out_num(id), out_text(name), out_num(cents),
 *                                out_num(created), out_bool(is_signed) };
 *       if (out_list_row(o, v, err) != CRM_OK) { out_list_abort(o); goto done; }
 *   }
 *   rc = out_list_end(o, err);          (or out_list_abort(o) if the producer failed)
 *
 * The column's type, not the value, says how a value is shown:
 *
 *             OUT_HUMAN (table/record)  OUT_JSON                 OUT_CSV
 *   OUT_TEXT  escaped text (see below)  "string" (valid UTF-8)   field as stored
 *   OUT_INT   42, right-aligned         42                       42
 *   OUT_MONEY 10000.00, right-aligned   "10000.00"               10000.00
 *   OUT_TIME  2023-05-05 17:00 (zone)   "2023-05-05T15:00:00Z"   2023-05-05T15:00:00Z
 *             or, with value.zone, 2023-05-05 17:00 CEST (that zone, named)
 *   OUT_BOOL  yes / no                  true / false             true / false
 *   OUT_DETAILS  phone: a → b; ...      {"phone": ["a", "b"]}    field as stored
 *             (text that is not a JSON object: as OUT_TEXT)
 *   null      -                         null                     (empty field)
 *
 * OUT_HUMAN, list: an aligned table for people.
 *     ID  Full name  Total
 *     --  ---------  --------
 *      1  Zoë        10000.00
 *   - Headings are column->heading (column->key when NULL), bold with colour.
 *     The separator is '-' without colour, '─' (U+2500) with colour.
 *   - Widths are counted in terminal cells (utf8proc): combining marks 0,
 *     CJK and emoji 2. Columns are two spaces apart; no trailing blanks.
 *   - Rows are buffered one page at a time (page_rows, default 500) to size
 *     the columns; the header is printed once. A later page keeps the widths
 *     seen so far and only widens columns, so short pages stay aligned.
 *   - When width > 0 and a page's table would be wider than width, that page
 *     and every later one use expanded display (psql's \x auto): each row is a
 *     block of "key: value" lines, blocks separated by one blank line.
 *   - An empty list prints the single line "(no rows)". No row-count footer.
 * OUT_HUMAN, record: one "key: value" line per column, in column order, using
 *   the schema key ("full_name: Kevin Casey"); key bold with colour.
 *   Same value formatting as the table; no alignment padding.
 *
 * Security (OUT_HUMAN only): stored text can never drive the terminal. In
 *   values, keys and headings, these are shown escaped, in ASCII:
 *     \n \r \t                  newline, carriage return, tab
 *     \xHH                      other C0 controls, DEL (\x7f), ESC (\x1b),
 *                               and each byte of invalid UTF-8 (\xff)
 *     \uHHHH                    C1 controls U+0080..U+009F, the line and
 *                               paragraph separators U+2028/U+2029, and the
 *                               bidi controls U+202A..U+202E, U+2066..U+2069
 *   A backslash in the data is shown as itself (not doubled).
 *   JSON and CSV carry the data faithfully instead: JSON escapes " \ and
 *   controls (\n, \u001b, ...) and replaces each invalid UTF-8 byte with
 *   U+FFFD, so it is always valid JSON; CSV copies the bytes as they are.
 *
 * OUT_JSON: a list is an array with one object per line, written as rows
 *   arrive ("[\n  {...},\n  {...}\n]\n"; "[]\n" when empty); a record is one
 *   object on one line ("{...}\n"). Keys are column->key, in column order;
 *   separators ", " and ": ". Memory does not grow with the number of rows.
 * OUT_CSV: RFC 4180. Header row of keys, then rows; CRLF line ends; a field is
 *   quoted when it holds a comma, semicolon, quote, CR or LF, quotes doubled.
 *   A text a spreadsheet would run as a formula (= + - @ tab CR first) is
 *   written quoted with an apostrophe before it, which `clients import`
 *   takes away again (csv-read.h's formula escape). A null is an
 *   empty field, an empty string is "" (as PostgreSQL's COPY CSV does), so the
 *   two stay distinguishable. A record is the header plus one row. Streams.
 *
 * Colour codes are written only when opt->color is true, and only in
 * OUT_HUMAN. The caller decides (--no-color, NO_COLOR, isatty).
 *
 * Errors: writes go to opt->fp through stdio. out_list_row stops writing as
 * soon as the stream has failed and says so, so a producer can stop early;
 * out_list_end and out_record fflush(fp) and check ferror(fp), and return
 * CRM_EINTERNAL "cannot write output: <strerror>" (a full disk, a closed
 * pipe with SIGPIPE ignored). fp is never closed here: the caller closes
 * stdout and checks that too.
 */
#ifndef EPICEVENTS_FORMAT_FORMAT_H
#define EPICEVENTS_FORMAT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/error.h"
#include "util/strbuf.h"

struct tz;

enum out_format {
	OUT_HUMAN, /* table for a list, "key: value" lines for a record */
	OUT_JSON,
	OUT_CSV,
};

enum out_type {
	OUT_TEXT,  /* value.text, UTF-8 */
	OUT_INT,   /* value.num */
	OUT_MONEY, /* value.num, integer cents */
	OUT_TIME,  /* value.num, seconds since the epoch, UTC */
	OUT_BOOL,  /* value.flag */
	OUT_DETAILS, /* value.text: a journal row's details (details.c) */
};

struct out_column {
	const char *key;     /* schema name: JSON/CSV key, record label */
	const char *heading; /* table heading, e.g. "Full name"; NULL = key */
	enum out_type type;
};

/* One cell. Build them with the helpers below. A OUT_TEXT value whose text
 * is NULL is null too. */
struct out_value {
	bool is_null;
	const char *text; /* OUT_TEXT */
	int64_t num;      /* OUT_INT, OUT_MONEY, OUT_TIME */
	bool flag;        /* OUT_BOOL */
	/* OUT_TIME in OUT_HUMAN: shown in this zone with its abbreviation
	 * (an event's own zone) instead of out_options.zone; NULL = that. */
	const struct tz *zone;
};

struct out_options {
	FILE *fp;               /* NULL = stdout */
	enum out_format format;
	bool color;             /* OUT_HUMAN only: bold headings/keys */
	int width;              /* terminal columns for expanded display; 0 = unlimited */
	size_t page_rows;       /* OUT_HUMAN rows buffered per page; 0 = 500 */
	const struct tz *zone;  /* OUT_HUMAN times are shown in it; NULL = UTC */
};

#define OUT_NCOLS(cols) (sizeof(cols) / sizeof((cols)[0]))

static inline struct out_value out_text(const char *s)
{
	return (struct out_value){ .is_null = s == NULL, .text = s };
}
static inline struct out_value out_num(int64_t n) /* int, cents or time */
{
	return (struct out_value){ .num = n };
}
static inline struct out_value out_bool(bool b)
{
	return (struct out_value){ .flag = b };
}
static inline struct out_value out_time_in(int64_t utc, const struct tz *zone)
{
	return (struct out_value){ .num = utc, .zone = zone };
}
static inline struct out_value out_null(void)
{
	return (struct out_value){ .is_null = true };
}

/* A list being written. */
struct out;

/*
 * Starts a list of rows of ncols (>= 1) columns. Nothing can fail here;
 * opt is copied, but cols must stay valid until the list ends (a static
 * array is the usual case). JSON and CSV write their opening at once.
 */
struct out *out_list_begin(const struct out_options *opt,
			   const struct out_column *cols, size_t ncols);

/*
 * Adds one row: vals[ncols], copied before returning, so the caller may reuse
 * or free the text at once. Returns CRM_OK, or CRM_EINTERNAL ("cannot write
 * output: ...") once the stream has failed; the caller should then stop
 * producing rows and still end or abort the list. err may be NULL.
 */
enum crm_code out_list_row(struct out *o, const struct out_value *vals,
			   struct crm_error *err);

/*
 * Finishes the list (last page of the table, "]" of JSON), flushes fp,
 * checks for write errors and frees o. o == NULL is a no-op returning CRM_OK.
 */
enum crm_code out_list_end(struct out *o, struct crm_error *err);

/*
 * For a producer that failed mid-list: frees o without closing the list
 * (a JSON array stays unterminated, so a consumer cannot take a partial
 * list for a whole one; buffered table rows are dropped). Flushes fp.
 * o == NULL is fine.
 */
void out_list_abort(struct out *o);

/* Writes one record (see above), flushes fp and checks for write errors. */
enum crm_code out_record(const struct out_options *opt,
			 const struct out_column *cols, size_t ncols,
			 const struct out_value *vals, struct crm_error *err);

/* One CSV line of texts, as OUT_CSV writes fields (quoting, formula
 * escape, CRLF): the rejects file of `clients import`. */
void out_csv_line(FILE *fp, const char *const *fields, size_t n);

/*
 * A sink other than a file: a FILE * whose writes go to write_fn (which
 * returns the bytes it took, or -1 with errno set: a write error as above).
 * Give it to out_options.fp; fclose() it when done (that flushes it last).
 * For a server's response body, a buffer, a socket. NULL on out of memory.
 */
typedef long (*out_write_fn)(void *ctx, const char *buf, size_t len);
FILE *out_sink_open(out_write_fn write_fn, void *ctx);

/* Appends text as OUT_HUMAN shows it (escaped as described above) and
 * returns its width in terminal cells. text == NULL appends nothing. */
size_t out_escape_human(struct strbuf *sb, const char *text);

/* Width in terminal cells of text as OUT_HUMAN shows it (after escaping).
 * NULL is 0. For prompts, menus and padding in the shell. */
size_t out_text_width(const char *utf8);

#endif
