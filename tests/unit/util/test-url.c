/* url_split and url_mentions_password: the one reader of URLs' structure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/url.h"

static void is_part(struct url_part part, const char *want)
{
	if (!want) {
		assert_null(part.p);
		return;
	}
	assert_non_null(part.p);
	assert_int_equal(part.n, strlen(want));
	assert_memory_equal(part.p, want, part.n);
}

static void test_every_part(void **state)
{
	struct url_parts u;

	(void)state;
	assert_true(url_split("https://ann:s3:cr@t@db.lan:5432/crm/x?sslmode=require#top", &u));
	is_part(u.scheme, "https");
	is_part(u.user, "ann");
	is_part(u.password, "s3:cr@t"); /* the last '@' ends the user part */
	is_part(u.host, "db.lan");
	is_part(u.port, "5432");
	is_part(u.path, "/crm/x");
	is_part(u.query, "sslmode=require");
	is_part(u.fragment, "top");
}

static void test_absent_and_empty_parts(void **state)
{
	struct url_parts u;

	(void)state;
	assert_true(url_split("postgresql://host", &u));
	is_part(u.user, NULL);
	is_part(u.password, NULL);
	is_part(u.host, "host");
	is_part(u.port, NULL);
	is_part(u.path, NULL);
	is_part(u.query, NULL);
	assert_true(url_split("http://key:@[::1]:/42", &u));
	is_part(u.user, "key");
	is_part(u.password, ""); /* present, empty */
	is_part(u.host, "[::1]");
	is_part(u.port, "");
	is_part(u.path, "/42");
	assert_true(url_split("http://@/", &u));
	is_part(u.user, "");
	is_part(u.host, "");
	is_part(u.path, "/");
}

static void test_not_urls(void **state)
{
	struct url_parts u;

	(void)state;
	assert_false(url_split("sqlite:/tmp/crm.db", &u));
	assert_false(url_split("host=/tmp dbname=crm", &u));
	assert_false(url_split("://host", &u));
	assert_false(url_split("9http://host", &u));
	assert_false(url_split("", &u));
}

static void test_mentions_password(void **state)
{
	(void)state;
	assert_true(url_mentions_password("clients list --db postgresql://u:pw@h/x"));
	assert_true(url_mentions_password("x 'postgres://u:@h' y"));
	assert_false(url_mentions_password("clients list --db postgresql://u@h/x"));
	assert_false(url_mentions_password("see https://example.com/a:b@c")); /* '@' in the path */
	assert_false(url_mentions_password("no url here: a:b@c"));
	assert_true(url_mentions_password("first http://x/ then https://k:s@h/1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_part),
		cmocka_unit_test(test_absent_and_empty_parts),
		cmocka_unit_test(test_not_urls),
		cmocka_unit_test(test_mentions_password),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
