/* remote/'s own rules: which server addresses are taken, and the token
 * file that remembers the server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "remote/remote.h"
#include "sec/tokenfile.h"

static void accepted(const char *url, const char *want)
{
	struct crm_error err = { 0 };
	char *out = NULL;

	assert_int_equal(remote_url_check(url, &out, &err), CRM_OK);
	assert_string_equal(out, want);
	free(out);
}

static void refused(const char *url, const char *part, const char *hidden)
{
	struct crm_error err = { 0 };
	char *out = NULL;

	assert_int_equal(remote_url_check(url, &out, &err), CRM_EINVALID);
	assert_null(out);
	assert_non_null(strstr(err.msg, part));
	if (hidden)
		assert_null(strstr(err.msg, hidden));
}

static void test_url_check(void **state)
{
	(void)state;
	accepted("https://crm.example.com", "https://crm.example.com");
	accepted("https://crm.example.com:8443/", "https://crm.example.com:8443");
	accepted("HTTPS://crm.example.com/crm//", "HTTPS://crm.example.com/crm");
	accepted("http://127.0.0.1:8080", "http://127.0.0.1:8080");
	accepted("http://127.1.2.3", "http://127.1.2.3");
	accepted("http://localhost:8080/", "http://localhost:8080");
	accepted("http://[::1]:8080", "http://[::1]:8080");

	refused("http://crm.example.com", "in clear", NULL);
	refused("http://192.168.1.10:8080", "in clear", NULL);
	refused("http://128.0.0.1", "in clear", NULL);
	refused("http://127.0.0.1.evil.com", "in clear", NULL);
	refused("http://localhost.evil.com", "in clear", NULL);
	refused("http://[::2]", "in clear", NULL);
	refused("ftp://crm.example.com", "not an http", NULL);
	refused("crm.example.com", "not an http", NULL);
	refused("https://", "no host", NULL);
	refused("https://bob:hunter22@crm.example.com", "no user or password", "hunter22");
	refused("https://crm.example.com/?x=1", "without '?'", NULL);
}

static void test_tokenfile_server(void **state)
{
	char dir[] = "/tmp/test-remote-XXXXXX", path[64];
	struct crm_error err = { 0 };
	char *token = NULL, *server = NULL;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/token", dir);

	assert_int_equal(tokenfile_write_server(path, "a.b.c", "https://crm.example.com", &err),
			 CRM_OK);
	assert_int_equal(tokenfile_read_server(&token, &server, path, &err), CRM_OK);
	assert_string_equal(token, "a.b.c");
	assert_string_equal(server, "https://crm.example.com");
	free(token);
	free(server);
	token = NULL;
	/* a server's token is not a database's */
	assert_int_equal(tokenfile_read(&token, path, &err), CRM_EAUTH);
	assert_null(token);
	assert_non_null(strstr(err.msg, "https://crm.example.com"));
	assert_non_null(strstr(err.msg, "log in again"));

	/* a database's token has no server */
	assert_int_equal(tokenfile_write(path, "d.e.f", &err), CRM_OK);
	assert_int_equal(tokenfile_read_server(&token, &server, path, &err), CRM_OK);
	assert_string_equal(token, "d.e.f");
	assert_null(server);
	free(token);

	/* CRLF, and a third line is damage */
	fp = fopen(path, "w");
	fputs("g.h.i\r\nhttps://x.example\r\n", fp);
	fclose(fp);
	assert_int_equal(tokenfile_read_server(&token, &server, path, &err), CRM_OK);
	assert_string_equal(token, "g.h.i");
	assert_string_equal(server, "https://x.example");
	free(token);
	free(server);
	fp = fopen(path, "w");
	fputs("g.h.i\nhttps://x.example\nmore\n", fp);
	fclose(fp);
	assert_int_equal(tokenfile_read_server(&token, &server, path, &err), CRM_EAUTH);

	assert_int_equal(tokenfile_write_server(path, "a.b.c", "https://x\nevil", &err),
			 CRM_EINTERNAL);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_check),
		cmocka_unit_test(test_tokenfile_server),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
