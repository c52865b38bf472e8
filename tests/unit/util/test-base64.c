/* base64url and passlib's ab64: RFC 4648 vectors and refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/base64.h"

typedef char *(*enc_fn)(const unsigned char *, size_t);
typedef unsigned char *(*dec_fn)(const char *, size_t, size_t *);

static void round_trip(enc_fn enc, dec_fn dec, const void *data, size_t len,
		       const char *expected)
{
	char *text = enc(data, len);
	unsigned char *back;
	size_t back_len = 12345;

	assert_string_equal(text, expected);
	back = dec(text, strlen(text), &back_len);
	assert_non_null(back);
	assert_int_equal(back_len, len);
	assert_memory_equal(back, data, len);
	free(back);
	free(text);
}

static void refused(dec_fn dec, const char *text)
{
	size_t len = 777;
	unsigned char *out = dec(text, strlen(text), &len);

	if (out)
		fail_msg("'%s' decoded", text);
	assert_int_equal(len, 777);
}

static void test_rfc4648_vectors(void **state)
{
	static const struct { const char *in, *out; } v[] = {
		{ "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" }, { "foobar", "Zm9vYmFy" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		round_trip(base64url_encode, base64url_decode, v[i].in, strlen(v[i].in), v[i].out);
		round_trip(ab64_encode, ab64_decode, v[i].in, strlen(v[i].in), v[i].out);
	}
}

static void test_alphabets(void **state)
{
	static const unsigned char fbff[] = { 0xfb, 0xff };
	static const unsigned char all62[] = { 0xfb, 0xef, 0xbe }; /* "++++" */
	size_t len;
	unsigned char *out;

	(void)state;
	round_trip(base64url_encode, base64url_decode, fbff, 2, "-_8");
	round_trip(ab64_encode, ab64_decode, fbff, 2, "./8");
	round_trip(base64url_encode, base64url_decode, all62, 3, "----");
	round_trip(ab64_encode, ab64_decode, all62, 3, "....");
	/* ab64 reads '+' as passlib does */
	out = ab64_decode("+/8", 3, &len);
	assert_non_null(out);
	assert_int_equal(len, 2);
	assert_memory_equal(out, fbff, 2);
	free(out);
	/* each alphabet refuses the other's specials */
	refused(base64url_decode, "+/8");
	refused(base64url_decode, "./8");
	refused(ab64_decode, "-_8");
}

static void test_all_bytes(void **state)
{
	unsigned char data[256];
	size_t n;

	(void)state;
	for (n = 0; n < sizeof data; n++)
		data[n] = (unsigned char)(255 - n);
	for (n = 0; n <= sizeof data; n += 1) {
		char *a = base64url_encode(data, n);
		char *b = ab64_encode(data, n);
		size_t la, lb;
		unsigned char *da = base64url_decode(a, strlen(a), &la);
		unsigned char *db = ab64_decode(b, strlen(b), &lb);
		assert_int_equal(strlen(a), (n * 4 + 2) / 3);
		assert_non_null(da);
		assert_non_null(db);
		assert_int_equal(la, n);
		assert_int_equal(lb, n);
		assert_memory_equal(da, data, n);
		assert_memory_equal(db, data, n);
		free(a); free(b); free(da); free(db);
	}
}

static void test_refusals(void **state)
{
	(void)state;
	/* padding is not part of either format */
	refused(base64url_decode, "Zg==");
	refused(base64url_decode, "Zm8=");
	refused(ab64_decode, "Zg==");
	/* impossible length */
	refused(base64url_decode, "Z");
	refused(base64url_decode, "Zm9vY");
	refused(ab64_decode, "Zm9vY");
	/* invalid characters */
	refused(base64url_decode, "Zm 9v");
	refused(base64url_decode, "Zm9v\n");
	refused(base64url_decode, "Zm9*");
	refused(ab64_decode, "Zm9*");
	refused(ab64_decode, "Zm9v\xc3\xa9");
	/* non-zero trailing bits: "Zh" and "Zm9" would be non-canonical */
	refused(base64url_decode, "Zh");
	refused(base64url_decode, "Zm9");
	refused(ab64_decode, "Zh");
	/* an embedded NUL is counted by length, not stopped at */
	{
		size_t len;
		assert_null(base64url_decode("Zg\0A", 4, &len));
	}
}

static void test_empty_decodes_to_empty(void **state)
{
	size_t len = 9;
	unsigned char *out = base64url_decode("", 0, &len);

	(void)state;
	assert_non_null(out);
	assert_int_equal(len, 0);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4648_vectors),
		cmocka_unit_test(test_alphabets),
		cmocka_unit_test(test_all_bytes),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_empty_decodes_to_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
