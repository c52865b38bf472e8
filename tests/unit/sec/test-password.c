/* PBKDF2-SHA256 in passlib's format: published vectors, the original
 * project's demo hashes, round trips and malformed hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "sec/password.h"
#include "util/base64.h"

/* From tests/fixtures/original-demo.sql (passlib, 29000 rounds). */
#define BILL_HASH "$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00"
#define KATE_HASH "$pbkdf2-sha256$29000$9N4bI8RYy1krJcR4792bcw$Njxeckk6C5pFu/w0JX693hxB/O3WJZZCX3PmZt5QMyI"
#define ALICE_HASH "$pbkdf2-sha256$29000$x5jzPkfI2XtP6b23dk5JiQ$QGI4e4sKAPBqfwgj1RkAyVWxEL5woLDBwtmZuaE1FI0"

static void unhex(unsigned char *out, const char *hex)
{
	size_t i;

	for (i = 0; hex[2 * i]; i++) {
		unsigned v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}

/* "$pbkdf2-sha256$ROUNDS$ab64(salt)$ab64(key)" from raw parts. */
static char *passlib_string(unsigned rounds, const char *salt, const char *key_hex)
{
	unsigned char key[32];
	char *salt64 = ab64_encode((const unsigned char *)salt, strlen(salt));
	char *key64;
	char *out = malloc(256);

	unhex(key, key_hex);
	key64 = ab64_encode(key, sizeof key);
	snprintf(out, 256, "$pbkdf2-sha256$%u$%s$%s", rounds, salt64, key64);
	free(salt64);
	free(key64);
	return out;
}

static void verifies(const char *password, const char *stored, bool rehash)
{
	struct crm_error err = { 0 };
	bool needs = !rehash;

	if (password_verify(password, stored, &needs, &err) != CRM_OK)
		fail_msg("'%s' does not verify: %s", password, err.msg);
	assert_int_equal(needs, rehash);
}

static void mismatches(const char *password, const char *stored)
{
	struct crm_error err = { 0 };
	bool needs = true;

	assert_int_equal(password_verify(password, stored, &needs, &err), CRM_EAUTH);
	assert_int_equal(err.code, CRM_EAUTH);
	assert_false(needs);
	/* the whole message: nothing of the password or the hash in it */
	assert_string_equal(err.msg, "wrong email or password");
}

static void test_rfc_vectors(void **state)
{
	static const struct {
		const char *password, *salt;
		unsigned rounds;
		const char *key;
	} v[] = {
		{ "password", "salt", 1,
		  "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b" },
		{ "password", "salt", 2,
		  "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43" },
		{ "password", "salt", 4096,
		  "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a" },
		{ "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096,
		  "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		char *stored = passlib_string(v[i].rounds, v[i].salt, v[i].key);
		verifies(v[i].password, stored, true);
		mismatches("Password", stored);
		mismatches("", stored);
		free(stored);
	}
	{
		/* a checksum wrong in only its first or its last byte */
		char *first = passlib_string(1, "salt",
			"130fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
		char *last = passlib_string(1, "salt",
			"120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17c");
		mismatches("password", first);
		mismatches("password", last);
		free(first);
		free(last);
	}
	{
		/* one round more or less is a different key */
		char *stored = passlib_string(4095, "salt",
			"c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
		mismatches("password", stored);
		free(stored);
	}
}

static void test_original_demo_hashes(void **state)
{
	(void)state;
	verifies("password123", BILL_HASH, true);
	verifies("password123", KATE_HASH, true);
	verifies("admin123", ALICE_HASH, true);
	mismatches("admin123", BILL_HASH);
	mismatches("password124", KATE_HASH);
	mismatches("password123", ALICE_HASH);
	mismatches("password123 ", BILL_HASH);
	/* passlib's '+' spelling of the same salt is read the same way */
	{
		char *plus = strdup(BILL_HASH);
		char *dot = strchr(plus + strlen("$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$"), '.');
		assert_non_null(dot);
		*dot = '+';
		verifies("password123", plus, true);
		free(plus);
	}
}

static void test_hash_round_trip(void **state)
{
	struct crm_error err = { 0 };
	char *a = NULL;
	char *b = NULL;
	const char *salt;
	const char *sum;

	(void)state;
	assert_int_equal(password_hash(&a, "pässwörd✓", 1000, &err), CRM_OK);
	assert_int_equal(password_hash(&b, "pässwörd✓", 1000, &err), CRM_OK);
	assert_true(strncmp(a, "$pbkdf2-sha256$1000$", 20) == 0);
	salt = a + 20;
	sum = strchr(salt, '$');
	assert_non_null(sum);
	assert_int_equal(sum - salt, 22); /* 16 bytes */
	assert_int_equal(strlen(sum + 1), 43); /* 32 bytes */
	assert_null(strchr(a, '+'));
	assert_null(strchr(a, '='));
	assert_string_not_equal(a, b); /* random salts */
	verifies("pässwörd✓", a, true); /* 1000 < PASSWORD_ROUNDS */
	verifies("pässwörd✓", b, true);
	mismatches("passwörd✓", a);
	free(a);
	free(b);
}

static void test_default_rounds_need_no_rehash(void **state)
{
	struct crm_error err = { 0 };
	char *h = NULL;
	char prefix[64];

	(void)state;
	assert_int_equal(password_hash(&h, "correct horse", PASSWORD_ROUNDS, &err), CRM_OK);
	snprintf(prefix, sizeof prefix, "$pbkdf2-sha256$%u$", PASSWORD_ROUNDS);
	assert_true(strncmp(h, prefix, strlen(prefix)) == 0);
	verifies("correct horse", h, false);
	free(h);
}

static void test_hash_refuses_bad_rounds(void **state)
{
	struct crm_error err = { 0 };
	char *h = NULL;

	(void)state;
	assert_int_equal(password_hash(&h, "x", 0, &err), CRM_EINTERNAL);
	assert_int_equal(password_hash(&h, "x", PASSWORD_ROUNDS_MAX + 1, &err), CRM_EINTERNAL);
	assert_null(h);
}

static void test_malformed_hashes(void **state)
{
	static const char *bad[] = {
		"",
		"password123",
		"$pbkdf2-sha256$",
		"$pbkdf2-sha256$29000",
		"$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag",
		"$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$",
		"$pbkdf2-sha512$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$0$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$029000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$-1$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$+29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$29k$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$4294967296$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$99999999999999999999$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		/* bad ab64 in salt / checksum */
		"$pbkdf2-sha256$29000$6r2XUuqd*zLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSa$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT-ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW0=",
		/* checksum of 31 and 33 bytes */
		"$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW",
		"$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00AA",
		/* trailing field */
		"$pbkdf2-sha256$29000$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00$",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct crm_error err = { 0 };
		bool needs = true;
		enum crm_code rc = password_verify("password123", bad[i], &needs, &err);
		if (rc != CRM_EINTERNAL)
			fail_msg("hash %zu '%s' gave %d", i, bad[i], rc);
		assert_false(needs);
		assert_null(strstr(err.msg, "password123"));
		assert_null(strstr(err.msg, "6r2XUuqd"));
		assert_null(strstr(err.msg, "mS66xydo"));
	}
}

/* A crafted hash asking for 2^32-1 rounds must fail at once, not burn
 * the CPU for hours. */
static void test_rounds_cap(void **state)
{
	static const char *huge[] = {
		"$pbkdf2-sha256$4294967295$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
		"$pbkdf2-sha256$10000001$6r2XUuqdkzLmPAcAgJBSag$mS66xydobPJsJT.ohAtescYXIoYTOBoMbCibBbXxW00",
	};
	struct timespec a, b;
	size_t i;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 2; i++) {
		struct crm_error err = { 0 };
		assert_int_equal(password_verify("x", huge[i], NULL, &err), CRM_EINTERNAL);
		assert_non_null(strstr(err.msg, "rounds"));
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true(b.tv_sec - a.tv_sec < 2);
}

static double seconds_of_verify(const char *stored)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	(void)password_verify("nope", stored, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static void test_spend_equal_time(void **state)
{
	struct timespec a, b;
	double spent;
	double tenth;
	char *stored = passlib_string(PASSWORD_ROUNDS / 10, "0123456789abcdef",
		"0000000000000000000000000000000000000000000000000000000000000000");

	(void)state;
	tenth = seconds_of_verify(stored);
	clock_gettime(CLOCK_MONOTONIC, &a);
	password_spend_equal_time("whatever");
	clock_gettime(CLOCK_MONOTONIC, &b);
	spent = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	/* ten times the rounds: clearly more than a tenth-strength verify */
	if (spent < tenth * 3)
		fail_msg("spend_equal_time took %.3fs, a 1/10 verify %.3fs", spent, tenth);
	free(stored);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_vectors),
		cmocka_unit_test(test_original_demo_hashes),
		cmocka_unit_test(test_hash_round_trip),
		cmocka_unit_test(test_default_rounds_need_no_rehash),
		cmocka_unit_test(test_hash_refuses_bad_rounds),
		cmocka_unit_test(test_malformed_hashes),
		cmocka_unit_test(test_rounds_cap),
		cmocka_unit_test(test_spend_equal_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
