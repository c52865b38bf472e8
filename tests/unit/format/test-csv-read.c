/*
 * test-csv-read.c — the CSV reader: RFC 4180 quoting, line ends, BOM and
 * separator detection, line numbers across quoted line breaks, the faults
 * and their places, streaming across the read buffer, and the formula
 * escape both ways.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/csv-read.h"
#include "format/format.h"

/* Reads text whole and returns its records as "a|b|c" lines, "\n"-joined;
 * a fault ends the text with "!line:column:reason". */
static char *records_of(const char *text, size_t len, char *sep_out)
{
	struct csv_reader *r = csv_reader_open_mem(text, len);
	struct csv_record rec;
	enum csv_status st;
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	while ((st = csv_read(r, &rec)) == CSV_RECORD) {
		fprintf(fp, "%ld:", rec.line);
		for (size_t i = 0; i < rec.nfields; i++)
			fprintf(fp, "%s%s", i ? "|" : "", rec.fields[i]);
		fputc('\n', fp);
	}
	if (st == CSV_BAD) {
		long line;
		size_t col;
		const char *why;

		csv_reader_fault(r, &line, &col, &why);
		fprintf(fp, "!%ld:%zu:%s", line, col, why);
	}
	if (sep_out)
		*sep_out = csv_reader_separator(r);
	csv_reader_close(r);
	fclose(fp);
	return buf;
}

#define EXPECT(text, want) do { \
		char *got_ = records_of(text, sizeof text - 1, NULL); \
		assert_string_equal(got_, want); \
		free(got_); \
	} while (0)

static void test_plain_and_quoted(void **state)
{
	(void)state;
	EXPECT("a,b,c\r\n1,2,3\r\n", "1:a|b|c\n2:1|2|3\n");
	EXPECT("a,b\n1,2", "1:a|b\n2:1|2\n");                 /* LF, no final end */
	EXPECT("\"x,y\",\"say \"\"hi\"\"\"\r\n", "1:x,y|say \"hi\"\n");
	EXPECT("a,,\r\n", "1:a||\n");                            /* empty fields */
	EXPECT("\"\"\r\n", "1:\n");                              /* one empty field */
}

static void test_line_breaks_inside(void **state)
{
	(void)state;
	/* The record after a quoted line break starts on line 4. */
	EXPECT("h\r\n\"one\r\ntwo\"\r\nnext\r\n", "1:h\n2:one\r\ntwo\n4:next\n");
	EXPECT("h\n\n\nx\n", "1:h\n4:x\n");                     /* blank lines skipped */
}

static void test_bom_and_separator(void **state)
{
	char sep;
	char *got;
	static const char fr[] = "\xef\xbb\xbf" "a;b;c\r\n1;\"2;3\";x,y\r\n";

	(void)state;
	got = records_of(fr, strlen(fr), &sep);
	assert_int_equal(sep, ';');
	assert_string_equal(got, "1:a|b|c\n2:1|2;3|x,y\n");
	free(got);
	got = records_of("a,b;c\r\n", 7, &sep);          /* a tie: ',' */
	assert_int_equal(sep, ',');
	free(got);
	got = records_of("\"a;b;c\",d\r\n", 11, &sep);    /* quoted ';' not counted */
	assert_int_equal(sep, ',');
	free(got);
}

static void test_faults(void **state)
{
	(void)state;
	EXPECT("a,b\r\n1,\"open\r\n", "1:a|b\n!2:2:unterminated quote");
	EXPECT("a,b\r\n1,\"x\"y\r\n",
	       "1:a|b\n!2:2:text after a closing quote (a quote inside a quoted field is written \"\")");
	EXPECT("a,b\r\n1,x\"y\r\n", "1:a|b\n!2:2:quote inside a field that does not start with one");
	EXPECT("a,b\r\n1,x\0y\r\n", "1:a|b\n!2:2:contains a NUL byte");
	/* After a fault, nothing more is read. */
	EXPECT("a\r\n\"x\"y\r\nb\r\n", "1:a\n!2:1:text after a closing quote (a quote inside a quoted field is written \"\")");
}

static void test_bounds(void **state)
{
	size_t big = CSV_FIELD_MAX + 10;
	char *text = malloc(big + 8);
	char *got;

	(void)state;
	memcpy(text, "h\r\n\"", 4);
	memset(text + 4, 'x', big);
	memcpy(text + 4 + big, "\"\r\n", 3);
	got = records_of(text, big + 7, NULL);
	assert_string_equal(got, "1:h\n!2:1:field is too long");
	free(got);
	for (size_t i = 0; i < CSV_FIELDS_MAX + 5; i++)
		text[i] = ',';
	got = records_of(text, CSV_FIELDS_MAX + 5, NULL);
	assert_non_null(strstr(got, "too many fields"));
	free(got);
	free(text);
}

/* A file larger than the read buffer, records across its edges. */
static void test_streaming(void **state)
{
	char *buf = NULL;
	size_t len = 0, n = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct csv_reader *r;
	struct csv_record rec;

	(void)state;
	fputs("full_name,email\r\n", fp);
	for (int i = 0; i < 20000; i++)
		fprintf(fp, "\"Name %d\r\nsecond\",m%d@x.io\r\n", i, i);
	fclose(fp);
	fp = fmemopen(buf, len, "rb");
	r = csv_reader_open(fp);
	assert_int_equal(csv_read(r, &rec), CSV_RECORD);
	while (csv_read(r, &rec) == CSV_RECORD) {
		char want[64];

		snprintf(want, sizeof want, "Name %zu\r\nsecond", n);
		assert_string_equal(rec.fields[0], want);
		assert_int_equal(rec.line, 2 + 2 * (long)n);
		n++;
	}
	assert_int_equal(n, 20000);
	csv_reader_close(r);
	fclose(fp);
	free(buf);
}

static void test_formula_escape(void **state)
{
	static const char *const texts[] = {
		"=HYPERLINK(\"http://x\")", "+33 6 12 34 56 78", "-1", "@sum", "\tx", "\rx",
		"'=x", "''+1", "'plain", "plain", "", "'", "O'Brien",
	};
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	assert_true(csv_formula_needs_escape("=1"));
	assert_true(csv_formula_needs_escape("'=1"));
	assert_false(csv_formula_needs_escape("'plain"));
	assert_false(csv_formula_needs_escape("a=1"));
	assert_string_equal(csv_formula_unescape("'=1"), "=1");
	assert_string_equal(csv_formula_unescape("''=1"), "'=1");
	assert_string_equal(csv_formula_unescape("'plain"), "'plain");
	assert_string_equal(csv_formula_unescape("O'Brien"), "O'Brien");

	/* Written by the writer, read back: the same texts. */
	fp = open_memstream(&buf, &len);
	out_csv_line(fp, texts, sizeof texts / sizeof texts[0]);
	fclose(fp);
	assert_non_null(strstr(buf, "\"'=HYPERLINK(\"\"http://x\"\")\""));
	assert_non_null(strstr(buf, "\"'+33 6 12 34 56 78\""));
	{
		struct csv_reader *r = csv_reader_open_mem(buf, len);
		struct csv_record rec;

		assert_int_equal(csv_read(r, &rec), CSV_RECORD);
		assert_int_equal(rec.nfields, sizeof texts / sizeof texts[0]);
		for (size_t i = 0; i < rec.nfields; i++)
			assert_string_equal(csv_formula_unescape(rec.fields[i]), texts[i]);
		csv_reader_close(r);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_quoted),
		cmocka_unit_test(test_line_breaks_inside),
		cmocka_unit_test(test_bom_and_separator),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_streaming),
		cmocka_unit_test(test_formula_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
