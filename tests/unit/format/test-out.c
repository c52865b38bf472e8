/*
 * test-out.c — the output formatter: exact bytes per format, alignment in
 * terminal cells, escaping, expanded display, write errors, streaming.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "format/format.h"
#include "util/strbuf.h"

#define T0 INT64_C(1683298800) /* 2023-05-05T15:00:00Z */

/* ---- helpers ----------------------------------------------------------- */

struct capture {
	char *buf;
	size_t len;
	FILE *fp;
};

static void capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
}

/* Closes the stream and returns its text (the caller frees it). */
static char *capture_close(struct capture *c)
{
	assert_int_equal(fclose(c->fp), 0);
	return c->buf;
}

/* Writes rows[nrows][ncols] as a list and returns the output. */
static char *list_text(struct out_options opt, const struct out_column *cols,
		       size_t ncols, const struct out_value *rows, size_t nrows)
{
	struct capture cap;
	struct crm_error err = { 0 };
	struct out *o;

	capture_open(&cap);
	opt.fp = cap.fp;
	o = out_list_begin(&opt, cols, ncols);
	for (size_t r = 0; r < nrows; r++)
		assert_int_equal(out_list_row(o, rows + r * ncols, &err), CRM_OK);
	assert_int_equal(out_list_end(o, &err), CRM_OK);
	return capture_close(&cap);
}

static char *record_text(struct out_options opt, const struct out_column *cols,
			 size_t ncols, const struct out_value *vals)
{
	struct capture cap;
	struct crm_error err = { 0 };

	capture_open(&cap);
	opt.fp = cap.fp;
	assert_int_equal(out_record(&opt, cols, ncols, vals, &err), CRM_OK);
	return capture_close(&cap);
}

static void assert_valid_json(const char *text, size_t expect_items)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);

	if (!j)
		fail_msg("invalid JSON: %s at line %d: %s", jerr.text, jerr.line,
			 text);
	if (json_is_array(j))
		assert_int_equal(json_array_size(j), expect_items);
	json_decref(j);
}

#define HUMAN ((struct out_options){ .format = OUT_HUMAN })
#define JSON ((struct out_options){ .format = OUT_JSON })
#define CSV ((struct out_options){ .format = OUT_CSV })

/* ---- the people's table ------------------------------------------------ */

static const struct out_column contract_cols[] = {
	{ "id", "ID", OUT_INT },
	{ "client_name", "Client", OUT_TEXT },
	{ "total_amount", "Total", OUT_MONEY },
	{ "creation_date", "Created", OUT_TIME },
	{ "is_signed", "Signed", OUT_BOOL },
};

#define CONTRACT_ROWS struct out_value contract_rows[] = {                  \
	out_num(1), out_text("Zoë François"), out_num(1000000), out_num(T0), out_bool(true), \
	out_num(2), out_text("山田太郎"), out_num(5050), out_num(T0 + 3600),    \
	out_bool(false),                                                       \
	out_num(10), out_text("🎉 party"), out_null(), out_null(), out_bool(true), \
	out_num(3), out_text("Rene\xcc\x81" "e"), out_num(0), out_num(T0),     \
	out_null(),                                                            \
}

static void test_table_aligns_in_cells(void **state)
{
	CONTRACT_ROWS;
	char *s = list_text(HUMAN, contract_cols, OUT_NCOLS(contract_cols),
			    contract_rows, 4);

	/* Client is 12 cells wide: "Zoë François" (ë, ç one cell each);
	 * 山田太郎 and "🎉 party" are 8 cells; "Renée" with a combining acute
	 * accent is 5. */
	assert_string_equal(s,
		"ID  Client           Total  Created           Signed\n"
		"--  ------------  --------  ----------------  ------\n"
		" 1  Zoë François  10000.00  2023-05-05 15:00  yes\n"
		" 2  山田太郎         50.50  2023-05-05 16:00  no\n"
		"10  🎉 party             -  -                 yes\n"
		" 3  Rene\xcc\x81" "e             0.00  2023-05-05 15:00  -\n");
	free(s);
}

static void test_table_color(void **state)
{
	static const struct out_column cols[] = {
		{ "id", "ID", OUT_INT }, { "name", NULL, OUT_TEXT },
	};
	struct out_value rows[] = { out_num(1), out_text("Ann") };
	struct out_options opt = { .format = OUT_HUMAN, .color = true };
	char *s = list_text(opt, cols, 2, rows, 1);

	assert_string_equal(s,
		"\033[1mID\033[0m  \033[1mname\033[0m\n"
		"──  ────\n"
		" 1  Ann\n");
	free(s);
}

static void test_table_escapes_controls(void **state)
{
	static const struct out_column cols[] = {
		{ "name", "Name", OUT_TEXT }, { "n", "N", OUT_INT },
	};
	struct out_value rows[] = {
		out_text("a\x1b[2Jb"), out_num(1),
		out_text("line1\nline2\tx\r"), out_num(2),
		out_text("bad\xff\xc3(\x7f"), out_num(3),
		out_text("c1\xc2\x9b" "31m bidi\xe2\x80\xae" "x"), out_num(4),
		out_text(""), out_num(5),
	};
	char *s = list_text(HUMAN, cols, 2, rows, 5);

	assert_string_equal(s,
		"Name                     N\n"
		"-----------------------  -\n"
		"a\\x1b[2Jb                1\n"
		"line1\\nline2\\tx\\r        2\n"
		"bad\\xff\\xc3(\\x7f         3\n"
		"c1\\u009b31m bidi\\u202ex  4\n"
		"                         5\n");
	assert_null(strchr(s, '\x1b'));
	free(s);
}

static void test_table_pages_keep_growing_widths(void **state)
{
	static const struct out_column cols[] = {
		{ "name", "Name", OUT_TEXT }, { "id", "ID", OUT_INT },
	};
	struct out_value rows[] = {
		out_text("a"), out_num(1),      out_text("bb"), out_num(2),
		out_text("cccccc"), out_num(3), out_text("d"), out_num(4),
		out_text("e"), out_num(5),
	};
	struct out_options opt = { .format = OUT_HUMAN, .page_rows = 2 };
	char *s = list_text(opt, cols, 2, rows, 5);

	assert_string_equal(s,
		"Name  ID\n"
		"----  --\n"
		"a      1\n"
		"bb     2\n"
		"cccccc   3\n"
		"d        4\n"
		"e        5\n");
	free(s);
}

static void test_table_expanded_when_too_wide(void **state)
{
	CONTRACT_ROWS;
	struct out_options opt = { .format = OUT_HUMAN, .width = 40 };
	char *s = list_text(opt, contract_cols, OUT_NCOLS(contract_cols),
			    contract_rows, 3);

	assert_string_equal(s,
		"id: 1\n"
		"client_name: Zoë François\n"
		"total_amount: 10000.00\n"
		"creation_date: 2023-05-05 15:00\n"
		"is_signed: yes\n"
		"\n"
		"id: 2\n"
		"client_name: 山田太郎\n"
		"total_amount: 50.50\n"
		"creation_date: 2023-05-05 16:00\n"
		"is_signed: no\n"
		"\n"
		"id: 10\n"
		"client_name: 🎉 party\n"
		"total_amount: -\n"
		"creation_date: -\n"
		"is_signed: yes\n");
	free(s);

	/* 52 cells wide: a table at exactly that width, expanded below it. */
	opt.width = 52;
	s = list_text(opt, contract_cols, OUT_NCOLS(contract_cols),
		      contract_rows, 1);
	assert_non_null(strstr(s, "ID  Client"));
	free(s);
	opt.width = 51;
	s = list_text(opt, contract_cols, OUT_NCOLS(contract_cols),
		      contract_rows, 1);
	assert_non_null(strstr(s, "client_name: Zoë"));
	free(s);
}

static void test_table_expanded_from_a_later_page(void **state)
{
	static const struct out_column cols[] = {
		{ "id", "ID", OUT_INT }, { "name", "Name", OUT_TEXT },
	};
	struct out_value rows[] = {
		out_num(1), out_text("Ann"),
		out_num(2), out_text("A name far too long for this terminal"),
		out_num(3), out_text("Bo"),
	};
	struct out_options opt = { .format = OUT_HUMAN, .width = 30,
				   .page_rows = 1 };
	char *s = list_text(opt, cols, 2, rows, 3);

	assert_string_equal(s,
		"ID  Name\n"
		"--  ----\n"
		" 1  Ann\n"
		"\n"
		"id: 2\n"
		"name: A name far too long for this terminal\n"
		"\n"
		"id: 3\n"
		"name: Bo\n");
	free(s);
}

/* ---- records ----------------------------------------------------------- */

static const struct out_column client_cols[] = {
	{ "id", "ID", OUT_INT },
	{ "full_name", "Full name", OUT_TEXT },
	{ "total_amount", "Total", OUT_MONEY },
	{ "creation_date", "Created", OUT_TIME },
	{ "is_signed", "Signed", OUT_BOOL },
	{ "support_contact_id", "Support", OUT_INT },
	{ "notes", "Notes", OUT_TEXT },
};

static void test_record_human(void **state)
{
	struct out_value v[] = {
		out_num(7), out_text("Kevin Casey"), out_num(1234567),
		out_num(T0), out_bool(false), out_null(), out_text("call\x1b]0;x\a"),
	};
	char *s = record_text(HUMAN, client_cols, OUT_NCOLS(client_cols), v);

	assert_string_equal(s,
		"id: 7\n"
		"full_name: Kevin Casey\n"
		"total_amount: 12345.67\n"
		"creation_date: 2023-05-05 15:00\n"
		"is_signed: no\n"
		"support_contact_id: -\n"
		"notes: call\\x1b]0;x\\x07\n");
	free(s);

	v[6] = out_text("");
	s = record_text((struct out_options){ .format = OUT_HUMAN, .color = true },
			client_cols, 2, v);
	assert_string_equal(s, "\033[1mid\033[0m: 7\n"
			       "\033[1mfull_name\033[0m: Kevin Casey\n");
	free(s);
	s = record_text(HUMAN, client_cols + 6, 1, v + 6);
	assert_string_equal(s, "notes:\n");
	free(s);
}

static void test_record_json(void **state)
{
	struct out_value v[] = {
		out_num(-7), out_text("Kevin \"KC\" Casey"), out_num(1000000),
		out_num(T0), out_bool(true), out_null(), out_text(NULL),
	};
	char *s = record_text(JSON, client_cols, OUT_NCOLS(client_cols), v);

	assert_string_equal(s,
		"{\"id\": -7, \"full_name\": \"Kevin \\\"KC\\\" Casey\", "
		"\"total_amount\": \"10000.00\", "
		"\"creation_date\": \"2023-05-05T15:00:00Z\", "
		"\"is_signed\": true, \"support_contact_id\": null, "
		"\"notes\": null}\n");
	assert_valid_json(s, 0);
	free(s);
}

static void test_record_csv(void **state)
{
	struct out_value v[] = {
		out_num(7), out_text("Casey, Kevin"), out_num(5), out_num(T0),
		out_bool(false), out_null(), out_text(""),
	};
	char *s = record_text(CSV, client_cols, OUT_NCOLS(client_cols), v);

	assert_string_equal(s,
		"id,full_name,total_amount,creation_date,is_signed,"
		"support_contact_id,notes\r\n"
		"7,\"Casey, Kevin\",0.05,2023-05-05T15:00:00Z,false,,\"\"\r\n");
	free(s);
}

/* ---- a journal row's details (OUT_DETAILS) ------------------------------ */

static const struct out_column details_cols[] = {
	{ "details", "Changes", OUT_DETAILS },
};

static void test_details(void **state)
{
	struct out_value changed[] = {
		out_text("{\"password\":\"changed\",\"phone\":[\"01 02\",\"06 11\"],"
			 "\"notes\":[null,\"a\\u001bb\"],\"attendees_count\":[200,250]}"),
	};
	struct out_value plain[] = { out_text("phone changed by hand") };
	struct out_value broken[] = { out_text("{\"phone\": [\"01\"") };
	struct out_value none[] = { out_null() };
	char *s;

	(void)state;
	/* People: each field old → new, a value that is not a pair as itself,
	 * controls escaped as everywhere. */
	s = record_text(HUMAN, details_cols, 1, changed);
	assert_string_equal(s, "details: password: changed; phone: 01 02 \u2192 06 11; "
			       "notes: - \u2192 a\\x1bb; attendees_count: 200 \u2192 250\n");
	free(s);
	/* JSON: an object, not a string; key order kept. */
	s = record_text(JSON, details_cols, 1, changed);
	assert_string_equal(s, "{\"details\": {\"password\": \"changed\", "
			       "\"phone\": [\"01 02\", \"06 11\"], \"notes\": [null, \"a\\u001Bb\"], "
			       "\"attendees_count\": [200, 250]}}\n");
	assert_valid_json(s, 0);
	free(s);
	/* Older rows' plain text, and text that is not valid JSON: a string. */
	s = record_text(JSON, details_cols, 1, plain);
	assert_string_equal(s, "{\"details\": \"phone changed by hand\"}\n");
	free(s);
	s = record_text(JSON, details_cols, 1, broken);
	assert_string_equal(s, "{\"details\": \"{\\\"phone\\\": [\\\"01\\\"\"}\n");
	assert_valid_json(s, 0);
	free(s);
	s = record_text(HUMAN, details_cols, 1, plain);
	assert_string_equal(s, "details: phone changed by hand\n");
	free(s);
	s = record_text(JSON, details_cols, 1, none);
	assert_string_equal(s, "{\"details\": null}\n");
	free(s);
	/* CSV: the stored text, as it is. */
	s = record_text(CSV, details_cols, 1, changed);
	assert_non_null(strstr(s, "\"{\"\"password\"\":\"\"changed\"\",\"\"phone\"\":"));
	free(s);
}

/* ---- JSON lists -------------------------------------------------------- */

static void test_json_list(void **state)
{
	struct out_value rows[] = {
		out_num(1), out_text("Zoë \"Z\" \\ François"), out_num(1000000),
		out_num(T0), out_bool(true), out_num(3),
		out_text("line1\nline2\t\x1b[31mred\x01\x7f"),

		out_num(2), out_text("bad \xff\xfe end \xe5\xb1"), out_num(0),
		out_null(), out_bool(false), out_null(), out_null(),

		out_num(3), out_text("山田 🎉"), out_null(), out_num(0),
		out_bool(false), out_num(9), out_text(""),
	};
	char *s = list_text(JSON, client_cols, OUT_NCOLS(client_cols), rows, 3);

	assert_string_equal(s,
		"[\n"
		"  {\"id\": 1, \"full_name\": \"Zoë \\\"Z\\\" \\\\ François\", "
		"\"total_amount\": \"10000.00\", "
		"\"creation_date\": \"2023-05-05T15:00:00Z\", \"is_signed\": true, "
		"\"support_contact_id\": 3, "
		"\"notes\": \"line1\\nline2\\t\\u001b[31mred\\u0001\x7f\"},\n"
		"  {\"id\": 2, \"full_name\": \"bad \xef\xbf\xbd\xef\xbf\xbd end "
		"\xef\xbf\xbd\xef\xbf\xbd\", \"total_amount\": \"0.00\", "
		"\"creation_date\": null, \"is_signed\": false, "
		"\"support_contact_id\": null, \"notes\": null},\n"
		"  {\"id\": 3, \"full_name\": \"山田 🎉\", \"total_amount\": null, "
		"\"creation_date\": \"1970-01-01T00:00:00Z\", \"is_signed\": false, "
		"\"support_contact_id\": 9, \"notes\": \"\"}\n"
		"]\n");
	assert_valid_json(s, 3);
	free(s);
}

/* A callback sink gets exactly the bytes a file would, in order. */
static long append_to_strbuf(void *ctx, const char *buf, size_t len)
{
	strbuf_add(ctx, buf, len);
	return (long)len;
}

static long refuse_writes(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	errno = EPIPE;
	return -1;
}

static void test_sink_callback(void **state)
{
	struct out_value rows[] = {
		out_num(1), out_text("Zoë"), out_num(1000000), out_num(T0), out_bool(true),
		out_num(2), out_text("山田"), out_null(), out_null(), out_bool(false),
	};
	struct strbuf sb = STRBUF_INIT;
	struct crm_error err = { 0 };
	struct out_options opt = JSON;
	char *expected = list_text(JSON, contract_cols, OUT_NCOLS(contract_cols), rows, 2);
	struct out *o;

	(void)state;
	opt.fp = out_sink_open(append_to_strbuf, &sb);
	assert_non_null(opt.fp);
	o = out_list_begin(&opt, contract_cols, OUT_NCOLS(contract_cols));
	for (size_t r = 0; r < 2; r++)
		assert_int_equal(out_list_row(o, rows + r * 5, &err), CRM_OK);
	assert_int_equal(out_list_end(o, &err), CRM_OK);
	assert_int_equal(fclose(opt.fp), 0);
	assert_string_equal(sb.buf, expected);
	free(expected);
	strbuf_free(&sb);

	/* A sink that fails is a write error like a full disk. */
	opt.fp = out_sink_open(refuse_writes, NULL);
	assert_int_equal(out_record(&opt, contract_cols, OUT_NCOLS(contract_cols), rows, &err),
			 CRM_EINTERNAL);
	assert_non_null(strstr(err.msg, "cannot write output"));
	fclose(opt.fp);
}

static void test_empty_lists(void **state)
{
	char *s = list_text(JSON, client_cols, 2, NULL, 0);

	assert_string_equal(s, "[]\n");
	assert_valid_json(s, 0);
	free(s);
	s = list_text(CSV, client_cols, 2, NULL, 0);
	assert_string_equal(s, "id,full_name\r\n");
	free(s);
	s = list_text(HUMAN, client_cols, 2, NULL, 0);
	assert_string_equal(s, "(no rows)\n");
	free(s);
	s = list_text((struct out_options){ .format = OUT_HUMAN, .width = 5 },
		      client_cols, 2, NULL, 0);
	assert_string_equal(s, "(no rows)\n");
	free(s);
}

/* ---- CSV lists --------------------------------------------------------- */

static void test_csv_list(void **state)
{
	static const struct out_column cols[] = {
		{ "id", "ID", OUT_INT }, { "name", "Name", OUT_TEXT },
		{ "total", "Total", OUT_MONEY }, { "at", "At", OUT_TIME },
		{ "ok", "OK", OUT_BOOL }, { "notes", "Notes", OUT_TEXT },
	};
	struct out_value rows[] = {
		out_num(1), out_text("Smith, Jane"), out_num(1000000),
		out_num(T0), out_bool(true), out_text("say \"hi\"\nbye"),

		out_num(2), out_text("Zoë 山田 🎉"), out_null(), out_null(),
		out_bool(false), out_text("cr\rhere"),

		out_num(3), out_text(""), out_num(99), out_num(T0),
		out_null(), out_null(),
	};
	char *s = list_text(CSV, cols, OUT_NCOLS(cols), rows, 3);

	assert_string_equal(s,
		"id,name,total,at,ok,notes\r\n"
		"1,\"Smith, Jane\",10000.00,2023-05-05T15:00:00Z,true,"
		"\"say \"\"hi\"\"\nbye\"\r\n"
		"2,Zoë 山田 🎉,,,false,\"cr\rhere\"\r\n"
		"3,\"\",0.99,2023-05-05T15:00:00Z,,\r\n");
	free(s);
}

/* ---- abort, write errors ----------------------------------------------- */

static void test_abort_leaves_json_open(void **state)
{
	struct capture cap;
	struct out_options opt = { .format = OUT_JSON };
	struct out_value v[] = { out_num(1), out_text("a") };
	struct out *o;
	char *s;

	capture_open(&cap);
	opt.fp = cap.fp;
	o = out_list_begin(&opt, client_cols, 2);
	assert_int_equal(out_list_row(o, v, NULL), CRM_OK);
	out_list_abort(o);
	out_list_abort(NULL);
	assert_int_equal(out_list_end(NULL, NULL), CRM_OK);
	s = capture_close(&cap);
	assert_string_equal(s, "[\n  {\"id\": 1, \"full_name\": \"a\"}");
	free(s);
}

static void test_write_error_dev_full(void **state)
{
	static const enum out_format formats[] = { OUT_HUMAN, OUT_JSON, OUT_CSV };
	struct out_value v[] = {
		out_num(7), out_text("Kevin Casey"), out_num(1), out_num(T0),
		out_bool(true), out_null(), out_text("x"),
	};

	for (size_t i = 0; i < 3; i++) {
		struct out_options opt = { .format = formats[i] };
		struct crm_error err = { 0 };
		enum crm_code rc = CRM_OK;
		struct out *o;
		size_t rows = 0;

		opt.fp = fopen("/dev/full", "w");
		assert_non_null(opt.fp);

		/* a short list: the failure shows when flushing at the end */
		o = out_list_begin(&opt, client_cols, OUT_NCOLS(client_cols));
		assert_int_equal(out_list_row(o, v, &err), CRM_OK);
		assert_int_equal(out_list_end(o, &err), CRM_EINTERNAL);
		assert_int_equal(err.code, CRM_EINTERNAL);
		assert_string_equal(err.msg,
			"cannot write output: No space left on device");
		fclose(opt.fp);

		/* a long list: out_list_row says so, and the producer can stop */
		opt.fp = fopen("/dev/full", "w");
		opt.page_rows = 10;
		o = out_list_begin(&opt, client_cols, OUT_NCOLS(client_cols));
		while (rows < 100000 &&
		       (rc = out_list_row(o, v, &err)) == CRM_OK)
			rows++;
		assert_int_equal(rc, CRM_EINTERNAL);
		assert_true(rows < 1000);
		assert_string_equal(err.msg,
			"cannot write output: No space left on device");
		crm_error_clear(&err);
		assert_int_equal(out_list_end(o, &err), CRM_EINTERNAL);
		assert_string_equal(err.msg,
			"cannot write output: No space left on device");
		fclose(opt.fp);

		opt.fp = fopen("/dev/full", "w");
		crm_error_clear(&err);
		assert_int_equal(out_record(&opt, client_cols,
					    OUT_NCOLS(client_cols), v, &err),
				 CRM_EINTERNAL);
		assert_string_equal(err.msg,
			"cannot write output: No space left on device");
		fclose(opt.fp);
	}
}

/* ---- text helpers ------------------------------------------------------ */

static void test_text_width(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(out_text_width(NULL), 0);
	assert_int_equal(out_text_width(""), 0);
	assert_int_equal(out_text_width("Zoë"), 3);
	assert_int_equal(out_text_width("François"), 8);
	assert_int_equal(out_text_width("山田太郎"), 8);
	assert_int_equal(out_text_width("🎉 party"), 8);
	assert_int_equal(out_text_width("Rene\xcc\x81" "e"), 5);
	assert_int_equal(out_text_width("\x1b[0m"), 7);   /* \x1b[0m */
	assert_int_equal(out_text_width("a\xff"), 5);     /* a\xff */
	assert_int_equal(out_text_width("\xc2\x9b"), 6);  /* \u009b */

	assert_int_equal(out_escape_human(&sb, "tab\there\x1b"), 13);
	assert_string_equal(sb.buf, "tab\\there\\x1b");
	assert_int_equal(out_escape_human(&sb, NULL), 0);
	assert_string_equal(sb.buf, "tab\\there\\x1b");
	strbuf_free(&sb);
}

/* ---- streaming: memory does not grow with rows ------------------------- */

static long max_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void write_rows(struct out *o, size_t n)
{
	char name[128];

	for (size_t i = 0; i < n; i++) {
		struct out_value v[] = {
			out_num((int64_t)i), out_text(name), out_num((int64_t)i * 100),
			out_num(T0 + (int64_t)i), out_bool(i & 1), out_null(),
			out_text("some notes about the event, long enough to count"),
		};
		snprintf(name, sizeof name, "Client number %zu — Zoë 山田 🎉", i);
		assert_int_equal(out_list_row(o, v, NULL), CRM_OK);
	}
}

/* In a child, so that earlier tests do not set the high-water mark. */
static void stream_in_child(enum out_format format)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct out_options opt = { .format = format };
		struct out *o;
		long before, after;
		int ok;

		opt.fp = fopen("/dev/null", "w");
		o = out_list_begin(&opt, client_cols, OUT_NCOLS(client_cols));
		write_rows(o, 1000);
		before = max_rss_kib();
		write_rows(o, 200000);
		after = max_rss_kib();
		ok = out_list_end(o, NULL) == CRM_OK && after - before < 4096;
		if (!ok)
			fprintf(stderr, "format %d: max RSS %ld KiB -> %ld KiB\n",
				(int)format, before, after);
		fclose(opt.fp);
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_streaming_memory(void **state)
{
	stream_in_child(OUT_JSON);
	stream_in_child(OUT_CSV);
	stream_in_child(OUT_HUMAN); /* one page at a time */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_aligns_in_cells),
		cmocka_unit_test(test_table_color),
		cmocka_unit_test(test_table_escapes_controls),
		cmocka_unit_test(test_table_pages_keep_growing_widths),
		cmocka_unit_test(test_table_expanded_when_too_wide),
		cmocka_unit_test(test_table_expanded_from_a_later_page),
		cmocka_unit_test(test_record_human),
		cmocka_unit_test(test_record_json),
		cmocka_unit_test(test_record_csv),
		cmocka_unit_test(test_details),
		cmocka_unit_test(test_json_list),
		cmocka_unit_test(test_sink_callback),
		cmocka_unit_test(test_empty_lists),
		cmocka_unit_test(test_csv_list),
		cmocka_unit_test(test_abort_leaves_json_open),
		cmocka_unit_test(test_write_error_dev_full),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_streaming_memory),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
