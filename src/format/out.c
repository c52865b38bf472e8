#define _GNU_SOURCE /* fopencookie */
/*
 * out.c — lists and records: values per format, JSON and CSV streaming,
 * and the write-error check every entry point ends with. The people's
 * table lives in table.c, text encodings in text.c.
 */
#include "format/internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/datetime.h"
#include "util/i18n.h"
#include "util/money.h"
#include "util/xalloc.h"

static bool value_is_null(const struct out_column *col,
			  const struct out_value *val)
{
	return val->is_null || ((col->type == OUT_TEXT || col->type == OUT_DETAILS) && !val->text);
}

size_t out__value(struct strbuf *sb, enum out_format format, const struct tz *zone,
		  const struct out_column *col, const struct out_value *val)
{
	char buf[DATETIME_TEXT_MAX > MONEY_TEXT_MAX ? DATETIME_TEXT_MAX
						    : MONEY_TEXT_MAX];
	size_t start = sb->len;
	bool quote = format == OUT_JSON;

	if (value_is_null(col, val)) {
		if (format == OUT_HUMAN)
			strbuf_putc(sb, '-');
		else if (format == OUT_JSON)
			strbuf_puts(sb, "null");
		return format == OUT_HUMAN ? 1 : 0;
	}
	switch (col->type) {
	case OUT_DETAILS: {
		size_t width = 0;

		if (out__details(sb, format, val->text, &width))
			return width;
		__attribute__((fallthrough)); /* not a JSON object: as text */
	}
	case OUT_TEXT:
		if (format == OUT_HUMAN)
			return out_escape_human(sb, val->text);
		if (format == OUT_JSON)
			out__json_string(sb, val->text);
		else
			out__csv_field(sb, val->text);
		return 0;
	case OUT_INT:
		snprintf(buf, sizeof buf, "%" PRId64, val->num);
		quote = false;
		break;
	case OUT_MONEY:
		money_format(buf, val->num);
		break;
	case OUT_TIME:
		if (format == OUT_HUMAN && val->zone)
			datetime_format_zoned(buf, val->num, val->zone);
		else if (format == OUT_HUMAN)
			datetime_format_local(buf, val->num, zone);
		else
			datetime_format_rfc3339(buf, val->num);
		break;
	case OUT_BOOL:
		if (format == OUT_HUMAN)
			snprintf(buf, sizeof buf, "%s", val->flag ? _("yes") : _("no"));
		else
			strcpy(buf, val->flag ? "true" : "false");
		quote = false;
		break;
	default:
		strcpy(buf, "?");
		break;
	}
	/* Formatted values are ASCII without controls: one cell per byte. */
	if (quote)
		strbuf_putc(sb, '"');
	strbuf_puts(sb, buf);
	if (quote)
		strbuf_putc(sb, '"');
	return format == OUT_HUMAN ? sb->len - start : 0;
}

void out__write(struct out *o, const struct strbuf *sb)
{
	size_t n;

	if (!sb->len)
		return;
	errno = 0;
	n = fwrite(sb->buf, 1, sb->len, o->opt.fp);
	if ((n != sb->len || ferror(o->opt.fp)) && !o->write_errno)
		o->write_errno = errno ? errno : EIO;
}

/* Flushes fp and turns a failed write, now or earlier, into an error. */
static enum crm_code check_stream(FILE *fp, int saved_errno,
				  struct crm_error *err)
{
	int e = 0;

	errno = 0;
	if (fflush(fp) != 0)
		e = errno ? errno : EIO;
	if (ferror(fp) || saved_errno) {
		if (saved_errno)
			e = saved_errno;
		else if (!e)
			e = EIO;
	}
	if (e)
		return crm_error_set(err, CRM_EINTERNAL,
				     "cannot write output: %s", strerror(e));
	return CRM_OK;
}

static void json_object(struct strbuf *sb, const struct out_column *cols,
			size_t ncols, const struct out_value *vals)
{
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			strbuf_add(sb, ", ", 2);
		out__json_string(sb, cols[i].key);
		strbuf_add(sb, ": ", 2);
		out__value(sb, OUT_JSON, NULL, &cols[i], &vals[i]);
	}
	strbuf_putc(sb, '}');
}

static void csv_header(struct strbuf *sb, const struct out_column *cols,
		       size_t ncols)
{
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			strbuf_putc(sb, ',');
		out__csv_field(sb, cols[i].key);
	}
	strbuf_add(sb, "\r\n", 2);
}

static void csv_row(struct strbuf *sb, const struct out_column *cols,
		    size_t ncols, const struct out_value *vals)
{
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			strbuf_putc(sb, ',');
		out__value(sb, OUT_CSV, NULL, &cols[i], &vals[i]);
	}
	strbuf_add(sb, "\r\n", 2);
}

struct out *out_list_begin(const struct out_options *opt,
			   const struct out_column *cols, size_t ncols)
{
	struct out *o = xcalloc(1, sizeof *o);

	o->opt = *opt;
	if (!o->opt.fp)
		o->opt.fp = stdout;
	if (!o->opt.page_rows)
		o->opt.page_rows = OUT_PAGE_ROWS_DEFAULT;
	o->cols = cols;
	o->ncols = ncols;
	strbuf_init(&o->line);

	switch (o->opt.format) {
	case OUT_JSON:
		strbuf_putc(&o->line, '[');
		out__write(o, &o->line);
		break;
	case OUT_CSV:
		csv_header(&o->line, cols, ncols);
		out__write(o, &o->line);
		break;
	case OUT_HUMAN:
	default:
		out__table_init(o);
		break;
	}
	return o;
}

static enum crm_code stream_failed(struct out *o, struct crm_error *err)
{
	int e = o->write_errno;

	if (!e && ferror(o->opt.fp))
		e = EIO;
	if (!e)
		return CRM_OK;
	return crm_error_set(err, CRM_EINTERNAL, "cannot write output: %s",
			     strerror(e));
}

enum crm_code out_list_row(struct out *o, const struct out_value *vals,
			   struct crm_error *err)
{
	enum crm_code rc = stream_failed(o, err);

	if (rc != CRM_OK)
		return rc;
	strbuf_reset(&o->line);
	switch (o->opt.format) {
	case OUT_JSON:
		strbuf_puts(&o->line, o->nrows ? ",\n  " : "\n  ");
		json_object(&o->line, o->cols, o->ncols, vals);
		out__write(o, &o->line);
		break;
	case OUT_CSV:
		csv_row(&o->line, o->cols, o->ncols, vals);
		out__write(o, &o->line);
		break;
	case OUT_HUMAN:
	default:
		out__table_row(o, vals);
		break;
	}
	o->nrows++;
	return stream_failed(o, err);
}

static void list_free(struct out *o)
{
	out__table_free(o);
	strbuf_free(&o->line);
	free(o);
}

enum crm_code out_list_end(struct out *o, struct crm_error *err)
{
	enum crm_code rc;

	if (!o)
		return CRM_OK;
	strbuf_reset(&o->line);
	switch (o->opt.format) {
	case OUT_JSON:
		strbuf_puts(&o->line, o->nrows ? "\n]\n" : "]\n");
		out__write(o, &o->line);
		break;
	case OUT_CSV:
		break;
	case OUT_HUMAN:
	default:
		out__table_end(o);
		break;
	}
	rc = check_stream(o->opt.fp, o->write_errno, err);
	list_free(o);
	return rc;
}

void out_list_abort(struct out *o)
{
	if (!o)
		return;
	fflush(o->opt.fp);
	list_free(o);
}

enum crm_code out_record(const struct out_options *opt,
			 const struct out_column *cols, size_t ncols,
			 const struct out_value *vals, struct crm_error *err)
{
	struct out o = { .opt = *opt };
	struct strbuf value = STRBUF_INIT;
	enum crm_code rc;

	if (!o.opt.fp)
		o.opt.fp = stdout;
	strbuf_init(&o.line);
	switch (o.opt.format) {
	case OUT_JSON:
		json_object(&o.line, cols, ncols, vals);
		strbuf_putc(&o.line, '\n');
		break;
	case OUT_CSV:
		csv_header(&o.line, cols, ncols);
		csv_row(&o.line, cols, ncols, vals);
		break;
	case OUT_HUMAN:
	default:
		for (size_t i = 0; i < ncols; i++) {
			strbuf_reset(&value);
			out__value(&value, OUT_HUMAN, o.opt.zone, &cols[i], &vals[i]);
			out__human_pair(&o.line, cols[i].key, o.opt.color,
					value.buf, value.len);
		}
		break;
	}
	out__write(&o, &o.line);
	rc = check_stream(o.opt.fp, o.write_errno, err);
	strbuf_free(&value);
	strbuf_free(&o.line);
	return rc;
}

struct sink {
	out_write_fn write_fn;
	void *ctx;
};

static ssize_t sink_write(void *cookie, const char *buf, size_t len)
{
	struct sink *k = cookie;

	return (ssize_t)k->write_fn(k->ctx, buf, len);
}

static int sink_close(void *cookie)
{
	free(cookie);
	return 0;
}

FILE *out_sink_open(out_write_fn write_fn, void *ctx)
{
	cookie_io_functions_t io = { .write = sink_write, .close = sink_close };
	struct sink *k = malloc(sizeof *k);
	FILE *fp;

	if (!k)
		return NULL;
	k->write_fn = write_fn;
	k->ctx = ctx;
	fp = fopencookie(k, "w", io);
	if (!fp)
		free(k);
	return fp;
}

void out_csv_line(FILE *fp, const char *const *fields, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_putc(&sb, ',');
		out__csv_field(&sb, fields[i] ? fields[i] : "");
	}
	strbuf_add(&sb, "\r\n", 2);
	fwrite(sb.buf, 1, sb.len, fp);
	strbuf_free(&sb);
}
