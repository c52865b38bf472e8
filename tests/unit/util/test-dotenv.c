/* dotenv_parse / dotenv_load_file: every form, malformed lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/dotenv.h"
#include "util/strbuf.h"

/* Collects "KEY=value|" pairs in order. */
struct collect {
	struct strbuf sb;
	int stop_after;
	int calls;
};

static int collect_fn(void *ctx, const char *key, const char *value)
{
	struct collect *c = ctx;

	strbuf_printf(&c->sb, "%s=%s|", key, value);
	c->calls++;
	return c->stop_after && c->calls >= c->stop_after;
}

static void parses_to(const char *text, const char *expected)
{
	struct collect c = { .sb = STRBUF_INIT };
	struct crm_error err = { 0 };

	if (dotenv_parse(text, strlen(text), collect_fn, &c, &err) != CRM_OK)
		fail_msg("refused: %s\n---\n%s", err.msg, text);
	assert_string_equal(c.sb.buf, expected);
	strbuf_free(&c.sb);
}

static void refused(const char *text, size_t len, const char *expected_part,
		    const char *secret)
{
	struct collect c = { .sb = STRBUF_INIT };
	struct crm_error err = { 0 };

	if (dotenv_parse(text, len, collect_fn, &c, &err) != CRM_EINVALID)
		fail_msg("accepted: %s", c.sb.buf);
	assert_int_equal(err.code, CRM_EINVALID);
	if (!strstr(err.msg, expected_part))
		fail_msg("message lacks '%s': %s", expected_part, err.msg);
	if (secret && strstr(err.msg, secret))
		fail_msg("message shows the value: %s", err.msg);
	strbuf_free(&c.sb);
}

static void test_forms(void **state)
{
	(void)state;
	parses_to("", "");
	parses_to("\n\n  \n", "");
	parses_to("# comment\n  # indented comment\n", "");
	parses_to("KEY=value", "KEY=value|");
	parses_to("KEY=value\n", "KEY=value|");
	parses_to("KEY=  spaced value  \n", "KEY=spaced value|");
	parses_to("KEY = value\n", "KEY=value|");
	parses_to("\tKEY=value\n", "KEY=value|");
	parses_to("KEY=value # a comment\n", "KEY=value|");
	parses_to("KEY=value\t# a comment\n", "KEY=value|");
	parses_to("KEY=val#ue\n", "KEY=val#ue|");
	parses_to("KEY=#value\n", "KEY=#value|");
	parses_to("KEY= # only a comment\n", "KEY=|");
	parses_to("KEY=\n", "KEY=|");
	parses_to("KEY=   \n", "KEY=|");
	parses_to("export KEY=value\n", "KEY=value|");
	parses_to("export   KEY=value\n", "KEY=value|");
	parses_to("export=1\n", "export=1|");
	parses_to("exported=1\n", "exported=1|");
	parses_to("_K.x_1=v\n", "_K.x_1=v|");
	parses_to("URL=postgresql://u:p@h:5432/db?sslmode=require\n",
		  "URL=postgresql://u:p@h:5432/db?sslmode=require|");
	parses_to("KEY=a=b=c\n", "KEY=a=b=c|");
	parses_to("KEY=it's\n", "KEY=it's|");
}

static void test_quotes(void **state)
{
	(void)state;
	parses_to("KEY=\"a \\\"quoted\\\" value\\n\"\n", "KEY=a \"quoted\" value\n|");
	parses_to("KEY=\"tab\\there\"", "KEY=tab\there|");
	parses_to("KEY=\"back\\\\slash\"", "KEY=back\\slash|");
	parses_to("KEY=\"cr\\r\"", "KEY=cr\r|");
	parses_to("KEY=\"keep \\q unknown\"", "KEY=keep \\q unknown|");
	parses_to("KEY=\"  inner spaces kept  \"", "KEY=  inner spaces kept  |");
	parses_to("KEY=\"a # not a comment\"", "KEY=a # not a comment|");
	parses_to("KEY=\"v\" # comment", "KEY=v|");
	parses_to("KEY=\"v\"   ", "KEY=v|");
	parses_to("KEY=\"\"", "KEY=|");
	parses_to("KEY='literal $value \\n'", "KEY=literal $value \\n|");
	parses_to("KEY='has \"double\"'", "KEY=has \"double\"|");
	parses_to("KEY=''", "KEY=|");
	parses_to("KEY='x'#c", "KEY=x|");
}

static void test_line_endings_and_order(void **state)
{
	(void)state;
	parses_to("A=1\r\nB=2\r\n", "A=1|B=2|");
	parses_to("\xef\xbb\xbf" "A=1\n", "A=1|");
	/* later duplicates win for the caller, who sees both */
	parses_to("A=1\nB=2\nA=3\n", "A=1|B=2|A=3|");
	parses_to("A=é✓\n", "A=é✓|");
}

static void test_stop(void **state)
{
	struct collect c = { .sb = STRBUF_INIT, .stop_after = 2 };
	struct crm_error err = { 0 };
	const char *text = "A=1\nB=2\nC=3\nthis line is broken\n";

	(void)state;
	assert_int_equal(dotenv_parse(text, strlen(text), collect_fn, &c, &err), CRM_OK);
	assert_string_equal(c.sb.buf, "A=1|B=2|");
	strbuf_free(&c.sb);
}

static void test_malformed(void **state)
{
	(void)state;
	refused("A=1\nhunter2secret\n", 18, "line 2: missing '='", "hunter2secret");
	refused("A=1\n\n# c\nB\n", 11, "line 4:", NULL);
	refused("1KEY=v\n", 7, "line 1: invalid variable name", NULL);
	refused("KEY-X=v\n", 8, "line 1: invalid variable name", NULL);
	refused("=value\n", 7, "line 1: invalid variable name", "value");
	refused("my password=s3cr3t\n", 19, "line 1: invalid variable name", "s3cr3t");
	refused("DB_PASSWORD=\"s3cr3t\n", 20, "line 1: unterminated double quote", "s3cr3t");
	refused("A=1\nDB_PASSWORD='s3cr3t\n", 23, "line 2: unterminated single quote", "s3cr3t");
	refused("DB_PASSWORD=\"s3cr3t\\\"\n", 22, "unterminated", "s3cr3t");
	refused("DB_PASSWORD=\"s3cr3t\"tail\n", 25, "line 1: unexpected text after the closing quote",
		"s3cr3t");
	refused("A=1\r\nB=2\r\nC\r\n", 13, "line 3:", NULL);
	refused("A=1\nB=s3c\0ret\n", 14, "line 2: contains a NUL byte", "s3c");
	refused("export\n", 7, "line 1: missing '='", NULL);
	/* the error names the key when it is well formed */
	refused("DB_PASSWORD=\"x", 14, "'DB_PASSWORD'", NULL);
}

static void test_no_callback_before_error_line(void **state)
{
	struct collect c = { .sb = STRBUF_INIT };
	struct crm_error err = { 0 };
	const char *text = "A=1\nbroken\nB=2\n";

	(void)state;
	assert_int_equal(dotenv_parse(text, strlen(text), collect_fn, &c, &err), CRM_EINVALID);
	assert_string_equal(c.sb.buf, "A=1|");
	strbuf_free(&c.sb);
}

static void test_load_file(void **state)
{
	char dir[] = "/tmp/test-dotenv-XXXXXX";
	char path[64];
	struct collect c = { .sb = STRBUF_INIT };
	struct crm_error err = { 0 };
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/.env", dir);
	/* missing file: fine, nothing called */
	assert_int_equal(dotenv_load_file(path, collect_fn, &c, &err), CRM_OK);
	assert_int_equal(c.calls, 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("DB_NAME=epic\nDB_PASSWORD='pw'\n", f);
	fclose(f);
	assert_int_equal(dotenv_load_file(path, collect_fn, &c, &err), CRM_OK);
	assert_string_equal(c.sb.buf, "DB_NAME=epic|DB_PASSWORD=pw|");
	f = fopen(path, "w");
	fputs("OK=1\nbad line s3cr3t\n", f);
	fclose(f);
	assert_int_equal(dotenv_load_file(path, collect_fn, &c, &err), CRM_EINVALID);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "line 2"));
	assert_null(strstr(err.msg, "s3cr3t"));
	unlink(path);
	/* a directory is not a settings file */
	assert_int_equal(dotenv_load_file(dir, collect_fn, &c, &err), CRM_EINVALID);
	assert_non_null(strstr(err.msg, "not a regular file"));
	rmdir(dir);
	strbuf_free(&c.sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_line_endings_and_order),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_no_callback_before_error_line),
		cmocka_unit_test(test_load_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
