/* HS256 session tokens: round trip, and every forgery refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "sec/jwt.h"
#include "util/base64.h"
#include "util/strbuf.h"

#define NOW INT64_C(1700000000)

static const unsigned char KEY[] = "0123456789abcdef0123456789abcdef";
#define KEY_LEN (sizeof KEY - 1)

static char *b64(const char *s)
{
	return base64url_encode((const unsigned char *)s, strlen(s));
}

/* A token put together by hand, signed with `md` (or not at all when md
 * is NULL), so that each test controls every byte. */
static char *forge(const char *header, const char *payload, const EVP_MD *md,
		   const unsigned char *key, size_t key_len)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int mac_len = 0;
	char *part;

	part = b64(header);
	strbuf_puts(&sb, part);
	free(part);
	part = b64(payload);
	strbuf_putc(&sb, '.');
	strbuf_puts(&sb, part);
	free(part);
	if (md)
		assert_non_null(HMAC(md, key, (int)key_len, (unsigned char *)sb.buf, sb.len,
				     mac, &mac_len));
	strbuf_putc(&sb, '.');
	if (md) {
		part = base64url_encode(mac, mac_len);
		strbuf_puts(&sb, part);
		free(part);
	}
	return strbuf_detach(&sb);
}

#define HS256_HEADER "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
#define GOOD_PAYLOAD "{\"sub\":\"42\",\"dept\":\"Management\",\"iat\":1700000000,\"exp\":1700086400}"

static void accepted(const char *token, int64_t sub)
{
	struct token_claims c;
	struct crm_error err = { 0 };

	if (jwt_verify(&c, token, KEY, KEY_LEN, NOW, &err) != CRM_OK)
		fail_msg("refused: %s", err.msg);
	assert_int_equal(c.sub, sub);
}

static void refused(const char *token, const char *expected_part)
{
	struct token_claims c;
	struct crm_error err = { 0 };

	memset(&c, 0x5a, sizeof c);
	if (jwt_verify(&c, token, KEY, KEY_LEN, NOW, &err) != CRM_EAUTH)
		fail_msg("not refused with CRM_EAUTH: %s", token);
	assert_int_equal(err.code, CRM_EAUTH);
	assert_int_equal(c.sub, 0x5a5a5a5a5a5a5a5a); /* untouched */
	assert_non_null(strstr(err.msg, "log in again"));
	if (strlen(token) > 10)
		assert_null(strstr(err.msg, token + strlen(token) - 10));
	if (expected_part && !strstr(err.msg, expected_part))
		fail_msg("message lacks '%s': %s", expected_part, err.msg);
}

static void refused_hs256(const char *header, const char *payload,
			  const char *expected_part)
{
	char *t = forge(header, payload, EVP_sha256(), KEY, KEY_LEN);

	refused(t, expected_part);
	free(t);
}

static void accepted_hs256(const char *header, const char *payload, int64_t sub)
{
	char *t = forge(header, payload, EVP_sha256(), KEY, KEY_LEN);

	accepted(t, sub);
	free(t);
}

static char *sign_good(void)
{
	struct token_claims c = { .sub = 42, .dept = "Management", .iat = NOW,
				  .exp = NOW + JWT_LIFETIME_SECONDS };
	struct crm_error err = { 0 };
	char *token = NULL;

	assert_int_equal(jwt_sign(&token, &c, KEY, KEY_LEN, &err), CRM_OK);
	return token;
}

static void test_round_trip(void **state)
{
	struct token_claims c;
	struct crm_error err = { 0 };
	char *token = sign_good();
	char *expected = forge(HS256_HEADER, GOOD_PAYLOAD, EVP_sha256(), KEY, KEY_LEN);

	(void)state;
	/* byte-exact: fixed header, sub as a string, compact JSON */
	assert_string_equal(token, expected);
	assert_int_equal(jwt_verify(&c, token, KEY, KEY_LEN, NOW, &err), CRM_OK);
	assert_int_equal(c.sub, 42);
	assert_string_equal(c.dept, "Management");
	assert_int_equal(c.iat, NOW);
	assert_int_equal(c.exp, NOW + JWT_LIFETIME_SECONDS);
	assert_int_equal(jwt_verify(&c, token, KEY, KEY_LEN,
				    NOW + JWT_LIFETIME_SECONDS - 1, &err), CRM_OK);
	free(expected);
	free(token);
}

static void test_expiry(void **state)
{
	struct token_claims c;
	struct crm_error err = { 0 };
	char *token = sign_good();

	(void)state;
	assert_int_equal(jwt_verify(&c, token, KEY, KEY_LEN, NOW + JWT_LIFETIME_SECONDS, &err),
			 CRM_EAUTH);
	assert_string_equal(err.msg, "session expired: log in again");
	assert_int_equal(jwt_verify(&c, token, KEY, KEY_LEN, NOW + 10 * JWT_LIFETIME_SECONDS,
				    &err), CRM_EAUTH);
	free(token);
	/* missing, string, float or null exp */
	refused_hs256(HS256_HEADER, "{\"sub\":\"42\",\"dept\":\"S\",\"iat\":1700000000}", NULL);
	refused_hs256(HS256_HEADER,
		      "{\"sub\":\"42\",\"dept\":\"S\",\"iat\":1700000000,\"exp\":\"1800000000\"}", NULL);
	refused_hs256(HS256_HEADER,
		      "{\"sub\":\"42\",\"dept\":\"S\",\"iat\":1700000000,\"exp\":1.8e9}", NULL);
	refused_hs256(HS256_HEADER,
		      "{\"sub\":\"42\",\"dept\":\"S\",\"iat\":1700000000,\"exp\":null}", NULL);
	/* missing iat */
	refused_hs256(HS256_HEADER, "{\"sub\":\"42\",\"dept\":\"S\",\"exp\":1800000000}", NULL);
	/* issued an hour in the future */
	refused_hs256(HS256_HEADER,
		      "{\"sub\":\"42\",\"dept\":\"S\",\"iat\":1700003600,\"exp\":1800000000}",
		      "future");
	accepted_hs256(HS256_HEADER,
		       "{\"sub\":\"42\",\"dept\":\"S\",\"iat\":1700000060,\"exp\":1800000000}", 42);
	/* nbf */
	refused_hs256(HS256_HEADER,
		      "{\"sub\":\"42\",\"dept\":\"S\",\"iat\":1700000000,\"exp\":1800000000,\"nbf\":1700090000}",
		      NULL);
}

static void test_tampering(void **state)
{
	char *token = sign_good();
	char *dot2 = strrchr(token, '.');
	char *forged_payload = b64("{\"sub\":\"1\",\"dept\":\"Management\",\"iat\":1700000000,\"exp\":1700086400}");
	struct strbuf sb = STRBUF_INIT;
	char *copy;

	(void)state;
	/* new payload, old signature */
	strbuf_add(&sb, token, (size_t)(strchr(token, '.') - token) + 1);
	strbuf_puts(&sb, forged_payload);
	strbuf_puts(&sb, dot2);
	refused(sb.buf, "bad signature");
	/* one signature character changed */
	copy = strdup(token);
	copy[strlen(copy) - 10] = copy[strlen(copy) - 10] == 'A' ? 'B' : 'A';
	refused(copy, "bad signature");
	/* truncated signature */
	copy[strlen(copy) - 1] = '\0';
	refused(copy, NULL);
	free(copy);
	/* wrong key */
	{
		struct token_claims c;
		struct crm_error err = { 0 };
		static const unsigned char other[] = "0123456789abcdef0123456789abcdeF";
		assert_int_equal(jwt_verify(&c, token, other, sizeof other - 1, NOW, &err), CRM_EAUTH);
		assert_int_equal(jwt_verify(&c, token, KEY, KEY_LEN - 1, NOW, &err), CRM_EAUTH);
	}
	strbuf_free(&sb);
	free(forged_payload);
	free(token);
}

static void test_algorithms(void **state)
{
	char *t;

	(void)state;
	/* alg none, the way such tokens come: empty signature */
	t = forge("{\"alg\":\"none\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, NULL, NULL, 0);
	refused(t, NULL);
	free(t);
	/* alg none even with a correct HS256 MAC over it */
	refused_hs256("{\"alg\":\"none\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, "not HS256");
	/* HS384, correctly signed with HS384 and our key */
	t = forge("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, EVP_sha384(), KEY, KEY_LEN);
	refused(t, NULL);
	free(t);
	/* HS512 likewise */
	t = forge("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, EVP_sha512(), KEY, KEY_LEN);
	refused(t, NULL);
	free(t);
	/* headers naming another algorithm over a valid HS256 MAC */
	refused_hs256("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, "not HS256");
	refused_hs256("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, "not HS256");
	refused_hs256("{\"alg\":\"hs256\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, "not HS256");
	refused_hs256("{\"alg\":\"HS256 \",\"typ\":\"JWT\"}", GOOD_PAYLOAD, "not HS256");
	refused_hs256("{\"alg\":\"HS256\\u0000\",\"typ\":\"JWT\"}", GOOD_PAYLOAD, NULL);
	refused_hs256("{\"alg\":[\"HS256\"],\"typ\":\"JWT\"}", GOOD_PAYLOAD, "no algorithm");
	refused_hs256("{\"typ\":\"JWT\"}", GOOD_PAYLOAD, "no algorithm");
	refused_hs256("{\"alg\":null}", GOOD_PAYLOAD, "no algorithm");
	refused_hs256("{\"alg\":\"HS256\",\"typ\":\"JWS\"}", GOOD_PAYLOAD, "type");
	refused_hs256("{\"alg\":\"HS256\",\"typ\":1}", GOOD_PAYLOAD, "type");
	refused_hs256("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", GOOD_PAYLOAD, "critical");
	refused_hs256("{\"alg\":\"HS256\",\"alg\":\"HS256\"}", GOOD_PAYLOAD, NULL);
	refused_hs256("[\"HS256\"]", GOOD_PAYLOAD, NULL);
	refused_hs256("\"HS256\"", GOOD_PAYLOAD, NULL);
	refused_hs256("not json", GOOD_PAYLOAD, NULL);
	/* typ may be left out, and key order does not matter */
	accepted_hs256("{\"alg\":\"HS256\"}", GOOD_PAYLOAD, 42);
	accepted_hs256("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", GOOD_PAYLOAD, 42);
}

static void test_shape(void **state)
{
	char *token = sign_good();
	struct strbuf sb = STRBUF_INIT;
	char *p;

	(void)state;
	/* two segments */
	p = strrchr(token, '.');
	strbuf_add(&sb, token, (size_t)(p - token));
	refused(sb.buf, "three parts");
	/* four segments */
	strbuf_reset(&sb);
	strbuf_puts(&sb, token);
	strbuf_puts(&sb, ".AAAA");
	refused(sb.buf, "three parts");
	strbuf_reset(&sb);
	strbuf_puts(&sb, token);
	strbuf_putc(&sb, '.');
	refused(sb.buf, "three parts");
	/* empty segments */
	refused("..", NULL);
	refused("", NULL);
	refused(".a.b", NULL);
	/* padding '=' on the signature (43 chars + '=') */
	strbuf_reset(&sb);
	strbuf_puts(&sb, token);
	strbuf_putc(&sb, '=');
	refused(sb.buf, NULL);
	/* padding inside the header segment, even with a valid MAC over it */
	{
		const char *hdr = "{\"alg\":\"HS256\"}"; /* "==" appended to its segment */
		char *h = b64(hdr);
		char *pl = b64(GOOD_PAYLOAD);
		unsigned char mac[32];
		unsigned int mac_len;
		char *sig;
		strbuf_reset(&sb);
		strbuf_printf(&sb, "%s==.%s", h, pl);
		HMAC(EVP_sha256(), KEY, (int)KEY_LEN, (unsigned char *)sb.buf, sb.len, mac, &mac_len);
		sig = base64url_encode(mac, mac_len);
		strbuf_putc(&sb, '.');
		strbuf_puts(&sb, sig);
		refused(sb.buf, NULL);
		free(h);
		free(pl);
		free(sig);
	}
	/* standard base64 alphabet instead of base64url */
	strbuf_reset(&sb);
	strbuf_puts(&sb, token);
	for (p = sb.buf; *p; p++) {
		if (*p == '-')
			*p = '+';
		else if (*p == '_')
			*p = '/';
	}
	if (strcmp(sb.buf, token) != 0)
		refused(sb.buf, NULL);
	/* blanks around the token are not ours to strip */
	strbuf_reset(&sb);
	strbuf_printf(&sb, " %s", token);
	refused(sb.buf, NULL);
	strbuf_reset(&sb);
	strbuf_printf(&sb, "%s\n", token);
	refused(sb.buf, NULL);
	/* oversized */
	strbuf_reset(&sb);
	while (sb.len < 10000)
		strbuf_puts(&sb, "AAAA");
	refused(sb.buf, NULL);
	strbuf_free(&sb);
	free(token);
}

static void test_payload_rules(void **state)
{
	(void)state;
	/* duplicate keys, signed correctly */
	refused_hs256(HS256_HEADER,
		      "{\"sub\":\"42\",\"dept\":\"S\",\"iat\":1700000000,\"exp\":1700086400,\"exp\":1900000000}",
		      NULL);
	refused_hs256(HS256_HEADER,
		      "{\"sub\":\"42\",\"sub\":\"1\",\"dept\":\"S\",\"iat\":1700000000,\"exp\":1700086400}",
		      NULL);
	/* sub: integer or decimal string, positive */
	accepted_hs256(HS256_HEADER,
		       "{\"sub\":42,\"dept\":\"S\",\"iat\":1700000000,\"exp\":1700086400}", 42);
	accepted_hs256(HS256_HEADER,
		       "{\"sub\":\"2147483647\",\"dept\":\"S\",\"iat\":1700000000,\"exp\":1700086400}",
		       2147483647);
	{
		static const char *bad_subs[] = { "\"042\"", "\"-1\"", "\"abc\"", "\"\"", "0", "-5",
						  "4.2", "null", "true", "[42]", "\" 42\"",
						  "\"99999999999999999999\"" };
		size_t i;
		for (i = 0; i < sizeof bad_subs / sizeof bad_subs[0]; i++) {
			char payload[200];
			snprintf(payload, sizeof payload,
				 "{\"sub\":%s,\"dept\":\"S\",\"iat\":1700000000,\"exp\":1700086400}",
				 bad_subs[i]);
			refused_hs256(HS256_HEADER, payload, "subject");
		}
	}
	refused_hs256(HS256_HEADER, "{\"dept\":\"S\",\"iat\":1700000000,\"exp\":1700086400}",
		      "subject");
	/* dept: a string that fits */
	refused_hs256(HS256_HEADER, "{\"sub\":\"42\",\"iat\":1700000000,\"exp\":1700086400}",
		      "department");
	refused_hs256(HS256_HEADER, "{\"sub\":\"42\",\"dept\":3,\"iat\":1700000000,\"exp\":1700086400}",
		      "department");
	refused_hs256(HS256_HEADER,
		      "{\"sub\":\"42\",\"dept\":\"0123456789012345678901234567890123\",\"iat\":1700000000,\"exp\":1700086400}",
		      "department");
	/* not an object */
	refused_hs256(HS256_HEADER, "[1,2,3]", "payload");
	refused_hs256(HS256_HEADER, "42", "payload");
	refused_hs256(HS256_HEADER, "{\"sub\":\"42\"", "payload");
	/* unknown claims are ignored */
	accepted_hs256(HS256_HEADER,
		       "{\"sub\":\"7\",\"dept\":\"Support\",\"iat\":1700000000,\"exp\":1700086400,\"x\":[1]}",
		       7);
}

static void test_keys(void **state)
{
	struct token_claims c = { .sub = 1, .dept = "Support", .iat = NOW, .exp = NOW + 60 };
	struct crm_error err = { 0 };
	char *token = NULL;
	char *good = sign_good();

	(void)state;
	assert_int_equal(jwt_sign(&token, &c, KEY, 0, &err), CRM_EINTERNAL);
	assert_null(token);
	assert_int_equal(jwt_verify(&c, good, KEY, 0, NOW, &err), CRM_EAUTH);
	assert_non_null(strstr(err.msg, "empty"));
	/* a token made with an empty key is refused too */
	token = forge(HS256_HEADER, GOOD_PAYLOAD, EVP_sha256(), (const unsigned char *)"", 0);
	refused(token, NULL);
	free(token);
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_expiry),
		cmocka_unit_test(test_tampering),
		cmocka_unit_test(test_algorithms),
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_payload_rules),
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
