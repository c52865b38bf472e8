#include "sec/password.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "util/base64.h"
#include "util/xalloc.h"

#define HASH_IDENT "$pbkdf2-sha256$"
#define KEY_BYTES 32
/* passlib allows salts up to 1024 bytes; nothing longer is a real hash. */
#define SALT_MAX_BYTES 1024

struct parsed_hash {
	unsigned rounds;
	unsigned char *salt;
	size_t salt_len;
	unsigned char *checksum;
	size_t checksum_len;
};

static void parsed_hash_free(struct parsed_hash *h)
{
	free(h->salt);
	free(h->checksum);
	h->salt = h->checksum = NULL;
}

static enum crm_code malformed(struct crm_error *err, const char *why)
{
	/* Never the hash itself: it is as good as the password to an
	 * offline attacker. */
	return crm_error_set(err, CRM_EINTERNAL, "stored password hash is malformed (%s)",
			     why);
}

/* passlib writes rounds in decimal without leading zeros, and so must the
 * stored text be. */
static enum crm_code parse_rounds(unsigned *out, const char *s, size_t len,
				  struct crm_error *err)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 10 || (s[0] == '0'))
		return malformed(err, "bad rounds");
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return malformed(err, "bad rounds");
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return malformed(err, "bad rounds");
	if (v > PASSWORD_ROUNDS_MAX)
		return crm_error_set(err, CRM_EINTERNAL,
				     "stored password hash asks for %llu rounds, more than the %u this program runs",
				     (unsigned long long)v, PASSWORD_ROUNDS_MAX);
	*out = (unsigned)v;
	return CRM_OK;
}

/* "$pbkdf2-sha256$ROUNDS$SALT$CHECKSUM" */
static enum crm_code hash_parse(struct parsed_hash *out, const char *stored,
				struct crm_error *err)
{
	const char *p = stored;
	const char *dollar;
	enum crm_code rc;

	memset(out, 0, sizeof *out);
	if (strncmp(p, HASH_IDENT, strlen(HASH_IDENT)) != 0)
		return malformed(err, "not a $pbkdf2-sha256$ hash");
	p += strlen(HASH_IDENT);
	dollar = strchr(p, '$');
	if (!dollar)
		return malformed(err, "no salt");
	rc = parse_rounds(&out->rounds, p, (size_t)(dollar - p), err);
	if (rc != CRM_OK)
		return rc;
	p = dollar + 1;
	dollar = strchr(p, '$');
	if (!dollar)
		return malformed(err, "no checksum");
	out->salt = ab64_decode(p, (size_t)(dollar - p), &out->salt_len);
	if (!out->salt || out->salt_len > SALT_MAX_BYTES) {
		parsed_hash_free(out);
		return malformed(err, "bad salt");
	}
	p = dollar + 1;
	out->checksum = ab64_decode(p, strlen(p), &out->checksum_len);
	if (!out->checksum || out->checksum_len != KEY_BYTES) {
		parsed_hash_free(out);
		return malformed(err, "bad checksum");
	}
	return CRM_OK;
}

static enum crm_code pbkdf2(unsigned char key[KEY_BYTES], const char *password,
			    const unsigned char *salt, size_t salt_len,
			    unsigned rounds, struct crm_error *err)
{
	size_t len = strlen(password);

	/* OpenSSL takes int lengths and counts. */
	if (len > INT_MAX || salt_len > INT_MAX || rounds == 0 || rounds > INT_MAX)
		return crm_error_set(err, CRM_EINTERNAL, "password hashing: bad parameters");
	if (PKCS5_PBKDF2_HMAC(password, (int)len, salt, (int)salt_len, (int)rounds,
			      EVP_sha256(), KEY_BYTES, key) != 1)
		return crm_error_set(err, CRM_EINTERNAL, "password hashing failed in OpenSSL");
	return CRM_OK;
}

enum crm_code password_hash(char **out, const char *password, unsigned rounds,
			    struct crm_error *err)
{
	unsigned char salt[PASSWORD_SALT_BYTES];
	unsigned char key[KEY_BYTES];
	char *salt64 = NULL;
	char *key64 = NULL;
	enum crm_code rc;

	if (rounds < 1 || rounds > PASSWORD_ROUNDS_MAX) {
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "password hashing: %u rounds is outside 1 to %u",
				   rounds, PASSWORD_ROUNDS_MAX);
		goto done;
	}
	if (RAND_bytes(salt, sizeof salt) != 1) {
		rc = crm_error_set(err, CRM_EINTERNAL,
				   "the system's random generator failed");
		goto done;
	}
	rc = pbkdf2(key, password, salt, sizeof salt, rounds, err);
	if (rc != CRM_OK)
		goto done;
	salt64 = ab64_encode(salt, sizeof salt);
	key64 = ab64_encode(key, sizeof key);
	*out = xasprintf(HASH_IDENT "%u$%s$%s", rounds, salt64, key64);
done:
	OPENSSL_cleanse(key, sizeof key);
	free(salt64);
	free(key64);
	return rc;
}

/* pad: on a mismatch, run the rounds the stored hash is short of
 * PASSWORD_ROUNDS too; on a match, ask for a rehash of a hash with more
 * rounds than PASSWORD_ROUNDS as well (see password.h). */
static enum crm_code verify(const char *password, const char *stored,
			    bool *needs_rehash, bool pad, struct crm_error *err)
{
	struct parsed_hash h;
	unsigned char key[KEY_BYTES];
	enum crm_code rc;

	if (needs_rehash)
		*needs_rehash = false;
	rc = hash_parse(&h, stored, err);
	if (rc != CRM_OK)
		return rc;
	rc = pbkdf2(key, password, h.salt, h.salt_len, h.rounds, err);
	if (rc != CRM_OK)
		goto done;
	if (CRYPTO_memcmp(key, h.checksum, KEY_BYTES) != 0) {
		/* Same salt length as the hash, so the extra rounds cost what
		 * they would have cost in the hash itself. */
		if (pad && h.rounds < PASSWORD_ROUNDS)
			(void)pbkdf2(key, password, h.salt, h.salt_len,
				     PASSWORD_ROUNDS - h.rounds, NULL);
		rc = crm_error_set(err, CRM_EAUTH, "wrong email or password");
		goto done;
	}
	if (needs_rehash)
		*needs_rehash = h.rounds < PASSWORD_ROUNDS ||
				h.salt_len < PASSWORD_SALT_BYTES ||
				(pad && h.rounds > PASSWORD_ROUNDS);
done:
	OPENSSL_cleanse(key, sizeof key);
	parsed_hash_free(&h);
	return rc;
}

enum crm_code password_verify(const char *password, const char *stored,
			      bool *needs_rehash, struct crm_error *err)
{
	return verify(password, stored, needs_rehash, false, err);
}

enum crm_code password_verify_even(const char *password, const char *stored,
				   bool *needs_rehash, struct crm_error *err)
{
	return verify(password, stored, needs_rehash, true, err);
}

void password_spend_equal_time(const char *password)
{
	static const unsigned char dummy_salt[PASSWORD_SALT_BYTES] =
		"epicevents-salt";
	unsigned char key[KEY_BYTES];

	/* The result is thrown away; only the time spent matters. */
	(void)pbkdf2(key, password, dummy_salt, sizeof dummy_salt, PASSWORD_ROUNDS,
		     NULL);
	OPENSSL_cleanse(key, sizeof key);
}
