#include "sec/jwt.h"

#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "util/base64.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAC_BYTES 32
/* Our tokens are about 200 bytes; anything near this is not one of ours. */
#define TOKEN_MAX_BYTES 4096
/* A token from a few minutes ahead is clock drift; further is forgery or
 * a badly wrong clock. */
#define IAT_SKEW_SECONDS 300

static enum crm_code invalid(struct crm_error *err, const char *why)
{
	return crm_error_set(err, CRM_EAUTH,
			     "session token is invalid (%s): log in again", why);
}

static enum crm_code mac_compute(unsigned char mac[MAC_BYTES],
				 const unsigned char *key, size_t key_len,
				 const char *data, size_t data_len)
{
	unsigned int mac_len = 0;

	if (key_len > INT_MAX)
		return CRM_EINTERNAL;
	if (!HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)data,
		  data_len, mac, &mac_len) || mac_len != MAC_BYTES)
		return CRM_EINTERNAL;
	return CRM_OK;
}

/* RFC 7519 says sub is a string; PyJWT >= 2.10 refuses anything else, so
 * the id is written as its decimal text. */
static json_t *claims_to_json(const struct token_claims *c)
{
	json_t *obj = json_object();
	char sub[24];
	json_t *dept;

	snprintf(sub, sizeof sub, "%" PRId64, c->sub);
	dept = json_stringn(c->dept, strnlen(c->dept, sizeof c->dept));
	if (!dept) {
		json_decref(obj);
		return NULL;
	}
	json_object_set_new(obj, "sub", json_string(sub));
	json_object_set_new(obj, "dept", dept);
	json_object_set_new(obj, "iat", json_integer(c->iat));
	json_object_set_new(obj, "exp", json_integer(c->exp));
	if (c->jti[0])
		json_object_set_new(obj, "jti", json_stringn(c->jti, strnlen(c->jti, sizeof c->jti)));
	return obj;
}

static void put_segment(struct strbuf *sb, const void *data, size_t len)
{
	char *part = base64url_encode(data, len);

	if (sb->len)
		strbuf_putc(sb, '.');
	strbuf_puts(sb, part);
	free(part);
}

enum crm_code jwt_sign(char **out, const struct token_claims *claims,
		       const unsigned char *key, size_t key_len,
		       struct crm_error *err)
{
	static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
	struct strbuf sb = STRBUF_INIT;
	unsigned char mac[MAC_BYTES];
	json_t *payload = NULL;
	char *payload_text = NULL;
	enum crm_code rc = CRM_EINTERNAL;

	if (key_len == 0) {
		crm_error_set(err, rc, "cannot sign a session token with an empty key");
		goto done;
	}
	payload = claims_to_json(claims);
	payload_text = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
	if (!payload_text) {
		crm_error_set(err, rc,
			      "cannot encode the session token (department is not valid UTF-8)");
		goto done;
	}
	put_segment(&sb, header, strlen(header));
	put_segment(&sb, payload_text, strlen(payload_text));
	if (mac_compute(mac, key, key_len, sb.buf, sb.len) != CRM_OK) {
		crm_error_set(err, rc, "cannot sign the session token: HMAC failed");
		goto done;
	}
	put_segment(&sb, mac, sizeof mac);
	*out = strbuf_detach(&sb);
	rc = CRM_OK;
done:
	OPENSSL_cleanse(mac, sizeof mac);
	free(payload_text);
	json_decref(payload);
	strbuf_free(&sb);
	return rc;
}

/* Decodes one base64url segment into a JSON object, refusing duplicate
 * keys: with two "exp" or two "alg", which one counts would depend on the
 * reader. */
static json_t *segment_to_object(const char *text, size_t len)
{
	unsigned char *raw;
	size_t raw_len;
	json_t *obj;

	raw = base64url_decode(text, len, &raw_len);
	if (!raw)
		return NULL;
	obj = json_loadb((const char *)raw, raw_len, JSON_REJECT_DUPLICATES, NULL);
	free(raw);
	if (obj && !json_is_object(obj)) {
		json_decref(obj);
		obj = NULL;
	}
	return obj;
}

/* Only HS256 is ever accepted, whatever the token asks for: taking the
 * algorithm from the token is the classic "alg: none" hole. */
static const char *header_problem(const json_t *header)
{
	const json_t *alg = json_object_get(header, "alg");
	const json_t *typ = json_object_get(header, "typ");

	if (!json_is_string(alg))
		return "no algorithm";
	if (strcmp(json_string_value(alg), "HS256") != 0 ||
	    json_string_length(alg) != 5)
		return "algorithm is not HS256";
	if (typ && (!json_is_string(typ) || strcmp(json_string_value(typ), "JWT") != 0))
		return "type is not JWT";
	/* RFC 7515 4.1.11: extensions we do not know must be refused. */
	if (json_object_get(header, "crit"))
		return "unknown critical header";
	return NULL;
}

/* sub: a positive integer, or its canonical decimal text (RFC 7519). */
static bool read_sub(int64_t *out, const json_t *sub)
{
	const char *s;
	int64_t v = 0;
	size_t i;
	size_t len;

	if (json_is_integer(sub)) {
		v = json_integer_value(sub);
		if (v <= 0)
			return false;
		*out = v;
		return true;
	}
	if (!json_is_string(sub))
		return false;
	s = json_string_value(sub);
	len = json_string_length(sub);
	if (len == 0 || len > 18 || s[0] == '0')
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static enum crm_code read_claims(struct token_claims *out, const json_t *p,
				 int64_t now, struct crm_error *err)
{
	const json_t *dept = json_object_get(p, "dept");
	const json_t *iat = json_object_get(p, "iat");
	const json_t *exp = json_object_get(p, "exp");
	const json_t *nbf = json_object_get(p, "nbf");
	struct token_claims c;

	memset(&c, 0, sizeof c);
	if (!read_sub(&c.sub, json_object_get(p, "sub")))
		return invalid(err, "no valid subject");
	if (!json_is_integer(iat) || !json_is_integer(exp))
		return invalid(err, "no issue or expiry time");
	if (!json_is_string(dept) || json_string_length(dept) >= sizeof c.dept)
		return invalid(err, "no valid department");
	if (nbf && !json_is_integer(nbf))
		return invalid(err, "bad not-before time");
	c.iat = json_integer_value(iat);
	c.exp = json_integer_value(exp);
	memcpy(c.dept, json_string_value(dept), json_string_length(dept));
	if (c.exp <= now)
		return crm_error_set(err, CRM_EAUTH, "session expired: log in again");
	if (c.iat > now + IAT_SKEW_SECONDS ||
	    (nbf && json_integer_value(nbf) > now + IAT_SKEW_SECONDS))
		return invalid(err, "issued in the future");
	*out = c;
	return CRM_OK;
}

/* Splits "h.p.s" into exactly three non-empty parts. */
static bool split_token(const char *token, size_t len, size_t *dot1,
			size_t *dot2)
{
	const char *a = memchr(token, '.', len);
	const char *b;

	if (!a)
		return false;
	b = memchr(a + 1, '.', len - (size_t)(a + 1 - token));
	if (!b || memchr(b + 1, '.', len - (size_t)(b + 1 - token)))
		return false;
	*dot1 = (size_t)(a - token);
	*dot2 = (size_t)(b - token);
	return *dot1 > 0 && *dot2 > *dot1 + 1 && *dot2 + 1 < len;
}

enum crm_code jwt_verify(struct token_claims *out, const char *token,
			 const unsigned char *key, size_t key_len, int64_t now,
			 struct crm_error *err)
{
	unsigned char mac[MAC_BYTES];
	unsigned char *sig = NULL;
	size_t sig_len = 0;
	json_t *header = NULL;
	json_t *payload = NULL;
	size_t len;
	size_t dot1;
	size_t dot2;
	const char *why;
	enum crm_code rc;

	if (key_len == 0) {
		rc = crm_error_set(err, CRM_EAUTH,
				   "session token cannot be checked: the session key is empty");
		goto done;
	}
	len = strnlen(token, TOKEN_MAX_BYTES + 1);
	if (len > TOKEN_MAX_BYTES || !split_token(token, len, &dot1, &dot2)) {
		rc = invalid(err, "not three parts");
		goto done;
	}
	/* The signature first: nothing in the token is parsed as JSON before
	 * it is known to come from us. */
	sig = base64url_decode(token + dot2 + 1, len - dot2 - 1, &sig_len);
	if (!sig || sig_len != MAC_BYTES ||
	    mac_compute(mac, key, key_len, token, dot2) != CRM_OK ||
	    CRYPTO_memcmp(mac, sig, MAC_BYTES) != 0) {
		rc = invalid(err, "bad signature");
		goto done;
	}
	header = segment_to_object(token, dot1);
	why = header ? header_problem(header) : "bad header";
	if (why) {
		rc = invalid(err, why);
		goto done;
	}
	payload = segment_to_object(token + dot1 + 1, dot2 - dot1 - 1);
	if (!payload) {
		rc = invalid(err, "bad payload");
		goto done;
	}
	rc = read_claims(out, payload, now, err);
done:
	OPENSSL_cleanse(mac, sizeof mac);
	free(sig);
	json_decref(header);
	json_decref(payload);
	return rc;
}
